/// A split of the benchmark. Each split has its own images; no scene appears twice in the
/// whole benchmark.
public enum SynthSplit: String, CaseIterable, Sendable {
    case train, val, test

    /// The split's name in the CIRR release layout (`cap.rc2.<name>.json`): CIRR calls its
    /// test split "test1".
    public var cirrName: String { self == .test ? "test1" : rawValue }

    /// A number that keys the split's random streams (never reorder: it changes the data).
    var streamTag: UInt64 {
        switch self {
        case .train: 1
        case .val: 2
        case .test: 3
        }
    }
}

/// How many query groups and distractor images a split holds.
public struct SynthSplitSize: Sendable, Equatable {
    /// Query groups: one reference, one target and `hardNegativesPerQuery` hard negatives each,
    /// and one primary query.
    public var groups: Int
    /// Extra random scenes that belong to no group (more captions for pre-training; more
    /// gallery images for evaluation).
    public var distractors: Int

    public init(groups: Int, distractors: Int) {
        self.groups = groups
        self.distractors = distractors
    }
}
