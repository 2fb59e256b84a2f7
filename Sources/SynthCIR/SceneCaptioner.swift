/// The description of a scene used for contrastive image–caption pre-training:
/// "a large red striped circle at the top left and a small blue square in the center".
enum SceneCaptioner {
    /// A caption naming every object's size, colour, texture (unless solid), shape and cell, in
    /// a random order.
    static func caption(for scene: SynthScene, rng: inout SplitMix64) -> String {
        var parts = scene.objects.map { o in
            "\(indefiniteArticle(before: o.description)) \(o.description) \(o.cell.preposition) the \(o.cell.name)"
        }
        rng.shuffle(&parts)
        switch parts.count {
        case 0: return "an empty scene"
        case 1: return parts[0]
        case 2: return "\(parts[0]) and \(parts[1])"
        default:
            return parts.dropLast().joined(separator: ", ") + ", and " + parts[parts.count - 1]
        }
    }
}
