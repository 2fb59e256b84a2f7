/// The body decoder a request head calls for: one value the connection keeps while reading a body,
/// whatever its framing.
public enum RequestBodyDecoder: Sendable {
    /// No body: complete at once.
    case none
    /// Content-Length accounting.
    case contentLength(ContentLengthBody)
    /// Chunked decoding.
    case chunked(ChunkedDecoder)

    /// The decoder for `head.framing`.
    public init(for head: HTTPRequestHead, limits: HTTPLimits = HTTPLimits()) throws(HTTPParseError) {
        switch head.framing {
        case .none: self = .none
        case .contentLength(let n): self = .contentLength(try ContentLengthBody(length: n, limits: limits))
        case .chunked: self = .chunked(ChunkedDecoder(limits: limits))
        }
    }

    /// Feeds the next received bytes; see `ContentLengthBody.consume` and `ChunkedDecoder.decode`.
    public mutating func decode(_ bytes: UnsafeRawBufferPointer, into body: inout [UInt8]) -> BodyProgress {
        switch self {
        case .none:
            return .complete(consumed: 0)
        case .contentLength(var d):
            let r = d.consume(bytes, into: &body)
            self = .contentLength(d)
            return r
        case .chunked(var d):
            let r = d.decode(bytes, into: &body)
            self = .chunked(d)
            return r
        }
    }
}
