/// JSON string literals written by hand (RFC 8259 §7), for the places that build JSON text
/// themselves to fix its bytes: the server's responses and logs, submission files, the synthetic
/// benchmark's manifests.
public enum JSONString {
    /// `s` as a JSON string literal: `"` and `\` escaped, control characters as `\n`, `\r`, `\t`
    /// or `\u00XX`, and U+2028/U+2029 as `\u2028`/`\u2029` (valid raw in JSON but not in
    /// JavaScript source, where such text may end up); everything else as UTF-8.
    public static func literal(_ s: String) -> String {
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
}
