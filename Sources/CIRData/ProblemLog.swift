/// Collects data problems under a policy: under `.skip` it records them, under `.fail` it throws
/// the first one.
///
/// The loaders use it internally; the trainer uses its own for problems found while decoding
/// images, so a `--on-bad-data skip|fail` flag means the same thing for both. A value type: give
/// each thread its own log and `merge` them.
public struct ProblemLog: Sendable {
    /// The policy applied by `report(_:)`.
    public let policy: ProblemPolicy
    /// Problems recorded so far, in the order reported (only ever non-empty under `.skip`).
    public private(set) var problems: [DataProblem] = []

    public init(policy: ProblemPolicy) {
        self.policy = policy
    }

    /// Records `problem` under `.skip`; throws it under `.fail`.
    public mutating func report(_ problem: DataProblem) throws(DataProblem) {
        if policy == .fail { throw problem }
        problems.append(problem)
    }

    /// Appends another log's problems (e.g. a worker thread's), keeping their order.
    public mutating func merge(_ other: ProblemLog) {
        problems.append(contentsOf: other.problems)
    }
}
