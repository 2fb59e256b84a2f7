@testable import CIREval
import XCTest

final class DotKernelTests: XCTestCase {
    /// Every path of the blocked kernel (4×2 micro-kernel, odd gallery column, leftover query
    /// rows, tile edges, dim tails) must agree bit for bit with the one-pair-at-a-time twin: that
    /// is what makes equal rows tie exactly wherever they sit.
    func testBlockedKernelIsBitIdenticalToNaiveTwin() throws {
        var seed: UInt32 = 12345
        func next() -> Float {
            seed = seed &* 1_103_515_245 &+ 12345
            return Float(Int(seed >> 8) % 2001 - 1000) / 997
        }
        for (queries, gallery, dim) in [(1, 1, 1), (4, 2, 4), (7, 131, 13), (9, 65, 8), (5, 3, 3), (12, 200, 35)] {
            let q = (0..<(queries * dim)).map { _ in next() }
            let g = (0..<(gallery * dim)).map { _ in next() }
            var fast = [Float](repeating: .nan, count: queries * gallery)
            var slow = [Float](repeating: .nan, count: queries * gallery)
            q.withUnsafeBufferPointer { qp in
                g.withUnsafeBufferPointer { gp in
                    fast.withUnsafeMutableBufferPointer { o in
                        DotKernel.blocked(queries: qp.baseAddress!, gallery: gp.baseAddress!, out: o.baseAddress!, queryCount: queries, galleryCount: gallery, dim: dim)
                    }
                    slow.withUnsafeMutableBufferPointer { o in
                        DotKernel.naive(queries: qp.baseAddress!, gallery: gp.baseAddress!, out: o.baseAddress!, queryCount: queries, galleryCount: gallery, dim: dim)
                    }
                }
            }
            XCTAssertEqual(fast.map(\.bitPattern), slow.map(\.bitPattern), "[\(queries), \(dim)] × [\(gallery), \(dim)]")
        }
    }

    func testIdenticalGalleryRowsTieWhereverTheySit() throws {
        let dim = 10
        let row: [Float] = (0..<dim).map { Float($0 + 1) / 7 }
        // 70 rows: copies at positions handled by the micro-kernel, its odd column and the next tile.
        var gallery = [Float]()
        for index in 0..<70 { gallery += index % 3 == 0 ? row : row.map { -$0 } }
        let scores = try ScoreMatrix.cosine(
            queries: Embeddings(count: 5, dim: dim, values: (0..<(5 * dim)).map { Float($0 % 7) / 3 }),
            gallery: Embeddings(count: 70, dim: dim, values: gallery))
        for q in 0..<5 {
            let copies = stride(from: 0, to: 70, by: 3).map { scores[q, $0] }
            XCTAssertEqual(Set(copies.map(\.bitPattern)).count, 1, "query \(q)")
        }
    }
}
