/// Every failure of the evaluation layer. Evaluation never traps on bad input: shapes, names and
/// values are checked and reported with the query or row they concern.
public enum EvalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Sizes that must agree do not (embedding dimensions, score-matrix shape, name counts).
    case shape(String)
    /// A NaN or infinite value at `row`, `column` of `what` ("query embeddings", "scores"): a
    /// model that produces it is broken, and ranking it would give arbitrary metrics.
    case nonFinite(what: String, row: Int, column: Int)
    /// Two gallery items share a name; names identify images in rankings and submissions.
    case duplicateGalleryName(name: String, first: Int, second: Int)
    /// Query number `query` (0-based, id `id`) names an image (its `role`: reference, target,
    /// subset member, ground truth) that is not in the gallery.
    case unknownImage(query: Int, id: String, role: String, name: String)
    /// Two queries share an id; submission files are keyed by it.
    case duplicateQueryID(id: String, first: Int, second: Int)
    /// An argument outside its documented range.
    case invalidArgument(String)
    /// No query can be scored (e.g. all lack targets, as in CIRR test1).
    case nothingToEvaluate(String)

    public var description: String {
        switch self {
        case let .shape(reason):
            return "shape mismatch: \(reason)"
        case let .nonFinite(what, row, column):
            return "\(what) holds a non-finite value at row \(row), column \(column); check the model's outputs"
        case let .duplicateGalleryName(name, first, second):
            return "gallery name '\(name)' appears twice (items \(first) and \(second)); names must be unique"
        case let .unknownImage(query, id, role, name):
            return "query \(query) (id '\(id)'): \(role) '\(name)' is not in the gallery; gallery and queries must use the same image names"
        case let .duplicateQueryID(id, first, second):
            return "query id '\(id)' is used by queries \(first) and \(second); ids must be unique"
        case let .invalidArgument(reason):
            return "invalid argument: \(reason)"
        case let .nothingToEvaluate(reason):
            return "nothing to evaluate: \(reason)"
        }
    }
}
