#ifndef CKERNELS_H
#define CKERNELS_H
// Hand-written CPU kernels that need instruction-set control Swift does not give (AVX2/FMA
// intrinsics behind runtime CPU checks), and the small compute pool that runs them.

#include <stddef.h>

/// Uninitialised memory for a large long-lived buffer, 64-byte aligned; from 1 MiB on, 2 MiB
/// aligned and advised for transparent huge pages. NULL if out of memory. Free with
/// ckernels_free_large.
void *ckernels_alloc_large(size_t bytes);
void ckernels_free_large(void *p);
/// `bytes` of zeros, page-aligned, straight from mmap: the kernel supplies a zero page only when
/// a page is first written, so parts that are never written (a frozen backbone's gradients and
/// optimizer moments) cost no memory. Free with ckernels_free_zeroed and the same size.
void *ckernels_alloc_zeroed(size_t bytes);
void ckernels_free_zeroed(void *p, size_t bytes);
/// Hands the allocator's free heap memory back to the system (glibc malloc_trim; nothing
/// elsewhere): after a burst of large transient buffers, such as a model load's.
void ckernels_trim_heap(void);

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
    /// Applied to the finished sum (bias and accumulated y included): 0 none, 1 quick_gelu,
    /// 2 exact GELU, exactly as ckernels_activation computes them.
    int activation;
};

/// Runs one product on up to `threads` threads (the caller plus pool workers); small products and
/// callers that find the pool busy run on the calling thread alone. Results do not depend on the
/// thread count (each output element is summed in the same order).
void ckernels_sgemm(const struct ckernels_sgemm_args *args, int threads);

/// In place over x[0 ..< n]: kind 1 quick_gelu x·σ(1.702x), kind 2 exact GELU 0.5x(1 + erf(x/√2)),
/// 0 nothing. AVX2 vector code (exp within ~1 ulp, GELU within a few ulp of the exact value, see
/// vmath.h) on CPUs that have it, else libm.
void ckernels_activation(float *x, long n, int kind);
/// The libm formulation (expf, erff), the reference the vector code is tested against.
void ckernels_activation_libm(float *x, long n, int kind);
/// y[i] = e^x[i] through the vector exp (test hook; libm on CPUs without AVX2/FMA).
void ckernels_exp(const float *x, float *y, long n);

/// y[r, :] = (x[r, :] - mean) / sqrt(var + eps) · gamma + beta for `rows` rows of `d` (biased
/// variance; mean and variance summed in double). x and y may alias (row by row, in place).
void ckernels_layernorm(const float *x, long rows, long d, const float *gamma, const float *beta, float eps, float *y);

/// Multi-head attention over one sequence, heads side by side in the feature dimension
/// ([T, H·hd], PyTorch's view(B, T, H, hd)): for each head h and query i,
/// out_h[i] = Σ_j softmax_j(scale · q_h[i] · k_h[j]) v_h[j] over keys j < valid (and j ≤ i when
/// causal). Rows with no key get zeros. probs, if set, receives [heads, tq, tk] probabilities
/// (0 for masked keys). Heads are split across up to `threads` threads; results do not depend on
/// the thread count. out must not alias q, k or v.
struct ckernels_attention_args {
    const float *q; long ldq;
    const float *k; long ldk;
    const float *v; long ldv;
    long tq, tk, heads, head_dim;
    float scale;
    int causal;
    long valid;
    float *out; long ldo;
    float *probs;
};
void ckernels_attention(const struct ckernels_attention_args *args, int threads);

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

/// The nice value pool workers give themselves when they next run a task (Linux: per thread).
/// A service lowers its compute threads' priority so request handling never waits behind them.
void ckernels_pool_set_nice(int nice);
/// Sets the calling thread's nice value; 0 on success, -1 (errno set) otherwise. Raising
/// priority again needs privileges.
int ckernels_set_thread_nice(int nice);
/// Names the calling thread (Linux keeps 15 bytes); the pool's workers are "ckernels-pool".
void ckernels_set_thread_name(const char *name);
#endif
