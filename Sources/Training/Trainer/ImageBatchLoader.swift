import CIRData
import Dispatch
import ImageIO

/// Loads the images of a micro-batch through the cache, reporting an unusable image once, with
/// the manifest line (or CIRR entry) that named it, and skipping its example or stopping the run
/// as the problem policy says (issue 4, bad input).
final class ImageBatchLoader: @unchecked Sendable {
    let cache: ImageCache
    let policy: ProblemPolicy
    private let queue = DispatchQueue(label: "context-train.decode", qos: .userInitiated)
    private var reported: Set<String> = []
    /// Problems met so far (skip policy).
    private(set) var problems: [DataProblem] = []
    /// Where problems are printed as they occur.
    var report: (DataProblem) -> Void = { _ in }

    init(cache: ImageCache, policy: ProblemPolicy) { self.cache = cache; self.policy = policy }

    func prefetch(_ paths: [String]) { cache.prefetch(paths, on: queue) }

    /// The images of one example (e.g. reference and target), or nil when one is unusable and the
    /// policy skips it.
    func load(_ refs: [ImageRef], origin: DataOrigin) throws(TrainingError) -> [RGBImage]? {
        var out: [RGBImage] = []
        for ref in refs {
            switch cache.load(ref.path) {
            case .success(let img): out.append(img)
            case .failure(let f):
                let problem = origin.problem("\(ref.name): \(f.reason)")
                if policy == .fail { throw .data(problem.description) }
                if reported.insert(ref.path + "\u{0}" + origin.description).inserted {
                    problems.append(problem)
                    report(problem)
                }
                return nil
            }
        }
        return out
    }
}
