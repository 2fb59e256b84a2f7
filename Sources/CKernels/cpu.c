#include "CKernels.h"
#include <stdatomic.h>

// Cached: the GEMM and activation entry points ask on every call.
static _Atomic int has_avx2_fma = -1;

int ckernels_has_avx2_fma(void) {
    int v = atomic_load_explicit(&has_avx2_fma, memory_order_relaxed);
    if (v >= 0) return v;
#if defined(__x86_64__)
    __builtin_cpu_init();
    v = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    v = 0;
#endif
    atomic_store_explicit(&has_avx2_fma, v, memory_order_relaxed);
    return v;
}
