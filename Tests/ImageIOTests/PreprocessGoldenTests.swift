import Foundation
import XCTest
@testable import ImageIO

/// Resize + crop (uint8) and pixel_values (float32) against Pillow / CLIPImageProcessor.
final class PreprocessGoldenTests: XCTestCase {
    private func decoded(_ name: String) throws -> RGBImage {
        try ImageDecoder.decode(Fixtures.bytes("inputs/" + name))
    }

    func testCLIP224ResizeCropMatchesPillow() throws {
        let pre = ImagePreprocessor(config: .clipDefault)
        for (name, entry) in Fixtures.images.sorted(by: { $0.key < $1.key }) {
            guard let want = entry["clip224"] as? [String: Any] else { XCTFail(name); continue }
            let out = pre.resizedAndCropped(try decoded(name))
            XCTAssertEqual(out.width, want["width"] as? Int, name)
            XCTAssertEqual(out.height, want["height"] as? Int, name)
            guard Checksums.sha256Hex(out.pixels) != want["sha256"] as? String else { continue }
            let rows = want["row_crc32"] as? [Int] ?? []
            let rowBytes = out.width * 3
            let firstBad = (0..<min(rows.count, out.height)).first {
                Int(Checksums.crc32(out.pixels[$0 * rowBytes..<($0 + 1) * rowBytes])) != rows[$0]
            }
            XCTFail("\(name): clip224 output differs from Pillow; first differing row \(firstBad.map(String.init) ?? "?")")
        }
    }

    func testSmallHalfEvenConfigMatchesPillow() throws {
        let config = Fixtures.config("small")
        XCTAssertEqual(config.cropOffsetRounding, .halfEven)
        let pre = ImagePreprocessor(config: config)
        for name in Fixtures.images.keys.sorted() {
            let out = pre.resizedAndCropped(try decoded(name))
            let stem = name.split(separator: ".").dropLast().joined(separator: ".")
            let want = try Fixtures.goldenImage("small/\(stem).png")
            XCTAssertEqual(out, want, "\(name): \(Fixtures.describeDifference(out, want))")
        }
    }

    func testPixelValuesMatchCLIPImageProcessor() throws {
        let floats = Fixtures.manifest["floats"] as? [String: [[String: Any]]] ?? [:]
        XCTAssertFalse(floats.isEmpty)
        for (name, records) in floats.sorted(by: { $0.key < $1.key }) {
            let image = try decoded(name)
            for record in records {
                let configName = record["config"] as? String ?? ""
                let got = ImagePreprocessor(config: Fixtures.config(configName)).pixelValues(
                    ImagePreprocessor(config: Fixtures.config(configName)).resizedAndCropped(image))
                let shape = record["shape"] as? [Int] ?? []
                XCTAssertEqual(got.count, shape.reduce(1, *), "\(name) \(configName)")
                var want: [Float] = []
                var stride = 1
                if let file = record["file"] as? String {
                    let raw = Fixtures.bytes(file)
                    want = raw.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
                } else {
                    stride = record["sample_stride"] as? Int ?? 1
                    want = (record["samples"] as? [Double] ?? []).map(Float.init)
                }
                var maxDiff: Float = 0, worst = 0
                for (j, w) in want.enumerated() where j * stride < got.count {
                    let d = abs(got[j * stride] - w)
                    if d > maxDiff { maxDiff = d; worst = j * stride }
                }
                XCTAssertLessThanOrEqual(maxDiff, 1e-6, "\(name) \(configName): max |diff| \(maxDiff) at flat index \(worst)")
                let bytes = got.withUnsafeBytes { Array($0) }
                if maxDiff == 0 {
                    // Bit-exact is what numpy's float64-then-float32 arithmetic should give.
                    XCTAssertEqual(Checksums.sha256Hex(bytes), record["sha256"] as? String, "\(name) \(configName) not bit-exact")
                }
            }
        }
    }

    func testFullPipelineFromBytes() throws {
        let pre = ImagePreprocessor(config: .clipDefault)
        let values = try pre(Fixtures.bytes("inputs/jpeg_420.jpg"))
        XCTAssertEqual(values.count, 3 * 224 * 224)
    }
}
