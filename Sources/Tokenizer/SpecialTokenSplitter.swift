/// The reference's added-token split, done before any cleaning: exact, case-sensitive occurrences
/// of `<|startoftext|>` and `<|endoftext|>` in the raw text become their ids directly, and the text
/// between them is tokenized piece by piece. (Other spellings, such as upper case or with a
/// zero-width space inside, can still reach the special ids through the pattern; see
/// `CLIPTokenizer.encodePiece`.)
enum SpecialTokenSplitter {
    enum Chunk {
        case startOfText
        case endOfText
        /// Works on scalars: a String slice would round its bounds to Character boundaries, and a
        /// combining mark right after a special token belongs to the next chunk.
        case text(Substring.UnicodeScalarView)
    }

    private static let startOfText = Array("<|startoftext|>".unicodeScalars)
    private static let endOfText = Array("<|endoftext|>".unicodeScalars)

    /// Calls `body` with each non-empty chunk, in order, until it returns false.
    static func forEachChunk(of text: String, _ body: (Chunk) -> Bool) {
        let scalars = text.unicodeScalars
        var chunkStart = scalars.startIndex
        var index = scalars.startIndex
        while index < scalars.endIndex {
            guard scalars[index] == "<" else {
                index = scalars.index(after: index)
                continue
            }
            let rest = scalars[index...]
            let special: (Chunk, Int)? =
                rest.starts(with: startOfText) ? (.startOfText, startOfText.count)
                : rest.starts(with: endOfText) ? (.endOfText, endOfText.count) : nil
            guard let (chunk, length) = special else {
                index = scalars.index(after: index)
                continue
            }
            if chunkStart < index && !body(.text(scalars[chunkStart..<index])) { return }
            if !body(chunk) { return }
            index = scalars.index(index, offsetBy: length)
            chunkStart = index
        }
        if chunkStart < scalars.endIndex { _ = body(.text(scalars[chunkStart..<scalars.endIndex])) }
    }
}
