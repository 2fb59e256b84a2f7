/// The request-head parser: an incremental state machine over the bytes received so far.
///
/// ```
/// HTTP-message = start-line CRLF *( field-line CRLF ) CRLF [ message-body ]   (RFC 9112 §2.1)
/// request-line = method SP request-target SP HTTP-version                     (RFC 9112 §3)
/// field-line   = field-name ":" OWS field-value OWS                           (RFC 9112 §5)
/// ```
///
/// Two ways to call it, with identical results:
/// * `RequestHeadParser.parse(bytes, limits:)` is a pure function (picohttpparser's shape): give it
///   everything received so far, get `.complete(head, consumed:)`, `.needMore` or `.invalid`.
/// * An instance's `parse(_:)` remembers how far it got, so a client trickling one byte at a time
///   costs O(n) in total rather than O(n²). The caller passes the same buffer each time, grown at
///   the end, and makes a fresh parser (or calls `reset()`) for the next request.
///
/// Every decision depends only on bytes already seen, scanning left to right, so the result and the
/// error are the same however the input was split. Errors are reported at the first byte that
/// makes the head invalid, before the head is complete, so a slow attacker is cut off early.
public struct RequestHeadParser: Sendable {
    /// The limits this parser enforces.
    public let limits: HTTPLimits
    var scan = Scan()

    /// A parser at the start of a request.
    public init(limits: HTTPLimits = HTTPLimits()) {
        self.limits = limits
    }

    /// Parses a request head at the start of `bytes` (pure: no state is kept between calls).
    ///
    /// - Returns: `.complete(head, consumed:)` where `consumed` counts the head including its final
    ///   CRLF (and any tolerated leading empty lines); `.needMore`; or `.invalid(error)`.
    public static func parse(_ bytes: UnsafeRawBufferPointer, limits: HTTPLimits = HTTPLimits()) -> HTTPParseResult<HTTPRequestHead> {
        var parser = RequestHeadParser(limits: limits)
        return parser.parse(bytes)
    }

    /// Continues parsing `bytes`, which must start with the bytes given to the previous call
    /// (the caller's receive buffer, appended to). After `.complete` or `.invalid` the same answer is
    /// returned until `reset()`.
    public mutating func parse(_ bytes: UnsafeRawBufferPointer) -> HTTPParseResult<HTTPRequestHead> {
        if let done = scan.outcome { return done }
        precondition(bytes.count >= scan.position, "RequestHeadParser: the buffer shrank between calls")
        let outcome = scan.run(bytes, limits: limits)
        scan.outcome = outcome
        return outcome ?? .needMore
    }

    /// Forgets the current request; the next `parse` starts at byte 0 of its buffer.
    public mutating func reset() {
        scan = Scan()
    }
}
