import CIRData

/// ConText training on triplets: `cir_infonce + λ·TCC` (`ConTextObjective`).
public final class ComposedRetrievalTask: TrainingTask {
    public let objective: ConTextObjective
    let examples: [TripletExample]
    let loader: ImageBatchLoader

    init(objective: ConTextObjective, examples: [TripletExample], loader: ImageBatchLoader) {
        self.objective = objective; self.examples = examples; self.loader = loader
    }

    public var exampleCount: Int { examples.count }

    public func prefetch(_ indices: [Int]) {
        loader.prefetch(indices.flatMap { i in [examples[i].record.reference.path] + (examples[i].record.target.map { [$0.path] } ?? []) })
    }

    public func accumulate(_ indices: [Int], lossScale: Float) throws(TrainingError) -> StepLosses? {
        var refs: [Float] = [], tgts: [Float] = [], caps: [[Int32]] = [], phrases: [[[Int32]]] = [], refKeys: [String] = [], tgtKeys: [String] = []
        for i in indices {
            let e = examples[i]
            guard let target = e.record.target,
                  let imgs = try loader.load([e.record.reference, target], origin: e.record.origin) else { continue }
            loader.cache.appendPixels(imgs[0], to: &refs)
            loader.cache.appendPixels(imgs[1], to: &tgts)
            caps.append(e.caption)
            phrases.append(e.phrases)
            refKeys.append(e.record.reference.path)
            tgtKeys.append(target.path)
        }
        // InfoNCE needs a negative: a batch of one teaches nothing.
        guard caps.count >= 2 else { return nil }
        return objective.accumulate(TripletBatch(references: refs, targets: tgts, captions: caps, phrases: phrases,
                                                 imageKeys: refKeys + tgtKeys), lossScale: lossScale)
    }
}
