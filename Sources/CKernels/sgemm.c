// Packed single-precision GEMM for nn.Linear products, y[M,N] (+)= x[M,K] · w[N,K]ᵀ, tuned for the
// shapes of ViT-B/32 inference (M = 12..400, N and K = 512..3072) on AVX2/FMA cores.
//
// Layout: the weight is packed into panels of NR = 16 output features; panel p holds, for every
// k, w[16p .. 16p+15][k] side by side (K × 16 floats, zero-padded past N). A 6 × 16 register tile
// (12 ymm accumulators, enough to cover 2 FMA pipes × 4-5 cycles of latency) walks a KC-deep slice
// of one panel, which stays in L1 while every 6-row strip of x streams past it. x is packed too,
// once per product, strip by strip with the strip's rows side by side: the tile then reads one
// sequential stream instead of six rows a row stride apart (at K = 3072 all six fall into one L1
// set). That took the single-thread products on the model's shapes up by 3-17% (docs/benchmarks.md)
// for one pass over x, about 1/N of the product's work.
#include "CKernels.h"
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vmath.h"

#define NR 16
#define MR 6
#define KC 256
// Rows of x per M block: MC × KC floats (96 KiB) stay in L2 while the panels sweep past.
#define MC 96

#if defined(__x86_64__)
#include <immintrin.h>
#define AVX2 __attribute__((target("avx2,fma")))

// One k step of the tile: row r of the strip times the 16 weights of step k, into c[r].
AVX2 static inline __attribute__((always_inline)) void tile_step(int mr, const float *ak, const float *bk, __m256 c[MR][2]) {
    __m256 b0 = _mm256_load_ps(bk), b1 = _mm256_load_ps(bk + 8);
    for (int r = 0; r < MR; r++) {
        if (r >= mr) break;
        __m256 t = _mm256_broadcast_ss(ak + r);
        c[r][0] = _mm256_fmadd_ps(t, b0, c[r][0]);
        c[r][1] = _mm256_fmadd_ps(t, b1, c[r][1]);
    }
}

// One MR' × 16 tile over `kc` steps: c = (load ? c : 0) + a · b (+ bias), then the activation
// `act` (0 none) when `act` is set, i.e. on the last K block; `a` is one packed strip. `mr` is a
// compile-time constant in every instantiation below, so the dead rows' code disappears. `pf`
// holds `npf` lines of the next weight slice this thread will read, one prefetched into L2 per
// k step: every strip of a panel takes its share, so the DRAM reads for the next slice spread
// over the whole panel rather than all landing in its first strip. (Into L2, not L1: with the
// current slice that would fill L1, and measured 4-9% slower.)
// Steps k .. k+7, unrolled (`#pragma unroll`: clang otherwise keeps an inner 8-step loop).
AVX2 static inline __attribute__((always_inline)) void tile_steps8(int mr, long k, const float *a, const float *b, __m256 c[MR][2]) {
#pragma unroll
    for (int u = 0; u < 8; u++) tile_step(mr, a + (k + u) * mr, b + 16 * (k + u), c);
}

AVX2 static inline __attribute__((always_inline)) void tile(
    int mr, long kc, const float *a, const float *b, float *c, long ldc, int load, int ncols, const float *bias,
    int act, const float *pf, long npf) {
    __m256 acc[MR][2];
    for (int r = 0; r < MR; r++) acc[r][0] = acc[r][1] = _mm256_setzero_ps();
    // The prefetching steps first, then the rest unrolled by 8: with one step per iteration the
    // loop's own counter, compare and branches (and the prefetch test) held the tile to ~85% of
    // what it reaches unrolled (+3 to +18% on the model's shapes, docs/benchmarks.md).
    long k = 0;
    if (npf * 4 > kc && kc >= 8) {
        // Few strips share the next slice (the text tower's 12 rows make two, each prefetching
        // half of it): with one prefetch per step, half the steps stayed out of the unrolled
        // loop. Spread over it instead: +8 to +17% on M = 12. Strips that take a few lines each
        // (M = 50, 400) keep the per-step loop; spreading theirs measured 4-7% slower.
        long per_iteration = (npf + kc / 8 - 1) / (kc / 8), done = 0;
        for (; k + 8 <= kc; k += 8) {
            for (long i = 0; i < per_iteration && done < npf; i++, done++)
                _mm_prefetch((const char *)(pf + 16 * done), _MM_HINT_T1);
            tile_steps8(mr, k, a, b, acc);
        }
        for (; done < npf; done++) _mm_prefetch((const char *)(pf + 16 * done), _MM_HINT_T1);
        npf = 0;
    }
    for (; k < npf; k++) {
        _mm_prefetch((const char *)(pf + 16 * k), _MM_HINT_T1);
        tile_step(mr, a + k * mr, b + 16 * k, acc);
    }
    for (; k + 8 <= kc; k += 8) tile_steps8(mr, k, a, b, acc);
    for (; k < kc; k++) tile_step(mr, a + k * mr, b + 16 * k, acc);
    if (bias) {
        float bb[NR] __attribute__((aligned(32))) = {0};
        memcpy(bb, bias, (size_t)ncols * sizeof(float));
        __m256 bias0 = _mm256_load_ps(bb), bias1 = _mm256_load_ps(bb + 8);
        for (int r = 0; r < mr; r++) { acc[r][0] = _mm256_add_ps(acc[r][0], bias0); acc[r][1] = _mm256_add_ps(acc[r][1], bias1); }
    }
    for (int r = 0; r < mr; r++) {
        float *cr = c + r * ldc;
        if (ncols == NR) {
            if (load) {
                acc[r][0] = _mm256_add_ps(acc[r][0], _mm256_loadu_ps(cr));
                acc[r][1] = _mm256_add_ps(acc[r][1], _mm256_loadu_ps(cr + 8));
            }
            if (act) { acc[r][0] = vactivation(act, acc[r][0]); acc[r][1] = vactivation(act, acc[r][1]); }
            _mm256_storeu_ps(cr, acc[r][0]);
            _mm256_storeu_ps(cr + 8, acc[r][1]);
        } else {
            float tmp[NR] __attribute__((aligned(32))) = {0};
            if (load) memcpy(tmp, cr, (size_t)ncols * sizeof(float));
            acc[r][0] = _mm256_add_ps(acc[r][0], _mm256_load_ps(tmp));
            acc[r][1] = _mm256_add_ps(acc[r][1], _mm256_load_ps(tmp + 8));
            if (act) { acc[r][0] = vactivation(act, acc[r][0]); acc[r][1] = vactivation(act, acc[r][1]); }
            _mm256_store_ps(tmp, acc[r][0]);
            _mm256_store_ps(tmp + 8, acc[r][1]);
            memcpy(cr, tmp, (size_t)ncols * sizeof(float));
        }
    }
}

#define TILE(R) AVX2 static void tile##R(long kc, const float *a, const float *b, float *c, long ldc, int load, int ncols, \
    const float *bias, int act, const float *pf, long npf) { tile(R, kc, a, b, c, ldc, load, ncols, bias, act, pf, npf); }
TILE(1) TILE(2) TILE(3) TILE(4) TILE(5) TILE(6)
typedef void (*tile_fn)(long, const float *, const float *, float *, long, int, int, const float *, int, const float *, long);
static const tile_fn tiles[MR + 1] = {0, tile1, tile2, tile3, tile4, tile5, tile6};

// Packs w[n0 .. n0+ncols)[k0 .. k0+kc) into dst[kc][16], zero-filling missing columns.
AVX2 static void pack_panel(const float *w, long ldw, long n0, long ncols, long k0, long kc, float *dst) {
    if (ncols == NR && (kc % 8) == 0) {
        // 8 × 8 transposes: 16 rows of w become 16-wide k-rows of the panel.
        for (long kb = 0; kb < kc; kb += 8) {
            for (int half = 0; half < 2; half++) {
                const float *src = w + (n0 + 8 * half) * ldw + k0 + kb;
                __m256 r[8], col[8];
                for (int i = 0; i < 8; i++) r[i] = _mm256_loadu_ps(src + i * ldw);
                transpose8(r, col);
                float *d = dst + kb * NR + 8 * half;
                for (int k = 0; k < 8; k++) _mm256_store_ps(d + k * NR, col[k]);
            }
        }
        return;
    }
    for (long k = 0; k < kc; k++)
        for (long j = 0; j < NR; j++)
            dst[k * NR + j] = j < ncols ? w[(n0 + j) * ldw + k0 + k] : 0.0f;
}

// Strips of equal height within an M block (50 rows: 6,6,6,6,6,5,5,5,5 rather than 8 × 6 + 2): a
// 1- or 2-row tile has too few accumulators to hide the FMA latency. Rows [m0, me) are left for
// strips s ..< strips; the packer and the kernel both walk strips through this.
static inline long strip_rows(long m0, long me, long s, long strips) { return (me - m0 + (strips - s) - 1) / (strips - s); }

// x in the order the tiles read it: per K block, the M × kc block (starting at k0 · m), and in it
// each strip from m0 · kc on, k-major with the strip's rows side by side. Packed in items of one
// K block × one M block, shared out among the product's threads.
static long pack_items(const struct ckernels_sgemm_args *g) { return ((g->k + KC - 1) / KC) * ((g->m + MC - 1) / MC); }

// 8 k steps of an mr-row strip (mr ≤ 6): an 8 × 8 transpose of the rows (the missing rows zero),
// whose first mr lanes per k are the packed values. A k stores all 8 lanes while they fit before
// the strip's end (`room` floats from d; the spare lanes are overwritten by the next k), else
// exactly mr: nothing past the strip is touched, since another thread may be packing it.
AVX2 static inline void pack_x8(const float *src, long ldx, long mr, float *d, long room) {
    __m256 r[8], col[8];
    for (int i = 0; i < 8; i++) r[i] = i < mr ? _mm256_loadu_ps(src + i * ldx) : _mm256_setzero_ps();
    transpose8(r, col);
    for (long k = 0; k < 8; k++) {
        if (k * mr + 8 <= room) { _mm256_storeu_ps(d + k * mr, col[k]); continue; }
        float tmp[8] __attribute__((aligned(32)));
        _mm256_store_ps(tmp, col[k]);
        memcpy(d + k * mr, tmp, (size_t)mr * sizeof(float));
    }
}

AVX2 static void pack_item(const struct ckernels_sgemm_args *g, float *xp, long item) {
    long mblocks = (g->m + MC - 1) / MC;
    long k0 = item / mblocks * KC, mb = item % mblocks * MC;
    long kc = g->k - k0 < KC ? g->k - k0 : KC;
    long me = g->m - mb < MC ? g->m : mb + MC;
    long strips = (me - mb + MR - 1) / MR;
    for (long s = 0, m0 = mb; s < strips; s++) {
        long mr = strip_rows(m0, me, s, strips);
        float *d = xp + k0 * g->m + m0 * kc;
        const float *src = g->x + m0 * g->ldx + k0;
        long k = 0;
        for (; k + 8 <= kc; k += 8) pack_x8(src + k, g->ldx, mr, d + k * mr, (kc - k) * mr);
        for (; k < kc; k++)
            for (long r = 0; r < mr; r++) d[k * mr + r] = src[r * g->ldx + k];
        m0 += mr;
    }
}

// Columns [nb, ne) (multiples of NR except possibly ne == n) of rows [m_lo, m_hi) (m_lo a
// multiple of MC) of one product; xp is x packed.
//
// Loop order K block → M block → panel → 6-row strip: the KC × 16 weight slice of a panel stays
// in L1 while the strips of one M block stream past it, and the M block's MC × KC slice of x
// (≤ 96 KiB) stays in L2 across all panels. Without the M blocking (the previous version), a
// 400-row product (batch 8) re-read all of x from L3 for every panel.
AVX2 static void sgemm_range(const struct ckernels_sgemm_args *g, const float *xp, long nb, long ne, long m_lo, long m_hi) {
    float panel[KC * NR] __attribute__((aligned(64)));
    for (long k0 = 0; k0 < g->k; k0 += KC) {
        long kc = g->k - k0 < KC ? g->k - k0 : KC;
        int last = k0 + kc == g->k;
        int load = k0 > 0 || g->accumulate;
        int act = last ? g->activation : 0;
        for (long mb = m_lo; mb < m_hi; mb += MC) {
            long me = m_hi - mb < MC ? m_hi : mb + MC;
            for (long n0 = nb; n0 < ne; n0 += NR) {
                int ncols = (int)(ne - n0 < NR ? ne - n0 : NR);
                const float *b, *pf = 0;
                if (g->packed) {
                    b = g->packed + (n0 / NR) * g->k * NR + k0 * NR;
                    // Next: the same K block of the next panel, or after the last panel of this
                    // range the next K block of its first panel.
                    if (n0 + NR < ne) pf = b + g->k * NR;
                    else if (k0 + KC < g->k && mb + MC >= m_hi) pf = g->packed + (nb / NR) * g->k * NR + (k0 + KC) * NR;
                } else {
                    pack_panel(g->w, g->k, n0, ncols, k0, kc, panel);
                    b = panel;
                }
                const float *bias = k0 == 0 && g->bias ? g->bias + n0 : 0;
                long strips = (me - mb + MR - 1) / MR;
                for (long s = 0, m0 = mb; s < strips; s++) {
                    long mr = strip_rows(m0, me, s, strips);
                    // This strip's share of the next slice's kc lines.
                    long lo = s * kc / strips, npf = pf ? (s + 1) * kc / strips - lo : 0;
                    tiles[mr](kc, xp + k0 * g->m + m0 * kc, b, g->y + m0 * g->ldy + n0, g->ldy, load, ncols, bias, act,
                              pf ? pf + NR * lo : 0, npf);
                    m0 += mr;
                }
            }
        }
    }
}

// The packed copy of x for products on this thread, kept between calls (the same few sizes come
// back on every forward pass); one that would exceed KEEP_FLOATS (64 MiB: a 5,000-row training
// batch at K = 3072) is freed after its product so a rare huge one does not pin its memory.
// Inference needs at most 400 × 3072 floats (batch 8), 5 MiB.
#define KEEP_FLOATS (16L << 20)
// A thread-specific key frees it when its thread exits (threads that come and go, such as
// Dispatch's, would otherwise each leave one behind).
static _Thread_local float *x_buffer;
static _Thread_local long x_capacity;
static pthread_key_t x_buffer_key;
static pthread_once_t x_buffer_key_once = PTHREAD_ONCE_INIT;

static void x_buffer_free(void *p) { ckernels_free_large(p); }
static void x_buffer_key_create(void) { pthread_key_create(&x_buffer_key, x_buffer_free); }

static float *x_pack_buffer(long floats) {
    if (floats <= x_capacity) return x_buffer;
    float *p = ckernels_alloc_large((size_t)floats * sizeof(float));
    if (!p) { fputs("ckernels_sgemm: out of memory\n", stderr); abort(); }
    if (floats > KEEP_FLOATS) return p;
    ckernels_free_large(x_buffer);
    x_buffer = p;
    x_capacity = floats;
    pthread_once(&x_buffer_key_once, x_buffer_key_create);
    pthread_setspecific(x_buffer_key, p);
    return p;
}
#else
static void sgemm_range(const struct ckernels_sgemm_args *g, const float *xp, long nb, long ne, long m_lo, long m_hi) {
    (void)xp;
    for (long i = m_lo; i < m_hi; i++)
        for (long j = nb; j < ne; j++) {
            float s = (g->accumulate ? g->y[i * g->ldy + j] : 0.0f) + (g->bias ? g->bias[j] : 0.0f);
            for (long t = 0; t < g->k; t++) {
                float wv = g->packed ? g->packed[(j / NR) * g->k * NR + t * NR + j % NR] : g->w[j * g->k + t];
                s += g->x[i * g->ldx + t] * wv;
            }
            g->y[i * g->ldy + j] = s;
        }
    if (g->activation)
        for (long i = m_lo; i < m_hi; i++) ckernels_activation(g->y + i * g->ldy + nb, ne - nb, g->activation);
}
#endif

static _Atomic int gemm_backend;

int ckernels_gemm_backend(void) { return atomic_load_explicit(&gemm_backend, memory_order_relaxed); }

void ckernels_set_gemm_backend(int backend) { atomic_store_explicit(&gemm_backend, backend, memory_order_relaxed); }

long ckernels_sgemm_packed_count(long n, long k) { return ((n + NR - 1) / NR) * NR * k; }

struct pack_job { const float *w; long n, k; float *dst; };

// Panels [p0, p1) of a pack.
static void pack_panels(const struct pack_job *j, long p0, long p1) {
    const float *w = j->w; long n = j->n, k = j->k; float *dst = j->dst;
#if defined(__x86_64__)
    int avx2 = ckernels_has_avx2_fma();
#endif
    for (long p = p0; p < p1; p++) {
        long ncols = n - p * NR < NR ? n - p * NR : NR;
        float *panel = dst + p * k * NR;
        for (long k0 = 0; k0 < k; k0 += KC) {
            long kc = k - k0 < KC ? k - k0 : KC;
#if defined(__x86_64__)
            if (avx2) { pack_panel(w, k, p * NR, ncols, k0, kc, panel + k0 * NR); continue; }
#endif
            for (long t = 0; t < kc; t++)
                for (long c = 0; c < NR; c++)
                    panel[(k0 + t) * NR + c] = c < ncols ? w[(p * NR + c) * k + k0 + t] : 0.0f;
        }
    }
}

static void pack_part(void *arg, int part, int parts) {
    const struct pack_job *j = arg;
    long panels = (j->n + NR - 1) / NR;
    pack_panels(j, panels * part / parts, panels * (part + 1) / parts);
}

// On the pool: packing is a full pass over the ~600 MB of weights at model load.
void ckernels_sgemm_pack(const float *w, long n, long k, float *dst) {
    struct pack_job j = { w, n, k, dst };
    long panels = (n + NR - 1) / NR;
    int threads = ckernels_threads();
    if (threads > 1 && panels >= 2 && n * k >= (1L << 18)) ckernels_pool_run(pack_part, &j, threads);
    else pack_panels(&j, 0, panels);
}

// Work is handed out in units of PANELS_PER_UNIT panels from a shared counter rather than in
// fixed halves: the two vCPUs of these machines often run at different speeds (a neighbour on
// the same physical core), and with fixed halves the faster thread spun waiting for the slower
// (7% of samples in ckernels_pool_run). The last TAIL_PANELS_PER_THREAD × threads panels go out
// one panel × one M block at a time, so the threads finish within a small unit of each other:
// with 4-panel units to the end, a batch-8 product's last unit alone was 0.5-2 ms of an
// 8-12 ms product for one thread to finish while the other waited (the finer tail measured +0.2
// to +5% on the model's shapes, docs/benchmarks.md). Each output element is
// still computed by one thread in the same order, so results do not depend on the thread count
// or the schedule.
#define PANELS_PER_UNIT 4
#define TAIL_PANELS_PER_THREAD 2
struct sgemm_job {
    const struct ckernels_sgemm_args *g;
    float *xp;
    long items;                         // x pack items (0: x is read unpacked)
    _Atomic long next_item, packed;
    _Atomic long next;
    long head_panels, head_units;       // panels [0, head_panels) in PANELS_PER_UNIT-panel units over all M
    long mblocks, units;                // then one unit per (panel, M block)
};

static void sgemm_unit(const struct sgemm_job *job, long u) {
    const struct ckernels_sgemm_args *g = job->g;
    if (u < job->head_units) {
        long nb = u * PANELS_PER_UNIT * NR, he = job->head_panels * NR < g->n ? job->head_panels * NR : g->n;
        sgemm_range(g, job->xp, nb, nb + PANELS_PER_UNIT * NR < he ? nb + PANELS_PER_UNIT * NR : he, 0, g->m);
        return;
    }
    long t = u - job->head_units, nb = (job->head_panels + t / job->mblocks) * NR, mb = t % job->mblocks * MC;
    sgemm_range(g, job->xp, nb, nb + NR < g->n ? nb + NR : g->n, mb, mb + MC < g->m ? mb + MC : g->m);
}

// Two phases: the threads pack x together, each waits until all of it is packed (at most one
// item's time, a few microseconds), then they share out the panels.
static void sgemm_part(void *arg, int part, int parts) {
    (void)part; (void)parts;
    struct sgemm_job *job = arg;
#if defined(__x86_64__)
    for (;;) {
        long i = atomic_fetch_add_explicit(&job->next_item, 1, memory_order_relaxed);
        if (i >= job->items) break;
        pack_item(job->g, job->xp, i);
        atomic_fetch_add_explicit(&job->packed, 1, memory_order_release);
    }
    // A thread preempted mid-item can hold the others up for a time slice: yield rather than spin.
    for (int polls = 1; atomic_load_explicit(&job->packed, memory_order_acquire) < job->items; polls++) {
        _mm_pause();
        if (polls % 256 == 0) sched_yield();
    }
#endif
    for (;;) {
        long u = atomic_fetch_add_explicit(&job->next, 1, memory_order_relaxed);
        if (u >= job->units) return;
        sgemm_unit(job, u);
    }
}

void ckernels_sgemm(const struct ckernels_sgemm_args *args, int threads) {
    if (args->m <= 0 || args->n <= 0) return;
    if (args->k <= 0) {
        for (long i = 0; i < args->m; i++)
            for (long j = 0; j < args->n; j++)
                args->y[i * args->ldy + j] = (args->accumulate ? args->y[i * args->ldy + j] : 0.0f) + (args->bias ? args->bias[j] : 0.0f);
        if (args->activation)
            for (long i = 0; i < args->m; i++) ckernels_activation(args->y + i * args->ldy, args->n, args->activation);
        return;
    }
    long panels = (args->n + NR - 1) / NR;
    long tail = threads > 1 ? TAIL_PANELS_PER_THREAD * threads : 0;
    if (tail > panels) tail = panels;
    struct sgemm_job job = { .g = args, .head_panels = panels - tail, .mblocks = (args->m + MC - 1) / MC };
    job.head_units = (job.head_panels + PANELS_PER_UNIT - 1) / PANELS_PER_UNIT;
    job.units = job.head_units + tail * job.mblocks;
#if defined(__x86_64__)
    job.xp = x_pack_buffer(args->m * args->k);
    job.items = pack_items(args);
#endif
    // Below ~2 MFLOP a second thread's wake-up costs more than it saves.
    if (threads > 1 && job.units >= 2 && 2.0 * args->m * args->n * args->k >= 2e6)
        ckernels_pool_run(sgemm_part, &job, threads);
    else
        sgemm_part(&job, 0, 1);
#if defined(__x86_64__)
    if (job.xp != x_buffer) ckernels_free_large(job.xp);
#endif
}
