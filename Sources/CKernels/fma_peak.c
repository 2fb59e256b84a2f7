#include "CKernels.h"
#include <pthread.h>
#include <time.h>

#if defined(__x86_64__)
#include <immintrin.h>

// Zen 3 and Haswell-class cores retire two 8-wide FMAs per cycle with a 4-5 cycle latency, so
// ≥ 10 independent accumulator chains are needed to keep both pipes full; 12 leave headroom and
// still fit the 16 ymm registers with the two multiplicands.
__attribute__((target("avx2,fma")))
static float fma_loop(long iterations) {
    __m256 a0 = _mm256_set1_ps(1.0f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
    __m256 a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
    // Values chosen so the chains neither overflow nor go denormal over billions of steps.
    const __m256 m = _mm256_set1_ps(0.999999f), c = _mm256_set1_ps(1e-7f);
    for (long i = 0; i < iterations; i++) {
        a0 = _mm256_fmadd_ps(a0, m, c); a1 = _mm256_fmadd_ps(a1, m, c);
        a2 = _mm256_fmadd_ps(a2, m, c); a3 = _mm256_fmadd_ps(a3, m, c);
        a4 = _mm256_fmadd_ps(a4, m, c); a5 = _mm256_fmadd_ps(a5, m, c);
        a6 = _mm256_fmadd_ps(a6, m, c); a7 = _mm256_fmadd_ps(a7, m, c);
        a8 = _mm256_fmadd_ps(a8, m, c); a9 = _mm256_fmadd_ps(a9, m, c);
        a10 = _mm256_fmadd_ps(a10, m, c); a11 = _mm256_fmadd_ps(a11, m, c);
        __asm__ volatile("" : "+x"(a0), "+x"(a1), "+x"(a2), "+x"(a3), "+x"(a4), "+x"(a5));
    }
    __m256 s = _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)),
                             _mm256_add_ps(_mm256_add_ps(a4, a5), _mm256_add_ps(a6, a7)));
    s = _mm256_add_ps(s, _mm256_add_ps(_mm256_add_ps(a8, a9), _mm256_add_ps(a10, a11)));
    float out[8];
    _mm256_storeu_ps(out, s);
    return out[0];
}
#define FLOPS_PER_ITERATION (12.0 * 8 * 2)
#else
static float fma_loop(long iterations) { float a = 1; for (long i = 0; i < iterations; i++) a = a * 0.999999f + 1e-7f; return a; }
#define FLOPS_PER_ITERATION 2.0
#endif

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

struct peak_job { long iterations; double elapsed; volatile float sink; };

static void *peak_thread(void *arg) {
    struct peak_job *job = arg;
    double t0 = seconds();
    job->sink = fma_loop(job->iterations);
    job->elapsed = seconds() - t0;
    return 0;
}

double ckernels_fma_peak_gflops(int threads, double seconds_per_thread) {
    if (threads < 1) threads = 1;
    if (threads > 64) threads = 64;
    // Calibrate on one thread so each measured run lasts about the requested time.
    struct peak_job probe = { 1L << 20, 0, 0 };
    peak_thread(&probe);
    long iterations = (long)((double)probe.iterations * seconds_per_thread / (probe.elapsed > 1e-6 ? probe.elapsed : 1e-6));
    if (iterations < (1L << 16)) iterations = 1L << 16;
    struct peak_job jobs[64];
    pthread_t tids[64];
    double t0 = seconds();
    for (int i = 0; i < threads; i++) {
        jobs[i] = (struct peak_job){ iterations, 0, 0 };
        if (i > 0) pthread_create(&tids[i], 0, peak_thread, &jobs[i]);
    }
    peak_thread(&jobs[0]);
    for (int i = 1; i < threads; i++) pthread_join(tids[i], 0);
    double wall = seconds() - t0;
    return FLOPS_PER_ITERATION * (double)iterations * threads / wall * 1e-9;
}
