import Foundation
import XCTest
@testable import SynthCIR

final class DeterminismTests: XCTestCase {
    /// SplitMix64's published reference stream for seed 0 (Vigna's splitmix64.c): if this moves,
    /// every benchmark moves with it.
    func testSplitMix64MatchesTheReferenceStream() {
        var rng = SplitMix64(seed: 0)
        XCTAssertEqual([rng.next(), rng.next(), rng.next()],
                       [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
    }

    func testBoundedDrawsStayInRangeAndCoverIt() {
        var rng = SplitMix64(seed: 7)
        var seen = Set<Int>()
        for _ in 0..<500 {
            let v = rng.below(7)
            XCTAssertTrue((0..<7).contains(v))
            seen.insert(v)
        }
        XCTAssertEqual(seen.count, 7)
    }

    /// Pinned digests of the tiny preset. They change only when the generator's output changes;
    /// then bump `SynthBenchmark.generatorVersion` and update them deliberately. Every input of
    /// these digests is integer arithmetic, so they hold on any machine.
    func testTinyPresetDigestsArePinned() throws {
        let dataset = try SynthBenchmark.build(config: .tiny)
        XCTAssertEqual(SynthBenchmark.summary(of: dataset).manifestDigest, "f756be260b8605f1")
        var pixels = FNV1a64()
        for split in dataset.splits {
            for image in split.images {
                pixels.update(image.name)
                pixels.update(SynthBenchmark.render(image, config: dataset.config).pixels)
            }
        }
        XCTAssertEqual(pixels.hex, PinnedDigests.tinyPixels)
    }

    func testTwoGenerationsAreByteIdentical() throws {
        let a = try TempDirectory("det-a"), b = try TempDirectory("det-b")
        defer { a.remove(); b.remove() }
        let summaryA = try SynthBenchmark.generate(config: .tiny, into: a.url)
        let summaryB = try SynthBenchmark.generate(config: .tiny, into: b.url)
        XCTAssertEqual(summaryA, summaryB)
        XCTAssertEqual(summaryA.pixelDigest, PinnedDigests.tinyPixels)
        let files = try a.files()
        XCTAssertEqual(files, try b.files())
        XCTAssertEqual(files.filter { $0.hasSuffix(".png") }.count, 78)
        for file in files {
            let bytesA = try Data(contentsOf: a.url.appendingPathComponent(file))
            let bytesB = try Data(contentsOf: b.url.appendingPathComponent(file))
            XCTAssertEqual(bytesA, bytesB, "\(file) differs between two generations")
        }
    }

    func testSeedChangesTheData() throws {
        var other = SynthConfig.tiny
        other.seed = 1
        let a = SynthBenchmark.summary(of: try SynthBenchmark.build(config: .tiny))
        let b = SynthBenchmark.summary(of: try SynthBenchmark.build(config: other))
        XCTAssertNotEqual(a.manifestDigest, b.manifestDigest)
    }

    /// Evaluation splits are built before the training split from their own streams, so a
    /// bigger training set leaves val and test unchanged.
    func testResizingTrainLeavesEvaluationSplitsUnchanged() throws {
        var bigger = SynthConfig.tiny
        bigger.train.groups += 5
        let a = try SynthBenchmark.build(config: .tiny), b = try SynthBenchmark.build(config: bigger)
        for split in [SynthSplit.val, .test] {
            XCTAssertEqual(ManifestText.triplets(a[split]), ManifestText.triplets(b[split]))
            XCTAssertEqual(a[split].images, b[split].images)
        }
        XCTAssertGreaterThan(b[.train].images.count, a[.train].images.count)
    }
}

enum PinnedDigests {
    static let tinyPixels = "19d549e3754760ae"
}
