import CKernels

/// The threads that run the model: their scheduling priority and their names.
///
/// A server's inference is throughput work, while parsing requests, decoding their images and
/// answering health checks is latency work of milliseconds: on a 2-core machine the two compete,
/// and at equal priority a request's own preprocessing waits behind a forward pass's time slices.
public enum ComputeThreads {
    /// Gives the calling thread and the compute pool's workers the nice value `nice` (1...19:
    /// lower priority), so that other threads of the process win when both are runnable. An
    /// unprivileged process cannot undo it, so call it from threads that only run the model.
    /// - Returns: whether the calling thread's priority was set.
    @discardableResult
    public static func lowerPriority(toNice nice: Int) -> Bool {
        let n = Int32(max(0, min(19, nice)))
        ckernels_pool_set_nice(n)
        return ckernels_set_thread_nice(n) == 0
    }

    /// Names the calling thread for the OS (top, perf, /proc; at most 15 bytes are kept).
    /// Foundation keeps `Thread.name` to itself on Linux.
    public static func nameCurrentThread(_ name: String) {
        ckernels_set_thread_name(String(name.utf8.prefix(15)) ?? "")
    }
}
