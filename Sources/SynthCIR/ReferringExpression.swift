/// How a modification text names an object of the reference scene: the shortest description
/// that picks out exactly one object, sometimes a longer one for variety, and the cell as the
/// last resort (cells are unique, so a description always exists).
enum ReferringExpression {
    /// A noun phrase (plus, for the positional form, the cell's noun phrase) naming `object`
    /// unambiguously among `scene`'s objects.
    static func phrase(for object: SceneObject, in scene: SynthScene, rng: inout SplitMix64) -> Phrase {
        let candidates = unique(for: object, in: scene)
        // Prefer the shortest (like people do), but not always: long and short forms both occur.
        let words: [String]?
        if candidates.isEmpty {
            words = nil
        } else if rng.chance(3, in: 5) {
            words = candidates[0]
        } else {
            words = rng.pick(candidates)
        }
        if let words {
            return .np((["the"] + words).joined(separator: " "))
        }
        return Phrase.joined([.np("the \(object.shape.word)"), .words(object.cell.preposition),
                              .np("the \(object.cell.name)")])
    }

    /// The attribute descriptions (shortest first) that match `object` and no other object.
    static func unique(for object: SceneObject, in scene: SynthScene) -> [[String]] {
        typealias Matcher = (SceneObject) -> Bool
        let forms: [([String], Matcher)] = [
            ([object.shape.word], { $0.shape == object.shape }),
            ([object.color.word, object.shape.word], { $0.shape == object.shape && $0.color == object.color }),
            ([object.size.word, object.shape.word], { $0.shape == object.shape && $0.size == object.size }),
            ([object.size.word, object.color.word, object.shape.word],
             { $0.shape == object.shape && $0.size == object.size && $0.color == object.color }),
        ]
        return forms.compactMap { words, matches in
            scene.objects.filter(matches).count == 1 ? words : nil
        }
    }
}
