/*
** Unit tests of the request-size defences of the body parsers and the
** field-spec parser: the cap on fields and parts, and error collection that
** stays linear in the number of fields (the attack run's 40,000 unknown
** fields cost seconds when each was checked against every earlier error).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "http/internal.h"
#include "http/spec.h"

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

/* A urlencoded body of n distinct names without values: "f0&f1&...". */
static char *many_fields(int n) {
    char *s = malloc((size_t)n * 12 + 1), *p = s;
    for (int i = 0; i < n; i++)
        p += sprintf(p, "%sf%d", i ? "&" : "", i);
    return s;
}

static int parse_form(const char *body) {
    Req *r = req_make();
    buf_append(&r->body, body, strlen(body));
    r->content_type = "application/x-www-form-urlencoded";
    int rc = req_parse_body(r);
    req_done(r);
    return rc;
}

static void test_form_field_cap(void **state) {
    (void)state;
    char *s = many_fields(40000);
    assert_int_equal(parse_form(s), -ERR_TOO_MANY_FIELDS);
    free(s);
    s = many_fields(HTTP_MAX_FIELDS);
    assert_int_equal(parse_form(s), 0);
    free(s);
    s = many_fields(HTTP_MAX_FIELDS + 1);
    assert_int_equal(parse_form(s), -ERR_TOO_MANY_FIELDS);
    free(s);
}

/* A multipart body of n text parts. */
static void multipart_parts(Buf *b, int n) {
    for (int i = 0; i < n; i++)
        buf_printf(b, "--XyZ\r\nContent-Disposition: form-data; name=\"p%d\"\r\n\r\nv\r\n", i);
    buf_puts(b, "--XyZ--\r\n");
}

static void test_multipart_part_cap(void **state) {
    (void)state;
    for (int n = HTTP_MAX_FIELDS; n <= HTTP_MAX_FIELDS + 1; n++) {
        Req *r = req_make();
        multipart_parts(&r->body, n);
        r->content_type = "multipart/form-data; boundary=XyZ";
        assert_int_equal(req_parse_body(r), n > HTTP_MAX_FIELDS ? -ERR_TOO_MANY_FIELDS : 0);
        req_done(r);
    }
}

static void test_json_member_cap(void **state) {
    (void)state;
    for (int n = HTTP_MAX_FIELDS; n <= HTTP_MAX_FIELDS + 1; n++) {
        Req *r = req_make();
        buf_putc(&r->body, '{');
        for (int i = 0; i < n; i++)
            buf_printf(&r->body, "%s\"k%d\":1", i ? "," : "", i);
        buf_putc(&r->body, '}');
        r->content_type = "application/json";
        assert_int_equal(req_parse_body(r), n > HTTP_MAX_FIELDS ? -ERR_TOO_MANY_FIELDS : 0);
        req_done(r);
    }
    /* Array items count too: one key with 2,000 strings. */
    Req *r = req_make();
    buf_puts(&r->body, "{\"k\":[");
    for (int i = 0; i < 2000; i++)
        buf_printf(&r->body, "%s\"v\"", i ? "," : "");
    buf_puts(&r->body, "]}");
    r->content_type = "application/json";
    assert_int_equal(req_parse_body(r), -ERR_TOO_MANY_FIELDS);
    req_done(r);
}

/* CPU seconds spec_parse takes on a form of n unknown fields (the parsers'
** cap bypassed: the form is filled directly), the best of three runs. */
static double spec_parse_cpu(int n) {
    double best = 1e9;
    for (int rep = 0; rep < 3; rep++) {
        Req *r = req_make();
        r->body_parsed = true;
        r->body_kind = BODY_FORM;
        r->form.items = ARENA_NEW(&r->arena, Param, (size_t)n);
        r->form.n = r->form.cap = (size_t)n;
        for (int i = 0; i < n; i++)
            r->form.items[i] = (Param){arena_printf(&r->arena, "f%d", i), "", 0};
        const char *login = NULL;
        Field spec[] = {{"login", FK_TEXT, FF_REQUIRED, 0, 0, NULL, NULL, &login}, FIELD_END};
        struct timespec t0, t1;
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
        assert_int_equal(spec_parse(r, spec), -ERR_INVALID_INPUT);
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
        assert_int_equal(r->nerrs, (size_t)n + 1); /* login required + n unknown */
        assert_int_equal(req_field_code(r, "f7"), ERR_FIELD_UNKNOWN);
        req_done(r);
        double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        if (s < best) best = s;
    }
    return best;
}

/* Four times the fields must cost about four times the time, not sixteen
** (a ratio measured in one run, so the machine's speed does not matter). */
static void test_spec_parse_is_linear(void **state) {
    (void)state;
    double t1 = spec_parse_cpu(10000), t4 = spec_parse_cpu(40000);
    print_message("spec_parse: 10000 fields %.4f s, 40000 fields %.4f s, ratio %.2f\n", t1, t4,
                  t4 / t1);
    assert_true(t4 / t1 < 8.0);
}

/* The first reason recorded for a field wins, and lookups find each one. */
static void test_field_errors_first_wins(void **state) {
    (void)state;
    Req *r = req_make();
    for (int i = 0; i < 5000; i++)
        req_field_error(r, arena_printf(&r->arena, "f%d", i), ERR_FIELD_UNKNOWN);
    req_field_error(r, "f42", -ERR_FIELD_TOO_LONG);
    assert_int_equal(r->nerrs, 5000);
    assert_int_equal(req_field_code(r, "f42"), ERR_FIELD_UNKNOWN);
    assert_int_equal(req_field_code(r, "f4999"), ERR_FIELD_UNKNOWN);
    assert_int_equal(req_field_code(r, "f5000"), 0);
    req_done(r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_form_field_cap),          cmocka_unit_test(test_multipart_part_cap),
        cmocka_unit_test(test_json_member_cap),         cmocka_unit_test(test_spec_parse_is_linear),
        cmocka_unit_test(test_field_errors_first_wins),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
