/// Byte-level BPE with merge ranks and the `</w>` end-of-word marker, as the reference's
/// `CLIPTokenizer.bpe`: repeatedly take the adjacent pair with the lowest rank and merge all of its
/// occurrences left to right, until no adjacent pair has a rank.
///
/// Symbols are interned as integers, so a merge step is a dictionary probe per adjacent pair and no
/// strings are built while encoding. Immutable after `init`, hence `Sendable` without locking.
struct BytePairEncoder: Sendable {
    private struct Merge: Sendable {
        let rank: Int32
        let result: Int32
    }

    /// Keyed by `pairKey(first, second)`.
    private let merges: [UInt64: Merge]
    /// Symbol of each byte inside a word, and as the word's last symbol (with `</w>`).
    private let byteSymbol: [Int32]
    private let finalByteSymbol: [Int32]
    /// Vocabulary id of each interned symbol; the unknown id for symbols the vocabulary lacks, as
    /// the reference's `encoder.get(token, unk)` does.
    private let vocabularyID: [Int32]

    /// - Parameters:
    ///   - merges: in rank order; a pair listed twice keeps its later rank, as `dict(zip(...))` does.
    init(vocabulary: [String: Int32], merges mergeList: [(String, String)], unknownID: Int32) {
        var symbolIndex: [String: Int32] = [:]
        var vocabularyID: [Int32] = []
        func intern(_ symbol: String) -> Int32 {
            if let index = symbolIndex[symbol] { return index }
            let index = Int32(vocabularyID.count)
            symbolIndex[symbol] = index
            vocabularyID.append(vocabulary[symbol] ?? unknownID)
            return index
        }
        byteSymbol = ByteLevelAlphabet.symbols.map { intern($0) }
        finalByteSymbol = ByteLevelAlphabet.symbols.map { intern($0 + ByteLevelAlphabet.endOfWord) }
        var merges: [UInt64: Merge] = [:]
        merges.reserveCapacity(mergeList.count)
        for (rank, (first, second)) in mergeList.enumerated() {
            let key = Self.pairKey(intern(first), intern(second))
            merges[key] = Merge(rank: Int32(rank), result: intern(first + second))
        }
        self.merges = merges
        self.vocabularyID = vocabularyID
    }

    /// Appends the vocabulary ids of one pre-tokenized piece, given as its UTF-8 bytes.
    ///
    /// Cost is O(n · merges applied) for an n-byte piece; pieces are words, so n is small unless
    /// the input is one long run of letters or punctuation.
    func encode(_ bytes: [UInt8], into output: inout [Int32]) {
        guard let last = bytes.indices.last else { return }
        var word = bytes.map { byteSymbol[Int($0)] }
        word[last] = finalByteSymbol[Int(bytes[last])]
        while word.count > 1 {
            var best: Merge?
            var bestFirst: Int32 = 0
            var bestSecond: Int32 = 0
            for index in 0..<(word.count - 1) {
                guard let merge = merges[Self.pairKey(word[index], word[index + 1])],
                      merge.rank < best?.rank ?? .max else { continue }
                best = merge
                bestFirst = word[index]
                bestSecond = word[index + 1]
            }
            guard let merge = best else { break }
            // Compact in place: the write position never passes the read position.
            var write = 0
            var read = 0
            while read < word.count {
                if read + 1 < word.count && word[read] == bestFirst && word[read + 1] == bestSecond {
                    word[write] = merge.result
                    read += 2
                } else {
                    word[write] = word[read]
                    read += 1
                }
                write += 1
            }
            word.removeLast(word.count - write)
        }
        for symbol in word { output.append(vocabularyID[Int(symbol)]) }
    }

    private static func pairKey(_ first: Int32, _ second: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: first)) << 32 | UInt64(UInt32(bitPattern: second))
    }
}
