/// How the request body is delimited (RFC 9112 §6.3), as decided from the head.
public enum HTTPBodyFraming: Sendable, Hashable {
    /// No Content-Length and no Transfer-Encoding: a request has no body (RFC 9112 §6.3 rule 7).
    case none
    /// Exactly this many body bytes follow the head (0 is allowed and means an empty body).
    case contentLength(Int)
    /// `Transfer-Encoding: chunked`: decode with `ChunkedDecoder`.
    case chunked
}
