extension Tagger {
    /// What the tagger may look at around token `index`: the tag already given to the token before
    /// it and the lexicon classes of a few tokens after it.
    struct Context {
        let tokens: [Token]
        let index: Int

        /// How far a look-ahead for a head noun goes; keeps tagging linear on runs of adjectives.
        static let lookAhead = 6

        /// The previous token's tag, or nil at the start of the text.
        var previous: Tag? { index > 0 ? tokens[index - 1].tag : nil }

        var nextClasses: WordClass {
            index + 1 < tokens.count && tokens[index + 1].shape != .punctuation ? tokens[index + 1].classes : []
        }

        func nextIs(_ word: String) -> Bool {
            index + 1 < tokens.count && tokens[index + 1].lower == word
        }

        /// True at the start of a sentence or clause, where a verb is an imperative ("and move it").
        var startsClause: Bool {
            guard index > 0 else { return true }
            let previousToken = tokens[index - 1]
            if tokens[index].startsSentence { return true }
            switch previousToken.tag {
            case .conjunction, .punctuation: return true
            case .adverb: return ["please", "then", "just", "also", "now", "not", "n't", "maybe", "only"].contains(previousToken.lower)
            case .auxiliary: return ["do", "'d", "can", "could", "should", "will", "would", "must"].contains(previousToken.lower)
            case .adposition: return previousToken.lower == "to"
            case .pronoun: return previousToken.lower == "i" || previousToken.lower == "you" || previousToken.lower == "we"
            default: return false
            }
        }

        /// True when the next token can open a verb's object or particle: "the", "it", "two", "in".
        var nextStartsObject: Bool {
            guard index + 1 < tokens.count else { return false }
            let next = tokens[index + 1]
            if next.shape == .number { return true }
            let c = next.classes
            if next.lower == "there" { return false }
            return !c.isDisjoint(with: [.determiner, .pronoun, .possessive, .number, .adposition, .predeterminer])
                || (c.contains(.adverb) && !c.contains(.intensifier)) || nextLeadsToNoun
        }

        /// True when the tokens after this one are modifiers ending in a possible noun: this token
        /// is then inside a noun phrase, not at its end.
        var nextLeadsToNoun: Bool {
            var j = index + 1
            let end = min(tokens.count, index + 1 + Self.lookAhead)
            while j < end {
                let token = tokens[j]
                let c = token.classes
                if token.shape == .number { j += 1; continue }
                if token.shape != .word { return false }
                if !c.isDisjoint(with: [.determiner, .pronoun, .possessive, .auxiliary, .adposition, .conjunction]) && !c.contains(.standalone) {
                    return false
                }
                if c.contains(.noun) { return !(c.contains(.verb) && c.contains(.transitive) && !c.contains(.adjective) && j > index + 1) }
                if c.isDisjoint(with: [.adjective, .number, .participle, .gerund, .intensifier]) { return false }
                j += 1
            }
            return false
        }

        /// True for a colour after "in" that more words follow ("in green with a belt"): spaCy
        /// tags it a noun there, and an adjective after other prepositions or at the end.
        var colourIsPrepositionObject: Bool {
            guard index > 0, tokens[index - 1].lower == "in", index + 1 < tokens.count else { return false }
            return tokens[index + 1].shape == .word
        }

        /// True for a colour ending a text right after "and the <noun>" ("make the circle red and
        /// the star blue"): spaCy's parser makes the colour the head, "the star blue" one chunk.
        var colourEndsCoordinatedObject: Bool {
            guard index + 1 == tokens.count || tokens[index + 1].shape == .punctuation else { return false }
            var j = index - 1
            guard j >= 0, tokens[j].tag == .noun else { return false }
            while j >= 0, tokens[j].tag == .noun || tokens[j].tag == .adjective { j -= 1 }
            return j >= 1 && tokens[j].tag == .determiner && tokens[j - 1].lower == "and"
        }

        /// True after a modal or "do" ("would look better", "don't add").
        var followsModal: Bool {
            index > 0 && ["would", "could", "should", "can", "will", "may", "might", "must", "do", "does", "did", "'d", "'ll", "n't", "to"]
                .contains(tokens[index - 1].lower)
        }

        /// True after "and"/"or" whose left side is an adjective ("red and satin").
        var coordinatesAdjective: Bool {
            index >= 2 && tokens[index - 2].tag == .adjective
        }

        /// True when the next token cannot continue a compound noun: a verb reading of this token
        /// then fits ("the shirt and pants match", "the shoes look more comfortable").
        var nextEndsNounGroup: Bool {
            guard index + 1 < tokens.count else { return true }
            let c = tokens[index + 1].classes
            if tokens[index + 1].shape != .word { return tokens[index + 1].shape != .number }
            return !c.contains(.noun) && !(c.contains(.adjective) && nextLeadsToNoun)
        }

        /// True when the next token is an adjective that ends the phrase ("the square blue").
        var nextIsPredicateAdjective: Bool {
            guard index + 1 < tokens.count, tokens[index + 1].shape == .word else { return false }
            if tokens[index + 1].lower == "left" || tokens[index + 1].lower == "right" { return false }
            let c = tokens[index + 1].classes
            guard c.contains(.adjective), !c.contains(.noun) || c.contains(.colour) else { return false }
            return !Context(tokens: tokens, index: index + 1).nextLeadsToNoun
        }
    }
}
