/// Where a record came from, kept on every record so that problems found after loading (an image
/// the trainer cannot decode) are reported against the manifest line or CIRR entry that named it.
public struct DataOrigin: Sendable, Hashable, CustomStringConvertible {
    /// Path of the manifest or CIRR captions file.
    public var file: String
    /// 1-based line in a JSON-lines manifest, nil for CIRR files.
    public var line: Int?
    /// 0-based entry index in a CIRR captions file, nil for manifests.
    public var entry: Int?

    public init(file: String, line: Int? = nil, entry: Int? = nil) {
        self.file = file
        self.line = line
        self.entry = entry
    }

    /// A problem located at this origin, e.g.
    /// `record.origin.problem("reference image images/a.png cannot be decoded: truncated PNG")`.
    public func problem(_ message: String) -> DataProblem {
        DataProblem(file: file, line: line, entry: entry, message: message)
    }

    public var description: String {
        if let line { return "\(file):\(line)" }
        if let entry { return "\(file): entry \(entry)" }
        return file
    }
}
