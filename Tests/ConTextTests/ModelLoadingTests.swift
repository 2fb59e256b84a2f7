import ConText
import Foundation
import ModelIO
import XCTest

/// Model directories that are not quite right: each must load as far as it can or fail with an
/// error naming the file and tensor.
final class ModelLoadingTests: XCTestCase {
    /// A copy of a golden model directory whose weights pass through `edit`.
    private func variant(of name: String, edit: ([SafeTensorsWriter.Tensor]) -> [SafeTensorsWriter.Tensor], rawEdit: (([UInt8]) -> [UInt8])? = nil) throws -> URL {
        let src = Golden.fixtures.appendingPathComponent("models/\(name)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("model-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        for f in ["config.json", "vocab.json", "merges.txt", "preprocessor_config.json"] {
            try FileManager.default.copyItem(at: src.appendingPathComponent(f).resolvingSymlinksInPath(), to: dir.appendingPathComponent(f))
        }
        let file = try SafeTensorsFile(path: src.appendingPathComponent("model.safetensors").path)
        var tensors: [SafeTensorsWriter.Tensor] = []
        for (n, e) in file.header.entries {
            tensors.append(.init(name: n, dtype: e.dtype, shape: e.shape, bytes: [UInt8](file.rawBytes(e))))
        }
        var bytes = SafeTensorsWriter.encode(edit(tensors))
        if let rawEdit { bytes = rawEdit(bytes) }
        try Data(bytes).write(to: dir.appendingPathComponent("model.safetensors"))
        return dir
    }

    private func isHead(_ n: String) -> Bool {
        ["query_projection", "cross_attn_layers", "fusion_", "attn_pooler"].contains { n.hasPrefix($0) }
    }

    func testHubCheckpointWithoutHeadServesImageAndTextButNotComposed() throws {
        let dir = try variant(of: "tiny-quick") { $0.filter { !self.isHead($0.name) } }
        // A hub config has no context_cir block.
        let cfgURL = dir.appendingPathComponent("config.json")
        var cfg = try JSONSerialization.jsonObject(with: Data(contentsOf: cfgURL)) as! [String: Any]
        cfg.removeValue(forKey: "context_cir")
        try JSONSerialization.data(withJSONObject: cfg).write(to: cfgURL)

        let engine = try ConTextEngine.load(directory: dir)
        XCTAssertNil(engine.model.head)
        let g = try Golden("tiny-quick")
        assertClose(try engine.model.imageEmbeddings(pixelValues: try g.rows("pixel_values")).flatMap { $0 }, try g.floats("image_embeds"), tol: 1e-5, "hub image_embeds")
        assertClose(try engine.model.textEmbeddings(ids: try g.tokenIDs()).flatMap { $0 }, try g.floats("text_embeds"), tol: 1e-5, "hub text_embeds")
        XCTAssertThrowsError(try engine.model.queryEmbeddings(pixelValues: [try g.rows("pixel_values")[0]], ids: [[49406, 49407]])) {
            XCTAssertEqual($0 as? EmbedError, .noFusionHead)
        }
    }

    func testTrainedCheckpointWithoutTextProjectionRejectsTextOnly() throws {
        let dir = try variant(of: "tiny-gelu") { $0.filter { $0.name != "text_projection.weight" } }
        let engine = try ConTextEngine.load(directory: dir)
        XCTAssertThrowsError(try engine.textEmbeddings(texts: ["red"])) { XCTAssertEqual($0 as? EmbedError, .noTextProjection) }
        XCTAssertEqual(try engine.queryEmbeddings(imageFiles: [], texts: []).count, 0)
    }

    func testLoadErrorsNameTheTensor() throws {
        let missing = try variant(of: "tiny-quick") { $0.filter { $0.name != "fusion_ffns.1.3.bias" } }
        XCTAssertThrowsError(try ConTextModel.loadWeights(directory: missing)) { e in
            guard case ModelLoadError.missingTensor(_, "fusion_ffns.1.3.bias") = e else { return XCTFail("\(e)") }
        }
        let misshaped = try variant(of: "tiny-quick") { ts in
            ts.map { $0.name == "visual_projection.weight" ? .init(name: $0.name, shape: [24, 47], floats: [Float](repeating: 0, count: 24 * 47)) : $0 }
        }
        XCTAssertThrowsError(try ConTextModel.loadWeights(directory: misshaped)) { e in
            guard case ModelLoadError.wrongShape(_, "visual_projection.weight", [24, 48], [24, 47]) = e else { return XCTFail("\(e)") }
        }
        let extra = try variant(of: "tiny-quick") { $0 + [.init(name: "cross_attn_layers.7.q_proj.weight", shape: [1], floats: [0])] }
        XCTAssertThrowsError(try ConTextModel.loadWeights(directory: extra)) { e in
            guard case ModelLoadError.unknownTensors(_, ["cross_attn_layers.7.q_proj.weight"]) = e else { return XCTFail("\(e)") }
        }
        let intWeights = try variant(of: "tiny-quick") { ts in
            ts.map { $0.name == "logit_scale" ? $0 : $0.name == "attn_pooler.norm.bias" ? .init(name: $0.name, dtype: .i32, shape: [48], bytes: [UInt8](repeating: 0, count: 192)) : $0 }
        }
        XCTAssertThrowsError(try ConTextModel.loadWeights(directory: intWeights)) { e in
            guard case ModelLoadError.wrongDType(_, "attn_pooler.norm.bias", "I32") = e else { return XCTFail("\(e)") }
        }
        let truncated = try variant(of: "tiny-quick", edit: { $0 }, rawEdit: { Array($0.dropLast(1000)) })
        XCTAssertThrowsError(try ConTextModel.loadWeights(directory: truncated)) { e in
            guard case ModelLoadError.file(.truncated) = e else { return XCTFail("\(e)") }
            XCTAssertTrue("\(e)".contains("model.safetensors"))
        }
        let corrupt = try variant(of: "tiny-quick", edit: { $0 }, rawEdit: { b in var b = b; b[8] = UInt8(ascii: "#"); return b })
        XCTAssertThrowsError(try ConTextModel.loadWeights(directory: corrupt)) { e in
            guard case ModelLoadError.file(.corruptHeader) = e else { return XCTFail("\(e)") }
        }
        XCTAssertThrowsError(try ConTextEngine.load(directory: URL(fileURLWithPath: "/nonexistent-model"))) { e in
            XCTAssertEqual(e as? ModelLoadError, .missingFile("/nonexistent-model/config.json"))
        }
    }

    func testBF16AndF16WeightsLoadTheSameModel() throws {
        // Re-storing tiny-quick's F32 weights as BF16 must change results only by BF16 rounding.
        let dir = try variant(of: "tiny-quick") { ts in
            ts.map { t in
                guard t.dtype == .f32 else { return t }
                let f = t.bytes.withUnsafeBytes { raw in (0..<(t.bytes.count / 4)).map { Float(bitPattern: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self)) } }
                return .init(name: t.name, shape: t.shape, floats: f, dtype: .bf16)
            }
        }
        let g = try Golden("tiny-quick")
        let emb = try ConTextModel.loadWeights(directory: dir).imageEmbeddings(pixelValues: try g.rows("pixel_values"))
        let ref = try g.floats("image_embeds")
        var dot: Float = 0
        for (a, b) in zip(emb[0], ref.prefix(emb[0].count)) { dot += a * b }
        XCTAssertGreaterThan(dot, 0.95, "BF16 copy should stay close to the F32 model")
        XCTAssertLessThan(dot, 0.999_999, "BF16 rounding should be visible: the dtype path was exercised")
    }
}
