extension RequestHeadParser {
    /// Turns a syntactically complete head into an `HTTPRequestHead`, applying the message-level
    /// rules of RFC 9112: target form, Host, message body length (§6.3), persistence, Expect.
    static func interpret(_ scan: Scan, _ bytes: UnsafeRawBufferPointer, limits: HTTPLimits) -> Result<HTTPRequestHead, HTTPParseError> {
        func string(_ range: Range<Int>) -> String {
            String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
        let method = string(scan.requestLineStart..<scan.methodEnd)
        let target = string(scan.targetStart..<scan.targetEnd)
        var headers: [HTTPHeaders.Element] = []
        headers.reserveCapacity(scan.fields.count)
        for field in scan.fields {
            headers.append((name: string(field.name), value: string(field.value)))
        }
        let fields = HTTPHeaders(headers)
        let version = HTTPVersion(major: scan.versionMajor, minor: scan.versionMinor)

        guard let form = targetForm(of: target, method: method) else { return .failure(.invalidRequestTarget) }

        // One pass over the raw names finds the fields that carry message semantics, so the common
        // request needs no string comparisons; only what is present is interpreted further.
        var hostCount = 0, hostValue = 0..<0
        var contentLengths = 0, lengthValue = 0..<0
        var hasTE = false, connectionCount = 0, connectionValue = 0..<0, hasExpect = false
        for field in scan.fields {
            switch field.name.count {
            case 4 where equalsLowercase(bytes, field.name, "host"):
                hostCount += 1; hostValue = field.value
            case 6 where equalsLowercase(bytes, field.name, "expect"):
                hasExpect = true
            case 10 where equalsLowercase(bytes, field.name, "connection"):
                connectionCount += 1; connectionValue = field.value
            case 14 where equalsLowercase(bytes, field.name, "content-length"):
                contentLengths += 1; lengthValue = field.value
            case 17 where equalsLowercase(bytes, field.name, "transfer-encoding"):
                hasTE = true
            default:
                break
            }
        }

        // RFC 9112 §3.2: "A server MUST respond with a 400 (Bad Request) status code to any HTTP/1.1
        // request message that lacks a Host header field and to any request message that contains
        // more than one Host header field line or a Host header field with an invalid field value."
        if hostCount > 1 { return .failure(.invalidHost) }
        if hostCount == 1, !UnsafeRawBufferPointer(rebasing: bytes[hostValue]).allSatisfy(isHostByte) { return .failure(.invalidHost) }
        if hostCount == 0 && version == .http1_1 { return .failure(.missingHost) }

        let framing: HTTPBodyFraming
        if !hasTE && contentLengths == 0 {
            framing = .none
        } else if !hasTE && contentLengths == 1, let n = parseDecimal(UnsafeRawBufferPointer(rebasing: bytes[lengthValue])) {
            // The common case, one plain length; lists, repeats and errors take the general path.
            if n > limits.maxBodyBytes { return .failure(.bodyTooLarge) }
            framing = .contentLength(n)
        } else {
            switch bodyFraming(fields, version: version, limits: limits) {
            case .success(let f): framing = f
            case .failure(let e): return .failure(e)
            }
        }

        // RFC 9112 §9.3: persistence by version and the `close` / `keep-alive` connection options.
        var keepAlive = version == .http1_1
        if connectionCount == 1 && equalsLowercase(bytes, connectionValue, "keep-alive") {
            keepAlive = true
        } else if connectionCount == 1 && equalsLowercase(bytes, connectionValue, "close") {
            keepAlive = false
        } else if connectionCount > 0 {
            let options = fields.listMembers("Connection")
            if options.contains(where: { HTTPSyntax.equalsIgnoringASCIICase($0, "close") }) {
                keepAlive = false
            } else if options.contains(where: { HTTPSyntax.equalsIgnoringASCIICase($0, "keep-alive") }) {
                keepAlive = true
            }
        }

        // RFC 9110 §10.1.1: `Expect = #expectation`; only 100-continue is defined, and "a server that
        // receives a 100-continue expectation in an HTTP/1.0 request MUST ignore that expectation".
        var expectContinue = false
        if hasExpect {
            for expectation in fields.listMembers("Expect") {
                guard HTTPSyntax.equalsIgnoringASCIICase(expectation, "100-continue") else {
                    return .failure(.unsupportedExpectation)
                }
                expectContinue = version == .http1_1
            }
        }

        return .success(HTTPRequestHead(method: method, target: target, targetForm: form, version: version,
                                        headers: fields, keepAlive: keepAlive, expectContinue: expectContinue,
                                        framing: framing))
    }

    /// RFC 9112 §3.2: origin-form `absolute-path [ "?" query ]`, absolute-form `absolute-URI`
    /// (`scheme ":" hier-part`, scheme = `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`; we require the
    /// `//authority` of http and https), asterisk-form `*` (OPTIONS only, §3.2.4). Authority-form is
    /// CONNECT's, which this server does not implement.
    static func targetForm(of target: String, method: String) -> HTTPRequestHead.TargetForm? {
        let u = target.utf8
        guard let first = u.first else { return nil }
        if first == 0x2F { return .origin }
        if target == "*" { return method == "OPTIONS" ? .asterisk : nil }
        guard (first | 0x20) >= 0x61 && (first | 0x20) <= 0x7A else { return nil }
        guard let colon = u.firstIndex(of: 0x3A) else { return nil }
        let schemeOK = u[..<colon].allSatisfy { b in
            let l = b | 0x20
            return (l >= 0x61 && l <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2B || b == 0x2D || b == 0x2E
        }
        guard schemeOK, u[u.index(after: colon)...].starts(with: "//".utf8) else { return nil }
        return .absolute
    }

    /// `Host = uri-host [ ":" port ]` (RFC 9110 §7.2): reg-name, IPv4 or an IP-literal in brackets;
    /// we accept the RFC 3986 characters of those (unreserved, sub-delims, "%", ":", "[", "]"), which
    /// excludes "/", "@", "\" and whitespace — the bytes that let a Host smuggle a path or user.
    static func isHostByte(_ b: UInt8) -> Bool {
            switch b {
            case 0x61...0x7A, 0x41...0x5A, 0x30...0x39: true
            case 0x2D, 0x2E, 0x5F, 0x7E: true                                 // - . _ ~
            case 0x21, 0x24, 0x26...0x2C, 0x3B, 0x3D: true                     // ! $ & ' ( ) * + , ; =
            case 0x25, 0x3A, 0x5B, 0x5D: true                                  // % : [ ]
            default: false
            }
    }

    /// Whether `bytes[range]`, ASCII-lowercased, is `lowercaseLiteral`.
    @inline(__always)
    static func equalsLowercase(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ lowercaseLiteral: StaticString) -> Bool {
        guard range.count == lowercaseLiteral.utf8CodeUnitCount else { return false }
        let literal = lowercaseLiteral.utf8Start
        for (k, i) in range.enumerated() where HTTPSyntax.lowercased(bytes[i]) != literal[k] { return false }
        return true
    }

    /// RFC 9112 §6.3, message body length, for a request.
    static func bodyFraming(_ fields: HTTPHeaders, version: HTTPVersion, limits: HTTPLimits) -> Result<HTTPBodyFraming, HTTPParseError> {
        let hasTE = fields.contains("Transfer-Encoding")
        let lengths = fields.values("Content-Length")
        if hasTE {
            // Rule 3: both present "ought to be handled as an error" — it is how requests are
            // smuggled past a proxy that reads the other one.
            if !lengths.isEmpty { return .failure(.conflictingFraming) }
            // §6.1: an HTTP/1.0 message with Transfer-Encoding has faulty framing.
            if version == .http1_0 { return .failure(.invalidTransferEncoding) }
            let codings = fields.listMembers("Transfer-Encoding")
            guard let last = codings.last, HTTPSyntax.equalsIgnoringASCIICase(last, "chunked") else {
                // Rule 4: "If a Transfer-Encoding header field is present in a request and the chunked
                // transfer coding is not the final encoding, … the server MUST respond with the
                // 400 (Bad Request) status code and then close the connection."
                return .failure(.invalidTransferEncoding)
            }
            // §7: "A sender MUST NOT apply the chunked transfer coding more than once".
            if codings.dropLast().contains(where: { HTTPSyntax.equalsIgnoringASCIICase($0, "chunked") }) {
                return .failure(.invalidTransferEncoding)
            }
            // §6.1: "A server that receives a request message with a transfer coding it does not
            // understand SHOULD respond with 501 (Not Implemented)."
            if codings.count > 1 { return .failure(.unsupportedTransferCoding) }
            return .success(.chunked)
        }
        guard !lengths.isEmpty else { return .success(.none) }
        // RFC 9110 §8.6: `Content-Length = 1*DIGIT`; a list of identical values ("42, 42", or the
        // same field twice) MAY be accepted as that value; anything else is an unrecoverable error
        // (RFC 9112 §6.3 rule 5).
        var length: Int?
        for value in lengths {
            for member in HTTPSyntax.splitBytes(value[...], 0x2C) {
                guard let n = parseDecimal(HTTPSyntax.trimmingOWS(member).utf8) else { return .failure(.invalidContentLength) }
                if let previous = length, previous != n { return .failure(.conflictingContentLength) }
                length = n
            }
        }
        guard let n = length else { return .failure(.invalidContentLength) }
        if n > limits.maxBodyBytes { return .failure(.bodyTooLarge) }
        return .success(.contentLength(n))
    }

    /// `1*DIGIT` as an Int, nil if empty, not all digits, or overflowing.
    static func parseDecimal<C: Collection<UInt8>>(_ digits: C) -> Int? {
        guard !digits.isEmpty else { return nil }
        var n = 0
        for b in digits {
            guard b >= 0x30 && b <= 0x39 else { return nil }
            let (times10, o1) = n.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int(b - 0x30))
            if o1 || o2 { return nil }
            n = sum
        }
        return n
    }
}
