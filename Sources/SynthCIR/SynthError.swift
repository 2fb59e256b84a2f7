/// Everything that can go wrong while generating the benchmark.
public enum SynthError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A configuration field is out of range; the message names it and the accepted range.
    case invalidConfig(String)
    /// The world could not supply a group satisfying the constraints (for example, too many
    /// hard negatives asked of one-object scenes); the message says which split and group.
    case samplingFailed(String)
    /// The output directory already holds files and replacing them was not asked for.
    case outputNotEmpty(path: String)
    /// A file or directory could not be written.
    case io(path: String, message: String)
    /// zlib failed while compressing a PNG.
    case encoding(String)

    public var description: String {
        switch self {
        case .invalidConfig(let m): "invalid synthetic benchmark config: \(m)"
        case .samplingFailed(let m): "synthetic benchmark sampling failed: \(m); lower hardNegativesPerQuery or raise maxObjects"
        case .outputNotEmpty(let p): "\(p) is not empty: choose a new directory or pass replaceExisting to overwrite it"
        case .io(let p, let m): "cannot write \(p): \(m)"
        case .encoding(let m): "PNG encoding failed: \(m)"
        }
    }
}
