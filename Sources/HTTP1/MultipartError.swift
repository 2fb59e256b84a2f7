/// Why a multipart/form-data body was refused. The body itself was framed correctly (the
/// connection stays usable), so unlike `HTTPParseError` these do not require closing.
public enum MultipartError: HTTPStatusError, Equatable, Hashable {
    /// The Content-Type is not multipart/form-data (415).
    case notMultipartFormData
    /// No `boundary` parameter, or one that is not 1–70 `bchars` ending in a non-space (RFC 2046 §5.1.1).
    case invalidBoundary
    /// The body has no `--boundary` line at its start or after a preamble.
    case missingFirstBoundary
    /// A boundary line followed by something other than transport padding and CRLF, or `--`
    /// (e.g. `--boundaryX`: the delimiter must not appear inside a part, RFC 2046 §5.1.1).
    case malformedDelimiter
    /// The body ends before the close delimiter `--boundary--` (a truncated upload).
    case missingCloseDelimiter
    /// A part header line is not `name ":" value` with CRLF, or starts with whitespace.
    case invalidPartHeader
    /// A part has no `Content-Disposition: form-data; name="…"` (RFC 7578 §4.2 requires it).
    case invalidContentDisposition
    /// More parts than `HTTPLimits.maxMultipartParts` (413).
    case tooManyParts
    /// A part's header section exceeds `HTTPLimits.maxMultipartPartHeaderBytes` (413).
    case partHeadersTooLarge
    /// A part has more header lines than `HTTPLimits.maxMultipartPartHeaders` (413).
    case tooManyPartHeaders

    public var status: Int {
        switch self {
        case .notMultipartFormData: 415
        case .tooManyParts, .partHeadersTooLarge, .tooManyPartHeaders: 413
        default: 400
        }
    }

    public var code: String {
        switch self {
        case .notMultipartFormData: "unsupported_media_type"
        case .invalidBoundary: "bad_multipart_boundary"
        case .missingFirstBoundary: "multipart_missing_boundary"
        case .malformedDelimiter: "bad_multipart_delimiter"
        case .missingCloseDelimiter: "multipart_truncated"
        case .invalidPartHeader: "bad_part_header"
        case .invalidContentDisposition: "bad_content_disposition"
        case .tooManyParts: "too_many_parts"
        case .partHeadersTooLarge: "part_headers_too_large"
        case .tooManyPartHeaders: "too_many_part_headers"
        }
    }

    public var description: String {
        switch self {
        case .notMultipartFormData: "expected Content-Type multipart/form-data (or application/json)"
        case .invalidBoundary: "the multipart boundary parameter is missing or not 1-70 allowed characters"
        case .missingFirstBoundary: "the multipart body does not start with its boundary line"
        case .malformedDelimiter: "a multipart boundary line is followed by unexpected characters"
        case .missingCloseDelimiter: "the multipart body ends without its closing boundary (truncated upload?)"
        case .invalidPartHeader: "a multipart part header is malformed"
        case .invalidContentDisposition: "every part needs 'Content-Disposition: form-data; name=\"...\"'"
        case .tooManyParts: "the multipart body has too many parts"
        case .partHeadersTooLarge: "a multipart part's headers are too large"
        case .tooManyPartHeaders: "a multipart part has too many headers"
        }
    }
}
