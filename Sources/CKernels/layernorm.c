// Row-wise LayerNorm (torch.nn.LayerNorm: biased variance, eps inside the square root) with
// mean and variance accumulated in double, as the Swift kernel it replaces did: the reference's
// float32 reductions are closer to the exact value than to any particular float order. The
// normalisation itself rounds in the Swift kernel's steps ((x - mean) · inv · gamma + beta, no
// fused multiply-add), so only the double sums' order differs from it.
#include "CKernels.h"
#include <math.h>

// The normalisation must round step by step like the Swift kernel it replaced.
#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include <immintrin.h>
#define AVX2 __attribute__((target("avx2,fma")))

AVX2 static void row_avx2(const float *x, long d, const float *g, const float *b, float eps, float *y) {
    __m256d s0 = _mm256_setzero_pd(), s1 = s0;
    long j = 0;
    for (; j + 8 <= d; j += 8) {
        __m256 v = _mm256_loadu_ps(x + j);
        s0 = _mm256_add_pd(s0, _mm256_cvtps_pd(_mm256_castps256_ps128(v)));
        s1 = _mm256_add_pd(s1, _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1)));
    }
    double lanes[4];
    _mm256_storeu_pd(lanes, _mm256_add_pd(s0, s1));
    double sum = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
    for (; j < d; j++) sum += x[j];
    double mean = sum / (double)d;
    __m256d m = _mm256_set1_pd(mean);
    s0 = _mm256_setzero_pd(); s1 = s0;
    for (j = 0; j + 8 <= d; j += 8) {
        __m256 v = _mm256_loadu_ps(x + j);
        __m256d a = _mm256_sub_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(v)), m);
        __m256d c = _mm256_sub_pd(_mm256_cvtps_pd(_mm256_extractf128_ps(v, 1)), m);
        s0 = _mm256_add_pd(s0, _mm256_mul_pd(a, a));
        s1 = _mm256_add_pd(s1, _mm256_mul_pd(c, c));
    }
    _mm256_storeu_pd(lanes, _mm256_add_pd(s0, s1));
    double sq = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
    for (; j < d; j++) { double t = (double)x[j] - mean; sq += t * t; }
    float inv = (float)(1.0 / sqrt(sq / (double)d + (double)eps)), mf = (float)mean;
    __m256 iv = _mm256_set1_ps(inv), mv = _mm256_set1_ps(mf);
    for (j = 0; j + 8 <= d; j += 8) {
        __m256 t = _mm256_mul_ps(_mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(x + j), mv), iv), _mm256_loadu_ps(g + j));
        _mm256_storeu_ps(y + j, _mm256_add_ps(t, _mm256_loadu_ps(b + j)));
    }
    for (; j < d; j++) { float t = (x[j] - mf) * inv; t = t * g[j]; y[j] = t + b[j]; }
}
#endif

static void row_scalar(const float *x, long d, const float *g, const float *b, float eps, float *y) {
    double sum = 0;
    for (long j = 0; j < d; j++) sum += x[j];
    double mean = sum / (double)d, sq = 0;
    for (long j = 0; j < d; j++) { double t = (double)x[j] - mean; sq += t * t; }
    float inv = (float)(1.0 / sqrt(sq / (double)d + (double)eps)), mf = (float)mean;
    for (long j = 0; j < d; j++) { float t = (x[j] - mf) * inv; t = t * g[j]; y[j] = t + b[j]; }
}

void ckernels_layernorm(const float *x, long rows, long d, const float *gamma, const float *beta, float eps, float *y) {
#if defined(__x86_64__)
    if (ckernels_has_avx2_fma()) {
        for (long r = 0; r < rows; r++) row_avx2(x + r * d, d, gamma, beta, eps, y + r * d);
        return;
    }
#endif
    for (long r = 0; r < rows; r++) row_scalar(x + r * d, d, gamma, beta, eps, y + r * d);
}
