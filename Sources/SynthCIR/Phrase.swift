/// Text under construction that remembers which of its pieces are noun phrases, so a
/// modification text's `noun_phrases` are exact substrings in order of appearance by construction.
struct Phrase: Sendable {
    enum Piece: Sendable {
        case text(String)
        case nounPhrase(String)
    }

    var pieces: [Piece] = []

    init(_ pieces: [Piece] = []) { self.pieces = pieces }

    /// Plain words.
    static func words(_ s: String) -> Phrase { Phrase([.text(s)]) }
    /// A noun phrase.
    static func np(_ s: String) -> Phrase { Phrase([.nounPhrase(s)]) }

    /// The full text.
    var text: String {
        pieces.map { piece -> String in
            switch piece {
            case .text(let s), .nounPhrase(let s): s
            }
        }.joined()
    }

    /// The noun phrases in order of appearance.
    var nounPhrases: [String] {
        pieces.compactMap { if case .nounPhrase(let s) = $0 { s } else { nil } }
    }

    /// Concatenation with single spaces between non-empty parts.
    static func joined(_ parts: [Phrase], separator: String = " ") -> Phrase {
        var out = Phrase()
        for part in parts where !part.pieces.isEmpty {
            if !out.pieces.isEmpty && !separator.isEmpty { out.pieces.append(.text(separator)) }
            out.pieces += part.pieces
        }
        return out
    }
}

/// "a" or "an" for the word that follows (only the words of this world matter).
func indefiniteArticle(before word: String) -> String {
    guard let first = word.first else { return "a" }
    return "aeiou".contains(first) ? "an" : "a"
}
