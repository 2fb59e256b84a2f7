/// Finds a multipart delimiter (`CRLF "--" boundary`) in a body in linear time.
///
/// The boundary is chosen by the client, so a general-purpose search that is O(n·m) on crafted
/// input (Horspool on `--aaaa…` against a body of `a`s) would hand an attacker a 70× CPU
/// multiplier. The delimiter's first byte, CR, occurs nowhere else in it (bchars exclude CR), so
/// after a partial match of k bytes none of the next k−1 input bytes can start a match: a scan
/// that jumps past them touches every byte a bounded number of times.
struct ByteSearcher: Sendable {
    let pattern: [UInt8]

    /// `pattern` must be non-empty and its first byte must not occur again in it.
    init(pattern: [UInt8]) {
        precondition(!pattern.isEmpty && !pattern.dropFirst().contains(pattern[0]))
        self.pattern = pattern
    }

    /// The first index ≥ `from` where `pattern` starts in `haystack`, or nil.
    func firstIndex(in haystack: [UInt8], from: Int) -> Int? {
        let m = pattern.count, n = haystack.count
        guard from >= 0, n - from >= m else { return nil }
        return haystack.withUnsafeBufferPointer { h in
            pattern.withUnsafeBufferPointer { p in
                let first = p[0]
                var i = from
                while i <= n - m {
                    if h[i] != first { i += 1; continue }
                    var j = 1
                    while j < m && h[i + j] == p[j] { j += 1 }
                    if j == m { return i }
                    i += j
                }
                return nil
            }
        }
    }
}
