/// What `GalleryStore.open` found and did, for logs, metrics and tests.
public struct RecoveryReport: Sendable, Equatable {
    /// True when the data directory was created by this open.
    public var created = false
    /// Generation of the snapshot loaded (and of the log replayed).
    public var generation: UInt64 = 0
    /// Items read from the snapshot (0 without one).
    public var snapshotItems = 0
    /// Intact log records replayed after the snapshot.
    public var recordsReplayed = 0
    /// Bytes of a torn final record cut from the log (0 when the log ended cleanly).
    public var droppedTailBytes = 0
    /// Why the tail was dropped, when it was.
    public var droppedTailReason: String?

    /// An empty report (nothing loaded yet).
    public init() {}
}
