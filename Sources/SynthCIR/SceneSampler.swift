/// Draws random scenes: references and distractors.
enum SceneSampler {
    /// A scene with `1...maxObjects` objects (uniform count) in distinct random cells, every
    /// attribute uniform, and a light background tint.
    static func scene(maxObjects: Int, rng: inout SplitMix64) -> SynthScene {
        let count = 1 + rng.below(maxObjects)
        var cells = GridCell.all
        rng.shuffle(&cells)
        let objects = (0..<count).map { i in randomObject(id: i, cell: cells[i], rng: &rng) }
        return SynthScene(background: background(rng: &rng), objects: objects)
    }

    /// An object with uniform attributes and jitter in `cell`.
    static func randomObject(id: Int, cell: GridCell, rng: inout SplitMix64) -> SceneObject {
        SceneObject(id: id,
                    shape: rng.pick(SynthShape.allCases), color: rng.pick(SynthColor.allCases),
                    size: rng.pick(SynthSize.allCases), texture: rng.pick(SynthTexture.allCases),
                    cell: cell, jitterX: rng.below(2001) - 1000, jitterY: rng.below(2001) - 1000)
    }

    /// Each channel in 222...251: light enough for every object colour to stand out, varied
    /// enough that pixels alone do not identify a scene's family.
    static func background(rng: inout SplitMix64) -> RGB8 {
        RGB8(UInt8(222 + rng.below(30)), UInt8(222 + rng.below(30)), UInt8(222 + rng.below(30)))
    }
}
