import XCTest
@testable import Gallery

/// Durability and recovery (DESIGN §5, threat_model.md): reopen equals the pre-close state; a log
/// cut at any byte recovers exactly the complete records before the cut and is repaired; damage
/// before an intact record is a hard error naming file and offset.
final class RecoveryTests: XCTestCase {
    let model = "test-model"

    func open(_ path: String, dimension: Int = 3, options: GalleryOptions = testOptions()) throws -> GalleryStore {
        try GalleryStore.open(directory: path, dimension: dimension, modelID: model, options: options)
    }

    /// The writes of the truncation tests: batches (one of them replacing and one deleting).
    func scriptedWrites() -> [(GalleryStore) throws -> Void] {
        [
            { try $0.upsert([GalleryItem(id: "a", metadata: ["c": .string("x")], embedding: [1, 2, 3]),
                             GalleryItem(id: "b", embedding: [0, 1, 0])]) },
            { try $0.upsert([GalleryItem(id: "c", metadata: ["n": .number(2), "ok": .bool(true)], embedding: [3, 0, -1])]) },
            { _ = try $0.delete(id: "a") },
            { try $0.upsert([GalleryItem(id: "b", metadata: ["v": .null], embedding: [1, 1, 1]),
                             GalleryItem(id: "d", embedding: [0, 0, 1]),
                             GalleryItem(id: "e", metadata: ["s": .string("long text")], embedding: [2, -1, 0])]) },
            { try $0.upsert([GalleryItem(id: "f", embedding: [5, 5, 5])]) },
        ]
    }

    func testReopenEqualsPreCloseState() throws {
        let dir = TempDirectory()
        let path = dir.sub("data")
        var rng = SplitMix64(seed: 11)
        let store = try open(path, dimension: 16)
        for b in 0..<20 {
            try store.upsert((0..<7).map { GalleryItem(id: "b\(b)-\($0)", metadata: ["b": .number(Double(b))], embedding: randomVector(16, using: &rng)) })
            if b % 3 == 0 { try store.delete(id: "b\(b)-0") }
        }
        let before = contents(store)
        let query = randomVector(16, using: &rng)
        let hitsBefore = try store.search(query: query, k: 25)
        store.close()
        let again = try open(path, dimension: 16)
        XCTAssertEqual(contents(again), before)
        XCTAssertEqual(try again.search(query: query, k: 25), hitsBefore)
        XCTAssertEqual(again.recovery.recordsReplayed, 27)
        XCTAssertFalse(again.recovery.created)
    }

    /// For every byte offset: cut the log there, reopen. The state must be exactly the complete
    /// records before the cut (never part of a batch), and the repaired log must take appends.
    func testTruncationAtEveryOffsetRecoversTheCompleteRecordPrefix() throws {
        let dir = TempDirectory()
        let source = dir.sub("source")
        let store = try open(source)
        var states: [[String: GalleryItem]] = [contents(store)]
        var boundaries: [Int] = [LogFile.headerSize]
        let logPath = source + "/" + LogFile.fileName(generation: 0)
        for write in scriptedWrites() {
            try write(store)
            states.append(contents(store))
            boundaries.append(readBytes(logPath).count)
        }
        store.close()
        let log = readBytes(logPath)
        let manifest = readBytes(source + "/MANIFEST")
        XCTAssertEqual(boundaries.last, log.count)

        for cut in 0...log.count {
            let path = dir.sub("cut-\(cut)")
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            writeBytes(manifest, path + "/MANIFEST")
            writeBytes(Array(log[0..<cut]), path + "/" + LogFile.fileName(generation: 0))
            if cut < LogFile.headerSize {
                // The header is written by write-then-rename, so a short header is corruption.
                XCTAssertEqual(galleryError { try open(path) }?.kind, "corrupt", "cut \(cut)")
                continue
            }
            let complete = boundaries.lastIndex { $0 <= cut }!
            let warnings = WarningSink()
            let reopened = try open(path, options: testOptions(warnings: warnings))
            XCTAssertEqual(contents(reopened), states[complete], "cut at \(cut)")
            XCTAssertEqual(reopened.recovery.recordsReplayed, complete, "cut at \(cut)")
            XCTAssertEqual(reopened.recovery.droppedTailBytes, cut - boundaries[complete], "cut at \(cut)")
            XCTAssertEqual(warnings.all.isEmpty, cut == boundaries[complete], "a dropped tail is reported, cut \(cut)")
            // Repaired: the torn bytes are gone and a new record lands after the good prefix.
            XCTAssertEqual(readBytes(path + "/" + LogFile.fileName(generation: 0)).count, boundaries[complete])
            try reopened.upsert([GalleryItem(id: "after", embedding: [1, 0, 0])])
            reopened.close()
            let third = try open(path)
            var expected = states[complete]
            expected["after"] = GalleryItem(id: "after", embedding: [1, 0, 0])
            XCTAssertEqual(contents(third), expected, "append after repair, cut \(cut)")
            XCTAssertEqual(third.recovery.droppedTailBytes, 0)
            third.close()
            try FileManager.default.removeItem(atPath: path)
        }
    }

    /// Damage inside any record but the last (payload byte, header byte, or removed bytes) is
    /// followed by intact records: open fails naming the file and the damaged record's offset,
    /// and leaves the file untouched.
    func testCorruptionBeforeAnIntactRecordIsAHardError() throws {
        let dir = TempDirectory()
        let source = dir.sub("source")
        let store = try open(source)
        var boundaries = [LogFile.headerSize]
        let logName = LogFile.fileName(generation: 0)
        for write in scriptedWrites() {
            try write(store)
            boundaries.append(readBytes(source + "/" + logName).count)
        }
        store.close()
        let log = readBytes(source + "/" + logName)
        let manifest = readBytes(source + "/MANIFEST")
        for record in 0..<(boundaries.count - 2) {
            let start = boundaries[record], end = boundaries[record + 1]
            var damaged: [(String, [UInt8])] = []
            var flipPayload = log; flipPayload[end - 1] ^= 0x40
            damaged.append(("payload bit", flipPayload))
            var flipMagic = log; flipMagic[start] = 0
            damaged.append(("magic", flipMagic))
            var flipLength = log; flipLength[start + 8] &+= 1
            damaged.append(("length", flipLength))
            damaged.append(("bytes removed", Array(log[0..<(start + 5)] + log[(start + 9)...])))
            for (what, bytes) in damaged {
                let path = dir.sub("bad-\(record)-\(what.replacingOccurrences(of: " ", with: "-"))")
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
                writeBytes(manifest, path + "/MANIFEST")
                writeBytes(bytes, path + "/" + logName)
                guard let e = galleryError({ try open(path) }) else { continue }
                guard case let .corrupt(file, offset, _) = e else { XCTFail("\(what): \(e)"); continue }
                XCTAssertEqual(file, path + "/" + logName, what)
                XCTAssertEqual(offset, start, "\(what) in record \(record)")
                XCTAssertTrue(e.description.contains(logName) && e.description.contains("\(start)"))
                XCTAssertEqual(readBytes(path + "/" + logName), bytes, "the damaged log is not modified")
            }
        }
        // Damage in the final record is indistinguishable from a torn write: it is dropped.
        var lastDamaged = log
        lastDamaged[log.count - 1] ^= 1
        let path = dir.sub("last")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        writeBytes(manifest, path + "/MANIFEST")
        writeBytes(lastDamaged, path + "/" + logName)
        let reopened = try open(path)
        XCTAssertEqual(reopened.recovery.recordsReplayed, boundaries.count - 2)
        XCTAssertNil(reopened.get(id: "f"))
    }

    func testSnapshotThenLogReplay() throws {
        let dir = TempDirectory()
        let path = dir.sub("data")
        let store = try open(path)
        for i in 0..<10 { try store.upsert([GalleryItem(id: "s\(i)", metadata: ["i": .number(Double(i))], embedding: [Float(i), 1, 2])]) }
        try store.snapshot()
        try store.upsert([GalleryItem(id: "after", embedding: [0, 0, 1])])
        try store.delete(id: "s3")
        try store.upsert([GalleryItem(id: "s4", metadata: ["changed": .bool(true)], embedding: [9, 9, 9])])
        let before = contents(store)
        store.close()
        let files = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        XCTAssertEqual(files, ["LOCK", "MANIFEST", "images", "log-1.bin", "snapshot-1.bin"])
        let again = try open(path)
        XCTAssertEqual(contents(again), before)
        XCTAssertEqual(again.recovery.generation, 1)
        XCTAssertEqual(again.recovery.snapshotItems, 10)
        XCTAssertEqual(again.recovery.recordsReplayed, 3)
    }

    func testAutomaticSnapshotsEveryNRecords() throws {
        let dir = TempDirectory()
        let path = dir.sub("data")
        let store = try open(path, options: testOptions(snapshotEvery: 3))
        for i in 0..<8 { try store.upsert([GalleryItem(id: "i\(i)", embedding: [1, Float(i), 0])]) }
        let before = contents(store)
        store.close()
        let again = try open(path, options: testOptions(snapshotEvery: 3))
        XCTAssertEqual(again.recovery.generation, 2)
        XCTAssertEqual(again.recovery.snapshotItems, 6)
        XCTAssertEqual(again.recovery.recordsReplayed, 2)
        XCTAssertEqual(contents(again), before)
    }

    /// A crash between the snapshot's rename and the old generation's removal leaves both: the
    /// newest snapshot wins and the leftovers (and stray temporary files) are removed.
    func testInterruptedRotationRecovers() throws {
        let dir = TempDirectory()
        let path = dir.sub("data")
        let store = try open(path)
        try store.upsert([GalleryItem(id: "a", embedding: [1, 0, 0])])
        let log0 = readBytes(path + "/log-0.bin")
        try store.snapshot()
        try store.upsert([GalleryItem(id: "b", embedding: [0, 1, 0])])
        store.close()
        writeBytes(log0, path + "/log-0.bin")
        writeBytes([1, 2, 3], path + "/snapshot-2.bin.tmp")
        try FileManager.default.removeItem(atPath: path + "/log-1.bin")
        // Without log-1 (crash before it was created) the snapshot alone is the state.
        let again = try open(path)
        XCTAssertEqual(again.ids(), ["a"])
        let files = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        XCTAssertEqual(files, ["LOCK", "MANIFEST", "images", "log-1.bin", "snapshot-1.bin"])
    }

    func testLogWithoutItsSnapshotAndDamagedSnapshotAreErrors() throws {
        let dir = TempDirectory()
        let path = dir.sub("data")
        let store = try open(path)
        try store.upsert([GalleryItem(id: "a", embedding: [1, 0, 0])])
        try store.snapshot()
        store.close()
        var snap = readBytes(path + "/snapshot-1.bin")
        snap[40] ^= 0xFF
        writeBytes(snap, path + "/snapshot-1.bin")
        guard case let .corrupt(file, _, _)? = galleryError({ try open(path) }) else { return XCTFail() }
        XCTAssertEqual(file, path + "/snapshot-1.bin")
        try FileManager.default.removeItem(atPath: path + "/snapshot-1.bin")
        guard case let .corrupt(file2, _, reason)? = galleryError({ try open(path) }) else { return XCTFail() }
        XCTAssertEqual(file2, path + "/log-1.bin")
        XCTAssertTrue(reason.contains("no snapshot"), reason)
    }

    func testAnotherModelOrDimensionIsRefusedClearly() throws {
        let dir = TempDirectory()
        let path = dir.sub("data")
        try open(path).close()
        guard case let .manifestMismatch(message)? = galleryError({ try open(path, dimension: 4) }) else { return XCTFail() }
        XCTAssertTrue(message.contains("dimension 3") && message.contains("dimension 4"), message)
        let other = galleryError { try GalleryStore.open(directory: path, dimension: 3, modelID: "other-model", options: testOptions()) }
        guard case let .manifestMismatch(m2)? = other else { return XCTFail() }
        XCTAssertTrue(m2.contains("test-model") && m2.contains("other-model") && m2.contains("re-index"), m2)
        var manifest = readBytes(path + "/MANIFEST")
        manifest[6] ^= 1
        writeBytes(manifest, path + "/MANIFEST")
        XCTAssertEqual(galleryError { try open(path) }?.kind, "corrupt")
    }

    /// A mistyped data directory that holds other files is refused, and nothing in it is touched.
    func testRefusesToAdoptAForeignDirectory() throws {
        let dir = TempDirectory()
        let path = dir.sub("home")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        writeBytes([1], path + "/notes.txt")
        writeBytes([2], path + "/draft.tmp")
        guard case let .manifestMismatch(message)? = galleryError({ try open(path) }) else { return XCTFail() }
        XCTAssertTrue(message.contains("not a gallery"), message)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: path).sorted(), ["LOCK", "draft.tmp", "notes.txt"])
    }

    func testOneOpenStorePerDirectory() throws {
        let dir = TempDirectory()
        let path = dir.sub("data")
        let first = try open(path)
        XCTAssertEqual(galleryError { try open(path) }?.kind, "locked")
        first.close()
        XCTAssertNoThrow(try open(path))
    }

    /// Source images survive restarts, so `reference_id` queries can re-run the model.
    func testImagesSurviveReopen() throws {
        let dir = TempDirectory()
        let path = dir.sub("data")
        let store = try open(path)
        let photo: [UInt8] = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let sha = try store.images.put(photo)
        try store.upsert([GalleryItem(id: "p", embedding: [1, 0, 0], imageSHA256: sha)])
        store.close()
        let again = try open(path)
        let item = try XCTUnwrap(again.get(id: "p"))
        XCTAssertEqual(item.imageSHA256, sha)
        XCTAssertEqual(try again.images.read(sha), photo)
        XCTAssertEqual(again.ids(withImageSHA256: sha), ["p"])
    }
}
