import ConText
import ImageIO

/// Every failure the API reports, with its HTTP status and stable machine-readable code.
/// Errors become responses in one place (`APIError.response`), so a new failure cannot leak out
/// as a 500 by accident: a 500 on client input is a bug.
public struct APIError: Error, Equatable, CustomStringConvertible, Sendable {
    public let status: Int
    public let code: String
    public let message: String
    /// Seconds for `Retry-After` (429/503).
    public let retryAfter: Int?

    public init(_ status: Int, _ code: String, _ message: String, retryAfter: Int? = nil) {
        self.status = status; self.code = code; self.message = message; self.retryAfter = retryAfter
    }

    public var description: String { "\(status) \(code): \(message)" }

    /// `{"error": {"code": ..., "message": ...}}`.
    public var jsonBody: String {
        "{\"error\":{\"code\":\(JSONText.quote(code)),\"message\":\(JSONText.quote(message))}}"
    }

    public static func badRequest(_ m: String) -> APIError { APIError(400, "bad_request", m) }
    public static func invalidField(_ field: String, _ m: String) -> APIError { APIError(422, "invalid_field", "\(field): \(m)") }
    public static func notFound(_ m: String) -> APIError { APIError(404, "not_found", m) }
    public static func tooLarge(_ m: String) -> APIError { APIError(413, "too_large", m) }
    public static func unsupportedMedia(_ m: String) -> APIError { APIError(415, "unsupported_media_type", m) }
}

extension APIError {
    /// The image decoder's verdicts: too large → 413, not an image format we read → 415,
    /// anything undecodable → 422.
    public init(image e: ImageDecodeError, field: String = "image") {
        switch e {
        case .tooLarge: self.init(413, "image_too_large", "\(field): \(e.description)")
        case .unsupportedFormat: self.init(415, "unsupported_image_format", "\(field): \(e.description)")
        case .outOfMemory: self.init(503, "overloaded", "\(field): \(e.description)", retryAfter: 1)
        default: self.init(422, "undecodable_image", "\(field): \(e.description)")
        }
    }

    /// The model's refusals are the client's problem (422), never the server's.
    public init(embed e: EmbedError) {
        switch e {
        case .image(let img): self.init(image: img)
        case .noFusionHead: self.init(422, "composed_unsupported", e.description)
        case .noTextProjection: self.init(422, "text_unsupported", e.description)
        default: self.init(422, "invalid_input", e.description)
        }
    }

    /// The scheduler's refusals: overload → 503 with `Retry-After`; deadline → 503 as well (the
    /// server, not the client, was too slow, and retrying later is the right reaction).
    public init(scheduler e: SchedulerError) {
        switch e {
        case .overloaded(let s): self.init(503, "overloaded", e.description, retryAfter: s)
        case .deadlineExceeded: self.init(503, "deadline_exceeded", e.description, retryAfter: 1)
        case .shuttingDown: self.init(503, "shutting_down", e.description, retryAfter: 1)
        case .embed(let inner): self.init(embed: inner)
        }
    }
}
