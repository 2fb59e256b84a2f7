/// Which of an object's two tones a point takes: the fill or the lighter pattern colour.
/// Patterns are anchored at the object's centre, so they move with it, and scale with the
/// image (sizes are given for a 64-pixel image; `unit` is one such pixel in fine units).
enum TexturePattern {
    /// True where the pattern colour shows at `(dx, dy)` fine units from the object's centre.
    static func isPattern(_ texture: SynthTexture, dx: Int, dy: Int, unit: Int) -> Bool {
        switch texture {
        case .solid:
            return false
        case .striped:
            // Diagonal bands 2.5 px wide along x + y.
            return floorMod(floorDiv(dx + dy, unit * 5 / 2), 2) == 1
        case .dotted:
            // Dots of radius 1.5 px every 5 px, one on the centre.
            let spacing = unit * 5, radius = unit * 3 / 2
            let mx = floorMod(dx + spacing / 2, spacing) - spacing / 2
            let my = floorMod(dy + spacing / 2, spacing) - spacing / 2
            return mx * mx + my * my <= radius * radius
        case .checkered:
            // 2.5 px squares.
            let side = unit * 5 / 2
            return floorMod(floorDiv(dx, side) + floorDiv(dy, side), 2) == 1
        }
    }

    static func floorDiv(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    static func floorMod(_ a: Int, _ b: Int) -> Int { a - floorDiv(a, b) * b }
}
