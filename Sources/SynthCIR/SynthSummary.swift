/// What a generation produced: counts per split and the digests recorded in `benchmark.json`.
public struct SynthSummary: Sendable, Equatable {
    /// Counts of one split.
    public struct SplitCounts: Sendable, Equatable {
        public let split: SynthSplit
        /// Images of the split (its evaluation gallery).
        public let images: Int
        public let groups: Int
        public let distractors: Int
        /// All queries, primary and derived.
        public let queries: Int
        /// Queries with 1, 2 and 3 conditions (index 0, 1, 2).
        public let queriesByConditions: [Int]
    }

    /// Train, val, test.
    public let splits: [SplitCounts]
    /// FNV-1a 64 over every manifest's path and bytes, in `ManifestText.files` order (hex).
    public let manifestDigest: String
    /// FNV-1a 64 over every image's name and RGB bytes, in split and image order (hex). Empty
    /// when the images were not rendered.
    public let pixelDigest: String

    static func counts(for dataset: SynthDataset) -> [SplitCounts] {
        dataset.splits.map { data in
            var byConditions = [0, 0, 0]
            for q in data.queries { byConditions[q.conditions.count - 1] += 1 }
            let size = dataset.config.size(of: data.split)
            return SplitCounts(split: data.split, images: data.images.count, groups: size.groups,
                               distractors: size.distractors, queries: data.queries.count,
                               queriesByConditions: byConditions)
        }
    }
}
