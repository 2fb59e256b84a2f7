import CIRData

/// The text a CIRCO query is embedded with, for the methods that read text (composed, text, sum).
///
/// CIRCO's relative captions are written to continue the shared concept ("a teddy bear" + "is held
/// by a little girl on a chair") and rarely name the object on their own, so the caption alone
/// leaves the model to infer it from the reference image, while the concatenation reads as one
/// sentence. The default is the caption alone: a modification text of the kind the model is
/// trained to compose with a reference image (CIRR's captions, the synthetic benchmark's).
public enum CIRCOQueryText: String, Sendable, CaseIterable, Codable {
    /// `relative_caption` as it is.
    case caption
    /// `shared_concept`, a space, `relative_caption`.
    case conceptCaption = "concept-caption"

    /// The query text of `record`.
    public func text(for record: CIRCORecord) -> String {
        switch self {
        case .caption: record.caption
        case .conceptCaption: record.sharedConcept + " " + record.caption
        }
    }
}
