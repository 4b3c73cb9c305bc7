// libFuzzer's driver, for fuzz targets built by SwiftPM.
//
// SwiftPM links a Swift executable with its entry point renamed and aliased to `main`
// (`--defsym main=<module>_main`), so libFuzzer's own `main` cannot be used: each target
// has an `@main` that calls `folio_fuzz_main`, which hands the arguments and the target's
// `LLVMFuzzerTestOneInput` to libFuzzer (linked in by `-sanitize=fuzzer`).
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline int folio_fuzz_main(int argc, char **argv) {
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}
