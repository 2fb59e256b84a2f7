import Foundation
import Tokenizer

/// `CLIPTokenizer.encode` on untrusted text (the input bytes as UTF-8, invalid sequences
/// replaced, as the HTTP layer does).
///
/// Invariants: 2...77 ids, BOS first, EOS last, every id inside the vocabulary.
public enum TokenizerFuzzTarget: FuzzTarget {
    public static let name = "fuzz-tokenizer"

    /// The CLIP vocabulary: `$FUZZ_TOKENIZER_DIR` or Tests/Fixtures/tokenizer of this checkout.
    static let directory: URL = {
        if let dir = ProcessInfo.processInfo.environment["FUZZ_TOKENIZER_DIR"] { return URL(fileURLWithPath: dir) }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Tests/Fixtures/tokenizer")
    }()

    /// The tokenizer and the number of ids in its vocabulary, or why they could not be loaded.
    static let loaded: Result<(tokenizer: CLIPTokenizer, vocabularySize: Int32), LoadFailure> = {
        let vocab = directory.appendingPathComponent("vocab.json"), merges = directory.appendingPathComponent("merges.txt")
        do {
            let tokenizer = try CLIPTokenizer(vocabURL: vocab, mergesURL: merges)
            let entries = try JSONSerialization.jsonObject(with: Data(contentsOf: vocab)) as? [String: Int] ?? [:]
            return .success((tokenizer, Int32(entries.values.max() ?? -1) + 1))
        } catch {
            return .failure(LoadFailure(message: "cannot load the CLIP vocabulary from \(directory.path): \(error); set FUZZ_TOKENIZER_DIR"))
        }
    }()

    struct LoadFailure: Error { let message: String }

    public static func run(_ bytes: UnsafeRawBufferPointer) -> FuzzOutcome {
        let (tokenizer, vocabularySize): (CLIPTokenizer, Int32)
        switch loaded {
        case .success(let l): (tokenizer, vocabularySize) = l
        case .failure(let f): return .violated(f.message)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let ids = tokenizer.encode(text, maxLength: 77)
        guard ids.count >= 2, ids.count <= 77 else { return .violated("\(ids.count) ids") }
        guard ids.first == tokenizer.bosID, ids.last == tokenizer.eosID else {
            return .violated("ids \(ids.prefix(3))...\(ids.suffix(3)) do not start with BOS \(tokenizer.bosID) and end with EOS \(tokenizer.eosID)")
        }
        if let bad = ids.first(where: { $0 < 0 || $0 >= vocabularySize }) {
            return .violated("id \(bad) outside the vocabulary of \(vocabularySize)")
        }
        return .accepted("\(ids.count) ids")
    }
}
