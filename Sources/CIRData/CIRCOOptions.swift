import Foundation

/// How a split of the CIRCO release layout is loaded.
public struct CIRCOOptions: Sendable {
    /// Folder the `file_name`s of `image_info_unlabeled2017.json` resolve against. Default (nil):
    /// `<root>/COCO2017_unlabeled/unlabeled2017`, where CIRCO's README puts COCO's unzipped images.
    public var imageRoot: URL?
    /// Whether every listed image file must exist (one `stat` per gallery image, about 123,000 for
    /// the full COCO unlabeled set). Default true.
    public var checkImages: Bool
    /// Skip bad entries or throw on the first one. Default `.fail`.
    public var policy: ProblemPolicy

    public init(imageRoot: URL? = nil, checkImages: Bool = true, policy: ProblemPolicy = .fail) {
        self.imageRoot = imageRoot
        self.checkImages = checkImages
        self.policy = policy
    }
}
