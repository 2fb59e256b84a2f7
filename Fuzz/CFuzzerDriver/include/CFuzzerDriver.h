#ifndef CFUZZERDRIVER_H
#define CFUZZERDRIVER_H
// Starts libFuzzer from a Swift `main`. SwiftPM renames an executable's Swift entry point and
// points the linker's `main` at it, so libFuzzer's own main never runs; the fuzz executables
// call this instead (docs/fuzzing.md).
#include <stddef.h>
#include <stdint.h>

/// The per-input callback (LLVMFuzzerTestOneInput's signature).
typedef int (*cfd_test_one_input)(const uint8_t *data, size_t size);

/// Runs libFuzzer's driver with the process arguments (its flags, corpus directories, files).
/// Returns its exit status, or -1 when the binary was not linked with -sanitize=fuzzer.
int cfd_run_libfuzzer(int argc, char **argv, cfd_test_one_input callback);

#endif
