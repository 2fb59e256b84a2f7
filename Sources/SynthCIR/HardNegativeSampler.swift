/// Draws a query's hard negatives: scenes derived from the same reference (same background,
/// same jitter, mostly the same objects) that each fail at least one of the query's conditions.
/// Four kinds, so that neither the image nor the text alone separates them from the target:
/// - partial: a proper subset of the conditions (close to the reference, half right);
/// - wrong value: one condition with another value ("blue" where the text says "red");
/// - wrong object: one condition applied to another object of the scene;
/// - unrelated: one edit the text does not ask for (closest of all to the reference).
struct HardNegativeSampler {
    let reference: SynthScene
    let conditions: [SynthChange]
    let maxObjects: Int

    enum Kind: CaseIterable { case partial, wrongValue, wrongObject, unrelated }

    /// Up to `count` change lists whose scenes are pairwise distinct, distinct from the
    /// reference and target, absent from `usedKeys`, and each fail a condition.
    func sample(count: Int, usedKeys: Set<SceneKey>, rng: inout SplitMix64) -> [[SynthChange]] {
        let target = reference.applying(conditions)
        var seen = usedKeys
        seen.insert(reference.key)
        seen.insert(target.key)
        var accepted: [[SynthChange]] = []
        // Each kind gets a first chance in random order, then random kinds fill the rest.
        var order = Kind.allCases
        rng.shuffle(&order)
        var attempt = 0
        while accepted.count < count && attempt < 24 + 4 * count {
            let kind = attempt < order.count ? order[attempt] : rng.pick(Kind.allCases)
            attempt += 1
            guard let changes = draw(kind, rng: &rng),
                  ChangeSet.isValid(changes, reference: reference, maxObjects: maxObjects) else { continue }
            let scene = reference.applying(changes)
            guard !ChangeSet.failed(conditions, by: scene).isEmpty, seen.insert(scene.key).inserted else { continue }
            accepted.append(changes)
        }
        return accepted
    }

    private func draw(_ kind: Kind, rng: inout SplitMix64) -> [SynthChange]? {
        switch kind {
        case .partial:
            guard conditions.count >= 2 else { return nil }
            let keep = 1 + rng.below(conditions.count - 1)
            var indices = Array(conditions.indices)
            rng.shuffle(&indices)
            let kept = Set(indices.prefix(keep))
            return conditions.indices.filter(kept.contains).map { conditions[$0] }
        case .wrongValue:
            let i = rng.below(conditions.count)
            guard let alternative = otherValue(for: conditions[i], rng: &rng) else { return nil }
            return replacing(i, with: alternative)
        case .wrongObject:
            let i = rng.below(conditions.count)
            guard let alternative = otherObject(for: conditions[i], rng: &rng) else { return nil }
            return replacing(i, with: alternative)
        case .unrelated:
            let conditionEdits = Set(conditions.map { EditKey(id: $0.objectID, attribute: $0.attribute) })
            guard let change = ChangeSampler.randomChange(reference: reference, existing: [], rng: &rng),
                  !conditionEdits.contains(EditKey(id: change.objectID, attribute: change.attribute)) else { return nil }
            return [change]
        }
    }

    private struct EditKey: Hashable {
        let id: Int
        let attribute: SynthChange.Attribute
    }

    private func replacing(_ i: Int, with change: SynthChange) -> [SynthChange] {
        var out = conditions
        out[i] = change
        return out
    }

    /// The same kind of change on the same object with another new value.
    private func otherValue(for change: SynthChange, rng: inout SplitMix64) -> SynthChange? {
        let others = conditions.filter { $0 != change }
        switch change {
        case .color(let id, let v):
            guard let o = reference.object(id: id) else { return nil }
            return .color(object: id, rng.pick(SynthColor.allCases.filter { $0 != v && $0 != o.color }))
        case .shape(let id, let v):
            guard let o = reference.object(id: id) else { return nil }
            return .shape(object: id, rng.pick(SynthShape.allCases.filter { $0 != v && $0 != o.shape }))
        case .texture(let id, let v):
            guard let o = reference.object(id: id) else { return nil }
            return .texture(object: id, rng.pick(SynthTexture.allCases.filter { $0 != v && $0 != o.texture }))
        case .size:
            return nil  // two sizes: the only other value is no change at all
        case .move(let id, _):
            guard let cell = ChangeSampler.freeCell(reference: reference, existing: conditions, rng: &rng) else { return nil }
            return .move(object: id, cell)
        case .add(var o):
            switch rng.below(5) {
            case 0: o.color = rng.pick(SynthColor.allCases.filter { $0 != o.color })
            case 1: o.shape = rng.pick(SynthShape.allCases.filter { $0 != o.shape })
            case 2: o.size = o.size == .small ? .large : .small
            case 3: o.texture = rng.pick(SynthTexture.allCases.filter { $0 != o.texture })
            default:
                guard let cell = ChangeSampler.freeCell(reference: reference, existing: conditions, rng: &rng) else { return nil }
                o.cell = cell
            }
            return .add(o)
        case .remove(let id):
            let candidates = reference.objects.filter { o in o.id != id && !others.contains { $0.objectID == o.id } }
            return candidates.isEmpty ? nil : .remove(object: rng.pick(candidates).id)
        }
    }

    /// The same edit applied to another object of the reference.
    private func otherObject(for change: SynthChange, rng: inout SplitMix64) -> SynthChange? {
        let candidates = reference.objects.filter { $0.id != change.objectID }
        guard !candidates.isEmpty else { return nil }
        let other = rng.pick(candidates).id
        switch change {
        case .color(_, let v): return .color(object: other, v)
        case .shape(_, let v): return .shape(object: other, v)
        case .size(_, let v): return .size(object: other, v)
        case .texture(_, let v): return .texture(object: other, v)
        case .move(_, let cell): return .move(object: other, cell)
        case .remove: return .remove(object: other)
        case .add: return nil
        }
    }
}
