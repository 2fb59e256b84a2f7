import CIRData
import CIREval
import Foundation

/// Evaluates a model on an evaluation split with the CIRR protocol (`CIREval.CIRRProtocol`):
/// the gallery embedded once, each query embedded per method, Recall@K with the reference
/// removed, Recall_subset@K over the members, and Recall@K by number of conditions.
public final class Evaluator {
    let model: TrainableModel
    let assets: ModelAssets
    let loader: ImageBatchLoader

    public init(model: TrainableModel, assets: ModelAssets, cache: ImageCache, policy: ProblemPolicy) {
        self.model = model; self.assets = assets
        loader = ImageBatchLoader(cache: cache, policy: policy)
    }

    /// One method's results.
    public struct Report: Sendable, Encodable {
        public var method: RetrievalMethod
        public var metrics: CIRRMetrics?
        /// Recall@K by number of conditions (when the records carry it): condition count → K → %.
        public var byConditions: [Int: [Int: Double]]
        /// The rankings themselves (for submission files); not encoded.
        public var ranked: [CIRRRankedQuery]?

        enum CodingKeys: String, CodingKey { case method, metrics, byConditions = "recall_by_conditions" }

        /// `recall_by_conditions` as `{"1": {"1": 42.0, "5": …}, …}` (JSON objects need string keys).
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(method, forKey: .method)
            try c.encodeIfPresent(metrics, forKey: .metrics)
            var by: [String: [String: Double]] = [:]
            for (g, r) in byConditions { by[String(g)] = Dictionary(uniqueKeysWithValues: r.map { (String($0.key), $0.value) }) }
            try c.encode(by, forKey: .byConditions)
        }
    }

    /// Problems met while loading images (skipped items).
    public var problems: [DataProblem] { loader.problems }

    /// Pixel values of `refs` (unusable images skipped under the skip policy; their indices are
    /// left out of the returned list).
    private func pixels(_ refs: [ImageRef], origins: [DataOrigin]) throws(TrainingError) -> (pixels: [Float], kept: [Int]) {
        var px: [Float] = [], kept: [Int] = []
        for (i, r) in refs.enumerated() {
            guard let img = try loader.load([r], origin: origins[i]) else { continue }
            loader.cache.appendPixels(img[0], to: &px)
            kept.append(i)
        }
        return (px, kept)
    }

    /// Runs `methods` on `records` (queries) against `gallery`. Queries whose reference or target
    /// is not in the (usable) gallery are skipped and reported.
    public func evaluate(records: [TripletRecord], gallery: [ImageRef], galleryOrigin: DataOrigin,
                         methods: [RetrievalMethod], keepRankings: Bool = false,
                         requireTargets: Bool = true) throws(TrainingError) -> [Report] {
        let pd = model.config.projectionDim
        // Gallery, in chunks so pixel memory stays bounded.
        var galleryEmbeds: [Float] = [], names: [String] = []
        var start = 0
        while start < gallery.count {
            let chunk = Array(gallery[start..<min(start + 256, gallery.count)])
            let (px, kept) = try pixels(chunk, origins: Array(repeating: galleryOrigin, count: chunk.count))
            galleryEmbeds += model.imageEmbeddings(pixels: px, count: kept.count)
            names += kept.map { chunk[$0].name }
            start += chunk.count
        }
        let known = Set(names)
        let queries = records.filter { known.contains($0.reference.name) && ($0.target.map { known.contains($0.name) } ?? true) }
        let galleryIndex = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        let ids = queries.map { assets.tokenize($0.caption) }
        let cirr = queries.map { r in
            CIRRQuery(id: r.id, reference: r.reference.name, target: r.target?.name,
                      subset: r.members.map { $0.map(\.name).filter { known.contains($0) } })
        }
        var reports: [Report] = []
        var textEmbeds: [Float]?
        func text() -> [Float] {
            if let t = textEmbeds { return t }
            let t = model.textEmbeddings(ids: ids)
            textEmbeds = t
            return t
        }
        func referenceEmbeds() -> [Float] {
            var out = [Float](); out.reserveCapacity(queries.count * pd)
            for q in queries { let g = galleryIndex[q.reference.name]!; out += galleryEmbeds[(g * pd)..<((g + 1) * pd)] }
            return out
        }
        for method in methods {
            let qe: [Float]
            switch method {
            case .image: qe = referenceEmbeds()
            case .text: qe = text()
            case .sum:
                let a = referenceEmbeds(), b = text()
                var s = [Float](repeating: 0, count: a.count)
                for i in 0..<queries.count {
                    var n: Float = 0
                    for j in 0..<pd { let v = a[i * pd + j] + b[i * pd + j]; s[i * pd + j] = v; n += v * v }
                    let inv = 1 / max(n.squareRoot(), 1e-12)
                    for j in 0..<pd { s[i * pd + j] *= inv }
                }
                qe = s
            case .composed:
                var out: [Float] = []
                var i = 0
                while i < queries.count {
                    let sub = Array(queries[i..<min(i + 64, queries.count)])
                    let (px, kept) = try pixels(sub.map(\.reference), origins: sub.map(\.origin))
                    precondition(kept.count == sub.count, "gallery images decoded once already")
                    out += model.queryEmbeddings(pixels: px, ids: Array(ids[i..<(i + sub.count)]))
                    i += sub.count
                }
                qe = out
            }
            do {
                let ranked = try CIRRProtocol.rank(queryEmbeddings: Embeddings(count: queries.count, dim: pd, values: qe),
                                                   galleryEmbeddings: Embeddings(count: names.count, dim: pd, values: galleryEmbeds),
                                                   galleryNames: names, queries: cirr)
                guard requireTargets else {
                    reports.append(Report(method: method, metrics: nil, byConditions: [:], ranked: ranked))
                    continue
                }
                let metrics = try CIRRProtocol.metrics(ranked)
                var by: [Int: [Int: Double]] = [:]
                let groups = queries.map { $0.conditions ?? 0 }
                if Set(groups).count > 1 || groups.first != 0 {
                    for g in try CIRRProtocol.recallByGroup(ranked, groups: groups) { by[g.group] = g.recallAt }
                }
                reports.append(Report(method: method, metrics: metrics, byConditions: by, ranked: keepRankings ? ranked : nil))
            } catch {
                throw .invalid("evaluation failed: \(error)")
            }
        }
        return reports
    }
}
