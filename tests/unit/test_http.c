/*
** Unit tests for src/http without a network: route matching, the body
** parsers and the field-spec parser on hand-made requests.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "http/spec.h"
#include "http/internal.h"
#include "http/router.h"

static int h_dummy(Req *r) {
    (void)r;
    return 0;
}

static const Route routes[] = {
    {HTTP_GET, "/", h_dummy, ROLES_ANY, 0, "root"},
    {HTTP_GET, "/a/:id", h_dummy, ROLES_ANY, 0, "a_get"},
    {HTTP_POST, "/a/:id/approve", h_dummy, ROLES_ANY, 0, "a_approve"},
    {HTTP_GET | HTTP_POST, "/b/:x/c/:y", h_dummy, ROLES_ANY, 0, "b"},
    {HTTP_GET, "/static/*", h_dummy, ROLES_ANY, 0, "static"},
};
#define NROUTES (sizeof routes / sizeof routes[0])

static Req *req_make(void) {
    Req *r = calloc(1, sizeof *r);
    arena_init(&r->arena);
    buf_init(&r->body, &r->arena);
    r->method = HTTP_POST;
    return r;
}

static void req_done(Req *r) {
    if (r->json) json_decref(r->json);
    arena_free(&r->arena);
    free(r);
}

static void test_route_find(void **state) {
    (void)state;
    Req *r = req_make();
    assert_int_equal(route_find(routes, NROUTES, HTTP_GET, "/", r), 0);
    assert_int_equal(route_find(routes, NROUTES, HTTP_GET, "/a/42", r), 1);
    assert_string_equal(req_param(r, "id"), "42");
    assert_int_equal(req_param_id(r, "id"), 42);
    assert_int_equal(route_find(routes, NROUTES, HTTP_POST, "/a/42/approve", r), 2);
    assert_int_equal(route_find(routes, NROUTES, HTTP_POST, "/a/42", r), -2); /* 405 */
    assert_int_equal(route_find(routes, NROUTES, HTTP_GET, "/a/", r), -1);    /* empty param */
    assert_int_equal(route_find(routes, NROUTES, HTTP_GET, "/a/1/2", r), -1);
    assert_int_equal(route_find(routes, NROUTES, HTTP_GET, "/b/p/c/q", r), 3);
    assert_string_equal(req_param(r, "x"), "p");
    assert_string_equal(req_param(r, "y"), "q");
    assert_int_equal(route_find(routes, NROUTES, HTTP_HEAD, "/static/css/app.css", r), 4);
    assert_int_equal(route_find(routes, NROUTES, HTTP_GET, "/nothing", r), -1);
    /* Ids that are not plain positive numbers read as 0. */
    route_find(routes, NROUTES, HTTP_GET, "/a/12x", r);
    assert_int_equal(req_param_id(r, "id"), 0);
    route_find(routes, NROUTES, HTTP_GET, "/a/-3", r);
    assert_int_equal(req_param_id(r, "id"), 0);
    req_done(r);
}

static void set_body(Req *r, const char *type, const char *body, size_t n) {
    buf_append(&r->body, body, n);
    r->content_type = type;
    r->body_parsed = false;
}

static void test_urlencoded(void **state) {
    (void)state;
    Req *r = req_make();
    const char *b = "a=1&b=x+y%21&c=&&d&e=%E5%A4%87&bad=%zz";
    set_body(r, "application/x-www-form-urlencoded", b, strlen(b));
    assert_int_equal(req_parse_body(r), 0);
    assert_int_equal(r->form.n, 6);
    assert_string_equal(r->form.items[1].value, "x y!");
    assert_string_equal(r->form.items[2].value, "");
    assert_string_equal(r->form.items[3].name, "d");
    assert_string_equal(r->form.items[4].value, "备");
    assert_string_equal(r->form.items[5].value, "%zz");
    req_done(r);
}

static void test_multipart(void **state) {
    (void)state;
    Req *r = req_make();
    const char body[] = "--B\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nhello\r\n"
                        "--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.png\"\r\n"
                        "Content-Type: image/png\r\n\r\n\x89PNG\0\r\nX\r\n--B--\r\n";
    set_body(r, "multipart/form-data; boundary=B", body, sizeof body - 1);
    assert_int_equal(req_parse_body(r), 0);
    assert_int_equal(r->form.n, 1);
    assert_string_equal(r->form.items[0].value, "hello");
    assert_int_equal(r->nfiles, 1);
    assert_string_equal(r->files[0].filename, "a.png");
    assert_int_equal(r->files[0].len, 8); /* NUL and CRLF inside the data are kept */
    assert_memory_equal(r->files[0].data, "\x89PNG\0\r\nX", 8);
    req_done(r);
    /* Truncated: no closing delimiter. */
    r = req_make();
    const char bad[] = "--B\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\nhello";
    set_body(r, "multipart/form-data; boundary=B", bad, sizeof bad - 1);
    assert_int_equal(req_parse_body(r), -ERR_BAD_REQUEST);
    req_done(r);
}

static void test_json_body_errors(void **state) {
    (void)state;
    Req *r = req_make();
    set_body(r, "application/json", "[1,2]", 5);
    assert_int_equal(req_parse_body(r), -ERR_INVALID_INPUT);
    assert_int_equal(req_field_code(r, "(body)"), ERR_FIELD_JSON);
    req_done(r);
    r = req_make();
    set_body(r, "application/json", "{\"a\":1,\"a\":2}", 13);
    assert_int_equal(req_parse_body(r), -ERR_INVALID_INPUT); /* duplicate keys */
    req_done(r);
    r = req_make();
    set_body(r, "text/xml", "<a/>", 4);
    assert_int_equal(req_parse_body(r), -ERR_UNSUPPORTED_TYPE);
    req_done(r);
}

static int check_upper(Arena *a, const char *in, const char **norm) {
    if (strchr(in, '!')) return -ERR_FIELD_CHOICE;
    char *s = arena_strdup(a, in);
    for (char *p = s; *p; p++)
        if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 32);
    *norm = s;
    return 0;
}

typedef struct Out {
    const char *name, *kind, *code, *note;
    int64_t n;
    bool flag;
    StrList ips;
} Out;

static const char *const kinds[] = {"one", "two", NULL};

static int parse(Req *r, Out *o) {
    const Field spec[] = {
        {"name", FK_TEXT, FF_REQUIRED, 2, 5, NULL, NULL, &o->name},
        {"kind", FK_CHOICE, FF_REQUIRED, 0, 0, kinds, NULL, &o->kind},
        {"code", FK_TEXT, 0, 0, 10, NULL, check_upper, &o->code},
        {"note", FK_TEXT, FF_MULTILINE, 0, 50, NULL, NULL, &o->note},
        {"n", FK_INT, 0, 1, 9, NULL, NULL, &o->n},
        {"flag", FK_BOOL, 0, 0, 0, NULL, NULL, &o->flag},
        {"ips", FK_LIST, 0, 0, 2, NULL, NULL, &o->ips},
        FIELD_END,
    };
    return spec_parse(r, spec);
}

static void test_field_spec_form(void **state) {
    (void)state;
    Req *r = req_make();
    const char *b = "name=+%E5%A4%87%E6%A1%88+&kind=two&code=ab&note=x%0Ay&n=3&flag=on&ips=1.2.3.4"
                    "&ips=5.6.7.8&csrf=t";
    set_body(r, "application/x-www-form-urlencoded", b, strlen(b));
    req_parse_body(r);
    r->body_kind = BODY_FORM;
    Out o = {0};
    assert_int_equal(parse(r, &o), 0);
    assert_string_equal(o.name, "备案"); /* trimmed, 2 code points */
    assert_string_equal(o.kind, "two");
    assert_string_equal(o.code, "AB"); /* normalised by the check */
    assert_string_equal(o.note, "x\ny");
    assert_int_equal(o.n, 3);
    assert_true(o.flag);
    assert_int_equal(o.ips.n, 2);
    req_done(r);
}

static void test_field_spec_errors(void **state) {
    (void)state;
    Req *r = req_make();
    const char *b = "name=abcdef&kind=three&code=a!&note=a%01b&n=10&flag=maybe&ips=1&ips=2&ips=3"
                    "&extra=1&name2=%FF";
    set_body(r, "application/x-www-form-urlencoded", b, strlen(b));
    req_parse_body(r);
    Out o = {0};
    assert_int_equal(parse(r, &o), -ERR_INVALID_INPUT);
    assert_int_equal(req_field_code(r, "name"), ERR_FIELD_TOO_LONG);
    assert_int_equal(req_field_code(r, "kind"), ERR_FIELD_CHOICE);
    assert_int_equal(req_field_code(r, "code"), ERR_FIELD_CHOICE);
    assert_int_equal(req_field_code(r, "note"), ERR_FIELD_CONTROL);
    assert_int_equal(req_field_code(r, "n"), ERR_FIELD_RANGE);
    assert_int_equal(req_field_code(r, "flag"), ERR_FIELD_TYPE);
    assert_int_equal(req_field_code(r, "ips"), ERR_FIELD_RANGE);
    assert_int_equal(req_field_code(r, "extra"), ERR_FIELD_UNKNOWN);
    assert_int_equal(req_field_code(r, "name2"), ERR_FIELD_UNKNOWN);
    /* The raw value stays available to show again, except invalid UTF-8. */
    assert_string_equal(spec_raw(r, "name"), "abcdef");
    assert_string_equal(spec_raw(r, "name2"), "");
    req_done(r);
    /* Missing required fields and invalid UTF-8 in a known field. */
    r = req_make();
    b = "code=%C3%28&name=x";
    set_body(r, "application/x-www-form-urlencoded", b, strlen(b));
    req_parse_body(r);
    assert_int_equal(parse(r, &o), -ERR_INVALID_INPUT);
    assert_int_equal(req_field_code(r, "kind"), ERR_FIELD_REQUIRED);
    assert_int_equal(req_field_code(r, "code"), ERR_FIELD_UTF8);
    assert_int_equal(req_field_code(r, "name"), ERR_FIELD_TOO_SHORT);
    req_done(r);
}

static void test_field_spec_json(void **state) {
    (void)state;
    Req *r = req_make();
    const char *b =
        "{\"name\":\"abc\",\"kind\":\"one\",\"n\":5,\"flag\":true,\"ips\":[\"a\",\"b\"],"
        "\"note\":null}";
    set_body(r, "application/json", b, strlen(b));
    assert_int_equal(req_parse_body(r), 0);
    Out o = {0};
    assert_int_equal(parse(r, &o), 0);
    assert_int_equal(o.n, 5);
    assert_true(o.flag);
    assert_int_equal(o.ips.n, 2);
    assert_string_equal(o.note, "");
    req_done(r);
    r = req_make();
    b = "{\"name\":7,\"kind\":[\"one\"],\"n\":\"x\",\"flag\":\"yes\",\"ips\":[1],\"csrf\":\"t\"}";
    set_body(r, "application/json", b, strlen(b));
    req_parse_body(r);
    assert_int_equal(parse(r, &o), -ERR_INVALID_INPUT);
    assert_int_equal(req_field_code(r, "name"), ERR_FIELD_TYPE);
    assert_int_equal(req_field_code(r, "kind"), ERR_FIELD_TYPE);
    assert_int_equal(req_field_code(r, "n"), ERR_FIELD_NOT_INT);
    assert_int_equal(req_field_code(r, "ips"), ERR_FIELD_TYPE);
    assert_int_equal(req_field_code(r, "csrf"),
                     ERR_FIELD_UNKNOWN); /* JSON carries it in a header */
    req_done(r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_route_find),      cmocka_unit_test(test_urlencoded),
        cmocka_unit_test(test_multipart),       cmocka_unit_test(test_json_body_errors),
        cmocka_unit_test(test_field_spec_form), cmocka_unit_test(test_field_spec_errors),
        cmocka_unit_test(test_field_spec_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
