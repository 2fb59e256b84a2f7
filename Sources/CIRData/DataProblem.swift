/// One problem with the input data: which file, where in it, and what is wrong.
///
/// Every loader in this module reports through this one type, and so does the trainer when its
/// image decoder finds an unreadable image later (`DataOrigin.problem(_:)` on the record), so a
/// user sees all data problems in the same `file:line: message` form. It is also the error the
/// loaders throw: under `ProblemPolicy.fail`, or for a problem with a whole file.
public struct DataProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// Path of the file the problem is in (a manifest, a CIRR captions or image-split file), as the
    /// loader was given it.
    public var file: String
    /// 1-based line number in a JSON-lines manifest; nil for problems with the whole file and for
    /// JSON files that are not line-oriented.
    public var line: Int?
    /// 0-based index of the entry in a JSON array file (CIRR `captions/cap.*.json`), as Python's
    /// `json.load(f)[entry]` would address it; nil otherwise.
    public var entry: Int?
    /// What is wrong, naming the field and the offending value where there is one.
    public var message: String

    public init(file: String, line: Int? = nil, entry: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.entry = entry
        self.message = message
    }

    /// `file:line: message`, `file: entry N: message` or `file: message`, the form compilers use so
    /// editors can jump to the line.
    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        if let entry { return "\(file): entry \(entry): \(message)" }
        return "\(file): \(message)"
    }
}
