/// multipart/form-data (RFC 7578) over a complete, already de-framed body (RFC 2046 §5.1.1):
///
/// ```
/// multipart-body := [preamble CRLF] dash-boundary transport-padding CRLF body-part
///                   *encapsulation close-delimiter transport-padding [CRLF epilogue]
/// dash-boundary  := "--" boundary
/// encapsulation  := delimiter transport-padding CRLF body-part
/// delimiter      := CRLF dash-boundary
/// close-delimiter := delimiter "--"
/// body-part      := MIME-part-headers [CRLF *OCTET]
/// ```
///
/// Strict where laxness would let two parsers disagree: lines end in CRLF, a delimiter followed by
/// anything but padding + CRLF or `--` is an error (not part data), the close delimiter is required.
/// Part bodies are returned as slices of the input.
public enum MultipartParser {
    /// The `boundary` parameter of a multipart/form-data Content-Type:
    /// `boundary := 0*69<bchars> bcharsnospace` (1 to 70 characters), quoted or a token.
    public static func boundary(of contentType: ContentType) throws(MultipartError) -> String {
        guard contentType.isMultipartFormData else { throw .notMultipartFormData }
        guard let boundary = contentType.parameter("boundary"), isValidBoundary(boundary) else { throw .invalidBoundary }
        return boundary
    }

    /// `bchars := bcharsnospace / " "`, `bcharsnospace := DIGIT / ALPHA / "'" / "(" / ")" / "+" / "_"
    /// / "," / "-" / "." / "/" / ":" / "=" / "?"`.
    static func isValidBoundary(_ boundary: String) -> Bool {
        let u = boundary.utf8
        guard (1...70).contains(u.count), u.last != HTTPSyntax.space else { return false }
        return u.allSatisfy { b in
            switch b {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
            case 0x27, 0x28, 0x29, 0x2B, 0x5F, 0x2C, 0x2D, 0x2E, 0x2F, 0x3A, 0x3D, 0x3F, 0x20: true
            default: false
            }
        }
    }

    /// Splits `body` into its parts.
    ///
    /// - Throws: `MultipartError` for a malformed body or a limit of `limits` exceeded
    ///   (`maxMultipartParts`, `maxMultipartPartHeaderBytes`, `maxMultipartPartHeaders`).
    public static func parse(_ body: [UInt8], boundary: String, limits: HTTPLimits = HTTPLimits()) throws(MultipartError) -> [MultipartPart] {
        guard isValidBoundary(boundary) else { throw .invalidBoundary }
        // "\r\n--boundary": every delimiter after the first is searched for with its CRLF.
        let delimiter: [UInt8] = [HTTPSyntax.cr, HTTPSyntax.lf, 0x2D, 0x2D] + Array(boundary.utf8)
        let dashBoundary = delimiter.count - 2
        let searcher = ByteSearcher(pattern: delimiter)
        let n = body.count

        // The first dash-boundary is at the very start or after a preamble and its CRLF.
        var pos: Int
        if body.starts(with: delimiter[2...]) {
            pos = dashBoundary
        } else if let found = searcher.firstIndex(in: body, from: 0) {
            pos = found + delimiter.count
        } else {
            throw .missingFirstBoundary
        }

        var parts: [MultipartPart] = []
        while true {
            // After a dash-boundary: "--" closes; otherwise transport-padding CRLF opens a part.
            guard pos + 2 <= n else { throw .missingCloseDelimiter }
            if body[pos] == 0x2D && body[pos + 1] == 0x2D { return parts }   // epilogue ignored
            while pos < n, HTTPSyntax.isOWS(body[pos]) { pos += 1 }
            guard pos + 2 <= n else { throw .missingCloseDelimiter }
            guard body[pos] == HTTPSyntax.cr && body[pos + 1] == HTTPSyntax.lf else { throw .malformedDelimiter }
            pos += 2
            guard parts.count < limits.maxMultipartParts else { throw .tooManyParts }
            let (headers, bodyStart) = try partHeaders(body, from: pos, limits: limits)
            guard let end = searcher.firstIndex(in: body, from: bodyStart) else { throw .missingCloseDelimiter }
            parts.append(try makePart(headers: headers, body: body[bodyStart..<end]))
            pos = end + delimiter.count
        }
    }

    /// `MIME-part-headers` up to and including the empty line; returns them and where content starts.
    static func partHeaders(_ body: [UInt8], from start: Int, limits: HTTPLimits) throws(MultipartError) -> (HTTPHeaders, Int) {
        var headers = HTTPHeaders()
        var i = start
        let n = body.count
        while true {
            guard i - start < limits.maxMultipartPartHeaderBytes else { throw .partHeadersTooLarge }
            guard i + 2 <= n else { throw .missingCloseDelimiter }
            if body[i] == HTTPSyntax.cr && body[i + 1] == HTTPSyntax.lf {
                guard i + 2 - start <= limits.maxMultipartPartHeaderBytes else { throw .partHeadersTooLarge }
                return (headers, i + 2)
            }
            guard headers.count < limits.maxMultipartPartHeaders else { throw .tooManyPartHeaders }
            let nameStart = i
            while i < n, HTTPSyntax.isTokenChar(body[i]) { i += 1 }
            guard i > nameStart, i < n, body[i] == HTTPSyntax.colon else {
                if i >= n { throw .missingCloseDelimiter }
                throw .invalidPartHeader
            }
            let nameEnd = i
            i += 1
            while i < n, HTTPSyntax.isOWS(body[i]) { i += 1 }
            let valueStart = i
            var valueEnd = i
            while i < n, HTTPSyntax.isFieldContent(body[i]) {
                if !HTTPSyntax.isOWS(body[i]) { valueEnd = i + 1 }
                i += 1
                if i - start > limits.maxMultipartPartHeaderBytes { throw .partHeadersTooLarge }
            }
            guard i + 2 <= n else { throw .missingCloseDelimiter }
            guard body[i] == HTTPSyntax.cr && body[i + 1] == HTTPSyntax.lf else { throw .invalidPartHeader }
            headers.append(name: String(decoding: body[nameStart..<nameEnd], as: UTF8.self),
                           value: String(decoding: body[valueStart..<valueEnd], as: UTF8.self))
            i += 2
        }
    }

    /// RFC 7578 §4.2: `Content-Disposition: form-data; name="field"[; filename="file"]`.
    static func makePart(headers: HTTPHeaders, body: ArraySlice<UInt8>) throws(MultipartError) -> MultipartPart {
        let dispositions = headers.values("Content-Disposition")
        guard dispositions.count == 1, let disposition = dispositions.first else { throw .invalidContentDisposition }
        let bytes = Array(disposition.utf8)
        var i = 0
        while i < bytes.count, HTTPSyntax.isTokenChar(bytes[i]) { i += 1 }
        guard HTTPSyntax.equalsIgnoringASCIICase(String(decoding: bytes[0..<i], as: UTF8.self), "form-data"),
              let params = HeaderParameters.parse(bytes, from: i),
              let name = params.first(where: { $0.name == "name" })?.value else {
            throw .invalidContentDisposition
        }
        let filename = params.first(where: { $0.name == "filename" })?.value
        let contentType = headers.first("Content-Type").flatMap(ContentType.init)
        return MultipartPart(name: name, filename: filename, contentType: contentType, headers: headers, body: body)
    }
}
