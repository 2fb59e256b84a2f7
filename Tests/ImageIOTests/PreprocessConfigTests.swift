import Foundation
import XCTest
@testable import ImageIO

final class PreprocessConfigTests: XCTestCase {
    func testEmptyJSONGivesCLIPDefaults() throws {
        XCTAssertEqual(try PreprocessConfig(json: Data("{}".utf8)), .clipDefault)
    }

    func testHFKeysAndExtensionKeysParse() throws {
        let json = """
        {"do_resize": true, "size": 40, "resample": 2, "do_center_crop": true, "crop_size": 32,
         "do_rescale": true, "rescale_factor": 0.00392156862745098, "do_normalize": true,
         "image_mean": [0.481, 0.457, 0.408], "image_std": [0.268, 0.261, 0.275], "do_convert_rgb": true,
         "crop_offset_rounding": "half_even", "apply_exif_orientation": true, "alpha_background": [255, 255, 255],
         "image_processor_type": "CLIPImageProcessor"}
        """
        let c = try PreprocessConfig(json: Data(json.utf8))
        XCTAssertEqual(c.size, .shortestEdge(40))
        XCTAssertEqual(c.resample, .bilinear)
        XCTAssertEqual(c.cropHeight, 32); XCTAssertEqual(c.cropWidth, 32)
        XCTAssertEqual(c.rescaleFactor, 1.0 / 255.0)
        XCTAssertEqual(c.imageMean, [0.481, 0.457, 0.408])
        XCTAssertEqual(c.cropOffsetRounding, .halfEven)
        XCTAssertTrue(c.applyEXIFOrientation)
        XCTAssertEqual(c.alphaBackground, RGBColor(red: 255, green: 255, blue: 255))
    }

    func testDictionarySizes() throws {
        let c = try PreprocessConfig(json: Data(#"{"size": {"height": 10, "width": 20}, "crop_size": {"height": 8, "width": 6}}"#.utf8))
        XCTAssertEqual(c.size, .exact(height: 10, width: 20))
        XCTAssertEqual(c.cropHeight, 8); XCTAssertEqual(c.cropWidth, 6)
        XCTAssertEqual(try PreprocessConfig(json: Data(#"{"size": {"shortest_edge": 336}}"#.utf8)).size, .shortestEdge(336))
    }

    func testBadValuesNameTheirKey() {
        XCTAssertThrowsError(try PreprocessConfig(json: Data(#"{"crop_offset_rounding": "ceil"}"#.utf8))) {
            XCTAssertEqual($0 as? PreprocessConfigError, .invalid(key: "crop_offset_rounding", reason: "expected \"floor\" or \"half_even\""))
        }
        XCTAssertThrowsError(try PreprocessConfig(json: Data(#"{"resample": 9}"#.utf8)))
        XCTAssertThrowsError(try PreprocessConfig(json: Data(#"{"size": -3}"#.utf8)))
        XCTAssertThrowsError(try PreprocessConfig(json: Data("[1]".utf8)))
    }

    func testCenterCropPaddingQuirks() {
        let image = RGBImage(width: 5, height: 5, pixels: [UInt8](repeating: 9, count: 75))
        // transformers: offset floor(-3/2) = -2, pad 1: the result is 7x7, not 8x8.
        let hf = CenterCrop.apply(image, height: 8, width: 8, rounding: .floor)
        XCTAssertEqual(hf.width, 7); XCTAssertEqual(hf.height, 7)
        XCTAssertEqual(hf.pixels[0], 0); XCTAssertEqual(hf.pixels[(1 * 7 + 1) * 3], 9)
        // torchvision: pad (1, 2) to exactly 8x8.
        let tv = CenterCrop.apply(image, height: 8, width: 8, rounding: .halfEven)
        XCTAssertEqual(tv.width, 8); XCTAssertEqual(tv.height, 8)
        XCTAssertEqual(tv.pixels[(1 * 8 + 1) * 3], 9); XCTAssertEqual(tv.pixels[(6 * 8 + 6) * 3], 0)
        // Round half to even: (9 - 4) / 2 = 2.5 -> 2 (floor agrees), (11 - 4) / 2 = 3.5 -> 4 (floor: 3).
        let wide = RGBImage(width: 11, height: 4, pixels: (0..<132).map { UInt8($0 / 3) })
        XCTAssertEqual(CenterCrop.apply(wide, height: 4, width: 4, rounding: .halfEven).pixels[0], 4)
        XCTAssertEqual(CenterCrop.apply(wide, height: 4, width: 4, rounding: .floor).pixels[0], 3)
    }
}
