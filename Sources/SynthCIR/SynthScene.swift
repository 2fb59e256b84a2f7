/// A rendered world state: a background tint and one to nine objects, each in its own grid cell.
public struct SynthScene: Sendable, Hashable {
    /// The background fill, a light tint (a nuisance: never mentioned in text).
    public var background: RGB8
    /// The objects, in creation order (ids ascending, added objects last).
    public var objects: [SceneObject]

    public init(background: RGB8, objects: [SceneObject]) {
        self.background = background
        self.objects = objects
    }

    /// The object with this id, if present.
    public func object(id: Int) -> SceneObject? { objects.first { $0.id == id } }

    /// The object in this cell, if any.
    public func object(in cell: GridCell) -> SceneObject? { objects.first { $0.cell == cell } }

    /// True when some object sits in `cell`.
    public func isOccupied(_ cell: GridCell) -> Bool { objects.contains { $0.cell == cell } }

    /// An id no object of this scene uses.
    public var nextID: Int { (objects.map(\.id).max() ?? -1) + 1 }

    /// What the scene shows, up to identity, jitter and background: per cell, the object's
    /// shape, colour, size and texture (0 for an empty cell). The benchmark never holds two
    /// images with the same key, so every query has exactly one correct image.
    public var key: SceneKey {
        var codes = [UInt16](repeating: 0, count: GridCell.count)
        for o in objects { codes[o.cell.index] = o.semanticCode }
        return SceneKey(codes: codes)
    }
}

/// The semantic identity of a scene (see `SynthScene.key`).
public struct SceneKey: Sendable, Hashable {
    /// One code per grid cell, 0 for empty.
    public let codes: [UInt16]
}
