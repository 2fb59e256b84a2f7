/// A response head `ResponseWriter` refuses to write. These are bugs in the service, not client
/// errors: they exist so that no header value, however it was built, can inject a line.
public enum ResponseHeadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Status outside 100…599.
    case invalidStatus(Int)
    /// A reason phrase with CR, LF or another control character (RFC 9112 §4:
    /// `reason-phrase = 1*( HTAB / SP / VCHAR / obs-text )`).
    case invalidReason
    /// A header name that is not a token (RFC 9110 §5.1).
    case invalidHeaderName(String)
    /// A header value with CR, LF, NUL or another control character (RFC 9110 §5.5), or with
    /// leading/trailing whitespace.
    case invalidHeaderValue(name: String)
    /// Content-Length, Transfer-Encoding, Connection or Date: the writer sets those itself.
    case reservedHeader(String)
    /// A body on a status that cannot have one (1xx, 204, 304: RFC 9110 §6.4.1).
    case bodyNotAllowed(Int)

    public var description: String {
        switch self {
        case .invalidStatus(let s): "status \(s) is not in 100...599"
        case .invalidReason: "the reason phrase contains a control character"
        case .invalidHeaderName(let n): "header name \(n.debugDescription) is not a token"
        case .invalidHeaderValue(let n): "the value of header \(n) contains a control character or surrounding whitespace"
        case .reservedHeader(let n): "header \(n) is written by ResponseWriter; do not set it"
        case .bodyNotAllowed(let s): "status \(s) cannot carry a body"
        }
    }
}
