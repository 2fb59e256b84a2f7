/// Composites straight (non-premultiplied) alpha over a solid background with Pillow's
/// `paste(im, mask=alpha)` arithmetic: `DIV255(bg * (255 - a) + fg * a)` where
/// `DIV255(v) = ((v + 128) >> 8 + (v + 128)) >> 8` (ImagingUtils.h `BLEND`).
enum AlphaCompositor {
    static func composite(_ image: RGBImage, alpha: [UInt8], over background: RGBColor) -> RGBImage {
        precondition(alpha.count == image.width * image.height)
        var out = image
        let bg = [UInt32(background.red), UInt32(background.green), UInt32(background.blue)]
        out.pixels.withUnsafeMutableBufferPointer { px in
            alpha.withUnsafeBufferPointer { a in
                for i in 0..<a.count {
                    let m = UInt32(a[i])
                    for c in 0..<3 {
                        let v = bg[c] * (255 - m) + UInt32(px[i * 3 + c]) * m + 128
                        px[i * 3 + c] = UInt8(((v >> 8) + v) >> 8)
                    }
                }
            }
        }
        return out
    }
}
