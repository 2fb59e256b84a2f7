/// What a token is made of, decided by the tokenizer before any lexicon look-up.
enum TokenShape: Equatable {
    /// Letters, optionally with inner apostrophes ("o'clock") or marks.
    case word
    /// Digits, optionally with inner "." or "," ("3.5", "1,000").
    case number
    /// A clitic split off a word: "'s", "n't", "'d", "'ll", "'re", "'ve", "'m" (lower-cased text).
    case clitic
    /// A hyphen, dash or slash between two words with no space around it ("t-shirt", "red/white").
    case innerHyphen
    /// Any other punctuation mark.
    case punctuation
    /// A symbol or emoji.
    case symbol
}

/// One unit of the chunker: a word, a hyphenated compound glued into one ("long-sleeved",
/// "t-shirt", "3-story", "black-and-white"), a clitic, a number or a punctuation mark.
struct Token {
    /// Where the token lies in the input.
    var range: Range<String.Index>
    /// Lower-cased text; for a glued compound, its last part (which decides its word class).
    var lower: String
    var shape: TokenShape
    /// True for a glued hyphenated compound.
    var isCompound = false
    /// True when the previous token ends a sentence ("." "!" "?" or ";"), or this is the first.
    var startsSentence = false
    /// The lexicon's classes for `lower`, then narrowed to one tag by the tagger.
    var classes: WordClass = []
    var tag: Tag = .other
}
