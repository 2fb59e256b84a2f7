import Foundation
import XCTest
@testable import ImageIO

/// Opt-in timing (speed lives in benchmarks, not in pass/fail tests):
/// `IMAGEIO_BENCH_JPEG=/tmp/bench_2400x1600.jpg swift test -c release --filter TimingTests`
/// where the JPEG comes from `Scripts/make_image_goldens.py --bench /tmp/bench_2400x1600.jpg`.
final class TimingTests: XCTestCase {
    func testDecodeAndResizeTiming() throws {
        guard let path = ProcessInfo.processInfo.environment["IMAGEIO_BENCH_JPEG"] else {
            throw XCTSkip("set IMAGEIO_BENCH_JPEG to time decode + resize")
        }
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let t = try PipelineTiming.measure(bytes: bytes, iterations: 15)
        print(String(format: "ImageIO: decode %.2f ms, resize+crop %.2f ms, total %.2f ms",
                     t.decode * 1e3, t.resize * 1e3, (t.decode + t.resize) * 1e3))
    }
}
