// Multi-head scaled dot-product attention over one sequence, all heads in one call, heads split
// across the compute pool. Replaces 2·H tiny OpenBLAS calls per layer (50 × 50 × 64 products,
// where call overhead and a single thread dominated). Scores come from each head's keys
// transposed once per call: 1.8x faster than a dot product per key on the vision tower's
// 50 × 50 × 12 heads (0.57 → 0.31 ms a layer, 2 threads, before the wider weighted sum below);
// on a 12-token text the transposition costs ~4 µs a layer more than it saves.
#include "CKernels.h"
#include "vmath.h"
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
#define AVX2 __attribute__((target("avx2,fma")))

// e[j] = q · k_j for j < n, from the head's keys transposed (kt: key j's feature d at
// kt[d · ldt + j], zero past the last key, ldt a multiple of 8): 8 keys per vector and six
// vectors in flight, so the 64-long sums need no horizontal reductions (one dot product per key
// spent as long reducing as multiplying). e must have room for n rounded up to 8.
AVX2 static void scores(const float *q, const float *kt, long ldt, long hd, long n, float *e) {
    long j = 0;
    for (; j + 48 <= n; j += 48) {
        __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        for (long d = 0; d < hd; d++) {
            __m256 qd = _mm256_broadcast_ss(q + d);
            const float *r = kt + d * ldt + j;
            a0 = _mm256_fmadd_ps(qd, _mm256_load_ps(r), a0);
            a1 = _mm256_fmadd_ps(qd, _mm256_load_ps(r + 8), a1);
            a2 = _mm256_fmadd_ps(qd, _mm256_load_ps(r + 16), a2);
            a3 = _mm256_fmadd_ps(qd, _mm256_load_ps(r + 24), a3);
            a4 = _mm256_fmadd_ps(qd, _mm256_load_ps(r + 32), a4);
            a5 = _mm256_fmadd_ps(qd, _mm256_load_ps(r + 40), a5);
        }
        _mm256_storeu_ps(e + j, a0); _mm256_storeu_ps(e + j + 8, a1); _mm256_storeu_ps(e + j + 16, a2);
        _mm256_storeu_ps(e + j + 24, a3); _mm256_storeu_ps(e + j + 32, a4); _mm256_storeu_ps(e + j + 40, a5);
    }
    for (; j < n; j += 8) {
        __m256 a0 = _mm256_setzero_ps(), a1 = a0;
        long d = 0;
        for (; d + 2 <= hd; d += 2) {
            a0 = _mm256_fmadd_ps(_mm256_broadcast_ss(q + d), _mm256_load_ps(kt + d * ldt + j), a0);
            a1 = _mm256_fmadd_ps(_mm256_broadcast_ss(q + d + 1), _mm256_load_ps(kt + (d + 1) * ldt + j), a1);
        }
        if (d < hd) a0 = _mm256_fmadd_ps(_mm256_broadcast_ss(q + d), _mm256_load_ps(kt + d * ldt + j), a0);
        _mm256_storeu_ps(e + j, _mm256_add_ps(a0, a1));
    }
}

// e[0..n) = softmax(scale · e) in place. Each element goes through the same float operations
// as the scalar formulation (scale, subtract the max, vector exp, times 1/Σ); only Σ, taken in
// double, is summed in a different order (in the tests the outputs came out bitwise equal).
// Scalar, the scale-and-max loop and the dependent double sum took 5-10% of a vision-tower
// attention.
AVX2 static void softmax_row(float *e, long n, float scale) {
    __m256 sv = _mm256_set1_ps(scale), mv = _mm256_set1_ps(-INFINITY);
    long j = 0;
    for (; j + 8 <= n; j += 8) {
        __m256 v = _mm256_mul_ps(_mm256_loadu_ps(e + j), sv);
        _mm256_storeu_ps(e + j, v);
        mv = _mm256_max_ps(v, mv);  // a NaN in v leaves the max alone, as the scalar compare does
    }
    float lanes[8] __attribute__((aligned(32)));
    _mm256_store_ps(lanes, mv);
    float m = -INFINITY;
    for (int i = 0; i < 8; i++) if (lanes[i] > m) m = lanes[i];
    for (; j < n; j++) {
        e[j] *= scale;
        if (e[j] > m) m = e[j];
    }
    __m256 shift = _mm256_set1_ps(m);
    __m256d s0 = _mm256_setzero_pd(), s1 = s0;
    for (j = 0; j + 8 <= n; j += 8) {
        __m256 x = vexp(_mm256_sub_ps(_mm256_loadu_ps(e + j), shift));
        _mm256_storeu_ps(e + j, x);
        s0 = _mm256_add_pd(s0, _mm256_cvtps_pd(_mm256_castps256_ps128(x)));
        s1 = _mm256_add_pd(s1, _mm256_cvtps_pd(_mm256_extractf128_ps(x, 1)));
    }
    double sums[4];
    _mm256_storeu_pd(sums, _mm256_add_pd(s0, s1));
    double sum = (sums[0] + sums[1]) + (sums[2] + sums[3]);
    if (j < n) {
        float tmp[8] __attribute__((aligned(32))) = {0};
        memcpy(tmp, e + j, (size_t)(n - j) * sizeof(float));
        _mm256_store_ps(tmp, vexp(_mm256_sub_ps(_mm256_load_ps(tmp), shift)));
        memcpy(e + j, tmp, (size_t)(n - j) * sizeof(float));
        for (; j < n; j++) sum += e[j];
    }
    __m256 inv = _mm256_set1_ps((float)(1.0 / sum));
    for (j = 0; j + 8 <= n; j += 8) _mm256_storeu_ps(e + j, _mm256_mul_ps(_mm256_loadu_ps(e + j), inv));
    for (float invs = (float)(1.0 / sum); j < n; j++) e[j] *= invs;
}

// out[0..hd) = Σ_j p[j] · v[j·ldv .. +hd). 64 columns at a time where they exist: eight
// independent sums keep both FMA pipes busy where two waited on each other's latency. Every
// column is summed over j in the same order whichever loop takes it.
AVX2 static void weighted_sum(const float *p, long n, const float *v, long ldv, long hd, float *out) {
    long c = 0;
    for (; c + 64 <= hd; c += 64) {
        __m256 a[8];
        for (int u = 0; u < 8; u++) a[u] = _mm256_setzero_ps();
        for (long j = 0; j < n; j++) {
            __m256 pj = _mm256_broadcast_ss(p + j);
            const float *r = v + j * ldv + c;
            for (int u = 0; u < 8; u++) a[u] = _mm256_fmadd_ps(pj, _mm256_loadu_ps(r + 8 * u), a[u]);
        }
        for (int u = 0; u < 8; u++) _mm256_storeu_ps(out + c + 8 * u, a[u]);
    }
    for (; c + 16 <= hd; c += 16) {
        __m256 a0 = _mm256_setzero_ps(), a1 = a0;
        for (long j = 0; j < n; j++) {
            __m256 pj = _mm256_broadcast_ss(p + j);
            a0 = _mm256_fmadd_ps(pj, _mm256_loadu_ps(v + j * ldv + c), a0);
            a1 = _mm256_fmadd_ps(pj, _mm256_loadu_ps(v + j * ldv + c + 8), a1);
        }
        _mm256_storeu_ps(out + c, a0);
        _mm256_storeu_ps(out + c + 8, a1);
    }
    for (; c + 8 <= hd; c += 8) {
        __m256 a0 = _mm256_setzero_ps();
        for (long j = 0; j < n; j++) a0 = _mm256_fmadd_ps(_mm256_broadcast_ss(p + j), _mm256_loadu_ps(v + j * ldv + c), a0);
        _mm256_storeu_ps(out + c, a0);
    }
    for (; c < hd; c++) {
        float s = 0;
        for (long j = 0; j < n; j++) s += p[j] * v[j * ldv + c];
        out[c] = s;
    }
}

// kt[d · ldt + j] = k[j · ldk + d] for d < hd, j < tk, zero for tk ≤ j < ldt: 8 × 8 blocks
// through registers where they are whole, element by element at the edges. (Element by element
// throughout, a strided read per float, it was a quarter of the vision tower's attention.)
AVX2 static void transpose_keys(const float *k, long ldk, long tk, long hd, float *kt, long ldt) {
    long j0 = 0;
    for (; j0 + 8 <= tk; j0 += 8) {
        long d0 = 0;
        for (; d0 + 8 <= hd; d0 += 8) {
            __m256 r[8], col[8];
            for (int i = 0; i < 8; i++) r[i] = _mm256_loadu_ps(k + (j0 + i) * ldk + d0);
            transpose8(r, col);
            for (int c = 0; c < 8; c++) _mm256_storeu_ps(kt + (d0 + c) * ldt + j0, col[c]);
        }
        for (; d0 < hd; d0++)
            for (long j = j0; j < j0 + 8; j++) kt[d0 * ldt + j] = k[j * ldk + d0];
    }
    for (long d = 0; d < hd; d++) {
        for (long j = j0; j < tk; j++) kt[d * ldt + j] = k[j * ldk + d];
        for (long j = tk; j < ldt; j++) kt[d * ldt + j] = 0;
    }
}
#else
static void transpose_keys(const float *k, long ldk, long tk, long hd, float *kt, long ldt) {
    for (long d = 0; d < hd; d++)
        for (long j = 0; j < ldt; j++) kt[d * ldt + j] = j < tk ? k[j * ldk + d] : 0;
}
static void scores(const float *q, const float *kt, long ldt, long hd, long n, float *e) {
    for (long j = 0; j < n; j++) { float s = 0; for (long d = 0; d < hd; d++) s += q[d] * kt[d * ldt + j]; e[j] = s; }
}
static void softmax_row(float *e, long n, float scale) {
    float m = -INFINITY;
    for (long j = 0; j < n; j++) { e[j] *= scale; if (e[j] > m) m = e[j]; }
    double s = 0;
    for (long j = 0; j < n; j++) { e[j] = expf(e[j] - m); s += e[j]; }
    float inv = (float)(1.0 / s);
    for (long j = 0; j < n; j++) e[j] *= inv;
}
static void weighted_sum(const float *p, long n, const float *v, long ldv, long hd, float *out) {
    for (long c = 0; c < hd; c++) { float s = 0; for (long j = 0; j < n; j++) s += p[j] * v[j * ldv + c]; out[c] = s; }
}
#endif

// One head's transposed keys and its values, copied together, live on the stack up to this many
// floats (a 64-wide head over 128 tokens).
#define KV_STACK 16384

static void attention_heads(const struct ckernels_attention_args *g, long h0, long h1) {
    long ldt = (g->tk + 7) / 8 * 8, hd = g->head_dim;
    long kv_floats = ldt * hd + g->tk * hd;
    float e_stack[1024 + 8], kv_stack[KV_STACK] __attribute__((aligned(32)));
    float *e = ldt <= 1024 ? e_stack : malloc((size_t)(ldt + 8) * sizeof(float));
    float *kt = kv_floats <= KV_STACK ? kv_stack : aligned_alloc(32, (size_t)(kv_floats + 7) / 8 * 8 * sizeof(float));
    if (!e || !kt) { if (e != e_stack) free(e); if (kt != kv_stack) free(kt); return; }
    // The head's values, rows side by side, when enough queries read them: in place, the vision
    // tower's 50 rows a 3 KB row stride apart fall into 16 of L1's 64 sets and were re-fetched
    // from L2 for every query (1.2-1.4x on its attention); a 12-key cross-attention or the
    // pooler's single query does not repay the copy.
    int copy_v = g->tq * g->tk >= 1024;
    float *vh = kt + ldt * hd;
    for (long h = h0; h < h1; h++) {
        long off = h * g->head_dim;
        transpose_keys(g->k + off, g->ldk, g->tk, hd, kt, ldt);
        if (copy_v)
            for (long j = 0; j < g->tk; j++) memcpy(vh + j * hd, g->v + j * g->ldv + off, (size_t)hd * sizeof(float));
        for (long i = 0; i < g->tq; i++) {
            long n = g->causal ? (i + 1 < g->valid ? i + 1 : g->valid) : g->valid;
            if (n > g->tk) n = g->tk;
            float *out = g->out + i * g->ldo + off;
            float *prow = g->probs ? g->probs + (h * g->tq + i) * g->tk : 0;
            if (n <= 0) {
                memset(out, 0, (size_t)g->head_dim * sizeof(float));
                if (prow) memset(prow, 0, (size_t)g->tk * sizeof(float));
                continue;
            }
            scores(g->q + i * g->ldq + off, kt, ldt, g->head_dim, n, e);
            softmax_row(e, n, g->scale);
            if (prow) {
                memcpy(prow, e, (size_t)n * sizeof(float));
                if (n < g->tk) memset(prow + n, 0, (size_t)(g->tk - n) * sizeof(float));
            }
            weighted_sum(e, n, copy_v ? vh : g->v + off, copy_v ? hd : g->ldv, hd, out);
        }
    }
    if (e != e_stack) free(e);
    if (kt != kv_stack) free(kt);
}

// Heads are handed out one at a time from a shared counter (the two vCPUs often run at
// different speeds; see sgemm.c).
struct attention_job { const struct ckernels_attention_args *g; _Atomic long next; };

static void attention_part(void *arg, int part, int parts) {
    (void)part; (void)parts;
    struct attention_job *job = arg;
    for (;;) {
        long h = atomic_fetch_add_explicit(&job->next, 1, memory_order_relaxed);
        if (h >= job->g->heads) return;
        attention_heads(job->g, h, h + 1);
    }
}

void ckernels_attention(const struct ckernels_attention_args *args, int threads) {
    if (args->tq <= 0 || args->heads <= 0) return;
    // Below ~1 MFLOP (text, the pooler's single query) a second thread's wake-up costs more.
    double flops = 4.0 * (double)args->tq * (double)args->tk * (double)args->head_dim * (double)args->heads;
    struct attention_job job = { args, 0 };
    if (threads > 1 && args->heads > 1 && flops >= 1e6)
        ckernels_pool_run(attention_part, &job, threads < args->heads ? threads : (int)args->heads);
    else
        attention_heads(args, 0, args->heads);
}
