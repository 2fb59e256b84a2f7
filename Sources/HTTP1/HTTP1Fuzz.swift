/// The whole parsing layer on one untrusted input, with its invariants checked: the entry point a
/// libFuzzer target wraps (the fuzz target maps `violation` to its own failure outcome).
public enum HTTP1Fuzz {
    /// What one input did.
    public struct Report: Sendable, Equatable {
        /// A short account, e.g. `2 requests; last invalid: bad_header_value`.
        public var summary: String
        /// A broken invariant (a bug), or nil.
        public var violation: String?
    }

    /// Small limits, so short fuzz inputs reach every limit.
    public static let limits = HTTPLimits {
        $0.maxRequestLineBytes = 256
        $0.maxHeaderBytes = 1024
        $0.maxHeaderCount = 16
        $0.maxBodyBytes = 4096
        $0.maxChunkExtensionBytes = 32
        $0.maxTrailerBytes = 128
        $0.maxMultipartParts = 8
        $0.maxMultipartPartHeaderBytes = 256
        $0.maxMultipartPartHeaders = 4
    }

    /// Parses `bytes` as pipelined requests (head, body, multipart, URL, an echoing response), then
    /// as a bare chunked body and a bare multipart body. Never traps on any input.
    ///
    /// Invariants: the pure and the incremental head parser agree however the input is split; so do
    /// the body decoders; `consumed` stays within the input; a complete head satisfies the grammar it
    /// was checked against (token method and names, no CR/LF/NUL in values, framing consistent with
    /// its headers); decoded bodies respect the limit; multipart parts are ordered slices of the
    /// body; a response echoing request values either is refused or has exactly its own lines.
    public static func parseEverything(_ bytes: UnsafeRawBufferPointer) -> Report {
        var notes: [String] = []
        var offset = 0
        var requests = 0
        while offset < bytes.count && requests < 8 {
            let rest = UnsafeRawBufferPointer(rebasing: bytes[offset...])
            let whole = RequestHeadParser.parse(rest, limits: limits)
            var incremental = RequestHeadParser(limits: limits)
            let cut = rest.count * 7 / 13
            var split = incremental.parse(UnsafeRawBufferPointer(rebasing: rest[0..<cut]))
            if split == .needMore { split = incremental.parse(rest) }
            guard split == whole else { return Report(summary: "", violation: "split at \(cut) gave \(split), whole gave \(whole)") }
            switch whole {
            case .needMore:
                notes.append("incomplete head"); offset = bytes.count
            case .invalid(let e):
                notes.append("invalid: \(e.code)"); offset = bytes.count
            case .complete(let head, let consumed):
                guard consumed > 0 && consumed <= rest.count else { return Report(summary: "", violation: "consumed \(consumed) of \(rest.count)") }
                if let v = checkHead(head) { return Report(summary: "", violation: v) }
                requests += 1
                let body = UnsafeRawBufferPointer(rebasing: rest[consumed...])
                switch checkBody(head, body) {
                case .failure(let v): return Report(summary: "", violation: v.message)
                case .success(let (note, used)):
                    notes.append(note)
                    offset = used.map { offset + consumed + $0 } ?? bytes.count
                }
            }
        }
        if let v = checkBareChunked(bytes) { return Report(summary: "", violation: v) }
        if let v = checkBareMultipart(bytes) { return Report(summary: "", violation: v) }
        return Report(summary: "\(requests) requests; " + notes.joined(separator: "; "), violation: nil)
    }

    struct Violation: Error { let message: String }

    static func checkHead(_ head: HTTPRequestHead) -> String? {
        guard HTTPSyntax.isToken(head.method) else { return "method \(head.method.debugDescription) is not a token" }
        guard !head.target.isEmpty, head.target.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return "target \(head.target.debugDescription)" }
        guard head.version == .http1_0 || head.version == .http1_1 else { return "version \(head.version)" }
        guard head.headers.count <= limits.maxHeaderCount else { return "\(head.headers.count) headers" }
        for (name, value) in head.headers {
            guard HTTPSyntax.isToken(name) else { return "header name \(name.debugDescription)" }
            guard value.utf8.allSatisfy(HTTPSyntax.isFieldContent) else { return "header value \(value.debugDescription)" }
        }
        let hasTE = head.headers.contains("Transfer-Encoding"), hasCL = head.headers.contains("Content-Length")
        switch head.framing {
        case .none: if hasTE || hasCL { return "framing none with framing headers" }
        case .chunked: if !hasTE || hasCL { return "chunked without TE or with CL" }
        case .contentLength(let n): if hasTE || !hasCL || n < 0 || n > limits.maxBodyBytes { return "content-length \(n)" }
        }
        if head.version == .http1_1 && !head.headers.contains("Host") { return "HTTP/1.1 without Host" }
        _ = PercentDecoding.pathSegments(head.path).map { try? PercentDecoding.decodePathSegment($0) }
        if let q = head.query { _ = try? PercentDecoding.parseQuery(q) }
        // A response echoing every request value must be refused or keep to its own lines.
        let echo = HTTPResponseHead(status: 200, headers: HTTPHeaders(head.headers.map { (name: "X-Echo-" + $0.name, value: $0.value) }))
        if let out = try? ResponseWriter.serialize(echo, bodyLength: 0, keepAlive: head.keepAlive, now: 0) {
            let lines = lineCount(out)
            guard lines == head.headers.count + 5 else { return "response has \(lines) lines for \(head.headers.count) headers" }
        }
        return nil
    }

    /// CRLF-terminated lines in `out`; -1 if any CR or LF stands alone.
    static func lineCount(_ out: [UInt8]) -> Int {
        var lines = 0, i = 0
        while i < out.count {
            if out[i] == HTTPSyntax.cr {
                guard i + 1 < out.count, out[i + 1] == HTTPSyntax.lf else { return -1 }
                lines += 1; i += 2
            } else if out[i] == HTTPSyntax.lf { return -1 } else { i += 1 }
        }
        return lines
    }

    /// Decodes the body whole and in 3-byte pieces; returns a note and the bytes used (nil: incomplete or invalid).
    static func checkBody(_ head: HTTPRequestHead, _ bytes: UnsafeRawBufferPointer) -> Result<(String, Int?), Violation> {
        let decoder: RequestBodyDecoder
        do { decoder = try RequestBodyDecoder(for: head, limits: limits) } catch { return .success(("body refused: \(error.code)", nil)) }
        var wholeDecoder = decoder, wholeBody: [UInt8] = []
        let whole = wholeDecoder.decode(bytes, into: &wholeBody)
        var pieceDecoder = decoder, pieceBody: [UInt8] = []
        var pieces = BodyProgress.needMore, start = 0
        while start < bytes.count || start == 0 {
            let end = min(start + 3, bytes.count)
            pieces = pieceDecoder.decode(UnsafeRawBufferPointer(rebasing: bytes[start..<end]), into: &pieceBody)
            if case .complete(let used) = pieces { pieces = .complete(consumed: start + used); break }
            if case .invalid = pieces { break }
            start = end
            if end == bytes.count { break }
        }
        guard pieces == whole else { return .failure(Violation(message: "body in pieces \(pieces), whole \(whole)")) }
        guard pieceBody == wholeBody || whole != .needMore && !isComplete(whole) else {
            return .failure(Violation(message: "body bytes differ between whole and pieces"))
        }
        guard wholeBody.count <= limits.maxBodyBytes else { return .failure(Violation(message: "body of \(wholeBody.count) bytes")) }
        switch whole {
        case .needMore: return .success(("incomplete body", nil))
        case .invalid(let e): return .success(("invalid body: \(e.code)", nil))
        case .complete(let used):
            guard used <= bytes.count else { return .failure(Violation(message: "body consumed \(used) of \(bytes.count)")) }
            if case .contentLength(let n) = head.framing, wholeBody.count != n {
                return .failure(Violation(message: "content-length \(n) gave \(wholeBody.count) bytes"))
            }
            if let type = head.headers.first("Content-Type").flatMap(ContentType.init), type.isMultipartFormData,
               let boundary = try? MultipartParser.boundary(of: type), let v = checkMultipart(wholeBody, boundary: boundary) {
                return .failure(Violation(message: v))
            }
            return .success(("body \(wholeBody.count) bytes", used))
        }
    }

    static func isComplete(_ p: BodyProgress) -> Bool {
        if case .complete = p { return true }
        return false
    }

    static func checkMultipart(_ body: [UInt8], boundary: String) -> String? {
        guard let parts = try? MultipartParser.parse(body, boundary: boundary, limits: limits) else { return nil }
        guard parts.count <= limits.maxMultipartParts else { return "\(parts.count) parts" }
        var previousEnd = 0
        for part in parts {
            guard part.body.startIndex >= previousEnd, part.body.endIndex <= body.count else { return "part slices out of order" }
            guard part.headers.count <= limits.maxMultipartPartHeaders else { return "part with \(part.headers.count) headers" }
            previousEnd = part.body.endIndex
        }
        return nil
    }

    /// The input as a chunked body: whole and byte by byte must agree.
    static func checkBareChunked(_ bytes: UnsafeRawBufferPointer) -> String? {
        var a = ChunkedDecoder(limits: limits), bodyA: [UInt8] = []
        let whole = a.decode(bytes, into: &bodyA)
        var b = ChunkedDecoder(limits: limits), bodyB: [UInt8] = []
        var stepwise = BodyProgress.needMore
        for i in 0..<bytes.count {
            stepwise = b.decode(UnsafeRawBufferPointer(rebasing: bytes[i..<(i + 1)]), into: &bodyB)
            if case .complete(let used) = stepwise { stepwise = .complete(consumed: i + used); break }
            if case .invalid = stepwise { break }
        }
        if bytes.isEmpty { stepwise = b.decode(bytes, into: &bodyB) }
        guard whole == stepwise else { return "chunked whole \(whole), byte by byte \(stepwise)" }
        if whole != .needMore && !isComplete(whole) { return nil }
        guard bodyA == bodyB, bodyA.count <= limits.maxBodyBytes else { return "chunked bodies differ" }
        return nil
    }

    /// The input as a multipart body with boundary `XyZ`, and its first line as a Content-Type.
    static func checkBareMultipart(_ bytes: UnsafeRawBufferPointer) -> String? {
        let firstLine = bytes.prefix { $0 != HTTPSyntax.lf }
        _ = ContentType(String(decoding: firstLine, as: UTF8.self))
        return checkMultipart(Array(bytes), boundary: "XyZ")
    }
}
