import XCTest
@testable import Tokenizer

/// Every text of `goldens.json` (written by `Scripts/make_tokenizer_goldens.py` from the slow HF
/// CLIPTokenizer without ftfy) must give exactly the reference ids.
final class GoldenCorpusTests: XCTestCase {
    private struct Goldens: Decodable {
        struct Case: Decodable {
            let text: String
            let utf8: String
            let ids: [Int32]
        }
        let reference: String
        let cases: [Case]
    }

    /// Texts allowed to differ from the reference, each justified in docs/tokenizer.md. Empty: the
    /// whole corpus matches.
    private static let documentedExceptions: Set<String> = []

    func testEveryCorpusTextMatchesTheReferenceIDs() throws {
        let tokenizer = try TokenizerFixtures.loadTokenizer()
        let goldens = try TokenizerFixtures.loadJSON("goldens.json", as: Goldens.self)
        XCTAssertGreaterThanOrEqual(goldens.cases.count, 400)
        var mismatches = 0
        for item in goldens.cases where !Self.documentedExceptions.contains(item.utf8) {
            // The hex form is the source of truth: it pins the exact code points.
            let text = String(decoding: TokenizerFixtures.bytes(hex: item.utf8), as: UTF8.self)
            XCTAssertEqual(Array(text.unicodeScalars), Array(item.text.unicodeScalars), "fixture text and hex disagree")
            let actual = tokenizer.encode(text)
            if actual != item.ids {
                mismatches += 1
                XCTFail("""
                    text:     \(text.debugDescription) (utf8 \(item.utf8.prefix(120)))
                    expected: \(item.ids)
                    actual:   \(actual)
                    """)
            }
        }
        XCTAssertEqual(mismatches, 0, "\(mismatches) of \(goldens.cases.count) texts differ from \(goldens.reference)")
    }

    func testBatchEncodingEqualsOneByOne() throws {
        let tokenizer = try TokenizerFixtures.loadTokenizer()
        let goldens = try TokenizerFixtures.loadJSON("goldens.json", as: Goldens.self)
        let texts = goldens.cases.prefix(50).map(\.text)
        XCTAssertEqual(tokenizer.encode(texts), texts.map { tokenizer.encode($0) })
    }

    func testConcurrentEncodingGivesTheSameIDs() throws {
        let tokenizer = try TokenizerFixtures.loadTokenizer()
        let goldens = try TokenizerFixtures.loadJSON("goldens.json", as: Goldens.self)
        let cases = goldens.cases
        let failures = FailureCounter()
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for (index, item) in cases.enumerated() where index % 8 == worker || index % 3 == 0 {
                if tokenizer.encode(item.text) != item.ids && !Self.documentedExceptions.contains(item.utf8) {
                    failures.increment()
                }
            }
        }
        XCTAssertEqual(failures.value, 0)
    }
}
