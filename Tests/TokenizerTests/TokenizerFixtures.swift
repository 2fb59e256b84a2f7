import Foundation
import XCTest
@testable import Tokenizer

/// Paths to `Tests/Fixtures/tokenizer` and the tokenizer built from its files, shared by the tests.
enum TokenizerFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/tokenizer")
    static let vocabURL = directory.appendingPathComponent("vocab.json")
    static let mergesURL = directory.appendingPathComponent("merges.txt")

    /// Loaded once: parsing 49k merges per test would dominate the run time.
    static let tokenizer: CLIPTokenizer? = try? CLIPTokenizer(vocabURL: vocabURL, mergesURL: mergesURL)

    static func loadTokenizer(file: StaticString = #filePath, line: UInt = #line) throws -> CLIPTokenizer {
        try XCTUnwrap(tokenizer, "cannot load \(vocabURL.path) / \(mergesURL.path)", file: file, line: line)
    }

    static func loadJSON<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        let url = directory.appendingPathComponent(name)
        guard let data = try? Data(contentsOf: url) else {
            throw XCTSkip("\(url.path) missing; run .venv-ref/bin/python Scripts/make_tokenizer_goldens.py")
        }
        return try JSONDecoder().decode(T.self, from: data)
    }

    /// The bytes of a lowercase hex string.
    static func bytes(hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count - 1, by: 2).map { index in
            UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16)!
        }
    }
}
