// Element-wise activations over a buffer, with the same vector code the GEMM epilogue uses
// (vmath.h), so fused and unfused runs agree bit for bit.
#include "CKernels.h"
#include "vmath.h"
#include <math.h>
#include <string.h>

#if defined(__x86_64__)
__attribute__((target("avx2,fma"))) static void activation_avx2(float *x, long n, int kind) {
    long i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(x + i, vactivation(kind, _mm256_loadu_ps(x + i)));
    if (i < n) {
        // The tail through the same vector code (zero-padded), not a scalar twin.
        float tmp[8] __attribute__((aligned(32))) = {0};
        memcpy(tmp, x + i, (size_t)(n - i) * sizeof(float));
        _mm256_store_ps(tmp, vactivation(kind, _mm256_load_ps(tmp)));
        memcpy(x + i, tmp, (size_t)(n - i) * sizeof(float));
    }
}
#endif

static void activation_scalar(float *x, long n, int kind) {
    for (long i = 0; i < n; i++) {
        float v = x[i];
        if (kind == 1) x[i] = v * (1.0f / (1.0f + expf(-1.702f * v)));
        else if (kind == 2) x[i] = 0.5f * v * (1.0f + erff(v * 0.70710678118654752f));
    }
}

void ckernels_activation(float *x, long n, int kind) {
    if (kind == 0 || n <= 0) return;
#if defined(__x86_64__)
    if (ckernels_has_avx2_fma()) { activation_avx2(x, n, kind); return; }
#endif
    activation_scalar(x, n, kind);
}

void ckernels_activation_libm(float *x, long n, int kind) { activation_scalar(x, n, kind); }

#if defined(__x86_64__)
__attribute__((target("avx2,fma"))) static void exp_avx2(const float *x, float *y, long n) {
    for (long i = 0; i < n; i += 8) {
        float tmp[8] __attribute__((aligned(32))) = {0};
        long c = n - i < 8 ? n - i : 8;
        memcpy(tmp, x + i, (size_t)c * sizeof(float));
        _mm256_store_ps(tmp, vexp(_mm256_load_ps(tmp)));
        memcpy(y + i, tmp, (size_t)c * sizeof(float));
    }
}
#endif

void ckernels_exp(const float *x, float *y, long n) {
#if defined(__x86_64__)
    if (ckernels_has_avx2_fma()) { exp_avx2(x, y, n); return; }
#endif
    for (long i = 0; i < n; i++) y[i] = expf(x[i]);
}
