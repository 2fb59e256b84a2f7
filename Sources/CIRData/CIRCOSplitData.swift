/// One loaded CIRCO split: its queries and the gallery they are ranked against.
public struct CIRCOSplitData: Sendable {
    /// Which split this is.
    public var split: CIRCOSplit
    /// One record per good annotations entry, in file order.
    public var queries: [CIRCORecord]
    /// Every image of `image_info_unlabeled2017.json` whose file was found, named by its COCO id
    /// in decimal and sorted by name in UTF-8 byte order: CIRCO ranks against all of them, for
    /// both splits.
    public var gallery: [ImageRef]
    /// Problems of the skipped entries and images (empty under `.fail`).
    public var problems: [DataProblem]

    public init(split: CIRCOSplit, queries: [CIRCORecord], gallery: [ImageRef], problems: [DataProblem]) {
        self.split = split
        self.queries = queries
        self.gallery = gallery
        self.problems = problems
    }
}
