/*
** The OpenAPI description and the route table agree: every RF_API route
** (method and path, `:id` written `{id}`) is an operation of
** docs/openapi.yaml, and every operation there is an RF_API route. A
** failure names each operation that is on one side only.
**
** The YAML reader understands just the structure of the `paths:` block:
** path keys at one indentation, method keys at the next; block scalars,
** comments and everything deeper are skipped. It is tested on its own first.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "web/web.h"

#ifndef BEIAN_OPENAPI
#error "BEIAN_OPENAPI must name docs/openapi.yaml"
#endif

/* Operations documented in the OpenAPI that are deliberately not RF_API
** routes: operational endpoints (JSON health check, Prometheus text). They
** must still be routes, and still be documented. */
static const char *const outside_api[] = {"get /healthz", "get /metrics", NULL};

/* ---- Operations: "method path" ---------------------------------------- */

typedef struct Ops {
    char **v;
    size_t n, cap;
} Ops;

static void ops_add(Ops *o, const char *method, const char *path, size_t path_len) {
    if (o->n == o->cap) {
        o->cap = o->cap ? o->cap * 2 : 64;
        o->v = realloc(o->v, o->cap * sizeof *o->v);
    }
    size_t n = strlen(method) + path_len + 2;
    char *s = malloc(n);
    snprintf(s, n, "%s %.*s", method, (int)path_len, path);
    o->v[o->n++] = s;
}

static bool ops_has(const Ops *o, const char *op) {
    for (size_t i = 0; i < o->n; i++)
        if (!strcmp(o->v[i], op)) return true;
    return false;
}

static void ops_free(Ops *o) {
    for (size_t i = 0; i < o->n; i++)
        free(o->v[i]);
    free(o->v);
    memset(o, 0, sizeof *o);
}

/* ---- The YAML reader -------------------------------------------------- */

static const char *const http_methods[] = {"get",  "put",   "post",  "delete", "options",
                                           "head", "patch", "trace", NULL};

typedef struct Line {
    int indent;      /* leading spaces */
    const char *key; /* the mapping key, quotes removed; NULL when not a key line */
    size_t key_len;
    bool block;  /* the value is a block scalar (| or >): deeper lines are text */
    bool opaque; /* blank, comment, list item or plain text */
} Line;

/* One line (without its newline) of a YAML document. */
static Line yaml_line(const char *s, size_t n) {
    Line l = {0};
    while ((size_t)l.indent < n && s[l.indent] == ' ')
        l.indent++;
    const char *p = s + l.indent, *end = s + n;
    if (p == end || *p == '#' || *p == '-') {
        l.opaque = true;
        return l;
    }
    const char *k = p, *ke;
    if (*p == '\'' || *p == '"') {
        char q = *p++;
        k = p;
        while (p < end && *p != q)
            p++;
        ke = p;
        if (p < end) p++;
    } else {
        while (p < end && !(*p == ':' && (p + 1 == end || p[1] == ' ')))
            p++;
        ke = p;
    }
    if (p >= end || *p != ':') {
        l.opaque = true;
        return l;
    }
    l.key = k;
    l.key_len = (size_t)(ke - k);
    p++;
    while (p < end && *p == ' ')
        p++;
    l.block = p < end && (*p == '|' || *p == '>');
    return l;
}

static bool is_method(const char *k, size_t n) {
    for (int i = 0; http_methods[i]; i++)
        if (strlen(http_methods[i]) == n && !strncmp(http_methods[i], k, n)) return true;
    return false;
}

/* The operations of the top-level `paths:` mapping. Returns 0, or -1 with
** err set when there is no paths block or a path has an odd shape. */
static int openapi_ops(const char *yaml, Ops *out, char *err, size_t errcap) {
    enum { BEFORE, IN_PATHS, AFTER } where = BEFORE;
    int path_indent = -1, method_indent = -1, block_indent = -1, lineno = 0;
    const char *path = NULL;
    size_t path_len = 0;
    for (const char *s = yaml; *s;) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        if (n && s[n - 1] == '\r') n--;
        Line l = yaml_line(s, n);
        const char *line = s;
        s = nl ? nl + 1 : s + n;
        lineno++;
        if (block_indent >= 0) {                          /* inside a block scalar */
            if (l.opaque && l.indent == (int)n) continue; /* blank */
            if (l.indent > block_indent) continue;
            block_indent = -1;
        }
        if (l.opaque) continue;
        if (l.block) block_indent = l.indent;
        if (l.indent == 0) {
            if (where == IN_PATHS) where = AFTER;
            if (where == BEFORE && l.key_len == 5 && !strncmp(l.key, "paths", 5)) where = IN_PATHS;
            continue;
        }
        if (where != IN_PATHS) continue;
        if (path_indent < 0) path_indent = l.indent;
        if (l.indent < path_indent) {
            snprintf(err, errcap, "line %d: indented less than the paths: %.*s", lineno, (int)n,
                     line);
            return -1;
        }
        if (l.indent == path_indent) {
            if (l.key_len == 0 || l.key[0] != '/') {
                snprintf(err, errcap, "line %d: a path must start with '/': %.*s", lineno, (int)n,
                         line);
                return -1;
            }
            path = l.key;
            path_len = l.key_len;
            continue;
        }
        if (method_indent < 0) method_indent = l.indent;
        if (l.indent != method_indent) continue; /* inside an operation */
        /* Other keys at this level (parameters, summary, $ref) are not
        ** operations, nor is GET: OpenAPI method keys are lower case. */
        if (is_method(l.key, l.key_len)) {
            char m[16];
            snprintf(m, sizeof m, "%.*s", (int)l.key_len, l.key);
            ops_add(out, m, path, path_len);
        }
    }
    if (where == BEFORE) {
        snprintf(err, errcap, "no top-level paths: block");
        return -1;
    }
    return 0;
}

/* ---- The route table -------------------------------------------------- */

/* "/api/v1/applications/:id/files/:fid" -> "/api/v1/applications/{id}/files/{fid}" */
static void openapi_path(const char *pattern, char *out, size_t cap) {
    size_t k = 0;
    for (const char *p = pattern; *p && k + 2 < cap;) {
        if (*p == ':' && (p == pattern || p[-1] == '/')) {
            out[k++] = '{';
            p++;
            while (*p && *p != '/' && k + 2 < cap)
                out[k++] = *p++;
            out[k++] = '}';
        } else {
            out[k++] = *p++;
        }
    }
    out[k] = 0;
}

static void route_ops(const Route *routes, size_t n, unsigned want_flag, bool with_flag, Ops *out) {
    static const struct {
        unsigned bit;
        const char *name;
    } methods[] = {{HTTP_GET, "get"}, {HTTP_POST, "post"}, {HTTP_HEAD, "head"}};
    for (size_t i = 0; i < n; i++) {
        if (((routes[i].flags & want_flag) != 0) != with_flag) continue;
        char path[512];
        openapi_path(routes[i].pattern, path, sizeof path);
        for (size_t m = 0; m < sizeof methods / sizeof methods[0]; m++)
            if (routes[i].methods & methods[m].bit)
                ops_add(out, methods[m].name, path, strlen(path));
    }
}

/* Every difference, one line each; returns how many. */
static int compare(const Ops *api, const Ops *others, const Ops *doc, Buf *report) {
    int bad = 0;
    for (size_t i = 0; i < api->n; i++) {
        if (ops_has(doc, api->v[i])) continue;
        buf_printf(report, "  RF_API route not in the OpenAPI paths: %s\n", api->v[i]);
        bad++;
    }
    for (size_t i = 0; i < doc->n; i++) {
        if (ops_has(api, doc->v[i])) continue;
        bool outside = false;
        for (int k = 0; outside_api[k]; k++)
            outside = outside || !strcmp(outside_api[k], doc->v[i]);
        if (outside && ops_has(others, doc->v[i])) continue;
        buf_printf(report, "  OpenAPI operation without an RF_API route: %s%s\n", doc->v[i],
                   outside ? " (listed as outside the API, but no route serves it)" : "");
        bad++;
    }
    for (int k = 0; outside_api[k]; k++) {
        if (ops_has(doc, outside_api[k])) continue;
        buf_printf(report, "  listed as documented outside the API, but not in the OpenAPI: %s\n",
                   outside_api[k]);
        bad++;
    }
    return bad;
}

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) fail_msg("cannot open %s", path);
    Buf b;
    buf_init(&b, NULL);
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, n);
    fclose(f);
    return buf_take(&b);
}

/* ---- Tests ------------------------------------------------------------ */

static void ops_from(const char *yaml, Ops *o) {
    char err[256] = "";
    if (openapi_ops(yaml, o, err, sizeof err) != 0) fail_msg("%s", err);
}

static void test_reader(void **state) {
    (void)state;
    const char *yaml = "openapi: 3.0.3\n"
                       "info:\n"
                       "  title: x\n"
                       "  description: |\n"
                       "    paths:\n"
                       "      /not/a/path:\n"
                       "        get: {}\n"
                       "components:\n"
                       "  schemas:\n"
                       "    get: {type: object}\n"
                       "paths:\n"
                       "  # a comment\n"
                       "  /a:\n"
                       "    parameters:\n"
                       "      - name: x\n"
                       "    get:\n"
                       "      description: |\n"
                       "        post:\n"
                       "\n"
                       "        delete: text at the method's indentation after a blank line\n"
                       "      responses:\n"
                       "        '200': {$ref: '#/x'}\n"
                       "    POST:\n"
                       "      summary: not an OpenAPI method key\n"
                       "  '/b/{id}':\n"
                       "    summary: a path-level key\n"
                       "    delete: {operationId: d}\n"
                       "  \"/c\": {$ref: '#/y'}\n"
                       "  /d:\r\n"
                       "    put:\r\n"
                       "x-trailer:\n"
                       "  /e:\n"
                       "    get: {}\n";
    Ops o = {0};
    ops_from(yaml, &o);
    const char *want[] = {"get /a", "delete /b/{id}", "put /d"};
    if (o.n != 3) {
        for (size_t i = 0; i < o.n; i++)
            print_error("  read: %s\n", o.v[i]);
        fail_msg("read %zu operations, want 3", o.n);
    }
    for (size_t i = 0; i < 3; i++)
        assert_string_equal(o.v[i], want[i]);
    ops_free(&o);

    /* Two-space or four-space nesting alike. */
    ops_from("paths:\n    /x:\n        get:\n            summary: s\n        post: {}\n", &o);
    assert_int_equal(o.n, 2);
    assert_string_equal(o.v[1], "post /x");
    ops_free(&o);

    char err[256];
    assert_int_equal(openapi_ops("openapi: 3.0.3\n", &o, err, sizeof err), -1);
    assert_non_null(strstr(err, "no top-level paths"));
    assert_int_equal(openapi_ops("paths:\n  api/v1/x:\n    get: {}\n", &o, err, sizeof err), -1);
    assert_non_null(strstr(err, "line 2: a path must start with '/'"));
    ops_free(&o);
}

static void test_route_paths(void **state) {
    (void)state;
    char out[256];
    openapi_path("/api/v1/applications/:id/files/:fid/delete", out, sizeof out);
    assert_string_equal(out, "/api/v1/applications/{id}/files/{fid}/delete");
    openapi_path("/api/v1/me", out, sizeof out);
    assert_string_equal(out, "/api/v1/me");
    openapi_path("/a:b/:c", out, sizeof out); /* a colon inside a segment stays */
    assert_string_equal(out, "/a:b/{c}");
    static const Route routes[] = {
        {HTTP_GET | HTTP_POST, "/api/x/:id", NULL, 0, RF_API, "x"},
        {HTTP_GET, "/page", NULL, 0, 0, "page"},
    };
    Ops api = {0}, pages = {0};
    route_ops(routes, 2, RF_API, true, &api);
    route_ops(routes, 2, RF_API, false, &pages);
    assert_int_equal(api.n, 2);
    assert_string_equal(api.v[0], "get /api/x/{id}");
    assert_string_equal(api.v[1], "post /api/x/{id}");
    assert_int_equal(pages.n, 1);
    assert_string_equal(pages.v[0], "get /page");
    ops_free(&api);
    ops_free(&pages);
}

/* The comparison names every operation on one side only. */
static void test_compare_names_each_mismatch(void **state) {
    (void)state;
    static const Route routes[] = {
        {HTTP_GET, "/api/v1/a/:id", NULL, 0, RF_API, "a"},
        {HTTP_POST, "/api/v1/b", NULL, 0, RF_API, "b"},
        {HTTP_GET, "/healthz", NULL, 0, RF_NO_DB, "healthz"},
    };
    Ops api = {0}, others = {0}, doc = {0};
    route_ops(routes, 3, RF_API, true, &api);
    route_ops(routes, 3, RF_API, false, &others);
    ops_from("paths:\n"
             "  /api/v1/a/{id}:\n    get: {}\n    post: {}\n"
             "  /api/v1/c:\n    get: {}\n"
             "  /healthz:\n    get: {}\n"
             "  /metrics:\n    get: {}\n",
             &doc);
    Buf report;
    buf_init(&report, NULL);
    assert_int_equal(compare(&api, &others, &doc, &report), 4);
    const char *want[] = {
        "RF_API route not in the OpenAPI paths: post /api/v1/b\n",
        "OpenAPI operation without an RF_API route: post /api/v1/a/{id}\n",
        "OpenAPI operation without an RF_API route: get /api/v1/c\n",
        "OpenAPI operation without an RF_API route: get /metrics (listed as outside the API, "
        "but no route serves it)\n",
    };
    for (size_t i = 0; i < 4; i++)
        if (!strstr(report.data, want[i])) fail_msg("missing \"%s\" in:\n%s", want[i], report.data);
    buf_free(&report);
    ops_free(&api);
    ops_free(&others);
    ops_free(&doc);
}

/* The real thing: docs/openapi.yaml against web_routes. */
static void test_openapi_matches_routes(void **state) {
    (void)state;
    char *yaml = read_file(BEIAN_OPENAPI);
    Ops doc = {0}, api = {0}, others = {0};
    ops_from(yaml, &doc);
    free(yaml);
    route_ops(web_routes, web_nroutes, RF_API, true, &api);
    route_ops(web_routes, web_nroutes, RF_API, false, &others);
    assert_true(api.n >= 30); /* the table was read */
    assert_true(doc.n >= 30);
    Buf report;
    buf_init(&report, NULL);
    int bad = compare(&api, &others, &doc, &report);
    if (bad) {
        /* A line per print: cmocka cuts a message at 1 KiB. */
        print_error("%d difference(s) between %s and the route table (src/web/routes.c):\n", bad,
                    BEIAN_OPENAPI);
        for (char *line = strtok(report.data, "\n"); line; line = strtok(NULL, "\n"))
            print_error("%s\n", line);
        fail();
    }
    buf_free(&report);
    ops_free(&doc);
    ops_free(&api);
    ops_free(&others);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reader),
        cmocka_unit_test(test_route_paths),
        cmocka_unit_test(test_compare_names_each_mismatch),
        cmocka_unit_test(test_openapi_matches_routes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
