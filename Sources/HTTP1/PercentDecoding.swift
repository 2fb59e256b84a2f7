/// Strict percent-decoding of URL pieces (RFC 3986 §2.1), for route parameters such as
/// `/index/{id}` and for query strings.
public enum PercentDecoding {
    /// Decodes one path segment: `%XX` → byte, `+` stays `+` (only forms treat it as space).
    public static func decodePathSegment(_ segment: Substring) throws(PercentDecodingError) -> String {
        try decode(segment, plusAsSpace: false)
    }

    /// Decodes one query name or value, where `+` means space
    /// (application/x-www-form-urlencoded, WHATWG URL §5.1).
    public static func decodeQueryComponent(_ component: Substring) throws(PercentDecodingError) -> String {
        try decode(component, plusAsSpace: true)
    }

    /// The segments of an absolute path, still encoded: `/index/a%2Fb` → `["index", "a%2Fb"]`, so an
    /// encoded slash stays inside its segment. `/` → `[]`; an empty segment (`//`, trailing `/`) is kept
    /// as "" for the router to refuse or ignore.
    public static func pathSegments(_ path: Substring) -> [Substring] {
        guard path.utf8.first == 0x2F else { return [path] }
        let rest = path.dropFirst()
        if rest.isEmpty { return [] }
        return HTTPSyntax.splitBytes(rest, 0x2F)
    }

    /// The `name=value` pairs of a query, in order, decoded. `a&b=` gives `("a", "")`, `("b", "")`;
    /// empty pairs (`&&`) are skipped.
    public static func parseQuery(_ query: Substring) throws(PercentDecodingError) -> [(name: String, value: String)] {
        var pairs: [(name: String, value: String)] = []
        for pair in HTTPSyntax.splitBytes(query, 0x26) where !pair.isEmpty {
            if let eq = pair.utf8.firstIndex(of: 0x3D) {
                pairs.append((name: try decodeQueryComponent(pair[..<eq]),
                              value: try decodeQueryComponent(pair[pair.utf8.index(after: eq)...])))
            } else {
                pairs.append((name: try decodeQueryComponent(pair), value: ""))
            }
        }
        return pairs
    }

    static func decode(_ s: Substring, plusAsSpace: Bool) throws(PercentDecodingError) -> String {
        let u = s.utf8
        // Fast path: nothing to decode.
        if !u.contains(0x25) && !(plusAsSpace && u.contains(0x2B)) { return String(s) }
        var out: [UInt8] = []
        out.reserveCapacity(u.count)
        var i = u.startIndex
        while i < u.endIndex {
            let b = u[i]
            if b == 0x25 {
                let h1 = u.index(after: i)
                guard h1 < u.endIndex else { throw .invalidEscape }
                let h2 = u.index(after: h1)
                guard h2 < u.endIndex, let hi = HTTPSyntax.hexValue(u[h1]), let lo = HTTPSyntax.hexValue(u[h2]) else {
                    throw .invalidEscape
                }
                out.append(UInt8(hi << 4 | lo))
                i = u.index(after: h2)
            } else {
                out.append(plusAsSpace && b == 0x2B ? HTTPSyntax.space : b)
                i = u.index(after: i)
            }
        }
        // Decoding replaces invalid UTF-8 with U+FFFD, so a round trip that changes the bytes
        // means the input was not UTF-8 (String(validating:) needs macOS 15).
        let decoded = String(decoding: out, as: UTF8.self)
        guard decoded.utf8.elementsEqual(out) else { throw .invalidUTF8 }
        return decoded
    }
}
