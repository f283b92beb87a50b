/*
** End to end: what one anonymous or slow client can cost the server.
**   - every security header is sent once, on pages and error pages.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "harness.h"
#include "rawhttp.h"

static const char *const security_headers[] = {"X-Content-Type-Options", "Referrer-Policy",
                                               "X-Frame-Options", "Cache-Control", NULL};

/* Send one request on fd and check each security header appears once
** (and the CSP once on HTML). Returns the status. */
static int check_headers_once(int fd, const char *request, bool html) {
    RawResp rr;
    raw_send_str(fd, request);
    int status = raw_read_response(fd, &rr, 5000);
    for (int i = 0; security_headers[i]; i++)
        if (raw_header_count(rr.head, security_headers[i]) != 1)
            fail_msg("%s: %s sent %d times:\n%s", request, security_headers[i],
                     raw_header_count(rr.head, security_headers[i]), rr.head);
    if (raw_header_count(rr.head, "Content-Security-Policy") != (html ? 1 : 0))
        fail_msg("%s: Content-Security-Policy sent %d times", request,
                 raw_header_count(rr.head, "Content-Security-Policy"));
    free(rr.body);
    return status;
}

static void test_security_headers_once(void **state) {
    (void)state;
    Beian *b = beian_start(false);
    int fd = raw_connect(b->port);
    /* One keep-alive connection: pages, error pages, JSON errors. */
    assert_int_equal(check_headers_once(fd, "GET /login HTTP/1.1\r\nHost: x\r\n\r\n", true), 200);
    assert_int_equal(check_headers_once(fd, "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n", true), 404);
    assert_int_equal(check_headers_once(fd, "GET /api/v1/me HTTP/1.1\r\nHost: x\r\n\r\n", false),
                     401);
    assert_int_equal(check_headers_once(
                         fd, "POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", true),
                     403);
    close(fd);
    assert_int_equal(beian_stop(b), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_security_headers_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
