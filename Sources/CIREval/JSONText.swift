import JSONWriting

/// Minimal JSON writing for the submission files: their key order (version, metric, then the
/// queries in input order) and one-line layout follow CIRR's example files, which a dictionary
/// serialiser would not keep.
enum JSONText {
    /// `text` as a JSON string literal: quotes, backslashes and control characters escaped,
    /// everything else written as UTF-8.
    static func quoted(_ text: String) -> String { JSONString.literal(text) }
}
