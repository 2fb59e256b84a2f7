#!/bin/sh
# Builds and runs the gallery benchmark (Scripts/gallery-bench/main.swift) against a release build
# of the Gallery module: `Scripts/gallery-bench.sh [items] [dimension]` (default 100000 512).
# Not part of the test suite: it writes ~N*D*8 bytes to the temporary folder and takes ~a minute.
set -eu
cd "$(dirname "$0")/.."
scratch=.build-gallery-rel
swift build -c release --target Gallery --scratch-path "$scratch" >/dev/null
rel="$scratch/release"
swiftc -O -module-name GalleryBench Scripts/gallery-bench/main.swift \
    -I "$rel/Modules" -Xcc -fmodule-map-file=Sources/COpenSSL/module.modulemap \
    -Xcc -fmodule-map-file=Sources/CZlib/module.modulemap -Xcc -fmodule-map-file=Sources/CBLAS/module.modulemap \
    -Xcc -fmodule-map-file="$rel/CKernels.build/module.modulemap" -Xcc -ISources/CKernels/include \
    "$rel"/Gallery.build/*.o "$rel"/Tensor.build/*.o "$rel"/CKernels.build/*.o \
    -lopenblas -lcrypto -lz -o "$rel/gallery-bench"
exec "$rel/gallery-bench" "$@"
