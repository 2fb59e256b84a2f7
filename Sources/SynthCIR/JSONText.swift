import JSONWriting

/// Just enough JSON writing for the benchmark's files, done by hand so the bytes (key order,
/// spacing, escapes) are fixed by this code rather than by a Foundation version.
enum JSONText {
    /// A JSON string literal: quotes, backslashes and control characters escaped, everything
    /// else written as UTF-8.
    static func string(_ s: String) -> String { JSONString.literal(s) }

    /// `["a", "b"]`.
    static func array(_ items: [String]) -> String {
        "[" + items.map(string).joined(separator: ", ") + "]"
    }

    /// `{"k": v, …}` from already-encoded values, in the given order.
    static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.map { "\(string($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
    }
}
