/// One object of a scene. `id` is identity across the scenes derived from one reference (a
/// change names the object it edits by id); it never appears in text or pixels.
public struct SceneObject: Sendable, Hashable {
    /// Unique within a scene; an added object gets an id its reference does not use.
    public var id: Int
    public var shape: SynthShape
    public var color: SynthColor
    public var size: SynthSize
    public var texture: SynthTexture
    public var cell: GridCell
    /// Horizontal offset from the cell centre as a share of the free margin, in `-1000...1000`
    /// (thousandths). A nuisance that edits keep, so scenes derived from one reference look alike.
    public var jitterX: Int
    /// Vertical offset, as `jitterX`.
    public var jitterY: Int

    public init(id: Int, shape: SynthShape, color: SynthColor, size: SynthSize, texture: SynthTexture,
                cell: GridCell, jitterX: Int = 0, jitterY: Int = 0) {
        precondition((-1000...1000).contains(jitterX) && (-1000...1000).contains(jitterY), "jitter outside -1000...1000")
        self.id = id
        self.shape = shape
        self.color = color
        self.size = size
        self.texture = texture
        self.cell = cell
        self.jitterX = jitterX
        self.jitterY = jitterY
    }

    /// The object as a caption names it, without article or position: "large red striped circle"
    /// ("solid" is left out).
    public var description: String {
        var words = [size.word, color.word]
        if texture != .solid { words.append(texture.word) }
        words.append(shape.word)
        return words.joined(separator: " ")
    }

    /// What the object looks like, ignoring identity and jitter: two scenes with equal keys are
    /// the same answer to any query.
    var semanticCode: UInt16 {
        UInt16(1 + shape.rawValue + 7 * (color.rawValue + 10 * (size.rawValue + 2 * texture.rawValue)))
    }
}
