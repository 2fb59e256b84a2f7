import XCTest
@testable import Tokenizer

/// BOS/EOS placement and truncation, as HF's `truncation=True, max_length=77`.
final class TruncationTests: XCTestCase {
    func testSpecialTokenIDsAreCLIPs() throws {
        let tokenizer = try TokenizerFixtures.loadTokenizer()
        XCTAssertEqual(tokenizer.bosID, 49406)
        XCTAssertEqual(tokenizer.eosID, 49407)
    }

    func testEmptyAndBlankTextsAreJustBOSAndEOS() throws {
        let tokenizer = try TokenizerFixtures.loadTokenizer()
        for text in ["", "   ", "\t\r\n", "\u{200B}\u{FEFF}", "\u{0}"] {
            XCTAssertEqual(tokenizer.encode(text), [49406, 49407], text.debugDescription)
        }
    }

    func testShortTextIsWrappedAndNotPadded() throws {
        let tokenizer = try TokenizerFixtures.loadTokenizer()
        // "a photo of a cat" in CLIP's vocabulary.
        XCTAssertEqual(tokenizer.encode("a photo of a cat"), [49406, 320, 1125, 539, 320, 2368, 49407])
    }

    func testLongTextIsCutToExactlyMaxLengthWithEOSLast() throws {
        let tokenizer = try TokenizerFixtures.loadTokenizer()
        let long = String(repeating: "red dress with long sleeves ", count: 40)
        let ids = tokenizer.encode(long)
        XCTAssertEqual(ids.count, 77)
        XCTAssertEqual(ids.first, 49406)
        XCTAssertEqual(ids.last, 49407)
        XCTAssertFalse(ids.dropFirst().dropLast().contains(49407), "EOS only at the end")
        XCTAssertEqual(Array(ids.dropLast()), Array(tokenizer.encode(long, maxLength: 1000).prefix(76)))
    }

    func testTextFillingTheWindowExactlyIsNotCut() throws {
        let tokenizer = try TokenizerFixtures.loadTokenizer()
        // "red" is one token, so 75 of them plus BOS and EOS make 77.
        let fits = tokenizer.encode(Array(repeating: "red", count: 75).joined(separator: " "))
        XCTAssertEqual(fits.count, 77)
        XCTAssertEqual(Set(fits.dropFirst().dropLast()).count, 1)
        let oneOver = tokenizer.encode(Array(repeating: "red", count: 75).joined(separator: " ") + " blue")
        XCTAssertEqual(oneOver, fits, "the 76th content token is dropped, EOS stays")
    }

    func testCustomMaxLength() throws {
        let tokenizer = try TokenizerFixtures.loadTokenizer()
        XCTAssertEqual(tokenizer.encode("a photo of a cat", maxLength: 4), [49406, 320, 1125, 49407])
        XCTAssertEqual(tokenizer.encode("a photo of a cat", maxLength: 2), [49406, 49407])
    }

    func testLiteralSpecialTokensInTextKeepTheirIDsAndCountTowardsTheLimit() throws {
        let tokenizer = try TokenizerFixtures.loadTokenizer()
        XCTAssertEqual(tokenizer.encode("a<|endoftext|>a"), [49406, 320, 49407, 320, 49407])
        let ids = tokenizer.encode(String(repeating: "<|endoftext|>", count: 100))
        XCTAssertEqual(ids, [49406] + Array(repeating: 49407, count: 76))
    }
}
