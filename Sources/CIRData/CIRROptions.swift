import Foundation

/// How a split of the CIRR release layout is loaded.
public struct CIRROptions: Sendable {
    /// The annotation version in the file names (`cap.<version>.<split>.json`). Default "rc2", the
    /// version CIRR's test server evaluates.
    public var version: String
    /// Folder the paths of `image_splits/split.*.json` (`./dev/dev-0-0-img0.png`) resolve against.
    /// Default (nil): the first of the dataset root, `<root>/img_raw` (CIRR's download layout) and
    /// the root's parent (the synthetic benchmark, whose `cirr/` folder sits beside `images/`) in
    /// which the split's first image (by name) exists; the dataset root if none has it.
    public var imageRoot: URL?
    /// Whether every listed image file must exist (one `stat` per gallery image). Default true.
    public var checkImages: Bool
    /// Skip bad entries or throw on the first one. Default `.fail`.
    public var policy: ProblemPolicy

    public init(version: String = "rc2", imageRoot: URL? = nil, checkImages: Bool = true, policy: ProblemPolicy = .fail) {
        self.version = version
        self.imageRoot = imageRoot
        self.checkImages = checkImages
        self.policy = policy
    }
}
