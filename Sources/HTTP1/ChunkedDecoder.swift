/// Incremental decoder of the chunked transfer coding (RFC 9112 §7.1):
///
/// ```
/// chunked-body   = *chunk last-chunk trailer-section CRLF
/// chunk          = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
/// chunk-size     = 1*HEXDIG
/// last-chunk     = 1*("0") [ chunk-ext ] CRLF
/// chunk-ext      = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
/// trailer-section = *( field-line CRLF )
/// ```
///
/// Feed it the bytes after the head as they arrive, in order; it consumes each input up to the end
/// of the body and appends chunk data to the caller's buffer in bulk. Extensions and trailers are
/// bounded and ignored (§7.1.1: "A recipient MUST ignore unrecognized chunk extensions"; §7.1.2:
/// trailers may be discarded). Like the head parser, the result does not depend on how the input
/// was split.
public struct ChunkedDecoder: Sendable {
    enum State: Sendable {
        case size
        case sizeWhitespace
        case ext
        case sizeLF
        case data
        case dataCR
        case dataLF
        case trailerLineStart
        case trailerName
        case trailerValue
        case trailerLF
        case finalLF
        case done
    }

    /// The limits enforced: `maxBodyBytes`, `maxChunkExtensionBytes`, `maxTrailerBytes`.
    public let limits: HTTPLimits
    /// Body bytes decoded so far.
    public private(set) var decodedBytes = 0
    var state = State.size
    var sizeDigits = 0
    var chunkSize = 0
    var remaining = 0
    var extensionBytes = 0
    var trailerBytes = 0
    var failure: HTTPParseError?

    /// A decoder at the start of a chunked body.
    public init(limits: HTTPLimits = HTTPLimits()) {
        self.limits = limits
    }

    /// Whether the last chunk and trailer section have been read.
    public var isComplete: Bool {
        if case .done = state { return true }
        return false
    }

    /// Decodes `bytes` (the next bytes of the connection), appending chunk data to `body`.
    ///
    /// - Returns: `.needMore` when every byte was consumed and the body continues; `.complete(consumed:)`
    ///   at the end of the trailer section; `.invalid` on broken framing or a limit (and again on
    ///   every later call).
    public mutating func decode(_ bytes: UnsafeRawBufferPointer, into body: inout [UInt8]) -> BodyProgress {
        if let failure { return .invalid(failure) }
        let result = run(bytes, into: &body)
        if case .invalid(let e) = result { failure = e }
        return result
    }

    private mutating func run(_ bytes: UnsafeRawBufferPointer, into body: inout [UInt8]) -> BodyProgress {
        let count = bytes.count
        var pos = 0
        while pos < count {
            let b = bytes[pos]
            switch state {
            case .size:
                if let digit = HTTPSyntax.hexValue(b) {
                    // 16 hex digits hold any Int; more (even leading zeros) is not a size we need.
                    sizeDigits += 1
                    guard sizeDigits <= 16 else { return .invalid(.invalidChunkSize) }
                    let (shifted, overflow) = chunkSize.multipliedReportingOverflow(by: 16)
                    guard !overflow else { return .invalid(.invalidChunkSize) }
                    chunkSize = shifted | digit
                } else {
                    guard sizeDigits > 0 else { return .invalid(.invalidChunkSize) }
                    if b == HTTPSyntax.cr { state = .sizeLF }
                    else if b == 0x3B { state = .ext; extensionBytes = 1 }
                    else if HTTPSyntax.isOWS(b) { state = .sizeWhitespace; extensionBytes = 1 }
                    else { return .invalid(.invalidChunkSize) }
                }
            case .sizeWhitespace:
                // BWS is only allowed before ";": "5 \r\n" is not a chunk-size line.
                extensionBytes += 1
                guard extensionBytes <= limits.maxChunkExtensionBytes else { return .invalid(.chunkExtensionTooLong) }
                if b == 0x3B { state = .ext }
                else if !HTTPSyntax.isOWS(b) { return .invalid(.invalidChunkExtension) }
            case .ext:
                if b == HTTPSyntax.cr { state = .sizeLF; break }
                extensionBytes += 1
                guard extensionBytes <= limits.maxChunkExtensionBytes else { return .invalid(.chunkExtensionTooLong) }
                // Extensions are ignored, but a CTL in one (a bare LF above all) is where parsers
                // disagree about where the line ends: reject.
                if b == HTTPSyntax.lf { return .invalid(.bareLineEnding) }
                guard HTTPSyntax.isFieldContent(b) else { return .invalid(.invalidChunkExtension) }
            case .sizeLF:
                guard b == HTTPSyntax.lf else { return .invalid(.bareLineEnding) }
                if chunkSize == 0 {
                    state = .trailerLineStart
                } else {
                    guard chunkSize <= limits.maxBodyBytes - decodedBytes else { return .invalid(.bodyTooLarge) }
                    remaining = chunkSize
                    state = .data
                }
            case .data:
                let take = min(remaining, count - pos)
                body.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[pos..<(pos + take)]))
                remaining -= take
                decodedBytes += take
                pos += take
                if remaining == 0 { state = .dataCR }
                continue
            case .dataCR:
                guard b == HTTPSyntax.cr else { return .invalid(.invalidChunkTerminator) }
                state = .dataLF
            case .dataLF:
                guard b == HTTPSyntax.lf else { return .invalid(.invalidChunkTerminator) }
                state = .size; sizeDigits = 0; chunkSize = 0; extensionBytes = 0
            case .trailerLineStart, .trailerName, .trailerValue, .trailerLF, .finalLF:
                trailerBytes += 1
                guard trailerBytes <= limits.maxTrailerBytes else { return .invalid(.trailerSectionTooLarge) }
                if let error = trailerByte(b) { return .invalid(error) }
                if case .done = state { return .complete(consumed: pos + 1) }
            case .done:
                return .complete(consumed: 0)
            }
            pos += 1
        }
        if case .done = state { return .complete(consumed: 0) }
        return .needMore
    }

    /// `trailer-section = *( field-line CRLF )` then the final CRLF; lines are checked like header
    /// lines (token name, colon, field-content) and then dropped.
    private mutating func trailerByte(_ b: UInt8) -> HTTPParseError? {
        switch state {
        case .trailerLineStart:
            if b == HTTPSyntax.cr { state = .finalLF }
            else if HTTPSyntax.isTokenChar(b) { state = .trailerName }
            else if b == HTTPSyntax.lf { return .bareLineEnding }
            else { return .invalidTrailer }
        case .trailerName:
            if b == HTTPSyntax.colon { state = .trailerValue }
            else if !HTTPSyntax.isTokenChar(b) { return .invalidTrailer }
        case .trailerValue:
            if b == HTTPSyntax.cr { state = .trailerLF }
            else if b == HTTPSyntax.lf { return .bareLineEnding }
            else if !HTTPSyntax.isFieldContent(b) { return .invalidTrailer }
        case .trailerLF:
            guard b == HTTPSyntax.lf else { return .bareLineEnding }
            state = .trailerLineStart
        case .finalLF:
            guard b == HTTPSyntax.lf else { return .bareLineEnding }
            state = .done
        default:
            break
        }
        return nil
    }
}
