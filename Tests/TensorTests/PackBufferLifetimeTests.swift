import Foundation
import XCTest
@testable import Tensor
#if canImport(Glibc)
import Glibc
#endif

/// The matrix kernel keeps a per-thread copy of x between products; a thread that exits must not
/// leave it behind (Dispatch and the request workers come and go).
final class PackBufferLifetimeTests: XCTestCase {
    func testExitedThreadsGiveTheirPackBufferBack() throws {
        #if os(Linux)
        try XCTSkipUnless(GEMMBackend.automatic != .openBLAS, "our kernel only runs on AVX2/FMA CPUs")
        // 200 rows × 5120: a 4 MiB packed copy of x per thread.
        final class Product: @unchecked Sendable {
            let x = [Float](repeating: 0.5, count: 200 * 5120), w = [Float](repeating: 0.25, count: 16 * 5120)
            var y = [Float](repeating: 0, count: 200 * 16)
            func run() { GEMM.linear(x, rows: 200, inFeatures: 5120, weight: w, bias: nil, outFeatures: 16, into: &y) }
        }
        let product = Product()
        product.run()
        let before = try ResidentMemory.kiB()
        for _ in 0..<30 {
            var thread = pthread_t()
            let box = Unmanaged.passRetained(product)
            XCTAssertEqual(pthread_create(&thread, nil, { arg in
                let p = Unmanaged<Product>.fromOpaque(arg!).takeRetainedValue()
                p.run()
                return nil
            }, box.toOpaque()), 0)
            pthread_join(thread, nil)
        }
        XCTAssertEqual(product.y[0], 640)
        let after = try ResidentMemory.kiB()
        XCTAssertLessThan(after - before, 40 * 1024, "30 threads came and went: RSS \(before) -> \(after) KiB")
        #endif
    }
}
