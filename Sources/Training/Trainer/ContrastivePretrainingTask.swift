import Autograd
import CIRData

/// CLIP-style image–caption pre-training from scratch (issue 4 acceptance: "contrastive
/// image-caption pre-training, then ConText training"): symmetric InfoNCE between the projected
/// image and caption embeddings, both towers trained. The head is untouched.
public final class ContrastivePretrainingTask: TrainingTask {
    public let model: TrainableModel
    let records: [CaptionRecord]
    let captions: [[Int32]]
    let loader: ImageBatchLoader
    let loss: ContrastiveLoss
    let arena = ActivationArena()

    init(model: TrainableModel, records: [CaptionRecord], assets: ModelAssets, loader: ImageBatchLoader, temperature: Float) {
        self.model = model; self.records = records; self.loader = loader
        captions = records.map { assets.tokenize($0.caption) }
        loss = ContrastiveLoss(temperature: temperature)
    }

    public var exampleCount: Int { records.count }

    public func prefetch(_ indices: [Int]) { loader.prefetch(indices.map { records[$0].image.path }) }

    public func accumulate(_ indices: [Int], lossScale: Float) throws(TrainingError) -> StepLosses? {
        var px: [Float] = [], ids: [[Int32]] = []
        for i in indices {
            guard let img = try loader.load([records[i].image], origin: records[i].origin) else { continue }
            loader.cache.appendPixels(img[0], to: &px)
            ids.append(captions[i])
        }
        let b = ids.count, pd = model.config.projectionDim, p = model.parameters, a = arena
        guard b >= 2 else { return nil }
        let (_, imageEmbeds) = px.withUnsafeBufferPointer { model.vision.forward(p, pixels: $0.baseAddress!, batch: b, arena: a) }
        let (_, textEmbeds) = model.text.forward(p, ids: ids, arena: a)
        let dImage = a.zeroed("pre.dImage", b * pd), dText = a.zeroed("pre.dText", b * pd)
        let l = loss.clip(imageEmbeds, textEmbeds, batch: b, dim: pd, dX: dImage, dY: dText)
        if lossScale != 1 { for i in 0..<(b * pd) { dImage[i] *= lossScale; dText[i] *= lossScale } }
        model.text.backward(p, ids: ids, dStates: nil, dEmbeds: dText, arena: a)
        model.vision.backward(p, batch: b, dLast: nil, dEmbeds: dImage, arena: a)
        return StepLosses(total: l, contrastive: l, conceptConsistency: 0, phrases: 0)
    }
}
