import Foundation

/// CLIP's text tokenizer, giving the same ids as Hugging Face's slow `CLIPTokenizer`
/// (transformers 4.36.2) run without `ftfy` — the reference this service is validated against.
///
/// Pipeline: split out literal special tokens, clean the text like HF's `BasicTokenizer`
/// (see `BasicTextCleaner`), cut words into pieces with the CLIP pattern (`CLIPPattern`), and
/// encode each piece's UTF-8 bytes with byte-level BPE (`BytePairEncoder`). `docs/tokenizer.md`
/// lists how this differs from the fast tokenizer and OpenAI's ftfy-based original.
///
/// Immutable once built and without caches, so one instance can serve any number of threads.
public struct CLIPTokenizer: Sendable {
    /// Id of `<|startoftext|>` (49406 in CLIP's vocabulary).
    public let bosID: Int32
    /// Id of `<|endoftext|>` (49407 in CLIP's vocabulary); also the id of unknown symbols.
    public let eosID: Int32
    private let encoder: BytePairEncoder

    /// Loads `vocab.json` and `merges.txt` in the Hugging Face CLIP format.
    ///
    /// - Throws: `TokenizerError` naming the file: missing or unreadable, vocabulary not a JSON
    ///   object of integer ids, a merges line that is not two symbols, or no special tokens.
    public init(vocabURL: URL, mergesURL: URL) throws {
        let vocabData = try TokenizerFiles.readFile(vocabURL)
        let mergesData = try TokenizerFiles.readFile(mergesURL)
        guard let merges = String(data: mergesData, encoding: .utf8) else {
            throw TokenizerError.unreadableFile(file: mergesURL.path, reason: "not UTF-8 text")
        }
        try self.init(vocabJSON: vocabData, merges: merges, vocabName: vocabURL.path, mergesName: mergesURL.path)
    }

    /// Builds the tokenizer from the contents of `vocab.json` and `merges.txt`.
    ///
    /// - Throws: `TokenizerError` as `init(vocabURL:mergesURL:)`, with the files called
    ///   "vocab.json" and "merges.txt".
    public init(vocabJSON: Data, merges: String) throws {
        try self.init(vocabJSON: vocabJSON, merges: merges, vocabName: "vocab.json", mergesName: "merges.txt")
    }

    private init(vocabJSON: Data, merges: String, vocabName: String, mergesName: String) throws {
        let vocabulary = try TokenizerFiles.parseVocabulary(vocabJSON, file: vocabName)
        let mergeList = try TokenizerFiles.parseMerges(merges, file: mergesName)
        guard let bos = vocabulary["<|startoftext|>"] else {
            throw TokenizerError.missingSpecialToken(file: vocabName, token: "<|startoftext|>")
        }
        guard let eos = vocabulary["<|endoftext|>"] else {
            throw TokenizerError.missingSpecialToken(file: vocabName, token: "<|endoftext|>")
        }
        bosID = bos
        eosID = eos
        encoder = BytePairEncoder(vocabulary: vocabulary, merges: mergeList, unknownID: eos)
    }

    /// Token ids of `text`: BOS, the text's tokens, EOS. When that is longer than `maxLength`, the
    /// text's tokens are cut so that EOS is still last and the result has exactly `maxLength` ids,
    /// as HF's `truncation=True, max_length=maxLength` does. Never padded.
    ///
    /// - Precondition: `maxLength >= 2` (room for BOS and EOS).
    public func encode(_ text: String, maxLength: Int = 77) -> [Int32] {
        precondition(maxLength >= 2, "maxLength must leave room for BOS and EOS")
        var ids: [Int32] = [bosID]
        ids.reserveCapacity(min(maxLength, 128))
        appendTextIDs(of: text, limit: maxLength - 1, to: &ids)
        if ids.count > maxLength - 1 { ids.removeLast(ids.count - (maxLength - 1)) }
        ids.append(eosID)
        return ids
    }

    /// `encode(_:maxLength:)` for each text, in order.
    public func encode(_ texts: [String], maxLength: Int = 77) -> [[Int32]] {
        texts.map { encode($0, maxLength: maxLength) }
    }

    /// Appends the ids of `text` without BOS/EOS, stopping once `ids` holds at least `limit`
    /// (words after that point cannot survive truncation, so long texts cost little).
    func appendTextIDs(of text: String, limit: Int, to ids: inout [Int32]) {
        var bytes: [UInt8] = []
        SpecialTokenSplitter.forEachChunk(of: text) { chunk in
            switch chunk {
            case .startOfText:
                ids.append(bosID)
            case .endOfText:
                ids.append(eosID)
            case .text(let scalars):
                BasicTextCleaner.forEachWord(in: scalars) { word in
                    CLIPPattern.forEachPiece(in: word) { range in
                        encodePiece(word[range], bytes: &bytes, into: &ids)
                    }
                    return ids.count < limit
                }
            }
            return ids.count < limit
        }
    }

    /// One piece to ids. A piece spelled exactly like a special token maps to its id, as the
    /// reference's BPE cache is seeded with those two strings (so `<|ENDOFTEXT|>`, lower-cased by
    /// cleaning, also becomes EOS); the IGNORECASE variant with U+017F goes through BPE.
    private func encodePiece(_ piece: ArraySlice<Unicode.Scalar>, bytes: inout [UInt8], into ids: inout [Int32]) {
        bytes.removeAll(keepingCapacity: true)
        for scalar in piece { UTF8.encode(scalar) { bytes.append($0) } }
        if bytes == CLIPPattern.startOfText {
            ids.append(bosID)
        } else if bytes == CLIPPattern.endOfText {
            ids.append(eosID)
        } else {
            encoder.encode(bytes, into: &ids)
        }
    }
}
