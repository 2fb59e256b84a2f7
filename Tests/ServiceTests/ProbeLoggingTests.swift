import Foundation
import XCTest

/// Health probes are sampled in the log (a probe every second must not cost a line each) unless
/// the operator asks for every one with `--probe-log-interval 0`; other requests always log.
final class ProbeLoggingTests: XCTestCase {
    private func probeLines(interval: String?) throws -> (probes: Int, skippedReported: Int, others: Int) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("probes-\(UUID())")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let server = try LoggedServer(dataDir: root.appendingPathComponent("data"),
                                      extra: interval.map { ["--probe-log-interval", $0] } ?? [],
                                      logURL: root.appendingPathComponent("server.log"))
        for _ in 0..<5 { XCTAssertTrue(RawHTTP.healthy(port: server.port)) }
        let missing = try RawHTTP.exchange(port: server.port, RawHTTP.request("GET", "/index/nope"), timeout: 5)
        XCTAssertEqual(missing.status, 404)
        XCTAssertEqual(server.stop(), 0)
        var probes = 0, skipped = 0, others = 0
        for line in server.logText.split(separator: "\n") {
            guard let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], o["status"] != nil else { continue }
            if (o["route"] as? String) == "/healthz" {
                probes += 1
                skipped += Int(o["probes_skipped"] as? String ?? "0") ?? 0
            } else {
                others += 1
            }
        }
        return (probes, skipped, others)
    }

    func testProbesAreSampledByDefaultAndAllLoggedWithIntervalZero() throws {
        let sampled = try probeLines(interval: nil)
        XCTAssertEqual(sampled.probes, 1, "five probes within 10 s: only the first is logged")
        XCTAssertEqual(sampled.others, 1, "the 404 is logged")
        let all = try probeLines(interval: "0")
        XCTAssertEqual(all.probes, 5)
        XCTAssertEqual(all.skippedReported, 0)
        XCTAssertEqual(all.others, 1)
    }
}
