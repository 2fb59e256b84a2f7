import Foundation

/// Whole-file JSON reads for the dataset loaders: a file that cannot be read or is not JSON is a
/// problem of that file, and the message says what the loader expected there and in which layout,
/// since the usual cause is a dataset unpacked into the wrong folder.
enum JSONFile {
    /// The document at `url`. `expecting` ("an array of caption entries") and `layout` ("the CIRR
    /// release layout (captions/, image_splits/)") go into the message of an unreadable file.
    static func parse(_ url: URL, expecting: String, in layout: String) throws(DataProblem) -> JSONValue {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw DataProblem(file: url.path, message: "cannot read (\(error.localizedDescription)); expected \(expecting) in \(layout)")
        }
        switch JSONParser.parse(data) {
        case let .success(value):
            return value
        case let .failure(error):
            throw DataProblem(file: url.path, message: "not valid JSON: \(error.description)")
        }
    }

    /// The top-level array of `url`, whose elements are `what` ("caption entries").
    static func array(_ url: URL, of what: String, in layout: String) throws(DataProblem) -> [JSONValue] {
        guard case let .array(entries) = try parse(url, expecting: "an array of \(what)", in: layout) else {
            throw DataProblem(file: url.path, message: "expected a JSON array of \(what)")
        }
        return entries
    }
}
