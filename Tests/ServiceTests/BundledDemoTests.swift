#if canImport(Glibc)
import Glibc
#endif
import Foundation
import XCTest

/// The README's promise: `context-server serve` with no arguments serves the bundled trained model
/// (Models/default) over its demo gallery, and the README's composed query — an image plus a
/// two-condition modification — returns the right target first.
final class BundledDemoTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The README's example (keep in sync with README.md "Try the bundled model").
    static let referenceImage = "Models/demo-gallery/images/test-00097-2.png"
    static let modification = "please change the diamond to yellow, and make it a square"
    static let expectedTop = "test-00097-0"

    func testServeWithNoArgumentsAnswersTheReadmeQueryWithItsTarget() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID())")
        defer { try? FileManager.default.removeItem(at: data) }
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "CONTEXT_MODEL")
        env.removeValue(forKey: "CONTEXT_DATA")
        // First start indexes the demo gallery before listening.
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID()).log")
        defer { try? FileManager.default.removeItem(at: log) }
        let (p, port) = try ServerLaunch.start(arguments: ["--data", data.path], logURL: log, environment: env,
                                               directory: Self.root, timeout: 300)
        defer { p.terminate(); p.waitUntilExit() }
        let r = try Curl.run(["-F", "image=@\(Self.root.appendingPathComponent(Self.referenceImage).path)", "-F", "text=\(Self.modification)",
                              "-F", "k=5", "http://127.0.0.1:\(port)/query"])
        XCTAssertEqual(r.status, 200, r.body)
        let obj = try JSONSerialization.jsonObject(with: Data(r.body.utf8)) as? [String: Any]
        let ids = (obj?["results"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        XCTAssertEqual(ids.first, Self.expectedTop, "results: \(ids)")
        XCTAssertFalse(ids.contains(URL(fileURLWithPath: Self.referenceImage).deletingPathExtension().lastPathComponent),
                       "the query image itself must not be returned")
    }
}
