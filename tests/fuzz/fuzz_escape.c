/*
** libFuzzer target for the escaping path of the templates (core/tmpl.h
** over core/buf.h). The input is one text written through tmpl_str (HTML
** text and quoted attributes), tmpl_url and buf_json_str. It aborts when:
**  - the HTML output holds < > " ' or an & that does not start one of the
**    five entities the escaper writes, or does not unescape to the input;
**  - the URL output holds anything but unreserved characters and %XX, or
**    does not decode to the input;
**  - the JSON string is not one JSON string (jansson) equal to the input
**    (for input that is valid UTF-8 without NUL).
*/
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/tmpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok, const char *what) {
    if (!ok) {
        fprintf(stderr, "invariant failed: %s\n", what);
        abort();
    }
}

static const char *const entities[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
static const char plain[] = "&<>\"'";

static void html(Arena *a, const char *s) {
    Buf out;
    buf_init(&out, a);
    Tmpl t;
    tmpl_init(&t, &out, a, LANG_ZH);
    tmpl_str(&t, s);
    const char *h = out.data ? out.data : "";
    Buf back;
    buf_init(&back, a);
    for (const char *p = h; *p;) {
        check(!strchr("<>\"'", *p), "raw markup character in HTML output");
        if (*p != '&') {
            buf_putc(&back, *p++);
            continue;
        }
        int k = -1;
        for (int i = 0; i < 5; i++)
            if (!strncmp(p, entities[i], strlen(entities[i]))) k = i;
        check(k >= 0, "a bare & in HTML output");
        buf_putc(&back, plain[k]);
        p += strlen(entities[k]);
    }
    check(!strcmp(back.data ? back.data : "", s), "HTML output unescapes to the input");
}

static int hexval(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static void url(Arena *a, const char *s) {
    Buf out;
    buf_init(&out, a);
    Tmpl t;
    tmpl_init(&t, &out, a, LANG_ZH);
    tmpl_url(&t, s);
    const char *u = out.data ? out.data : "";
    Buf back;
    buf_init(&back, a);
    for (const char *p = u; *p;) {
        if (*p == '%') {
            check(hexval(p[1]) >= 0 && hexval(p[2]) >= 0, "a bad %XX in URL output");
            buf_putc(&back, (char)(hexval(p[1]) << 4 | hexval(p[2])));
            p += 3;
            continue;
        }
        check(strchr("-._~", *p) || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                  (*p >= '0' && *p <= '9'),
              "a reserved character in URL output");
        buf_putc(&back, *p++);
    }
    check(!strcmp(back.data ? back.data : "", s), "URL output decodes to the input");
}

static void json(Arena *a, const char *s, size_t n) {
    json_t *probe = json_stringn(s, n); /* NULL: not valid UTF-8 */
    if (!probe) return;
    json_decref(probe);
    Buf out;
    buf_init(&out, a);
    buf_json_str(&out, s);
    json_error_t err;
    json_t *v = json_loads(out.data, JSON_DECODE_ANY, &err);
    check(v && json_is_string(v), "JSON output is one string");
    check(!strcmp(json_string_value(v), s), "JSON string equals the input");
    json_decref(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 8192) return 0;
    Arena a;
    arena_init(&a);
    char *s = arena_alloc(&a, size + 1);
    memcpy(s, data, size);
    s[size] = 0;
    size_t n = strlen(s); /* up to the first NUL, as templates see it */
    html(&a, s);
    url(&a, s);
    json(&a, s, n);
    arena_free(&a);
    return 0;
}
