import CIRData
import NounPhrases

/// Triplet records made ready for training: captions and noun phrases tokenized once.
///
/// Noun phrases come from the record (manifest `noun_phrases`) when given, else from the Swift
/// chunker (`NounPhraseChunker`), as the reference precomputes them with spaCy.
public struct TripletExample: Sendable {
    public let record: TripletRecord
    public let caption: [Int32]
    /// Each phrase tokenized alone (BOS … EOS), at most `ConceptConsistency.maxPhrases`.
    public let phrases: [[Int32]]
}

public enum TripletExamples {
    /// Tokenizes `records`; records without a target (a test split) are dropped.
    public static func make(_ records: [TripletRecord], assets: ModelAssets, maxPhrases: Int = 10) -> [TripletExample] {
        let chunker = NounPhraseChunker()
        return records.compactMap { r in
            guard r.target != nil else { return nil }
            let texts = r.nounPhrases ?? chunker.chunks(in: r.caption).map(\.text)
            return TripletExample(record: r, caption: assets.tokenize(r.caption),
                                  phrases: texts.prefix(maxPhrases).map { assets.tokenize($0) })
        }
    }
}
