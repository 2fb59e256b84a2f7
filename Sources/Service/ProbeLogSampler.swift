import Foundation

/// Decides which successful health probes get a log line: the first, then at most one per
/// `interval` seconds, each carrying how many were answered unlogged since the previous one
/// (`ServiceConfig.probeLogInterval`).
final class ProbeLogSampler: @unchecked Sendable {
    private let interval: Double
    private let lock = NSLock()
    // Guarded by `lock`.
    private var lastLogged = -Double.infinity
    private var skipped = 0

    init(interval: Double) { self.interval = interval }

    /// The number of probes skipped since the last logged one when this one (at monotonic
    /// seconds `now`) is to be logged; nil when it is not.
    func admit(now: Double) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard interval <= 0 || now - lastLogged >= interval else { skipped += 1; return nil }
        let n = skipped
        skipped = 0
        lastLogged = now
        return n
    }
}
