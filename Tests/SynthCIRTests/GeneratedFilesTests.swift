import Foundation
import ImageIO
import XCTest
@testable import SynthCIR

/// One generation of the tiny preset, checked the way the trainer and the CIRR loader read it.
final class GeneratedFilesTests: XCTestCase {
    nonisolated(unsafe) private static var folder: TempDirectory?
    nonisolated(unsafe) private static var summary: SynthSummary?

    override class func setUp() {
        super.setUp()
        folder = try? TempDirectory("files")
        if let folder { summary = try? SynthBenchmark.generate(config: .tiny, into: folder.url) }
    }

    override class func tearDown() {
        folder?.remove()
        super.tearDown()
    }

    private var root: URL { get throws { try XCTUnwrap(Self.folder).url } }

    private func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    private func jsonLines(_ path: String) throws -> [[String: Any]] {
        try text(path).split(separator: "\n").map { line in
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(path): \(line)")
        }
    }

    /// Every PNG decodes with the project's Pillow-exact decoder to exactly the rendered pixels.
    func testEveryPNGDecodesToTheRenderedPixels() throws {
        let dataset = try SynthBenchmark.build(config: .tiny)
        var count = 0
        for split in dataset.splits {
            for image in split.images {
                let bytes = try Data(contentsOf: root.appendingPathComponent(image.path))
                let decoded = try ImageDecoder.decode(bytes)
                let rendered = SynthBenchmark.render(image, config: dataset.config)
                XCTAssertEqual(decoded.width, rendered.width)
                XCTAssertEqual(decoded.height, rendered.height)
                XCTAssertEqual(decoded.pixels, rendered.pixels, image.name)
                count += 1
            }
        }
        XCTAssertEqual(count, 78)
    }

    func testTripletsParseAndPointAtExistingImages() throws {
        for split in SynthSplit.allCases {
            let lines = try jsonLines("triplets.\(split.rawValue).jsonl")
            XCTAssertEqual(lines.count, Self.summary?.splits.first { $0.split == split }?.queries)
            for line in lines {
                let caption = try XCTUnwrap(line["caption"] as? String)
                let phrases = try XCTUnwrap(line["noun_phrases"] as? [String])
                XCTAssertTrue(phrases.allSatisfy(caption.contains))
                let conditions = try XCTUnwrap(line["conditions"] as? Int)
                XCTAssertTrue((1...3).contains(conditions))
                XCTAssertNotNil(line["id"] as? String)
                let members = try XCTUnwrap(line["members"] as? [String])
                XCTAssertEqual(members.count, 6)
                for key in ["reference", "target"] {
                    let path = try XCTUnwrap(line[key] as? String)
                    XCTAssertTrue(members.contains(path))
                }
                for path in members {
                    XCTAssertTrue(path.hasPrefix("images/\(split.rawValue)-"), path)
                    XCTAssertTrue(FileManager.default.fileExists(atPath: try root.appendingPathComponent(path).path), path)
                }
            }
        }
    }

    func testCaptionsCoverEveryTrainingImage() throws {
        let lines = try jsonLines("captions.train.jsonl")
        let images = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("images").path)
        XCTAssertEqual(Set(lines.compactMap { $0["image"] as? String }),
                       Set(images.filter { $0.hasPrefix("train-") }.map { "images/\($0)" }))
        XCTAssertTrue(lines.allSatisfy { ($0["caption"] as? String).map { !$0.isEmpty } ?? false })
    }

    /// The CIRR release layout: `cirr/captions` and `cirr/image_splits` with names as file
    /// stems, image paths relative to the benchmark folder, galleries = all images of a split.
    func testCIRRLayoutMatchesTheTriplets() throws {
        for split in SynthSplit.allCases {
            let captions = try XCTUnwrap(JSONSerialization.jsonObject(
                with: Data(text("cirr/captions/cap.rc2.\(split.cirrName).json").utf8)) as? [[String: Any]])
            let listing = try XCTUnwrap(JSONSerialization.jsonObject(
                with: Data(text("cirr/image_splits/split.rc2.\(split.cirrName).json").utf8)) as? [String: String])
            let triplets = try jsonLines("triplets.\(split.rawValue).jsonl")
            XCTAssertEqual(captions.count, triplets.count)
            for (name, path) in listing {
                XCTAssertEqual(path, "./images/\(name).png")
                XCTAssertTrue(FileManager.default.fileExists(atPath: try root.appendingPathComponent(path).path))
            }
            XCTAssertEqual(listing.count, Self.summary?.splits.first { $0.split == split }?.images)
            for (entry, triplet) in zip(captions, triplets) {
                let reference = try XCTUnwrap(entry["reference"] as? String)
                let target = try XCTUnwrap(entry["target_hard"] as? String)
                XCTAssertEqual("images/\(reference).png", triplet["reference"] as? String)
                XCTAssertEqual("images/\(target).png", triplet["target"] as? String)
                XCTAssertEqual(entry["target_soft"] as? [String: Double], [target: 1.0])
                XCTAssertEqual(entry["caption"] as? String, triplet["caption"] as? String)
                XCTAssertNotNil(entry["pairid"] as? Int)
                let set = try XCTUnwrap(entry["img_set"] as? [String: Any])
                XCTAssertNotNil(set["id"] as? Int)
                let members = try XCTUnwrap(set["members"] as? [String])
                XCTAssertEqual(members.map { "images/\($0).png" }, triplet["members"] as? [String])
                XCTAssertTrue(members.allSatisfy { listing[$0] != nil })
            }
        }
    }

    func testBenchmarkJSONRecordsConfigCountsAndDigests() throws {
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text("benchmark.json").utf8)) as? [String: Any])
        XCTAssertEqual(json["generator_version"] as? Int, SynthBenchmark.generatorVersion)
        let config = try XCTUnwrap(json["config"] as? [String: Any])
        XCTAssertEqual(config["image_size"] as? Int, 48)
        XCTAssertEqual(config["seed"] as? Int, 0)
        let splits = try XCTUnwrap(json["splits"] as? [String: [String: Any]])
        XCTAssertEqual(splits["val"]?["images"] as? Int, 20)
        let digests = try XCTUnwrap(json["digests"] as? [String: String])
        XCTAssertEqual(digests["manifests_fnv1a64"], Self.summary?.manifestDigest)
        XCTAssertEqual(digests["pixels_fnv1a64"], PinnedDigests.tinyPixels)
        XCTAssertTrue(try text("README.txt").contains(Self.summary?.manifestDigest ?? "missing"))
    }
}
