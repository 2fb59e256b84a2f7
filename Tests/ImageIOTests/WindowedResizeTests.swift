import Foundation
import XCTest
@testable import ImageIO

/// The windowed resize+crop (`resizedAndCropped`, which resamples only the kept pixels) against
/// the full resize followed by the crop (`centerCrop(resize(_:))`), byte for byte.
final class WindowedResizeTests: XCTestCase {
    private static let filters: [ResampleFilter] = ResampleFilter.allCases

    private func randomImage(_ w: Int, _ h: Int, _ rng: inout SplitMix) -> RGBImage {
        RGBImage(width: w, height: h, pixels: (0..<w * h * 3).map { _ in UInt8(truncatingIfNeeded: rng.next() >> 56) })
    }

    private func full(_ pre: ImagePreprocessor, _ image: RGBImage) -> RGBImage {
        pre.centerCrop(pre.resize(image))
    }

    private func assertWindowedEqualsFull(_ image: RGBImage, _ config: PreprocessConfig, _ label: String,
                                          file: StaticString = #filePath, line: UInt = #line) {
        let pre = ImagePreprocessor(config: config)
        let windowed = pre.resizedAndCropped(image), reference = full(pre, image)
        XCTAssertEqual(windowed, reference,
                       "\(label) \(image.width)x\(image.height) \(config.size) crop \(config.cropWidth)x\(config.cropHeight) "
                       + "\(config.resample) \(config.cropOffsetRounding): \(Fixtures.describeDifference(windowed, reference))",
                       file: file, line: line)
    }

    func testGoldenImagesAllConfigsAndFilters() throws {
        let configNames = (Fixtures.manifest["configs"] as? [String: Any])?.keys.sorted() ?? []
        XCTAssertGreaterThanOrEqual(configNames.count, 3)
        let others = Self.filters.filter { $0 != .bicubic }
        for (index, name) in Fixtures.images.keys.sorted().enumerated() {
            let image = try ImageDecoder.decode(Fixtures.bytes("inputs/" + name))
            for configName in configNames {
                // Every filter on the small configs; on clip224 (slow in a debug build) bicubic,
                // the goldens' filter, plus one other filter in rotation.
                let filters = configName == "clip224" ? [.bicubic, others[index % others.count]] : Self.filters
                for filter in filters {
                    var config = Fixtures.config(configName)
                    config.resample = filter
                    assertWindowedEqualsFull(image, config, "\(name) \(configName)")
                }
            }
        }
    }

    /// Random sizes: extreme aspect ratios, upscaling, sizes equal to the crop or the resize
    /// target, odd and even differences (half_even ties), crops larger than the resized image
    /// (padding), exact-size targets that skip one pass, and no resize at all.
    func testRandomSizesEveryFilterBothRoundings() {
        var rng = SplitMix(seed: 2024)
        func dim(_ rng: inout SplitMix) -> Int {
            switch rng.next() % 6 {
            case 0: return 1 + Int(rng.next() % 3)          // slivers
            case 1: return 30 + Int(rng.next() % 5)         // around the crop / target
            case 2: return 200 + Int(rng.next() % 400)      // long sides (extreme aspect with a sliver)
            default: return 1 + Int(rng.next() % 80)
            }
        }
        var cases = 0
        for trial in 0..<300 {
            let w = dim(&rng), h = dim(&rng)
            let image = randomImage(w, h, &rng)
            let filter = Self.filters[trial % Self.filters.count]
            let rounding: CropOffsetRounding = trial % 2 == 0 ? .floor : .halfEven
            let crop = 24 + Int(rng.next() % 17)            // 24...40, odd and even
            let cropW = rng.next() % 4 == 0 ? 24 + Int(rng.next() % 17) : crop
            let size: ResizeTarget
            switch rng.next() % 5 {
            case 0: size = .exact(height: 1 + Int(rng.next() % 60), width: 1 + Int(rng.next() % 60))
            case 1: size = .exact(height: h, width: 1 + Int(rng.next() % 60))      // vertical pass skipped
            case 2: size = .exact(height: 1 + Int(rng.next() % 60), width: w)      // horizontal pass skipped
            case 3: size = .shortestEdge(crop - 3 + Int(rng.next() % 7))           // crop may exceed it: padding
            default: size = .shortestEdge(crop + Int(rng.next() % 9))
            }
            let config = PreprocessConfig(doResize: rng.next() % 12 != 0, size: size, resample: filter,
                                          cropHeight: crop, cropWidth: cropW, cropOffsetRounding: rounding)
            assertWindowedEqualsFull(image, config, "trial \(trial)")
            cases += 1
        }
        XCTAssertGreaterThanOrEqual(cases, 200)
    }

    /// Sub-rectangles of the resampler against the naive Pillow twin (independent of the crop code).
    func testArbitraryWindowsMatchNaiveResampler() {
        var rng = SplitMix(seed: 99)
        for trial in 0..<150 {
            let w = 1 + Int(rng.next() % 50), h = 1 + Int(rng.next() % 50)
            let ow = 1 + Int(rng.next() % 70), oh = 1 + Int(rng.next() % 70)
            let filter = Self.filters[trial % Self.filters.count]
            let image = randomImage(w, h, &rng)
            let x0 = Int(rng.next() % UInt64(ow)), y0 = Int(rng.next() % UInt64(oh))
            let x1 = x0 + 1 + Int(rng.next() % UInt64(ow - x0)), y1 = y0 + 1 + Int(rng.next() % UInt64(oh - y0))
            let window = PillowResampler.resize(image, width: ow, height: oh, filter: filter, columns: x0..<x1, rows: y0..<y1)
            let whole = filter == .nearest ? NearestResampler.resize(image, width: ow, height: oh)
                : NaiveResampler.pillow(image, width: ow, height: oh, filter: filter)
            let want = PillowResampler.crop(whole, columns: x0..<x1, rows: y0..<y1)
            XCTAssertEqual(window, want, "\(w)x\(h) -> \(ow)x\(oh) [\(x0)..<\(x1)]x[\(y0)..<\(y1)] \(filter): "
                           + Fixtures.describeDifference(window, want))
        }
    }

    /// Slivers with aspect ratios up to 1500:1 (a 32 crop keeps the full path affordable in a debug
    /// build); the 1 x 20000 case at 224 would need ~3 GB through the full path.
    func testExtremeAspectAgainstFullPath() {
        var rng = SplitMix(seed: 5)
        for (w, h) in [(1, 1500), (1500, 1), (2, 1499), (1499, 3), (1500, 150), (151, 1500)] {
            let image = randomImage(w, h, &rng)
            for (i, filter) in Self.filters.enumerated() {
                for rounding in [[CropOffsetRounding.floor, .halfEven][(i + w) % 2]] {
                    let config = PreprocessConfig(size: .shortestEdge(32), resample: filter, cropHeight: 32, cropWidth: 32,
                                                  cropOffsetRounding: rounding)
                    assertWindowedEqualsFull(image, config, "sliver")
                }
            }
        }
    }

    func testOnePixelWideTwentyThousandTallPNGStaysSmall() throws {
        for (w, h) in [(1, 20_000), (20_000, 1)] {
            var rng = SplitMix(seed: UInt64(w))
            let image = randomImage(w, h, &rng)
            let png = Self.encodePNG(image)
            XCTAssertEqual(try ImageDecoder.decode(png), image)
            for rounding in [CropOffsetRounding.floor, .halfEven] {
                let pre = ImagePreprocessor(config: PreprocessConfig(cropOffsetRounding: rounding))
                let out = pre.resizedAndCropped(image)
                XCTAssertEqual(out.width, 224)
                XCTAssertEqual(out.height, 224)
                XCTAssertEqual(try pre(png).count, 3 * 224 * 224)
                // The kept rows of a 1-pixel-wide image come from a few neighbouring input pixels,
                // and each output row of the 224 is constant across the row (from one input column).
                if w == 1 {
                    for y in 0..<224 {
                        let row = Array(out.pixels[y * 672..<(y + 1) * 672])
                        XCTAssertTrue((0..<224).allSatisfy { row[$0 * 3..<$0 * 3 + 3] == row[0..<3] })
                    }
                }
            }
        }
    }

    func testCropPlanMatchesCenterCrop() {
        var rng = SplitMix(seed: 17)
        for _ in 0..<300 {
            let w = 1 + Int(rng.next() % 40), h = 1 + Int(rng.next() % 40)
            let cw = 1 + Int(rng.next() % 40), ch = 1 + Int(rng.next() % 40)
            let image = randomImage(w, h, &rng)
            for rounding in [CropOffsetRounding.floor, .halfEven] {
                let plan = CenterCrop.plan(width: w, height: h, cropHeight: ch, cropWidth: cw, rounding: rounding)
                let cols = plan.sourceColumns(imageWidth: w), rows = plan.sourceRows(imageHeight: h)
                let got = plan.place(PillowResampler.crop(image, columns: cols, rows: rows), columns: cols, rows: rows)
                XCTAssertEqual(got, CenterCrop.apply(image, height: ch, width: cw, rounding: rounding),
                               "\(w)x\(h) crop \(cw)x\(ch) \(rounding)")
            }
        }
    }

    /// Opt-in worst-case figures (release build), one case per process so peak RSS is its own:
    /// `IMAGEIO_WORST_CASE=1x20000:windowed swift test -c release ... --filter WindowedResizeTests/testWorstCaseFigures`
    /// (`WxH:windowed` or `WxH:full`, the latter being the old resize-then-crop path).
    func testWorstCaseFigures() throws {
        guard let spec = ProcessInfo.processInfo.environment["IMAGEIO_WORST_CASE"] else {
            throw XCTSkip("set IMAGEIO_WORST_CASE=WxH:windowed|full")
        }
        let parts = spec.split(separator: ":"), dims = parts[0].split(separator: "x").compactMap { Int($0) }
        let (w, h) = (dims[0], dims[1]), mode = parts.count > 1 ? String(parts[1]) : "windowed"
        var rng = SplitMix(seed: 1)
        let image = randomImage(w, h, &rng)
        let rssBefore = Self.peakRSSMiB()
        let pre = ImagePreprocessor(config: .clipDefault)
        let clock = ContinuousClock(), t0 = clock.now
        let out = mode == "full" ? full(pre, image) : pre.resizedAndCropped(image)
        let elapsed = clock.now - t0
        XCTAssertEqual(out.width * out.height, 224 * 224)
        print("WORST-CASE \(w)x\(h) \(mode): resize+crop \(elapsed), peak RSS \(Self.peakRSSMiB()) MiB "
              + "(\(rssBefore) MiB after building the input)")
    }

    private static func peakRSSMiB() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss / 1024
    }

    /// An 8-bit RGB PNG with stored (uncompressed) deflate blocks.
    static func encodePNG(_ image: RGBImage) -> [UInt8] {
        func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let body = Array(type.utf8) + data
            return be32(UInt32(data.count)) + body + be32(Checksums.crc32(body[...]))
        }
        var raw: [UInt8] = []
        raw.reserveCapacity(image.height * (image.width * 3 + 1))
        for y in 0..<image.height {
            raw.append(0)
            raw += image.pixels[y * image.width * 3..<(y + 1) * image.width * 3]
        }
        var z: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let n = min(65_535, raw.count - offset)
            let last: UInt8 = offset + n == raw.count ? 1 : 0
            z += [last, UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8(~n >> 8 & 0xFF)]
            z += raw[offset..<offset + n]
            offset += n
        } while offset < raw.count
        var a: UInt32 = 1, b: UInt32 = 0
        for v in raw { a = (a + UInt32(v)) % 65_521; b = (b + a) % 65_521 }
        z += be32(b << 16 | a)
        let ihdr = be32(UInt32(image.width)) + be32(UInt32(image.height)) + [8, 2, 0, 0, 0]
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", ihdr) + chunk("IDAT", z) + chunk("IEND", [])
    }
}
