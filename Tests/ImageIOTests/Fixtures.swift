import Foundation
import XCTest
@testable import ImageIO

/// Access to Tests/Fixtures/images (written by Scripts/make_image_goldens.py).
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/images")

    static func bytes(_ relative: String, file: StaticString = #filePath, line: UInt = #line) -> [UInt8] {
        let url = root.appendingPathComponent(relative)
        guard let data = try? Data(contentsOf: url) else {
            XCTFail("missing fixture \(url.path): run `.venv-ref/bin/python Scripts/make_image_goldens.py`", file: file, line: line)
            return []
        }
        return [UInt8](data)
    }

    /// Parsed on each access (JSON values are not Sendable, so no shared static copy).
    static var manifest: [String: Any] {
        let data = (try? Data(contentsOf: root.appendingPathComponent("manifest.json"))) ?? Data()
        return ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any]) ?? [:]
    }

    static var images: [String: [String: Any]] { manifest["images"] as? [String: [String: Any]] ?? [:] }

    /// A lossless golden PNG (8-bit RGB, written by Pillow) decoded by our decoder.
    static func goldenImage(_ relative: String) throws -> RGBImage {
        try ImageDecoder.decode(bytes(relative))
    }

    static func config(_ name: String) -> PreprocessConfig {
        let c = (manifest["configs"] as? [String: [String: Any]])?[name] ?? [:]
        let edge = c["shortest_edge"] as? Int ?? 224, crop = c["crop"] as? Int ?? 224
        return PreprocessConfig(size: .shortestEdge(edge), cropHeight: crop, cropWidth: crop,
                                imageMean: c["mean"] as? [Double] ?? PreprocessConfig.clipMean,
                                imageStd: c["std"] as? [Double] ?? PreprocessConfig.clipStd,
                                cropOffsetRounding: CropOffsetRounding(rawValue: c["rounding"] as? String ?? "floor") ?? .floor)
    }

    /// "max |diff| = d, first mismatch at (x, y) channel c: got g, want w" for two images.
    static func describeDifference(_ got: RGBImage, _ want: RGBImage) -> String {
        guard got.width == want.width && got.height == want.height else {
            return "size \(got.width)x\(got.height), want \(want.width)x\(want.height)"
        }
        var maxDiff = 0, first: String?, count = 0
        for i in 0..<got.pixels.count where got.pixels[i] != want.pixels[i] {
            let d = abs(Int(got.pixels[i]) - Int(want.pixels[i]))
            maxDiff = max(maxDiff, d)
            count += 1
            if first == nil {
                let p = i / 3
                first = "(\(p % got.width), \(p / got.width)) channel \(i % 3): got \(got.pixels[i]), want \(want.pixels[i])"
            }
        }
        return first.map { "max |diff| = \(maxDiff) over \(count) samples, first mismatch at \($0)" } ?? "identical"
    }
}
