/// The words for one condition. Several templates per kind of change, so a model cannot key on
/// one verb; every clause names what changes (the new value, the direction, or the object
/// removed).
struct ClausePhraser {
    /// The reference scene the text talks about.
    let reference: SynthScene

    /// How the clause may name its object.
    struct Context {
        /// The previous clause edited the same object, so "it" is allowed.
        var pronounAllowed = false
        /// The text started with "same but" and no other condition edits this object, so a
        /// "with …"/"without …" clause reads naturally and stays true of the result.
        var withFormAllowed = false
    }

    /// The clause for `change`. Precondition: the change's object exists in the reference
    /// (except for `.add`).
    /// `names` remembers how earlier clauses named each object, so one text calls an object the
    /// same way throughout ("the red circle" … "the red circle", never "the large circle").
    func clause(for change: SynthChange, context: Context, names: inout [Int: Phrase], rng: inout SplitMix64) -> Phrase {
        if case .add(let o) = change { return addClause(o, context: context, rng: &rng) }
        guard let object = reference.object(id: change.objectID) else {
            preconditionFailure("change \(change) names an object the reference lacks")
        }
        let shapeOnly = ReferringExpression.unique(for: object, in: reference).first == [object.shape.word]
        let useWith = context.withFormAllowed && rng.chance(1, in: 2)
        let usePronoun = !useWith && context.pronounAllowed && change.attribute != .existence && rng.chance(1, in: 2)
        let ref: Phrase
        if usePronoun {
            ref = .words("it")
        } else if let known = names[object.id] {
            ref = known
        } else {
            ref = ReferringExpression.phrase(for: object, in: reference, rng: &rng)
            names[object.id] = ref
        }

        switch change {
        case .color(_, let c):
            if useWith && shapeOnly { return .joined([.words("with"), .np("\(indefiniteArticle(before: c.word)) \(c.word) \(object.shape.word)")]) }
            return pick(&rng, [
                [.words("make"), ref, .words(c.word)],
                [.words("change"), ref, .words("to \(c.word)")],
                [ref, .words("should be \(c.word)")],
                [.words("turn"), ref, .words(c.word)],
                [.words("paint"), ref, .words(c.word)],
                [.words("color"), ref, .words(c.word)],
            ])
        case .shape(_, let s):
            let newShape = Phrase.np("\(indefiniteArticle(before: s.word)) \(s.word)")
            if useWith { return .joined([.words("with"), newShape, .words("instead of"), ref]) }
            return pick(&rng, [
                [.words("make"), ref, newShape],
                [.words("turn"), ref, .words("into"), newShape],
                [.words("change"), ref, .words("into"), newShape],
                [ref, .words("should be"), newShape],
                [.words("replace"), ref, .words("with"), newShape],
            ])
        case .size(_, let z):
            if useWith && shapeOnly { return .joined([.words("with"), .np("a \(z.word) \(object.shape.word)")]) }
            return pick(&rng, [
                [.words("make"), ref, .words(z.word)],
                [.words("make"), ref, .words(rng.pick(z.comparatives))],
                [ref, .words("should be \(z.word)")],
                [.words(z == .large ? "enlarge" : "shrink"), ref],
            ])
        case .texture(_, let t):
            if useWith && shapeOnly {
                return .joined([.words("with"), .np("\(indefiniteArticle(before: t.word)) \(t.word) \(object.shape.word)")])
            }
            return pick(&rng, textureTemplates(t, ref: ref))
        case .move(_, let cell):
            let place = Phrase.joined([.words(cell.preposition), .np("the \(cell.name)")])
            if useWith { return .joined([.words("with"), ref, place]) }
            if let direction = GridDirection.allCases.first(where: { object.cell.neighbour($0) == cell }), rng.chance(1, in: 2) {
                return pick(&rng, [
                    [.words("move"), ref, .words("one cell \(direction.word)")],
                    [.words("shift"), ref, .words(direction.word)],
                    [.words("move"), ref, .words("\(direction.word) one step")],
                ])
            }
            return pick(&rng, [
                [.words("move"), ref, .words("to"), .np("the \(cell.name)")],
                [.words("put"), ref, place],
                [ref, .words("should be"), place],
                [.words("place"), ref, place],
            ])
        case .remove:
            if useWith { return .joined([.words("without"), ref]) }
            return pick(&rng, [
                [.words("remove"), ref],
                [.words("delete"), ref],
                [.words("take away"), ref],
                [.words("get rid of"), ref],
                [.words("drop"), ref],
            ])
        case .add:
            preconditionFailure("handled above")
        }
    }

    private func textureTemplates(_ t: SynthTexture, ref: Phrase) -> [[Phrase]] {
        switch t {
        case .striped:
            [[.words("make"), ref, .words("striped")], [.words("give"), ref, .np("stripes")],
             [ref, .words("should be striped")], [.words("add"), .np("stripes"), .words("to"), ref],
             [.words("cover"), ref, .words("with"), .np("stripes")]]
        case .dotted:
            [[.words("make"), ref, .words("dotted")], [.words("give"), ref, .np("dots")],
             [ref, .words("should be dotted")], [.words("add"), .np("dots"), .words("to"), ref],
             [.words("cover"), ref, .words("with"), .np("dots")]]
        case .checkered:
            [[.words("make"), ref, .words("checkered")], [.words("give"), ref, .np("a checkered pattern")],
             [ref, .words("should be checkered")], [.words("add"), .np("a checkered pattern"), .words("to"), ref]]
        case .solid:
            [[.words("make"), ref, .words("solid")], [.words("make"), ref, .words("plain")],
             [ref, .words("should be solid")], [.words("remove"), .np("the pattern"), .words("from"), ref],
             [.words("fill"), ref, .words("with"), .np("a solid color")]]
        }
    }

    private func addClause(_ o: SceneObject, context: Context, rng: inout SplitMix64) -> Phrase {
        let thing = Phrase.np("\(indefiniteArticle(before: o.description)) \(o.description)")
        let place = Phrase.joined([.words(o.cell.preposition), .np("the \(o.cell.name)")])
        if context.withFormAllowed && rng.chance(1, in: 2) { return .joined([.words("with"), thing, place]) }
        return pick(&rng, [
            [.words("add"), thing, place],
            [.words("put"), thing, place],
            [.words("include"), thing, place],
            [.words("place"), thing, place],
            [.words("there should also be"), thing, place],
        ])
    }

    private func pick(_ rng: inout SplitMix64, _ templates: [[Phrase]]) -> Phrase {
        .joined(rng.pick(templates))
    }
}
