/// Builds base noun phrases from tagged tokens the way spaCy's `noun_chunks` reads a parse: each
/// head (a noun that ends its noun group, or a pronoun) yields the span from its leftmost
/// pre-modifier to itself, and no span overlaps the previous one. Each token is visited at most
/// twice (once as a head candidate, once when extending left), so this is linear.
enum ChunkRules {
    /// Token-index ranges of the chunks, in order.
    static func spans(_ tokens: [Token]) -> [ClosedRange<Int>] {
        var spans: [ClosedRange<Int>] = []
        var previousEnd = -1
        for i in tokens.indices {
            switch tokens[i].tag {
            case .pronoun:
                spans.append(i...i)
                previousEnd = i
            case .noun where isHead(i, tokens):
                spans.append(leftEdge(of: i, after: previousEnd, tokens)...i)
                previousEnd = i
            default:
                continue
            }
        }
        return spans
    }

    /// A noun heads a chunk unless the noun group goes on ("tank top", "the man's hat") or it
    /// measures a degree ("a bit longer", spaCy's `npadvmod`).
    private static func isHead(_ i: Int, _ tokens: [Token]) -> Bool {
        guard i + 1 < tokens.count else { return true }
        let next = tokens[i + 1]
        switch next.tag {
        case .noun, .possessiveMarker: return false
        case .symbol: return !(i + 2 < tokens.count && tokens[i + 2].tag == .noun)
        case .adjective, .adverb:
            return !tokens[i].classes.contains(.measure) && !modifiersLeadToNoun(after: i, tokens)
        default: return true
        }
    }

    private static let brackets: [String: String] = ["”": "“", "\"": "\"", "’": "‘", "'": "'", ")": "(", "]": "["]

    /// True when `closer` closes a quote or bracket around exactly one modifier.
    private static func enclosesModifier(closer: Int, _ tokens: [Token]) -> Bool {
        guard closer >= 2, let opener = brackets[tokens[closer].lower], tokens[closer - 2].lower == opener else { return false }
        return [.adjective, .noun, .number].contains(tokens[closer - 1].tag)
    }

    /// True when the tokens after `i` are modifiers followed by a noun ("100 percent cotton
    /// shirt", "a mid-century modern armchair"): the noun at `i` then modifies that one.
    /// Each modifier is scanned only from the nearest noun before it, so chunking stays linear.
    private static func modifiersLeadToNoun(after i: Int, _ tokens: [Token]) -> Bool {
        var j = i + 1
        while j < tokens.count {
            switch tokens[j].tag {
            case .noun: return true
            case .adjective, .number: j += 1
            case .adverb where tokens[j].classes.contains(.intensifier): j += 1
            default: return false
            }
        }
        return false
    }

    /// The first token of the chunk headed by `head`, never at or before `previousEnd`.
    private static func leftEdge(of head: Int, after previousEnd: Int, _ tokens: [Token]) -> Int {
        var edge = head
        var j = head - 1
        scan: while j > previousEnd {
            switch tokens[j].tag {
            case .adjective, .number, .noun, .symbol, .possessiveMarker:
                edge = j
            case .adverb where tokens[j].classes.contains(.intensifier):
                guard tokens[edge].tag == .adjective || tokens[edge].tag == .number else { break scan }
                edge = j
            case .punctuation where j - 2 > previousEnd && enclosesModifier(closer: j, tokens):
                edge = j - 2  // a quoted or bracketed modifier stays inside: the “blue” shirt, the (small) dog
                j -= 2
            case .conjunction, .punctuation:
                // Coordinated modifiers stay inside ("red and white stripes"), coordinated heads
                // do not ("shoes and socks" is two chunks).
                let joinsModifiers = edge < head && j - 1 > previousEnd && tokens[j - 1].tag == tokens[edge].tag
                let isJoiner = tokens[j].tag == .conjunction ? ["and", "or", "&"].contains(tokens[j].lower) : tokens[j].lower == ","
                guard joinsModifiers && isJoiner && (tokens[edge].tag == .adjective || tokens[edge].tag == .noun) else { break scan }
                edge = j
            case .determiner:
                edge = j
                if j - 1 > previousEnd, tokens[j - 1].tag == .predeterminer { edge = j - 1 }
                break scan
            case .possessivePronoun, .predeterminer:
                edge = j
                break scan
            default:
                break scan
            }
            j -= 1
        }
        while edge < head, [.conjunction, .punctuation, .possessiveMarker, .adverb].contains(tokens[edge].tag) {
            edge += 1
        }
        // "Only the left shoe", "not the dog but the cat": spaCy's left edge takes a focusing
        // adverb that opens the clause.
        let k = edge - 1
        if k > previousEnd, tokens[edge].tag == .determiner || tokens[edge].tag == .predeterminer, tokens[k].tag == .adverb,
           ["not", "only", "just", "even"].contains(tokens[k].lower), k == 0 || tokens[k - 1].tag == .punctuation {
            edge = k
        }
        return edge
    }
}
