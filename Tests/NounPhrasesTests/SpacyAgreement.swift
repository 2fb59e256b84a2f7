import Foundation
import NounPhrases

/// spaCy's chunks for one text as Scripts/np_agreement.py writes them: `[start, end, text]` with
/// offsets in Unicode scalars (Python string indices), end exclusive.
struct SpacyLine: Decodable {
    struct Chunk: Decodable, Hashable {
        let start: Int
        let end: Int
        let text: String

        init(start: Int, end: Int, text: String) {
            self.start = start
            self.end = end
            self.text = text
        }

        init(from decoder: any Decoder) throws {
            var fields = try decoder.unkeyedContainer()
            start = try fields.decode(Int.self)
            end = try fields.decode(Int.self)
            text = try fields.decode(String.self)
        }
    }

    let text: String
    let chunks: [Chunk]

    /// Reads a `.jsonl` fixture from Tests/Fixtures/nounphrases/.
    static func load(_ name: String) throws -> [SpacyLine] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/nounphrases/\(name)")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: url.path,
                NSLocalizedDescriptionKey: "missing \(url.path): run Scripts/np_agreement.py (docs/noun-phrases.md)"])
        }
        let decoder = JSONDecoder()
        return try data.split(separator: UInt8(ascii: "\n")).map { try decoder.decode(SpacyLine.self, from: Data($0)) }
    }
}

/// Exact-span agreement of the chunker with spaCy over a set of texts.
struct Agreement {
    var texts = 0
    var identicalTexts = 0
    var expected = 0
    var predicted = 0
    var matched = 0
    /// Texts whose chunk lists differ, with both lists, for reading.
    var differences: [(text: String, spacy: [String], ours: [String])] = []

    var precision: Double { predicted == 0 ? 1 : Double(matched) / Double(predicted) }
    var recall: Double { expected == 0 ? 1 : Double(matched) / Double(expected) }
    var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
    var identicalShare: Double { texts == 0 ? 1 : Double(identicalTexts) / Double(texts) }

    init(lines: [SpacyLine], chunker: NounPhraseChunker = NounPhraseChunker()) {
        for line in lines {
            let ours = chunker.chunks(in: line.text).map { phrase in
                SpacyLine.Chunk(start: line.text.unicodeScalars.distance(from: line.text.startIndex, to: phrase.range.lowerBound),
                                end: line.text.unicodeScalars.distance(from: line.text.startIndex, to: phrase.range.upperBound),
                                text: phrase.text)
            }
            texts += 1
            expected += line.chunks.count
            predicted += ours.count
            matched += Set(ours).intersection(line.chunks).count
            if ours == line.chunks {
                identicalTexts += 1
            } else {
                differences.append((line.text, line.chunks.map(\.text), ours.map(\.text)))
            }
        }
    }

    var summary: String {
        String(format: "%d texts: precision %.3f, recall %.3f, F1 %.3f (%d spaCy chunks, %d ours, %d exact matches), identical chunk lists %.3f (%d)",
               texts, precision, recall, f1, expected, predicted, matched, identicalShare, identicalTexts)
    }
}
