/// The rules that keep a list of changes meaningful against its reference, for a query's
/// conditions and for every hard negative's edits alike:
/// - an attribute change names an object of the reference and really changes the value;
/// - no (object, attribute) pair is edited twice, and a removed object is not edited;
/// - moved and added objects go to cells that are empty in the reference and distinct, so any
///   subset of the changes is again a valid scene (the partial hard negatives rely on that);
/// - at least one reference object survives the removals, and the additions never push the
///   object count past `maxObjects` even if no removal happens.
enum ChangeSet {
    static func isValid(_ changes: [SynthChange], reference: SynthScene, maxObjects: Int) -> Bool {
        var touched = Set<Int>()  // objects with an attribute edit
        var edited = Set<EditKey>()
        var destinations = Set<GridCell>()
        var addedIDs = Set<Int>()
        var removed = Set<Int>()
        for change in changes {
            switch change {
            case .add(let o):
                guard reference.object(id: o.id) == nil, addedIDs.insert(o.id).inserted,
                      !reference.isOccupied(o.cell), destinations.insert(o.cell).inserted else { return false }
            case .remove(let id):
                guard reference.object(id: id) != nil, !touched.contains(id), removed.insert(id).inserted else { return false }
            default:
                guard let o = reference.object(id: change.objectID), !removed.contains(o.id),
                      edited.insert(EditKey(id: o.id, attribute: change.attribute)).inserted else { return false }
                touched.insert(o.id)
                switch change {
                case .color(_, let v): guard v != o.color else { return false }
                case .shape(_, let v): guard v != o.shape else { return false }
                case .size(_, let v): guard v != o.size else { return false }
                case .texture(_, let v): guard v != o.texture else { return false }
                case .move(_, let cell):
                    guard !reference.isOccupied(cell), destinations.insert(cell).inserted else { return false }
                case .add, .remove: break
                }
            }
        }
        return reference.objects.count - removed.count >= 1 && reference.objects.count + addedIDs.count <= maxObjects
    }

    private struct EditKey: Hashable {
        let id: Int
        let attribute: SynthChange.Attribute
    }

    /// Conditions of `changes` that `candidate` does not satisfy (indices into `changes`).
    static func failed(_ changes: [SynthChange], by candidate: SynthScene) -> [Int] {
        changes.indices.filter { !changes[$0].isSatisfied(by: candidate) }
    }
}
