import XCTest
@testable import Gallery

/// Ids and metadata are untrusted (threat_model.md): every limit has a test that exceeds it, and a
/// bad item rejects its whole batch without writing anything.
final class ValidationTests: XCTestCase {
    func testIDCharactersAndLength() {
        let ok = ["a", "SKU-123_x.y", "urn:shop:42", "user@shop", "a+b=c~d,e", String(repeating: "x", count: 256)]
        for id in ok { XCTAssertNoThrow(try GalleryItem.validateID(id), id) }
        let bad = ["", String(repeating: "x", count: 257), "a/b", "../etc/passwd", "a b", "tab\t", "nul\0", "new\nline",
                   "quote\"", "percent%2F", "back\\slash", "é", "emoji🙂", "\u{7F}"]
        for id in bad { XCTAssertThrowsError(try GalleryItem.validateID(id), id.debugDescription) }
    }

    func testMetadataLimits() {
        XCTAssertNoThrow(try GalleryItem.validateMetadata(Dictionary(uniqueKeysWithValues: (0..<64).map { ("k\($0)", MetadataValue.bool(true)) })))
        XCTAssertThrowsError(try GalleryItem.validateMetadata(Dictionary(uniqueKeysWithValues: (0..<65).map { ("k\($0)", MetadataValue.bool(true)) })))
        XCTAssertNoThrow(try GalleryItem.validateMetadata(["k": .string(String(repeating: "x", count: 16 * 1024 - 12))]))
        XCTAssertThrowsError(try GalleryItem.validateMetadata(["k": .string(String(repeating: "x", count: 16 * 1024))]))
        XCTAssertThrowsError(try GalleryItem.validateMetadata(["": .null]))
        XCTAssertThrowsError(try GalleryItem.validateMetadata([String(repeating: "k", count: 129): .null]))
        XCTAssertThrowsError(try GalleryItem.validateMetadata(["a\nb": .null]))
        XCTAssertThrowsError(try GalleryItem.validateMetadata(["n": .number(.nan)]))
        XCTAssertThrowsError(try GalleryItem.validateMetadata(["n": .number(-.infinity)]))
        XCTAssertThrowsError(try GalleryItem.validateMetadata(["s": .string("a\0b")]))
        XCTAssertNoThrow(try GalleryItem.validateMetadata(["name": .string("Größe 🙂 \"quoted\"\nnewline"), "n": .number(-0.0)]))
    }

    func testABadItemRejectsTheWholeBatchNamingIndexAndID() throws {
        let dir = TempDirectory()
        let store = try GalleryStore.open(directory: dir.sub("data"), dimension: 3, modelID: "m", options: testOptions())
        let good = GalleryItem(id: "good", embedding: [1, 0, 0])
        let cases: [(GalleryItem, String)] = [
            (GalleryItem(id: "bad/id", embedding: [1, 0, 0]), "character"),
            (GalleryItem(id: "dim", embedding: [1, 0]), "dimensions"),
            (GalleryItem(id: "zero", embedding: [0, 0, 0]), "zero"),
            (GalleryItem(id: "nan", embedding: [.nan, 0, 0]), "non-finite"),
            (GalleryItem(id: "meta", metadata: ["x": .number(.infinity)], embedding: [1, 0, 0]), "finite"),
            (GalleryItem(id: "sha", embedding: [1, 0, 0], imageSHA256: "../../etc/passwd"), "hex"),
        ]
        for (bad, word) in cases {
            guard let e = galleryError({ try store.upsert([good, good.withID("g2"), bad]) }) else { continue }
            guard case let .invalidItem(index, id, reason) = e else { XCTFail("\(e)"); continue }
            XCTAssertEqual(index, 2)
            XCTAssertEqual(id, bad.id)
            XCTAssertTrue(reason.contains(word), reason)
            XCTAssertEqual(store.count, 0, "nothing of a rejected batch is stored")
        }
        XCTAssertEqual(galleryError { try store.upsert([good, good]) }, .duplicateID(id: "good", first: 0, second: 1))
        XCTAssertEqual(galleryError { try store.upsert([]) }?.kind, "invalidBatch")
        let missing = String(repeating: "ab", count: 32)
        XCTAssertEqual(galleryError { try store.upsert([good, GalleryItem(id: "img", embedding: [1, 0, 0], imageSHA256: missing)]) },
                       .missingImage(index: 1, id: "img", sha256: missing))
        XCTAssertEqual(store.count, 0)
        // And the log holds nothing: a reopen is empty too.
        store.close()
        let again = try GalleryStore.open(directory: dir.sub("data"), dimension: 3, modelID: "m", options: testOptions())
        XCTAssertEqual(again.count, 0)
        XCTAssertEqual(again.recovery.recordsReplayed, 0)
    }

    func testBatchSizeLimit() throws {
        let dir = TempDirectory()
        var options = testOptions()
        options.limits.maxBatchItems = 3
        let store = try GalleryStore.open(directory: dir.sub("data"), dimension: 2, modelID: "m", options: options)
        XCTAssertNoThrow(try store.upsert((0..<3).map { GalleryItem(id: "i\($0)", embedding: [1, 1]) }))
        XCTAssertEqual(galleryError { try store.upsert((0..<4).map { GalleryItem(id: "j\($0)", embedding: [1, 1]) }) }?.kind, "invalidBatch")
    }

    func testErrorMessagesSayWhatToDo() {
        let e = GalleryError.corrupt(file: "/d/log-0.bin", offset: 123, reason: "checksum mismatch")
        XCTAssertTrue(e.description.contains("/d/log-0.bin") && e.description.contains("123"))
        XCTAssertTrue(GalleryError.invalidItem(index: 4, id: "x", reason: "r").description.contains("item 4"))
    }
}

extension GalleryItem {
    func withID(_ id: String) -> GalleryItem {
        var c = self
        c.id = id
        return c
    }
}
