/*
** Unit tests of the connection guard: the per-address limit (IPv4, IPv6
** per /64, IPv4 clients of a dual-stack socket, trusted proxies exempt)
** and the deadline reaper, on socket pairs instead of a server.
*/
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/util.h"
#include "http/internal.h"

static struct sockaddr_storage addr(const char *ip) {
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
    if (inet_pton(AF_INET, ip, &a4->sin_addr) == 1)
        a4->sin_family = AF_INET;
    else if (inet_pton(AF_INET6, ip, &a6->sin6_addr) == 1)
        a6->sin6_family = AF_INET6;
    return ss;
}

static ConnGuard *guard_with(const char *per_address, const char *trusted, Config *cfg) {
    const char *why;
    config_defaults(cfg);
    assert_int_equal(config_set(cfg, "max_conn_per_address", per_address, &why), 0);
    assert_int_equal(config_set(cfg, "trusted_proxies", trusted, &why), 0);
    return guard_start(cfg);
}

#define SA(ss) ((const struct sockaddr *)&(ss))

static void test_limit_per_address(void **state) {
    (void)state;
    Config cfg;
    ConnGuard *g = guard_with("2", "192.0.2.9", &cfg);
    struct sockaddr_storage a = addr("10.0.0.1"), b = addr("10.0.0.2");
    Conn *c1 = guard_open(g, SA(a), -1, 0), *c2 = guard_open(g, SA(a), -1, 0);
    assert_false(guard_admit(g, SA(a)));
    assert_true(guard_admit(g, SA(b)));
    /* The same client through a dual-stack socket counts as the same. */
    struct sockaddr_storage mapped = addr("::ffff:10.0.0.1");
    assert_false(guard_admit(g, SA(mapped)));
    guard_close(g, c1);
    assert_true(guard_admit(g, SA(a)));
    guard_close(g, c2);
    /* IPv6: one /64 is one client. */
    struct sockaddr_storage x = addr("2001:db8:1:2::1"), y = addr("2001:db8:1:2:ffff::9"),
                            z = addr("2001:db8:1:3::1");
    Conn *d1 = guard_open(g, SA(x), -1, 0), *d2 = guard_open(g, SA(y), -1, 0);
    assert_false(guard_admit(g, SA(x)));
    assert_true(guard_admit(g, SA(z)));
    guard_close(g, d1);
    guard_close(g, d2);
    /* A trusted proxy carries many clients: never limited. */
    struct sockaddr_storage p = addr("192.0.2.9");
    Conn *pc[5];
    for (int i = 0; i < 5; i++)
        pc[i] = guard_open(g, SA(p), -1, 0);
    assert_true(guard_admit(g, SA(p)));
    for (int i = 0; i < 5; i++)
        guard_close(g, pc[i]);
    guard_stop(g);
    config_free(&cfg);
}

/* Is the peer of fd shut down (EOF) within ms? */
static bool eof_within(int fd, int ms) {
    struct pollfd p = {fd, POLLIN, 0};
    if (poll(&p, 1, ms) <= 0) return false;
    char c;
    return recv(fd, &c, 1, MSG_DONTWAIT) == 0;
}

static void test_reaper_cuts_at_the_deadline(void **state) {
    (void)state;
    Config cfg;
    ConnGuard *g = guard_with("8", "", &cfg);
    int late[2], fine[2], over[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, late), 0);
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, fine), 0);
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, over), 0);
    struct sockaddr_storage a = addr("10.0.0.1");
    int64_t now = time_mono_us();
    Conn *cl = guard_open(g, SA(a), late[0], now + 100000);
    Conn *cf = guard_open(g, SA(a), fine[0], now + 100000);
    Conn *co = guard_open(g, SA(a), over[0], 0);
    guard_deadline(g, cf, 0);                    /* the server took the request */
    guard_deadline(g, co, now + 60 * 1000000LL); /* far away */
    assert_true(eof_within(late[1], 2000));
    assert_false(eof_within(fine[1], 500));
    assert_false(eof_within(over[1], 10));
    guard_close(g, cl);
    guard_close(g, cf);
    guard_close(g, co);
    for (int i = 0; i < 2; i++) {
        close(late[i]);
        close(fine[i]);
        close(over[i]);
    }
    guard_stop(g);
    config_free(&cfg);
}

/* Connections that race past guard_admit are shut down when they start. */
static void test_over_limit_at_start(void **state) {
    (void)state;
    Config cfg;
    ConnGuard *g = guard_with("1", "", &cfg);
    int s1[2], s2[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, s1), 0);
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, s2), 0);
    struct sockaddr_storage a = addr("10.0.0.1");
    Conn *c1 = guard_open(g, SA(a), s1[0], 0), *c2 = guard_open(g, SA(a), s2[0], 0);
    assert_false(eof_within(s1[1], 100));
    assert_true(eof_within(s2[1], 100));
    guard_close(g, c2);
    assert_false(guard_admit(g, SA(a))); /* the first still holds the place */
    guard_close(g, c1);
    assert_true(guard_admit(g, SA(a)));
    for (int i = 0; i < 2; i++) {
        close(s1[i]);
        close(s2[i]);
    }
    guard_stop(g);
    config_free(&cfg);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_limit_per_address),
        cmocka_unit_test(test_reaper_cuts_at_the_deadline),
        cmocka_unit_test(test_over_limit_at_start),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
