/*
** The client address behind a trusted load balancer (trusted_proxies):
** what deploy/nginx sends ($proxy_add_x_forwarded_for appends the address
** nginx saw to whatever the client claimed) gives the address nginx saw.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/arena.h"
#include "http/internal.h"

static void test_last_entry_is_the_client(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    assert_string_equal(forwarded_client(&a, "203.0.113.5"), "203.0.113.5");
    /* A client that sent its own header: nginx's entry is last. */
    assert_string_equal(forwarded_client(&a, "198.51.100.7, 203.0.113.5"), "203.0.113.5");
    assert_string_equal(forwarded_client(&a, "10.1.1.1,203.0.113.5"), "203.0.113.5");
    assert_string_equal(forwarded_client(&a, " 2001:db8::1 "), "2001:db8::1");
    arena_free(&a);
}

static void test_not_an_address(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    assert_null(forwarded_client(&a, "unknown"));
    assert_null(forwarded_client(&a, "203.0.113.5, evil"));
    assert_null(forwarded_client(&a, "203.0.113.5,"));
    assert_null(forwarded_client(&a, "203.0.113.5:4711"));
    arena_free(&a);
}

static void test_trusted_list(void **state) {
    (void)state;
    const char *list = "127.0.0.1, 10.0.0.10,10.0.0.11";
    assert_true(addr_list_has(list, "127.0.0.1"));
    assert_true(addr_list_has(list, "10.0.0.10"));
    assert_true(addr_list_has(list, "10.0.0.11"));
    assert_false(addr_list_has(list, "10.0.0.1")); /* whole addresses, no prefixes */
    assert_false(addr_list_has(list, "127.0.0.2"));
    assert_false(addr_list_has("", "127.0.0.1"));
    assert_false(addr_list_has(NULL, "127.0.0.1"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_last_entry_is_the_client),
        cmocka_unit_test(test_not_an_address),
        cmocka_unit_test(test_trusted_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
