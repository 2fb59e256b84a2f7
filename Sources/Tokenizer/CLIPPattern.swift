/// The CLIP pre-tokenizer pattern, scanned by hand instead of compiled:
///
///     <\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+
///
/// with the `regex` module's IGNORECASE and `findall` semantics: at each position the first
/// branch that matches wins, runs are greedy, and positions no branch matches are skipped.
enum CLIPPattern {
    static let startOfText: [UInt8] = Array("<|startoftext|>".utf8)
    static let endOfText: [UInt8] = Array("<|endoftext|>".utf8)
    private static let contractions: [[UInt8]] = ["s", "t", "re", "ve", "m", "ll", "d"].map { Array($0.utf8) }

    /// Calls `body` with the index range of each piece of `word`, in order.
    static func forEachPiece(in word: ArraySlice<Unicode.Scalar>, _ body: (Range<Int>) -> Void) {
        var index = word.startIndex
        while index < word.endIndex {
            let scalar = word[index]
            if scalar == "<" {
                if let end = literalEnd(startOfText, in: word, at: index) ?? literalEnd(endOfText, in: word, at: index) {
                    body(index..<end)
                    index = end
                    continue
                }
            } else if scalar == "'" {
                if let end = contractions.lazy.compactMap({ literalEnd($0, in: word, at: index + 1) }).first {
                    body(index..<end)
                    index = end
                    continue
                }
            }
            let kind = PythonUnicode.patternClass(scalar)
            switch kind {
            case .letter, .other:
                var end = index + 1
                while end < word.endIndex && PythonUnicode.patternClass(word[end]) == kind { end += 1 }
                body(index..<end)
                index = end
            case .number:
                body(index..<(index + 1))
                index += 1
            case .space, .unmatched:
                index += 1
            }
        }
    }

    /// End index if `literal` matches at `start` under IGNORECASE, else nil.
    private static func literalEnd(_ literal: [UInt8], in word: ArraySlice<Unicode.Scalar>, at start: Int) -> Int? {
        guard word.endIndex - start >= literal.count else { return nil }
        for (offset, ascii) in literal.enumerated() where !PythonUnicode.matchesLiteral(word[start + offset], ascii) {
            return nil
        }
        return start + literal.count
    }
}
