import XCTest
@testable import Gallery

/// upsert / get / delete / search semantics of one open store (DESIGN §4, §5).
final class GalleryStoreTests: XCTestCase {
    func open(_ dir: TempDirectory, dimension: Int = 4) throws -> GalleryStore {
        try GalleryStore.open(directory: dir.sub("data"), dimension: dimension, modelID: "test-model", options: testOptions())
    }

    func testUpsertGetDeleteRoundTrip() throws {
        let dir = TempDirectory()
        let store = try open(dir)
        try store.upsert([
            GalleryItem(id: "a", metadata: ["category": .string("dress"), "price": .number(19.5)], embedding: [3, 0, 4, 0]),
            GalleryItem(id: "b", metadata: ["in_stock": .bool(true), "note": .null], embedding: [0, 1, 0, 0]),
        ])
        XCTAssertEqual(store.count, 2)
        let a = try XCTUnwrap(store.get(id: "a"))
        XCTAssertEqual(a.metadata, ["category": .string("dress"), "price": .number(19.5)])
        // Stored normalised: get returns the unit vector.
        XCTAssertEqual(a.embedding, [0.6, 0, 0.8, 0])
        XCTAssertNil(store.get(id: "c"))
        XCTAssertEqual(store.metadata(id: "b"), ["in_stock": .bool(true), "note": .null])
        XCTAssertNil(store.metadata(id: "c"))
        XCTAssertTrue(try store.delete(id: "a"))
        XCTAssertFalse(try store.delete(id: "a"))
        XCTAssertFalse(try store.delete(id: "never"))
        XCTAssertNil(store.get(id: "a"))
        XCTAssertEqual(store.count, 1)
        XCTAssertEqual(store.ids(), ["b"])
    }

    func testUpsertReplacesAnExistingID() throws {
        let dir = TempDirectory()
        let store = try open(dir)
        try store.upsert([GalleryItem(id: "x", metadata: ["v": .number(1)], embedding: [1, 0, 0, 0])])
        try store.upsert([GalleryItem(id: "x", metadata: ["v": .number(2)], embedding: [0, 1, 0, 0])])
        XCTAssertEqual(store.count, 1)
        XCTAssertEqual(store.get(id: "x")?.metadata, ["v": .number(2)])
        let hits = try store.search(query: [0, 1, 0, 0], k: 1)
        XCTAssertEqual(hits, [GalleryHit(id: "x", score: 1)])
    }

    func testSearchRanksByCosineAndBreaksTiesByID() throws {
        let dir = TempDirectory()
        let store = try open(dir)
        try store.upsert([
            GalleryItem(id: "far", embedding: [-1, 0, 0, 0]),
            GalleryItem(id: "tie-b", embedding: [1, 1, 0, 0]),
            GalleryItem(id: "tie-a", embedding: [2, 2, 0, 0]),
            GalleryItem(id: "best", embedding: [5, 0, 0, 0]),
        ])
        let hits = try store.search(query: [10, 0, 0, 0], k: 10)
        XCTAssertEqual(hits.map(\.id), ["best", "tie-a", "tie-b", "far"])
        XCTAssertEqual(hits[1].score, hits[2].score)
        XCTAssertEqual(hits[0].score, 1, accuracy: 1e-6)
        XCTAssertEqual(hits[3].score, -1, accuracy: 1e-6)
        XCTAssertEqual(try store.search(query: [1, 0, 0, 0], k: 2).map(\.id), ["best", "tie-a"])
    }

    func testExcludeIDsAreRemovedBeforeRanking() throws {
        let dir = TempDirectory()
        let store = try open(dir)
        try store.upsert((0..<5).map { GalleryItem(id: "i\($0)", embedding: [Float(5 - $0), 1, 0, 0]) })
        let hits = try store.search(query: [1, 0, 0, 0], k: 3, excludeIDs: ["i0", "i2", "unknown"])
        XCTAssertEqual(hits.map(\.id), ["i1", "i3", "i4"])
    }

    /// The filter applies before ranking: the only matching items are the worst-scoring ones,
    /// and k of them still come back.
    func testFilterReturnsKResultsWhenKItemsMatch() throws {
        let dir = TempDirectory()
        let store = try open(dir)
        var rng = SplitMix64(seed: 7)
        var batch: [GalleryItem] = []
        for i in 0..<200 {
            let rare = i % 20 == 0
            var e = randomVector(4, using: &rng)
            e[0] = rare ? -5 : 5 // rare items point away from the query
            batch.append(GalleryItem(id: "p\(i)", metadata: ["category": .string(rare ? "rare" : "common")], embedding: e))
        }
        try store.upsert(batch)
        let filter = GalleryFilter([.equals(key: "category", value: .string("rare"))])
        let hits = try store.search(query: [1, 0, 0, 0], k: 10, filter: filter)
        XCTAssertEqual(hits.count, 10)
        XCTAssertTrue(hits.allSatisfy { store.get(id: $0.id)?.metadata["category"] == .string("rare") })
        XCTAssertEqual(try store.search(query: [1, 0, 0, 0], k: 50, filter: filter).count, 10)
    }

    func testFilterSemantics() throws {
        let dir = TempDirectory()
        let store = try open(dir)
        try store.upsert([
            GalleryItem(id: "s1", metadata: ["size": .string("1")], embedding: [1, 0, 0, 0]),
            GalleryItem(id: "n1", metadata: ["size": .number(1)], embedding: [1, 0, 0, 0]),
            GalleryItem(id: "null", metadata: ["size": .null], embedding: [1, 0, 0, 0]),
            GalleryItem(id: "none", embedding: [1, 0, 0, 0]),
            GalleryItem(id: "red", metadata: ["color": .string("red"), "stock": .bool(true)], embedding: [1, 0, 0, 0]),
            GalleryItem(id: "blue", metadata: ["color": .string("blue"), "stock": .bool(false)], embedding: [1, 0, 0, 0]),
        ])
        func ids(_ clauses: [GalleryFilter.Clause]) throws -> [String] {
            try store.search(query: [1, 0, 0, 0], k: 10, filter: GalleryFilter(clauses)).map(\.id)
        }
        // Typed equality: "1" is not 1.
        XCTAssertEqual(try ids([.equals(key: "size", value: .string("1"))]), ["s1"])
        XCTAssertEqual(try ids([.equals(key: "size", value: .number(1))]), ["n1"])
        // null matches an explicit null, never a missing key.
        XCTAssertEqual(try ids([.equals(key: "size", value: .null)]), ["null"])
        XCTAssertEqual(try ids([.oneOf(key: "color", values: [.string("red"), .string("blue")])]), ["blue", "red"])
        XCTAssertEqual(try ids([.oneOf(key: "color", values: [])]), [])
        // Clauses are ANDed.
        XCTAssertEqual(try ids([.oneOf(key: "color", values: [.string("red"), .string("blue")]), .equals(key: "stock", value: .bool(true))]), ["red"])
        XCTAssertEqual(try ids([]).count, 6)
    }

    func testKLargerThanTheGalleryReturnsEverything() throws {
        let dir = TempDirectory()
        let store = try open(dir)
        XCTAssertEqual(try store.search(query: [1, 0, 0, 0], k: 5), [])
        try store.upsert([GalleryItem(id: "only", embedding: [0, 0, 1, 0])])
        XCTAssertEqual(try store.search(query: [1, 0, 0, 0], k: 5).map(\.id), ["only"])
    }

    func testInvalidQueriesAreRefused() throws {
        let dir = TempDirectory()
        let store = try open(dir)
        try store.upsert([GalleryItem(id: "a", embedding: [1, 0, 0, 0])])
        XCTAssertEqual(galleryError { try store.search(query: [1, 0, 0, 0], k: 0) }?.kind, "invalidQuery")
        XCTAssertEqual(galleryError { try store.search(query: [1, 0, 0], k: 1) }?.kind, "invalidQuery")
        XCTAssertEqual(galleryError { try store.search(query: [0, 0, 0, 0], k: 1) }?.kind, "invalidQuery")
        XCTAssertEqual(galleryError { try store.search(query: [.nan, 0, 0, 0], k: 1) }?.kind, "invalidQuery")
        XCTAssertEqual(galleryError { try store.search(query: [.infinity, 0, 0, 0], k: 1) }?.kind, "invalidQuery")
    }

    func testImageReferencesAndLookupByImage() throws {
        let dir = TempDirectory()
        let store = try open(dir)
        let sha = try store.images.put(Array("photo".utf8))
        try store.upsert([GalleryItem(id: "a", embedding: [1, 0, 0, 0], imageSHA256: sha),
                          GalleryItem(id: "b", embedding: [0, 1, 0, 0], imageSHA256: sha)])
        XCTAssertEqual(store.ids(withImageSHA256: sha), ["a", "b"])
        try store.delete(id: "a")
        XCTAssertEqual(store.ids(withImageSHA256: sha), ["b"])
        try store.upsert([GalleryItem(id: "b", embedding: [0, 1, 0, 0])])
        XCTAssertEqual(store.ids(withImageSHA256: sha), [])
    }

    func testWritesAfterCloseAreRefused() throws {
        let dir = TempDirectory()
        let store = try open(dir)
        try store.upsert([GalleryItem(id: "a", embedding: [1, 0, 0, 0])])
        store.close()
        XCTAssertEqual(galleryError { try store.upsert([GalleryItem(id: "b", embedding: [1, 0, 0, 0])]) }?.kind, "unavailable")
        XCTAssertEqual(galleryError { try store.delete(id: "a") }?.kind, "unavailable")
        XCTAssertEqual(galleryError { try store.delete(id: "unknown") }?.kind, "unavailable")
        XCTAssertEqual(galleryError { try store.snapshot() }?.kind, "unavailable")
        XCTAssertEqual(store.get(id: "a")?.id, "a")
    }
}
