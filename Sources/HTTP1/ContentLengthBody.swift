/// Accounting for a body delimited by Content-Length (RFC 9112 §6.2): exactly `length` bytes follow
/// the head, and anything after them is the next request.
public struct ContentLengthBody: Sendable {
    /// Body bytes still expected.
    public private(set) var remaining: Int

    /// Expects `length` bytes; throws `bodyTooLarge` beyond `limits.maxBodyBytes` and
    /// `invalidContentLength` for a negative length.
    public init(length: Int, limits: HTTPLimits = HTTPLimits()) throws(HTTPParseError) {
        guard length >= 0 else { throw .invalidContentLength }
        guard length <= limits.maxBodyBytes else { throw .bodyTooLarge }
        remaining = length
    }

    /// Appends the body bytes found at the start of `bytes` to `body` (one bulk copy).
    public mutating func consume(_ bytes: UnsafeRawBufferPointer, into body: inout [UInt8]) -> BodyProgress {
        let take = min(remaining, bytes.count)
        if take > 0 { body.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[0..<take])) }
        remaining -= take
        return remaining == 0 ? .complete(consumed: take) : .needMore
    }
}
