/// Limits and batching policy of the inference scheduler. Every field has a safe default.
public struct SchedulerConfig: Sendable, Equatable {
    /// Jobs waiting beyond this many are refused with 503 (`overloaded`). Default 64.
    public var maxQueueDepth: Int = 64
    /// Most jobs fused into one forward pass. Default 8 (B/32 batching gains flatten past it).
    public var maxBatchSize: Int = 8
    /// How long a worker holding a partial batch waits for more jobs of the same kind, in
    /// seconds, when company is likely (the last pass or the batch so far has more than one
    /// job; a lone job after a lone job does not wait). 0 disables the wait. Default 2 ms: small
    /// next to a ~100 ms forward pass.
    public var batchWindow: Double = 0.002
    /// Inference workers. Default 1: one forward pass already uses every core through the GEMM
    /// threads, and two pools competing for two cores is what made the reference 3-4x slower.
    public var workers: Int = 1
    /// Nice value of the inference workers and the compute pool's threads (Linux, per thread):
    /// 1...19 lowers their priority so request parsing, image decoding and health checks never
    /// queue behind a forward pass for CPU; 0 leaves them at the process's priority. Default 5.
    public var computeNice: Int = 5
    /// Seconds suggested in `Retry-After` when overloaded. Default 1.
    public var retryAfterSeconds: Int = 1

    public init() {}
}
