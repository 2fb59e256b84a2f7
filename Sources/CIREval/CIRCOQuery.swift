/// One CIRCO query: names only, matching the gallery's names.
public struct CIRCOQuery: Sendable, Hashable {
    /// The query id (CIRCO's `id`).
    public var id: String
    /// The reference image; removed from the ranking only with `excludeReference`. Nil if not in
    /// the gallery.
    public var reference: String?
    /// Every correct answer (CIRCO's `gt_img_ids`; repeats count once). Must be non-empty and in
    /// the gallery.
    public var groundTruths: [String]

    public init(id: String, reference: String?, groundTruths: [String]) {
        self.id = id
        self.reference = reference
        self.groundTruths = groundTruths
    }
}
