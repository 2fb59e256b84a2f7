/// Everything that determines a generated benchmark: the same config gives the same
/// manifests and pixels on any machine.
public struct SynthConfig: Sendable, Equatable {
    /// Seeds every random choice. Default 0.
    public var seed: UInt64 = 0
    /// Image side in pixels, 32...1024. Default 64 (textures are drawn for 64 px and scale with it).
    public var imageSize: Int = 64
    /// Anti-aliasing samples per pixel side, 1...8. Default 4 (16 samples per pixel).
    public var supersampling: Int = 4
    /// Most objects in a reference scene (and after additions), 1...9. Default 3.
    public var maxObjects: Int = 3
    /// Most conditions in a modification text, 1...3. Primary queries cycle through
    /// 1...maxConditions, so every count gets the same number of queries. Default 3.
    public var maxConditions: Int = 3
    /// Hard negatives in each query group, 0...8. With the default 4, a group has 6 members
    /// (reference, target, 4 negatives) as CIRR's `img_set` does.
    public var hardNegativesPerQuery: Int = 4
    /// Training split size. Default 1,500 groups and 1,000 distractors (10,000 images).
    public var train = SynthSplitSize(groups: 1_500, distractors: 1_000)
    /// Validation split size. Default 250 groups and 500 distractors (a 2,000-image gallery,
    /// close to CIRR's).
    public var val = SynthSplitSize(groups: 250, distractors: 500)
    /// Test split size. Default as `val`.
    public var test = SynthSplitSize(groups: 250, distractors: 500)
    /// Training groups also yield derived queries: the reference with another member as target,
    /// whenever the group's other members all fail one of that member's edits. About 3x more
    /// training triplets from the same images. Validation and test keep primary queries only.
    /// Default true.
    public var derivedTrainQueries = true
    /// zlib level for the PNG files, 0...9. Default 9.
    public var pngCompressionLevel: Int = 9

    /// The defaults: about 15,000 images of 64×64 (tens of MB at most).
    public init() {}

    /// A benchmark small enough for unit tests: 48×48 images, a few groups per split.
    public static var tiny: SynthConfig {
        var c = SynthConfig()
        c.imageSize = 48
        c.supersampling = 2
        c.train = SynthSplitSize(groups: 6, distractors: 2)
        c.val = SynthSplitSize(groups: 3, distractors: 2)
        c.test = SynthSplitSize(groups: 3, distractors: 2)
        return c
    }

    /// The size of a split.
    public func size(of split: SynthSplit) -> SynthSplitSize {
        switch split {
        case .train: train
        case .val: val
        case .test: test
        }
    }

    /// Throws `SynthError.invalidConfig` naming the first field out of range.
    public func validate() throws(SynthError) {
        func check(_ ok: Bool, _ message: @autoclosure () -> String) throws(SynthError) {
            if !ok { throw .invalidConfig(message()) }
        }
        try check((32...1024).contains(imageSize), "imageSize \(imageSize) outside 32...1024")
        try check((1...8).contains(supersampling), "supersampling \(supersampling) outside 1...8")
        try check((1...9).contains(maxObjects), "maxObjects \(maxObjects) outside 1...9")
        try check((1...3).contains(maxConditions), "maxConditions \(maxConditions) outside 1...3")
        try check((0...8).contains(hardNegativesPerQuery), "hardNegativesPerQuery \(hardNegativesPerQuery) outside 0...8")
        try check((0...9).contains(pngCompressionLevel), "pngCompressionLevel \(pngCompressionLevel) outside 0...9")
        var images = 0
        for split in SynthSplit.allCases {
            let s = size(of: split)
            try check(s.groups >= 0 && s.distractors >= 0, "\(split.rawValue) counts must not be negative")
            try check(s.groups <= 99_999 && s.distractors <= 99_999, "\(split.rawValue) counts above 99,999 (image names have 5 digits)")
            images += s.groups * (2 + hardNegativesPerQuery) + s.distractors
        }
        try check(images <= 500_000, "\(images) images in total, more than 500,000")
    }
}
