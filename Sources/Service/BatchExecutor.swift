import ConText

/// Runs a batch of same-kind jobs in one forward pass. The scheduler is written against this
/// protocol so its queueing and batching can be tested with a controllable executor.
public protocol BatchExecutor: Sendable {
    /// One result per job, in order. All jobs have the same `kind`.
    func run(_ jobs: [InferenceJob]) -> [Result<[Float], EmbedError>]
}

/// The real executor: `ConTextModel`'s batched embeddings.
public struct ModelExecutor: BatchExecutor {
    public let model: ConTextModel

    public init(model: ConTextModel) { self.model = model }

    public func run(_ jobs: [InferenceJob]) -> [Result<[Float], EmbedError>] {
        guard let first = jobs.first else { return [] }
        do {
            let out: [[Float]]
            switch first.kind {
            case .image:
                out = try model.imageEmbeddings(pixelValues: jobs.map { if case .image(let p) = $0 { p } else { [] } })
            case .text:
                out = try model.textEmbeddings(ids: jobs.map { if case .text(let t) = $0 { t } else { [] } })
            case .composed:
                var px: [[Float]] = [], ids: [[Int32]] = []
                for j in jobs { if case .composed(let p, let t) = j { px.append(p); ids.append(t) } }
                out = try model.queryEmbeddings(pixelValues: px, ids: ids)
            }
            return out.map { .success($0) }
        } catch {
            // A batch fails as a whole only on input errors; retry one by one so a single bad
            // job cannot fail its neighbours.
            if jobs.count == 1 { return [.failure(error)] }
            return jobs.flatMap { run([$0]) }
        }
    }
}
