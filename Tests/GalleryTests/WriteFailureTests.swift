import Foundation
import XCTest
@testable import Gallery

/// A write that fails half-way (here: the file-size limit, as a full disk would) must leave no
/// partial record in the log: the store stays usable, later records follow the last good one,
/// and recovery finds a clean log without the failed batch.
final class WriteFailureTests: XCTestCase {
    func testFailedAppendIsCutBackAndTheStoreStaysUsable() throws {
        let dir = TempDirectory()
        let path = dir.sub("data")
        let store = try GalleryStore.open(directory: path, dimension: 64, modelID: "m", options: testOptions())
        try store.upsert([GalleryItem(id: "before", embedding: [Float](repeating: 1, count: 64))])
        let logPath = path + "/" + LogFile.fileName(generation: 0)
        let size = readBytes(logPath).count

        // Writes past the limit fail with EFBIG (SIGXFSZ ignored) after a short write.
        let oldHandler = signal(SIGXFSZ, SIG_IGN)
        var old = rlimit()
        getrlimit(Int32(RLIMIT_FSIZE.rawValue), &old)
        var limited = old
        limited.rlim_cur = rlim_t(size + 100)
        XCTAssertEqual(setrlimit(Int32(RLIMIT_FSIZE.rawValue), &limited), 0)
        let big = (0..<20).map { GalleryItem(id: "big\($0)", embedding: [Float](repeating: Float($0 + 1), count: 64)) }
        let error = galleryError { try store.upsert(big) }
        XCTAssertEqual(setrlimit(Int32(RLIMIT_FSIZE.rawValue), &old), 0)
        signal(SIGXFSZ, oldHandler)

        guard case .io(_, "write", EFBIG)? = error else { return XCTFail("expected EFBIG, got \(String(describing: error))") }
        XCTAssertEqual(readBytes(logPath).count, size, "the partial record was cut off")
        XCTAssertNil(store.get(id: "big0"), "a failed batch is not visible")
        try store.upsert([GalleryItem(id: "after", embedding: [Float](repeating: 2, count: 64))])
        store.close()

        let again = try GalleryStore.open(directory: path, dimension: 64, modelID: "m", options: testOptions())
        XCTAssertEqual(again.ids(), ["after", "before"])
        XCTAssertEqual(again.recovery.droppedTailBytes, 0)
        XCTAssertEqual(again.recovery.recordsReplayed, 2)
    }
}
