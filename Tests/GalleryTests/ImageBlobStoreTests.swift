import XCTest
@testable import Gallery

/// Content-addressed source images: round trip, layout, dedup, verification, garbage collection.
final class ImageBlobStoreTests: XCTestCase {
    func testSHA256MatchesKnownVectors() {
        XCTAssertEqual(SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex([]), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    func testRoundTripLayoutAndDedup() throws {
        let dir = TempDirectory()
        let blobs = try ImageBlobStore(directory: dir.sub("images"))
        let bytes = Array("abc".utf8)
        let sha = try blobs.put(bytes)
        XCTAssertEqual(sha, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.sub("images/ba/7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")))
        XCTAssertEqual(try blobs.put(bytes), sha)
        XCTAssertEqual(try blobs.all(), [sha])
        XCTAssertEqual(try blobs.read(sha), bytes)
        XCTAssertTrue(blobs.contains(sha))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.sub("images/tmp")), [])
    }

    func testNonDigestsNeverBecomePaths() throws {
        let dir = TempDirectory()
        let blobs = try ImageBlobStore(directory: dir.sub("images"))
        for s in ["../../etc/passwd", "", "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", String(repeating: "g", count: 64), "ab/cd"] {
            XCTAssertFalse(blobs.contains(s))
            XCTAssertNil(try blobs.read(s))
        }
    }

    func testDamagedBlobIsReportedOnRead() throws {
        let dir = TempDirectory()
        let blobs = try ImageBlobStore(directory: dir.sub("images"))
        let sha = try blobs.put([1, 2, 3, 4])
        writeBytes([1, 2, 3, 5], blobs.path(of: sha))
        XCTAssertEqual(galleryError { try blobs.read(sha) }?.kind, "corrupt")
        XCTAssertEqual(try blobs.read(sha, verify: false), [1, 2, 3, 5])
    }

    func testGarbageCollectionKeepsReferencedAndYoungBlobs() throws {
        let dir = TempDirectory()
        let blobs = try ImageBlobStore(directory: dir.sub("images"))
        let keep = try blobs.put([1]), drop = try blobs.put([2])
        XCTAssertEqual(try blobs.garbageCollect(keeping: [keep], gracePeriod: 3600), 0, "young blobs survive")
        XCTAssertEqual(try blobs.garbageCollect(keeping: [keep], gracePeriod: -1), 1)
        XCTAssertEqual(try blobs.all(), [keep])
        XCTAssertFalse(blobs.contains(drop))
    }

    /// A repeated `put` of bytes already stored refreshes the blob's age, so an upsert about to
    /// reference it is not raced by garbage collection.
    func testRepeatedPutRenewsTheGracePeriod() throws {
        let dir = TempDirectory()
        let blobs = try ImageBlobStore(directory: dir.sub("images"))
        let sha = try blobs.put([7, 7, 7])
        let old = Date(timeIntervalSinceNow: -7200)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: blobs.path(of: sha))
        _ = try blobs.put([7, 7, 7])
        XCTAssertEqual(try blobs.garbageCollect(keeping: [], gracePeriod: 3600), 0)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: blobs.path(of: sha))
        XCTAssertEqual(try blobs.garbageCollect(keeping: [], gracePeriod: 3600), 1)
    }

    /// Snapshots collect blobs no item references any more.
    func testSnapshotCollectsUnreferencedImages() throws {
        let dir = TempDirectory()
        let store = try GalleryStore.open(directory: dir.sub("data"), dimension: 2, modelID: "m", options: testOptions(grace: -1))
        let a = try store.images.put([10]), b = try store.images.put([20]), orphan = try store.images.put([30])
        try store.upsert([GalleryItem(id: "a", embedding: [1, 0], imageSHA256: a), GalleryItem(id: "b", embedding: [0, 1], imageSHA256: b)])
        try store.delete(id: "a")
        try store.snapshot()
        XCTAssertEqual(try store.images.all(), [b])
        XCTAssertFalse(store.images.contains(orphan))
    }

    func testStaleTemporaryFilesAreRemovedAtOpen() throws {
        let dir = TempDirectory()
        _ = try ImageBlobStore(directory: dir.sub("images"))
        writeBytes([1, 2], dir.sub("images/tmp/leftover"))
        _ = try ImageBlobStore(directory: dir.sub("images"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.sub("images/tmp")), [])
    }
}
