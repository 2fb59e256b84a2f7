/// Counters the scheduler exposes for `/metrics`.
public struct SchedulerStats: Sendable, Equatable {
    /// Jobs waiting now.
    public var queueDepth = 0
    /// Batches run, by size (index = batch size).
    public var batchSizes: [Int] = []
    /// Jobs refused because the queue was full.
    public var rejected = 0
    /// Jobs dropped because their deadline passed while queued.
    public var expired = 0
    /// Jobs completed (successfully or with an input error).
    public var completed = 0
}
