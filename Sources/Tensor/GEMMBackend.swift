import CBLAS
import CKernels

/// Which implementation runs `GEMM.linear`, and on how many threads.
///
/// The default is chosen here, by code, from measurements (docs/benchmarks.md): `.packedAVX2` on
/// CPUs with AVX2 and FMA, else `.openBLAS`. `CONTEXT_GEMM=openblas` in the environment forces
/// OpenBLAS (for comparisons); `set(_:)` switches at run time (benchmarks).
public enum GEMMBackend: String, Sendable, CaseIterable {
    /// Our packed 6×16 AVX2/FMA kernel on our own small pool (CKernels `sgemm.c`, `pool.c`).
    case packedAVX2 = "packed-avx2"
    /// OpenBLAS `cblas_sgemm` on OpenBLAS's threads.
    case openBLAS = "openblas"

    /// The backend `GEMM.linear` uses now.
    public static var current: GEMMBackend {
        configureOpenBLASOnce
        switch ckernels_gemm_backend() {
        case 1: return .openBLAS
        default: return .packedAVX2
        }
    }

    /// Switches the backend for every later product (process-wide). `.packedAVX2` on a CPU without
    /// AVX2/FMA runs the portable (slow) C fallback.
    public static func set(_ backend: GEMMBackend) {
        configureOpenBLASOnce
        ckernels_set_gemm_backend(backend == .openBLAS ? 1 : 0)
        // OpenBLAS's own threads only run `linear` under `.openBLAS`; otherwise they would
        // busy-wait beside our pool (DESIGN §8).
        openblas_set_num_threads(backend == .openBLAS ? Int32(threads) : 1)
    }

    /// Threads one matrix product may use, the calling thread included (default 2: the
    /// machines have two cores). Process-wide.
    public static var threads: Int {
        get { Int(ckernels_threads()) }
        set {
            ckernels_set_threads(Int32(newValue))
            if current == .openBLAS { openblas_set_num_threads(Int32(max(1, newValue))) }
        }
    }

    /// The default for this process: `CONTEXT_GEMM` if set to a backend's name, else the
    /// measured-fastest backend this CPU can run.
    public static var automatic: GEMMBackend {
        if let name = getenv("CONTEXT_GEMM").map({ String(cString: $0) }), let b = GEMMBackend(rawValue: name) { return b }
        return ckernels_has_avx2_fma() != 0 ? .packedAVX2 : .openBLAS
    }

    /// Applies `automatic` and pins OpenBLAS to one thread unless it runs the linears. Evaluated
    /// once, on the first product.
    static let configureOpenBLASOnce: Void = {
        let b = automatic
        ckernels_set_gemm_backend(b == .openBLAS ? 1 : 0)
        openblas_set_num_threads(b == .openBLAS ? ckernels_threads() : 1)
    }()
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
