/// Limits on what clients may store, checked on every write (threat_model.md: ids and metadata are
/// untrusted). Each has a safe default; tests exceed each one.
public struct GalleryLimits: Sendable, Equatable {
    /// Longest id in UTF-8 bytes (ids are 1...maxIDBytes bytes of `GalleryItem.idCharacters`).
    public var maxIDBytes = 256
    /// Most keys in one item's metadata.
    public var maxMetadataKeys = 64
    /// Longest metadata key in UTF-8 bytes.
    public var maxMetadataKeyBytes = 128
    /// Largest metadata in its binary encoding (docs/gallery-format.md), which is never larger
    /// than the compact JSON of the same object plus 8 bytes per number.
    public var maxMetadataBytes = 16 * 1024
    /// Most items in one upsert batch (one log record).
    public var maxBatchItems = 4096

    /// The defaults.
    public init() {}
}
