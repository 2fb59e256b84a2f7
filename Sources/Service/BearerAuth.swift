import HTTP1

/// `Authorization: Bearer <key>` checking with a constant-time comparison, so response timing
/// does not reveal how many leading bytes of a guess were right.
struct BearerAuth: Sendable {
    let keys: [[UInt8]]

    init(keys: [String]) { self.keys = keys.map { Array($0.utf8) } }

    var enabled: Bool { !keys.isEmpty }

    /// Whether the request carries one of the keys.
    func allows(_ headers: HTTPHeaders) -> Bool {
        guard let value = headers.first("Authorization") else { return false }
        let parts = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return false }
        let presented = Array(parts[1].utf8)
        var ok = false
        for key in keys { ok = Self.constantTimeEqual(presented, key) || ok }
        return ok
    }

    /// Compares every byte of the longer input whatever the contents; only the length leaks.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var diff = UInt8(truncatingIfNeeded: a.count ^ b.count)
        let n = max(a.count, b.count)
        for i in 0..<n {
            let x = i < a.count ? a[i] : 0, y = i < b.count ? b[i] : 0
            diff |= x ^ y
        }
        return diff == 0
    }
}
