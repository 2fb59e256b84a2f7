/// Byte classes and small grammar helpers shared by the parsers (RFC 9110 §5.6).
///
/// Written as `switch`es over byte values rather than lookup tables so the hot loops need no
/// lazily-initialised globals.
enum HTTPSyntax {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A

    /// `tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
    ///  / DIGIT / ALPHA` (RFC 9110 §5.6.2).
    @inline(__always)
    static func isTokenChar(_ b: UInt8) -> Bool {
        switch b {
        case 0x61...0x7A, 0x41...0x5A, 0x30...0x39, 0x21, 0x23...0x27, 0x2A, 0x2B, 0x2D, 0x2E,
             0x5E, 0x5F, 0x60, 0x7C, 0x7E: true
        default: false
        }
    }

    /// `field-vchar = VCHAR / obs-text` (RFC 9110 §5.5).
    @inline(__always)
    static func isFieldVChar(_ b: UInt8) -> Bool {
        (b >= 0x21 && b != 0x7F)
    }

    /// Bytes allowed inside a field value: field-vchar, SP, HTAB.
    @inline(__always)
    static func isFieldContent(_ b: UInt8) -> Bool {
        isFieldVChar(b) || b == space || b == tab
    }

    /// `OWS = *( SP / HTAB )`.
    @inline(__always)
    static func isOWS(_ b: UInt8) -> Bool { b == space || b == tab }

    /// The value of a hex digit, or nil.
    @inline(__always)
    static func hexValue(_ b: UInt8) -> Int? {
        switch b {
        case 0x30...0x39: Int(b &- 0x30)
        case 0x41...0x46: Int(b &- 0x41 &+ 10)
        case 0x61...0x66: Int(b &- 0x61 &+ 10)
        default: nil
        }
    }

    @inline(__always)
    static func lowercased(_ b: UInt8) -> UInt8 {
        (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
    }

    /// ASCII case-insensitive equality without allocating (header names and tokens are ASCII).
    static func equalsIgnoringASCIICase<A: StringProtocol, B: StringProtocol>(_ a: A, _ b: B) -> Bool {
        let x = a.utf8, y = b.utf8
        guard x.count == y.count else { return false }
        return zip(x, y).allSatisfy { lowercased($0) == lowercased($1) }
    }

    /// Whether every byte is a tchar and there is at least one.
    static func isToken<S: StringProtocol>(_ s: S) -> Bool {
        !s.utf8.isEmpty && s.utf8.allSatisfy(isTokenChar)
    }

    /// `s` without leading and trailing SP/HTAB.
    /// Works on UTF-8 indices: `Substring.dropFirst` would drop a whole grapheme (SP + U+0301).
    static func trimmingOWS(_ s: Substring) -> Substring {
        let u = s.utf8
        var start = u.startIndex, end = u.endIndex
        while start < end, isOWS(u[start]) { start = u.index(after: start) }
        while end > start, isOWS(u[u.index(before: end)]) { end = u.index(before: end) }
        return Substring(u[start..<end])
    }

    /// `s` split at every `separator` byte (not Character: a comma followed by a combining mark
    /// is still a separator on the wire).
    static func splitBytes(_ s: Substring, _ separator: UInt8) -> [Substring] {
        s.utf8.split(separator: separator, omittingEmptySubsequences: false).map { Substring($0) }
    }

    /// `s` lowercased in ASCII only (tokens and media types; never user text).
    static func asciiLowercased<S: StringProtocol>(_ s: S) -> String {
        String(decoding: s.utf8.map(lowercased), as: UTF8.self)
    }
}
