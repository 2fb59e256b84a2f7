import ConText
import Foundation
import Tensor

/// A bounded queue in front of the inference workers, with dynamic batching: a worker that picks
/// a job takes the queued jobs of the same kind with it and, when company is likely, waits up to
/// `batchWindow` for more, then runs them in one forward pass. A full queue refuses new jobs at
/// once (503 + Retry-After) instead of letting latency grow without bound; jobs whose deadline
/// passes while queued are dropped before any work is spent.
/// Call `shutdown()` when done: the workers hold the scheduler until then.
public final class InferenceScheduler: @unchecked Sendable {
    public typealias Completion = @Sendable (Result<[Float], SchedulerError>) -> Void

    private struct Pending {
        let job: InferenceJob
        /// A forward pass was running when the job arrived: other clients are active.
        let arrivedWhileBusy: Bool
        let deadline: DispatchTime
        let completion: Completion
    }

    public let config: SchedulerConfig
    private let executor: any BatchExecutor
    // All mutable state below is guarded by `condition`.
    private let condition = NSCondition()
    private var queue: [Pending] = []
    private var stopping = false
    private var running = 0
    private var statsValue = SchedulerStats()
    /// Jobs in the last forward pass. Starts as if the last pass had company, so the first waits.
    private var lastBatchSize = Int.max
    private var busyWorkers = 0
    private var threads: [Thread] = []

    public init(executor: any BatchExecutor, config: SchedulerConfig = SchedulerConfig()) {
        self.executor = executor
        self.config = config
        statsValue.batchSizes = Array(repeating: 0, count: config.maxBatchSize + 1)
        for i in 0..<max(1, config.workers) {
            // The worker keeps the scheduler alive until `shutdown()`: dropping the last reference
            // without shutting down must not leave a thread reading freed memory.
            let t = Thread { self.workerLoop(index: i) }
            t.name = "inference-\(i)"
            t.stackSize = 8 << 20
            threads.append(t)
            running += 1
            t.start()
        }
    }

    /// Queues `job`. `completion` runs exactly once, on a worker thread (or on the caller's
    /// thread when the job is refused immediately).
    /// - Parameter timeout: seconds from now after which the job is no longer worth starting.
    public func submit(_ job: InferenceJob, timeout: Double, completion: @escaping Completion) {
        condition.lock()
        if stopping {
            condition.unlock()
            return completion(.failure(.shuttingDown))
        }
        if queue.count >= config.maxQueueDepth {
            statsValue.rejected += 1
            condition.unlock()
            return completion(.failure(.overloaded(retryAfterSeconds: config.retryAfterSeconds)))
        }
        let deadline = DispatchTime.now() + .nanoseconds(Int(max(0, timeout) * 1e9))
        queue.append(Pending(job: job, arrivedWhileBusy: busyWorkers > 0, deadline: deadline, completion: completion))
        statsValue.queueDepth = queue.count
        condition.signal()
        condition.unlock()
    }

    /// Blocking convenience for callers on their own thread (request handlers, tests).
    public func embed(_ job: InferenceJob, timeout: Double) -> Result<[Float], SchedulerError> {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox()
        submit(job, timeout: timeout) { r in box.set(r); done.signal() }
        done.wait()
        return box.get()
    }

    /// A snapshot of the counters.
    public var stats: SchedulerStats {
        condition.lock(); defer { condition.unlock() }
        return statsValue
    }

    /// Stops accepting jobs, lets queued jobs finish, and joins the workers.
    public func shutdown() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while running > 0 { condition.wait() }
        condition.unlock()
    }

    private func workerLoop(index: Int) {
        ComputeThreads.nameCurrentThread("inference-\(index)")
        if config.computeNice > 0 { ComputeThreads.lowerPriority(toNice: config.computeNice) }
        while let batch = nextBatch() {
            let results = executor.run(batch.map(\.job))
            // Counted before the completions run: a caller that has its result must find it in
            // the stats (the other order raced with /metrics and with tests reading the stats).
            condition.lock()
            statsValue.completed += batch.count
            busyWorkers -= 1
            condition.unlock()
            for (p, r) in zip(batch, results) { p.completion(r.mapError { .embed($0) }) }
        }
        condition.lock()
        running -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for work, then gathers up to `maxBatchSize` same-kind jobs: those queued, then those
    /// arriving within `batchWindow` if company is likely: the last pass or this batch already has
    /// more than one job, or the first job arrived while a pass was running (two clients out of
    /// step: waiting lets the other one's next request join). A lone request at low load starts
    /// at once, since the window would only add to its latency (2 ms of a ~12 ms text query).
    /// Returns nil once stopping and drained.
    private func nextBatch() -> [Pending]? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            let expired = takeExpired()
            if !expired.isEmpty {
                // Outside the lock: a completion may submit again.
                condition.unlock()
                for p in expired { p.completion(.failure(.deadlineExceeded)) }
                condition.lock()
                continue
            }
            if let first = queue.first {
                queue.removeFirst()
                var batch = [first]
                let windowEnd = Date(timeIntervalSinceNow: config.batchWindow)
                while batch.count < config.maxBatchSize {
                    if let i = queue.firstIndex(where: { $0.job.kind == first.job.kind }) {
                        batch.append(queue.remove(at: i))
                        continue
                    }
                    let companyLikely = lastBatchSize > 1 || batch.count > 1 || first.arrivedWhileBusy
                    if config.batchWindow <= 0 || stopping || !companyLikely || !condition.wait(until: windowEnd) { break }
                }
                lastBatchSize = batch.count
                busyWorkers += 1
                statsValue.queueDepth = queue.count
                statsValue.batchSizes[batch.count] += 1
                return batch
            }
            if stopping { return nil }
            condition.wait()
        }
    }

    /// Removes queued jobs whose deadline has passed. Called with the lock held.
    private func takeExpired() -> [Pending] {
        let now = DispatchTime.now()
        guard queue.contains(where: { $0.deadline < now }) else { return [] }
        let expired = queue.filter { $0.deadline < now }
        queue.removeAll { $0.deadline < now }
        statsValue.expired += expired.count
        statsValue.queueDepth = queue.count
        return expired
    }
}

/// A result handed from a worker thread to a waiting caller.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Result<[Float], SchedulerError> = .failure(.shuttingDown)
    func set(_ v: Result<[Float], SchedulerError>) { lock.lock(); value = v; lock.unlock() }
    func get() -> Result<[Float], SchedulerError> { lock.lock(); defer { lock.unlock() }; return value }
}
