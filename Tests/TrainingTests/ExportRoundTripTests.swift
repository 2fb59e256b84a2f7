import ConText
import Foundation
import ModelIO
import XCTest
@testable import Training

/// Issue 4 item 7: a model the trainer exports is loaded by the server's engine unchanged and
/// gives the same embeddings as the trainer's own forward pass.
final class ExportRoundTripTests: XCTestCase {
    private func pixels(_ n: Int, _ s: Int, seed: UInt64) -> [Float] {
        var rng = SeededRandom(seed: seed)
        return (0..<(n * 3 * s * s)).map { _ in Float(rng.normal()) }
    }

    func testExportedModelGivesTheTrainersEmbeddingsInTheServer() throws {
        let fixtures = GradientGoldenTests.fixtures
        // A model trained for one step (so no tensor is left at its loaded value), from a hub-style
        // folder without a head: exercises the fresh head initialisation too.
        let model = try TrainableModel.load(directory: fixtures.appendingPathComponent("models/tiny-gelu"))
        model.initializeHead(seed: 9)
        let s = model.config.vision.imageSize
        let ids: [[Int32]] = [[49406, 320, 1929, 49407], [49406, 1746, 49407], [49406, 320, 1929, 539, 1746, 49407]]
        let objective = ConTextObjective(model: model)
        model.parameters.zeroGrads()
        _ = objective.accumulate(TripletBatch(references: pixels(3, s, seed: 1), targets: pixels(3, s, seed: 2), captions: ids,
                                              phrases: [[[49406, 1929, 49407]], [], []]))
        var adam = AdamW()
        adam.update(model.parameters, lr: 1e-3, groupScale: [:])

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try model.export(to: dir, dtype: .f32, assets: fixtures.appendingPathComponent("models/tiny-gelu"))
        let served = try ConTextModel.loadWeights(directory: dir)

        let px = pixels(3, s, seed: 3)
        let per = 3 * s * s
        let images = (0..<3).map { Array(px[($0 * per)..<(($0 + 1) * per)]) }
        let pd = model.config.projectionDim
        func compare(_ ours: [Float], _ theirs: [[Float]], _ what: String) {
            var worst: Float = 0
            for (i, row) in theirs.enumerated() { for j in 0..<pd { worst = max(worst, abs(row[j] - ours[i * pd + j])) } }
            XCTAssertLessThanOrEqual(worst, 1e-5, "\(what): max |difference| \(worst)")
        }
        compare(model.queryEmbeddings(pixels: px, ids: ids), try served.queryEmbeddings(pixelValues: images, ids: ids), "query")
        compare(model.imageEmbeddings(pixels: px, count: 3), try served.imageEmbeddings(pixelValues: images), "image")
        compare(model.textEmbeddings(ids: ids), try served.textEmbeddings(ids: ids), "text")

        // F16 export: the server loads it too; embeddings move by F16 rounding only.
        let dir16 = dir.appendingPathComponent("f16")
        try model.export(to: dir16, dtype: .f16, assets: nil)
        XCTAssertNoThrow(try ConTextModel.loadWeights(directory: dir16))

        // Without the head (what pre-training writes): a plain CLIP directory; starting from it
        // initialises a fresh head from the given seed, as from a hub checkpoint.
        let clipDir = dir.appendingPathComponent("clip")
        try model.export(to: clipDir, dtype: .f32, assets: nil, includeHead: false)
        XCTAssertNil(try ConTextModel.loadWeights(directory: clipDir).head)
        let a = try TrainableModel.load(directory: clipDir, headSeed: 1), b = try TrainableModel.load(directory: clipDir, headSeed: 2)
        XCTAssertEqual(a.tensor("vision_model.post_layernorm.weight"), model.tensor("vision_model.post_layernorm.weight"))
        XCTAssertNotEqual(a.tensor("cross_attn_layers.0.q_proj.weight"), b.tensor("cross_attn_layers.0.q_proj.weight"))
        XCTAssertEqual(a.tensor("cross_attn_layers.0.out_proj.weight").allSatisfy { $0 == 0 }, true, "out_proj starts at zero")
    }
}
