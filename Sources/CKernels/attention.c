// Multi-head scaled dot-product attention over one sequence, all heads in one call, heads split
// across the compute pool. Replaces 2·H tiny OpenBLAS calls per layer (50 × 50 × 64 products,
// where call overhead and a single thread dominated).
#include "CKernels.h"
#include "vmath.h"
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
#define AVX2 __attribute__((target("avx2,fma")))

AVX2 static float dot(const float *a, const float *b, long n) {
    __m256 s0 = _mm256_setzero_ps(), s1 = s0;
    long i = 0;
    for (; i + 16 <= n; i += 16) {
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
        s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), s1);
    }
    for (; i + 8 <= n; i += 8) s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
    s0 = _mm256_add_ps(s0, s1);
    __m128 h = _mm_add_ps(_mm256_castps256_ps128(s0), _mm256_extractf128_ps(s0, 1));
    h = _mm_add_ps(h, _mm_movehl_ps(h, h));
    h = _mm_add_ss(h, _mm_movehdup_ps(h));
    float s = _mm_cvtss_f32(h);
    for (; i < n; i++) s += a[i] * b[i];
    return s;
}

// e[j] = exp(e[j] - m) for j < n (vector exp), returns Σ e[j] (in double: n ≤ a few hundred).
AVX2 static double exp_shift_sum(float *e, long n, float m) {
    __m256 mv = _mm256_set1_ps(m);
    double sum = 0;
    long j = 0;
    for (; j + 8 <= n; j += 8) {
        __m256 v = vexp(_mm256_sub_ps(_mm256_loadu_ps(e + j), mv));
        _mm256_storeu_ps(e + j, v);
    }
    if (j < n) {
        float tmp[8] __attribute__((aligned(32))) = {0};
        memcpy(tmp, e + j, (size_t)(n - j) * sizeof(float));
        _mm256_store_ps(tmp, vexp(_mm256_sub_ps(_mm256_load_ps(tmp), mv)));
        memcpy(e + j, tmp, (size_t)(n - j) * sizeof(float));
    }
    for (j = 0; j < n; j++) sum += e[j];
    return sum;
}

// out[0..hd) = Σ_j p[j] · v[j·ldv .. +hd)
AVX2 static void weighted_sum(const float *p, long n, const float *v, long ldv, long hd, float *out) {
    long c = 0;
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
#else
static float dot(const float *a, const float *b, long n) { float s = 0; for (long i = 0; i < n; i++) s += a[i] * b[i]; return s; }
static double exp_shift_sum(float *e, long n, float m) { double s = 0; for (long j = 0; j < n; j++) { e[j] = expf(e[j] - m); s += e[j]; } return s; }
static void weighted_sum(const float *p, long n, const float *v, long ldv, long hd, float *out) {
    for (long c = 0; c < hd; c++) { float s = 0; for (long j = 0; j < n; j++) s += p[j] * v[j * ldv + c]; out[c] = s; }
}
#endif

static void attention_heads(const struct ckernels_attention_args *g, long h0, long h1) {
    float stack[1024];
    float *e = g->tk <= 1024 ? stack : malloc((size_t)g->tk * sizeof(float));
    if (!e) return;
    for (long h = h0; h < h1; h++) {
        long off = h * g->head_dim;
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
            const float *q = g->q + i * g->ldq + off;
            float m = -INFINITY;
            for (long j = 0; j < n; j++) {
                e[j] = g->scale * dot(q, g->k + j * g->ldk + off, g->head_dim);
                if (e[j] > m) m = e[j];
            }
            float inv = (float)(1.0 / exp_shift_sum(e, n, m));
            for (long j = 0; j < n; j++) e[j] *= inv;
            if (prow) {
                memcpy(prow, e, (size_t)n * sizeof(float));
                if (n < g->tk) memset(prow + n, 0, (size_t)(g->tk - n) * sizeof(float));
            }
            weighted_sum(e, n, g->v + off, g->ldv, g->head_dim, out);
        }
    }
    if (e != stack) free(e);
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
