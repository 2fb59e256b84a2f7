/// Draws the conditions of a query: `n` valid, independent changes of a reference.
enum ChangeSampler {
    /// Relative frequency of each kind of change: color, shape, size, texture, position, add,
    /// remove. Size has only two values and add/remove reshape the scene, so they are rarer.
    static let kindWeights = [3, 3, 2, 3, 3, 2, 2]

    /// `n` changes satisfying `ChangeSet.isValid`, or nil when the reference cannot take them.
    static func sample(_ n: Int, reference: SynthScene, maxObjects: Int, rng: inout SplitMix64) -> [SynthChange]? {
        var changes: [SynthChange] = []
        var attempts = 0
        while changes.count < n && attempts < 60 {
            attempts += 1
            guard let c = randomChange(reference: reference, existing: changes, rng: &rng) else { continue }
            if ChangeSet.isValid(changes + [c], reference: reference, maxObjects: maxObjects) { changes.append(c) }
        }
        return changes.count == n ? changes : nil
    }

    /// One random change of `reference` (not necessarily valid next to `existing`).
    static func randomChange(reference: SynthScene, existing: [SynthChange], rng: inout SplitMix64) -> SynthChange? {
        let object = rng.pick(reference.objects)
        switch rng.weightedIndex(kindWeights) {
        case 0: return .color(object: object.id, rng.pick(SynthColor.allCases.filter { $0 != object.color }))
        case 1: return .shape(object: object.id, rng.pick(SynthShape.allCases.filter { $0 != object.shape }))
        case 2: return .size(object: object.id, object.size == .small ? .large : .small)
        case 3: return .texture(object: object.id, rng.pick(SynthTexture.allCases.filter { $0 != object.texture }))
        case 4:
            guard let cell = freeCell(reference: reference, existing: existing, rng: &rng) else { return nil }
            return .move(object: object.id, cell)
        case 5:
            guard let cell = freeCell(reference: reference, existing: existing, rng: &rng) else { return nil }
            let id = reference.nextID + existing.filter { if case .add = $0 { true } else { false } }.count
            return .add(SceneSampler.randomObject(id: id, cell: cell, rng: &rng))
        default:
            return .remove(object: object.id)
        }
    }

    /// A random cell that is empty in the reference and not yet a destination of `existing`.
    static func freeCell(reference: SynthScene, existing: [SynthChange], rng: inout SplitMix64) -> GridCell? {
        let taken = Set(existing.compactMap { change -> GridCell? in
            switch change {
            case .move(_, let cell): cell
            case .add(let o): o.cell
            default: nil
            }
        })
        let free = GridCell.all.filter { !reference.isOccupied($0) && !taken.contains($0) }
        return free.isEmpty ? nil : rng.pick(free)
    }
}
