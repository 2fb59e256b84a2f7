/// The word classes of English words out of context: a table written for modification texts
/// (colours, garments, objects, shapes, positions, imperative verbs, function words) plus suffix
/// rules for words it does not hold (plurals, "-ing", "-ed", comparatives, "-ly" adverbs, common
/// adjective endings). Unknown words are nouns: in these texts most of them are.
enum Lexicon {
    /// Built once, on first use; Swift guarantees a thread-safe lazy initialisation.
    static let table: [String: WordClass] = {
        var table: [String: WordClass] = [:]
        func add(_ words: String, _ classes: WordClass) {
            for word in words.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                table[String(word), default: []].formUnion(classes)
            }
        }
        nouns.forEach { add($0, .noun) }
        add(irregularPlurals, .noun)
        add(colours, [.adjective, .colour])
        add(materials, [.noun, .adjective])
        add(nominalColours, .noun)
        add(adjectives, .adjective)
        add(adverbs, .adverb)
        add(intensifiers, [.adverb, .intensifier])
        add(transitiveVerbs, [.verb, .transitive])
        add(verbs, .verb)
        add(irregularVerbForms, [.verb, .participle])
        add(auxiliaries, .auxiliary)
        add(determiners, .determiner)
        add(standaloneDeterminers, [.determiner, .standalone])
        add(predeterminers, .predeterminer)
        add(quantifiers, .adjective)
        add(pronouns, .pronoun)
        add(possessives, .possessive)
        add(relatives, .relative)
        add(adpositions, .adposition)
        add(conjunctions, .conjunction)
        add(negations, .negation)
        add(numberWords, .number)
        add("bit lot tad percent", [.noun, .measure])
        add("little", .measure)
        add("ones", .noun)
        return table
    }()

    /// The classes of a lower-cased token; never empty.
    static func classes(of word: String, shape: TokenShape, isCompound: Bool) -> WordClass {
        switch shape {
        case .number: return .number
        case .punctuation, .innerHyphen: return []
        case .symbol: return .noun
        case .clitic: return word == "n't" ? .negation : (table[word] ?? .auxiliary)
        case .word: break
        }
        var classes = table[word] ?? inflected(word)
        if isCompound {
            // "long-sleeved", "ankle-high", "close-up": a modifier, or a noun when it stands alone.
            if !classes.contains(.noun) { classes = .adjective }
            classes.subtract([.verb, .transitive, .auxiliary, .adposition, .determiner, .pronoun])
            if classes.isEmpty { classes = .noun }
        }
        return classes
    }
}
