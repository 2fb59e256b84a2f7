import Foundation

/// Parsing of the Hugging Face CLIP tokenizer files, with the reference's leniencies kept so that
/// the same files give the same ids.
enum TokenizerFiles {
    /// The reference reads at most this many merges (49152 − 256 byte symbols − 2 special tokens);
    /// later lines are ignored.
    static let maximumMerges = 49152 - 256 - 2

    static func readFile(_ url: URL) throws -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            let reason = FileManager.default.fileExists(atPath: url.path) ? "\(error)" : "no such file"
            throw TokenizerError.unreadableFile(file: url.path, reason: reason)
        }
    }

    /// `vocab.json`: a JSON object of token string → id.
    static func parseVocabulary(_ data: Data, file: String) throws -> [String: Int32] {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw TokenizerError.invalidVocabulary(file: file, reason: "not valid JSON")
        }
        guard let entries = object as? [String: Any] else {
            throw TokenizerError.invalidVocabulary(file: file, reason: "the top level is not an object")
        }
        var vocabulary: [String: Int32] = [:]
        vocabulary.reserveCapacity(entries.count)
        for (token, value) in entries {
            guard let id = value as? Int, let id32 = Int32(exactly: id), id32 >= 0 else {
                throw TokenizerError.invalidVocabulary(file: file, reason: "the id of \"\(token)\" is not a non-negative integer")
            }
            vocabulary[token] = id32
        }
        return vocabulary
    }

    /// `merges.txt`: like the reference, strip the text, skip the first line unconditionally (the
    /// `#version` header), and read each following line as two whitespace-separated symbols.
    static func parseMerges(_ text: String, file: String) throws -> [(String, String)] {
        // Scalars, not Characters: "\r\n" is one Character, and a symbol must never merge with
        // its neighbour into one grapheme.
        let lines = text.trimmingCharacters(in: .whitespacesAndNewlines).unicodeScalars
            .split(separator: "\n", omittingEmptySubsequences: false)
        var merges: [(String, String)] = []
        merges.reserveCapacity(min(maximumMerges, max(lines.count - 1, 0)))
        for (offset, line) in lines.enumerated().dropFirst().prefix(maximumMerges) {
            let parts = line.split(whereSeparator: \.properties.isWhitespace)
            guard parts.count == 2 else {
                throw TokenizerError.invalidMergesLine(file: file, line: offset + 1, content: String(String.UnicodeScalarView(line)))
            }
            merges.append((String(String.UnicodeScalarView(parts[0])), String(String.UnicodeScalarView(parts[1]))))
        }
        return merges
    }
}
