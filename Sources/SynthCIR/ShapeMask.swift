/// The footprint of one placed object, in "fine units" (see `SceneRenderer`): integer-only
/// inside tests, so rendering gives the same pixels on every platform.
struct ShapeMask {
    let shape: SynthShape
    /// Bounding radius in fine units; shape tables are in thousandths of it.
    let radius: Int
    /// Polygon vertices relative to the centre, in fine units (empty for non-polygon shapes).
    private let polygon: [(x: Int, y: Int)]

    init(shape: SynthShape, radius: Int) {
        self.shape = shape
        self.radius = radius
        polygon = ShapeMask.table(shape).map { (x: $0.0 * radius / 1000, y: $0.1 * radius / 1000) }
    }

    /// Half the side of a square that contains the shape, with a margin.
    var extent: Int { radius * 1100 / 1000 }

    /// Whether the point `(dx, dy)` (fine units from the centre, y down) is inside.
    func contains(_ dx: Int, _ dy: Int) -> Bool {
        let r = radius
        switch shape {
        case .circle:
            let cr = r * 950 / 1000
            return dx * dx + dy * dy <= cr * cr
        case .square:
            let h = r * 820 / 1000
            return abs(dx) <= h && abs(dy) <= h
        case .diamond:
            return abs(dx) + abs(dy) <= r * 1050 / 1000
        case .cross:
            let arm = r * 340 / 1000
            return (abs(dx) <= arm && abs(dy) <= r) || (abs(dy) <= arm && abs(dx) <= r)
        case .heart:
            let lobe = r * 520 / 1000, lx = r * 480 / 1000, ly = -r * 330 / 1000
            let (ax, bx, y) = (dx - lx, dx + lx, dy - ly)
            return ax * ax + y * y <= lobe * lobe || bx * bx + y * y <= lobe * lobe || insidePolygon(dx, dy)
        case .triangle, .star:
            return insidePolygon(dx, dy)
        }
    }

    /// Non-zero winding rule with integer cross products.
    private func insidePolygon(_ x: Int, _ y: Int) -> Bool {
        var winding = 0
        for i in polygon.indices {
            let a = polygon[i], b = polygon[(i + 1) % polygon.count]
            let side = (b.x - a.x) * (y - a.y) - (x - a.x) * (b.y - a.y)
            if a.y <= y {
                if b.y > y && side > 0 { winding += 1 }
            } else if b.y <= y && side < 0 {
                winding -= 1
            }
        }
        return winding != 0
    }

    /// Vertex tables in thousandths of the bounding radius (y down). The star's points are
    /// cos/sin values written out, so no libm rounding can differ between machines.
    private static func table(_ shape: SynthShape) -> [(Int, Int)] {
        switch shape {
        case .triangle:
            return [(0, -1000), (1050, 820), (-1050, 820)]
        case .star:
            // Outer points at radius 1050 every 72° from straight up, inner ones at 440 between them.
            return [(0, -1050), (259, -356), (999, -324), (418, 136), (617, 849),
                    (0, 440), (-617, 849), (-418, 136), (-999, -324), (-259, -356)]
        case .heart:
            // The lower point; the two lobes are circles.
            return [(-960, -150), (960, -150), (0, 950)]
        case .circle, .square, .diamond, .cross:
            return []
        }
    }
}
