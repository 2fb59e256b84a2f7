/// A metadata filter: every clause must hold (AND). Applied before ranking, so a search returns
/// `k` results whenever at least `k` items match.
///
/// A missing key matches no clause (not even `equals(key, .null)`: "null" and "absent" are
/// different facts). Comparison is typed (`MetadataValue`).
public struct GalleryFilter: Sendable, Equatable {
    /// One condition on one key.
    public enum Clause: Sendable, Equatable {
        /// `metadata[key] == value`.
        case equals(key: String, value: MetadataValue)
        /// `metadata[key]` is one of `values` (an empty list matches nothing).
        case oneOf(key: String, values: [MetadataValue])
    }

    /// The conditions, all of which must hold (an empty list matches everything).
    public var clauses: [Clause]

    /// A filter requiring every clause.
    public init(_ clauses: [Clause]) { self.clauses = clauses }

    /// Whether `metadata` satisfies every clause.
    public func matches(_ metadata: GalleryMetadata) -> Bool {
        for clause in clauses {
            switch clause {
            case let .equals(key, value):
                guard let v = metadata[key], v == value else { return false }
            case let .oneOf(key, values):
                guard let v = metadata[key], values.contains(v) else { return false }
            }
        }
        return true
    }
}
