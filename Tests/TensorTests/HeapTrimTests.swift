import Foundation
import XCTest
@testable import Tensor

/// `FloatBuffer.releaseFreedMemory()` returns heap space that glibc would otherwise keep resident
/// after a burst of large transient buffers, the pattern of a model load (each tensor copied out
/// of the file, packed, freed).
final class HeapTrimTests: XCTestCase {
    func testFreedLoadBuffersLeaveTheProcess() throws {
        #if os(Linux)
        // One big buffer freed raises glibc's mmap threshold, so the next ones come from the heap
        // (as a load's copies do); a 64 KiB buffer after each keeps the freed ones apart and off
        // the heap's top, where free() alone would give them back.
        _ = FloatBuffer(count: 2 << 20)                                        // 8 MiB
        var transient: [FloatBuffer] = [], pins: [FloatBuffer] = []
        for _ in 0..<25 {
            transient.append(FloatBuffer(count: 1 << 20))                      // 4 MiB, zero-filled
            pins.append(FloatBuffer(count: 16 << 10))
        }
        transient.removeAll()
        let held = try ResidentMemory.kiB()
        FloatBuffer.releaseFreedMemory()
        let after = try ResidentMemory.kiB()
        XCTAssertGreaterThan(held - after, 50 * 1024, "RSS \(held) KiB before the trim, \(after) KiB after")
        XCTAssertEqual(pins.count, 25)
        #endif
    }
}
