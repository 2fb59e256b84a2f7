/// The classes a word can belong to out of context, as the lexicon knows them; a word may have
/// several ("square": noun and adjective; "change": noun and verb). The tagger picks one `Tag`.
struct WordClass: OptionSet, Hashable {
    let rawValue: UInt32

    static let noun = WordClass(rawValue: 1 << 0)
    static let verb = WordClass(rawValue: 1 << 1)
    static let adjective = WordClass(rawValue: 1 << 2)
    static let adverb = WordClass(rawValue: 1 << 3)
    static let adposition = WordClass(rawValue: 1 << 4)
    static let determiner = WordClass(rawValue: 1 << 5)
    static let pronoun = WordClass(rawValue: 1 << 6)
    /// "my", "his", "its", "their", and "her" (also `pronoun`).
    static let possessive = WordClass(rawValue: 1 << 7)
    static let number = WordClass(rawValue: 1 << 8)
    static let conjunction = WordClass(rawValue: 1 << 9)
    /// Forms of "be", "do", "have" and the modals: never the head of a chunk.
    static let auxiliary = WordClass(rawValue: 1 << 10)
    /// Colour words: adjectives before a noun, nouns after a preposition ("in red").
    static let colour = WordClass(rawValue: 1 << 11)
    /// Nouns that measure a degree ("a bit longer", "a lot more"): spaCy's `npadvmod`, no chunk.
    static let measure = WordClass(rawValue: 1 << 12)
    /// "-ing" forms: verbs, or pre-modifiers inside a noun phrase ("running shoes").
    static let gerund = WordClass(rawValue: 1 << 13)
    /// "-ed"/"-en" forms: verbs, or pre-modifiers ("a striped shirt").
    static let participle = WordClass(rawValue: 1 << 14)
    /// "all", "both", "half": may stand before a determiner inside the chunk ("all the cats").
    static let predeterminer = WordClass(rawValue: 1 << 15)
    /// "this", "that", "these", "those", "some", "any", "each", "both", "all": determiners before
    /// a noun, pronoun chunks on their own ("make this bigger").
    static let standalone = WordClass(rawValue: 1 << 16)
    /// "who", "which", "what", and "that" after a noun: relative pronouns, chunks in spaCy.
    static let relative = WordClass(rawValue: 1 << 17)
    /// "not", "n't", "never".
    static let negation = WordClass(rawValue: 1 << 18)
    /// Degree words that may modify an adjective inside a chunk ("very", "slightly", "more").
    static let intensifier = WordClass(rawValue: 1 << 19)
    /// Imperative verbs that take an object directly ("make", "add"): a verb at the start of a
    /// clause even when the word is also a noun.
    static let transitive = WordClass(rawValue: 1 << 20)
}

/// The one part of speech the tagger gives a token in context.
enum Tag: Equatable {
    case noun, pronoun, adjective, number, determiner, predeterminer, possessivePronoun
    /// "'s" or a bare apostrophe marking the possessor of the following noun.
    case possessiveMarker
    case verb, auxiliary, adverb, adposition, conjunction, punctuation, symbol
    /// "there" as in "there is": never a chunk in spaCy (`expl`).
    case expletive
    case other
}
