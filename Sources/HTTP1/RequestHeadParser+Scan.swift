extension RequestHeadParser {
    /// Where the scan is in the grammar. Comments quote the rule being matched.
    enum Phase: Sendable {
        /// Before the request line: "a server … SHOULD ignore at least one empty line (CRLF)
        /// received prior to the request-line" (RFC 9112 §2.2).
        case start
        case startLF
        /// `method = token`
        case method
        /// `request-target` (RFC 9112 §3.2), checked byte by byte for printable ASCII here and for
        /// its form once complete.
        case target
        /// `HTTP-version = HTTP-name "/" DIGIT "." DIGIT`, `HTTP-name = %s"HTTP"`; the payload is how
        /// many bytes of it were matched.
        case version(Int)
        case requestLineLF
        /// At the first byte of a field line or of the final CRLF.
        case lineStart
        /// `field-name = token`
        case name
        /// `":" OWS` before the value.
        case valueLeadingOWS
        /// `field-value = *field-content`, with trailing OWS trimmed.
        case value
        case fieldLF
        case finalLF
    }

    /// The byte offsets of one field line in the input.
    struct FieldRange: Sendable {
        var name: Range<Int>
        var value: Range<Int>
    }

    /// Everything the scan has to remember between calls: offsets into the caller's buffer, never bytes.
    struct Scan: Sendable {
        var position = 0
        var phase = Phase.start
        var requestLineStart = 0
        var methodEnd = 0
        var targetStart = 0
        var targetEnd = 0
        var versionMajor = 0
        var versionMinor = 0
        var lineStart = 0
        var nameEnd = 0
        var valueStart = 0
        var valueEnd = 0
        var fields: [FieldRange] = []
        var outcome: HTTPParseResult<HTTPRequestHead>?

        /// Scans from `position` to the end of `bytes`; nil means every byte was a valid prefix.
        mutating func run(_ bytes: UnsafeRawBufferPointer, limits: HTTPLimits) -> HTTPParseResult<HTTPRequestHead>? {
            let count = bytes.count
            // RFC 6585 §5: the whole head is bounded, so an endless head is cut off by size.
            let end = min(count, limits.maxHeaderBytes)
            var pos = position
            defer { position = pos }
            while pos < end {
                let b = bytes[pos]
                switch phase {
                case .start:
                    if b == HTTPSyntax.cr { phase = .startLF }
                    else if b == HTTPSyntax.lf { return .invalid(.bareLineEnding) }
                    else { requestLineStart = pos; phase = .method; continue }
                case .startLF:
                    guard b == HTTPSyntax.lf else { return .invalid(.bareLineEnding) }
                    phase = .start
                case .method, .target, .version:
                    // The request line's length excludes its CRLF (RFC 9112 §3).
                    let (sum, overflow) = requestLineStart.addingReportingOverflow(limits.maxRequestLineBytes)
                    let lineCap = overflow ? Int.max : sum
                    if b != HTTPSyntax.cr, pos >= lineCap { return .invalid(.requestLineTooLong) }
                    if case .target = phase {
                        // Fast path over printable ASCII; the slow path below handles the rest.
                        let p = Self.skip(bytes, from: pos, to: min(end, lineCap)) { $0 > 0x20 && $0 < 0x7F }
                        if p > pos { pos = p; continue }
                    }
                    if let error = requestLineByte(b, at: pos) { return .invalid(error) }
                case .requestLineLF:
                    guard b == HTTPSyntax.lf else { return .invalid(.bareLineEnding) }
                    guard versionMajor == 1, versionMinor <= 1 else { return .invalid(.versionNotSupported) }
                    phase = .lineStart
                case .lineStart:
                    if b == HTTPSyntax.cr { phase = .finalLF }
                    else if HTTPSyntax.isTokenChar(b) {
                        guard fields.count < limits.maxHeaderCount else { return .invalid(.tooManyHeaders) }
                        lineStart = pos; phase = .name
                    } else if HTTPSyntax.isOWS(b) { return .invalid(.obsoleteLineFolding) }
                    else if b == HTTPSyntax.lf { return .invalid(.bareLineEnding) }
                    else { return .invalid(.invalidHeaderName) }
                case .name:
                    let p = Self.skip(bytes, from: pos, to: end, while: HTTPSyntax.isTokenChar)
                    if p > pos { pos = p; continue }
                    if b == HTTPSyntax.colon { nameEnd = pos; phase = .valueLeadingOWS }
                    else if HTTPSyntax.isOWS(b) { return .invalid(.whitespaceBeforeColon) }
                    else { return .invalid(.invalidHeaderName) }
                case .valueLeadingOWS:
                    if HTTPSyntax.isOWS(b) { break }
                    if HTTPSyntax.isFieldVChar(b) { valueStart = pos; valueEnd = pos + 1; phase = .value }
                    else if b == HTTPSyntax.cr { valueStart = pos; valueEnd = pos; phase = .fieldLF }
                    else if b == HTTPSyntax.lf { return .invalid(.bareLineEnding) }
                    else { return .invalid(.invalidHeaderValue) }
                case .value:
                    // field-content bytes in bulk; valueEnd tracks the last non-OWS byte.
                    var p = pos, last = valueEnd
                    while p < end {
                        let c = bytes[p]
                        if HTTPSyntax.isFieldVChar(c) { last = p &+ 1 } else if !HTTPSyntax.isOWS(c) { break }
                        p &+= 1
                    }
                    if p > pos { valueEnd = last; pos = p; continue }
                    if b == HTTPSyntax.cr { phase = .fieldLF }
                    else if b == HTTPSyntax.lf { return .invalid(.bareLineEnding) }
                    else { return .invalid(.invalidHeaderValue) }
                case .fieldLF:
                    // RFC 9110 §5.5: a CR inside a value is invalid; here it can only end the line.
                    guard b == HTTPSyntax.lf else { return .invalid(.bareLineEnding) }
                    if fields.isEmpty { fields.reserveCapacity(16) }
                    fields.append(FieldRange(name: lineStart..<nameEnd, value: valueStart..<valueEnd))
                    phase = .lineStart
                case .finalLF:
                    guard b == HTTPSyntax.lf else { return .invalid(.bareLineEnding) }
                    pos += 1
                    switch RequestHeadParser.interpret(self, bytes, limits: limits) {
                    case .success(let head): return .complete(head, consumed: pos)
                    case .failure(let error): return .invalid(error)
                    }
                }
                pos += 1
            }
            // More bytes than the head may have, and it has not ended.
            if pos < count { return .invalid(.headerSectionTooLarge) }
            return nil
        }

        /// The first index in `from..<to` whose byte fails `accept` (or `to`).
        @inline(__always)
        static func skip(_ bytes: UnsafeRawBufferPointer, from: Int, to: Int, while accept: (UInt8) -> Bool) -> Int {
            var p = from
            while p < to && accept(bytes[p]) { p &+= 1 }
            return p
        }

        /// One byte of the request line (method, target or version).
        @inline(__always)
        mutating func requestLineByte(_ b: UInt8, at pos: Int) -> HTTPParseError? {
            switch phase {
            case .method:
                if HTTPSyntax.isTokenChar(b) { return nil }
                if b == HTTPSyntax.space {
                    guard pos > requestLineStart else { return .invalidMethod }
                    methodEnd = pos; targetStart = pos + 1; phase = .target
                    return nil
                }
                return b == HTTPSyntax.cr || b == HTTPSyntax.lf ? .invalidRequestLine : .invalidMethod
            case .target:
                // RFC 3986 allows only printable ASCII in a URI; SP ends the target.
                if b > 0x20 && b < 0x7F { return nil }
                if b == HTTPSyntax.space {
                    guard pos > targetStart else { return .invalidRequestLine }
                    targetEnd = pos; phase = .version(0)
                    return nil
                }
                // "GET /\r\n" is HTTP/0.9's request line, which RFC 9112 no longer allows.
                return b == HTTPSyntax.cr || b == HTTPSyntax.lf ? .invalidRequestLine : .invalidRequestTarget
            case .version(let matched):
                switch matched {
                case 0...4:
                    // %s"HTTP/": case-sensitive (RFC 9112 §2.3).
                    let expected: UInt8 = switch matched { case 0: 0x48; case 1, 2: 0x54; case 3: 0x50; default: 0x2F }
                    guard b == expected else { return .invalidRequestLine }
                case 5, 7:
                    guard b >= 0x30 && b <= 0x39 else { return .invalidRequestLine }
                    if matched == 5 { versionMajor = Int(b - 0x30) } else { versionMinor = Int(b - 0x30) }
                case 6:
                    guard b == 0x2E else { return .invalidRequestLine }
                default:
                    if b == HTTPSyntax.lf { return .bareLineEnding }
                    guard b == HTTPSyntax.cr else { return .invalidRequestLine }
                    phase = .requestLineLF
                    return nil
                }
                phase = .version(matched + 1)
                return nil
            default:
                return nil
            }
        }
    }
}
