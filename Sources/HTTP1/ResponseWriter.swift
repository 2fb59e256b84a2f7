/// Serialises response heads (RFC 9112 §4 and §5):
///
/// ```
/// status-line = HTTP-version SP status-code SP [ reason-phrase ] CRLF
/// ```
///
/// The writer owns the framing headers: it always writes `Content-Length` (except where RFC 9110
/// §8.6 forbids it), `Connection: keep-alive` or `close`, and `Date`. Every caller-supplied name and
/// value is validated, so response splitting through a header value is impossible.
public enum ResponseWriter {
    /// `HTTP/1.1 100 Continue` and the empty line: the interim response a client with
    /// `Expect: 100-continue` waits for before sending its body (RFC 9110 §15.2.1).
    public static let continueResponse: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    private static let dateCache = DateHeaderCache()

    /// The bytes of `head` followed by the framing headers and the empty line.
    ///
    /// - Parameters:
    ///   - bodyLength: the number of body bytes that will follow (for a HEAD response, the length the
    ///     GET would have had). Must be 0 for 1xx, 204 and 304.
    ///   - keepAlive: whether the connection stays open after this response.
    ///   - now: seconds since 1970 for the `Date` header (RFC 9110 §6.6.1: an origin server with a
    ///     clock MUST send Date).
    public static func serialize(_ head: HTTPResponseHead, bodyLength: Int, keepAlive: Bool,
                                 now secondsSince1970: Int64) throws(ResponseHeadError) -> [UInt8] {
        var out: [UInt8] = []
        try write(head, bodyLength: bodyLength, keepAlive: keepAlive, now: secondsSince1970, into: &out)
        return out
    }

    /// As `serialize`, appending to `out` (e.g. a connection's pending-write buffer).
    public static func write(_ head: HTTPResponseHead, bodyLength: Int, keepAlive: Bool,
                             now secondsSince1970: Int64, into out: inout [UInt8]) throws(ResponseHeadError) {
        guard (100...599).contains(head.status) else { throw .invalidStatus(head.status) }
        let reason = head.reason ?? HTTPResponseHead.reasonPhrase(for: head.status)
        guard reason.utf8.allSatisfy(HTTPSyntax.isFieldContent) else { throw .invalidReason }
        let noBody = head.status < 200 || head.status == 204 || head.status == 304
        if noBody && bodyLength != 0 { throw .bodyNotAllowed(head.status) }
        for (name, value) in head.headers {
            guard HTTPSyntax.isToken(name) else { throw .invalidHeaderName(name) }
            for reserved in ["Content-Length", "Transfer-Encoding", "Connection", "Date"]
            where HTTPSyntax.equalsIgnoringASCIICase(name, reserved) {
                throw .reservedHeader(name)
            }
            let v = value.utf8
            guard v.allSatisfy(HTTPSyntax.isFieldContent),
                  v.first.map(HTTPSyntax.isOWS) != true, v.last.map(HTTPSyntax.isOWS) != true else {
                throw .invalidHeaderValue(name: name)
            }
        }
        out.reserveCapacity(out.count + 128 + head.headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 })
        func line(_ s: String) { out.append(contentsOf: s.utf8); out.append(HTTPSyntax.cr); out.append(HTTPSyntax.lf) }
        line("HTTP/1.1 \(head.status) \(reason)")
        for (name, value) in head.headers { line("\(name): \(value)") }
        // RFC 9110 §8.6: "A server MUST NOT send a Content-Length header field in any response with a
        // status code of 1xx (Informational) or 204 (No Content)"; a 304's would describe another body.
        if !noBody { line("Content-Length: \(bodyLength)") }
        line(keepAlive ? "Connection: keep-alive" : "Connection: close")
        out.append(contentsOf: "Date: ".utf8)
        out.append(contentsOf: dateCache.bytes(secondsSince1970: secondsSince1970))
        out.append(HTTPSyntax.cr); out.append(HTTPSyntax.lf)
        out.append(HTTPSyntax.cr); out.append(HTTPSyntax.lf)
    }
}
