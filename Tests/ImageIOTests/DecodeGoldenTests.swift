import XCTest
@testable import ImageIO

/// Decoded RGB must be byte-identical to Pillow 9.4's `Image.open(f).convert("RGB")`.
final class DecodeGoldenTests: XCTestCase {
    func testEveryFixtureDecodesExactlyAsPillow() throws {
        let images = Fixtures.images
        XCTAssertGreaterThanOrEqual(images.count, 14, "manifest lists too few images")
        for (name, entry) in images.sorted(by: { $0.key < $1.key }) {
            let image: RGBImage
            do { image = try ImageDecoder.decode(Fixtures.bytes("inputs/" + name)) } catch {
                XCTFail("\(name) (Pillow mode \(entry["mode"] ?? "?")): \(error)"); continue
            }
            XCTAssertEqual(image.width, entry["width"] as? Int, name)
            XCTAssertEqual(image.height, entry["height"] as? Int, name)
            if Checksums.sha256Hex(image.pixels) != entry["sha256"] as? String {
                let stem = name.split(separator: ".").dropLast().joined(separator: ".")
                let golden = try Fixtures.goldenImage("decoded/\(stem).png")
                XCTFail("\(name) (Pillow mode \(entry["mode"] ?? "?")): \(Fixtures.describeDifference(image, golden))")
            }
        }
    }

    func testGoldenPNGsThemselvesMatchTheirHashes() throws {
        // Guards the comparison above: the lossless goldens are read by our own PNG decoder.
        for (name, entry) in Fixtures.images {
            let stem = name.split(separator: ".").dropLast().joined(separator: ".")
            let golden = try Fixtures.goldenImage("decoded/\(stem).png")
            XCTAssertEqual(Checksums.sha256Hex(golden.pixels), entry["sha256"] as? String, name)
        }
    }

    func testEXIFOrientationOptionMatchesExifTranspose() throws {
        let extra = Fixtures.manifest["extra"] as? [String: [String: String]] ?? [:]
        var checked = 0
        for (name, files) in extra.sorted(by: { $0.key < $1.key }) {
            guard let golden = files["oriented"] else { continue }
            let got = try ImageDecoder.decode(Fixtures.bytes("inputs/" + name), options: DecodeOptions(applyEXIFOrientation: true))
            let want = try Fixtures.goldenImage(golden)
            XCTAssertEqual(got, want, "\(name): \(Fixtures.describeDifference(got, want))")
            checked += 1
        }
        XCTAssertEqual(checked, 9)
        // Off by default: the rotated JPEG keeps its stored orientation.
        let plain = try ImageDecoder.decode(Fixtures.bytes("inputs/jpeg_exif6.jpg"))
        XCTAssertEqual(plain.width, 40)
    }

    func testAlphaBackgroundOptionMatchesPillowPaste() throws {
        let extra = Fixtures.manifest["extra"] as? [String: [String: String]] ?? [:]
        let bg = Fixtures.manifest["alpha_background"] as? [Int] ?? [0, 0, 0]
        let options = DecodeOptions(alphaBackground: RGBColor(red: UInt8(bg[0]), green: UInt8(bg[1]), blue: UInt8(bg[2])))
        var checked = 0
        for (name, files) in extra.sorted(by: { $0.key < $1.key }) {
            guard let golden = files["composited"] else { continue }
            let got = try ImageDecoder.decode(Fixtures.bytes("inputs/" + name), options: options)
            let want = try Fixtures.goldenImage(golden)
            XCTAssertEqual(got, want, "\(name): \(Fixtures.describeDifference(got, want))")
            checked += 1
        }
        XCTAssertEqual(checked, 6)
    }
}
