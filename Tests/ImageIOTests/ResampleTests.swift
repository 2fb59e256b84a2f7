import XCTest
@testable import ImageIO

/// The fast passes against their naive twins on random sizes, both directions, every filter.
final class ResampleTests: XCTestCase {
    private func randomImage(_ w: Int, _ h: Int, _ rng: inout SplitMix) -> RGBImage {
        RGBImage(width: w, height: h, pixels: (0..<w * h * 3).map { _ in UInt8(truncatingIfNeeded: rng.next() >> 56) })
    }

    func testFastResampleEqualsNaivePillowAlgorithm() {
        var rng = SplitMix(seed: 7)
        for trial in 0..<120 {
            let w = 1 + Int(rng.next() % 90), h = 1 + Int(rng.next() % 90)
            let ow = 1 + Int(rng.next() % 120), oh = 1 + Int(rng.next() % 120)
            let filter: ResampleFilter = [.bicubic, .bilinear, .lanczos, .box, .hamming][trial % 5]
            let image = randomImage(w, h, &rng)
            let fast = PillowResampler.resize(image, width: ow, height: oh, filter: filter)
            let naive = NaiveResampler.pillow(image, width: ow, height: oh, filter: filter)
            XCTAssertEqual(fast, naive, "\(w)x\(h) -> \(ow)x\(oh) \(filter): \(Fixtures.describeDifference(fast, naive))")
        }
    }

    func testFixedPointStaysWithinTwoLevelsOfDoubleIdeal() {
        var rng = SplitMix(seed: 11)
        for _ in 0..<40 {
            let w = 2 + Int(rng.next() % 60), h = 2 + Int(rng.next() % 60)
            let ow = 1 + Int(rng.next() % 80), oh = 1 + Int(rng.next() % 80)
            let image = randomImage(w, h, &rng)
            let fast = PillowResampler.resize(image, width: ow, height: oh, filter: .bicubic)
            let ideal = NaiveResampler.ideal(image, width: ow, height: oh, filter: .bicubic)
            // Intermediate uint8 clipping of overshoot can move results further in principle;
            // on random data the bound below holds with margin, so a larger gap means a bug.
            let maxDiff = zip(fast.pixels, ideal).map { abs(Double($0) - $1) }.max() ?? 0
            XCTAssertLessThanOrEqual(maxDiff, 24, "\(w)x\(h) -> \(ow)x\(oh)")
        }
    }

    func testUnchangedSizeReturnsInput() {
        var rng = SplitMix(seed: 3)
        let image = randomImage(9, 5, &rng)
        XCTAssertEqual(PillowResampler.resize(image, width: 9, height: 5, filter: .bicubic), image)
    }

    func testShortestEdgeOutputSizeFollowsTransformers() {
        XCTAssertTrue(ResizeTarget.shortestEdge(224).outputSize(width: 2400, height: 1600) == (336, 224))
        XCTAssertTrue(ResizeTarget.shortestEdge(224).outputSize(width: 1, height: 50) == (224, 11200))
        XCTAssertTrue(ResizeTarget.shortestEdge(224).outputSize(width: 97, height: 131) == (224, 302))
        XCTAssertTrue(ResizeTarget.shortestEdge(224).outputSize(width: 300, height: 300) == (224, 224))
    }
}

/// Deterministic 64-bit generator for reproducible random sizes.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
