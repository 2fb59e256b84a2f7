#if canImport(Glibc)
import Glibc
#endif
import Foundation
import XCTest

/// `context-server index` run as a binary: a folder, a manifest with bad lines, a run killed
/// midway and resumed, then `serve` on the same data directory finds and queries the items.
final class IndexCommandTests: XCTestCase {
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
        var summary: [String: Int] {
            let line = stdout.split(separator: "\n").last.map(String.init) ?? ""
            let obj = (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]) ?? [:]
            return obj.compactMapValues { ($0 as? NSNumber)?.intValue }
        }
    }

    /// Output collected from a pipe on another thread.
    final class Collector: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        func append(_ d: Data) { lock.lock(); data.append(d); lock.unlock() }
        var text: String { lock.lock(); defer { lock.unlock() }; return String(decoding: data, as: UTF8.self) }
    }

    var root: URL!
    let model = ServerProcess.fixtures.appendingPathComponent("models/tiny-gelu").path

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("index-cmd-\(UUID())")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: root) }

    private func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: ServerProcess.fixtures.appendingPathComponent("images/inputs/\(name)"))
    }

    private func write(_ data: Data, _ relative: String) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    /// Starts `context-server index ...`; `until` sees stderr as it grows and may kill the process.
    private func index(_ args: [String], until: ((String, Process) -> Void)? = nil) throws -> Run {
        let p = Process()
        p.executableURL = try ServerProcess.binary()
        p.arguments = ["index", "--model", model] + args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        let o = Collector(), e = Collector()
        out.fileHandleForReading.readabilityHandler = { h in o.append(h.availableData) }
        err.fileHandleForReading.readabilityHandler = { h in e.append(h.availableData) }
        try p.run()
        while p.isRunning {
            until?(e.text, p)
            usleep(5_000)
        }
        p.waitUntilExit()
        out.fileHandleForReading.readabilityHandler = nil
        err.fileHandleForReading.readabilityHandler = nil
        o.append(out.fileHandleForReading.readDataToEndOfFile())
        e.append(err.fileHandleForReading.readDataToEndOfFile())
        return Run(status: p.terminationStatus, stdout: o.text, stderr: e.text)
    }

    func testFolderWithSanitisedIdsAndABadFile() throws {
        try write(try fixture("jpeg_420.jpg"), "imgs/a.jpg")
        try write(try fixture("png_rgb8.png"), "imgs/sub dir/café 1.PNG")
        try write(try fixture("webp_lossy.webp"), "imgs/x.webp")
        try write(try fixture("jpeg_444.jpg"), "imgs/.hidden/h.jpg")
        try write(Data("not an image".utf8), "imgs/notes.txt")
        try write(try fixture("bad_truncated.jpg"), "imgs/bad.jpg")
        let data = root.appendingPathComponent("data").path
        let src = root.appendingPathComponent("imgs").path

        let strict = try index(["--data", data, src])
        XCTAssertEqual(strict.status, 1, "an undecodable image is fatal without --skip-errors")
        XCTAssertTrue(strict.stderr.contains("bad.jpg") && strict.stderr.contains("--skip-errors"), strict.stderr)

        let lenient = try index(["--data", data, "--skip-errors", src])
        XCTAssertEqual(lenient.status, 0, lenient.stderr)
        XCTAssertEqual(lenient.summary["indexed"], 3, lenient.stdout)
        XCTAssertEqual(lenient.summary["failed"], 1)
        XCTAssertTrue(lenient.stderr.contains("skipped bad.jpg"), lenient.stderr)
        XCTAssertTrue(lenient.stderr.contains("indexing: 4/4 100%"), "plain progress lines when stderr is not a terminal: \(lenient.stderr)")

        let again = try index(["--data", data, "--skip-errors", src])
        XCTAssertEqual(again.summary["skipped"], 3, "a re-run skips what is stored: \(again.stdout)")
        XCTAssertEqual(again.summary["indexed"], 0)

        let s = try ServerProcess(dataDir: URL(fileURLWithPath: data))
        for id in ["a", "sub_dir:caf__1", "x"] {
            let r = try Curl.run(["\(s.base)/index/\(id)"])
            XCTAssertEqual(r.status, 200, "\(id): \(r.body)")
        }
        let meta = try Curl.run(["\(s.base)/index/sub_dir:caf__1"]).json["metadata"] as? [String: Any]
        XCTAssertEqual(meta?["path"] as? String, "sub dir/café 1.PNG")
        XCTAssertEqual(try Curl.run(["\(s.base)/index/.hidden:h"]).status, 404, "hidden folders are skipped")
    }

    func testManifestReportsBadLinesByNumber() throws {
        try write(try fixture("jpeg_420.jpg"), "m/images/p1.jpg")
        try write(try fixture("png_rgb8.png"), "m/images/p2.png")
        let lines = [
            #"{"id": "p1", "image": "images/p1.jpg", "metadata": {"category": "dress", "price": 10, "in_stock": true}}"#,
            "",
            #"{"id": "p3", "image": "#,
            #"{"image": "images/p1.jpg"}"#,
            #"{"id": "a/b", "image": "images/p1.jpg"}"#,
            #"{"id": "p4", "image": "images/p1.jpg", "metadata": {"x": {"y": 1}}}"#,
            #"{"id": "p1", "image": "images/p2.png"}"#,
            #"{"id": "p5", "image": "images/missing.jpg"}"#,
            #"{"id": "p2", "image": "images/p2.png", "metadata": {"category": "shirt"}}"#,
        ]
        try write(Data(lines.joined(separator: "\n").utf8), "m/manifest.jsonl")
        let data = root.appendingPathComponent("data").path
        let manifest = root.appendingPathComponent("m/manifest.jsonl").path

        let strict = try index(["--data", data, manifest])
        XCTAssertEqual(strict.status, 1)
        for n in [3, 4, 5, 6, 7] { XCTAssertTrue(strict.stderr.contains("line \(n):"), "line \(n) reported: \(strict.stderr)") }
        XCTAssertFalse(strict.stderr.contains("line 1:") || strict.stderr.contains("line 9:"), strict.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: data + "/MANIFEST"), "a bad manifest writes nothing")

        let lenient = try index(["--data", data, "--skip-errors", manifest])
        XCTAssertEqual(lenient.status, 0, lenient.stderr)
        XCTAssertEqual(lenient.summary["indexed"], 2, lenient.stdout)
        XCTAssertEqual(lenient.summary["failed"], 6, "five bad lines and one missing image")
        XCTAssertTrue(lenient.stderr.contains("line 8"), "the missing image names its line: \(lenient.stderr)")

        // Changed metadata with the same image: replaced without re-embedding.
        var changed = lines
        changed[0] = #"{"id": "p1", "image": "images/p1.jpg", "metadata": {"category": "dress", "price": 12}}"#
        try write(Data(changed.joined(separator: "\n").utf8), "m/manifest.jsonl")
        let update = try index(["--data", data, "--skip-errors", manifest])
        XCTAssertEqual(update.summary["updated"], 1, update.stdout)
        XCTAssertEqual(update.summary["skipped"], 1)

        let s = try ServerProcess(dataDir: URL(fileURLWithPath: data))
        let p1 = try Curl.run(["\(s.base)/index/p1"])
        XCTAssertEqual((p1.json["metadata"] as? [String: Any])?["price"] as? Int, 12)
        let f = try Curl.post("\(s.base)/query", json: ["text": "a dress", "k": 10, "filter": ["category": "dress"]])
        XCTAssertEqual((f.json["results"] as? [[String: Any]])?.compactMap { $0["id"] as? String }, ["p1"], f.body)
    }

    func testKilledMidwayThenResumedThenServed() throws {
        let base = try fixture("jpeg_224.jpg")
        let total = 96
        for i in 0..<total {
            // Bytes after the JPEG end marker make each file (and its stored blob) unique.
            try write(base + Data("#\(i)".utf8), "big/item-\(String(format: "%03d", i)).jpg")
        }
        let data = root.appendingPathComponent("data").path
        let src = root.appendingPathComponent("big").path

        var killedAt: String?
        let first = try index(["--data", data, src]) { stderr, process in
            // Kill -9 at the first progress line that is neither the start nor the end.
            guard killedAt == nil, let line = stderr.split(separator: "\n").last(where: { $0.hasPrefix("indexing: ") }),
                  let done = Int(line.dropFirst("indexing: ".count).split(separator: "/").first ?? ""), done > 0, done < total else { return }
            killedAt = String(line)
            Glibc.kill(process.processIdentifier, SIGKILL)
        }
        XCTAssertNotNil(killedAt, "the run was killed midway (it finished first: \(first.stderr))")
        XCTAssertEqual(first.status, SIGKILL)

        let resumed = try index(["--data", data, src])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        let skipped = resumed.summary["skipped"] ?? -1, indexed = resumed.summary["indexed"] ?? -1
        XCTAssertGreaterThan(skipped, 0, "items stored before the kill are skipped: \(resumed.stdout)")
        XCTAssertGreaterThan(indexed, 0, "the rest is indexed: \(resumed.stdout)")
        XCTAssertEqual(skipped + indexed, total)
        XCTAssertEqual(resumed.summary["items"], total)
        print("index: killed at \"\(killedAt ?? "")\", resumed with \(skipped) skipped and \(indexed) indexed")

        let s = try ServerProcess(dataDir: URL(fileURLWithPath: data))
        let ready = try Curl.run(["\(s.base)/readyz"])
        XCTAssertEqual(ready.json["items"] as? Int, total)
        for i in stride(from: 0, to: total, by: 7) {
            XCTAssertEqual(try Curl.run(["\(s.base)/index/item-\(String(format: "%03d", i))"]).status, 200)
        }
        let ref = try Curl.post("\(s.base)/query", json: ["reference_id": "item-007", "k": 3])
        XCTAssertEqual(ref.status, 200, ref.body)
        XCTAssertEqual((ref.json["results"] as? [[String: Any]])?.count, 3)
        // The served model embeds an upload exactly as `index` embedded the file: the item itself
        // comes back first with cosine 1.
        let upload = base + Data("#42".utf8)
        let q = try Curl.post("\(s.base)/query", json: ["image": upload.base64EncodedString(), "k": 1, "exclude_reference": false])
        let top = (q.json["results"] as? [[String: Any]])?.first
        XCTAssertEqual((top?["score"] as? NSNumber)?.doubleValue ?? 0, 1, accuracy: 1e-5, q.body)
    }
}
