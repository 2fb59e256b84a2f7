// Kernel probe: our packed GEMM (CKernels sgemm.c) on the model's shapes, each timed interleaved
// with the FMA peak probe so the noisy machine slows both alike; prints GFLOP/s and % of peak.
// The weights cycle through `nw` distinct packed copies (default 12) so they stream from DRAM
// as in the model (nw = 1 keeps them in cache). The first shapes are L1/L2-resident references.
// Build: out=$(mktemp -d); for f in Sources/CKernels/*.c; do clang -O3 -ISources/CKernels/include \
//   -c "$f" -o "$out/$(basename "$f" .c).o"; done; clang -O2 -o /tmp/kprobe Scripts/gemm_probe_kernel.c \
//   -ISources/CKernels/include "$out"/*.o -lpthread -lm
// Run: /tmp/kprobe [threads] [nw]
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "CKernels.h"
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + 1e-9 * t.tv_nsec; }
int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 1; int nw = argc > 2 ? atoi(argv[2]) : 12;
    ckernels_set_threads(threads);
    int shapes[][3] = {{6, 16, 256}, {48, 16, 256}, {48, 64, 256}, {48, 128, 768}, {50, 2304, 768}, {50, 768, 768}, {50, 3072, 768}, {50, 768, 3072}, {12, 1536, 512}, {12, 2048, 512}, {12, 512, 2048}, {400, 2304, 768}, {400, 3072, 768}, {400, 768, 3072}, {400, 768, 768}};
    int ns = sizeof shapes / sizeof shapes[0];
    float *x = aligned_alloc(64, 400 * 3072 * 4), *w = aligned_alloc(64, 3072 * 3072 * 4), *y = aligned_alloc(64, 400 * 3072 * 4);
    for (long i = 0; i < 400 * 3072; i++) x[i] = (float)((i * 7919) % 1000) / 1000.0f - 0.5f;
    for (long i = 0; i < 3072 * 3072; i++) w[i] = (float)((i * 104729) % 1000) / 1000.0f - 0.5f;
    // 12 distinct packed weights per shape so the weights come from L3/DRAM as in the model.
    for (int s = 0; s < ns; s++) {
        int m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
        float *pk[12];
        for (int i = 0; i < 12; i++) { pk[i] = ckernels_alloc_large(ckernels_sgemm_packed_count(n, k) * 4); ckernels_sgemm_pack(w, n, k, pk[i]); }
        double best = 1e30, bestPeak = 0;
        for (int rep = 0; rep < 9; rep++) {
            double p = ckernels_fma_peak_gflops(threads, 0.02);
            if (p > bestPeak) bestPeak = p;
            double t0 = now(); int calls = 0;
            while (now() - t0 < 0.03) {
                struct ckernels_sgemm_args a = { m, n, k, x, k, 0, pk[calls % nw], 0, y, n, 0, 0 };
                ckernels_sgemm(&a, threads); calls++;
            }
            double t = (now() - t0) / calls;
            if (t < best) best = t;
        }
        double gf = 2.0 * m * n * k / best * 1e-9;
        printf("%4d %5dx%-5d %7.1f GFLOP/s  peak %6.1f  %5.1f%%\n", m, n, k, gf, bestPeak, 100 * gf / bestPeak);
        for (int i = 0; i < 12; i++) ckernels_free_large(pk[i]);
    }
}
