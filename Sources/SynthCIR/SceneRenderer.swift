/// Rasterises scenes with integer arithmetic only (so every machine produces the same pixels).
///
/// Geometry is computed in fine units: a pixel is `2 * supersampling` fine units wide and its
/// `supersampling²` samples sit at odd fine coordinates, so a sample never lies on a pixel
/// border. A pixel's value is the rounded mean of its samples (box-filter anti-aliasing).
public enum SceneRenderer {
    /// Renders `scene` as a `size`×`size` RGB image.
    /// - Parameters:
    ///   - size: image side in pixels (≥ 16; textures read well from 64 up).
    ///   - supersampling: samples per pixel side (1 disables anti-aliasing; default 4).
    public static func render(_ scene: SynthScene, size: Int, supersampling: Int = 4) -> SynthRaster {
        precondition(size >= 16 && supersampling >= 1, "SceneRenderer: size \(size), supersampling \(supersampling)")
        let fine = 2 * supersampling
        let extent = size * fine
        let cellSide = extent / 3
        let unit = max(1, extent / 64)
        let placed = scene.objects.map { PlacedObject($0, cellSide: cellSide, extent: extent, fine: fine) }

        var pixels = [UInt8](repeating: 0, count: size * size * 3)
        let samples = supersampling * supersampling
        let bg = scene.background
        for py in 0..<size {
            for px in 0..<size {
                let x0 = px * fine, y0 = py * fine
                var sum = (r: 0, g: 0, b: 0)
                if !placed.contains(where: { $0.overlaps(x0: x0, y0: y0, side: fine) }) {
                    sum = (Int(bg.r) * samples, Int(bg.g) * samples, Int(bg.b) * samples)
                } else {
                    for sy in 0..<supersampling {
                        for sx in 0..<supersampling {
                            let x = x0 + 2 * sx + 1, y = y0 + 2 * sy + 1
                            var c = bg
                            for object in placed where object.overlaps(x0: x0, y0: y0, side: fine) {
                                if let hit = object.color(atX: x, y: y, unit: unit) { c = hit; break }
                            }
                            sum.r += Int(c.r); sum.g += Int(c.g); sum.b += Int(c.b)
                        }
                    }
                }
                let o = (py * size + px) * 3
                pixels[o] = UInt8((sum.r + samples / 2) / samples)
                pixels[o + 1] = UInt8((sum.g + samples / 2) / samples)
                pixels[o + 2] = UInt8((sum.b + samples / 2) / samples)
            }
        }
        return SynthRaster(width: size, height: size, pixels: pixels)
    }

    /// An object with its centre and mask resolved to fine units.
    private struct PlacedObject {
        let cx: Int
        let cy: Int
        let mask: ShapeMask
        let texture: SynthTexture
        let fill: RGB8
        let pattern: RGB8

        init(_ o: SceneObject, cellSide: Int, extent: Int, fine: Int) {
            let radius = cellSide * o.size.radiusPercent / 100
            // Jitter moves the object within its cell, keeping one pixel of margin.
            let slack = max(0, cellSide / 2 - radius * 1100 / 1000 - fine)
            cx = (2 * o.cell.column + 1) * extent / 6 + o.jitterX * slack / 1000
            cy = (2 * o.cell.row + 1) * extent / 6 + o.jitterY * slack / 1000
            mask = ShapeMask(shape: o.shape, radius: radius)
            texture = o.texture
            fill = o.color.rgb
            pattern = o.color.patternRGB
        }

        func overlaps(x0: Int, y0: Int, side: Int) -> Bool {
            let e = mask.extent
            return x0 + side > cx - e && x0 < cx + e && y0 + side > cy - e && y0 < cy + e
        }

        func color(atX x: Int, y: Int, unit: Int) -> RGB8? {
            let dx = x - cx, dy = y - cy
            guard mask.contains(dx, dy) else { return nil }
            return TexturePattern.isPattern(texture, dx: dx, dy: dy, unit: unit) ? pattern : fill
        }
    }
}
