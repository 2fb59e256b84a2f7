import CBLAS
import CKernels

/// Which implementation runs the row-major `GEMM.linear` overload, and on how many threads.
///
/// The model's layers do not consult it: `Linear` holds its weight packed once at load, and the
/// packed overload always runs our kernel (OpenBLAS cannot read the packed layout; the M = 400
/// comparison is in docs/benchmarks.md). The thread count applies to both.
///
/// The default is chosen here, by code, from measurements (docs/benchmarks.md): `.mixed` on CPUs
/// with AVX2 and FMA, else `.openBLAS`. `CONTEXT_GEMM=openblas` in the environment forces
/// OpenBLAS (for comparisons); `set(_:)` switches at run time (benchmarks).
public enum GEMMBackend: String, Sendable, CaseIterable {
    /// Our packed 6×16 AVX2/FMA kernel on our own small pool (CKernels `sgemm.c`, `pool.c`).
    case packedAVX2 = "packed-avx2"
    /// OpenBLAS `cblas_sgemm` on OpenBLAS's threads.
    case openBLAS = "openblas"
    /// Ours below `mixedOpenBLASMinRows` rows (single images, text, the head), OpenBLAS from
    /// there on (batched images), each where it measured faster.
    case mixed = "mixed"

    /// Rows from which `.mixed` hands a product to OpenBLAS. At M = 400 OpenBLAS's Zen kernel on 2
    /// threads beat ours by ~25% (ours packs the weight per call and streams a 400-row block of x
    /// from L3); at M ≤ 50 ours won by 10-60%.
    public static let mixedOpenBLASMinRows = 256

    /// The backend `GEMM.linear` uses now.
    public static var current: GEMMBackend {
        configureOpenBLASOnce
        switch ckernels_gemm_backend() {
        case 1: return .openBLAS
        case 2: return .mixed
        default: return .packedAVX2
        }
    }

    /// Switches the backend for every later product (process-wide). `.packedAVX2` on a CPU without
    /// AVX2/FMA runs the portable (slow) C fallback.
    public static func set(_ backend: GEMMBackend) {
        configureOpenBLASOnce
        ckernels_set_gemm_backend(code(backend))
        // OpenBLAS's threads only run linears under `.openBLAS` and `.mixed`; under `.packedAVX2`
        // one thread keeps its busy-waiting workers from ever waking beside our pool (DESIGN §8).
        openblas_set_num_threads(backend == .packedAVX2 ? 1 : Int32(threads))
    }

    /// Threads one matrix product may use, the calling thread included (default 2: the
    /// machines have two cores). Process-wide.
    public static var threads: Int {
        get { Int(ckernels_threads()) }
        set {
            ckernels_set_threads(Int32(newValue))
            if current != .packedAVX2 { openblas_set_num_threads(Int32(max(1, newValue))) }
        }
    }

    /// The default for this process: `CONTEXT_GEMM` if set to a backend's name, else the
    /// measured-fastest backend this CPU can run.
    public static var automatic: GEMMBackend {
        if let name = getenv("CONTEXT_GEMM").map({ String(cString: $0) }), let b = GEMMBackend(rawValue: name) { return b }
        return ckernels_has_avx2_fma() != 0 ? .mixed : .openBLAS
    }

    /// Applies `automatic` and sets OpenBLAS's thread count to match. Evaluated
    /// once, on the first product.
    static let configureOpenBLASOnce: Void = {
        let b = automatic
        ckernels_set_gemm_backend(code(b))
        openblas_set_num_threads(b == .packedAVX2 ? 1 : ckernels_threads())
    }()

    private static func code(_ b: GEMMBackend) -> Int32 {
        switch b {
        case .packedAVX2: return 0
        case .openBLAS: return 1
        case .mixed: return 2
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
