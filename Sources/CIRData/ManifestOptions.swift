import Foundation

/// How a JSON-lines manifest is loaded.
public struct ManifestOptions: Sendable {
    /// Folder that relative image paths resolve against. Default (nil): the manifest's own folder.
    /// Absolute paths in the manifest are used as they are.
    public var imageRoot: URL?
    /// Whether every referenced image file must exist at load time (one `stat` per image); a
    /// missing file is a problem of the line naming it. Default true. Whether the image decodes is
    /// only known later, to the trainer's decoder.
    public var checkImages: Bool
    /// Skip bad lines or throw on the first one. Default `.fail`.
    public var policy: ProblemPolicy
    /// Longest accepted line in bytes (without its line break). Default 1 MiB; a triplet line is
    /// a few hundred bytes, so a longer one is a broken export (a missing newline, a binary file),
    /// and rejecting it keeps a bad file from being decoded as one giant JSON value.
    public var maxLineBytes: Int

    public init(imageRoot: URL? = nil, checkImages: Bool = true, policy: ProblemPolicy = .fail, maxLineBytes: Int = 1 << 20) {
        self.imageRoot = imageRoot
        self.checkImages = checkImages
        self.policy = policy
        self.maxLineBytes = maxLineBytes
    }
}
