import NounPhrases
import XCTest

/// Hand-checked chunks (each checked against spaCy 3.8 `en_core_web_sm` by hand, and against what
/// the TCC loss needs: every concept of the modification text as its own phrase).
final class NounPhraseChunkerTests: XCTestCase {
    private let chunker = NounPhraseChunker()

    private func phrases(_ text: String) -> [String] {
        chunker.chunks(in: text).map(\.text)
    }

    func testSplitsPrepositionalAttachmentsOffTheHead() {
        XCTAssertEqual(phrases("make the dress red with long sleeves"), ["the dress", "long sleeves"])
        XCTAssertEqual(phrases("same shoes but in black leather and a higher heel"), ["same shoes", "black leather", "a higher heel"])
        XCTAssertEqual(phrases("remove the dog and add a second cat on the sofa"), ["the dog", "a second cat", "the sofa"])
    }

    func testPredicateAdjectivesAreNotChunks() {
        XCTAssertEqual(phrases("the circle should be large and striped"), ["the circle"])
        XCTAssertEqual(phrases("is darker and has a logo on the front"), ["a logo", "the front"])
    }

    func testPronounsAreChunksButExpletiveThereIsNot() {
        XCTAssertEqual(phrases("make the small circle red and move it to the top left"), ["the small circle", "it", "the top"])
        XCTAssertEqual(phrases("There should be more people on the beach."), ["more people", "the beach"])
        XCTAssertEqual(phrases("a dress that is red"), ["a dress", "that"])
        XCTAssertEqual(phrases("I like these"), ["I", "these"])
    }

    func testNumbersAndQuantifiersStayInTheChunk() {
        XCTAssertEqual(phrases("two dogs"), ["two dogs"])
        XCTAssertEqual(phrases("add 2 dogs"), ["2 dogs"])
        XCTAssertEqual(phrases("There are three circles instead of two."), ["three circles"])
        XCTAssertEqual(phrases("Remove all the triangles."), ["all the triangles"])
        XCTAssertEqual(phrases("a 3.5 inch heel"), ["a 3.5 inch heel"])
    }

    func testPossessorIsPartOfThePossessedChunk() {
        XCTAssertEqual(phrases("the man's hat"), ["the man's hat"])
        XCTAssertEqual(phrases("The man’s hat and the woman's scarf are both blue."), ["The man’s hat", "the woman's scarf"])
        XCTAssertEqual(phrases("the dogs' bowls are empty"), ["the dogs' bowls"])
        XCTAssertEqual(phrases("It's red."), ["It"])
    }

    func testCoordinatedModifiersJoinButCoordinatedHeadsSplit() {
        XCTAssertEqual(phrases("red and white stripes"), ["red and white stripes"])
        XCTAssertEqual(phrases("shoes and socks"), ["shoes", "socks"])
        XCTAssertEqual(phrases("Add a knife, a fork and a spoon."), ["a knife", "a fork", "a spoon"])
    }

    func testHyphenatedWordsStayWhole() {
        XCTAssertEqual(phrases("a short-sleeved v-neck t-shirt"), ["a short-sleeved v-neck t-shirt"])
        XCTAssertEqual(phrases("a 3-story house with a garage"), ["a 3-story house", "a garage"])
        XCTAssertEqual(phrases("red/white striped shirt"), ["red/white striped shirt"])
    }

    func testMeasureNounsBeforeAComparativeAreNoChunk() {
        XCTAssertEqual(phrases("It's a bit longer and has a belt."), ["It", "a belt"])
        XCTAssertEqual(phrases("A lot more people in the background."), ["A lot more people", "the background"])
    }

    func testCaseAndUnicodeKeepTheOriginalText() {
        XCTAssertEqual(phrases("MAKE THE SHOES BLACK"), ["THE SHOES"])
        XCTAssertEqual(phrases("a café with naïve décor"), ["a café", "naïve décor"])
        XCTAssertEqual(phrases("add an emoji 😀 sticker to the laptop"), ["an emoji 😀 sticker", "the laptop"])
        XCTAssertEqual(phrases("the “blue” shirt"), ["the “blue” shirt"])
        XCTAssertEqual(phrases("the (small) dog is barking"), ["the (small) dog"])
    }

    func testDegenerateInputsYieldNoChunkAndNeverTrap() {
        for text in ["", " ", "\n\t", "!!!", "-", "'", "’", "'s", "--x--", "x-", "-x", "a", "the", "the the the", "and", "%", "😀😀", "\u{301}", "a\u{301}"] {
            let chunks = chunker.chunks(in: text)
            assertWellFormed(chunks, in: text)
        }
        XCTAssertEqual(phrases(""), [])
        XCTAssertEqual(phrases("   "), [])
        XCTAssertEqual(phrases("... !!! ???"), [])
    }

    func testRangesSliceTheInputInOrderWithoutOverlap() throws {
        let corpus = try SpacyLine.load("spacy_chunks.jsonl")
        for line in corpus {
            assertWellFormed(chunker.chunks(in: line.text), in: line.text)
        }
    }

    func testVeryLongInputChunksEveryRepetition() {
        // 2,000 repetitions (~100,000 characters): each keeps its own three chunks, so nothing
        // leaks across sentences; runs of modifiers and nouns with no end do not trap.
        let sentence = "Remove the dog and add a second cat on the sofa. "
        let text = String(repeating: sentence, count: 2_000)
        let chunks = chunker.chunks(in: text)
        XCTAssertEqual(chunks.count, 3 * 2_000)
        assertWellFormed(chunks, in: text)
        XCTAssertEqual(chunker.chunks(in: String(repeating: "red ", count: 10_000)).count, 0)
        XCTAssertEqual(chunker.chunks(in: String(repeating: "dog ", count: 10_000)).count, 1)
        XCTAssertEqual(chunker.chunks(in: String(repeating: "big and ", count: 5_000) + "dog").count, 1)
    }

    func testRandomTextsAreWellFormed() {
        // Deterministic generator over words and troublesome characters.
        let pieces = ["the", "a", "red", "dog", "'s", "’", "-", "—", "/", "(", ")", "“", "”", "\"", ",", ".", " ", " ", " ",
                      "and", "it", "café", "😀", "\u{301}", "3", ".5", "%", "n't", "square", "top", "left", "of", "in", "navy"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2_000 {
            var text = ""
            for _ in 0..<12 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text += pieces[Int(state >> 33) % pieces.count]
            }
            assertWellFormed(chunker.chunks(in: text), in: text)
        }
    }

    private func assertWellFormed(_ chunks: [NounPhrase], in text: String, file: StaticString = #filePath, line: UInt = #line) {
        var end = text.startIndex
        for chunk in chunks {
            XCTAssertEqual(chunk.text, String(text[chunk.range]), file: file, line: line)
            XCTAssertFalse(chunk.range.isEmpty, "empty chunk in \(text)", file: file, line: line)
            XCTAssertGreaterThanOrEqual(chunk.range.lowerBound, end, "overlap in \(text)", file: file, line: line)
            XCTAssertFalse(chunk.text.first?.isWhitespace ?? true, file: file, line: line)
            XCTAssertFalse(chunk.text.last?.isWhitespace ?? true, file: file, line: line)
            end = chunk.range.upperBound
        }
    }
}
