import CBLAS
import CKernels

/// Matrix products, the ~97% of the model's FLOPs (DESIGN §8). All matrices are row-major.
///
/// The model's layers call the `packed:` overload of `linear` (weights packed once at load by
/// `PackedWeight`), which always runs our AVX2/FMA kernel (CKernels `sgemm.c`) on our pool, with
/// bias and activation fused into its epilogue. The row-major overload runs on
/// `GEMMBackend.current` (ours below 256 rows, OpenBLAS from there by default) for callers
/// without a packed weight. `gemm` is plain OpenBLAS on one thread (attention no longer uses it:
/// see `AttentionKernel`).
public enum GEMM {
    /// `y[M, N] = x[M, K] · w[N, K]ᵀ (+ bias[N])`: a PyTorch `nn.Linear`, whose weight is stored
    /// `[out, in]`. `ldx`/`ldy` are the row strides of `x` and `y` (default: dense); `accumulate`
    /// adds the result (bias included) to `y` instead. `y` must not alias `x`, `w` or `bias`.
    public static func linear(
        _ x: UnsafePointer<Float>, rows m: Int, inFeatures k: Int,
        weight w: UnsafePointer<Float>, bias: UnsafePointer<Float>?, outFeatures n: Int,
        into y: UnsafeMutablePointer<Float>, ldx: Int? = nil, ldy: Int? = nil, accumulate: Bool = false
    ) {
        guard m > 0, n > 0 else { return }
        let useOurs: Bool
        switch GEMMBackend.current {
        case .packedAVX2: useOurs = true
        case .openBLAS: useOurs = false
        case .mixed: useOurs = m < GEMMBackend.mixedOpenBLASMinRows
        }
        if useOurs {
            var args = ckernels_sgemm_args(m: m, n: n, k: k, x: x, ldx: ldx ?? k, w: w, packed: nil, bias: bias,
                                           y: y, ldy: ldy ?? n, accumulate: accumulate ? 1 : 0, activation: 0)
            ckernels_sgemm(&args, Int32(GEMMBackend.threads))
        } else {
            blasLinear(x, rows: m, inFeatures: k, weight: w, bias: bias, outFeatures: n, into: y,
                       ldx: ldx ?? k, ldy: ldy ?? n, accumulate: accumulate)
        }
    }

    /// `linear` with a weight packed once by `PackedWeight` (skips the per-call packing: worth
    /// 10-30% at M ≤ 50). Always runs our kernel, whatever `GEMMBackend.current` says (OpenBLAS
    /// cannot read the packed layout); without AVX2/FMA it falls back to portable C.
    /// `activation`, if given, is applied to the finished result in the kernel's epilogue while the
    /// tile is still in registers (bit-identical to `activation.apply` afterwards).
    public static func linear(
        _ x: UnsafePointer<Float>, rows m: Int, packed w: PackedWeight, bias: UnsafePointer<Float>?,
        into y: UnsafeMutablePointer<Float>, ldx: Int? = nil, ldy: Int? = nil, accumulate: Bool = false,
        activation: Activation? = nil
    ) {
        guard m > 0, w.outFeatures > 0 else { return }
        var args = ckernels_sgemm_args(m: m, n: w.outFeatures, k: w.inFeatures, x: x, ldx: ldx ?? w.inFeatures, w: nil,
                                       packed: UnsafePointer(w.storage.pointer), bias: bias, y: y, ldy: ldy ?? w.outFeatures,
                                       accumulate: accumulate ? 1 : 0, activation: activation?.code ?? 0)
        ckernels_sgemm(&args, Int32(GEMMBackend.threads))
    }

    static func blasLinear(
        _ x: UnsafePointer<Float>, rows m: Int, inFeatures k: Int, weight w: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        outFeatures n: Int, into y: UnsafeMutablePointer<Float>, ldx: Int, ldy: Int, accumulate: Bool
    ) {
        GEMMBackend.configureOpenBLASOnce
        if let bias, !accumulate {
            for r in 0..<m { (y + r * ldy).update(from: bias, count: n) }
        }
        let beta: Float = (bias != nil || accumulate) ? 1 : 0
        if k > 0 {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(k),
                        1, x, Int32(ldx), w, Int32(k), beta, y, Int32(ldy))
        } else if !accumulate && bias == nil {
            for r in 0..<m { (y + r * ldy).update(repeating: 0, count: n) }
        }
        if let bias, accumulate {
            for r in 0..<m {
                let row = y + r * ldy
                for j in 0..<n { row[j] += bias[j] }
            }
        }
    }

    /// General `c[M, N] = alpha · op(a) · op(b) + beta · c` with explicit leading dimensions (OpenBLAS,
    /// one thread).
    public static func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        GEMMBackend.configureOpenBLASOnce
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}
