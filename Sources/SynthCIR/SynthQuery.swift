/// A composed query: reference image plus modification text, with its target and its group.
public struct SynthQuery: Sendable, Equatable {
    /// `q` and six digits, unique within the split (`q000123`).
    public let id: String
    /// The position in the split's query list (CIRR's `pairid`).
    public let pairID: Int
    /// The group whose reference, target and hard negatives make up `members`.
    public let group: Int
    /// Image names (see `SynthImage.name`).
    public let reference: String
    public let target: String
    /// The modification text.
    public let caption: String
    /// The noun phrases of `caption`, exact substrings in order of appearance.
    public let nounPhrases: [String]
    /// The edits the text asks for, relative to the reference (1...3). The target is the
    /// reference with all of them applied.
    public let conditions: [SynthChange]
    /// One clause of `caption` per condition, in the same order.
    public let conditionTexts: [String]
    /// The group's image names (reference, target, hard negatives) in a shuffled order:
    /// CIRR's `img_set.members`.
    public let members: [String]
    /// False for derived training queries (another member of a group taken as the target).
    public let isPrimary: Bool
}
