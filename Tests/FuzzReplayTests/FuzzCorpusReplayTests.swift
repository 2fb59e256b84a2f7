import Foundation
import XCTest
import FuzzTargets

/// The committed fuzz corpora (Tests/Fixtures/fuzz/<target>/, seeds plus every crash the fuzzers
/// found, see docs/fuzzing.md) replayed through the same entry points libFuzzer calls: no input
/// may crash, and each must end in an accepted result or the parser's own typed error.
final class FuzzCorpusReplayTests: XCTestCase {
    private static let corpusRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/fuzz")

    /// Runs every file of `Tests/Fixtures/fuzz/<corpus>` and returns (accepted, rejected) counts.
    private func replay<T: FuzzTarget>(_ target: T.Type, corpus: String,
                                       file: StaticString = #filePath, line: UInt = #line) throws -> (Int, Int) {
        let dir = Self.corpusRoot.appendingPathComponent(corpus)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !$0.hasPrefix(".") }.sorted()
        XCTAssertFalse(names.isEmpty, "no corpus in \(dir.path)", file: file, line: line)
        var accepted = 0, rejected = 0
        for name in names {
            let data = try Data(contentsOf: dir.appendingPathComponent(name))
            switch data.withUnsafeBytes({ T.run($0) }) {
            case .accepted: accepted += 1
            case .rejected: rejected += 1
            case .violated(let why): XCTFail("\(corpus)/\(name): \(why)", file: file, line: line)
            }
        }
        return (accepted, rejected)
    }

    func testImageCorpusDecodesOrFailsWithImageDecodeError() throws {
        let (accepted, rejected) = try replay(ImageDecoderFuzzTarget.self, corpus: "image")
        // The seeds include real JPEG, PNG and WebP files and known-bad ones; both must be present.
        XCTAssertGreaterThanOrEqual(accepted, 20)
        XCTAssertGreaterThanOrEqual(rejected, 5)
    }

    func testSafeTensorsCorpusParsesOrFailsWithSafeTensorsError() throws {
        let (accepted, rejected) = try replay(SafeTensorsFuzzTarget.self, corpus: "safetensors")
        XCTAssertGreaterThanOrEqual(accepted, 4)
        XCTAssertGreaterThanOrEqual(rejected, 5)
    }

    func testConfigCorpusParsesOrFailsWithTheParsersErrors() throws {
        let (accepted, rejected) = try replay(ConfigFuzzTarget.self, corpus: "config")
        XCTAssertGreaterThanOrEqual(accepted, 4)
        XCTAssertGreaterThanOrEqual(rejected, 1)
    }

    func testTokenizerCorpusKeepsBOSEOSAndLengthInvariants() throws {
        let (accepted, rejected) = try replay(TokenizerFuzzTarget.self, corpus: "tokenizer")
        XCTAssertGreaterThanOrEqual(accepted, 5)
        XCTAssertEqual(rejected, 0, "encode never rejects text")
    }

    /// A crafted input per target proves a violation is reported, not swallowed.
    func testInvariantsAreCheckedOnAcceptedResults() {
        let header = Array(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#.utf8)
        var file: [UInt8] = []
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { file.append(contentsOf: $0) }
        file += header + [UInt8](repeating: 0, count: 8)
        XCTAssertEqual(file.withUnsafeBytes { SafeTensorsFuzzTarget.run($0) }, .accepted("1 tensors, 0 metadata keys"))
        XCTAssertEqual(Array(file.dropLast()).withUnsafeBytes { SafeTensorsFuzzTarget.run($0) }.isSound, true)
        guard case .accepted = Array("a photo of a cat".utf8).withUnsafeBytes({ TokenizerFuzzTarget.run($0) }) else {
            return XCTFail("tokenizer did not load or rejected plain text")
        }
    }

    func testHTTPCorpusKeepsParserInvariants() throws {
        let (accepted, _) = try replay(HTTPFuzzTarget.self, corpus: "http")
        XCTAssertGreaterThanOrEqual(accepted, 10)
    }

    func testRequestBodyCorpusDecodesOrFailsWith4xx() throws {
        let (accepted, rejected) = try replay(RequestBodyFuzzTarget.self, corpus: "request")
        XCTAssertGreaterThanOrEqual(accepted, 5)
        XCTAssertGreaterThanOrEqual(rejected, 2)
    }
}
