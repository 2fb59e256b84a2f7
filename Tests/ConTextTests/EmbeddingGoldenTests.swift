import CLIP
import ConText
import Foundation
import ModelIO
import XCTest

/// The three embeddings and every named intermediate against the PyTorch reference, for each
/// golden config. Acceptance (issue 2): max |diff| ≤ 1e-5 per component of the L2-normalised
/// embeddings; intermediates are compared looser (the reference's own f32-vs-f64 gap on hidden
/// states is ~5e-6) so a failure there points at the layer that drifted.
final class EmbeddingGoldenTests: XCTestCase {
    static let embedTol: Float = 1e-5
    static let hiddenTol: Float = 5e-4
    static let attnTol: Float = 5e-5

    func testImageEmbeddingsMatchReference() throws {
        for name in Golden.names {
            let g = try Golden(name)
            let model = try ConTextModel.loadWeights(directory: g.modelDirectory)
            let trace = Trace()
            let emb = try model.imageEmbeddings(pixelValues: try g.rows("pixel_values"), trace: trace)
            let layers = model.config.vision.layers
            for i in 0...layers {
                assertClose(trace.tensors["vision.hidden_states.\(i)"] ?? [], try g.floats("vision.hidden_states.\(i)"), tol: Self.hiddenTol, "\(name) vision.hidden_states.\(i)")
            }
            assertClose(trace.tensors["vision.pooler_output"] ?? [], try g.floats("vision.pooler_output"), tol: 1e-4, "\(name) vision.pooler_output")
            assertClose(emb.flatMap { $0 }, try g.floats("image_embeds"), tol: Self.embedTol, "\(name) image_embeds")
        }
    }

    func testTextEmbeddingsMatchReferenceOnRealTokensOnly() throws {
        for name in Golden.names {
            let g = try Golden(name)
            let model = try ConTextModel.loadWeights(directory: g.modelDirectory)
            let ids = try g.tokenIDs()
            let trace = Trace()
            let emb = try model.textEmbeddings(ids: ids, trace: trace)
            let d = model.config.text.hiddenSize, l = g.shape("input_ids")[1]
            // The reference pads to 77; compare our packed real-token rows with its first rows.
            func realRows(_ padded: [Float]) -> [Float] {
                ids.enumerated().flatMap { (r, seq) in padded[(r * l * d)..<((r * l + seq.count) * d)] }
            }
            for i in 0...model.config.text.layers {
                assertClose(trace.tensors["text.hidden_states.\(i)"] ?? [], realRows(try g.floats("text.hidden_states.\(i)")), tol: Self.hiddenTol, "\(name) text.hidden_states.\(i)")
            }
            assertClose(trace.tensors["text.last_hidden_state"] ?? [], realRows(try g.floats("text.last_hidden_state")), tol: Self.hiddenTol, "\(name) text.last_hidden_state")
            assertClose(trace.tensors["text.pooler_output"] ?? [], try g.floats("text.pooler_output"), tol: 1e-4, "\(name) text.pooler_output")
            assertClose(emb.flatMap { $0 }, try g.floats("text_embeds"), tol: Self.embedTol, "\(name) text_embeds")
        }
    }

    func testComposedQueryEmbeddingsMatchReference() throws {
        for name in Golden.names {
            let g = try Golden(name)
            let model = try ConTextModel.loadWeights(directory: g.modelDirectory)
            let images = try g.rows("pixel_values"), ids = try g.tokenIDs(), pairs = try g.pairs()
            let trace = Trace()
            let emb = try model.queryEmbeddings(pixelValues: pairs.map { images[$0.0] }, ids: pairs.map { ids[$0.1] }, trace: trace)
            for i in 1...model.config.head!.crossAttnLayers {
                assertClose(trace.tensors["head.fused.\(i)"] ?? [], try g.floats("head.fused.\(i)"), tol: Self.hiddenTol, "\(name) head.fused.\(i)")
            }
            // Averaged attention maps: ours hold the real text columns only.
            let tv = model.clip.vision.tokens, l = g.shape("input_ids")[1]
            let ref = try g.floats("head.attn_avg")
            var expected: [Float] = []
            for (q, p) in pairs.enumerated() {
                let tt = ids[p.1].count
                for r in 0..<tv {
                    let start: Int = (q * tv + r) * l
                    expected.append(contentsOf: ref[start..<(start + tt)])
                }
            }
            assertClose(trace.tensors["head.attn_avg"] ?? [], expected, tol: Self.attnTol, "\(name) head.attn_avg")
            assertClose(trace.tensors["head.pooled"] ?? [], try g.floats("head.pooled"), tol: 1e-4, "\(name) head.pooled")
            assertClose(emb.flatMap { $0 }, try g.floats("query_embeds"), tol: Self.embedTol, "\(name) query_embeds")
        }
    }

    /// The server batches whichever queries arrive together: a query's embedding must not depend on
    /// its neighbours in the batch, bit for bit (every batched product and attention works row by row).
    func testBatchedComposedQueriesEqualOneAtATimeExactly() throws {
        for name in Golden.names {
            let g = try Golden(name)
            let model = try ConTextModel.loadWeights(directory: g.modelDirectory)
            let images = try g.rows("pixel_values"), ids = try g.tokenIDs(), pairs = try g.pairs()
            let batched = try model.queryEmbeddings(pixelValues: pairs.map { images[$0.0] }, ids: pairs.map { ids[$0.1] })
            for (q, p) in pairs.enumerated() {
                let alone = try model.queryEmbeddings(pixelValues: [images[p.0]], ids: [ids[p.1]])
                XCTAssertEqual(alone[0], batched[q], "\(name) pair \(q)")
            }
        }
    }

    func testReferenceOwnPrecisionGapIsBelowTolerance() throws {
        // Sanity on the fixtures themselves: the reference's f32 and f64 runs agree far inside our tolerance.
        for name in Golden.names {
            let g = try Golden(name)
            for t in ["image_embeds", "text_embeds", "query_embeds"] {
                assertClose(try g.floats(t), try g.floats(t + "_f64"), tol: 2e-6, "\(name) \(t) f32 vs f64")
            }
        }
    }
}
