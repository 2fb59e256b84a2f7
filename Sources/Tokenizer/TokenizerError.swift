/// Why a tokenizer could not be built from its vocabulary and merges files.
///
/// Every case names the file (its path, or a label for in-memory data) so the message says which
/// file to fix or regenerate.
public enum TokenizerError: Error, CustomStringConvertible, Equatable {
    /// The file does not exist or could not be read.
    case unreadableFile(file: String, reason: String)
    /// `vocab.json` is not a JSON object mapping token strings to integer ids.
    case invalidVocabulary(file: String, reason: String)
    /// A line of `merges.txt` (1-based, counting the header) is not two symbols separated by a space.
    case invalidMergesLine(file: String, line: Int, content: String)
    /// The vocabulary lacks `<|startoftext|>` or `<|endoftext|>`.
    case missingSpecialToken(file: String, token: String)

    public var description: String {
        switch self {
        case let .unreadableFile(file, reason):
            return "cannot read tokenizer file \(file): \(reason)"
        case let .invalidVocabulary(file, reason):
            return "\(file) is not a CLIP vocabulary (a JSON object of token → id): \(reason)"
        case let .invalidMergesLine(file, line, content):
            return "\(file) line \(line): expected two BPE symbols separated by a space, found \"\(content.prefix(80))\""
        case let .missingSpecialToken(file, token):
            return "\(file) has no id for the special token \(token); use the CLIP vocabulary (Scripts/make_tokenizer_files.py)"
        }
    }
}
