/// The `parameters` grammar shared by Content-Type and Content-Disposition (RFC 9110 §5.6.6):
///
/// ```
/// parameters      = *( OWS ";" OWS [ parameter ] )
/// parameter       = parameter-name "=" parameter-value
/// parameter-name  = token
/// parameter-value = ( token / quoted-string )
/// quoted-string   = DQUOTE *( qdtext / quoted-pair ) DQUOTE                (§5.6.4)
/// qdtext          = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
/// quoted-pair     = "\" ( HTAB / SP / VCHAR / obs-text )
/// ```
enum HeaderParameters {
    /// A leading token (the media type's `type "/" subtype`, the disposition type), then the
    /// parameters with names lowercased; nil if anything is malformed or a name repeats (a repeated
    /// `boundary` would let two parsers pick different ones).
    static func parse(_ bytes: [UInt8], from start: Int) -> [(name: String, value: String)]? {
        var i = start
        let n = bytes.count
        var result: [(name: String, value: String)] = []
        func skipOWS() { while i < n, HTTPSyntax.isOWS(bytes[i]) { i += 1 } }
        while true {
            skipOWS()
            if i == n { return result }
            guard bytes[i] == 0x3B else { return nil }
            i += 1
            skipOWS()
            if i == n { return result }
            if bytes[i] == 0x3B { continue }                  // empty parameter: "a/b;;c=d"
            let nameStart = i
            while i < n, HTTPSyntax.isTokenChar(bytes[i]) { i += 1 }
            guard i > nameStart, i < n, bytes[i] == 0x3D else { return nil }
            let name = HTTPSyntax.asciiLowercased(String(decoding: bytes[nameStart..<i], as: UTF8.self))
            i += 1
            var value: [UInt8] = []
            if i < n, bytes[i] == 0x22 {
                i += 1
                var closed = false
                while i < n {
                    let b = bytes[i]
                    if b == 0x22 { closed = true; i += 1; break }
                    if b == 0x5C {
                        i += 1
                        guard i < n, bytes[i] == HTTPSyntax.tab || (bytes[i] >= 0x20 && bytes[i] != 0x7F) else { return nil }
                        value.append(bytes[i])
                    } else {
                        guard b == HTTPSyntax.tab || (b >= 0x20 && b != 0x7F) else { return nil }
                        value.append(b)
                    }
                    i += 1
                }
                guard closed else { return nil }
            } else {
                let valueStart = i
                while i < n, HTTPSyntax.isTokenChar(bytes[i]) { i += 1 }
                guard i > valueStart else { return nil }
                value.append(contentsOf: bytes[valueStart..<i])
            }
            if result.contains(where: { $0.name == name }) { return nil }
            result.append((name: name, value: String(decoding: value, as: UTF8.self)))
        }
    }
}
