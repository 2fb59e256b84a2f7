import Foundation
import XCTest
@testable import Gallery

/// A reproducible generator (SplitMix64) so a failing random case can be replayed from its seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A fresh directory under the temporary folder, removed by `cleanUp`.
final class TempDirectory {
    let path: String

    init(_ name: String = "gallery") {
        let base = ProcessInfo.processInfo.environment["GALLERY_TEST_TMP"] ?? NSTemporaryDirectory()
        path = base + "/" + name + "-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// A path inside (not created).
    func sub(_ name: String) -> String { path + "/" + name }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// Options for tests: no automatic snapshots unless asked, warnings collected.
func testOptions(snapshotEvery: Int = 0, grace: Double = 3600, warnings: WarningSink? = nil) -> GalleryOptions {
    var o = GalleryOptions()
    o.snapshotEveryRecords = snapshotEvery
    o.imageGCGracePeriod = grace
    if let warnings { o.warn = { warnings.append($0) } }
    else { o.warn = { _ in } }
    return o
}

/// Thread-safe list of warnings.
final class WarningSink: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func append(_ s: String) { lock.lock(); items.append(s); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
}

func randomVector(_ d: Int, using rng: inout SplitMix64) -> [Float] {
    (0..<d).map { _ in Float.random(in: -1...1, using: &rng) }
}

/// Test-side normalisation in Double (independent of the store's code).
func normalisedDouble(_ v: [Float]) -> [Double] {
    let n = v.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
    return v.map { Double($0) / n }
}

/// The reference model of a gallery: a dictionary, searched by brute force in Double.
struct OracleGallery {
    var items: [String: GalleryItem] = [:]

    mutating func upsert(_ batch: [GalleryItem]) { for i in batch { items[i.id] = i } }
    mutating func delete(_ id: String) { items[id] = nil }

    /// All matching items ranked (score desc, id asc), scores in Double.
    func ranked(query: [Float], filter: GalleryFilter?, exclude: Set<String>) -> [(id: String, score: Double)] {
        let q = normalisedDouble(query)
        var out: [(id: String, score: Double)] = []
        for (id, item) in items where !exclude.contains(id) && (filter?.matches(item.metadata) ?? true) {
            let e = normalisedDouble(item.embedding)
            out.append((id, zip(q, e).reduce(0.0) { $0 + $1.0 * $1.1 }))
        }
        out.sort { $0.score > $1.score || ($0.score == $1.score && $0.id < $1.id) }
        return out
    }
}

/// Checks `hits` against the oracle: same length, each score within `tol` of the oracle's score
/// at that rank and of the hit's own true score, order by (score desc, id asc), and the same ids
/// wherever the oracle's scores are separated by more than `tol`.
func assertMatchesOracle(_ hits: [GalleryHit], _ oracle: [(id: String, score: Double)], k: Int, tol: Double = 1e-5,
                         _ context: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line) {
    let expected = Array(oracle.prefix(k))
    XCTAssertEqual(hits.count, expected.count, "result count \(context())", file: file, line: line)
    guard hits.count == expected.count else { return }
    let trueScore = Dictionary(uniqueKeysWithValues: oracle.map { ($0.id, $0.score) })
    for (i, h) in hits.enumerated() {
        guard let own = trueScore[h.id] else { return XCTFail("hit \(h.id) is not a matching item \(context())", file: file, line: line) }
        XCTAssertEqual(Double(h.score), own, accuracy: tol, "score of \(h.id) \(context())", file: file, line: line)
        XCTAssertEqual(Double(h.score), expected[i].score, accuracy: tol, "score at rank \(i) \(context())", file: file, line: line)
        if i > 0 {
            let p = hits[i - 1]
            XCTAssertTrue(p.score > h.score || (p.score == h.score && p.id < h.id), "order at rank \(i) \(context())", file: file, line: line)
        }
        let separated = (i == 0 || expected[i - 1].score - expected[i].score > tol)
            && (i + 1 >= oracle.count || expected[i].score - oracle[i + 1].score > tol)
        if separated { XCTAssertEqual(h.id, expected[i].id, "id at rank \(i) \(context())", file: file, line: line) }
    }
}

/// Every item of a store, by id (embeddings as stored).
func contents(_ store: GalleryStore) -> [String: GalleryItem] {
    var out: [String: GalleryItem] = [:]
    for id in store.ids() { out[id] = store.get(id: id) }
    return out
}

func readBytes(_ path: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: path)!) }

func writeBytes(_ bytes: [UInt8], _ path: String) {
    XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
}

extension GalleryError {
    /// The case name, to assert on an error's kind without its message.
    var kind: String {
        switch self {
        case .invalidItem: return "invalidItem"
        case .duplicateID: return "duplicateID"
        case .invalidBatch: return "invalidBatch"
        case .invalidQuery: return "invalidQuery"
        case .missingImage: return "missingImage"
        case .manifestMismatch: return "manifestMismatch"
        case .corrupt: return "corrupt"
        case .locked: return "locked"
        case .io: return "io"
        case .unavailable: return "unavailable"
        }
    }
}

/// The GalleryError thrown by `body`, or a test failure.
func galleryError<T>(_ body: () throws -> T, file: StaticString = #filePath, line: UInt = #line) -> GalleryError? {
    do {
        _ = try body()
        XCTFail("expected a GalleryError", file: file, line: line)
        return nil
    } catch let e as GalleryError {
        return e
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
        return nil
    }
}
