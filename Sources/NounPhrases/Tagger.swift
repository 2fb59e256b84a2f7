/// Gives every token one `Tag` from its lexicon classes, the tag already given to the token before
/// it and the classes of the tokens after it (a bounded look-ahead, so tagging stays linear).
///
/// The rules aim at what spaCy's English tagger does on modification texts, mistakes included
/// where they are systematic ("a green one": "one" is a number and no chunk).
enum Tagger {
    static func tag(_ tokens: inout [Token]) {
        for k in tokens.indices {
            tokens[k].classes = Lexicon.classes(of: tokens[k].lower, shape: tokens[k].shape, isCompound: tokens[k].isCompound)
        }
        for k in tokens.indices {
            tokens[k].tag = tag(at: k, in: tokens)
        }
    }

    private static func tag(at k: Int, in tokens: [Token]) -> Tag {
        let token = tokens[k]
        let c = token.classes
        let context = Context(tokens: tokens, index: k)
        switch token.shape {
        case .punctuation, .innerHyphen: return .punctuation
        case .symbol: return .symbol
        case .clitic:
            if token.lower == "'s", let previous = context.previous, previous == .noun, context.nextLeadsToNoun {
                return .possessiveMarker
            }
            if token.lower == "'s", context.index > 0, context.tokens[context.index - 1].lower == "let" { return .pronoun }
            return c.contains(.negation) ? .adverb : .auxiliary
        case .number: return .number
        case .word: break
        }
        if let closed = closedClassTag(token.lower, c, context) { return closed }
        return openClassTag(token, context)
    }

    /// Function words, whose tag depends only on whether a noun follows.
    private static func closedClassTag(_ word: String, _ c: WordClass, _ context: Context) -> Tag? {
        if word == "there" { return .expletive }
        if word == "one" {
            return context.previous == .determiner ? .noun : .number
        }
        if c.contains(.relative) {
            if context.nextLeadsToNoun && word != "who" { return .determiner }
            if word == "that", context.previous == .verb || context.previous == .adjective { return .adposition }
            return .pronoun
        }
        if c.contains(.possessive) {
            return c.contains(.pronoun) && !context.nextLeadsToNoun ? .pronoun : .possessivePronoun
        }
        if c.contains(.pronoun) { return .pronoun }
        if c.contains(.predeterminer), context.nextClasses.contains(.determiner) || context.nextClasses.contains(.possessive) {
            return .predeterminer
        }
        if c.contains(.determiner) {
            if context.nextLeadsToNoun || context.nextIs("one") { return .determiner }
            if c.contains(.standalone) {
                return context.previous == .auxiliary || context.previous == .adverb ? .adverb : .pronoun
            }
            return c.contains(.negation) ? .adverb : .determiner
        }
        if c.contains(.number) { return .number }
        if c.contains(.auxiliary) { return .auxiliary }
        if c.contains(.conjunction) { return .conjunction }
        if c.contains(.negation) { return .adverb }
        if c.contains(.adposition) {
            if word == "like", context.previous == .pronoun || context.previous == .auxiliary { return .verb }
            return .adposition
        }
        return nil
    }

    /// Nouns, verbs, adjectives and adverbs, many of them ambiguous ("square", "change", "red").
    private static func openClassTag(_ token: Token, _ context: Context) -> Tag {
        let c = token.classes
        let canNoun = c.contains(.noun), canAdjective = c.contains(.adjective), canVerb = c.contains(.verb)
        let modifierForm = c.contains(.gerund) || c.contains(.participle)
        let leadsToNoun = context.nextLeadsToNoun
        if c.isDisjoint(with: [.noun, .adjective, .verb]) { return .adverb }
        let next = context.nextClasses
        if canVerb, context.startsClause, c.contains(.transitive) || !canNoun || next.contains(.pronoun) || next.contains(.determiner),
           context.nextStartsObject, !(canAdjective && next.contains(.colour)) {
            return .verb
        }
        // "a star left of the square": spaCy attaches them as adverbs, outside the noun before them.
        if token.lower == "left" || token.lower == "right", context.nextIs("of"), context.previous != .determiner {
            return .adverb
        }
        if c.contains(.colour) && !leadsToNoun && (canNoun || context.colourEndsCoordinatedObject) { return .noun }
        switch context.previous {
        case .determiner, .possessivePronoun, .possessiveMarker, .number, .adjective, .predeterminer:
            if leadsToNoun && (canAdjective || modifierForm) { return .adjective }
            // "make the square blue", "the big striped square smaller": spaCy reads a word that
            // can be either as an adjective when an adjective follows it.
            if canNoun && canAdjective && context.nextIsPredicateAdjective { return .adjective }
            if canNoun || c.contains(.gerund) || leadsToNoun || token.isCompound { return .noun }
            return canAdjective || modifierForm ? .adjective : .verb
        case .adposition:
            if leadsToNoun && (canAdjective || modifierForm) { return .adjective }
            // "tank top in green with a belt": a noun; "to green", "in green" at the end: adjectives.
            if c.contains(.colour) { return context.colourIsPrepositionObject ? .noun : .adjective }
            if canNoun { return .noun }
            if canAdjective { return .adjective }
            return canVerb ? .verb : .noun
        case .auxiliary, .adverb:
            if canVerb && !leadsToNoun && context.followsModal { return .verb }
            if canAdjective && !(canNoun && leadsToNoun) { return .adjective }
            if canVerb && !canNoun || modifierForm { return .verb }
            return canNoun ? .noun : .adverb
        case .noun, .pronoun:
            if canVerb && (modifierForm || !canNoun || context.nextEndsNounGroup) { return .verb }
            if context.previous == .noun, Lexicon.weakColours.contains(token.lower), !leadsToNoun, context.nextEndsNounGroup {
                return .noun
            }
            if token.isCompound && canAdjective && !leadsToNoun { return .adjective }
            if canNoun { return .noun }
            return canAdjective ? .adjective : .adverb
        case .verb:
            if canAdjective && !(canNoun && !leadsToNoun) || modifierForm && leadsToNoun { return .adjective }
            if canNoun { return .noun }
            return canVerb ? .verb : .adverb
        case .conjunction where context.coordinatesAdjective:
            // "should be red and satin": a material coordinated with an adjective is one too.
            if canAdjective && !leadsToNoun { return .adjective }
            fallthrough
        default:
            if canAdjective && (leadsToNoun || !canNoun) { return .adjective }
            if canNoun { return .noun }
            if canVerb { return .verb }
            return canAdjective ? .adjective : .adverb
        }
    }
}
