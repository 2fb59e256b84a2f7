import Autograd
import Tensor

/// The reference training objective on one batch, forward and backward:
/// `cir_infonce(query, target, reference) + λ · TCC` (DESIGN §6).
///
/// Gradients accumulate into the model's parameter gradients (scaled by `lossScale`, e.g.
/// 1/accumulation steps); the caller zeroes them and steps the optimizer. Frozen towers skip
/// their backward pass entirely.
public final class ConTextObjective: @unchecked Sendable {
    public let model: TrainableModel
    public var contrastive = ContrastiveLoss()
    public var concept = ConceptConsistency()
    /// λ of the TCC term (reference 0.08); 0 turns it off.
    public var tccWeight: Float = 0.08
    /// Whether the backbone (towers and projections) receives gradients.
    public var trainBackbone = true
    /// Vision features of a frozen backbone, by image key (filled as images are first seen).
    public private(set) lazy var featureCache = VisionFeatureCache(tokens: model.config.vision.tokens,
                                                                   dim: model.config.vision.hiddenSize,
                                                                   projectionDim: model.config.projectionDim)
    let arena = ActivationArena()

    public init(model: TrainableModel) { self.model = model }

    /// The vision tower's `(last[2B·T, D], embeds[2B, P])` for the batch's references and targets:
    /// from the feature cache when the backbone is frozen and the batch names its images.
    private func visionOutputs(_ batch: TripletBatch) -> (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) {
        let m = model, p = m.parameters, a = arena, n = 2 * batch.count
        let pixels = batch.references + batch.targets
        guard !trainBackbone, let keys = batch.imageKeys, keys.count == n else {
            return pixels.withUnsafeBufferPointer { m.vision.forward(p, pixels: $0.baseAddress!, batch: n, arena: a) }
        }
        let cache = featureCache, tv = cache.tokens * cache.dim, pd = cache.projectionDim
        let per = m.config.vision.numChannels * m.config.vision.imageSize * m.config.vision.imageSize
        let missing = (0..<n).filter { cache.lookup(keys[$0]) == nil }
        if !missing.isEmpty {
            var px: [Float] = []
            px.reserveCapacity(missing.count * per)
            for i in missing { px += pixels[(i * per)..<((i + 1) * per)] }
            let (last, embeds) = px.withUnsafeBufferPointer {
                m.vision.forward(p, pixels: $0.baseAddress!, batch: missing.count, arena: a, key: "cache.vision")
            }
            for (j, i) in missing.enumerated() { cache.store(keys[i], last: last + j * tv, embed: embeds + j * pd) }
        }
        let last = a.buffer("obj.cachedLast", n * tv), embeds = a.buffer("obj.cachedEmbeds", n * pd)
        for i in 0..<n {
            let row = cache.lookup(keys[i])!.pointer
            (last + i * tv).update(from: row, count: tv)
            (embeds + i * pd).update(from: row + tv, count: pd)
        }
        return (last, embeds)
    }

    /// Forward and backward of one batch; returns the (unscaled) losses.
    public func accumulate(_ batch: TripletBatch, lossScale: Float = 1) -> StepLosses {
        let m = model, p = m.parameters, a = arena
        let b = batch.count, tv = m.config.vision.tokens, dv = m.config.vision.hiddenSize, pd = m.config.projectionDim
        let (last, embeds) = visionOutputs(batch)
        let (states, _) = m.text.forward(p, ids: batch.captions, arena: a)
        let segments = TextTower.segments(batch.captions)
        let query = m.head.forward(p, vision: last, text: states, segments: segments, arena: a)

        // cir_infonce: references are rows 0..<B of the vision batch, targets rows B..<2B.
        let dQuery = a.zeroed("obj.dQuery", b * pd), dEmbeds = a.zeroed("obj.dEmbeds", 2 * b * pd)
        let lc = contrastive.cirInfoNCE(query: query, target: embeds + b * pd, reference: embeds, batch: b, dim: pd,
                                        dQuery: dQuery, dTarget: dEmbeds + b * pd, dReference: dEmbeds)
        var lt: Float = 0, used = 0
        var dProbs: [UnsafeMutablePointer<Float>] = []
        if tccWeight > 0 {
            (lt, used, dProbs) = conceptTerm(batch, vision: last, segments: segments)
        }
        let total = lc + tccWeight * lt
        if lossScale != 1 {
            for i in 0..<(b * pd) { dQuery[i] *= lossScale }
            for i in 0..<(2 * b * pd) { dEmbeds[i] *= lossScale }
            for l in dProbs { for i in 0..<FusionHead.probOffsets(segments, heads: m.head.heads, tokens: tv).last! { l[i] *= lossScale } }
        }
        let rt = segments.last?.upperBound ?? 0
        let dLast = trainBackbone ? a.zeroed("obj.dLast", 2 * b * tv * dv) : nil
        let dStates = trainBackbone ? a.zeroed("obj.dStates", rt * m.config.text.hiddenSize) : nil
        m.head.backward(p, text: states, segments: segments, dQuery: dQuery, dProbs: dProbs.isEmpty ? nil : dProbs.map { UnsafePointer($0) },
                        dVision: dLast, dText: dStates, arena: a)
        if trainBackbone {
            m.text.backward(p, ids: batch.captions, dStates: dStates, dEmbeds: nil, arena: a)
            m.vision.backward(p, batch: 2 * b, dLast: dLast, dEmbeds: dEmbeds, arena: a)
        }
        return StepLosses(total: total, contrastive: lc, conceptConsistency: lt, phrases: used)
    }

    /// The TCC loss of the batch and its gradient on the in-context attention probabilities
    /// (already multiplied by λ).
    private func conceptTerm(_ batch: TripletBatch, vision last: UnsafePointer<Float>,
                             segments: [Range<Int>]) -> (Float, Int, [UnsafeMutablePointer<Float>]) {
        let m = model, p = m.parameters, a = arena, head = m.head
        let tv = m.config.vision.tokens, dv = m.config.vision.hiddenSize
        var items: [(sample: Int, span: Range<Int>, ids: [Int32])] = []
        for (i, phrases) in batch.phrases.enumerated() {
            for ids in phrases.prefix(concept.maxPhrases) where ids.count > 2 {
                if let span = ConceptConsistency.span(of: Array(ids[1..<(ids.count - 1)]), in: batch.captions[i]) {
                    items.append((i, span, ids))
                }
            }
        }
        guard !items.isEmpty else { return (0, 0, []) }
        // Isolated maps: each phrase alone against its sample's image, no gradient.
        let isoVision = a.buffer("tcc.isoVision", items.count * tv * dv)
        for (k, it) in items.enumerated() { (isoVision + k * tv * dv).update(from: last + it.sample * tv * dv, count: tv * dv) }
        let isoIDs = items.map(\.ids)
        let (isoStates, _) = m.text.forward(p, ids: isoIDs, arena: a, key: "tcc.text")
        let isoSegments = TextTower.segments(isoIDs)
        _ = head.forward(p, vision: isoVision, text: isoStates, segments: isoSegments, arena: a, key: "tcc.head")
        let isoLayers = (0..<head.layers).map { UnsafePointer(head.probs(layer: $0, arena: a, key: "tcc.head")) }
        let isoOffsets = FusionHead.probOffsets(isoSegments, heads: head.heads, tokens: tv)
        let icLayers = (0..<head.layers).map { UnsafePointer(head.probs(layer: $0, arena: a, key: "head")) }
        let offsets = FusionHead.probOffsets(segments, heads: head.heads, tokens: tv)
        let dProbs = (0..<head.layers).map { a.zeroed("tcc.dProbs\($0)", offsets.last!) }
        let ic = a.buffer("tcc.ic", tv), iso = a.buffer("tcc.iso", tv)
        var sum: Float = 0
        let scale = tccWeight / Float(items.count)
        for (k, it) in items.enumerated() {
            let keys = segments[it.sample].count
            ConceptConsistency.averagedMap(icLayers, offset: offsets[it.sample], heads: head.heads, tokens: tv, keys: keys,
                                           columns: it.span, into: ic)
            ConceptConsistency.averagedMap(isoLayers, offset: isoOffsets[k], heads: head.heads, tokens: tv, keys: it.ids.count,
                                           columns: 1 ..< it.ids.count - 1, into: iso)
            sum += concept.term(inContext: ic, isolated: iso, tokens: tv, heads: head.heads, dProbs: dProbs, offset: offsets[it.sample],
                                keys: keys, columns: it.span, scale: scale)
        }
        return (sum / Float(items.count), items.count, dProbs)
    }
}
