/// A split in memory: its images (the split's whole gallery) and its queries.
public struct SynthSplitData: Sendable {
    public let split: SynthSplit
    /// Group members in group order, then distractors.
    public let images: [SynthImage]
    /// Per group: the primary query, then its derived queries (training split only).
    public let queries: [SynthQuery]
    private let indexByName: [String: Int]

    init(split: SynthSplit, images: [SynthImage], queries: [SynthQuery]) {
        self.split = split
        self.images = images
        self.queries = queries
        var index: [String: Int] = [:]
        for (i, image) in images.enumerated() { index[image.name] = i }
        indexByName = index
    }

    /// The image with this name, if it belongs to the split.
    public func image(named name: String) -> SynthImage? {
        indexByName[name].map { images[$0] }
    }
}

/// The whole benchmark in memory (scenes and texts, no pixels).
public struct SynthDataset: Sendable {
    public let config: SynthConfig
    /// Train, val, test, in that order.
    public let splits: [SynthSplitData]

    /// One split.
    public subscript(split: SynthSplit) -> SynthSplitData {
        splits.first { $0.split == split }!
    }
}
