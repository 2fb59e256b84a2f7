/// Tunables of a `GalleryStore`, each with the default the service uses.
public struct GalleryOptions: Sendable {
    /// What clients may store (ids, metadata, batch size).
    public var limits = GalleryLimits()
    /// A snapshot is taken automatically after this many log records (default 10,000): it bounds
    /// start-up replay time and log size. `0` disables automatic snapshots.
    public var snapshotEveryRecords = 10_000
    /// Unreferenced image blobs younger than this many seconds survive garbage collection
    /// (default one hour): a client may `put` an image and reference it in a later upsert.
    public var imageGCGracePeriod: Double = 3600
    /// Threads one search over a large gallery (≥ 1M stored floats) uses, the caller included
    /// (default 2, the machines' core count: the scan is bound by memory bandwidth, which one
    /// core does not saturate).
    public var searchThreads = 2
    /// Where recovery and snapshot warnings go (default: standard error).
    public var warn: @Sendable (String) -> Void = { message in
        let line = Array(("gallery: warning: " + message + "\n").utf8)
        line.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
    }

    /// The defaults.
    public init() {}
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
