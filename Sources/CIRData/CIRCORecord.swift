/// One CIRCO query: a reference image, a relative caption and every image that answers it.
public struct CIRCORecord: Sendable, Hashable {
    /// CIRCO's `id` as a decimal string: the key of the evaluation server's submission file.
    public var id: String
    /// The image `reference_img_id` names.
    public var reference: ImageRef
    /// `relative_caption`, exactly as in the file ("is held by a little girl on a chair").
    public var caption: String
    /// `shared_concept` ("a teddy bear"): what reference and targets have in common, which the
    /// caption usually leaves implicit.
    public var sharedConcept: String
    /// The images of `gt_img_ids`, in file order (the first is the target the caption was written
    /// for); empty in the test split, whose ground truths are hidden.
    public var groundTruths: [ImageRef]
    /// The annotations file and the 0-based index of the entry in its array.
    public var origin: DataOrigin

    public init(id: String, reference: ImageRef, caption: String, sharedConcept: String, groundTruths: [ImageRef], origin: DataOrigin) {
        self.id = id
        self.reference = reference
        self.caption = caption
        self.sharedConcept = sharedConcept
        self.groundTruths = groundTruths
        self.origin = origin
    }
}
