extension Lexicon {
    /// Classes of a word the table does not hold, from its inflection or derivation suffix.
    static func inflected(_ word: String) -> WordClass {
        let count = word.count
        if count > 3, word.hasSuffix("s"), !word.hasSuffix("ss"), !word.hasSuffix("us"), !word.hasSuffix("is") {
            var classes = stemClasses(word, removing: ["ies": "y", "es": "", "s": ""])
            classes = classes.intersection([.noun, .verb, .transitive])
            // A verb's "-s" form is also a plural noun ("slices", "prints"); context decides.
            if !classes.isEmpty { return classes.union(.noun) }
            return [.noun, .verb]
        }
        if count > 4, word.hasSuffix("ing") {
            let stem = stemClasses(word, removing: ["ing": "", "ying": "ie"], undoubling: true)
            return stem.contains(.verb) ? [.verb, .gerund, stem.intersection(.transitive)] : [.verb, .gerund]
        }
        if count > 3, word.hasSuffix("ed") {
            let stem = stemClasses(word, removing: ["ied": "y", "ed": ""], undoubling: true)
            if stem.contains(.noun) && !stem.contains(.verb) { return .adjective }  // "hooded", "sleeved"
            return [.verb, .participle]
        }
        if count > 4, word.hasSuffix("er") || word.hasSuffix("est") {
            let stem = stemClasses(word, removing: ["ier": "y", "iest": "y", "er": "", "est": ""], undoubling: true)
            if stem.contains(.adjective) { return .adjective }
        }
        if count > 4, word.hasSuffix("ly") { return .adverb }
        let adjectiveEndings = ["ous", "ful", "ive", "able", "ible", "less", "ish", "ical", "esque", "ary"]
        if count > 5, adjectiveEndings.contains(where: word.hasSuffix) { return .adjective }
        return .noun
    }

    /// The table's classes of `word` with one of `endings` replaced (longest ending first), trying
    /// the stem as is, with "e" restored ("striped" → "stripe") and undoubled ("bigger" → "big").
    private static func stemClasses(_ word: String, removing endings: [String: String], undoubling: Bool = false) -> WordClass {
        for (ending, replacement) in endings.sorted(by: { $0.key.count > $1.key.count }) where word.hasSuffix(ending) {
            let base = String(word.dropLast(ending.count))
            guard !base.isEmpty else { continue }
            var candidates = [base + replacement]
            if replacement.isEmpty {
                candidates.append(base + "e")
                if undoubling, base.count > 2, let last = base.last, base.dropLast().last == last {
                    candidates.append(String(base.dropLast()))
                }
            }
            for candidate in candidates {
                if let classes = table[candidate] { return classes }
            }
        }
        return []
    }
}
