/// One image with a description, for contrastive image-caption pre-training.
public struct CaptionRecord: Sendable, Hashable {
    /// The image.
    public var image: ImageRef
    /// Its description ("a large red striped circle at the top left").
    public var caption: String
    /// Where this record came from, for reporting problems found later.
    public var origin: DataOrigin

    public init(image: ImageRef, caption: String, origin: DataOrigin) {
        self.image = image
        self.caption = caption
        self.origin = origin
    }
}
