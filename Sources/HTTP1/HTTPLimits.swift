/// Every limit the HTTP/1.1 parsing layer enforces, in one value (STYLE principle 6).
///
/// Each field has a safe default for the retrieval service (JSON or multipart bodies carrying one
/// or a few images) and a test in `HTTP1Tests/LimitTests.swift` that exceeds it by one byte or one
/// item. Exceeding a limit is always a typed `HTTPParseError` or `MultipartError`, never a trap.
public struct HTTPLimits: Sendable, Equatable {
    /// Longest request line (method SP request-target SP HTTP-version), excluding its CRLF.
    /// Default 8 KiB, as nginx and NIO. Exceeding it is `requestLineTooLong` (414: RFC 9112 §3
    /// recommends at least 8000 octets and a 414 for longer targets).
    public var maxRequestLineBytes: Int = 8 * 1024

    /// Total size of the request head: any tolerated leading empty lines, the request line, every
    /// field line and the final empty line, CRLFs included. Default 32 KiB. Exceeding it is
    /// `headerSectionTooLarge` (431, RFC 6585 §5).
    public var maxHeaderBytes: Int = 32 * 1024

    /// Most field lines in one request head. Default 100 (as NIO and Go). Exceeding it is
    /// `tooManyHeaders` (431).
    public var maxHeaderCount: Int = 100

    /// Largest request body after chunked decoding (or declared by Content-Length). Default
    /// 20 MiB: a few full-resolution photographs, base64-encoded, in one `/index` batch.
    /// Exceeding it is `bodyTooLarge` (413).
    public var maxBodyBytes: Int = 20 * 1024 * 1024

    /// Longest chunk extension on one chunk-size line (everything from the first `;` to the CRLF).
    /// Extensions are ignored, so the bound only stops a client from streaming an endless one.
    /// Default 256. Exceeding it is `chunkExtensionTooLong` (400).
    public var maxChunkExtensionBytes: Int = 256

    /// Total size of the trailer section of a chunked body (field lines and the final CRLF).
    /// Trailers are ignored (RFC 9112 §7.1.2 allows discarding them). Default 8 KiB. Exceeding it is
    /// `trailerSectionTooLarge` (431).
    public var maxTrailerBytes: Int = 8 * 1024

    /// Most parts in one multipart/form-data body. A query has at most a handful of fields; an
    /// `/index` upload one image part per item. Default 256. Exceeding it is `tooManyParts` (413).
    public var maxMultipartParts: Int = 256

    /// Largest header section of one multipart part (its field lines and the empty line).
    /// Default 8 KiB. Exceeding it is `partHeadersTooLarge` (431).
    public var maxMultipartPartHeaderBytes: Int = 8 * 1024

    /// Most field lines in one multipart part header section. Default 16. Exceeding it is
    /// `tooManyPartHeaders` (431).
    public var maxMultipartPartHeaders: Int = 16

    /// The defaults documented on each field.
    public init() {}

    /// The defaults, then `configure` applied; e.g. `HTTPLimits { $0.maxBodyBytes = 1 << 20 }`.
    public init(_ configure: (inout HTTPLimits) -> Void) {
        configure(&self)
    }
}
