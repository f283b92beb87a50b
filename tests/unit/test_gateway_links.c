/*
** The links to the administrations: the file of provinces with a link of
** their own (parsed, refused line by line), and what the database makes of
** them: each province finds its link, the others the default one.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/config.h"
#include "core/err.h"
#include "core/log.h"
#include "gateway/gateway.h"
#include "model/regulator_outbox.h"
#include "model/schema.h"

static void test_parse(void **state) {
    (void)state;
    Arena a;
    arena_init(&a);
    LinkConf *l;
    size_t n;
    char *why;
    const char *text = "# provinces endpoint ispID user password [key iv]\n"
                       "\n"
                       "44,45  https://gd.example:8443  2044  beian  secret   # Guangdong\n"
                       "31\thttp://sh.example 2031 isp pw 0123456789abcdef fedcba9876543210\n";
    assert_int_equal(gateway_links_parse(&a, text, &l, &n, &why), 0);
    assert_int_equal(n, 2);
    assert_int_equal(l[0].link.id, 44);
    assert_int_equal(l[0].link.n_provinces, 2);
    assert_int_equal(l[0].link.provinces[1], 45);
    assert_string_equal(l[0].link.endpoint, "https://gd.example:8443");
    assert_int_equal(l[0].link.isp_id, 2044);
    assert_string_equal(l[0].password, "secret");
    assert_string_equal(l[0].aes_key, "");
    assert_string_equal(l[1].aes_iv, "fedcba9876543210");
    static const char *const bad[] = {
        "44 https://gd.example 2044 beian\n",        /* a word missing */
        "4x https://gd.example 2044 beian pw\n",     /* not a province code */
        "99 https://gd.example 2044 beian pw\n",     /* out of range */
        "44 ftp://gd.example 2044 beian pw\n",       /* not http(s) */
        "44 https://gd.example -1 beian pw\n",       /* not an ispID */
        "44 https://gd.example 2044 beian pw key\n", /* a key without its IV */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        why = NULL;
        assert_int_equal(gateway_links_parse(&a, bad[i], &l, &n, &why), -ERR_REG_LINKS_FILE);
        assert_non_null(why);
        assert_non_null(strstr(why, "line 1"));
    }
    arena_free(&a);
}

static void test_provinces_find_their_link(void **state) {
    (void)state;
    char dir[] = "/tmp/beian-links-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128], url[160];
    snprintf(path, sizeof path, "%s/links", dir);
    FILE *f = fopen(path, "w");
    fputs("44,45 http://127.0.0.1:9 2044 beian pw\n", f);
    fclose(f);
    snprintf(url, sizeof url, "sqlite:%s/beian.db", dir);
    Db *db = db_open(url);
    assert_non_null(db);
    log_set_level(LOG_WARN);
    int applied = 0;
    assert_int_equal(schema_migrate(db, &applied), 0);
    Config cfg = {.regulator_endpoint = "http://127.0.0.1:8",
                  .regulator_isp_id = 1001,
                  .regulator_links = path};
    assert_int_equal(gateway_links_sync(db, &cfg), 0);
    assert_int_equal(gateway_links_sync(db, &cfg), 0); /* every node, at every start */
    int64_t link = -1;
    assert_int_equal(regulator_link_of(db, 45, &link), 0);
    assert_int_equal(link, 44);
    assert_int_equal(regulator_link_of(db, 11, &link), 0);
    assert_int_equal(link, 0);
    int64_t isp = 0;
    assert_int_equal(db_query_i64(db, &isp, "SELECT isp_id FROM regulator_links WHERE id = 44", ""),
                     DB_ROW);
    assert_int_equal(isp, 2044);
    Arena a;
    arena_init(&a);
    RegLinkState *st;
    size_t n;
    assert_int_equal(regulator_links_state(db, &a, &st, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(st[1].endpoint, "http://127.0.0.1:9");
    arena_free(&a);
    db_close(db);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

typedef struct Send {
    int64_t id, now;
    const char *owner;
    int lease;
} Send;

static int tx_sending(Db *db, void *ctx) {
    Send *s = ctx;
    return regulator_upload_sending(db, s->id, s->owner, s->now, s->lease);
}

/* regulator_upload_sending in its own transaction, as the gateway calls it. */
static int sending(Db *db, int64_t id, const char *owner, int64_t now, int lease) {
    Send s = {id, now, owner, lease};
    return db_tx(db, tx_sending, &s);
}

/* Two nodes and one link: the lease decides who sends, and it fences each
** send. A node whose lease ran out during a slow call (or that was stopped
** and came back) cannot mark an upload 'sending' once another node holds
** the link, nor mark one the other node has sent. */
static void test_lease_fences_sending(void **state) {
    (void)state;
    char dir[] = "/tmp/beian-lease-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char url[160];
    snprintf(url, sizeof url, "sqlite:%s/beian.db", dir);
    Db *db = db_open(url);
    assert_non_null(db);
    log_set_level(LOG_WARN);
    int applied = 0;
    assert_int_equal(schema_migrate(db, &applied), 0);
    Config cfg = {.regulator_endpoint = "http://127.0.0.1:8", .regulator_isp_id = 1001};
    assert_int_equal(gateway_links_sync(db, &cfg), 0);
    /* Two uploads of link 0 (the rows only: no application behind them). */
    assert_true(db_exec(db, "PRAGMA foreign_keys = OFF", "") >= 0);
    for (int seq = 1; seq <= 2; seq++)
        assert_true(db_exec(db,
                            "INSERT INTO regulator_uploads (link_id, seq, application_id, "
                            "operation, payload, file_name, result_key, review_key, state, "
                            "next_attempt_at, created_at) VALUES (0, ?, 1, 'XZBA', '', 'f.xml', "
                            "'', '', 'queued', 0, 0)",
                            "i", (int64_t)seq) >= 0);
    const int lease = gateway_lease_s(30, 5);
    assert_int_equal(lease, 95);
    int64_t t = 1000000;
    bool got = false;
    assert_int_equal(regulator_link_claim(db, 0, "node-a", t, lease, &got), 0);
    assert_true(got);
    assert_int_equal(regulator_link_claim(db, 0, "node-b", t + 1, lease, &got), 0);
    assert_false(got); /* held */
    assert_int_equal(sending(db, 1, "node-b", t + 1, lease), -ERR_REG_LEASE_LOST);
    /* A sends 1 and renews at t + 50: B still waits at t + lease + 1. */
    assert_int_equal(sending(db, 1, "node-a", t + 50, lease), 0);
    assert_int_equal(sending(db, 1, "node-a", t + 51, lease), -ERR_REG_LEASE_LOST);
    assert_int_equal(regulator_link_claim(db, 0, "node-b", t + lease + 1, lease, &got), 0);
    assert_false(got);
    /* A stops (killed): after its lease, B takes the link; A, back late
    ** from a slow call, may not send; B may. */
    int64_t later = t + 50 + lease + 1;
    assert_int_equal(regulator_link_claim(db, 0, "node-b", later, lease, &got), 0);
    assert_true(got);
    assert_int_equal(sending(db, 2, "node-a", later, lease), -ERR_REG_LEASE_LOST);
    int64_t v = -1;
    assert_int_equal(
        db_query_i64(db, &v, "SELECT attempts FROM regulator_uploads WHERE seq = 2", ""), DB_ROW);
    assert_int_equal(v, 0); /* nothing changed */
    assert_int_equal(sending(db, 2, "node-b", later + 1, lease), 0);
    assert_int_equal(
        db_query_i64(db, &v, "SELECT lease_until FROM regulator_link_status WHERE link_id = 0", ""),
        DB_ROW);
    assert_int_equal(v, later + 1 + lease); /* each send renews */
    assert_int_equal(regulator_link_claim(db, 0, "node-a", later + 2, lease, &got), 0);
    assert_false(got);
    db_close(db);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_provinces_find_their_link),
        cmocka_unit_test(test_lease_fences_sending),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
