import CIRData
import Foundation
import XCTest

final class TripletManifestTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
        try directory.touch(["images/a.png", "images/b.png", "images/c.png"])
    }

    override func tearDown() {
        directory.remove()
    }

    private let good = #"{"reference": "images/a.png", "target": "images/b.png", "caption": "make the circle red"}"#

    private func manifest(_ bytes: [UInt8]) throws -> URL {
        try directory.write("triplets.jsonl", bytes)
    }

    private func lines(_ lines: [String]) -> [UInt8] {
        Array(lines.joined(separator: "\n").utf8) + [0x0A]
    }

    func testLoadsAllFieldsAndResolvesPathsAgainstTheManifestFolder() throws {
        let url = try manifest(lines([
            #"{"id": "q1", "reference": "./images/a.png", "target": "images//b.png", "caption": "Make THE circle red and the square blue", "noun_phrases": ["the circle", "The Square"], "conditions": 2, "members": ["images/a.png", "images/b.png", "images/c.png"], "extra": {"ignored": true}}"#,
            good,
        ]))
        let result = try TripletManifest.load(from: url)
        XCTAssertEqual(result.problems, [])
        XCTAssertEqual(result.records.count, 2)
        let first = result.records[0]
        XCTAssertEqual(first.id, "q1")
        XCTAssertEqual(first.reference.name, "images/a.png", "./ and // are normalised away")
        XCTAssertEqual(first.target?.name, "images/b.png")
        XCTAssertEqual(first.reference.path, directory.url.standardizedFileURL.path + "/images/a.png")
        XCTAssertEqual(first.nounPhrases, ["the circle", "The Square"])
        XCTAssertEqual(first.conditions, 2)
        XCTAssertEqual(first.members?.map(\.name), ["images/a.png", "images/b.png", "images/c.png"])
        XCTAssertEqual(first.origin, DataOrigin(file: url.path, line: 1))
        XCTAssertEqual(result.records[1].id, "2", "id defaults to the line number")
        XCTAssertNil(result.records[1].nounPhrases)
        XCTAssertEqual(ImageRef.union(of: result.records).map(\.name), ["images/a.png", "images/b.png", "images/c.png"])
    }

    func testImageRootOptionAndAbsolutePaths() throws {
        let sub = try directory.write("lists/t.jsonl", lines([
            #"{"reference": "images/a.png", "target": "\#(directory.url.path)/images/c.png", "caption": "x"}"#,
        ]))
        XCTAssertThrowsError(try TripletManifest.load(from: sub), "images/ is not beside lists/t.jsonl")
        let result = try TripletManifest.load(from: sub, options: ManifestOptions(imageRoot: directory.url))
        XCTAssertEqual(result.records.first?.target?.path, directory.url.path + "/images/c.png")
        XCTAssertEqual(try TripletManifest.load(from: sub, options: ManifestOptions(checkImages: false)).records.count, 1)
    }

    /// One row per kind of bad line the issue names, each placed on line 2 between good lines.
    private var badLines: [(label: String, bytes: [UInt8], message: String)] {
        [
            ("malformed JSON", Array(#"{"reference": "images/a.png", "target": "#.utf8), "not valid JSON"),
            ("trailing comma", Array(#"{"reference": "images/a.png", "target": "images/b.png", "caption": "x",}"#.utf8), "expected a quoted field name"),
            ("garbage after the object", Array((good + " x").utf8), "after the JSON value"),
            ("not an object", Array(#"["images/a.png", "images/b.png"]"#.utf8), "expected a JSON object"),
            ("missing field", Array(#"{"reference": "images/a.png", "target": "images/b.png"}"#.utf8), "missing required field 'caption'"),
            ("wrong type", Array(#"{"reference": "images/a.png", "target": "images/b.png", "caption": 5}"#.utf8), "field 'caption' must be a string, found a number"),
            ("fractional conditions", Array(#"{"reference": "images/a.png", "target": "images/b.png", "caption": "x", "conditions": 1.5}"#.utf8), "'conditions' must be an integer"),
            ("noun phrase not in caption", Array(#"{"reference": "images/a.png", "target": "images/b.png", "caption": "make it red", "noun_phrases": ["the dog"]}"#.utf8), "does not occur in the caption"),
            ("missing image", Array(#"{"reference": "images/a.png", "target": "images/missing.png", "caption": "x"}"#.utf8), "target image 'images/missing.png' not found"),
            ("missing member image", Array(#"{"reference": "images/a.png", "target": "images/b.png", "caption": "x", "members": ["images/zz.png"]}"#.utf8), "members item 0 'images/zz.png' not found"),
            ("image path is a directory", Array(#"{"reference": "images", "target": "images/b.png", "caption": "x"}"#.utf8), "reference image 'images' not found"),
            ("target equals reference", Array(#"{"reference": "images/a.png", "target": "./images/a.png", "caption": "x"}"#.utf8), "is the reference image"),
            ("non-UTF-8", Array(#"{"reference": "images/a.png", "target": "images/b.png", "caption": "caf"#.utf8) + [0xE9] + Array(#""}"#.utf8), "not valid UTF-8 (byte 0xE9 at column"),
            ("huge line", Array(#"{"caption": ""#.utf8) + [UInt8](repeating: 0x61, count: (1 << 20) + 10) + Array(#""}"#.utf8), "over the limit of 1048576"),
            ("deep nesting", [UInt8](repeating: 0x5B, count: 100_000), "nesting deeper than 512"),
            ("NUL byte", Array(#"{"reference": "images/a.png","#.utf8) + [0] + Array(#""target": "images/b.png", "caption": "x"}"#.utf8), "not valid JSON"),
            ("lone surrogate escape", Array(#"{"reference": "images/a.png", "target": "images/b.png", "caption": "\ud800"}"#.utf8), "unpaired surrogate"),
            ("duplicate id", Array(#"{"id": "1", "reference": "images/a.png", "target": "images/b.png", "caption": "x"}"#.utf8), "id '1' is already used on line 1"),
        ]
    }

    func testEachBadLineIsReportedWithFileAndLineUnderSkip() throws {
        for bad in badLines {
            let url = try manifest(Array(#"{"id": "1", "reference": "images/a.png", "target": "images/b.png", "caption": "x"}"#.utf8) + [0x0A] + bad.bytes + [0x0A] + Array(good.utf8) + [0x0A])
            let result = try TripletManifest.load(from: url, options: ManifestOptions(policy: .skip))
            XCTAssertEqual(result.records.map { $0.origin.line }, [1, 3], bad.label)
            XCTAssertEqual(result.problems.count, 1, bad.label)
            let problem = try XCTUnwrap(result.problems.first)
            XCTAssertEqual(problem.file, url.path, bad.label)
            XCTAssertEqual(problem.line, 2, bad.label)
            XCTAssertTrue(problem.message.contains(bad.message), "\(bad.label): \(problem.message)")
            XCTAssertTrue(problem.description.hasPrefix("\(url.path):2: "), bad.label)
        }
    }

    func testEachBadLineThrowsWithFileAndLineUnderFail() throws {
        for bad in badLines {
            let url = try manifest(Array(#"{"id": "1", "reference": "images/a.png", "target": "images/b.png", "caption": "x"}"#.utf8) + [0x0A] + bad.bytes + [0x0A] + Array(good.utf8))
            XCTAssertThrowsError(try TripletManifest.load(from: url, options: ManifestOptions(policy: .fail)), bad.label) { error in
                let problem = error as? DataProblem
                XCTAssertEqual(problem?.file, url.path, bad.label)
                XCTAssertEqual(problem?.line, 2, bad.label)
                XCTAssertTrue(problem?.message.contains(bad.message) ?? false, "\(bad.label): \(String(describing: problem))")
            }
        }
    }

    func testByteOrderMarkCRLFAndBlankLinesKeepLineNumbersRight() throws {
        let text = "\u{FEFF}" + good + "\r\n\r\n   \r\n" + #"{"reference": 1}"# + "\r\n" + good + "\r\n"
        let url = try manifest(Array(text.utf8))
        let result = try TripletManifest.load(from: url, options: ManifestOptions(policy: .skip))
        XCTAssertEqual(result.records.map { $0.origin.line }, [1, 5])
        XCTAssertEqual(result.records.map(\.caption), ["make the circle red", "make the circle red"], "no \\r left in values")
        XCTAssertEqual(result.problems.map(\.line), [4])
        XCTAssertTrue(result.problems[0].message.contains("field 'reference' must be a string") || result.problems[0].message.contains("missing required"), result.problems[0].message)
    }

    func testEmptyFileAndMissingFileThrowUnderBothPolicies() throws {
        for policy in ProblemPolicy.allCases {
            for (label, bytes) in [("empty", [UInt8]()), ("blank lines", Array("\n \r\n\n".utf8)), ("only a BOM", [0xEF, 0xBB, 0xBF])] {
                let url = try manifest(bytes)
                XCTAssertThrowsError(try TripletManifest.load(from: url, options: ManifestOptions(policy: policy)), label) { error in
                    let problem = error as? DataProblem
                    XCTAssertEqual(problem?.file, url.path)
                    XCTAssertNil(problem?.line)
                    XCTAssertTrue(problem?.message.contains("no records") ?? false, "\(label): \(String(describing: problem))")
                }
            }
            let missing = directory.url.appendingPathComponent("nope.jsonl")
            XCTAssertThrowsError(try TripletManifest.load(from: missing, options: ManifestOptions(policy: policy))) { error in
                XCTAssertEqual((error as? DataProblem)?.file, missing.path)
                XCTAssertTrue((error as? DataProblem)?.message.contains("cannot read") ?? false)
            }
        }
    }

    func testLineLimitIsConfigurable() throws {
        let url = try manifest(lines([good]))
        XCTAssertThrowsError(try TripletManifest.load(from: url, options: ManifestOptions(maxLineBytes: 20))) { error in
            XCTAssertTrue((error as? DataProblem)?.message.contains("over the limit of 20") ?? false)
        }
    }

    /// The trainer reports images its decoder cannot read through the same type and policy.
    func testProblemLogAppliesThePolicyToLaterProblems() throws {
        let url = try manifest(lines([good]))
        let record = try TripletManifest.load(from: url).records[0]
        let problem = record.origin.problem("reference image images/a.png cannot be decoded: not a PNG")
        XCTAssertEqual(problem.description, "\(url.path):1: reference image images/a.png cannot be decoded: not a PNG")
        var skip = ProblemLog(policy: .skip)
        XCTAssertNoThrow(try skip.report(problem))
        XCTAssertEqual(skip.problems, [problem])
        var fail = ProblemLog(policy: .fail)
        XCTAssertThrowsError(try fail.report(problem)) { XCTAssertEqual($0 as? DataProblem, problem) }
        var merged = ProblemLog(policy: .skip)
        merged.merge(skip)
        XCTAssertEqual(merged.problems, [problem])
    }

    func testCaptionManifest() throws {
        let url = try directory.write("captions.jsonl", lines([
            #"{"image": "images/a.png", "caption": "a large red circle"}"#,
            #"{"image": "images/none.png", "caption": "gone"}"#,
            #"{"image": "images/b.png"}"#,
        ]))
        let result = try CaptionManifest.load(from: url, options: ManifestOptions(policy: .skip))
        XCTAssertEqual(result.records.map(\.image.name), ["images/a.png"])
        XCTAssertEqual(result.records.first?.caption, "a large red circle")
        XCTAssertEqual(result.problems.map(\.line), [2, 3])
        XCTAssertTrue(result.problems[0].message.hasPrefix("image 'images/none.png' not found at "), result.problems[0].message)
        XCTAssertThrowsError(try CaptionManifest.load(from: url)) { XCTAssertEqual(($0 as? DataProblem)?.line, 2) }
    }
}
