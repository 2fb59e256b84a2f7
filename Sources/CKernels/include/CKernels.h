#ifndef CKERNELS_H
#define CKERNELS_H
// Hand-written CPU kernels that need instruction-set control Swift does not give (AVX2/FMA
// intrinsics behind runtime CPU checks).
int ckernels_has_avx2_fma(void);
#endif
