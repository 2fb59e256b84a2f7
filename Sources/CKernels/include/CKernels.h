#ifndef CKERNELS_H
#define CKERNELS_H
// Hand-written CPU kernels that need instruction-set control Swift does not give (AVX2/FMA
// intrinsics behind runtime CPU checks), and the small compute pool that runs them.

/// 1 when the CPU has AVX2 and FMA (the fast paths below), else 0.
int ckernels_has_avx2_fma(void);

/// The machine's fp32 FMA throughput in GFLOP/s on `threads` threads running concurrently, each
/// for about `seconds_per_thread`: 12 independent 8-wide FMA chains per thread (2 FLOPs per lane).
/// Call only on CPUs where ckernels_has_avx2_fma() is true, otherwise it measures scalar code.
double ckernels_fma_peak_gflops(int threads, double seconds_per_thread);

/// One nn.Linear product: y[m, n] = x[m, k] · w[n, k]ᵀ (+ bias[n]) (+ y if accumulate).
/// Exactly one of `w` (row-major [n, k]) and `packed` (from ckernels_sgemm_pack) is non-null.
/// Rows of x and y have strides ldx ≥ k and ldy ≥ n. y must not alias x, w or bias.
struct ckernels_sgemm_args {
    long m, n, k;
    const float *x; long ldx;
    const float *w;
    const float *packed;
    const float *bias;
    float *y; long ldy;
    int accumulate;
};

/// Runs one product on up to `threads` threads (the caller plus pool workers); small products and
/// callers that find the pool busy run on the calling thread alone. Results do not depend on the
/// thread count (each output element is summed in the same order).
void ckernels_sgemm(const struct ckernels_sgemm_args *args, int threads);

/// Floats needed for the packed form of an [n, k] weight (n rounded up to 16).
long ckernels_sgemm_packed_count(long n, long k);

/// Packs a row-major [n, k] weight into `dst` (ckernels_sgemm_packed_count floats, 32-byte aligned)
/// in the panel layout the kernel reads: done once at load time, it saves the per-call packing.
void ckernels_sgemm_pack(const float *w, long n, long k, float *dst);

/// The process-wide backend of GEMM.linear (0: this kernel, 1: OpenBLAS, 2: by rows); Swift owns
/// the meaning, C only stores it so every thread sees one value.
int ckernels_gemm_backend(void);
void ckernels_set_gemm_backend(int backend);

/// A parallel task: runs part `part` of `parts`.
typedef void (*ckernels_task_fn)(void *arg, int part, int parts);

/// Runs fn(arg, i, parts) for i in 0..<parts, part 0 on the calling thread; returns when all are
/// done. Workers are created when first needed (at most 7) and sleep when idle.
void ckernels_pool_run(ckernels_task_fn fn, void *arg, int parts);

/// Threads one product may use, the caller included (default 2, clamped to 1...8).
void ckernels_set_threads(int n);
int ckernels_threads(void);

/// How long an idle worker spins before sleeping (default 100 µs).
void ckernels_pool_set_spin_microseconds(long us);
#endif
