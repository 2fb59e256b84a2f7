/// One image of the benchmark, before rendering.
public struct SynthImage: Sendable, Equatable {
    /// The file stem, unique in the benchmark: `<split>-<group>-<member>` for group members
    /// (`val-00012-3`, members numbered in a shuffled order so the number says nothing about
    /// the role) and `<split>-x<index>` for distractors.
    public let name: String
    public let scene: SynthScene
    /// The scene caption used for contrastive pre-training.
    public let caption: String
    /// The query group this image belongs to, nil for distractors.
    public let group: Int?

    /// The path relative to the benchmark directory: `images/<name>.png`.
    public var path: String { "images/\(name).png" }
}
