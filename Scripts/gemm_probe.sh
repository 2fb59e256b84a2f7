#!/usr/bin/env bash
# Times the model's matrix-product shapes (y = x·wᵀ, M ∈ {12, 50, 400}) with OpenBLAS (each
# DYNAMIC_ARCH kernel family it can run here), oneDNN's dnnl_sgemm and our packed AVX2 kernel, on 1
# and 2 threads. OpenBLAS reads OPENBLAS_CORETYPE when it is loaded, hence one process per family.
# Usage: Scripts/gemm_probe.sh [threads...]   (default: 1 2)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for f in Sources/CKernels/*.c; do clang -O3 -ISources/CKernels/include -c "$f" -o "$out/$(basename "$f" .c).o"; done
clang -O2 -o "$out/gemm_probe" Scripts/gemm_probe.c -ISources/CKernels/include \
  -I/usr/include/x86_64-linux-gnu/openblas-pthread "$out"/*.o \
  -L/usr/lib/x86_64-linux-gnu/openblas-pthread -lopenblas -ldnnl -lpthread
threads_list=("${@:-1 2}")
for t in ${threads_list[@]}; do
  for core in default Haswell Zen Sandybridge; do
    # An empty OPENBLAS_CORETYPE is not the same as none (it selects Haswell), so unset it.
    # oneDNN's OpenMP pool must not spin against ours or OpenBLAS's (DESIGN §8).
    if [ "$core" = default ]; then env -u OPENBLAS_CORETYPE OMP_NUM_THREADS=$t OMP_WAIT_POLICY=passive "$out/gemm_probe" "$t"
    else OPENBLAS_CORETYPE=$core OMP_NUM_THREADS=$t OMP_WAIT_POLICY=passive "$out/gemm_probe" "$t"; fi || echo "# core $core failed"
  done
done
