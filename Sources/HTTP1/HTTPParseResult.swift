/// The answer of an incremental parser to "is there a complete item at the start of these bytes?"
/// (picohttpparser's contract: complete with the bytes it used, need more, or invalid).
public enum HTTPParseResult<Value> {
    /// A complete item; the first `consumed` bytes of the input belong to it and whatever follows
    /// (a body, a pipelined request) is untouched.
    case complete(Value, consumed: Int)
    /// Every byte so far is a valid prefix; call again once more bytes have arrived.
    case needMore
    /// The bytes can never become a valid item; answer with `error.status` and close.
    case invalid(HTTPParseError)
}

extension HTTPParseResult: Sendable where Value: Sendable {}
extension HTTPParseResult: Equatable where Value: Equatable {}
