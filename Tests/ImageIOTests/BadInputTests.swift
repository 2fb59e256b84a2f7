import XCTest
@testable import ImageIO

/// Every malformed input yields its typed error; nothing traps.
final class BadInputTests: XCTestCase {
    private func kind(_ error: ImageDecodeError) -> String {
        switch error {
        case .empty: return "empty"
        case .unsupportedFormat: return "unsupportedFormat"
        case .unsupportedFeature: return "unsupportedFeature"
        case .tooLarge: return "tooLarge"
        case .corrupt: return "corrupt"
        case .truncated: return "truncated"
        case .outOfMemory: return "outOfMemory"
        }
    }

    func testEachBadFixtureGivesItsTypedError() {
        let bad = Fixtures.manifest["bad"] as? [String: [String: String]] ?? [:]
        XCTAssertGreaterThanOrEqual(bad.count, 10)
        for (name, entry) in bad.sorted(by: { $0.key < $1.key }) {
            let bytes = Fixtures.bytes("inputs/" + name)
            do {
                let image = try ImageDecoder.decode(bytes)
                XCTFail("\(name): decoded \(image.width)x\(image.height), want \(entry["expected"] ?? "?")")
            } catch {
                XCTAssertEqual(kind(error), entry["expected"], "\(name): \(error)")
            }
        }
    }

    func testEveryTruncationOfEveryFormatFailsCleanly() throws {
        // Truncating at many points must never crash; it is an error unless the cut only removed
        // trailing chunks Pillow also ignores.
        for name in ["jpeg_420.jpg", "jpeg_progressive.jpg", "jpeg_cmyk.jpg", "png_rgb_interlaced.png", "webp_lossy.webp", "webp_lossless_alpha.webp"] {
            let full = Fixtures.bytes("inputs/" + name)
            for cut in stride(from: 0, to: full.count - 16, by: max(1, full.count / 97)) {
                XCTAssertThrowsError(try ImageDecoder.decode(Array(full[0..<cut])), "\(name) cut at \(cut)")
            }
        }
    }

    func testPixelLimitIsCheckedFromTheHeader() {
        let bytes = Fixtures.bytes("inputs/jpeg_420.jpg")  // 163 x 97
        XCTAssertThrowsError(try ImageDecoder.decode(bytes, limits: DecodeLimits(maxPixels: 163 * 97 - 1, maxDimension: 1000))) {
            XCTAssertEqual($0 as? ImageDecodeError, .tooLarge(width: 163, height: 97, limit: 163 * 97 - 1))
        }
        XCTAssertThrowsError(try ImageDecoder.decode(bytes, limits: DecodeLimits(maxPixels: 1 << 30, maxDimension: 162))) {
            XCTAssertEqual($0 as? ImageDecodeError, .tooLarge(width: 163, height: 97, limit: 162))
        }
        XCTAssertNoThrow(try ImageDecoder.decode(bytes, limits: DecodeLimits(maxPixels: 163 * 97, maxDimension: 163)))
        XCTAssertEqual(DecodeLimits.default.maxPixels, 50_000_000)
    }

    func testFormatIsSniffedFromMagicBytes() {
        XCTAssertEqual(ImageFormat.sniff(Fixtures.bytes("inputs/webp_lossy.webp")), .webp)
        XCTAssertEqual(ImageFormat.sniff(Fixtures.bytes("inputs/png_rgb8.png")), .png)
        XCTAssertEqual(ImageFormat.sniff(Fixtures.bytes("inputs/jpeg_gray.jpg")), .jpeg)
        XCTAssertEqual(ImageFormat.sniff(Fixtures.bytes("inputs/bad_gif.gif")), .gif)
        XCTAssertEqual(ImageFormat.sniff([0x00]), .unknown)
    }

    func testRandomBytesBehindValidMagicNeverCrash() {
        var rng = SystemRandomNumberGenerator()
        let magics: [[UInt8]] = [[0xFF, 0xD8, 0xFF], [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBP".utf8)]
        for magic in magics {
            for _ in 0..<200 {
                let tail = (0..<Int.random(in: 0..<200, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                _ = try? ImageDecoder.decode(magic + tail)
            }
        }
    }
}
