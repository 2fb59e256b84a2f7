/// Builds one split's scenes, names and texts. Every random choice of a group comes from the
/// group's own stream, so groups do not depend on each other except through the benchmark-wide
/// set of used scene keys (which only matters on a rare collision).
struct SplitBuilder {
    let config: SynthConfig
    let split: SynthSplit

    /// The split, with every scene's key added to `usedKeys` (and none of them in it before).
    func build(usedKeys: inout Set<SceneKey>) throws(SynthError) -> SynthSplitData {
        let size = config.size(of: split)
        var images: [SynthImage] = []
        var queries: [QueryDraft] = []
        for g in 0..<size.groups {
            let group = try sampleGroup(g, usedKeys: &usedKeys)
            images += group.images
            queries += group.queries
        }
        for d in 0..<size.distractors {
            images.append(try sampleDistractor(d, usedKeys: &usedKeys))
        }
        let finished = queries.enumerated().map { i, q in
            SynthQuery(id: "q" + padded(i, 6), pairID: i, group: q.group, reference: q.reference, target: q.target,
                       caption: q.text.text, nounPhrases: q.text.nounPhrases, conditions: q.conditions,
                       conditionTexts: q.text.clauses, members: q.members, isPrimary: q.isPrimary)
        }
        return SynthSplitData(split: split, images: images, queries: finished)
    }

    private struct QueryDraft {
        let group: Int
        let reference: String
        let target: String
        let text: ModificationText
        let conditions: [SynthChange]
        let members: [String]
        let isPrimary: Bool
    }

    private func sampleGroup(_ g: Int, usedKeys: inout Set<SceneKey>) throws(SynthError) -> (images: [SynthImage], queries: [QueryDraft]) {
        var rng = SplitMix64(seed: config.seed, stream: split.streamTag, 0, UInt64(g))
        let n = 1 + g % config.maxConditions
        for _ in 0..<200 {
            let reference = SceneSampler.scene(maxObjects: config.maxObjects, rng: &rng)
            guard !usedKeys.contains(reference.key),
                  let conditions = ChangeSampler.sample(n, reference: reference, maxObjects: config.maxObjects, rng: &rng)
            else { continue }
            let target = reference.applying(conditions)
            guard !usedKeys.contains(target.key) else { continue }
            let sampler = HardNegativeSampler(reference: reference, conditions: conditions, maxObjects: config.maxObjects)
            let negatives = sampler.sample(count: config.hardNegativesPerQuery, usedKeys: usedKeys, rng: &rng)
            guard negatives.count == config.hardNegativesPerQuery else { continue }
            return assemble(g, reference: reference, conditions: conditions, negatives: negatives,
                            usedKeys: &usedKeys, rng: &rng)
        }
        throw .samplingFailed("\(split.rawValue) group \(g) (\(n) conditions, \(config.hardNegativesPerQuery) hard negatives)")
    }

    /// Names the members in a shuffled order and writes the group's texts.
    private func assemble(_ g: Int, reference: SynthScene, conditions: [SynthChange], negatives: [[SynthChange]],
                          usedKeys: inout Set<SceneKey>, rng: inout SplitMix64) -> (images: [SynthImage], queries: [QueryDraft]) {
        // Entry 0 is the reference, 1 the target, then the negatives; `slots` maps entry -> member number.
        let edits: [[SynthChange]] = [[], conditions] + negatives
        let scenes = edits.map { reference.applying($0) }
        var slots = Array(edits.indices)
        rng.shuffle(&slots)
        let names = slots.map { "\(split.rawValue)-\(padded(g, 5))-\($0)" }
        let members = edits.indices.sorted { slots[$0] < slots[$1] }.map { names[$0] }

        var queries = [QueryDraft(group: g, reference: names[0], target: names[1],
                                  text: ModificationText.make(for: conditions, reference: reference, rng: &rng),
                                  conditions: conditions, members: members, isPrimary: true)]
        if split == .train && config.derivedTrainQueries {
            for m in 2..<edits.count {
                let others = scenes.indices.filter { $0 != 0 && $0 != m }
                guard others.allSatisfy({ !ChangeSet.failed(edits[m], by: scenes[$0]).isEmpty }) else { continue }
                queries.append(QueryDraft(group: g, reference: names[0], target: names[m],
                                          text: ModificationText.make(for: edits[m], reference: reference, rng: &rng),
                                          conditions: edits[m], members: members, isPrimary: false))
            }
        }
        var images: [SynthImage] = []
        for i in edits.indices.sorted(by: { slots[$0] < slots[$1] }) {
            usedKeys.insert(scenes[i].key)
            images.append(SynthImage(name: names[i], scene: scenes[i],
                                     caption: SceneCaptioner.caption(for: scenes[i], rng: &rng), group: g))
        }
        return (images, queries)
    }

    private func sampleDistractor(_ d: Int, usedKeys: inout Set<SceneKey>) throws(SynthError) -> SynthImage {
        var rng = SplitMix64(seed: config.seed, stream: split.streamTag, 1, UInt64(d))
        for _ in 0..<200 {
            let scene = SceneSampler.scene(maxObjects: config.maxObjects, rng: &rng)
            guard usedKeys.insert(scene.key).inserted else { continue }
            return SynthImage(name: "\(split.rawValue)-x\(padded(d, 5))", scene: scene,
                              caption: SceneCaptioner.caption(for: scene, rng: &rng), group: nil)
        }
        throw .samplingFailed("\(split.rawValue) distractor \(d): no unused scene found")
    }
}

/// `value` in decimal, left-padded with zeros to `width` digits.
func padded(_ value: Int, _ width: Int) -> String {
    let s = String(value)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
