/*
** Model tests, continued (included by model_tests.h): the mail outbox
** (including two connections claiming at once), province rules, the files
** of applications and the versions of the form texts.
*/
#ifndef BEIAN_TESTS_MODEL_TESTS_RECORDS_H
#define BEIAN_TESTS_MODEL_TESTS_RECORDS_H

#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>

#include "core/crypto.h"
#include "model/files.h"
#include "model/mail_admin.h"
#include "model/outbox.h"
#include "model/province_rules.h"
#include "model/sealed.h"
#include "model/text_versions.h"
#include "model_fixture.h"

/* ---- The outbox ------------------------------------------------------- */

static int64_t outbox_due(ModelFix *f, int64_t id) {
    return mf_i64(f->db, "SELECT next_attempt_at FROM mail_outbox WHERE id = ?", id);
}

static void model_outbox_claim_sent_failed(ModelFix *f) {
    const int lease = 300;
    int64_t now = time_now() + 10;
    Mail m;
    assert_int_equal(outbox_claim(f->db, &f->a, now, lease, &m), -ERR_NOT_FOUND); /* empty */
    assert_int_equal(outbox_queue_secret(f->db, "a@example.com", "主题 A", "正文 A /recover/tok"),
                     0);
    assert_int_equal(outbox_queue(f->db, "b@example.com", "主题 B", "正文 B"), 0);

    /* Oldest first, with what was queued. */
    assert_int_equal(outbox_claim(f->db, &f->a, now, lease, &m), 0);
    int64_t a = m.id;
    assert_string_equal(m.to, "a@example.com");
    assert_string_equal(m.subject, "主题 A");
    assert_string_equal(m.body, "正文 A /recover/tok");
    assert_int_equal(m.attempts, 0);
    assert_int_equal(outbox_due(f, a), now + lease);
    /* Claimed: not due again during the lease, the next one is. */
    assert_int_equal(outbox_claim(f->db, &f->a, now, lease, &m), 0);
    int64_t b = m.id;
    assert_true(b > a);
    assert_int_equal(outbox_claim(f->db, &f->a, now + lease - 1, lease, &m), -ERR_NOT_FOUND);
    /* A lease that ran out (the sender died): claimable again, attempt 2. */
    assert_int_equal(outbox_claim(f->db, &f->a, now + lease, lease, &m), 0);
    assert_int_equal(m.id, a);
    assert_int_equal(m.attempts, 1);

    /* Sent: never claimed again, and the body (a reset link: secret) is gone. */
    assert_int_equal(outbox_sent(f->db, a, now + lease), 0);
    assert_string_equal(mf_text(f, "SELECT body FROM mail_outbox WHERE id = ?", a), "");
    assert_string_equal(mf_text(f, "SELECT state FROM mail_outbox WHERE id = ?", a), "sent");
    assert_int_equal(mf_i64(f->db, "SELECT sent_at FROM mail_outbox WHERE id = ?", a), now + lease);
    assert_int_equal(outbox_claim(f->db, &f->a, now + 100000, lease, &m), 0);
    assert_int_equal(m.id, b); /* b's lease ran out too; a is never offered */

    /* Failed: the error is kept and the retry waits until retry_at. */
    assert_int_equal(outbox_failed(f->db, b, "421 try later", now + 100060), 0);
    assert_string_equal(mf_text(f, "SELECT last_error FROM mail_outbox WHERE id = ?", b),
                        "421 try later");
    assert_string_equal(mf_text(f, "SELECT body FROM mail_outbox WHERE id = ?", b), "正文 B");
    assert_string_equal(mf_text(f, "SELECT state FROM mail_outbox WHERE id = ?", b), "failed");
    assert_int_equal(outbox_claim(f->db, &f->a, now + 100059, lease, &m), -ERR_NOT_FOUND);
    assert_int_equal(outbox_claim(f->db, &f->a, now + 100060, lease, &m), 0);
    assert_int_equal(m.id, b);
    assert_int_equal(m.attempts, 2);
    assert_int_equal(outbox_sent(f->db, b, now + 100061), 0);
    assert_null(mf_text(f, "SELECT last_error FROM mail_outbox WHERE id = ?", b));
    /* A body without a one-time link stays, for a resend (model/mail_admin.h). */
    assert_string_equal(mf_text(f, "SELECT body FROM mail_outbox WHERE id = ?", b), "正文 B");
    assert_string_equal(mf_text(f, "SELECT state FROM mail_outbox WHERE id = ?", b), "sent");
    assert_int_equal(outbox_claim(f->db, &f->a, now + 999999, lease, &m), -ERR_NOT_FOUND);
}

/* The admin mail page's recipient filter: an address or "@domain", in any
** case, alone or with a state. */
static int mail_found(ModelFix *f, const char *to, const char *state) {
    MailPage p = {.a = &f->a, .to = to, .state = state, .now = time_now()};
    assert_int_equal(db_tx_read(f->db, mail_admin_page, &p), 0);
    return (int)p.n;
}

static void model_mail_page_recipient(ModelFix *f) {
    assert_int_equal(outbox_queue(f->db, "Zhang.San@Example.com", "s", "b"), 0);
    assert_int_equal(outbox_queue(f->db, "li@example.com", "s", "b"), 0);
    assert_int_equal(outbox_queue(f->db, "li@example.org", "s", "b"), 0);
    assert_int_equal(outbox_queue(f->db, "li@sub.example.com", "s", "b"), 0);
    assert_int_equal(mail_found(f, "", ""), 4);
    assert_int_equal(mail_found(f, "zhang.san@example.com", ""), 1);
    assert_int_equal(mail_found(f, "ZHANG.SAN@EXAMPLE.COM", "queued"), 1);
    assert_int_equal(mail_found(f, "ZHANG.SAN@EXAMPLE.COM", "sent"), 0);
    assert_int_equal(mail_found(f, "zhang@example.com", ""), 0);
    assert_int_equal(mail_found(f, "@example.com", ""), 2); /* not sub.example.com */
    assert_int_equal(mail_found(f, "@EXAMPLE.com", "queued"), 2);
    assert_int_equal(mail_found(f, "@example.org", "failed"), 0);
    assert_int_equal(mail_found(f, "@example.net", ""), 0);
}

/* Two senders (two threads, two connections) claim at the same moment, as
** the mail sender does: in a transaction. */
typedef struct Claimer {
    const char *url;
    Db *db;
    pthread_barrier_t *go;
    int64_t now;
    int rounds;       /* claims to make; 0: until none is left */
    bool bare;        /* outside a transaction */
    bool mark_sent;   /* outbox_sent after each claim */
    int64_t got[200]; /* ids claimed, in order */
    int n;
    int errors;
} Claimer;

typedef struct ClaimTx {
    int64_t now;
    Mail m;
    bool claimed;
} ClaimTx;

static int claim_tx(Db *db, void *ctx) {
    ClaimTx *t = ctx;
    Arena a;
    arena_init(&a);
    int rc = outbox_claim(db, &a, t->now, 300, &t->m);
    arena_free(&a);
    t->claimed = rc == 0;
    return rc == -ERR_NOT_FOUND ? 0 : rc;
}

static void *claimer_main(void *arg) {
    Claimer *c = arg;
    for (int i = 0; c->rounds == 0 || i < c->rounds; i++) {
        pthread_barrier_wait(c->go);
        ClaimTx t = {.now = c->now};
        if ((c->bare ? claim_tx(c->db, &t) : db_tx(c->db, claim_tx, &t)) != 0) c->errors++;
        if (t.claimed && c->n < 200) c->got[c->n++] = t.m.id;
        if (t.claimed && c->mark_sent && outbox_sent(c->db, t.m.id, c->now) != 0) c->errors++;
        if (c->rounds == 0 && !t.claimed) break;
    }
    return NULL;
}

static void claimers_run(Claimer *c, int n) {
    pthread_t th[2];
    for (int i = 0; i < n; i++)
        pthread_create(&th[i], NULL, claimer_main, &c[i]);
    for (int i = 0; i < n; i++)
        pthread_join(th[i], NULL);
}

static void outbox_race(ModelFix *f, bool bare) {
    pthread_barrier_t go;
    pthread_barrier_init(&go, NULL, 2);
    Claimer c[2];
    int64_t now = time_now() + 10;
    for (int i = 0; i < 2; i++)
        c[i] = (Claimer){
            .url = f->url, .db = mf_connect(f), .go = &go, .now = now, .rounds = 1, .bare = bare};
    /* Round after round, one message or two: never the same one twice. */
    for (int round = 0; round < 60; round++) {
        int queued = 1 + round % 2;
        for (int k = 0; k < queued; k++)
            assert_int_equal(outbox_queue(f->db, "x@example.com", "s", "b"), 0);
        c[0].n = c[1].n = 0;
        claimers_run(c, 2);
        assert_int_equal(c[0].errors + c[1].errors, 0);
        if (c[0].n + c[1].n != queued)
            fail_msg("round %d: %d message(s) queued, %d claimed", round, queued, c[0].n + c[1].n);
        if (queued == 2 && c[0].got[0] == c[1].got[0])
            fail_msg("round %d: both claimed message %lld", round, (long long)c[0].got[0]);
        for (int i = 0; i < 2; i++)
            for (int k = 0; k < c[i].n; k++)
                assert_int_equal(outbox_sent(f->db, c[i].got[k], now), 0);
    }
    /* Draining 60 together: every message once, none left out. */
    enum { N = 60 };
    for (int k = 0; k < N; k++)
        assert_int_equal(outbox_queue(f->db, "y@example.com", "s", "b"), 0);
    for (int i = 0; i < 2; i++) {
        c[i].n = 0;
        c[i].rounds = 0;
        c[i].mark_sent = true;
    }
    pthread_barrier_destroy(&go);
    pthread_barrier_init(&go, NULL, 1); /* each at its own pace from here */
    claimers_run(c, 2);
    assert_int_equal(c[0].errors + c[1].errors, 0);
    for (int i = 0; i < 2; i++)
        for (int k = 0; k < c[i].n; k++)
            for (int j = 0; j < 2; j++)
                for (int l = 0; l < c[j].n; l++)
                    if ((i != j || k != l) && c[i].got[k] == c[j].got[l])
                        fail_msg("draining %d messages: message %lld claimed twice", N,
                                 (long long)c[i].got[k]);
    assert_int_equal(c[0].n + c[1].n, N);
    int64_t left =
        mf_i64(f->db, "SELECT count(*) FROM mail_outbox WHERE sent_at IS NULL AND id > ?", 0);
    assert_int_equal(left, 0);
    pthread_barrier_destroy(&go);
    for (int i = 0; i < 2; i++)
        db_close(c[i].db);
}

static void model_outbox_claim_race(ModelFix *f) {
    outbox_race(f, false);
}

/* The same without a transaction: outbox_claim's own check ("claim it only
** if nobody else did in between") should hold on its own. */
static void model_outbox_claim_race_bare(ModelFix *f) {
    outbox_race(f, true);
}

/* ---- Province rules --------------------------------------------------- */

static json_t *rules_doc(ModelFix *f, int code) {
    ProvinceRules p;
    assert_int_equal(province_rules_load(f->db, &f->a, code, &p), 0);
    return province_rules_json(&p);
}

static void model_province_rules_seed_and_load(ModelFix *f) {
    size_t n;
    const ProvinceRules *seed = province_seed(&n);
    assert_int_equal(n, 31);
    assert_int_equal(mf_i64(f->db, "SELECT count(*) FROM province_rules WHERE code > ?", 0), 31);
    /* Every province reads back as seeded. */
    for (size_t i = 0; i < n; i++) {
        json_t *want = province_rules_json(&seed[i]), *got = rules_doc(f, seed[i].code);
        if (!json_equal(want, got)) {
            char *w = json_dumps(want, JSON_SORT_KEYS), *g = json_dumps(got, JSON_SORT_KEYS);
            print_error("want %s\n got %s\n", w, g);
            free(w);
            free(g);
            fail_msg("province %d does not read back as seeded", seed[i].code);
        }
        json_decref(want);
        json_decref(got);
    }
    ProvinceRules p;
    assert_int_equal(province_rules_load(f->db, &f->a, 11, &p), 0);
    assert_string_equal(p.prefix, "京");
    assert_int_equal(province_rules_load(f->db, &f->a, 20, &p), -ERR_PROVINCE_UNKNOWN);
    assert_int_equal(province_rules_load(f->db, &f->a, 99, &p), -ERR_PROVINCE_UNKNOWN);
    assert_int_equal(province_rules_load(f->db, &f->a, 0, &p), -ERR_PROVINCE_UNKNOWN);
}

static void model_province_rules_store(ModelFix *f) {
    int64_t admin = mf_account(f, "ruler", "admin", "active");
    json_t *doc = rules_doc(f, 44);
    json_object_set_new(doc, "min_age", json_integer(18));
    json_object_set_new(doc, "special_notice_zh", json_string("新的提示"));
    json_t *extra =
        json_pack("{s:s, s:s, s:s, s:i, s:i, s:i}", "code", "local_pledge", "zh", "本地承诺书",
                  "en", "Local pledge", "copies", 1, "kinds", 1, "natures", 3);
    json_array_append_new(json_object_get(doc, "extras"), extra);
    size_t extras = json_array_size(json_object_get(doc, "extras"));
    ProvinceRules p;
    /* Loaded (and cached) before the edit: the load after it sees the edit. */
    assert_int_equal(province_rules_load(f->db, &f->a, 44, &p), 0);
    assert_int_not_equal(p.min_age, 18);
    assert_int_equal(province_rules_store(f->db, 44, doc, admin), 0);
    assert_int_equal(province_rules_load(f->db, &f->a, 44, &p), 0);
    assert_int_equal(p.min_age, 18);
    assert_string_equal(p.special_notice_zh, "新的提示");
    assert_int_equal(p.n_extras, extras);
    assert_string_equal(p.extras[extras - 1].code, "local_pledge");
    assert_int_equal(mf_i64(f->db, "SELECT updated_by FROM province_rules WHERE code = ?", 44),
                     admin);
    /* Seeding again (every start) keeps what admins wrote. */
    assert_int_equal(province_rules_seed(f->db), 0);
    assert_int_equal(province_rules_load(f->db, &f->a, 44, &p), 0);
    assert_int_equal(p.min_age, 18);
    assert_int_equal(mf_i64(f->db, "SELECT count(*) FROM province_rules WHERE code > ?", 0), 31);

    /* Refused documents change nothing. */
    json_t *stored = rules_doc(f, 44);
    const char *bad[] = {
        "{\"code\":44,\"name_zh\":\"广东省\"}",                   /* no prefix */
        "{\"code\":44,\"prefix\":\"粤\"}",                        /* no name */
        "{\"code\":70,\"prefix\":\"粤\",\"name_zh\":\"广东省\"}", /* code out of range */
        "{\"code\":45,\"prefix\":\"粤\",\"name_zh\":\"广东省\"}", /* another province's code */
        "{\"code\":44,\"prefix\":\"粤\",\"name_zh\":\"广东省\",\"extras\":[{\"zh\":\"无代码\"}]}",
        "[44]",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *d = json_loads(bad[i], 0, NULL);
        assert_non_null(d);
        int rc = province_rules_store(f->db, 44, d, admin);
        json_decref(d);
        if (rc != -ERR_INVALID_INPUT) fail_msg("%s: stored (%d)", bad[i], rc);
    }
    json_t *after = rules_doc(f, 44);
    assert_true(json_equal(stored, after));
    json_decref(after);
    json_decref(stored);
    /* A code without a province row is refused and stores nothing. */
    json_object_set_new(doc, "code", json_integer(20));
    assert_true(province_rules_store(f->db, 20, doc, admin) < 0);
    assert_int_equal(province_rules_load(f->db, &f->a, 20, &p), -ERR_PROVINCE_UNKNOWN);
    json_decref(doc);
}

/* ---- Files of applications -------------------------------------------- */

static AppFile file_of(int64_t app, int64_t by, const char *slot, const char *side) {
    return (AppFile){.application_id = app,
                     .uploaded_by = by,
                     .slot = slot,
                     .side = side,
                     .name = "扫描件.jpg",
                     .mime = "image/jpeg",
                     .width = 1200,
                     .height = 900};
}

#define SCAN_A "scan A: 110101199003077777"
#define SCAN_B "scan B: other content"

static int64_t blob_refs(ModelFix *f, const char *name) {
    int64_t n = -1;
    DbRc rc = db_query_i64(f->db, &n, "SELECT refs FROM blobs WHERE name = ?", "t", name);
    assert_true(rc >= 0);
    return rc == DB_ROW ? n : -1; /* -1: no such blob */
}

static void model_files(ModelFix *f) {
    int64_t acc = mf_account(f, "mallory", "customer", "active");
    int64_t sid = mf_subject(f, acc, NULL, "{}");
    int64_t app = mf_application(f, sid, "first_filing", NULL, acc);
    int64_t app2 = mf_application(f, sid, "new_site", NULL, acc);
    AppFile x[4] = {
        file_of(app, acc, "licence_copy", ""),
        file_of(app, acc, "legal_rep_id_copy", "front"),
        file_of(app, acc, "legal_rep_id_copy", "back"),
        file_of(app2, acc, "licence_copy", ""),
    };
    const char *body[4] = {SCAN_A, SCAN_B, SCAN_A, SCAN_A};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(
            app_file_add(f->db, &f->a, &x[i], body[i], strlen(body[i]), i == 1 ? "thumb" : NULL, 5),
            0);
        assert_true(x[i].id > 0 && x[i].uploaded_at > 0);
        assert_int_equal(x[i].size, (int64_t)strlen(body[i]));
    }
    /* Equal contents share one blob, named by a keyed hash (not SHA-256). */
    assert_string_equal(x[0].blob, x[2].blob);
    assert_string_not_equal(x[0].blob, x[1].blob);
    assert_string_not_equal(x[0].blob, crypto_sha256_hex(&f->a, SCAN_A, strlen(SCAN_A)));
    assert_int_equal(blob_refs(f, x[0].blob), 3);
    assert_int_equal(blob_refs(f, x[1].blob), 1);
    void *data;
    size_t n;
    assert_int_equal(blob_read(f->db, &f->a, x[0].blob, &data, &n), 0);
    assert_int_equal(n, strlen(SCAN_A));
    assert_memory_equal(data, SCAN_A, n);
    assert_int_equal(blob_thumb(f->db, &f->a, x[1].blob, &data, &n), 0);
    assert_memory_equal(data, "thumb", 5);
    assert_int_equal(blob_thumb(f->db, &f->a, x[0].blob, &data, &n), -ERR_NOT_FOUND);
    /* Sealed at rest: no chunk holds the plaintext. */
    int64_t plain = -1;
    assert_int_equal(db_query_i64(f->db, &plain,
                                  "SELECT count(*) FROM blob_chunks WHERE data = ? OR data = ?",
                                  "bb", (const void *)SCAN_A, strlen(SCAN_A), (const void *)SCAN_B,
                                  strlen(SCAN_B)),
                     DB_ROW);
    assert_int_equal(plain, 0);

    AppFile got;
    assert_int_equal(app_file_get(f->db, &f->a, app, x[1].id, &got), 0);
    assert_string_equal(got.slot, "legal_rep_id_copy");
    assert_string_equal(got.side, "front");
    assert_string_equal(got.blob, x[1].blob);
    assert_string_equal(got.name, "扫描件.jpg");
    assert_string_equal(got.mime, "image/jpeg");
    assert_string_equal(got.uploader, "mallory");
    assert_int_equal(got.size, (int64_t)strlen(SCAN_B));
    assert_int_equal(got.width, 1200);
    assert_int_equal(got.height, 900);
    /* Only through its own application. */
    assert_int_equal(app_file_get(f->db, &f->a, app2, x[1].id, &got), -ERR_NOT_FOUND);
    assert_int_equal(app_file_get(f->db, &f->a, app, x[3].id + 100, &got), -ERR_NOT_FOUND);

    AppFile *list;
    size_t nl;
    assert_int_equal(app_files_list(f->db, &f->a, app, &list, &nl), 0);
    assert_int_equal(nl, 3); /* by slot, then side */
    assert_int_equal(list[0].id, x[2].id);
    assert_int_equal(list[1].id, x[1].id);
    assert_int_equal(list[2].id, x[0].id);
    int64_t count = -1;
    assert_int_equal(app_file_count(f->db, app, "legal_rep_id_copy", "front", &count), 0);
    assert_int_equal(count, 1);
    assert_int_equal(app_file_count(f->db, app, "licence_copy", "front", &count), 0);
    assert_int_equal(count, 0);

    /* Deleted: gone from every read, and its reference given back once. */
    assert_int_equal(app_file_delete(f->db, app2, x[0].id), 0); /* not its application */
    assert_int_equal(app_file_get(f->db, &f->a, app, x[0].id, &got), 0);
    assert_int_equal(blob_refs(f, x[0].blob), 3);
    assert_int_equal(app_file_delete(f->db, app, x[0].id), 0);
    assert_int_equal(app_file_delete(f->db, app, x[0].id), 0); /* twice is harmless */
    assert_int_equal(blob_refs(f, x[0].blob), 2);
    assert_int_equal(app_file_get(f->db, &f->a, app, x[0].id, &got), -ERR_NOT_FOUND);
    assert_int_equal(app_files_list(f->db, &f->a, app, &list, &nl), 0);
    assert_int_equal(nl, 2);
    assert_int_equal(app_file_count(f->db, app, "licence_copy", "", &count), 0);
    assert_int_equal(count, 0);
    assert_int_equal(app_files_list(f->db, &f->a, app + app2 + 1, &list, &nl), 0);
    assert_int_equal(nl, 0);
    /* The last reference takes the bytes with it. */
    assert_int_equal(app_file_delete(f->db, app, x[1].id), 0);
    assert_int_equal(blob_refs(f, x[1].blob), -1);
    assert_int_equal(blob_read(f->db, &f->a, x[1].blob, &data, &n), -ERR_STORE_NOT_FOUND);
    int64_t chunks = -1;
    assert_int_equal(db_query_i64(f->db, &chunks, "SELECT count(*) FROM blob_chunks", NULL),
                     DB_ROW);
    assert_int_equal(chunks, 1); /* SCAN_A's */
    /* ... and content stored again is a new blob that reads back. */
    AppFile again = file_of(app, acc, "legal_rep_id_copy", "front");
    assert_int_equal(app_file_add(f->db, &f->a, &again, SCAN_B, strlen(SCAN_B), NULL, 0), 0);
    assert_int_equal(blob_refs(f, again.blob), 1);
    assert_int_equal(blob_read(f->db, &f->a, again.blob, &data, &n), 0);
    assert_memory_equal(data, SCAN_B, n);
}

/* Scans of applications withdrawn or closed before the cut-off are deleted
** (bytes erased unless another file names them, one audit row an
** application); others are kept. */
static void model_file_retention(ModelFix *f) {
    int64_t acc = mf_account(f, "keeper", "customer", "active");
    int64_t sid = mf_subject(f, acc, NULL, "{}");
    int64_t old_w = mf_application(f, sid, "first_filing", NULL, acc);
    int64_t old_c = mf_application(f, sid, "new_site", NULL, acc);
    int64_t recent = mf_application(f, sid, "new_site", NULL, acc);
    int64_t live = mf_application(f, sid, "new_site", NULL, acc);
    struct {
        int64_t app;
        const char *state;
        int64_t ended;
    } set[] = {{old_w, "withdrawn", 1000},
               {old_c, "closed", 2000},
               {recent, "withdrawn", 9000},
               {live, "draft", 10}};
    AppFile x[4];
    for (int i = 0; i < 4; i++) {
        assert_true(db_exec(f->db, "UPDATE applications SET state = ?, updated_at = ? WHERE id = ?",
                            "tii", set[i].state, set[i].ended, set[i].app) >= 0);
        x[i] = file_of(set[i].app, acc, "licence_copy", "");
        /* the closed one shares its bytes with the live one */
        const char *body = i == 1 || i == 3 ? SCAN_B : i == 0 ? SCAN_A : "recent scan";
        assert_int_equal(app_file_add(f->db, &f->a, &x[i], body, strlen(body), NULL, 0), 0);
    }
    FileRetention op = {.before = 5000, .limit = 1};
    assert_int_equal(file_retention_erase(f->db, &op), 0);
    assert_int_equal(op.erased, 1);
    assert_true(op.more);
    assert_int_equal(file_retention_erase(f->db, &op), 0);
    assert_int_equal(op.erased, 1);
    assert_false(op.more);
    assert_int_equal(file_retention_erase(f->db, &op), 0);
    assert_int_equal(op.erased, 0);
    AppFile got;
    assert_int_equal(app_file_get(f->db, &f->a, old_w, x[0].id, &got), -ERR_NOT_FOUND);
    assert_int_equal(app_file_get(f->db, &f->a, old_c, x[1].id, &got), -ERR_NOT_FOUND);
    assert_int_equal(app_file_get(f->db, &f->a, recent, x[2].id, &got), 0);
    assert_int_equal(app_file_get(f->db, &f->a, live, x[3].id, &got), 0);
    assert_int_equal(blob_refs(f, x[0].blob), -1); /* erased */
    assert_int_equal(blob_refs(f, x[1].blob), 1);  /* still the live file's */
    void *data;
    size_t n;
    assert_int_equal(blob_read(f->db, &f->a, x[3].blob, &data, &n), 0);
    int64_t rows = 0;
    assert_int_equal(db_query_i64(f->db, &rows,
                                  "SELECT count(*) FROM audit_log WHERE action = "
                                  "'file.retention_erase'",
                                  NULL),
                     DB_ROW);
    assert_int_equal(rows, 2);
    int64_t bytes = 0;
    assert_int_equal(app_file_bytes_of(f->db, acc, &bytes), 0);
    assert_int_equal(bytes, (int64_t)(strlen("recent scan") + strlen(SCAN_B)));
}

/* Content larger than a chunk is split and put back together; a damaged
** chunk is refused. */
static void model_blob_chunks(ModelFix *f) {
    size_t n = 2 * BLOB_CHUNK + 1000;
    unsigned char *big = malloc(n);
    for (size_t i = 0; i < n; i++)
        big[i] = (unsigned char)(i * 31 + i / 7);
    char name[65];
    assert_int_equal(blob_ref(f->db, &f->a, big, n, NULL, 0, name), 0);
    int64_t chunks = -1;
    assert_int_equal(db_query_i64(f->db, &chunks,
                                  "SELECT count(*) FROM blob_chunks c JOIN blobs b ON "
                                  "b.id = c.blob_id WHERE b.name = ?",
                                  "t", name),
                     DB_ROW);
    assert_int_equal(chunks, 3);
    void *data;
    size_t got;
    assert_int_equal(blob_read(f->db, &f->a, name, &data, &got), 0);
    assert_int_equal(got, n);
    assert_memory_equal(data, big, n);
    assert_true(db_exec(f->db,
                        "UPDATE blob_chunks SET data = ? WHERE seq = 1 AND blob_id = "
                        "(SELECT id FROM blobs WHERE name = ?)",
                        "bt", (const void *)big, (size_t)BLOB_CHUNK, name) >= 0);
    assert_int_equal(blob_read(f->db, &f->a, name, &data, &got), -ERR_STORE_TAMPERED);
    free(big);
}

/* ---- Versions of the form texts --------------------------------------- */

static void model_text_versions(ModelFix *f) {
    int64_t admin = mf_account(f, "writer", "admin", "active");
    TextVersion t;
    assert_int_equal(text_version_latest(f->db, &f->a, "agreement", &t), -ERR_NOT_FOUND);
    int v = 0;
    assert_int_equal(text_version_add(f->db, "agreement", "第一版", admin, &v), 0);
    assert_int_equal(v, 1);
    assert_int_equal(text_version_add(f->db, "agreement", "第二版", admin, &v), 0);
    assert_int_equal(v, 2);
    assert_int_equal(text_version_add(f->db, "authorisation", "授权书第一版", admin, &v), 0);
    assert_int_equal(v, 1); /* each kind counts on its own */
    assert_int_equal(text_version_latest(f->db, &f->a, "agreement", &t), 0);
    assert_int_equal(t.version, 2);
    assert_string_equal(t.kind, "agreement");
    assert_string_equal(t.text, "第二版");
    assert_string_equal(t.author, "writer");
    assert_true(t.created_at > 0);
    TextVersion *list;
    size_t n;
    assert_int_equal(text_versions_list(f->db, &f->a, "agreement", &list, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(list[0].version, 2); /* newest first */
    assert_string_equal(list[1].text, "第一版");
    assert_int_equal(text_versions_list(f->db, &f->a, "nothing", &list, &n), 0);
    assert_int_equal(n, 0);
    /* The schema allows only the two kinds (the driver logs the refusal). */
    log_set_level((LogLevel)(LOG_ERROR + 1));
    int rc = text_version_add(f->db, "manifesto", "x", admin, &v);
    log_set_level(LOG_WARN);
    assert_true(rc < 0);
}

typedef struct Writer {
    Db *db;
    int64_t admin;
    int fails;
    pthread_barrier_t *go;
} Writer;

typedef struct AddTx {
    int64_t admin;
    int version;
} AddTx;

static int add_tx(Db *db, void *ctx) {
    AddTx *t = ctx;
    return text_version_add(db, "agreement", "并发写入", t->admin, &t->version);
}

static void *writer_main(void *arg) {
    Writer *w = arg;
    pthread_barrier_wait(w->go);
    for (int i = 0; i < 10; i++) {
        AddTx t = {w->admin, 0};
        if (db_tx(w->db, add_tx, &t) != 0) w->fails++;
    }
    return NULL;
}

/* Two admins saving at once: every save becomes its own next version. */
static void model_text_versions_concurrent(ModelFix *f) {
    int64_t admin = mf_account(f, "writer", "admin", "active");
    pthread_barrier_t go;
    pthread_barrier_init(&go, NULL, 2);
    Writer w[2];
    pthread_t th[2];
    for (int i = 0; i < 2; i++) {
        w[i] = (Writer){mf_connect(f), admin, 0, &go};
        pthread_create(&th[i], NULL, writer_main, &w[i]);
    }
    for (int i = 0; i < 2; i++)
        pthread_join(th[i], NULL);
    pthread_barrier_destroy(&go);
    for (int i = 0; i < 2; i++)
        db_close(w[i].db);
    assert_int_equal(w[0].fails + w[1].fails, 0);
    TextVersion *list;
    size_t n;
    assert_int_equal(text_versions_list(f->db, &f->a, "agreement", &list, &n), 0);
    assert_int_equal(n, 20);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(list[i].version, 20 - (int)i);
}

/* ---- Sealed values: the flat reader against jansson's tree -------------- */

/* What values_open gave before the flat reader: jansson's tree. */
static int sealed_by_tree(Arena *a, const char *text, Values *out) {
    values_init(out, a);
    return values_parse_tree(text, out);
}

static void model_values_open_flat(ModelFix *f) {
    static const char *const texts[] = {
        "{}",
        " { } ",
        "{\"site_name\":\"示例网站\",\"site_domain\":\"a.example.cn\\nb.example.cn\"}",
        "{\"site_name\":\"q\\\"b\\\\s\\/t\\tn\\nr\\rb\\bf\\f\",\"nope\":\"x\"}",
        "{ \"site_name\" : \"a\" ,\n\t\"site_name\" : \"b\" }", /* the last one wins */
        "{\"site_name\":\"\\u00e9\\ud83d\\ude00\"}",            /* \u: jansson's */
        "{\"site_name\":\"\\u0001\"}",
        "{\"site_name\":1,\"site_domain\":\"d\"}", /* not a string: skipped */
        "{\"site_name\":[\"x\"],\"site_domain\":{\"a\":\"b\"}}",
        "{\"site_name\":null}",
        "{\"site_name\":\"\xe4\xb8\"}",     /* cut UTF-8 */
        "{\"site_name\":\"\xed\xa0\x80\"}", /* a surrogate */
        "{\"site_name\":\"\xc0\xaf\"}",     /* overlong */
        "{\"site_name\":\"\xf0\x9f\x98\x80 ok\"}",
        "{\"site_name\":\"a\tb\"}", /* a raw control character */
        "{\"site_name\":\"a\"} x",
        "{\"site_name\":\"a\"",
        "{\"site_name\" \"a\"}",
        "{\"site_name\":\"a\",}",
        "[\"site_name\"]",
        "\"x\"",
        "not json",
        "{\"\\u0073ite_name\":\"escaped key\"}",
        "{\"site_name\":\"\\x\"}",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        Values want, got;
        int want_rc = sealed_by_tree(&f->a, texts[i], &want);
        int rc = values_open(&f->a, crypto_seal_text(&f->a, texts[i]), &got);
        if (rc != want_rc) fail_msg("text %zu: %d, jansson %d", i, rc, want_rc);
        if (rc < 0) continue;
        for (int id = 1; id < FIELD__COUNT; id++) {
            if (!want.v[id] != !got.v[id]) fail_msg("text %zu: field %d set differently", i, id);
            if (want.v[id] && strcmp(want.v[id], got.v[id]))
                fail_msg("text %zu: field %d \"%s\", jansson \"%s\"", i, id, got.v[id], want.v[id]);
        }
    }
    /* What values_seal writes opens to the same values. */
    Values v, back;
    values_init(&v, &f->a);
    values_set(&v, F_SITE_NAME, "网站 \"引号\" \\ / \x01 \x7f 😀");
    values_set(&v, F_SITE_DOMAIN, "a.cn\nb.cn");
    values_set(&v, F_SUBJECT_NAME, "");
    assert_int_equal(values_open(&f->a, values_seal(&f->a, &v), &back), 0);
    for (int id = 1; id < FIELD__COUNT; id++) {
        assert_int_equal(!v.v[id], !back.v[id]);
        if (v.v[id]) assert_string_equal(v.v[id], back.v[id]);
    }
    assert_int_equal(values_open(&f->a, "", &back), 0);
    assert_int_equal(values_count(&back), 0);
    assert_int_equal(values_open(&f->a, "bm90IHNlYWxlZA", &back), -ERR_INTERNAL);
}

MODEL_WRAP(values_open_flat)
MODEL_WRAP(outbox_claim_sent_failed)
MODEL_WRAP(mail_page_recipient)
MODEL_WRAP(outbox_claim_race)
MODEL_WRAP(outbox_claim_race_bare)
MODEL_WRAP(province_rules_seed_and_load)
MODEL_WRAP(province_rules_store)
MODEL_WRAP(files)
MODEL_WRAP(blob_chunks)
MODEL_WRAP(file_retention)
MODEL_WRAP(text_versions)
MODEL_WRAP(text_versions_concurrent)

#define MODEL_RECORD_TESTS(setup, teardown)                                                        \
    MODEL_TEST(outbox_claim_sent_failed, setup, teardown),                                         \
        MODEL_TEST(mail_page_recipient, setup, teardown),                                          \
        MODEL_TEST(outbox_claim_race, setup, teardown),                                            \
        MODEL_TEST(outbox_claim_race_bare, setup, teardown),                                       \
        MODEL_TEST(province_rules_seed_and_load, setup, teardown),                                 \
        MODEL_TEST(province_rules_store, setup, teardown), MODEL_TEST(files, setup, teardown),     \
        MODEL_TEST(text_versions, setup, teardown),                                                \
        MODEL_TEST(text_versions_concurrent, setup, teardown),                                     \
        MODEL_TEST(blob_chunks, setup, teardown), MODEL_TEST(file_retention, setup, teardown),     \
        MODEL_TEST(values_open_flat, setup, teardown)

#endif
