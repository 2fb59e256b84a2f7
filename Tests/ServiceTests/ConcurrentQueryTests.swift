import Foundation
import XCTest

/// What the load benchmark (Scripts/load_bench.sh) measures, checked for behaviour rather than
/// speed against the real binary: concurrent queries share forward passes and get the answers
/// they would get alone, and a full inference queue answers 503 with `Retry-After` and nothing
/// else, while the server keeps serving.
final class ConcurrentQueryTests: XCTestCase {
    private static let images = ["jpeg_420.jpg", "jpeg_444.jpg", "png_rgb16.png", "jpeg_gray.jpg"]
    private static let texts = ["make it red", "with long sleeves", "in blue denim", "shorter and striped"]

    private func imageBase64(_ name: String) throws -> String {
        try Data(contentsOf: ServerProcess.fixtures.appendingPathComponent("images/inputs/\(name)")).base64EncodedString()
    }

    private func request(_ path: String, json: Any) throws -> [UInt8] {
        let body = try JSONSerialization.data(withJSONObject: json)
        let head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
        return Array(head.utf8) + [UInt8](body)
    }

    /// Sends every request on its own connection before reading any response, so they reach the
    /// server together; the responses in request order.
    private func together(_ port: Int, _ requests: [[UInt8]]) throws -> [RawHTTP.Response] {
        let connections = try requests.map { _ in try RawHTTP(port: port, receiveTimeout: 60) }
        for (c, r) in zip(connections, requests) { XCTAssertTrue(c.send(r)) }
        return try connections.map { try $0.readResponse() }
    }

    private func metric(_ port: Int, _ prefix: String) throws -> [(String, Double)] {
        let r = try RawHTTP.exchange(port: port, Array("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        return r.text.split(separator: "\n").filter { $0.hasPrefix(prefix) }.compactMap { line in
            let parts = line.split(separator: " ")
            guard parts.count == 2, let v = Double(parts[1]) else { return nil }
            return (String(parts[0]), v)
        }
    }

    private func results(_ r: RawHTTP.Response) -> [(String, Double)] {
        ((r.json["results"] as? [[String: Any]]) ?? []).map { ($0["id"] as? String ?? "", $0["score"] as? Double ?? .nan) }
    }

    func testConcurrentQueriesShareAForwardPassAndGetTheAnswersTheyGetAlone() throws {
        let s = try ServerProcess(extra: ["--max-batch", "8", "--batch-window-ms", "20"])
        var items: [[String: Any]] = []
        for (i, name) in Self.images.enumerated() { items.append(["id": "p\(i)", "image": try imageBase64(name)]) }
        let indexed = try RawHTTP.exchange(port: s.port, try request("/index", json: ["items": items]), timeout: 60)
        XCTAssertEqual(indexed.status, 200, indexed.text)

        let queries = try zip(Self.images, Self.texts).map { image, text in
            try request("/query", json: ["image": try imageBase64(image), "text": text, "k": 4, "exclude_reference": false])
        }
        let alone = try queries.map { try RawHTTP.exchange(port: s.port, $0, timeout: 60) }
        for a in alone { XCTAssertEqual(a.status, 200, a.text); XCTAssertEqual(results(a).count, 4, a.text) }

        // The scheduler batches jobs that meet in its queue: jobs arriving while a pass runs, and
        // (once passes carry company) those within the window. The tiny model's pass takes about
        // a millisecond, so a round in which every query happened to find the model idle is
        // retried, a few times at most. Whatever the passes were, every answer must be the one
        // the query gets alone.
        var shared = false
        for _ in 0..<5 where !shared {
            let before = try metric(s.port, "context_inference_batches_total")
            let burst = Array(repeating: queries, count: 4).flatMap { $0 }
            let concurrent = try together(s.port, burst)
            for (i, c) in concurrent.enumerated() {
                let a = alone[i % queries.count]
                XCTAssertEqual(c.status, 200, c.text)
                XCTAssertEqual(c.json["mode"] as? String, "composed")
                let ra = results(a), rc = results(c)
                XCTAssertEqual(rc.map(\.0), ra.map(\.0), "query \(i): ranking changed when batched")
                for (x, y) in zip(ra, rc) { XCTAssertEqual(x.1, y.1, accuracy: 1e-5, "query \(i), \(x.0): score changed when batched") }
                // The load benchmark separates HTTP overhead from model time with this header.
                let timing = c.header("Server-Timing") ?? ""
                XCTAssertTrue(timing.contains("model;dur=") && timing.contains("total;dur="), timing)
            }
            let old = Dictionary(uniqueKeysWithValues: before)
            for (series, n) in try metric(s.port, "context_inference_batches_total")
            where !series.contains("size=\"1\"") && n > (old[series] ?? 0) { shared = true }
        }
        XCTAssertTrue(shared, "16 concurrent queries never shared a forward pass in 5 rounds")
    }

    func testFullQueueAnswersOnly503WithRetryAfterAndTheServerKeepsServing() throws {
        let s = try ServerProcess(extra: ["--queue-depth", "1", "--max-batch", "1", "--batch-window-ms", "0"])
        let query = try request("/query", json: ["image": try imageBase64(Self.images[0]), "text": Self.texts[0], "k": 1])
        var refused = 0, served = 0
        // 48 queries at once against a queue of one: most must be refused. A round in which the
        // machine happened to keep up is retried, a few times at most.
        for _ in 0..<5 where refused == 0 {
            for r in try together(s.port, Array(repeating: query, count: 48)) {
                switch r.status {
                case 200:
                    served += 1
                case 503:
                    refused += 1
                    XCTAssertEqual(r.errorCode, "overloaded", r.text)
                    XCTAssertGreaterThanOrEqual(Int(r.header("Retry-After") ?? "") ?? 0, 1, "503 without a usable Retry-After")
                default:
                    XCTFail("under overload: \(r.status) \(r.text)")
                }
            }
        }
        XCTAssertGreaterThan(refused, 0, "48 concurrent queries never filled a queue of one")
        XCTAssertGreaterThan(served, 0)
        XCTAssertEqual(try metric(s.port, "context_inference_rejected_total").first?.1, Double(refused))
        // Still serving: health, and a query on its own.
        XCTAssertEqual(try RawHTTP.exchange(port: s.port, Array("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".utf8)).status, 200)
        XCTAssertEqual(try RawHTTP.exchange(port: s.port, query, timeout: 60).status, 200)
    }
}
