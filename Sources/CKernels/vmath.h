// AVX2/FMA vector math shared by the activation kernels and the GEMM epilogue, so a fused
// activation and a standalone one produce bit-identical results, and the 8 × 8 transpose the
// GEMM's packing and attention's key transposition share. Internal to CKernels.
#ifndef CKERNELS_VMATH_H
#define CKERNELS_VMATH_H
#if defined(__x86_64__)
#include <immintrin.h>
#define VMATH __attribute__((target("avx2,fma"), always_inline)) static inline

// e^x within ~1 ulp (Cephes expf: n = round(x·log2 e), r = x - n·ln 2 in two parts, degree-6
// polynomial, then a scale by 2^n applied as two factors 2^(n/2) so that both stay normal floats:
// results overflow to +inf above ln(FLT_MAX) and underflow gradually through the subnormals to 0,
// as libm's expf does. NaN stays NaN.
VMATH __m256 vexp(__m256 x) {
    __m256 x0 = x, nan = _mm256_cmp_ps(x, x, _CMP_UNORD_Q);
    // Beyond these the result is +inf or 0 anyway; clamping keeps n in [-150, 128].
    x = _mm256_min_ps(_mm256_max_ps(x, _mm256_set1_ps(-104.0f)), _mm256_set1_ps(88.8f));
    __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
    __m256 p = _mm256_set1_ps(1.9875691500e-4f);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
    __m256 y = _mm256_fmadd_ps(_mm256_mul_ps(p, r), r, _mm256_add_ps(r, _mm256_set1_ps(1.0f)));
    __m256i ni = _mm256_cvtps_epi32(n), n1 = _mm256_srai_epi32(ni, 1), n2 = _mm256_sub_epi32(ni, n1);
    const __m256i bias = _mm256_set1_epi32(127);
    y = _mm256_mul_ps(y, _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n1, bias), 23)));
    y = _mm256_mul_ps(y, _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n2, bias), 23)));
    return _mm256_blendv_ps(y, x0, nan);
}

// quick_gelu(x) = x · (1 / (1 + e^(-1.702 x))), rounded in the same steps as the scalar
// reference (and PyTorch's x * sigmoid(1.702 x)).
VMATH __m256 vquick_gelu(__m256 x) {
    __m256 e = vexp(_mm256_mul_ps(x, _mm256_set1_ps(-1.702f)));
    return _mm256_mul_ps(x, _mm256_div_ps(_mm256_set1_ps(1.0f), _mm256_add_ps(_mm256_set1_ps(1.0f), e)));
}

// Exact (erf) GELU, 0.5 x (1 + erf(x/√2)), written as 0.5 x (2 - erfc(z)) for x ≥ 0 and
// 0.5 x erfc(z) for x < 0 (z = |x|·(1/√2) rounded to float, as the libm and PyTorch formulations
// round it), with erfc(z) = t·exp(-z² + P(t)), t = 1/(1 + z/2) (Numerical Recipes' Chebyshev
// fit, relative error < 1.2e-7 for every z). Unlike 0.5x(1 + erff(y)) this has no cancellation
// for negative x, so the relative error stays a few ulp down the whole negative tail. -z² + P(t)
// is carried as an exact z² split (FMA) plus a two-sum, because its rounding alone (ulp of 68 at
// z = 8) would cost ~30 ulp of relative error in the tail.
VMATH __m256 vgelu(__m256 x) {
    const __m256 one = _mm256_set1_ps(1.0f);
    __m256 z = _mm256_mul_ps(_mm256_andnot_ps(_mm256_set1_ps(-0.0f), x), _mm256_set1_ps(0.70710678118654752f));
    __m256 t = _mm256_div_ps(one, _mm256_fmadd_ps(_mm256_set1_ps(0.5f), z, one));
    __m256 p = _mm256_set1_ps(0.17087277f);
    p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(-0.82215223f));
    p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(1.48851587f));
    p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(-1.13520398f));
    p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(0.27886807f));
    p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(-0.18628806f));
    p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(0.09678418f));
    p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(0.37409196f));
    p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(1.00002368f));
    p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(-1.26551223f));
    __m256 zz = _mm256_mul_ps(z, z);
    __m256 zzErr = _mm256_fmsub_ps(z, z, zz);                 // z² = zz + zzErr exactly
    __m256 s = _mm256_sub_ps(p, zz);                           // two-sum of p and -zz
    __m256 bb = _mm256_sub_ps(s, p);
    __m256 sErr = _mm256_add_ps(_mm256_sub_ps(p, _mm256_sub_ps(s, bb)), _mm256_sub_ps(_mm256_sub_ps(_mm256_setzero_ps(), zz), bb));
    __m256 lo = _mm256_sub_ps(sErr, zzErr);
    // Past z = 10 erfc underflows anyway; there zz may be inf and lo NaN.
    lo = _mm256_and_ps(lo, _mm256_cmp_ps(z, _mm256_set1_ps(10.0f), _CMP_LT_OQ));
    __m256 ex = vexp(s);
    __m256 erfc = _mm256_mul_ps(t, _mm256_fmadd_ps(ex, lo, ex));
    __m256 neg = _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_LT_OQ);
    __m256 f = _mm256_blendv_ps(_mm256_sub_ps(_mm256_set1_ps(2.0f), erfc), erfc, neg);
    return _mm256_mul_ps(_mm256_mul_ps(_mm256_set1_ps(0.5f), x), f);
}

// kind: 0 none, 1 quick_gelu, 2 gelu.
// out[k][i] = r[i][k]: eight rows of 8 floats become eight columns, in 24 shuffles.
VMATH void transpose8(const __m256 r[8], __m256 out[8]) {
    __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]), t1 = _mm256_unpackhi_ps(r[0], r[1]), t2 = _mm256_unpacklo_ps(r[2], r[3]),
           t3 = _mm256_unpackhi_ps(r[2], r[3]), t4 = _mm256_unpacklo_ps(r[4], r[5]), t5 = _mm256_unpackhi_ps(r[4], r[5]),
           t6 = _mm256_unpacklo_ps(r[6], r[7]), t7 = _mm256_unpackhi_ps(r[6], r[7]);
    __m256 s0 = _mm256_shuffle_ps(t0, t2, 0x44), s1 = _mm256_shuffle_ps(t0, t2, 0xEE), s2 = _mm256_shuffle_ps(t1, t3, 0x44),
           s3 = _mm256_shuffle_ps(t1, t3, 0xEE), s4 = _mm256_shuffle_ps(t4, t6, 0x44), s5 = _mm256_shuffle_ps(t4, t6, 0xEE),
           s6 = _mm256_shuffle_ps(t5, t7, 0x44), s7 = _mm256_shuffle_ps(t5, t7, 0xEE);
    out[0] = _mm256_permute2f128_ps(s0, s4, 0x20); out[1] = _mm256_permute2f128_ps(s1, s5, 0x20);
    out[2] = _mm256_permute2f128_ps(s2, s6, 0x20); out[3] = _mm256_permute2f128_ps(s3, s7, 0x20);
    out[4] = _mm256_permute2f128_ps(s0, s4, 0x31); out[5] = _mm256_permute2f128_ps(s1, s5, 0x31);
    out[6] = _mm256_permute2f128_ps(s2, s6, 0x31); out[7] = _mm256_permute2f128_ps(s3, s7, 0x31);
}

VMATH __m256 vactivation(int kind, __m256 x) {
    return kind == 1 ? vquick_gelu(x) : kind == 2 ? vgelu(x) : x;
}
#endif
#endif
