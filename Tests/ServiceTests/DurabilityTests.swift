#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Gallery
import XCTest

/// Issue 3 durability acceptance: concurrent writers post to `/index` while the real server is
/// killed with SIGKILL at random moments, again and again on one data directory. After every
/// restart each acknowledged item is present, whole and queryable (and each acknowledged DELETE
/// stays deleted); every batch is all or nothing;
/// a request that was never sent left nothing; and the log replays with at most a dropped torn tail
/// (one torn final write is simulated halfway, as a power cut would leave it).
final class DurabilityTests: XCTestCase {
    /// One POST /index as the writers sent it.
    struct Batch {
        enum Outcome: Equatable {
            /// 200: the server promised durability.
            case acknowledged
            /// Sent (or partly sent), then the connection died: may or may not be stored, but never in part.
            case unknown
            /// The connection could not even be opened: nothing may be stored.
            case notSent
            /// Any other status: a rejection, which must store nothing (none is expected here).
            case rejected(Int)
        }
        let key: String
        let ids: [String]
        let sha256: [String]
        var outcome: Outcome
    }

    /// What the writers did, shared across their threads.
    final class Ledger: @unchecked Sendable {
        private let lock = NSLock()
        private var batches: [Batch] = []
        private var deleteOutcomes: [String: Batch.Outcome] = [:]
        func add(_ b: Batch) { lock.lock(); batches.append(b); lock.unlock() }
        var all: [Batch] { lock.lock(); defer { lock.unlock() }; return batches }
        /// DELETE /index/{id} requests by id, with the same outcomes as batches.
        func deleted(_ id: String, _ outcome: Batch.Outcome) { lock.lock(); deleteOutcomes[id] = outcome; lock.unlock() }
        var deletes: [String: Batch.Outcome] { lock.lock(); defer { lock.unlock() }; return deleteOutcomes }
    }

    final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        func set() { lock.lock(); value = true; lock.unlock() }
        var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
    }

    /// Small fixture images made unique per item by bytes after the JPEG end-of-image marker
    /// (decoders stop at EOI), so every item has its own content-addressed blob to lose.
    static let baseImages: [[UInt8]] = ["jpeg_1x50.jpg", "jpeg_tiny_upscale.jpg", "jpeg_exif6.jpg"].map {
        [UInt8]((try? Data(contentsOf: ServerProcess.fixtures.appendingPathComponent("images/inputs/\($0)"))) ?? Data())
    }

    static func uniqueImage(_ n: Int, tag: String) -> [UInt8] {
        baseImages[n % baseImages.count] + Array("unique:\(tag)".utf8)
    }

    func testAcknowledgedWritesSurviveRepeatedSIGKILL() throws {
        let kills = Int(ProcessInfo.processInfo.environment["CONTEXT_DURABILITY_KILLS"] ?? "") ?? 20
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("durability-\(UUID())")
        let dataDir = root.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        XCTAssertFalse(Self.baseImages.contains { $0.isEmpty }, "fixture images load")

        let ledger = Ledger()
        var tornTails = 0
        var acknowledgedSoFar = 0
        let started = Date()
        for cycle in 0..<kills {
            // Throws with the server's log when it does not come up on the data directory.
            let server = try LoggedServer(dataDir: dataDir, extra: ["--max-k", "100000"],
                                          logURL: root.appendingPathComponent("cycle-\(cycle).log"))
            let torn = try checkStartLog(server.logText, cycle: cycle)
            if cycle == kills / 2 + 1 { XCTAssertEqual(torn, 1, "the simulated torn write was dropped, and logged") }
            tornTails += torn
            try verify(ledger.all, ledger.deletes, port: server.port, context: "after kill \(cycle)")

            // Writers: single items and small batches with distinct ids, until the kill.
            let stop = Flag()
            let group = DispatchGroup()
            let port = server.port
            for w in 0..<4 {
                DispatchQueue.global().async(group: group) {
                    var n = 0
                    // This writer's acknowledged batches of 2+ items whose last item may be deleted
                    // (the first item stays, for reference queries).
                    var deletable: [String] = []
                    writing: while !stop.isSet {
                        let size = [1, 1, 2, 3, 4][Int.random(in: 0..<5)]
                        let key = "c\(cycle)-w\(w)-b\(n)"
                        n += 1
                        let ids = (0..<size).map { "\(key)-i\($0)" }
                        let images = ids.enumerated().map { Self.uniqueImage(n + $0.offset, tag: $0.element) }
                        let items: [[String: Any]] = zip(ids, images).enumerated().map { j, pair in
                            ["id": pair.0, "image": Data(pair.1).base64EncodedString(),
                             "metadata": ["batch": key, "pos": j, "size": size]]
                        }
                        let request = RawHTTP.json("POST", "/index", ["items": items])
                        let shas = images.map { SHA256.hex($0) }
                        guard let c = try? RawHTTP(port: port, receiveTimeout: 30) else {
                            ledger.add(Batch(key: key, ids: ids, sha256: shas, outcome: .notSent))
                            break
                        }
                        c.send(request)
                        let outcome: Batch.Outcome
                        if let r = try? c.readResponse() { outcome = r.status == 200 ? .acknowledged : .rejected(r.status) } else { outcome = .unknown }
                        ledger.add(Batch(key: key, ids: ids, sha256: shas, outcome: outcome))
                        if outcome == .unknown { break }
                        if outcome == .acknowledged && size >= 2 { deletable.append(ids[size - 1]) }
                        // Now and then remove a product again: an acknowledged delete must stay deleted.
                        if !deletable.isEmpty && Int.random(in: 0..<3) == 0 {
                            let id = deletable.remove(at: Int.random(in: 0..<deletable.count))
                            guard let d = try? RawHTTP(port: port, receiveTimeout: 30) else { ledger.deleted(id, .notSent); break }
                            d.send(RawHTTP.request("DELETE", "/index/\(id)"))
                            let result: Batch.Outcome
                            if let r = try? d.readResponse() { result = r.status == 200 ? .acknowledged : .rejected(r.status) } else { result = .unknown }
                            ledger.deleted(id, result)
                            if result == .unknown { break writing }
                        }
                        usleep(UInt32.random(in: 0...15_000))
                    }
                }
            }
            // Kill at a random moment: early (during the first writes) to late.
            usleep(UInt32.random(in: 50_000...1_500_000))
            server.kill9()
            stop.set()
            XCTAssertEqual(group.wait(timeout: .now() + 60), .success, "writers finish after the kill")
            if cycle == kills / 2 {
                // A power cut can tear the final write, which a SIGKILL never does: simulate one by
                // appending part of a record (garbage) to the live log. Recovery must cut it off.
                let logs = try FileManager.default.contentsOfDirectory(atPath: dataDir.path).filter { $0.hasPrefix("log-") }.sorted()
                let h = try FileHandle(forWritingTo: dataDir.appendingPathComponent(try XCTUnwrap(logs.last)))
                try h.seekToEnd()
                try h.write(contentsOf: Data((0..<100).map { _ in UInt8.random(in: 0...255) }))
                try h.close()
            }
            let acknowledged = ledger.all.filter { $0.outcome == .acknowledged }.count
            XCTAssertGreaterThanOrEqual(acknowledged, acknowledgedSoFar)
            acknowledgedSoFar = acknowledged
        }

        // The final restart checks everything once more; then a clean stop replays with no torn tail.
        let last = try LoggedServer(dataDir: dataDir, extra: ["--max-k", "100000"], logURL: root.appendingPathComponent("final.log"))
        tornTails += try checkStartLog(last.logText, cycle: kills)
        let inFlightStored = try verify(ledger.all, ledger.deletes, port: last.port, context: "after the last kill", queryAll: true)
        XCTAssertEqual(last.stop(), 0, "SIGTERM drains and exits 0")
        let clean = try LoggedServer(dataDir: dataDir, extra: ["--max-k", "100000"], logURL: root.appendingPathComponent("clean.log"))
        XCTAssertEqual(try checkStartLog(clean.logText, cycle: kills + 1), 0, "a clean shutdown leaves no torn tail")
        try verify(ledger.all, ledger.deletes, port: clean.port, context: "after a clean restart")
        clean.stop()

        let all = ledger.all
        let acked = all.filter { $0.outcome == .acknowledged }
        let unknown = all.filter { $0.outcome == .unknown }
        XCTAssertGreaterThan(acked.count, kills * 2, "the writers made progress between kills")
        let deletes = ledger.deletes
        XCTAssertFalse(deletes.values.contains { if case .rejected = $0 { return true } else { return false } }, "no delete was rejected: \(deletes)")
        XCTAssertTrue(all.allSatisfy { if case .rejected = $0.outcome { return false } else { return true } },
                      "no valid batch was rejected: \(all.filter { if case .rejected = $0.outcome { return true } else { return false } }.map(\.key))")
        print("durability: \(kills) SIGKILLs, \(all.count) batches sent, \(acked.count) acknowledged (\(acked.reduce(0) { $0 + $1.ids.count }) items), "
              + "\(deletes.values.filter { $0 == .acknowledged }.count) acknowledged deletes (\(deletes.values.filter { $0 == .unknown }.count) more in flight at a kill), \(unknown.count) batches in flight at a kill (\(inFlightStored) of them stored whole, the rest absent), \(tornTails) torn tails dropped, \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    }

    /// The start-up log: the server listened, reported no error, and warned about nothing but a
    /// dropped torn tail (returned as a count).
    private func checkStartLog(_ text: String, cycle: Int) throws -> Int {
        var torn = 0
        var listening = false
        for line in text.split(separator: "\n") {
            guard let obj = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                XCTFail("cycle \(cycle): a log line is not JSON: \(line)")
                continue
            }
            let level = obj["level"] as? String ?? "", msg = obj["msg"] as? String ?? ""
            if msg == "listening" { listening = true }
            if level == "warning" || level == "error" {
                if msg.contains("dropped a torn final record") { torn += 1 } else { XCTFail("cycle \(cycle): unexpected \(level): \(msg)") }
            }
        }
        XCTAssertTrue(listening, "cycle \(cycle): the server logged its start: \(text)")
        return torn
    }

    /// Checks every batch against the running server (one keep-alive connection).
    /// Returns how many in-flight (unknown) batches were found stored.
    @discardableResult
    private func verify(_ batches: [Batch], _ deletes: [String: Batch.Outcome], port: Int, context: String,
                        queryAll: Bool = false) throws -> Int {
        var inFlightStored = 0
        let session = Session(port: port)
        var present = Set<String>()
        for b in batches {
            var found: [(Int, String)] = []
            // Ids whose delete may or may not have happened count for neither side.
            var expected = b.ids.count
            for (j, id) in b.ids.enumerated() {
                let d = deletes[id]
                let r = try session.send(RawHTTP.request("GET", "/index/\(id)"))
                if d == .acknowledged {
                    XCTAssertEqual(r.status, 404, "\(context): acknowledged delete of \(id) holds")
                    expected -= 1
                } else if d == .unknown {
                    expected -= 1
                }
                switch r.status {
                case 200:
                    present.insert(id)
                    if d != .acknowledged && d != .unknown { found.append((j, id)) }
                    let meta = r.json["metadata"] as? [String: Any]
                    XCTAssertEqual(meta?["batch"] as? String, b.key, "\(context): \(id) has its own batch's metadata")
                    XCTAssertEqual((meta?["pos"] as? NSNumber)?.intValue, j, "\(context): \(id) metadata is whole")
                    XCTAssertEqual(r.json["image_sha256"] as? String, b.sha256[j], "\(context): \(id) keeps its image")
                case 404: break
                default: XCTFail("\(context): GET /index/\(id) answered \(r.status) \(r.text)")
                }
            }
            switch b.outcome {
            case .acknowledged:
                XCTAssertEqual(found.count, expected, "\(context): acknowledged batch \(b.key) is fully present (but for deletes)")
            case .unknown:
                if found.count == b.ids.count { inFlightStored += 1 }
                XCTAssertTrue(found.isEmpty || found.count == b.ids.count,
                              "\(context): in-flight batch \(b.key) is all or nothing, found \(found.count)/\(b.ids.count)")
            case .notSent, .rejected:
                XCTAssertTrue(found.isEmpty, "\(context): batch \(b.key) (\(b.outcome)) stored nothing")
            }
        }
        // Queryable: each batch's first item works as a reference (its image blob and embedding are
        // there; the query excludes it), sampled on the way and complete at the end.
        let acked = batches.filter { $0.outcome == .acknowledged }
        let refs = queryAll ? acked : Array(acked.suffix(12)) + Array(acked.shuffled().prefix(8))
        for b in refs {
            let r = try session.send(RawHTTP.json("POST", "/query", ["reference_id": b.ids[0], "k": 5]))
            XCTAssertEqual(r.status, 200, "\(context): reference_id \(b.ids[0]) is queryable: \(r.text)")
            let ids = (r.json["results"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
            XCTAssertFalse(ids.contains(b.ids[0]), "\(context): a reference is never its own answer")
        }
        // Searchable: a text query over the whole gallery returns exactly the present items.
        let all = try session.send(RawHTTP.json("POST", "/query", ["text": "anything", "k": 100000]))
        XCTAssertEqual(all.status, 200, all.text)
        let searched = Set((all.json["results"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? [])
        XCTAssertEqual(searched, present, "\(context): search sees exactly the stored items")
        return inFlightStored
    }
}

/// Sequential requests over one keep-alive connection, reconnecting when the server closes it.
final class Session {
    let port: Int
    private var client: RawHTTP?
    init(port: Int) { self.port = port }

    func send(_ request: [UInt8]) throws -> RawHTTP.Response {
        for attempt in 0..<2 {
            if client == nil { client = try RawHTTP(port: port, receiveTimeout: 30) }
            client!.send(request)
            do {
                let r = try client!.readResponse()
                if r.closes { client = nil }
                return r
            } catch {
                client = nil
                if attempt == 1 { throw error }
            }
        }
        throw RawHTTP.Failure.timeout
    }
}
