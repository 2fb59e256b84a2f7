/// One field of a multipart/form-data body (RFC 7578 §4).
public struct MultipartPart: Sendable, Equatable {
    /// The `name` parameter of Content-Disposition: the form field, e.g. `image` or `text`.
    public var name: String
    /// The `filename` parameter, present for file parts (possibly empty); informative only.
    public var filename: String?
    /// The part's Content-Type, if it sent a parseable one (RFC 7578 §4.4: defaults to text/plain,
    /// or application/octet-stream for files — the caller decides).
    public var contentType: ContentType?
    /// All header lines of the part, in order.
    public var headers: HTTPHeaders
    /// The part's content: a slice of the body array, not a copy.
    public var body: ArraySlice<UInt8>

    /// Memberwise.
    public init(name: String, filename: String?, contentType: ContentType?, headers: HTTPHeaders, body: ArraySlice<UInt8>) {
        self.name = name; self.filename = filename; self.contentType = contentType
        self.headers = headers; self.body = body
    }
}
