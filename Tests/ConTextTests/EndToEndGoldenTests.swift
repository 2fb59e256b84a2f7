import ConText
import Foundation
import XCTest

/// Image file and text in, embedding out, against the reference's whole pipeline
/// (Pillow + CLIPImageProcessor or the reference's own crop rule, CLIPTokenizer, the model).
final class EndToEndGoldenTests: XCTestCase {
    func testFilesAndTextsToEmbeddingsMatchReference() throws {
        for name in Golden.names {
            let g = try Golden(name)
            let engine = try ConTextEngine.load(directory: g.modelDirectory)
            let e2e = g.json["e2e"] as? [String: Any] ?? [:]
            let images = (e2e["images"] as? [[String: Any]] ?? []).compactMap { $0["file"] as? String }
            XCTAssertEqual(images.count, 2, "\(name): e2e images listed")
            let files = try images.map { [UInt8](try Data(contentsOf: Golden.fixtures.appendingPathComponent("goldens/\($0)"))) }

            let px = try files.map { try engine.pixelValues(imageBytes: $0) }
            assertClose(px.flatMap { $0 }, try g.floats("e2e.pixel_values"), tol: 1e-6, "\(name) e2e.pixel_values")
            assertClose(try engine.imageEmbeddings(imageFiles: files).flatMap { $0 }, try g.floats("e2e.image_embeds"),
                        tol: EmbeddingGoldenTests.embedTol, "\(name) e2e.image_embeds")

            let queries = e2e["queries"] as? [[String: Any]] ?? []
            let texts = queries.compactMap { $0["text"] as? String }
            let imageIndex = queries.compactMap { $0["image"] as? Int }
            XCTAssertEqual(texts.map(engine.tokenize), try g.tokenIDs(prefix: "e2e."), "\(name): token ids")
            let q = try engine.queryEmbeddings(imageFiles: imageIndex.map { files[$0] }, texts: texts)
            assertClose(q.flatMap { $0 }, try g.floats("e2e.query_embeds"), tol: EmbeddingGoldenTests.embedTol, "\(name) e2e.query_embeds")
        }
    }

    func testGoldenTextsTokenizeToReferenceIDs() throws {
        for name in Golden.names {
            let g = try Golden(name)
            let engine = try ConTextEngine.load(directory: g.modelDirectory)
            let texts = g.json["texts"] as? [String] ?? []
            XCTAssertEqual(texts.map(engine.tokenize), try g.tokenIDs(), name)
        }
    }
}
