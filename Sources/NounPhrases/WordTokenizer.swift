/// Splits a text into tokens where spaCy's English tokenizer puts the boundaries that matter for
/// noun chunks: words, numbers, clitics ("the man's" → "man" "'s", "don't" → "do" "n't"),
/// punctuation, symbols and emoji each on their own, hyphenated words glued back into one token
/// (spaCy splits them but always keeps them inside one chunk in these texts).
///
/// One pass over the characters plus one over the tokens: linear in the input length.
enum WordTokenizer {
    static func tokens(in text: String) -> [Token] {
        glueHyphenated(split(text))
    }

    private static let apostrophes: Set<Character> = ["'", "’", "‘"]
    /// Joiners glued with the words on both sides when no space separates them: "t-shirt",
    /// "red/white" (spaCy keeps both inside one chunk).
    private static let joiners: Set<Character> = ["-", "‐", "‑", "–", "/"]
    private static let enders: Set<Character> = [".", "!", "?", ";"]

    private static func split(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if c.isWhitespace {
                i = text.index(after: i)
                continue
            }
            var end = text.index(after: i)
            if c.isLetter || c.isNumber {
                end = wordEnd(in: text, from: i)
                appendWord(text[i..<end], into: &tokens)
            } else if joiners.contains(c), let last = tokens.last, last.range.upperBound == i,
                      last.shape == .word || last.shape == .number,
                      end < text.endIndex, text[end].isLetter || text[end].isNumber {
                tokens.append(Token(range: i..<end, lower: String(c), shape: .innerHyphen))
            } else if apostrophes.contains(c), let last = tokens.last, last.range.upperBound == i,
                      last.shape == .word, last.lower.hasSuffix("s") {
                // Plural possessive ("the dogs' bowls"): the bare apostrophe is the marker.
                tokens.append(Token(range: i..<end, lower: "'s", shape: .clitic))
            } else if c == "%", let last = tokens.last, last.shape == .number, last.range.upperBound == i {
                tokens.append(Token(range: i..<end, lower: "%", shape: .symbol))  // "a 50% discount"
            } else {
                let isSymbol = !c.isPunctuation && (c.isSymbol || c.unicodeScalars.contains { $0.properties.isEmoji })
                tokens.append(Token(range: i..<end, lower: String(c), shape: isSymbol ? .symbol : .punctuation))
            }
            i = end
        }
        for k in tokens.indices {
            tokens[k].startsSentence = k == 0 || (tokens[k - 1].shape == .punctuation && tokens[k - 1].lower.first.map(enders.contains) == true)
        }
        return tokens
    }

    /// The end of the letter/digit run at `start`, taking inner apostrophes ("don't") and digit
    /// separators ("3.5", "1,000") along.
    private static func wordEnd(in text: String, from start: String.Index) -> String.Index {
        var j = text.index(after: start)
        var previous = text[start]
        while j < text.endIndex {
            let ch = text[j]
            if ch.isLetter || ch.isNumber {
                previous = ch
                j = text.index(after: j)
                continue
            }
            let next = text.index(after: j)
            guard next < text.endIndex else { break }
            let following = text[next]
            let innerApostrophe = apostrophes.contains(ch) && previous.isLetter && following.isLetter
            let digitSeparator = (ch == "." || ch == ",") && previous.isNumber && following.isNumber
            guard innerApostrophe || digitSeparator else { break }
            previous = ch
            j = next
        }
        return j
    }

    private static let clitics = ["n't", "'s", "'d", "'ll", "'re", "'ve", "'m"]

    /// Appends a word, splitting a trailing clitic off it as spaCy's exceptions do.
    private static func appendWord(_ word: Substring, into tokens: inout [Token]) {
        let lower = String(word.lowercased().map { apostrophes.contains($0) ? "'" : $0 })
        let shape: TokenShape = word.first?.isNumber == true ? .number : .word
        for clitic in clitics where lower.hasSuffix(clitic) && lower.count > clitic.count {
            let cut = word.index(word.endIndex, offsetBy: -clitic.count)
            let stem = String(lower.dropLast(clitic.count))
            tokens.append(Token(range: word.startIndex..<cut, lower: stem, shape: shape))
            tokens.append(Token(range: cut..<word.endIndex, lower: clitic, shape: .clitic))
            return
        }
        tokens.append(Token(range: word.startIndex..<word.endIndex, lower: lower, shape: shape))
    }

    /// Glues word-joiner-word runs into one token whose `lower` is the last part.
    private static func glueHyphenated(_ tokens: [Token]) -> [Token] {
        var out: [Token] = []
        out.reserveCapacity(tokens.count)
        var k = 0
        while k < tokens.count {
            var token = tokens[k]
            var m = k
            while m + 2 < tokens.count, tokens[m + 1].shape == .innerHyphen,
                  tokens[m + 2].shape == .word || tokens[m + 2].shape == .number,
                  tokens[m + 2].range.lowerBound == tokens[m + 1].range.upperBound {
                m += 2
            }
            if m > k {
                token.range = token.range.lowerBound..<tokens[m].range.upperBound
                token.lower = tokens[m].lower
                token.shape = .word
                token.isCompound = true
            }
            out.append(token)
            k = m + 1
        }
        return out
    }
}
