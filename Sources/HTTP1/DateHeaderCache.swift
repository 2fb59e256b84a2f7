import Synchronization

/// The `Date` header's text for the current second. It changes once a second but every response
/// writes it, and building it takes a dozen small string allocations (it showed in profiles of
/// GET /healthz, which costs the server ~20 µs of CPU in all), so the last second's bytes are kept
/// and shared by all connections.
final class DateHeaderCache: Sendable {
    private let last = Mutex<(second: Int64, bytes: [UInt8])>((Int64.min, []))

    /// `HTTPDate.imfFixdate(secondsSince1970:)` as UTF-8.
    func bytes(secondsSince1970 second: Int64) -> [UInt8] {
        if let hit = last.withLock({ $0.second == second ? $0.bytes : nil }) { return hit }
        let fresh = Array(HTTPDate.imfFixdate(secondsSince1970: second).utf8)
        last.withLock { $0 = (second, fresh) }
        return fresh
    }
}
