import Foundation
import XCTest

/// The server runs inference at a lower priority than request handling (`--compute-nice`,
/// default 5), so that on a busy 2-core machine a request's parsing and image decoding and the
/// health checks do not wait behind a forward pass for CPU.
final class ComputePriorityTests: XCTestCase {
    /// Nice value of each thread of `pid`, by thread name (`/proc/PID/task/*/stat`, field 19).
    private func niceByThread(_ pid: Int32) throws -> [(name: String, nice: Int)] {
        let tasks = "/proc/\(pid)/task"
        return try FileManager.default.contentsOfDirectory(atPath: tasks).compactMap { tid in
            guard let stat = try? String(contentsOfFile: "\(tasks)/\(tid)/stat", encoding: .utf8),
                  let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")") else { return nil }
            let name = String(stat[stat.index(after: open)..<close])
            // After "pid (comm) ": state is field 3, so nice (field 19) is the 17th after the name.
            let rest = stat[stat.index(after: close)...].split(separator: " ")
            guard rest.count > 16, let nice = Int(rest[16]) else { return nil }
            return (name, nice)
        }
    }

    private func threadsAfterOneQuery(extra: [String]) throws -> [(name: String, nice: Int)] {
        let s = try ServerProcess(extra: extra)
        let image = try Data(contentsOf: ServerProcess.fixtures.appendingPathComponent("images/inputs/jpeg_420.jpg"))
        let r = try Curl.post("\(s.base)/query", json: ["image": image.base64EncodedString(), "text": "make it red", "k": 3])
        XCTAssertEqual(r.status, 200, r.body)
        return try niceByThread(try XCTUnwrap(s.child).processIdentifier)
    }

    func testInferenceThreadsRunNicerThanRequestHandling() throws {
        let threads = try threadsAfterOneQuery(extra: [])
        let inference = threads.filter { $0.name.hasPrefix("inference") || $0.name == "ckernels-pool" }
        XCTAssertFalse(inference.filter { $0.name.hasPrefix("inference") }.isEmpty, "no inference thread among \(threads)")
        for t in inference { XCTAssertEqual(t.nice, 5, "\(t.name) runs the model") }
        let others = threads.filter { !($0.name.hasPrefix("inference") || $0.name == "ckernels-pool") }
        XCTAssertFalse(others.isEmpty)
        // Request and connection threads keep the process's priority (libdispatch raises its own
        // threads' priority by QoS, so theirs may be below 0).
        for t in others { XCTAssertLessThanOrEqual(t.nice, 0, "\(t.name) handles requests") }

        let unchanged = try threadsAfterOneQuery(extra: ["--compute-nice", "0"])
        XCTAssertTrue(unchanged.contains { $0.name.hasPrefix("inference") })
        for t in unchanged { XCTAssertLessThanOrEqual(t.nice, 0, "\(t.name) with --compute-nice 0") }
    }

    func testOutOfRangeNiceIsRefused() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("nice-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        XCTAssertThrowsError(try ServerProcess(dataDir: root, extra: ["--compute-nice", "20"]))
    }
}
