import CIRData
import CIREval
import Foundation

/// Evaluates a model on an evaluation split with the CIRR protocol (`CIREval.CIRRProtocol`):
/// the gallery embedded once, each query embedded per method, Recall@K with the reference
/// removed, Recall_subset@K over the members, and Recall@K by number of conditions; or on a CIRCO
/// split with CIRCO's (`CIREval.CIRCOProtocol`): mAP@5/10/25/50 over every ground truth, the
/// reference kept in the ranking.
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

    /// One method's results on a CIRCO split.
    public struct CIRCOReport: Sendable, Encodable {
        public var method: RetrievalMethod
        /// Nil for the test split, whose ground truths are hidden.
        public var metrics: CIRCOMetrics?
        /// The queries ranked, in split order: all of them unless an image was skipped as unusable.
        /// Not encoded.
        public var queries: [CIRCOQuery]
        /// Each query's first 50 gallery names, best first (for the server's submission file). Not
        /// encoded.
        public var rankings: [[String]]

        enum CodingKeys: String, CodingKey { case method, metrics }
    }

    /// Problems met while loading images (skipped items), then the queries left out because one
    /// of their images was skipped.
    public var problems: [DataProblem] { loader.problems + queryProblems }
    private var queryProblems: [DataProblem] = []

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

    /// The gallery's embeddings, rows in the order of `names`: the images that could be used.
    private struct EmbeddedGallery {
        var names: [String] = []
        var embeddings: [Float] = []
        var index: [String: Int] = [:]
    }

    /// Embeds `gallery` in chunks so pixel memory stays bounded (CIRCO's gallery is about 123,000
    /// COCO images); unusable images are left out under the skip policy.
    private func embed(gallery: [ImageRef], origin: DataOrigin) throws(TrainingError) -> EmbeddedGallery {
        var out = EmbeddedGallery()
        var start = 0
        while start < gallery.count {
            let chunk = Array(gallery[start..<min(start + 256, gallery.count)])
            let (px, kept) = try pixels(chunk, origins: Array(repeating: origin, count: chunk.count))
            out.embeddings += model.imageEmbeddings(pixels: px, count: kept.count)
            out.names += kept.map { chunk[$0].name }
            start += chunk.count
        }
        out.index = Dictionary(uniqueKeysWithValues: out.names.enumerated().map { ($1, $0) })
        return out
    }

    /// One method's query embeddings, `[queries, projectionDim]`: `references` must be in
    /// `gallery` (the image baseline reuses their gallery rows), `ids` are the tokenized query
    /// texts. `textCache` carries the text embeddings from one method to the next, since text and
    /// sum both need them.
    private func queryEmbeddings(
        _ method: RetrievalMethod, references: [ImageRef], origins: [DataOrigin], ids: [[Int32]],
        gallery: EmbeddedGallery, textCache: inout [Float]?
    ) throws(TrainingError) -> [Float] {
        let pd = model.config.projectionDim, count = references.count
        func text() -> [Float] {
            if let cached = textCache { return cached }
            let t = model.textEmbeddings(ids: ids)
            textCache = t
            return t
        }
        func referenceEmbeds() -> [Float] {
            var out = [Float](); out.reserveCapacity(count * pd)
            for r in references { let g = gallery.index[r.name]!; out += gallery.embeddings[(g * pd)..<((g + 1) * pd)] }
            return out
        }
        switch method {
        case .image: return referenceEmbeds()
        case .text: return text()
        case .sum:
            let a = referenceEmbeds(), b = text()
            var s = [Float](repeating: 0, count: a.count)
            for i in 0..<count {
                var n: Float = 0
                for j in 0..<pd { let v = a[i * pd + j] + b[i * pd + j]; s[i * pd + j] = v; n += v * v }
                let inv = 1 / max(n.squareRoot(), 1e-12)
                for j in 0..<pd { s[i * pd + j] *= inv }
            }
            return s
        case .composed:
            var out: [Float] = []
            var i = 0
            while i < count {
                let end = min(i + 64, count)
                let (px, kept) = try pixels(Array(references[i..<end]), origins: Array(origins[i..<end]))
                precondition(kept.count == end - i, "gallery images decoded once already")
                out += model.queryEmbeddings(pixels: px, ids: Array(ids[i..<end]))
                i = end
            }
            return out
        }
    }

    /// Runs `methods` on `records` (queries) against `gallery`. Queries whose reference or target
    /// is not in the (usable) gallery are skipped and reported.
    public func evaluate(records: [TripletRecord], gallery: [ImageRef], galleryOrigin: DataOrigin,
                         methods: [RetrievalMethod], keepRankings: Bool = false,
                         requireTargets: Bool = true) throws(TrainingError) -> [Report] {
        let pd = model.config.projectionDim
        let embedded = try embed(gallery: gallery, origin: galleryOrigin)
        let names = embedded.names
        let known = Set(names)
        let queries = records.filter { known.contains($0.reference.name) && ($0.target.map { known.contains($0.name) } ?? true) }
        let ids = queries.map { assets.tokenize($0.caption) }
        let cirr = queries.map { r in
            CIRRQuery(id: r.id, reference: r.reference.name, target: r.target?.name,
                      subset: r.members.map { $0.map(\.name).filter { known.contains($0) } })
        }
        var reports: [Report] = []
        var textCache: [Float]?
        for method in methods {
            let qe = try queryEmbeddings(method, references: queries.map(\.reference), origins: queries.map(\.origin), ids: ids,
                                         gallery: embedded, textCache: &textCache)
            do {
                let ranked = try CIRRProtocol.rank(queryEmbeddings: Embeddings(count: queries.count, dim: pd, values: qe),
                                                   galleryEmbeddings: Embeddings(count: names.count, dim: pd, values: embedded.embeddings),
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

    /// Runs `methods` on a CIRCO split: every query ranked against the whole gallery with the
    /// reference kept (CIRCO's and SEARLE's own code do not remove it), the first 50 names kept
    /// for the submission file, and mAP@5/10/25/50 for `val`. `text` picks the query text of the
    /// composed, text and sum methods. Under the skip policy a query whose reference or a ground
    /// truth could not be used is left out and reported (`problems`): its images are not in the
    /// gallery the others are ranked against.
    public func evaluate(circo data: CIRCOSplitData, galleryOrigin: DataOrigin, methods: [RetrievalMethod],
                         text: CIRCOQueryText = .caption) throws(TrainingError) -> [CIRCOReport] {
        let pd = model.config.projectionDim
        let embedded = try embed(gallery: data.gallery, origin: galleryOrigin)
        var records: [CIRCORecord] = []
        for record in data.queries {
            let unusable = ([record.reference] + record.groundTruths).first { embedded.index[$0.name] == nil }
            if let unusable {
                let role = unusable == record.reference ? "reference" : "ground truth"
                queryProblems.append(record.origin.problem("query \(record.id) left out: its \(role) \(unusable.name) could not be used"))
                continue
            }
            records.append(record)
        }
        let ids = records.map { assets.tokenize(text.text(for: $0)) }
        let queries = records.map { CIRCOQuery(id: $0.id, reference: $0.reference.name, groundTruths: $0.groundTruths.map(\.name)) }
        var reports: [CIRCOReport] = []
        var textCache: [Float]?
        for method in methods {
            let qe = try queryEmbeddings(method, references: records.map(\.reference), origins: records.map(\.origin), ids: ids,
                                         gallery: embedded, textCache: &textCache)
            do throws(EvalError) {
                let galleryEmbeddings = try Embeddings(count: embedded.names.count, dim: pd, values: embedded.embeddings)
                var rankings: [[String]] = []
                rankings.reserveCapacity(queries.count)
                // Blocks of queries keep the score matrix at 128 rows: all 800 test queries against
                // CIRCO's gallery would be 400 MB.
                var start = 0
                while start < queries.count {
                    let end = min(start + 128, queries.count)
                    let block = try Embeddings(count: end - start, dim: pd, values: Array(qe[(start * pd)..<(end * pd)]))
                    let scores = try ScoreMatrix.cosine(queries: block, gallery: galleryEmbeddings)
                    rankings += try CIRCOProtocol.rank(scores: scores, galleryNames: embedded.names, queries: Array(queries[start..<end]),
                                                       depth: CIRCOProtocol.ks.max()!, excludeReference: false)
                    start = end
                }
                let metrics = data.split == .val ? try CIRCOProtocol.metrics(rankings: rankings, queries: queries) : nil
                reports.append(CIRCOReport(method: method, metrics: metrics, queries: queries, rankings: rankings))
            } catch {
                throw .invalid("evaluation failed: \(error)")
            }
        }
        return reports
    }
}
