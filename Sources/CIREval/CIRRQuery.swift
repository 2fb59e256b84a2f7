/// One query as the CIRR protocol needs it: names only, matching the gallery's names.
public struct CIRRQuery: Sendable, Hashable {
    /// The query's id (CIRR `pairid` as a decimal string): the key in submission files.
    public var id: String
    /// The reference image; it is removed from this query's rankings. Must be in the gallery.
    public var reference: String
    /// The target image (CIRR `target_hard`); nil when hidden (CIRR test1), in which case the
    /// query is ranked (for submissions) but not scored.
    public var target: String?
    /// The query's subset group (CIRR `img_set.members`, reference included or not); nil when the
    /// dataset has none, in which case the query is left out of Recall_subset.
    public var subset: [String]?

    public init(id: String, reference: String, target: String?, subset: [String]? = nil) {
        self.id = id
        self.reference = reference
        self.target = target
        self.subset = subset
    }
}
