/*
** libFuzzer target: a JSON request body through req_parse_body and the
** field-spec parser, with a spec of every kind (text, choice, int, bool,
** list). Checks the contract: 0 means every required field came out set
** and no error was recorded; -ERR_INVALID_INPUT means errors were recorded,
** each for a distinct field.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "http/internal.h"
#include "http/spec.h"

static const char *const kinds[] = {"individual", "company", NULL};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    Req *r = calloc(1, sizeof *r);
    arena_init(&r->arena);
    r->method = HTTP_POST;
    r->content_type = "application/json";
    buf_init(&r->body, &r->arena);
    buf_append(&r->body, data, size);
    const char *login = NULL, *kind = NULL, *note = NULL;
    int64_t count = 0;
    bool agree = false;
    StrList domains = {0};
    Field spec[] = {
        {"login", FK_TEXT, FF_REQUIRED, 3, 32, NULL, NULL, &login},
        {"kind", FK_CHOICE, 0, 0, 0, kinds, NULL, &kind},
        {"note", FK_TEXT, FF_MULTILINE | FF_NO_TRIM, 0, 200, NULL, NULL, &note},
        {"count", FK_INT, 0, 1, 100, NULL, NULL, &count},
        {"agree", FK_BOOL, 0, 0, 0, NULL, NULL, &agree},
        {"domains", FK_LIST, 0, 0, 5, NULL, NULL, &domains},
        FIELD_END,
    };
    int rc = req_parse_body(r);
    if (rc == 0) {
        rc = spec_parse(r, spec);
        if (rc == 0 && (r->nerrs || !login || !*login || utf8_len(login) > 32 || domains.n > 5 ||
                        (count && (count < 1 || count > 100))))
            __builtin_trap();
        if (rc == -ERR_INVALID_INPUT && !r->nerrs) __builtin_trap();
    }
    for (size_t i = 0; i < r->nerrs; i++) /* one error per field */
        if (req_field_code(r, r->errs[i].field) != r->errs[i].code) __builtin_trap();
    if (r->json) json_decref(r->json);
    arena_free(&r->arena);
    free(r);
    return 0;
}
