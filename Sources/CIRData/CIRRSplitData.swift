/// One loaded CIRR split: its queries and the gallery they are ranked against.
public struct CIRRSplitData: Sendable {
    /// Which split this is.
    public var split: CIRRSplit
    /// One record per good captions entry, in file order: `id` is the `pairid`, `target` is
    /// `target_hard` (nil in `test1`), `members` is `img_set.members` (reference included, as in
    /// the file). `target_soft` is not kept: CIRR's Recall@K scores `target_hard` only.
    public var triplets: [TripletRecord]
    /// Every image of `image_splits/split.<version>.<split>.json` whose file was found, sorted by
    /// name in UTF-8 byte order: the CIRR protocol ranks against all of them.
    public var gallery: [ImageRef]
    /// Problems of the skipped entries and images (empty under `.fail`).
    public var problems: [DataProblem]

    public init(split: CIRRSplit, triplets: [TripletRecord], gallery: [ImageRef], problems: [DataProblem]) {
        self.split = split
        self.triplets = triplets
        self.gallery = gallery
        self.problems = problems
    }
}
