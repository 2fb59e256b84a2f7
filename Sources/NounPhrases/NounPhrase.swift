/// One base noun phrase of a text, as spaCy's English `noun_chunks` would yield it: optional
/// determiner or possessor, pre-modifiers (adjectives, numbers, compound nouns, coordinated
/// adjectives) and the head noun, or a lone pronoun. Prepositional phrases and relative clauses that
/// follow the head are never part of it ("the dress with long sleeves" gives "the dress" and
/// "long sleeves").
public struct NounPhrase: Sendable, Equatable {
    /// The exact substring of the chunked text at `range`.
    public let text: String
    /// Where the phrase lies in the chunked text; it starts at the first character of its first
    /// word and ends after the last character of its head.
    public let range: Range<String.Index>

    /// Makes a phrase; `text` must equal the chunked text's substring at `range`.
    public init(text: String, range: Range<String.Index>) {
        self.text = text
        self.range = range
    }
}
