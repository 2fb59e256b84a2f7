/// One condition of a modification: an atomic edit of the reference scene. A query's target is
/// the reference with all of its conditions applied; every condition is stated relative to the
/// reference (objects are named as they look there).
public enum SynthChange: Sendable, Hashable {
    case color(object: Int, SynthColor)
    case shape(object: Int, SynthShape)
    case size(object: Int, SynthSize)
    case texture(object: Int, SynthTexture)
    case move(object: Int, GridCell)
    /// Adds a fully described object (its id is fresh for the reference).
    case add(SceneObject)
    case remove(object: Int)

    /// The attribute a change edits, used to keep the conditions of one query independent.
    public enum Attribute: Sendable, Hashable, CaseIterable { case color, shape, size, texture, position, existence }

    /// The edited object's id (the new object's for `.add`).
    public var objectID: Int {
        switch self {
        case .color(let id, _), .shape(let id, _), .size(let id, _), .texture(let id, _), .move(let id, _), .remove(let id):
            id
        case .add(let o): o.id
        }
    }

    /// What the change edits.
    public var attribute: Attribute {
        switch self {
        case .color: .color
        case .shape: .shape
        case .size: .size
        case .texture: .texture
        case .move: .position
        case .add, .remove: .existence
        }
    }

    /// A short name of the kind of change ("color", "shape", "size", "texture", "position",
    /// "add", "remove"), for reports split by kind.
    public var kindName: String {
        switch self {
        case .color: "color"
        case .shape: "shape"
        case .size: "size"
        case .texture: "texture"
        case .move: "position"
        case .add: "add"
        case .remove: "remove"
        }
    }

    /// The scene with this change made. Editing an object the scene lacks is a no-op.
    public func apply(to scene: SynthScene) -> SynthScene {
        var s = scene
        switch self {
        case .add(let o):
            s.objects.append(o)
        case .remove(let id):
            s.objects.removeAll { $0.id == id }
        default:
            guard let i = s.objects.firstIndex(where: { $0.id == objectID }) else { return s }
            switch self {
            case .color(_, let v): s.objects[i].color = v
            case .shape(_, let v): s.objects[i].shape = v
            case .size(_, let v): s.objects[i].size = v
            case .texture(_, let v): s.objects[i].texture = v
            case .move(_, let v): s.objects[i].cell = v
            case .add, .remove: break
            }
        }
        return s
    }

    /// Whether `candidate` satisfies this condition, objects being matched by id (every image of
    /// a query's group is derived from the same reference, so ids are comparable).
    public func isSatisfied(by candidate: SynthScene) -> Bool {
        switch self {
        case .color(let id, let v): candidate.object(id: id)?.color == v
        case .shape(let id, let v): candidate.object(id: id)?.shape == v
        case .size(let id, let v): candidate.object(id: id)?.size == v
        case .texture(let id, let v): candidate.object(id: id)?.texture == v
        case .move(let id, let v): candidate.object(id: id)?.cell == v
        case .remove(let id): candidate.object(id: id) == nil
        case .add(let o):
            candidate.object(id: o.id).map {
                $0.shape == o.shape && $0.color == o.color && $0.size == o.size && $0.texture == o.texture && $0.cell == o.cell
            } ?? false
        }
    }
}

extension SynthScene {
    /// The scene with `changes` applied in order.
    public func applying(_ changes: [SynthChange]) -> SynthScene {
        changes.reduce(self) { $1.apply(to: $0) }
    }
}
