/*
** End to end: the durability of the file store (issue 12 item 1). An upload
** racing a delete of a file with the same content must never lose its
** bytes: every upload answered 201 is downloadable afterwards. Pairs of
** customers race, all pairs at once: in each round one customer deletes a
** scan while the other uploads the same document; the upload is then read
** back. Before migration 0011 (bytes written before the row's commit,
** erased after the delete's) some of these were lost (404 store_not_found);
** on PostgreSQL several in each run.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <pthread.h>

#include "../fixtures/uploads/fixtures.h"
#include "filing_data.h"
#include "flows.h"

#define CUSTOMERS 8
#define ROUNDS    50

static Beian *srv;
static Client *staff;
static Arena A;

static int setup(void **state) {
    (void)state;
    arena_init(&A);
    STEP("the server starts; a reviewer logs in");
    /* On PostgreSQL, plans as at production size: on a few rows the planner
    ** scans whole tables, and SERIALIZABLE's table-wide read locks then make
    ** one of two racing transactions retry, which hides the race this test
    ** looks for (with index scans the code before 0011 lost 1-2 uploads of
    ** 400 in most runs here). SQLite ignores it. */
    static const char *const env[] = {"PGOPTIONS=-c enable_seqscan=off", NULL};
    srv = beian_start_env(true, env);
    staff = flow_staff(srv, "reviewer1");
    return 0;
}

static int teardown(void **state) {
    (void)state;
    client_free(staff);
    arena_free(&A);
    return beian_stop(srv) == 0 ? 0 : -1;
}

/* Two customers and what they saw: del holds each round's document first
** and deletes it while up uploads the same document. */
typedef struct Racer {
    Client *up, *del;
    long long app, del_app;
    FxBytes content[ROUNDS];
    long long first[ROUNDS], again[ROUNDS]; /* file ids, 0: not acknowledged */
    long up_status[ROUNDS], del_status[ROUNDS], get_status[ROUNDS], clean_status[ROUNDS];
    bool intact[ROUNDS];  /* the download is the JPEG uploaded */
    pthread_barrier_t go; /* the two sides of a round start together */
} Racer;

/* A file id from an upload (0 unless 201); no assertions off the main thread. */
static long long post_scan(Client *c, long long app, FxBytes f, long *status) {
    char path[128];
    snprintf(path, sizeof path, "/api/v1/applications/%lld/files", app);
    const char *fields[] = {"slot", "licence_copy", "side", "", NULL};
    Resp *r = http_post_file(c, path, "file", "licence.jpg", f.p, f.n, fields);
    *status = r->status;
    return r->status == 201 && r->json ? jint(r->json, "file.id") : 0;
}

static long delete_file(Client *c, long long app, long long file) {
    char path[128];
    snprintf(path, sizeof path, "/api/v1/applications/%lld/files/%lld/delete", app, file);
    return http_post_json(c, path, "{}")->status;
}

static void *uploader(void *arg) {
    Racer *x = arg;
    for (int i = 0; i < ROUNDS; i++) {
        pthread_barrier_wait(&x->go);
        /* The upload starts 2 to 5 ms after the delete, a little later
        ** each round, so that the delete's commit falls inside the upload's
        ** transaction in many rounds (wherever that lies on this machine). */
        struct timespec d = {0, 2000000L + (long)(i % 16) * 200000L};
        nanosleep(&d, NULL);
        x->again[i] = post_scan(x->up, x->app, x->content[i], &x->up_status[i]);
        pthread_barrier_wait(&x->go);
        /* Both answered: what was acknowledged must be there. */
        if (!x->again[i]) continue;
        char path[128];
        snprintf(path, sizeof path, "/api/v1/applications/%lld/files/%lld", x->app, x->again[i]);
        Resp *r = http_get(x->up, path);
        x->get_status[i] = r->status;
        x->intact[i] = r->status == 200 && r->len == x->content[i].n &&
                       memcmp(r->body, x->content[i].p, r->len) == 0;
        /* The slot holds at most five: the round's file goes. */
        x->clean_status[i] = delete_file(x->up, x->app, x->again[i]);
    }
    return NULL;
}

static void *deleter(void *arg) {
    Racer *x = arg;
    for (int i = 0; i < ROUNDS; i++) {
        long st = 0;
        /* The document to race on; under the other pairs' contention
        ** PostgreSQL may refuse it with 503 db_retry (nothing changed): the
        ** client tries again, as a browser's user would. */
        for (int try = 0; try < 5; try++) {
            x->first[i] = post_scan(x->del, x->del_app, x->content[i], &st);
            if (st != 503) break;
            struct timespec d = {0, 50000000L};
            nanosleep(&d, NULL);
        }
        pthread_barrier_wait(&x->go);
        x->del_status[i] = x->first[i] ? delete_file(x->del, x->del_app, x->first[i]) : 0;
        pthread_barrier_wait(&x->go);
    }
    return NULL;
}

E2E_TEST(test_upload_racing_delete) {
    STEP("pairs of customers complete first filings");
    static Racer racers[CUSTOMERS];
    char login[32], domain[64];
    for (int c = 0; c < CUSTOMERS; c++) {
        Racer *x = &racers[c];
        for (int k = 0; k < 2; k++) {
            snprintf(login, sizeof login, "race%d%c", c, "ab"[k]);
            snprintf(domain, sizeof domain, "example-race%d%c.cn", c, "ab"[k]);
            Client *cl = flow_new_customer(srv, staff, login);
            long long app = flow_first_filing(cl, "{" ORG_SUBJECT "}", SITE_OTHER_PRINCIPAL,
                                              "示例科技官方网站", domain);
            if (k == 0)
                x->up = cl, x->app = app;
            else
                x->del = cl, x->del_app = app;
        }
        for (int i = 0; i < ROUNDS; i++) /* a content of its own for each pair */
            x->content[i] = fx_jpeg(&A, 40 + i, 24 + c);
        pthread_barrier_init(&x->go, NULL, 2);
    }
    STEP("%d rounds race: a document uploaded by one customer while another deletes it",
         CUSTOMERS * ROUNDS);
    pthread_t t[CUSTOMERS][2];
    for (int c = 0; c < CUSTOMERS; c++) {
        pthread_create(&t[c][0], NULL, uploader, &racers[c]);
        pthread_create(&t[c][1], NULL, deleter, &racers[c]);
    }
    for (int c = 0; c < CUSTOMERS; c++) {
        pthread_join(t[c][0], NULL);
        pthread_join(t[c][1], NULL);
        pthread_barrier_destroy(&racers[c].go);
    }
    STEP("every upload answered 201 downloads with its bytes: none lost");
    /* Under this contention PostgreSQL (SERIALIZABLE) may give up on a
    ** transaction after its retries: 503 db_retry. Such an upload or delete
    ** was refused, not acknowledged, and changed nothing; the client tries
    ** again. What matters is that no 201 loses its bytes. */
    int acknowledged = 0, lost = 0, refused = 0;
    for (int c = 0; c < CUSTOMERS; c++) {
        Racer *x = &racers[c];
        for (int i = 0; i < ROUNDS; i++) {
            assert_true(x->first[i] > 0);
            assert_true(x->del_status[i] == 200 || x->del_status[i] == 503);
            assert_true(x->up_status[i] == 201 || x->up_status[i] == 503);
            if (x->up_status[i] == 503) {
                refused++;
                continue;
            }
            acknowledged++;
            if (x->get_status[i] != 200 || !x->intact[i]) {
                lost++;
                fprintf(stderr, "lost: customer %d, round %d, file %lld: %ld\n", c, i, x->again[i],
                        x->get_status[i]);
            }
            assert_true(x->clean_status[i] == 200 || x->clean_status[i] == 503);
        }
    }
    fprintf(stderr,
            "%d acknowledged uploads raced a delete of the same content; %d lost; %d refused "
            "(busy, retried by the client)\n",
            acknowledged, lost, refused);
    assert_int_equal(lost, 0);
    assert_true(refused * 10 <= acknowledged); /* a refusal stays the exception */
    STEP("the slots are empty again (but for deletes refused as busy)");
    for (int c = 0; c < CUSTOMERS; c++) {
        size_t up_left = 0, del_left = 0;
        for (int i = 0; i < ROUNDS; i++) {
            if (racers[c].up_status[i] == 201 && racers[c].clean_status[i] == 503) up_left++;
            if (racers[c].del_status[i] == 503) del_left++;
        }
        char path[128];
        snprintf(path, sizeof path, "/api/v1/applications/%lld/files", racers[c].app);
        Resp *r = http_get(racers[c].up, path);
        ASSERT_STATUS(r, 200);
        assert_int_equal(json_array_size(jpath(r->json, "files")), up_left);
        snprintf(path, sizeof path, "/api/v1/applications/%lld/files", racers[c].del_app);
        r = http_get(racers[c].del, path);
        ASSERT_STATUS(r, 200);
        assert_int_equal(json_array_size(jpath(r->json, "files")), del_left);
        client_free(racers[c].up);
        client_free(racers[c].del);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        E2E_CASE(test_upload_racing_delete),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
