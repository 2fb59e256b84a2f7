/// One composed-retrieval example: a reference image, a modification text and the target image.
///
/// Both loaders produce it: `TripletManifest` from a JSON-lines manifest and `CIRRDataset` from the
/// CIRR release layout.
public struct TripletRecord: Sendable, Hashable {
    /// Query identity: the manifest's `id` (default: the line number as a decimal string), or the
    /// CIRR `pairid` as a decimal string (the key CIRR's test server expects).
    public var id: String
    /// The query's reference image.
    public var reference: ImageRef
    /// The image the query should retrieve; nil only for CIRR `test1`, whose targets are hidden.
    public var target: ImageRef?
    /// The modification text ("make the circle red"), exactly as in the file.
    public var caption: String
    /// Noun phrases of `caption` precomputed by the dataset (manifest `noun_phrases`); when present
    /// they win over the trainer's own chunker. Each occurs in `caption` (checked at load,
    /// case-insensitively).
    public var nounPhrases: [String]?
    /// Number of conditions in the modification text (manifest `conditions`), for Recall@K split
    /// by number of conditions. Nil when not given.
    public var conditions: Int?
    /// The query's CIRR-style subset group (manifest `members`, CIRR `img_set.members`), usually
    /// the reference, the target and hard negatives; Recall_subset ranks these minus the reference.
    public var members: [ImageRef]?
    /// Where this record came from, for reporting problems found later.
    public var origin: DataOrigin

    public init(
        id: String, reference: ImageRef, target: ImageRef?, caption: String,
        nounPhrases: [String]? = nil, conditions: Int? = nil, members: [ImageRef]? = nil, origin: DataOrigin
    ) {
        self.id = id
        self.reference = reference
        self.target = target
        self.caption = caption
        self.nounPhrases = nounPhrases
        self.conditions = conditions
        self.members = members
        self.origin = origin
    }
}
