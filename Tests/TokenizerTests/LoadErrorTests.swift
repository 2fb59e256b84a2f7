import Foundation
import XCTest
@testable import Tokenizer

/// Broken tokenizer files fail with an error that names the file and the problem.
final class LoadErrorTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tokenizer-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func write(_ name: String, _ contents: String) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try Data(contents.utf8).write(to: url)
        return url
    }

    private static let smallVocab = #"{"<|startoftext|>": 0, "<|endoftext|>": 1, "a</w>": 2}"#

    private func assertLoadFails(vocab: URL, merges: URL, file: StaticString = #filePath, line: UInt = #line,
                                 _ check: (TokenizerError) -> Void) {
        XCTAssertThrowsError(try CLIPTokenizer(vocabURL: vocab, mergesURL: merges), file: file, line: line) { error in
            guard let error = error as? TokenizerError else {
                return XCTFail("not a TokenizerError: \(error)", file: file, line: line)
            }
            check(error)
        }
    }

    func testMissingVocabularyFileIsNamed() throws {
        let merges = try write("merges.txt", "#version: 0.2\n")
        let missing = directory.appendingPathComponent("nope/vocab.json")
        assertLoadFails(vocab: missing, merges: merges) { error in
            XCTAssertEqual(error, .unreadableFile(file: missing.path, reason: "no such file"))
            XCTAssertTrue(error.description.contains(missing.path), error.description)
        }
    }

    func testMissingMergesFileIsNamed() throws {
        let vocab = try write("vocab.json", Self.smallVocab)
        let missing = directory.appendingPathComponent("merges.txt")
        assertLoadFails(vocab: vocab, merges: missing) { error in
            XCTAssertEqual(error, .unreadableFile(file: missing.path, reason: "no such file"))
        }
    }

    func testVocabularyThatIsNotJSONIsRejected() throws {
        let vocab = try write("vocab.json", "this is not json")
        let merges = try write("merges.txt", "#version: 0.2\n")
        assertLoadFails(vocab: vocab, merges: merges) { error in
            guard case .invalidVocabulary(let file, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(file, vocab.path)
            XCTAssertTrue(error.description.contains("vocab.json"), error.description)
        }
    }

    func testVocabularyWithNonIntegerIDsIsRejected() throws {
        for body in [#"["a", "b"]"#, #"{"<|startoftext|>": "zero"}"#, #"{"a": -1}"#, #"{"a": 1.5}"#] {
            let vocab = try write("vocab.json", body)
            let merges = try write("merges.txt", "#version: 0.2\n")
            assertLoadFails(vocab: vocab, merges: merges) { error in
                guard case .invalidVocabulary(let file, _) = error else { return XCTFail("\(body): \(error)") }
                XCTAssertEqual(file, vocab.path)
            }
        }
    }

    func testBadMergesLineIsReportedWithItsNumber() throws {
        let vocab = try write("vocab.json", Self.smallVocab)
        let merges = try write("merges.txt", "#version: 0.2\na b\nc d\nthree symbols here\ne f\n")
        assertLoadFails(vocab: vocab, merges: merges) { error in
            XCTAssertEqual(error, .invalidMergesLine(file: merges.path, line: 4, content: "three symbols here"))
            XCTAssertTrue(error.description.contains("line 4"), error.description)
        }
    }

    func testMissingSpecialTokensAreNamed() throws {
        let merges = try write("merges.txt", "#version: 0.2\n")
        let noStart = try write("vocab.json", #"{"<|endoftext|>": 1}"#)
        assertLoadFails(vocab: noStart, merges: merges) { error in
            XCTAssertEqual(error, .missingSpecialToken(file: noStart.path, token: "<|startoftext|>"))
        }
        let noEnd = try write("vocab2.json", #"{"<|startoftext|>": 0}"#)
        assertLoadFails(vocab: noEnd, merges: merges) { error in
            XCTAssertEqual(error, .missingSpecialToken(file: noEnd.path, token: "<|endoftext|>"))
        }
    }

    func testInMemoryDataUsesFileLabels() {
        XCTAssertThrowsError(try CLIPTokenizer(vocabJSON: Data("{}".utf8), merges: "#version: 0.2\n")) { error in
            XCTAssertEqual(error as? TokenizerError, .missingSpecialToken(file: "vocab.json", token: "<|startoftext|>"))
        }
        XCTAssertThrowsError(try CLIPTokenizer(vocabJSON: Data(Self.smallVocab.utf8), merges: "#version\nx\n")) { error in
            XCTAssertEqual(error as? TokenizerError, .invalidMergesLine(file: "merges.txt", line: 2, content: "x"))
        }
    }

    func testSmallInMemoryTokenizerAppliesMergesAndFallsBackToUnknown() throws {
        // "a</w>" is in the vocabulary; "b</w>" is not and becomes the unknown id (EOS), as in HF.
        let tokenizer = try CLIPTokenizer(vocabJSON: Data(Self.smallVocab.utf8), merges: "#version: 0.2\r\n")
        XCTAssertEqual(tokenizer.encode("a b"), [0, 2, 1, 1])
    }
}
