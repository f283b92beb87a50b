/*
** End to end: graceful shutdown. Requests in flight when SIGTERM arrives
** finish with their normal answer; the server exits 0; new connections are
** refused afterwards.
*/
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

typedef struct Shot {
    Client *c;
    long status;
} Shot;

/* A login: its argon2id verification keeps the request in flight ~75 ms. */
static void *login_thread(void *arg) {
    Shot *s = arg;
    Resp *r = http_post_json(s->c, "/api/v1/session",
                             "{\"login\":\"admin1\",\"password\":\"" STAFF_PASSWORD "\"}");
    s->status = r->status;
    return NULL;
}

static void test_in_flight_requests_finish(void **state) {
    (void)state;
    Beian *b = beian_start(true);
    enum { N = 4 };
    Shot shots[N];
    pthread_t th[N];
    for (int i = 0; i < N; i++) {
        shots[i].c = client_new(b);
        http_get(shots[i].c, "/api/v1/csrf"); /* connect and get a token first */
    }
    for (int i = 0; i < N; i++)
        pthread_create(&th[i], NULL, login_thread, &shots[i]);
    struct timespec ts = {0, 20 * 1000000L};
    nanosleep(&ts, NULL);
    int pid = b->pid;
    kill(pid, SIGTERM); /* while the logins are being verified */
    for (int i = 0; i < N; i++)
        pthread_join(th[i], NULL);
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
