/// Minimal JSON text writing for responses: escaping per RFC 8259 §7 and shortest round-trip
/// float formatting, without going through Foundation's serializer on the hot path.
public enum JSONText {
    /// `s` as a JSON string literal.
    public static func quote(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20 || u.value == 0x2028 || u.value == 0x2029:
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    /// A float as JSON: shortest round-trip text; non-finite values (never produced by the model
    /// on valid input) become `null` so the document stays valid.
    public static func number(_ f: Float) -> String { f.isFinite ? "\(f)" : "null" }
}
