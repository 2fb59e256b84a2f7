/// Errors of the training layer; each message says what to do next.
public enum TrainingError: Error, CustomStringConvertible, Equatable {
    /// A configuration the trainer cannot run.
    case unsupported(String)
    /// A bad command-line or configuration value.
    case invalid(String)
    /// Reading or writing a file failed.
    case io(path: String, detail: String)
    /// A data problem under the `fail` policy (file, line, message).
    case data(String)

    public var description: String {
        switch self {
        case .unsupported(let s): return "unsupported: \(s)"
        case .invalid(let s): return "invalid: \(s)"
        case .io(let path, let detail): return "\(path): \(detail)"
        case .data(let s): return s
        }
    }
}
