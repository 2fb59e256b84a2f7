// GEMM probe: times y[M,N] = x[M,K] · w[N,K]ᵀ (an nn.Linear) on the model's exact shapes with
// OpenBLAS and oneDNN, so the default backend is chosen from measurements on this machine.
// Build and run: Scripts/gemm_probe.sh (one process per OPENBLAS_CORETYPE, which OpenBLAS reads
// only when it is loaded).
#define _GNU_SOURCE
#include <cblas.h>
#include <dnnl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "CKernels.h"

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + 1e-9 * t.tv_nsec; }

typedef void (*gemm_fn)(int m, int n, int k, const float *x, const float *w, float *y);
static void run_openblas(int m, int n, int k, const float *x, const float *w, float *y) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, n, k, 1, x, k, w, k, 0, y, n);
}
static int our_threads = 1;
static float *packed_w; static long packed_n, packed_k;
static void run_ours(int m, int n, int k, const float *x, const float *w, float *y) {
    struct ckernels_sgemm_args a = { m, n, k, x, k, w, 0, 0, y, n, 0 };
    ckernels_sgemm(&a, our_threads);
}
static void run_ours_packed(int m, int n, int k, const float *x, const float *w, float *y) {
    if (packed_n != n || packed_k != k) {
        free(packed_w);
        packed_w = aligned_alloc(64, ckernels_sgemm_packed_count(n, k) * 4);
        ckernels_sgemm_pack(w, n, k, packed_w); packed_n = n; packed_k = k;
    }
    struct ckernels_sgemm_args a = { m, n, k, x, k, 0, packed_w, 0, y, n, 0 };
    ckernels_sgemm(&a, our_threads);
}
static void run_dnnl(int m, int n, int k, const float *x, const float *w, float *y) {
    dnnl_sgemm('N', 'T', m, n, k, 1, x, k, w, k, 0, y, n);
}

static double seconds_per_call(gemm_fn f, int m, int n, int k, const float *x, const float *w, float *y, int calls) {
    double s = now();
    for (int i = 0; i < calls; i++) f(m, n, k, x, w, y);
    return (now() - s) / calls;
}

// Backends are timed interleaved, best of 7 rounds of ~15 ms each, so a noisy neighbour slows
// every column alike instead of one backend's whole run.
int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 1;
    const char *names[] = {"openblas", "dnnl", "ours", "ours-prepacked"};
    gemm_fn fns[] = {run_openblas, run_dnnl, run_ours, run_ours_packed};
    int nb = 4;
    openblas_set_num_threads(threads);
    our_threads = threads;
    ckernels_set_threads(threads);
    printf("# threads=%d openblas core=%s (OPENBLAS_CORETYPE=%s) dnnl via OMP_NUM_THREADS=%s; FMA peak %.0f GFLOP/s\n",
           threads, openblas_get_corename(), getenv("OPENBLAS_CORETYPE") ? getenv("OPENBLAS_CORETYPE") : "",
           getenv("OMP_NUM_THREADS") ? getenv("OMP_NUM_THREADS") : "(default)", ckernels_fma_peak_gflops(threads, 0.2));
    int ms[] = {12, 50, 400};
    int nk[][2] = {{2304, 768}, {768, 768}, {3072, 768}, {768, 3072}, {1536, 512}, {2048, 512}, {512, 2048}, {1024, 512}};
    size_t maxe = 400 * 3072;
    float *x = aligned_alloc(64, maxe * 4), *w = aligned_alloc(64, 3072 * 3072 * 4), *y = aligned_alloc(64, 400 * 3072 * 4);
    for (size_t i = 0; i < maxe; i++) x[i] = (float)((i * 7919) % 1000) / 1000.0f - 0.5f;
    for (size_t i = 0; i < 3072 * 3072; i++) w[i] = (float)((i * 104729) % 1000) / 1000.0f - 0.5f;
    printf("%-4s %-10s", "M", "NxK");
    for (int b = 0; b < nb; b++) printf(" %12s", names[b]);
    printf("   (GFLOP/s)\n");
    for (int a = 0; a < 3; a++) for (int s = 0; s < 8; s++) {
        int m = ms[a], n = nk[s][0], k = nk[s][1];
        int calls[8]; double best[8];
        for (int b = 0; b < nb; b++) {
            fns[b](m, n, k, x, w, y);
            double t0 = now(); calls[b] = 0;
            while (now() - t0 < 0.015) { fns[b](m, n, k, x, w, y); calls[b]++; }
            best[b] = 1e30;
        }
        for (int rep = 0; rep < 7; rep++)
            for (int b = 0; b < nb; b++) {
                double t = seconds_per_call(fns[b], m, n, k, x, w, y, calls[b]);
                if (t < best[b]) best[b] = t;
            }
        printf("%-4d %4dx%-5d", m, n, k);
        for (int b = 0; b < nb; b++) printf(" %12.1f", 2.0 * m * n * k / best[b] * 1e-9);
        printf("\n");
        fflush(stdout);
    }
    return 0;
}
