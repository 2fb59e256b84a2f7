#include "CFuzzerDriver.h"

// libFuzzer's public entry point (compiler-rt FuzzerInterface.h). Weak, so the normal build,
// which does not link libFuzzer, still links and reports -1.
extern int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *, size_t))
    __attribute__((weak));

int cfd_run_libfuzzer(int argc, char **argv, cfd_test_one_input callback) {
    if (!LLVMFuzzerRunDriver) return -1;
    return LLVMFuzzerRunDriver(&argc, &argv, callback);
}
