/// Everything that can be wrong with the bytes of a request head or body framing.
///
/// Any of these ends the exchange with its `status`, a `Connection: close` and a closed
/// connection: once framing is in doubt, the next byte on the wire might be a body byte or a
/// smuggled request, and the only safe reading of it is none (RFC 9112 §11.2; NIOHTTP1 does the same).
public enum HTTPParseError: HTTPStatusError, Equatable, Hashable {
    /// The method is empty or has a byte outside `tchar` (RFC 9110 §9.1: `method = token`).
    case invalidMethod
    /// The request-target has a control, space or non-ASCII byte, or is of no form we serve
    /// (origin-, absolute- or asterisk-form, RFC 9112 §3.2; authority-form is only for CONNECT).
    case invalidRequestTarget
    /// The request line is not `method SP request-target SP HTTP-version` (RFC 9112 §3), e.g. a
    /// missing version, lowercase `http/1.1`, a multi-digit version or a second space.
    case invalidRequestLine
    /// Well-formed version other than HTTP/1.0 or HTTP/1.1 (RFC 9110 §15.6.6: 505).
    case versionNotSupported
    /// The request line is longer than `HTTPLimits.maxRequestLineBytes` (RFC 9112 §3: 414).
    case requestLineTooLong
    /// A field name is empty or has a byte outside `tchar`, or a field line has no colon
    /// (RFC 9110 §5.1: `field-name = token`).
    case invalidHeaderName
    /// Whitespace between a field name and its colon (RFC 9112 §5.1: MUST reject with 400, because
    /// intermediaries disagree on such names: a request-smuggling vector).
    case whitespaceBeforeColon
    /// A field line starts with SP or HTAB: obsolete line folding, or whitespace between the
    /// request line and the first field (RFC 9112 §5.2 and §2.2; we reject rather than unfold).
    case obsoleteLineFolding
    /// A field value contains NUL, another control character or DEL (RFC 9110 §5.5: CR, LF and NUL
    /// are "invalid and dangerous"; we reject every CTL except HTAB).
    case invalidHeaderValue
    /// A CR not followed by LF, or an LF not preceded by CR. RFC 9112 §2.2 lets a recipient accept a
    /// bare LF; we do not, since a proxy in front may disagree about where a line ends.
    case bareLineEnding
    /// The head exceeds `HTTPLimits.maxHeaderBytes` (RFC 6585 §5: 431).
    case headerSectionTooLarge
    /// More field lines than `HTTPLimits.maxHeaderCount` (431).
    case tooManyHeaders
    /// An HTTP/1.1 request without Host (RFC 9112 §3.2: MUST respond 400).
    case missingHost
    /// More than one Host field line, or a Host value that is not `uri-host [ ":" port ]`
    /// (RFC 9112 §3.2: MUST respond 400).
    case invalidHost
    /// Both Content-Length and Transfer-Encoding (RFC 9112 §6.3 rule 3: a smuggling attempt;
    /// we reject instead of letting chunked win).
    case conflictingFraming
    /// A Content-Length that is not `1*DIGIT`, or too large for an Int (RFC 9110 §8.6).
    case invalidContentLength
    /// Content-Length field lines or list members with different values (RFC 9112 §6.3 rule 5:
    /// unrecoverable error). Identical duplicates are accepted.
    case conflictingContentLength
    /// Transfer-Encoding whose final coding is not `chunked`, with `chunked` twice, empty, or in an
    /// HTTP/1.0 request (RFC 9112 §6.3 rule 4 and §6.1: 400 and close).
    case invalidTransferEncoding
    /// A transfer coding before `chunked` (e.g. `gzip, chunked`): well-formed but not implemented
    /// (RFC 9112 §6.1: SHOULD respond 501).
    case unsupportedTransferCoding
    /// An Expect value other than `100-continue` (RFC 9110 §10.1.1: MAY respond 417).
    case unsupportedExpectation
    /// The declared or decoded body exceeds `HTTPLimits.maxBodyBytes` (413).
    case bodyTooLarge
    /// A chunk-size that is empty, not hex, longer than 16 digits or too large for an Int
    /// (RFC 9112 §7.1: `chunk-size = 1*HEXDIG`).
    case invalidChunkSize
    /// A chunk extension with a control character, or whitespace after chunk-size not followed by `;`.
    case invalidChunkExtension
    /// A chunk extension longer than `HTTPLimits.maxChunkExtensionBytes`.
    case chunkExtensionTooLong
    /// Chunk data not followed by exactly CRLF (RFC 9112 §7.1: `chunk = … chunk-data CRLF`).
    case invalidChunkTerminator
    /// A malformed trailer field line (RFC 9112 §7.1.2).
    case invalidTrailer
    /// The trailer section exceeds `HTTPLimits.maxTrailerBytes` (431).
    case trailerSectionTooLarge

    /// Every case closes the connection (see the type's contract); the service may still rely on it.
    public var closesConnection: Bool { true }

    public var status: Int {
        switch self {
        case .versionNotSupported: 505
        case .requestLineTooLong: 414
        case .headerSectionTooLarge, .tooManyHeaders, .trailerSectionTooLarge: 431
        case .unsupportedTransferCoding: 501
        case .unsupportedExpectation: 417
        case .bodyTooLarge: 413
        default: 400
        }
    }

    public var code: String {
        switch self {
        case .invalidMethod: "bad_method"
        case .invalidRequestTarget: "bad_request_target"
        case .invalidRequestLine: "bad_request_line"
        case .versionNotSupported: "http_version_not_supported"
        case .requestLineTooLong: "request_line_too_long"
        case .invalidHeaderName: "bad_header_name"
        case .whitespaceBeforeColon: "whitespace_before_colon"
        case .obsoleteLineFolding: "obsolete_line_folding"
        case .invalidHeaderValue: "bad_header_value"
        case .bareLineEnding: "bad_line_ending"
        case .headerSectionTooLarge: "header_too_large"
        case .tooManyHeaders: "too_many_headers"
        case .missingHost: "missing_host"
        case .invalidHost: "bad_host"
        case .conflictingFraming: "conflicting_framing"
        case .invalidContentLength: "bad_content_length"
        case .conflictingContentLength: "conflicting_content_length"
        case .invalidTransferEncoding: "bad_transfer_encoding"
        case .unsupportedTransferCoding: "unsupported_transfer_coding"
        case .unsupportedExpectation: "expectation_failed"
        case .bodyTooLarge: "body_too_large"
        case .invalidChunkSize: "bad_chunk_size"
        case .invalidChunkExtension: "bad_chunk_extension"
        case .chunkExtensionTooLong: "chunk_extension_too_long"
        case .invalidChunkTerminator: "bad_chunk_terminator"
        case .invalidTrailer: "bad_trailer"
        case .trailerSectionTooLarge: "trailer_too_large"
        }
    }

    public var description: String {
        switch self {
        case .invalidMethod: "the method must be a token such as GET or POST"
        case .invalidRequestTarget: "the request target must be an origin-form path (e.g. /query), an absolute URI or *, in printable ASCII"
        case .invalidRequestLine: "the request line must be 'METHOD TARGET HTTP/1.1' followed by CRLF"
        case .versionNotSupported: "only HTTP/1.0 and HTTP/1.1 are served"
        case .requestLineTooLong: "the request line is too long; shorten the URL"
        case .invalidHeaderName: "a header name is not a token, or a header line has no colon"
        case .whitespaceBeforeColon: "whitespace between a header name and its colon is not allowed"
        case .obsoleteLineFolding: "a header line starts with whitespace (obsolete line folding is not accepted)"
        case .invalidHeaderValue: "a header value contains a control character"
        case .bareLineEnding: "lines must end with CRLF; a bare CR or LF was found"
        case .headerSectionTooLarge: "the request head is too large"
        case .tooManyHeaders: "the request has too many header lines"
        case .missingHost: "HTTP/1.1 requests need a Host header"
        case .invalidHost: "the request needs exactly one valid Host header"
        case .conflictingFraming: "send either Content-Length or Transfer-Encoding, not both"
        case .invalidContentLength: "Content-Length must be a decimal number of bytes"
        case .conflictingContentLength: "the Content-Length headers disagree"
        case .invalidTransferEncoding: "Transfer-Encoding must end with a single 'chunked' (and needs HTTP/1.1)"
        case .unsupportedTransferCoding: "only the 'chunked' transfer coding is supported"
        case .unsupportedExpectation: "only 'Expect: 100-continue' is supported"
        case .bodyTooLarge: "the request body is larger than the server accepts"
        case .invalidChunkSize: "a chunk size is not a valid hexadecimal number"
        case .invalidChunkExtension: "a chunk extension is malformed"
        case .chunkExtensionTooLong: "a chunk extension is too long"
        case .invalidChunkTerminator: "chunk data must be followed by CRLF"
        case .invalidTrailer: "a trailer field is malformed"
        case .trailerSectionTooLarge: "the chunked trailer section is too large"
        }
    }
}
