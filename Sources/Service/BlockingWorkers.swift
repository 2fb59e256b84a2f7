import Foundation

/// Threads for request handlers that block (waiting for the inference scheduler): FIFO, at most
/// `maxThreads` running at once, a thread started whenever a job would otherwise wait and fewer
/// than `maxThreads` exist, idle threads exiting after `idleTimeout`.
///
/// Not a Dispatch queue: libdispatch on Linux grows a pool whose threads are blocked by about one
/// thread a second, so under 16 concurrent composed queries most requests waited seconds for a
/// thread before reaching the scheduler, and the dynamic batcher saw batches of 2-4 instead of 8
/// (docs/load-benchmark.md).
final class BlockingWorkers: @unchecked Sendable {
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var jobs: [@Sendable () -> Void] = []
    private var head = 0
    private var threads = 0
    private var idle = 0
    private let maxThreads: Int
    private let idleTimeout: TimeInterval
    private let name: String

    init(maxThreads: Int, name: String, idleTimeout: TimeInterval = 10) {
        self.maxThreads = max(1, maxThreads)
        self.name = name
        self.idleTimeout = idleTimeout
    }

    func run(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        let spawn = jobs.count - head > idle && threads < maxThreads
        if spawn { threads += 1 } else { condition.signal() }
        condition.unlock()
        if spawn {
            let t = Thread { [self] in loop() }
            t.name = name
            t.stackSize = 8 << 20
            t.start()
        }
    }

    private func loop() {
        condition.lock()
        while true {
            if head < jobs.count {
                let job = jobs[head]
                head += 1
                if head == jobs.count { jobs.removeAll(keepingCapacity: true); head = 0 }
                condition.unlock()
                job()
                condition.lock()
                continue
            }
            idle += 1
            let signalled = condition.wait(until: Date(timeIntervalSinceNow: idleTimeout))
            idle -= 1
            if !signalled && head >= jobs.count {
                threads -= 1
                condition.unlock()
                return
            }
        }
    }
}
