import Foundation
import XCTest
@testable import ModelIO

final class CLIPConfigTests: XCTestCase {
    func testMissingFieldsTakeHFDefaults() throws {
        // save_pretrained omits fields equal to HF's defaults: an almost empty file is ViT-B/32.
        let c = try CLIPConfig(json: Data(#"{"text_config": {}, "vision_config": {}}"#.utf8))
        XCTAssertEqual(c.vision.hiddenSize, 768); XCTAssertEqual(c.vision.patchSize, 32); XCTAssertEqual(c.vision.imageSize, 224)
        XCTAssertEqual(c.vision.layers, 12); XCTAssertEqual(c.vision.heads, 12); XCTAssertEqual(c.vision.intermediateSize, 3072)
        XCTAssertEqual(c.text.hiddenSize, 512); XCTAssertEqual(c.text.heads, 8); XCTAssertEqual(c.text.maxPositions, 77)
        XCTAssertEqual(c.text.vocabSize, 49408); XCTAssertEqual(c.text.hiddenAct, "quick_gelu"); XCTAssertEqual(c.text.layerNormEps, 1e-5)
        XCTAssertEqual(c.projectionDim, 512)
        XCTAssertNil(c.head)
    }

    func testReadsHeadBlockAndOverrides() throws {
        let json = #"{"projection_dim": 24, "text_config": {"hidden_size": 32, "num_attention_heads": 4, "hidden_act": "gelu", "layer_norm_eps": 1e-6},"#
            + #" "vision_config": {"hidden_size": 48, "num_attention_heads": 4, "image_size": 32, "patch_size": 8}, "context_cir": {"cross_attn_layers": 2, "heads": 4}}"#
        let c = try CLIPConfig(json: Data(json.utf8))
        XCTAssertEqual(c.head, ContextHeadConfig(crossAttnLayers: 2, heads: 4))
        XCTAssertEqual(c.text.layerNormEps, 1e-6)
        XCTAssertEqual(c.vision.tokens, 17)
    }

    func testRejectsBadConfigsWithFieldName() {
        let cases: [(String, String)] = [
            ("[]", "not a JSON object"),
            ("{", "not valid JSON"),
            (#"{"vision_config": {"patch_size": "32"}}"#, "patch_size"),
            (#"{"vision_config": {"image_size": 100, "patch_size": 32}}"#, "patch_size"),
            (#"{"text_config": {"hidden_size": 30, "num_attention_heads": 8}}"#, "num_attention_heads"),
            (#"{"context_cir": {"heads": 5}}"#, "context_cir.heads"),
            (#"{"vision_config": {"layer_norm_eps": -1}}"#, "layer_norm_eps"),
        ]
        for (json, needle) in cases {
            XCTAssertThrowsError(try CLIPConfig(json: Data(json.utf8), file: "cfg.json"), json) { e in
                XCTAssertTrue("\(e)".contains(needle) && "\(e)".contains("cfg.json"), "\(json): \(e)")
            }
        }
    }
}
