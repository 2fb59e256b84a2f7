/// One batch of (reference, modification text, target) triplets, already decoded and tokenized.
public struct TripletBatch: Sendable {
    /// `[B, C, S, S]` preprocessed reference images.
    public var references: [Float]
    /// `[B, C, S, S]` preprocessed target images.
    public var targets: [Float]
    /// Each caption's real token ids (BOS … EOS, at most the context length).
    public var captions: [[Int32]]
    /// Each caption's noun phrases, tokenized alone (BOS … EOS).
    public var phrases: [[[Int32]]]
    /// Identity of each image, references then targets (`2B` keys): lets a frozen backbone reuse
    /// the vision features of images it has seen (`ConTextObjective.featureCache`).
    public var imageKeys: [String]?

    public var count: Int { captions.count }

    public init(references: [Float], targets: [Float], captions: [[Int32]], phrases: [[[Int32]]], imageKeys: [String]? = nil) {
        precondition(phrases.count == captions.count)
        self.references = references; self.targets = targets; self.captions = captions; self.phrases = phrases
        self.imageKeys = imageKeys
    }
}

/// What one step measured.
public struct StepLosses: Sendable, Equatable {
    public var total: Float
    public var contrastive: Float
    public var conceptConsistency: Float
    /// Noun phrases that entered the TCC term (found in their caption).
    public var phrases: Int
}
