/*
** libFuzzer target for upload_check (and, on what it accepts, thumb_make).
** Build and run: see tests/fuzz/README.md.
**
** Besides crashes and sanitizer reports, it aborts when an invariant fails:
**  - an accepted file, checked again, is accepted unchanged (the cleaning is
**    stable: same bytes, same dimensions);
**  - an accepted image yields a thumbnail (the upload check and the
**    thumbnailer agree on what decodes);
**  - the result's hash is the SHA-256 of its bytes.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/crypto.h"
#include "docs/thumb.h"
#include "docs/upload.h"

/* Smaller than the production limits so that each run stays fast. */
static const UploadPolicy fuzz_policy = {
    .kinds = UPLOAD_ANY,
    .max_bytes = 1u << 20,
    .max_pixels = 4000000,
    .max_side = 4096,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    Arena a;
    arena_init(&a);
    char name[64];
    size_t nn = size < sizeof name - 1 ? size : sizeof name - 1;
    memcpy(name, data, nn);
    name[nn] = 0;
    upload_check_name(name);

    UploadResult r, r2;
    if (upload_check(&a, data, size, "scan.jpg", &fuzz_policy, &r) == 0) {
        if (strcmp(r.sha256, crypto_sha256_hex(&a, r.data, r.n)) != 0) abort();
        if (upload_check(&a, r.data, r.n, "again.png", &fuzz_policy, &r2) != 0) abort();
        if (r2.n != r.n || memcmp(r2.data, r.data, r.n) != 0) abort();
        if (r2.width != r.width || r2.height != r.height || r2.kind != r.kind) abort();
        if (r.kind != UPLOAD_PDF) {
            Thumb t;
            if (thumb_make(&a, r.data, r.n, 64, &t) != 0) abort();
        }
    }
    arena_free(&a);
    return 0;
}
