/*
** libFuzzer target: the request headers and cookies Beian interprets
** itself (libmicrohttpd splits them; its parser is Debian's build and not
** instrumented here). The input is NUL-separated values:
**   Content-Type, Accept-Language, the lang cookie, X-Forwarded-For,
**   trusted_proxies, an urlencoded query string.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/i18n.h"
#include "http/internal.h"

enum { NVALUES = 6 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *buf = malloc(size + 1);
    memcpy(buf, data, size);
    buf[size] = 0;
    const char *v[NVALUES];
    char *p = buf;
    for (int i = 0; i < NVALUES; i++) {
        v[i] = p;
        p += strlen(p);
        if (p < buf + size) p++;
    }
    Arena a;
    arena_init(&a);
    /* Content-Type: the media type test and the boundary parameter. */
    if (content_type_is(v[0], "multipart/form-data")) {
        ParamList fields = {0};
        UploadFile *files = NULL;
        size_t nfiles = 0;
        parse_multipart(&a, v[0], "", 0, 0, &fields, &files, &nfiles);
    }
    /* Language from Accept-Language and from the lang cookie. */
    Lang l1 = i18n_from_accept_language(v[1]), l2 = i18n_parse(v[2]);
    if ((l1 != LANG_ZH && l1 != LANG_EN) || (l2 != LANG_ZH && l2 != LANG_EN)) __builtin_trap();
    /* The client behind a trusted load balancer. */
    if (addr_list_has(v[4], v[3])) {
        const char *client = forwarded_client(&a, v[3]);
        if (client && (strlen(client) > 45 || strchr(client, ','))) __builtin_trap();
    }
    /* A query string, as urlencoded. */
    ParamList q = {0};
    if (parse_urlencoded(&a, v[5], strlen(v[5]), &q) == 0 && q.n > HTTP_MAX_FIELDS)
        __builtin_trap();
    arena_free(&a);
    free(buf);
    return 0;
}
