/*
** Unit tests of upload bodies spooled to a temporary file: the file has no
** name on disk and mode 0600, and multipart parsed from the file's mapping
** gives what parsing the same bytes in memory gives, with only the text
** parts (up to their limit) copied into memory.
*/
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "http/internal.h"

static char dir[64];

static int setup(void **state) {
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/beian-spool-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    return rmdir(dir);
}

/* The number of names in dir (besides . and ..). */
static int names_in_dir(void) {
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    closedir(d);
    return n;
}

static const char body[] = "--XyZ\r\n"
                           "Content-Disposition: form-data; name=\"slot\"\r\n\r\n"
                           "id_front\r\n"
                           "--XyZ\r\n"
                           "Content-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n"
                           "Content-Type: image/jpeg\r\n\r\n"
                           "\xff\xd8\xff\xe0 binary \r\n-- not a delimiter\r\n"
                           "--XyZ--\r\n";

static void test_spool_is_private_and_nameless(void **state) {
    (void)state;
    Spool s;
    assert_int_equal(spool_open(&s, dir), 0);
    assert_true(s.open);
    assert_int_equal(names_in_dir(), 0);
    struct stat st;
    assert_int_equal(fstat(s.fd, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    /* Written in pieces, read back whole. */
    for (size_t i = 0; i < sizeof body - 1; i += 7)
        assert_int_equal(
            spool_write(&s, body + i, sizeof body - 1 - i < 7 ? sizeof body - 1 - i : 7), 0);
    assert_int_equal(s.len, sizeof body - 1);
    const char *m = spool_map(&s);
    assert_non_null(m);
    assert_memory_equal(m, body, sizeof body - 1);
    spool_close(&s);
    assert_false(s.open);
    assert_int_equal(names_in_dir(), 0);
    /* An empty spool maps to an empty string. */
    assert_int_equal(spool_open(&s, dir), 0);
    assert_string_equal(spool_map(&s), "");
    spool_close(&s);
}

static void test_multipart_from_spool(void **state) {
    (void)state;
    Req *r = calloc(1, sizeof *r);
    arena_init(&r->arena);
    buf_init(&r->body, &r->arena);
    r->method = HTTP_POST;
    r->content_type = "multipart/form-data; boundary=XyZ";
    r->text_limit = 64;
    assert_int_equal(spool_open(&r->spool, dir), 0);
    assert_int_equal(spool_write(&r->spool, body, sizeof body - 1), 0);
    assert_int_equal(req_parse_body(r), 0);
    assert_int_equal(r->body.len, 0); /* nothing was buffered in memory */
    assert_int_equal(r->form.n, 1);
    assert_string_equal(r->form.items[0].name, "slot");
    assert_string_equal(r->form.items[0].value, "id_front");
    assert_int_equal(r->nfiles, 1);
    assert_string_equal(r->files[0].filename, "a.jpg");
    const char *want = "\xff\xd8\xff\xe0 binary \r\n-- not a delimiter";
    assert_int_equal(r->files[0].len, strlen(want));
    assert_memory_equal(r->files[0].data, want, strlen(want));
    /* The file part points into the mapping, not into a copy. */
    assert_true((const char *)r->files[0].data > r->spool.map &&
                (const char *)r->files[0].data < r->spool.map + r->spool.len);
    spool_close(&r->spool);
    arena_free(&r->arena);
    free(r);
}

/* Text parts are copied into memory: beyond text_limit bytes of them, the
** body is refused as too large, whatever the upload limit. */
static void test_spooled_text_parts_are_capped(void **state) {
    (void)state;
    Req *r = calloc(1, sizeof *r);
    arena_init(&r->arena);
    r->method = HTTP_POST;
    r->content_type = "multipart/form-data; boundary=XyZ";
    r->text_limit = 4; /* "id_front" is 8 bytes */
    assert_int_equal(spool_open(&r->spool, dir), 0);
    assert_int_equal(spool_write(&r->spool, body, sizeof body - 1), 0);
    assert_int_equal(req_parse_body(r), -ERR_TOO_LARGE);
    spool_close(&r->spool);
    arena_free(&r->arena);
    free(r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spool_is_private_and_nameless),
        cmocka_unit_test(test_multipart_from_spool),
        cmocka_unit_test(test_spooled_text_parts_are_capped),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
