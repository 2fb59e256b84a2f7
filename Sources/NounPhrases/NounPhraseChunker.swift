/// Finds the base noun phrases of a modification text ("make the dress red with long sleeves" →
/// "the dress", "long sleeves"), following spaCy's English `noun_chunks` (the extractor of the
/// ConText-CIR reference, which the TCC loss uses; DESIGN §6) without a model: a lexicon of the
/// words of such texts, context rules that pick one part of speech per word, and chunk rules.
///
/// Agreement with spaCy 3.8 `en_core_web_sm` on the committed corpus is measured by
/// `NounPhrasesTests` and reported in docs/noun-phrases.md. Pronouns are chunks, as in spaCy
/// ("move it to the left" → "it", "the left"); "there" in "there is" is not.
///
/// Time and memory are linear in the text's length; any input, including empty text, emoji and
/// unpaired quotes, yields a (possibly empty) list and never traps.
public struct NounPhraseChunker: Sendable {
    /// A chunker; the lexicon is built once per process on first use and shared.
    public init() {}

    /// The noun phrases of `text` in order of appearance, without overlaps; each one's `text` is
    /// `text[range]` exactly (original casing and characters).
    public func chunks(in text: String) -> [NounPhrase] {
        var tokens = WordTokenizer.tokens(in: text)
        Tagger.tag(&tokens)
        return ChunkRules.spans(tokens).map { span in
            let range = tokens[span.lowerBound].range.lowerBound..<tokens[span.upperBound].range.upperBound
            return NounPhrase(text: String(text[range]), range: range)
        }
    }
}
