import Foundation
import XCTest
@testable import SynthCIR

final class OutputDirectoryTests: XCTestCase {
    private func tinyWithoutTrainingImages() -> SynthConfig {
        var c = SynthConfig.tiny
        c.train = SynthSplitSize(groups: 1, distractors: 0)
        c.val = SynthSplitSize(groups: 1, distractors: 0)
        c.test = SynthSplitSize(groups: 1, distractors: 0)
        return c
    }

    func testRefusesANonEmptyFolderUnlessReplacing() throws {
        let dir = try TempDirectory("nonempty")
        defer { dir.remove() }
        let foreign = dir.url.appendingPathComponent("notes.txt")
        try Data("keep me".utf8).write(to: foreign)
        XCTAssertThrowsError(try SynthBenchmark.generate(config: tinyWithoutTrainingImages(), into: dir.url)) { error in
            XCTAssertEqual(error as? SynthError, .outputNotEmpty(path: dir.url.path))
        }
        try SynthBenchmark.generate(config: tinyWithoutTrainingImages(), into: dir.url, replaceExisting: true)
        // A bigger earlier run leaves no stale images behind, and foreign files survive.
        try Data("stale".utf8).write(to: dir.url.appendingPathComponent("images/train-99999-0.png"))
        try SynthBenchmark.generate(config: tinyWithoutTrainingImages(), into: dir.url, replaceExisting: true)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.url.appendingPathComponent("images/train-99999-0.png").path))
        XCTAssertEqual(try String(contentsOf: foreign, encoding: .utf8), "keep me")
        XCTAssertEqual(try dir.files().filter { $0.hasSuffix(".png") }.count, 18)
    }

    func testCreatesAMissingFolder() throws {
        let dir = try TempDirectory("missing")
        defer { dir.remove() }
        let nested = dir.url.appendingPathComponent("a/b")
        try SynthBenchmark.generate(config: tinyWithoutTrainingImages(), into: nested)
        XCTAssertTrue(FileManager.default.fileExists(atPath: nested.appendingPathComponent("benchmark.json").path))
    }

    func testOutOfRangeConfigIsRejectedWithTheFieldName() {
        var cases: [(SynthConfig, String)] = []
        var c = SynthConfig.tiny; c.imageSize = 16; cases.append((c, "imageSize"))
        c = .tiny; c.maxConditions = 4; cases.append((c, "maxConditions"))
        c = .tiny; c.maxObjects = 0; cases.append((c, "maxObjects"))
        c = .tiny; c.hardNegativesPerQuery = 9; cases.append((c, "hardNegativesPerQuery"))
        c = .tiny; c.val.groups = -1; cases.append((c, "val"))
        c = .tiny; c.supersampling = 0; cases.append((c, "supersampling"))
        for (config, field) in cases {
            XCTAssertThrowsError(try SynthBenchmark.build(config: config)) { error in
                guard case .invalidConfig(let message)? = error as? SynthError else { return XCTFail("\(error)") }
                XCTAssertTrue(message.contains(field), message)
            }
        }
    }

    /// One-object scenes with three conditions still get their hard negatives (no wrong-object
    /// kind is possible there).
    func testSingleObjectWorldStillFillsEveryGroup() throws {
        var c = SynthConfig.tiny
        c.maxObjects = 1
        c.train = SynthSplitSize(groups: 9, distractors: 0)
        let dataset = try SynthBenchmark.build(config: c)
        XCTAssertTrue(dataset.splits.allSatisfy { $0.queries.allSatisfy { $0.members.count == 6 } })
    }
}
