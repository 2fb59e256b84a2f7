/// What a manifest load returns: the good records and the problems of the lines left out.
public struct LoadResult<Record: Sendable>: Sendable {
    /// Records of the good lines, in file order.
    public var records: [Record]
    /// One problem per skipped line, in file order; empty under `ProblemPolicy.fail` (which
    /// throws instead).
    public var problems: [DataProblem]

    public init(records: [Record], problems: [DataProblem]) {
        self.records = records
        self.problems = problems
    }
}
