import ConText
import Foundation
import XCTest

/// The real `context-server serve` binary driven by curl: index, query in every mode and both
/// encodings, filters, delete, metrics, errors. Results are checked against the engine's own
/// embeddings and an independent exact top-k computed here.
final class ServerIntegrationTests: XCTestCase {
    static let imageNames = ["jpeg_420.jpg", "jpeg_444.jpg", "png_rgb16.png", "jpeg_gray.jpg", "png_palette8.png", "jpeg_progressive.jpg"]

    private func image(_ name: String) throws -> Data {
        try Data(contentsOf: ServerProcess.fixtures.appendingPathComponent("images/inputs/\(name)"))
    }

    private func engine() throws -> ConTextEngine {
        try ConTextEngine.load(directory: ServerProcess.fixtures.appendingPathComponent("models/tiny-gelu"))
    }

    /// Ids by exact cosine over the given gallery, ties by id.
    private func topK(_ q: [Float], _ gallery: [(String, [Float])], k: Int) -> [(String, Float)] {
        var scored: [(String, Float)] = []
        for (id, v) in gallery {
            var dot: Float = 0
            for i in 0..<min(q.count, v.count) { dot += q[i] * v[i] }
            scored.append((id, dot))
        }
        scored.sort { a, b in a.1 != b.1 ? a.1 > b.1 : a.0 < b.0 }
        return Array(scored.prefix(k))
    }

    private func indexAll(_ s: ServerProcess) throws {
        var items: [[String: Any]] = []
        for (i, name) in Self.imageNames.prefix(5).enumerated() {
            items.append(["id": "item-\(i)", "image": try image(name).base64EncodedString(),
                          "metadata": ["category": i % 2 == 0 ? "dress" : "shirt", "in_stock": i != 2, "price": 10 + i]])
        }
        let r = try Curl.post("\(s.base)/index", json: ["items": items])
        XCTAssertEqual(r.status, 200, r.body)
        XCTAssertEqual(r.json["indexed"] as? Int, 5)
        // One more through multipart, as a shop's form upload would send it.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("upload-\(UUID()).jpg")
        try image(Self.imageNames[5]).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let m = try Curl.run(["-F", "id=item-5", "-F", "image=@\(file.path);type=image/jpeg", "-F", #"metadata={"category":"dress","in_stock":true,"price":15}"#, "\(s.base)/index"])
        XCTAssertEqual(m.status, 200, m.body)
    }

    func testIndexQueryDeleteAgainstIndependentTopK() throws {
        let s = try ServerProcess()
        try indexAll(s)
        let e = try engine()
        let files = try Self.imageNames.map { [UInt8](try image($0)) }
        let galleryVectors = try zip((0..<6).map { "item-\($0)" }, e.imageEmbeddings(imageFiles: files)).map { ($0, $1) }

        // Composed query, JSON: the uploaded image equals item-0's, so item-0 is excluded.
        let text = "make it red with long sleeves"
        let r = try Curl.post("\(s.base)/query", json: ["image": try image(Self.imageNames[0]).base64EncodedString(), "text": text, "k": 3])
        XCTAssertEqual(r.status, 200, r.body)
        XCTAssertEqual(r.json["mode"] as? String, "composed")
        let results = r.json["results"] as? [[String: Any]] ?? []
        let q = try e.queryEmbeddings(imageFiles: [files[0]], texts: [text])[0]
        let expected = topK(q, galleryVectors.filter { $0.0 != "item-0" }, k: 3)
        XCTAssertEqual(results.map { $0["id"] as? String ?? "" }, expected.map(\.0))
        for (got, want) in zip(results, expected) { XCTAssertEqual((got["score"] as? NSNumber)?.floatValue ?? 9, want.1, accuracy: 1e-5) }
        XCTAssertNotNil(results.first?["metadata"], "metadata is returned")

        // Same query as multipart, with exclude_reference false: item-0 may come back.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("q-\(UUID()).jpg")
        try image(Self.imageNames[0]).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let mp = try Curl.run(["-F", "image=@\(file.path)", "-F", "text=\(text)", "-F", "k=6", "-F", "exclude_reference=false", "\(s.base)/query"])
        XCTAssertEqual(mp.status, 200, mp.body)
        XCTAssertEqual((mp.json["results"] as? [[String: Any]])?.map { $0["id"] as? String ?? "" }, topK(q, galleryVectors, k: 6).map(\.0))

        // Image-only by reference_id: never returns the reference itself.
        let ref = try Curl.post("\(s.base)/query", json: ["reference_id": "item-1", "k": 10])
        XCTAssertEqual(ref.json["mode"] as? String, "image")
        let refIDs = (ref.json["results"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
        XCTAssertEqual(refIDs, topK(galleryVectors[1].1, galleryVectors.filter { $0.0 != "item-1" }, k: 10).map(\.0))

        // Composed by reference_id equals composed by upload of the same image.
        let cref = try Curl.post("\(s.base)/query", json: ["reference_id": "item-0", "text": text, "k": 3])
        XCTAssertEqual((cref.json["results"] as? [[String: Any]])?.compactMap { $0["id"] as? String }, expected.map(\.0))

        // Text-only.
        let t = try Curl.post("\(s.base)/query", json: ["text": "a red dress", "k": 2])
        XCTAssertEqual(t.json["mode"] as? String, "text")
        let tq = try e.textEmbeddings(texts: ["a red dress"])[0]
        XCTAssertEqual((t.json["results"] as? [[String: Any]])?.compactMap { $0["id"] as? String }, topK(tq, galleryVectors, k: 2).map(\.0))

        // Filters: equality and in-list, still k results when enough match; exclude_ids.
        let f = try Curl.post("\(s.base)/query", json: ["text": "a red dress", "k": 2, "filter": ["category": "dress", "in_stock": true], "exclude_ids": ["item-5"]])
        let fIDs = (f.json["results"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
        let allowed = Set(["item-0", "item-4"])   // dresses in stock, minus the excluded item-5
        XCTAssertEqual(fIDs, topK(tq, galleryVectors.filter { allowed.contains($0.0) }, k: 2).map(\.0))
        let inList = try Curl.post("\(s.base)/query", json: ["text": "x", "k": 10, "filter": ["price": [11, 13]]])
        XCTAssertEqual(Set((inList.json["results"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []), ["item-1", "item-3"])

        // GET, DELETE, then gone.
        let g = try Curl.run(["\(s.base)/index/item-3"])
        XCTAssertEqual(g.status, 200)
        XCTAssertEqual((g.json["metadata"] as? [String: Any])?["category"] as? String, "shirt")
        XCTAssertEqual(try Curl.run(["-X", "DELETE", "\(s.base)/index/item-3"]).status, 200)
        XCTAssertEqual(try Curl.run(["-X", "DELETE", "\(s.base)/index/item-3"]).status, 404)
        XCTAssertEqual(try Curl.run(["\(s.base)/index/item-3"]).status, 404)
        let after = try Curl.post("\(s.base)/query", json: ["text": "x", "k": 10])
        XCTAssertFalse((after.json["results"] as? [[String: Any]])?.contains { $0["id"] as? String == "item-3" } ?? true, "read-your-writes")

        // Metrics.
        let metrics = try Curl.run(["\(s.base)/metrics"])
        XCTAssertTrue(metrics.body.contains("context_http_requests_total{route=\"/query\",method=\"POST\",status=\"200\"}"), metrics.body)
        XCTAssertTrue(metrics.body.contains("context_gallery_items 5"))
        XCTAssertTrue(metrics.body.contains("context_inference_batches_total"))

        // Survives a restart (SIGTERM drain, then reopen the same data directory).
        XCTAssertEqual(s.stop(), 0)
        let again = try ServerProcess(dataDir: s.dataDir)
        XCTAssertEqual(try Curl.run(["\(again.base)/index/item-5"]).status, 200)
        let ref2 = try Curl.post("\(again.base)/query", json: ["reference_id": "item-1", "k": 10])
        XCTAssertEqual((ref2.json["results"] as? [[String: Any]])?.compactMap { $0["id"] as? String }, refIDs.filter { $0 != "item-3" })
    }

    func testErrorsAreJSONWithTheRightStatus() throws {
        let s = try ServerProcess()
        try indexAll(s)
        let img = try image(Self.imageNames[0]).base64EncodedString()
        let cases: [(String, [String], Data?, Int, String)] = [
            ("malformed JSON", ["-X", "POST", "-H", "Content-Type: application/json", "--data-binary", "@-", "\(s.base)/query"], Data("{\"text\":".utf8), 400, "bad_request"),
            ("JSON array body", ["-X", "POST", "-H", "Content-Type: application/json", "--data-binary", "@-", "\(s.base)/query"], Data("[1]".utf8), 400, "bad_request"),
            ("no content type", ["-X", "POST", "-H", "Content-Type:", "--data-binary", "@-", "\(s.base)/query"], Data("{}".utf8), 415, "unsupported_media_type"),
            ("xml", ["-X", "POST", "-H", "Content-Type: application/xml", "--data-binary", "@-", "\(s.base)/query"], Data("<a/>".utf8), 415, "unsupported_media_type"),
            ("unknown route", ["\(s.base)/nope"], nil, 404, "not_found"),
            ("wrong method", ["-X", "PUT", "\(s.base)/query"], nil, 405, "method_not_allowed"),
            ("POST without body", ["-X", "POST", "\(s.base)/query"], nil, 411, "length_required"),
        ]
        for (label, args, stdin, status, code) in cases {
            let r = try Curl.run(args, stdin: stdin)
            XCTAssertEqual(r.status, status, "\(label): \(r.body)")
            XCTAssertEqual(r.errorCode, code, "\(label): \(r.body)")
        }
        let jsonCases: [(String, [String: Any], Int, String)] = [
            ("empty query", [:], 422, "invalid_field"),
            ("k zero", ["text": "red", "k": 0], 422, "invalid_field"),
            ("k too big", ["text": "red", "k": 1001], 422, "invalid_field"),
            ("k not integer", ["text": "red", "k": 2.5], 422, "invalid_field"),
            ("k boolean", ["text": "red", "k": true], 422, "invalid_field"),
            ("text too long", ["text": String(repeating: "a", count: 2001)], 413, "text_too_long"),
            ("bad base64", ["image": "!!!", "text": "red"], 422, "invalid_field"),
            ("not an image", ["image": Data("hello".utf8).base64EncodedString()], 415, "unsupported_image_format"),
            ("truncated jpeg", ["image": try image("bad_truncated.jpg").base64EncodedString()], 422, "undecodable_image"),
            ("decompression bomb", ["image": try image("bomb.png").base64EncodedString()], 413, "image_too_large"),
            ("unknown reference", ["reference_id": "nope", "text": "red"], 404, "not_found"),
            ("image and reference", ["image": img, "reference_id": "item-1"], 422, "invalid_field"),
            ("bad mode", ["text": "red", "mode": "fancy"], 422, "invalid_field"),
            ("nested filter", ["text": "red", "filter": ["a": ["b": 1]]], 422, "invalid_field"),
            ("filter not object", ["text": "red", "filter": [1, 2]], 422, "invalid_field"),
            ("exclude_ids not strings", ["text": "red", "exclude_ids": [1]], 422, "invalid_field"),
        ]
        for (label, body, status, code) in jsonCases {
            let r = try Curl.post("\(s.base)/query", json: body)
            XCTAssertEqual(r.status, status, "\(label): \(r.body)")
            XCTAssertEqual(r.errorCode, code, "\(label): \(r.body)")
        }
        let indexCases: [(String, [String: Any], Int)] = [
            ("no items", [:], 422),
            ("empty items", ["items": []], 422),
            ("duplicate ids", ["items": [["id": "a", "image": img], ["id": "a", "image": img]]], 422),
            ("bad id", ["items": [["id": "a/../b", "image": img]]], 422),
            ("missing image", ["items": [["id": "a"]]], 422),
            ("one bad image rejects the batch", ["items": [["id": "good", "image": img], ["id": "bad", "image": Data("x".utf8).base64EncodedString()]]], 415),
            ("nested metadata", ["items": [["id": "a", "image": img, "metadata": ["x": ["y": 1]]]]], 422),
        ]
        for (label, body, status) in indexCases {
            let r = try Curl.post("\(s.base)/index", json: body)
            XCTAssertEqual(r.status, status, "\(label): \(r.body)")
        }
        XCTAssertEqual(try Curl.run(["\(s.base)/index/good"]).status, 404, "an all-or-nothing batch stored nothing")
        XCTAssertEqual(try Curl.run(["\(s.base)/healthz"]).status, 200, "still serving")
    }

    func testAPIKeysGuardWriteRoutes() throws {
        let s = try ServerProcess(extra: ["--api-key", "s3cret"])
        let img = try image(Self.imageNames[0]).base64EncodedString()
        let body = ["items": [["id": "k1", "image": img]]]
        XCTAssertEqual(try Curl.post("\(s.base)/index", json: body).status, 401)
        XCTAssertEqual(try Curl.post("\(s.base)/index", json: body, headers: ["Authorization: Bearer wrong"]).status, 401)
        XCTAssertEqual(try Curl.post("\(s.base)/index", json: body, headers: ["Authorization: Bearer s3cret"]).status, 200)
        XCTAssertEqual(try Curl.run(["-X", "DELETE", "\(s.base)/index/k1"]).status, 401)
        XCTAssertEqual(try Curl.post("\(s.base)/query", json: ["reference_id": "k1"]).status, 200, "reads stay open without --protect-reads")
    }

}
