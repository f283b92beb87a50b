/*
** End to end: graceful shutdown. Requests in flight when SIGTERM arrives
** finish with their normal answer; the server exits 0; new connections are
** refused afterwards.
**
** The test proves it reached the race it names: SIGTERM is sent only once
** /metrics reports at least four logins suspended on the hashing pool.
*/
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"
#include "rawhttp.h"

typedef struct Shot {
    Client *c;
    long status;
} Shot;

/* A login: its argon2id verification keeps the request suspended ~75 ms. */
static void *login_thread(void *arg) {
    Shot *s = arg;
    Resp *r = http_post_json(s->c, "/api/v1/session",
                             "{\"login\":\"admin1\",\"password\":\"" STAFF_PASSWORD "\"}");
    s->status = r->status;
    return NULL;
}

/* The beian_suspended_requests gauge read over fd (one keep-alive
** connection), or -1 when the answer lacks it. */
static long suspended_gauge(int fd) {
    RawResp rr;
    if (!raw_send_str(fd, "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") ||
        raw_read_response(fd, &rr, 2000) != 200) {
        free(rr.body);
        return -1;
    }
    const char *m = strstr(rr.body, "\nbeian_suspended_requests ");
    long v = m ? strtol(m + strlen("\nbeian_suspended_requests "), NULL, 10) : -1;
    free(rr.body);
    return v;
}

static void test_in_flight_requests_finish(void **state) {
    (void)state;
    /* One hashing thread: six logins take ~450 ms, so four or more are
    ** suspended together for a good while. Six logins of one account are
    ** more than the throttle lets through by default. */
    const char *env[] = {"BEIAN_HASH_THREADS=1", "BEIAN_LOGIN_MAX_FAILURES=20", NULL};
    Beian *b = beian_start_env(true, env);
    enum { N = 6 };
    Shot shots[N];
    pthread_t th[N];
    for (int i = 0; i < N; i++) {
        shots[i].c = client_new(b);
        http_get(shots[i].c, "/api/v1/csrf"); /* connect and get a token first */
    }
    int mfd = raw_connect(b->port);
    assert_int_equal(suspended_gauge(mfd), 0);
    for (int i = 0; i < N; i++)
        pthread_create(&th[i], NULL, login_thread, &shots[i]);
    long seen = 0;
    for (long long end = raw_now_ms() + 10000; seen < 4 && raw_now_ms() < end;)
        seen = suspended_gauge(mfd);
    int pid = b->pid;
    if (seen >= 4) kill(pid, SIGTERM); /* while the logins are being verified */
    for (int i = 0; i < N; i++)
        pthread_join(th[i], NULL);
    close(mfd);
    if (seen < 4) fail_msg("never saw four logins suspended on the hashing pool (last: %ld)", seen);
    for (int i = 0; i < N; i++) {
        assert_int_equal(shots[i].status, 200);
        client_free(shots[i].c);
    }
    assert_int_equal(beian_stop(b), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_in_flight_requests_finish),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
