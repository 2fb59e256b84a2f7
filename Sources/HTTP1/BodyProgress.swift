/// What a body decoder did with the bytes it was given.
public enum BodyProgress: Sendable, Equatable {
    /// Every byte given was body (or framing) and the body is not finished yet.
    case needMore
    /// The body ended within the input; the first `consumed` bytes belonged to it and the rest
    /// (a pipelined request) is the next request's.
    case complete(consumed: Int)
    /// The body's framing is broken or it is too large: answer `error.status` and close.
    case invalid(HTTPParseError)
}
