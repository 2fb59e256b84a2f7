/// A modification text: the clauses of a query's conditions, joined as people write them
/// ("…, and …", "…; also …"), sometimes after "same but".
public struct ModificationText: Sendable, Equatable {
    /// The whole text.
    public let text: String
    /// Noun phrases in order of appearance, each an exact substring of `text` (pronouns left out:
    /// they name no region on their own).
    public let nounPhrases: [String]
    /// One clause per condition, in the order of the conditions, each a substring of `text`.
    public let clauses: [String]

    /// Phrases `changes` (1...3, stated against `reference`).
    static func make(for changes: [SynthChange], reference: SynthScene, rng: inout SplitMix64) -> ModificationText {
        precondition(!changes.isEmpty && changes.count <= 3, "a modification has 1...3 conditions")
        let prefixes = ["", "", "", "same but ", "same scene but ", "please ", "now "]
        let prefix = rng.pick(prefixes)
        let phraser = ClausePhraser(reference: reference)
        var clauses: [Phrase] = []
        var names: [Int: Phrase] = [:]
        for (i, change) in changes.enumerated() {
            var context = ClausePhraser.Context()
            // "with a striped circle" describes the result, so it only fits an object no other
            // condition changes (else: "with a heart instead of the cross, and with a striped cross").
            context.withFormAllowed = prefix.hasPrefix("same") && changes.filter { $0.objectID == change.objectID }.count == 1
            if i > 0 { context.pronounAllowed = changes[i - 1].objectID == change.objectID && changes[i - 1].attribute != .existence }
            clauses.append(phraser.clause(for: change, context: context, names: &names, rng: &rng))
        }
        var whole = Phrase.words(prefix)
        switch clauses.count {
        case 1:
            whole.pieces += clauses[0].pieces
        case 2:
            let glue = rng.pick([" and ", ", and ", "; also ", ", then ", " and also "])
            whole.pieces += clauses[0].pieces + [.text(glue)] + clauses[1].pieces
        default:
            let (first, second) = rng.pick([(", ", ", and "), (", ", " and "), ("; ", "; and "), (", ", ", then "), ("; also ", " and ")])
            whole.pieces += clauses[0].pieces + [.text(first)] + clauses[1].pieces + [.text(second)] + clauses[2].pieces
        }
        return ModificationText(text: whole.text, nounPhrases: whole.nounPhrases, clauses: clauses.map(\.text))
    }
}
