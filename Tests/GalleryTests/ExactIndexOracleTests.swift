import XCTest
@testable import Gallery

/// The exact scan against a brute-force oracle (Double arithmetic over a dictionary) on random
/// galleries: many sizes and dimensions, random k, filters, exclusions, replacements, deletes
/// (which move rows around) and exact ties.
final class ExactIndexOracleTests: XCTestCase {
    func testDotKernelMatchesNaiveTwin() {
        var rng = SplitMix64(seed: 1)
        for n in [1, 3, 7, 8, 9, 31, 32, 33, 64, 100, 512, 1000] {
            let a = randomVector(n, using: &rng), b = randomVector(n, using: &rng)
            let fast = a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { DotKernel.dot(pa.baseAddress!, $0.baseAddress!, n) } }
            let naive = a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { DotKernel.naiveDot(pa.baseAddress!, $0.baseAddress!, n) } }
            XCTAssertEqual(Double(fast), naive, accuracy: 1e-5 * Double(n).squareRoot(), "n = \(n)")
        }
    }

    /// The parallel scan (row ranges with their own heaps, merged) returns exactly what one
    /// thread returns, ties included.
    func testParallelScanEqualsSingleThreadScan() throws {
        var rng = SplitMix64(seed: 99)
        let d = 16, n = 3000
        let state = GalleryState(dimension: d)
        var vectors: [[Float]] = []
        for i in 0..<n {
            let e = i % 50 == 49 ? vectors[i - 17] : EmbeddingMath.normalised(randomVector(d, using: &rng))
            vectors.append(e)
            state.upsert(id: "r\(i)", metadata: ["m": .number(Double(i % 3))], image: nil).update(from: e, count: d)
        }
        for trial in 0..<10 {
            let query = trial % 2 == 0 ? vectors[Int.random(in: 0..<n, using: &rng)] : randomVector(d, using: &rng)
            let k = [1, 10, 100, 4000][trial % 4]
            let filter: GalleryFilter? = trial % 3 == 0 ? GalleryFilter([.equals(key: "m", value: .number(1))]) : nil
            let exclude: Set<String> = ["r1", "r2", "r\(trial * 100)"]
            let one = try ExactIndex(state: state, threads: 1, parallelMinFloats: 0).search(query: query, k: k, filter: filter, excludeIDs: exclude)
            for threads in [2, 3, 7] {
                XCTAssertEqual(try ExactIndex(state: state, threads: threads, parallelMinFloats: 0).search(query: query, k: k, filter: filter, excludeIDs: exclude), one,
                               "trial \(trial), \(threads) threads")
            }
        }
    }

    func testSearchEqualsBruteForceOracle() throws {
        for (size, dimension, seed) in [(0, 3, 1), (1, 3, 2), (2, 8, 3), (5, 8, 4), (17, 33, 5), (100, 16, 6), (300, 64, 7), (1000, 32, 8)] as [(Int, Int, UInt64)] {
            try checkRandomGallery(size: size, dimension: dimension, seed: seed)
        }
    }

    private func checkRandomGallery(size: Int, dimension d: Int, seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let dir = TempDirectory()
        let store = try GalleryStore.open(directory: dir.sub("data"), dimension: d, modelID: "m", options: testOptions())
        var oracle = OracleGallery()
        func makeItem(_ i: Int) -> GalleryItem {
            // Every 10th item duplicates an earlier vector: exact ties must be ordered by id.
            let e = (i % 10 == 9 && i > 0) ? oracle.items["item\(i - 3)"]?.embedding ?? randomVector(d, using: &rng) : randomVector(d, using: &rng)
            var meta: GalleryMetadata = ["cat": .number(Double(Int.random(in: 0..<4, using: &rng)))]
            if Bool.random(using: &rng) { meta["color"] = .string(["red", "green", "blue"].randomElement(using: &rng)!) }
            return GalleryItem(id: "item\(i)", metadata: meta, embedding: e)
        }
        var next = 0
        while next < size {
            let n = min(size - next, Int.random(in: 1...50, using: &rng))
            let batch = (next..<(next + n)).map(makeItem)
            try store.upsert(batch)
            oracle.upsert(batch)
            next += n
        }
        // Replace some, delete some (swap-remove moves rows).
        for _ in 0..<(size / 5) {
            let id = "item\(Int.random(in: 0..<size, using: &rng))"
            if Bool.random(using: &rng) {
                XCTAssertEqual(try store.delete(id: id), oracle.items[id] != nil)
                oracle.delete(id)
            } else {
                let item = GalleryItem(id: id, metadata: ["cat": .number(9)], embedding: randomVector(d, using: &rng))
                try store.upsert([item])
                oracle.upsert([item])
            }
        }
        XCTAssertEqual(store.count, oracle.items.count)
        let filters: [GalleryFilter?] = [
            nil,
            GalleryFilter([.equals(key: "cat", value: .number(1))]),
            GalleryFilter([.oneOf(key: "color", values: [.string("red"), .string("blue")])]),
            GalleryFilter([.equals(key: "cat", value: .number(2)), .equals(key: "color", value: .string("green"))]),
        ]
        for q in 0..<20 {
            let query = q % 5 == 0 && !oracle.items.isEmpty ? oracle.items.values.randomElement(using: &rng)!.embedding : randomVector(d, using: &rng)
            let k = Int.random(in: 1...(size + 3), using: &rng)
            let filter = filters[q % filters.count]
            var exclude = Set<String>()
            for _ in 0..<Int.random(in: 0...3, using: &rng) { exclude.insert("item\(Int.random(in: 0..<max(size, 1), using: &rng))") }
            let hits = try store.search(query: query, k: k, filter: filter, excludeIDs: exclude)
            assertMatchesOracle(hits, oracle.ranked(query: query, filter: filter, exclude: exclude), k: k,
                                "size \(size) d \(d) seed \(seed) query \(q) k \(k)")
        }
        // Exact ties: a duplicated vector gives bit-identical scores, ordered by id.
        if size >= 10 {
            let dup = GalleryItem(id: "aaa-dup", embedding: oracle.items.values.first!.embedding)
            try store.upsert([dup])
            let hits = try store.search(query: dup.embedding, k: 2)
            // "aaa-dup" sorts before every "item…" id it ties with.
            XCTAssertEqual(hits[0].id, "aaa-dup")
            XCTAssertEqual(hits[0].score, hits[1].score)
        }
    }
}
