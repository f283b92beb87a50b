/*
** Model tests, shared by test_model_sqlite.c and test_model_pg.c: the same
** bodies run on each database. Each body gets a migrated, empty database in
** a ModelFix (model_fixture.h). These cover the parts of src/model outside
** the filing operations: accounts, sessions, throttling, the audit log,
** password resets and login recovery; the outbox, province rules, files and
** text versions are in model_tests_records.h; the admin console's operations
** in model_tests_admin.h.
**
** The including file defines its setup/teardown and lists MODEL_TESTS.
*/
#ifndef BEIAN_TESTS_MODEL_TESTS_H
#define BEIAN_TESTS_MODEL_TESTS_H

#include <time.h>

#include "model/audit.h"
#include "model/recover.h"
#include "model/reset.h"
#include "model/session.h"
#include "model/throttle.h"
#include "model_fixture.h"

/* ---- Accounts --------------------------------------------------------- */

static void model_account_create_and_read(ModelFix *f) {
    int64_t id = mf_account(f, "alice", "customer", "pending");
    Account acc;
    assert_int_equal(account_get(f->db, &f->a, id, &acc), 0);
    assert_int_equal(acc.id, id);
    assert_string_equal(acc.login, "alice");
    assert_string_equal(acc.email, "alice@example.com");
    assert_string_equal(acc.mobile_mask, "138****5678");
    assert_string_equal(acc.account_type, "individual");
    assert_string_equal(acc.role, "customer");
    assert_string_equal(acc.status, "pending");
    assert_null(acc.status_reason);
    assert_null(acc.decided_by_login);
    assert_true(acc.created_at > 0 && acc.created_at == acc.password_changed_at);
    /* The phone is sealed at rest and opens to the original. */
    char *stored = mf_text(f, "SELECT mobile_enc FROM accounts WHERE id = ?", id);
    assert_null(strstr(stored, "13812345678"));
    assert_null(strstr(stored, "5678"));
    char *mobile = NULL;
    assert_int_equal(account_mobile(f->db, &f->a, id, &mobile), 0);
    assert_string_equal(mobile, "13812345678");
    assert_int_equal(account_mobile(f->db, &f->a, id + 100, &mobile), -ERR_NOT_FOUND);

    AccountAuth au;
    assert_int_equal(account_auth_by_login(f->db, &f->a, "alice", &au), 0);
    assert_int_equal(au.id, id);
    assert_string_equal(au.password_hash, "$argon2id$test");
    assert_string_equal(au.status, "pending");
    assert_string_equal(au.display_name, "测试用户");
    assert_int_equal(account_auth_by_login(f->db, &f->a, "nobody", &au), -ERR_NOT_FOUND);
    assert_int_equal(account_auth_by_id(f->db, &f->a, id, &au), 0);
    assert_string_equal(au.login, "alice");
    assert_int_equal(account_auth_by_id(f->db, &f->a, id + 100, &au), -ERR_NOT_FOUND);
    assert_int_equal(account_get(f->db, &f->a, id + 100, &acc), -ERR_NOT_FOUND);
}

static void model_account_unique(ModelFix *f) {
    mf_account(f, "bob", "customer", "pending");
    AccountNew dup = {"bob",      "other@example.com", "13800000000", "individual", "x",
                      "customer", "pending",           "h",           NULL};
    int64_t id = 0;
    assert_int_equal(account_create(f->db, &f->a, &dup, &id), -ERR_LOGIN_TAKEN);
    dup.login = "bob2";
    dup.email = "bob@example.com";
    assert_int_equal(account_create(f->db, &f->a, &dup, &id), -ERR_EMAIL_TAKEN);
    assert_int_equal(account_taken(f->db, "bob", "new@example.com"), -ERR_LOGIN_TAKEN);
    assert_int_equal(account_taken(f->db, "new", "bob@example.com"), -ERR_EMAIL_TAKEN);
    assert_int_equal(account_taken(f->db, "new", "new@example.com"), 0);
    assert_int_equal(mf_i64(f->db, "SELECT count(*) FROM accounts WHERE id > ?", 0), 1);
}

static void model_account_list_and_decide(ModelFix *f) {
    int64_t staff = mf_account(f, "reviewer", "reviewer", "active");
    int64_t p1 = mf_account(f, "p1", "customer", "pending");
    int64_t p2 = mf_account(f, "p2", "customer", "pending");
    int64_t p3 = mf_account(f, "p3", "customer", "pending");
    Account *rows;
    size_t n;
    assert_int_equal(account_list(f->db, &f->a, "pending", "", 0, 10, &rows, &n), 0);
    assert_int_equal(n, 3);
    assert_int_equal(rows[0].id, p3); /* newest first */
    assert_int_equal(rows[2].id, p1);
    assert_int_equal(account_list(f->db, &f->a, "", "", 0, 2, &rows, &n), 0);
    assert_int_equal(n, 2); /* the limit */
    /* The next page by key: below the last id shown, each filter alike. */
    assert_int_equal(account_list(f->db, &f->a, "pending", "", p3, 10, &rows, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].id, p2);
    assert_int_equal(account_list(f->db, &f->a, "pending", "customer", p2, 10, &rows, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, p1);
    assert_int_equal(account_list(f->db, &f->a, "", "customer", p1, 10, &rows, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(account_list(f->db, &f->a, "", "", p1, 10, &rows, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, staff);
    assert_int_equal(account_list(f->db, &f->a, "", "reviewer", 0, 0, &rows, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, staff);
    int64_t pending = 0;
    assert_int_equal(account_count(f->db, "pending", &pending), 0);
    assert_int_equal(pending, 3);

    assert_int_equal(account_decide(f->db, p1, staff, true, NULL), 0);
    assert_int_equal(account_decide(f->db, p2, staff, false, "名称不符"), 0);
    Account acc;
    assert_int_equal(account_get(f->db, &f->a, p1, &acc), 0);
    assert_string_equal(acc.status, "active");
    assert_string_equal(acc.decided_by_login, "reviewer");
    assert_true(acc.decided_at > 0);
    assert_int_equal(account_get(f->db, &f->a, p2, &acc), 0);
    assert_string_equal(acc.status, "rejected");
    assert_string_equal(acc.status_reason, "名称不符");
    /* Decided once: a second decision is refused and changes nothing. */
    assert_int_equal(account_decide(f->db, p1, staff, false, "late"), -ERR_STATE);
    assert_int_equal(account_decide(f->db, p2, staff, true, NULL), -ERR_STATE);
    assert_int_equal(account_decide(f->db, p3 + 100, staff, true, NULL), -ERR_NOT_FOUND);
    assert_int_equal(account_get(f->db, &f->a, p1, &acc), 0);
    assert_string_equal(acc.status, "active");
    assert_int_equal(account_count(f->db, "pending", &pending), 0);
    assert_int_equal(pending, 1);
    assert_int_equal(account_list(f->db, &f->a, "pending", "customer", 0, 10, &rows, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, p3);

    mf_exec(f->db, "UPDATE accounts SET password_changed_at = ? WHERE id = ?", 1, p3);
    assert_int_equal(account_set_password(f->db, p3, "$argon2id$new"), 0);
    AccountAuth au;
    assert_int_equal(account_auth_by_id(f->db, &f->a, p3, &au), 0);
    assert_string_equal(au.password_hash, "$argon2id$new");
    assert_int_equal(account_get(f->db, &f->a, p3, &acc), 0);
    assert_true(acc.password_changed_at > 1);
}

/* ---- Sessions --------------------------------------------------------- */

static void model_session_lifecycle(ModelFix *f) {
    int64_t acc = mf_account(f, "carol", "customer", "active");
    char *token = NULL;
    int64_t id = 0;
    assert_int_equal(session_create(f->db, &f->a, acc, "203.0.113.9", "UA/1.0", &token, &id), 0);
    assert_true(id > 0);
    assert_int_equal(strlen(token), 43); /* 32 random bytes, base64url */
    /* Only the token's SHA-256 is stored. */
    char *hash = mf_text(f, "SELECT token_hash FROM sessions WHERE id = ?", id);
    assert_string_equal(hash, crypto_sha256_hex(&f->a, token, strlen(token)));
    assert_int_equal(mf_i64(f->db, "SELECT count(*) FROM sessions WHERE id = ?", id), 1);

    SessionInfo s;
    assert_int_equal(session_lookup(f->db, &f->a, token, &s), 0);
    assert_int_equal(s.id, id);
    assert_int_equal(s.account_id, acc);
    assert_string_equal(s.login, "carol");
    assert_string_equal(s.role, "customer");
    assert_string_equal(s.status, "active");
    assert_true(s.created_at > 0 && s.last_seen == s.created_at);
    assert_int_equal(session_lookup(f->db, &f->a, hash, &s), -ERR_NOT_FOUND);
    assert_int_equal(session_lookup(f->db, &f->a, "", &s), -ERR_NOT_FOUND);

    char *token2 = NULL;
    int64_t id2 = 0;
    assert_int_equal(session_create(f->db, &f->a, acc, "::1", NULL, &token2, &id2), 0);
    assert_string_not_equal(token2, token);

    assert_int_equal(session_touch(f->db, id, s.created_at + 600), 0);
    assert_int_equal(session_lookup(f->db, &f->a, token, &s), 0);
    assert_int_equal(s.last_seen, s.created_at + 600);
    assert_int_equal(session_delete(f->db, id), 0);
    assert_int_equal(session_lookup(f->db, &f->a, token, &s), -ERR_NOT_FOUND);
    assert_int_equal(session_lookup(f->db, &f->a, token2, &s), 0); /* the other stays */
}

/* A long User-Agent is cut to 255 bytes; what is stored is still text. */
static void model_session_long_user_agent(ModelFix *f) {
    int64_t acc = mf_account(f, "ua", "customer", "active");
    char ua[400];
    memset(ua, 'a', 254);
    snprintf(ua + 254, sizeof ua - 254, "%s", "浏览器浏览器浏览器");
    char *token = NULL;
    int64_t id = 0;
    assert_int_equal(session_create(f->db, &f->a, acc, "127.0.0.1", ua, &token, &id), 0);
    char *stored = mf_text(f, "SELECT user_agent FROM sessions WHERE id = ?", id);
    assert_non_null(stored);
    assert_true(strlen(stored) <= 255);
    assert_true(utf8_valid(stored, strlen(stored)));
}

static void model_session_delete_account(ModelFix *f) {
    int64_t a = mf_account(f, "dan", "customer", "active");
    int64_t b = mf_account(f, "eve", "customer", "active");
    char *t[4];
    int64_t id[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(session_create(f->db, &f->a, i < 3 ? a : b, "ip", "ua", &t[i], &id[i]), 0);
    /* After a password change on session 1: the account's others end. */
    assert_int_equal(session_delete_account(f->db, a, id[1]), 0);
    SessionInfo s;
    assert_int_equal(session_lookup(f->db, &f->a, t[0], &s), -ERR_NOT_FOUND);
    assert_int_equal(session_lookup(f->db, &f->a, t[1], &s), 0);
    assert_int_equal(session_lookup(f->db, &f->a, t[2], &s), -ERR_NOT_FOUND);
    assert_int_equal(session_lookup(f->db, &f->a, t[3], &s), 0); /* another account's */
    /* keep_id 0: every session of the account. */
    assert_int_equal(session_delete_account(f->db, a, 0), 0);
    assert_int_equal(session_lookup(f->db, &f->a, t[1], &s), -ERR_NOT_FOUND);
    assert_int_equal(session_lookup(f->db, &f->a, t[3], &s), 0);
}

static void model_session_purge(ModelFix *f) {
    int64_t acc = mf_account(f, "frank", "customer", "active");
    const int64_t now = 1750000000, idle = now - 1800, abs = now - 12 * 3600;
    /* created_at, last_seen of each session, and whether purge keeps it. */
    const struct {
        int64_t created, seen;
        bool kept;
    } rows[] = {
        {now - 60, now - 10, true},      /* fresh */
        {now - 3600, now - 1801, false}, /* idle too long */
        {now - 3600, idle, true},        /* idle exactly the limit */
        {abs - 1, now - 5, false},       /* active, but logged in too long ago */
        {abs, now - 5, true},            /* exactly the absolute limit */
        {abs - 100, abs - 100, false},   /* both */
    };
    enum { N = sizeof rows / sizeof rows[0] };
    char *tok[N];
    int64_t id[N];
    for (int i = 0; i < N; i++) {
        assert_int_equal(session_create(f->db, &f->a, acc, "ip", "ua", &tok[i], &id[i]), 0);
        mf_exec(f->db, "UPDATE sessions SET created_at = ? WHERE id = ?", rows[i].created, id[i]);
        mf_exec(f->db, "UPDATE sessions SET last_seen = ? WHERE id = ?", rows[i].seen, id[i]);
    }
    assert_int_equal(session_purge(f->db, idle, abs), 0);
    for (int i = 0; i < N; i++) {
        SessionInfo s;
        int rc = session_lookup(f->db, &f->a, tok[i], &s);
        if ((rc == 0) != rows[i].kept)
            fail_msg("session %d (created %+lld, seen %+lld): %s", i,
                     (long long)(rows[i].created - now), (long long)(rows[i].seen - now),
                     rc == 0 ? "kept, should be purged" : "purged, should be kept");
    }
}

/* ---- Login throttling ------------------------------------------------- */

static void model_throttle_fail_and_check(ModelFix *f) {
    const int64_t t0 = 1750000000;
    const int max = 3, win = 900;
    assert_int_equal(throttle_check(f->db, "acct:x", max, win, t0), 0); /* no row */
    for (int i = 0; i < max - 1; i++)
        assert_int_equal(throttle_fail(f->db, "acct:x", win, t0 + i), 0);
    assert_int_equal(throttle_check(f->db, "acct:x", max, win, t0 + 10), 0);
    assert_int_equal(throttle_fail(f->db, "acct:x", win, t0 + 10), 0);
    assert_int_equal(throttle_check(f->db, "acct:x", max, win, t0 + 11), -ERR_THROTTLED);
    assert_int_equal(throttle_check(f->db, "acct:y", max, win, t0 + 11), 0); /* keys apart */
    /* The window runs from the first failure: its last second still counts. */
    assert_int_equal(throttle_check(f->db, "acct:x", max, win, t0 + win - 1), -ERR_THROTTLED);
    assert_int_equal(throttle_check(f->db, "acct:x", max, win, t0 + win), 0);
    /* A failure after the window starts a new one at one. */
    assert_int_equal(throttle_fail(f->db, "acct:x", win, t0 + win + 5), 0);
    int64_t n = 0, start = 0;
    assert_int_equal(
        db_query_i64(f->db, &n, "SELECT failures FROM login_throttle WHERE key = ?", "t", "acct:x"),
        DB_ROW);
    assert_int_equal(n, 1);
    assert_int_equal(db_query_i64(f->db, &start,
                                  "SELECT window_start FROM login_throttle WHERE key = ?", "t",
                                  "acct:x"),
                     DB_ROW);
    assert_int_equal(start, t0 + win + 5);
    assert_int_equal(throttle_check(f->db, "acct:x", max, win, t0 + win + 6), 0);
    assert_int_equal(throttle_clear(f->db, "acct:x"), 0);
    assert_int_equal(throttle_check(f->db, "acct:x", 1, win, t0 + win + 6), 0);
}

static void model_throttle_hit_forgive(ModelFix *f) {
    const int64_t t0 = 1750000000;
    int64_t count = 0;
    for (int i = 1; i <= 4; i++) {
        assert_int_equal(throttle_hit(f->db, "ip:203.0.113.1", 60, t0 + i, &count), 0);
        assert_int_equal(count, i); /* the hit itself counts */
    }
    assert_int_equal(throttle_check(f->db, "ip:203.0.113.1", 4, 60, t0 + 5), -ERR_THROTTLED);
    assert_int_equal(throttle_forgive(f->db, "ip:203.0.113.1"), 0);
    assert_int_equal(throttle_check(f->db, "ip:203.0.113.1", 4, 60, t0 + 5), 0);
    assert_int_equal(throttle_hit(f->db, "ip:203.0.113.1", 60, t0 + 6, &count), 0);
    assert_int_equal(count, 4);
    /* Past the window the count starts again. */
    assert_int_equal(throttle_hit(f->db, "ip:203.0.113.1", 60, t0 + 61, &count), 0);
    assert_int_equal(count, 1);
    /* Forgiving never goes below zero, nor creates a row. */
    for (int i = 0; i < 3; i++)
        assert_int_equal(throttle_forgive(f->db, "ip:203.0.113.1"), 0);
    assert_int_equal(throttle_hit(f->db, "ip:203.0.113.1", 60, t0 + 62, &count), 0);
    assert_int_equal(count, 1);
    assert_int_equal(throttle_forgive(f->db, "ip:never-seen"), 0);
    assert_int_equal(mf_i64(f->db, "SELECT count(*) FROM login_throttle WHERE failures < ?", 0), 0);
    assert_int_equal(throttle_clear(f->db, "ip:203.0.113.1"), 0);
    assert_int_equal(mf_i64(f->db, "SELECT count(*) FROM login_throttle WHERE failures > ?", -1),
                     0);
}

/* ---- The audit log ---------------------------------------------------- */

static void model_audit_write_and_filter(ModelFix *f) {
    int64_t staff = mf_account(f, "auditor", "admin", "active");
    Actor sys = {0, NULL, NULL, NULL};
    Actor adm = {staff, "auditor", "198.51.100.7", "req-42"};
    assert_int_equal(audit_write(f->db, &sys, "account.register", "account", 7, "{\"k\":1}"), 0);
    assert_int_equal(audit_write(f->db, &adm, "account.approve", "account", 7, NULL), 0);
    assert_int_equal(audit_write(f->db, &adm, "file.view", "file", 3, "scan"), 0);
    assert_int_equal(audit_write(f->db, &adm, "account.approve", "account", 8, NULL), 0);
    assert_int_equal(audit_write(f->db, &sys, "login.failed", NULL, 0, "acct:x"), 0);

    AuditRow *rows;
    size_t n;
    AuditQuery all = {0};
    assert_int_equal(audit_list(f->db, &f->a, &all, &rows, &n), 0);
    assert_int_equal(n, 5);
    assert_string_equal(rows[0].action, "login.failed"); /* newest first */
    assert_string_equal(rows[4].action, "account.register");
    assert_true(rows[0].id > rows[1].id && rows[3].id > rows[4].id);
    assert_string_equal(rows[4].detail, "{\"k\":1}");
    assert_null(rows[4].actor_login);
    assert_int_equal(rows[3].actor_id, staff);
    assert_string_equal(rows[3].actor_login, "auditor");
    assert_string_equal(rows[3].ip, "198.51.100.7");
    assert_string_equal(rows[3].request_id, "req-42");
    assert_true(rows[3].at > 0);

    AuditQuery q = {.action = "account.approve"};
    assert_int_equal(audit_list(f->db, &f->a, &q, &rows, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].object_id, 8);
    q = (AuditQuery){.object_type = "account", .object_id = 7};
    assert_int_equal(audit_list(f->db, &f->a, &q, &rows, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(rows[0].action, "account.approve");
    assert_string_equal(rows[1].action, "account.register");
    q = (AuditQuery){.actor_id = staff};
    assert_int_equal(audit_list(f->db, &f->a, &q, &rows, &n), 0);
    assert_int_equal(n, 3);
    q = (AuditQuery){.action = "account.approve", .object_type = "account", .object_id = 7};
    assert_int_equal(audit_list(f->db, &f->a, &q, &rows, &n), 0);
    assert_int_equal(n, 1);
    q = (AuditQuery){.action = "no.such"};
    assert_int_equal(audit_list(f->db, &f->a, &q, &rows, &n), 0);
    assert_int_equal(n, 0);
}

static void model_audit_paging(ModelFix *f) {
    Actor sys = {0, NULL, "127.0.0.1", NULL};
    enum { N = 7 };
    for (int i = 1; i <= N; i++) {
        char detail[16];
        snprintf(detail, sizeof detail, "row %d", i);
        assert_int_equal(audit_write(f->db, &sys, "page.test", "t", i, detail), 0);
    }
    /* Pages of three by before_id: 7 6 5 | 4 3 2 | 1 | (none). */
    int64_t before = 0, seen = 0, want = N;
    for (int page = 0; page < 4; page++) {
        AuditQuery q = {.action = "page.test", .before_id = before, .limit = 3};
        AuditRow *rows;
        size_t n;
        assert_int_equal(audit_list(f->db, &f->a, &q, &rows, &n), 0);
        assert_int_equal(n, page < 2 ? 3 : page == 2 ? 1 : 0);
        for (size_t i = 0; i < n; i++, want--, seen++)
            assert_int_equal(rows[i].object_id, want);
        if (n) before = rows[n - 1].id;
    }
    assert_int_equal(seen, N);
    /* The limit is clamped: 0 and too large give the default page (100). */
    for (int i = 0; i < 120; i++)
        assert_int_equal(audit_write(f->db, &sys, "bulk", NULL, 0, NULL), 0);
    int limits[] = {0, -5, 501};
    for (size_t k = 0; k < 3; k++) {
        AuditQuery q = {.limit = limits[k]};
        AuditRow *rows;
        size_t n;
        assert_int_equal(audit_list(f->db, &f->a, &q, &rows, &n), 0);
        assert_int_equal(n, 100);
    }
    AuditQuery q = {.limit = 500};
    AuditRow *rows;
    size_t n;
    assert_int_equal(audit_list(f->db, &f->a, &q, &rows, &n), 0);
    assert_int_equal(n, 127);
}

/* ---- Password resets -------------------------------------------------- */

static void model_reset_once(ModelFix *f) {
    int64_t acc = mf_account(f, "grace", "customer", "active");
    int64_t other = mf_account(f, "heidi", "customer", "active");
    char *t1, *t2, *t3;
    assert_int_equal(reset_create(f->db, &f->a, acc, 3600, &t1), 0);
    assert_int_equal(reset_create(f->db, &f->a, acc, 3600, &t2), 0);
    assert_int_equal(reset_create(f->db, &f->a, other, 3600, &t3), 0);
    assert_string_not_equal(t1, t2);
    /* Only the hash is kept. */
    int64_t n = 0;
    assert_int_equal(db_query_i64(f->db, &n,
                                  "SELECT count(*) FROM password_resets WHERE token_hash = ?", "t",
                                  crypto_sha256_hex(&f->a, t1, strlen(t1))),
                     DB_ROW);
    assert_int_equal(n, 1);
    assert_int_equal(db_query_i64(f->db, &n,
                                  "SELECT count(*) FROM password_resets WHERE token_hash = ?", "t",
                                  t1),
                     DB_ROW);
    assert_int_equal(n, 0);

    int64_t who = 0;
    assert_int_equal(reset_lookup(f->db, &f->a, t1, &who), 0);
    assert_int_equal(who, acc);
    assert_int_equal(reset_lookup(f->db, &f->a, t1, &who), 0); /* looking does not use it */
    assert_int_equal(reset_lookup(f->db, &f->a, "not-a-token", &who), -ERR_NOT_FOUND);
    assert_int_equal(who, 0);

    assert_int_equal(reset_consume(f->db, &f->a, t1, &who), 0);
    assert_int_equal(who, acc);
    assert_int_equal(reset_consume(f->db, &f->a, t1, &who), -ERR_NOT_FOUND); /* once */
    assert_int_equal(reset_lookup(f->db, &f->a, t1, &who), -ERR_NOT_FOUND);
    /* The account's other outstanding token died with it; others' did not. */
    assert_int_equal(reset_consume(f->db, &f->a, t2, &who), -ERR_NOT_FOUND);
    assert_int_equal(reset_consume(f->db, &f->a, t3, &who), 0);
    assert_int_equal(who, other);
}

static void model_reset_expiry(ModelFix *f) {
    int64_t acc = mf_account(f, "ivan", "customer", "active");
    char *gone, *last, *live;
    assert_int_equal(reset_create(f->db, &f->a, acc, -1, &gone), 0);
    assert_int_equal(reset_create(f->db, &f->a, acc, 3600, &last), 0);
    assert_int_equal(reset_create(f->db, &f->a, acc, 3600, &live), 0);
    int64_t who = 0;
    assert_int_equal(reset_lookup(f->db, &f->a, gone, &who), -ERR_NOT_FOUND);
    assert_int_equal(reset_consume(f->db, &f->a, gone, &who), -ERR_NOT_FOUND);
    /* Expired a second ago (set in the database, as the clock would). */
    int64_t id = 0;
    assert_int_equal(db_query_i64(f->db, &id, "SELECT id FROM password_resets WHERE token_hash = ?",
                                  "t", crypto_sha256_hex(&f->a, last, strlen(last))),
                     DB_ROW);
    mf_exec(f->db, "UPDATE password_resets SET expires_at = ? WHERE id = ?", time_now() - 1, id);
    assert_int_equal(reset_consume(f->db, &f->a, last, &who), -ERR_NOT_FOUND);
    /* A refused token uses nothing up. */
    assert_int_equal(reset_consume(f->db, &f->a, live, &who), 0);
    assert_int_equal(who, acc);
}

/* ---- Login recovery --------------------------------------------------- */

static void model_recover_lookup(ModelFix *f) {
    int64_t acc = mf_account(f, "judy", "customer", "active");
    mf_subject(f, acc, "京ICP备12345678号",
               "{\"principal_email\":\"Judy.Zhang@Example.com\",\"subject_name\":\"示例\"}");
    int64_t id = 0;
    const char *login = NULL, *to = NULL;
    assert_int_equal(recover_lookup(f->db, &f->a, "京ICP备12345678号", "judy.zhang@example.com",
                                    &id, &login, &to),
                     0);
    assert_int_equal(id, acc);
    assert_string_equal(login, "judy");
    assert_string_equal(to, "Judy.Zhang@Example.com"); /* the address as held */
    /* A site number names its subject. */
    id = 0;
    assert_int_equal(recover_lookup(f->db, &f->a, "京ICP备12345678号-3", "JUDY.ZHANG@EXAMPLE.COM",
                                    &id, &login, &to),
                     0);
    assert_int_equal(id, acc);
    /* Anything else: not found, and the same answer for each. */
    const char *bad[][2] = {
        {"京ICP备12345678号", "judy@example.com"},       /* wrong e-mail */
        {"京ICP备12345678号", ""},                       /* none */
        {"京ICP备87654321号", "judy.zhang@example.com"}, /* another number */
        {"沪ICP备12345678号", "judy.zhang@example.com"}, /* another province */
        {"not a number", "judy.zhang@example.com"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int rc = recover_lookup(f->db, &f->a, bad[i][0], bad[i][1], &id, &login, &to);
        if (rc != -ERR_NOT_FOUND) fail_msg("%s / %s: %d", bad[i][0], bad[i][1], rc);
    }
    /* Only active accounts recover. */
    assert_true(db_exec(f->db, "UPDATE accounts SET status = 'disabled' WHERE id = ?", "i", acc) >=
                0);
    assert_int_equal(recover_lookup(f->db, &f->a, "京ICP备12345678号", "judy.zhang@example.com",
                                    &id, &login, &to),
                     -ERR_NOT_FOUND);
}

/* A subject claimed by number and not yet downloaded: the principal's
** e-mail comes from the claim in its newest claiming application. */
static void model_recover_claimed(ModelFix *f) {
    int64_t acc = mf_account(f, "ken", "customer", "active");
    int64_t sid = mf_subject(f, acc, "粤ICP备20240001号", NULL);
    mf_application(f, sid, "new_site_external", "{\"claim_principal_email\":\"old@example.com\"}",
                   acc);
    mf_application(f, sid, "new_site_external", "{\"claim_principal_email\":\"ken@example.com\"}",
                   acc);
    mf_application(f, sid, "change_site", "{\"claim_principal_email\":\"not@example.com\"}", acc);
    int64_t id = 0;
    const char *login = NULL, *to = NULL;
    assert_int_equal(
        recover_lookup(f->db, &f->a, "粤ICP备20240001号", "Ken@Example.com", &id, &login, &to), 0);
    assert_int_equal(id, acc);
    assert_string_equal(to, "ken@example.com");
    assert_int_equal(
        recover_lookup(f->db, &f->a, "粤ICP备20240001号", "not@example.com", &id, &login, &to),
        -ERR_NOT_FOUND);
    /* No claim and no record: never found, not even with an empty e-mail. */
    int64_t acc2 = mf_account(f, "leo", "customer", "active");
    mf_subject(f, acc2, "粤ICP备20240002号", NULL);
    assert_int_equal(recover_lookup(f->db, &f->a, "粤ICP备20240002号", "", &id, &login, &to),
                     -ERR_NOT_FOUND);
}

/* ---- The list --------------------------------------------------------- */

#define MODEL_WRAP(name)                                                                           \
    static void test_##name(void **state) {                                                        \
        model_##name((ModelFix *)*state);                                                          \
    }
MODEL_WRAP(account_create_and_read)
MODEL_WRAP(account_unique)
MODEL_WRAP(account_list_and_decide)
MODEL_WRAP(session_lifecycle)
MODEL_WRAP(session_long_user_agent)
MODEL_WRAP(session_delete_account)
MODEL_WRAP(session_purge)
MODEL_WRAP(throttle_fail_and_check)
MODEL_WRAP(throttle_hit_forgive)
MODEL_WRAP(audit_write_and_filter)
MODEL_WRAP(audit_paging)
MODEL_WRAP(reset_once)
MODEL_WRAP(reset_expiry)
MODEL_WRAP(recover_lookup)
MODEL_WRAP(recover_claimed)
/* The node's memory of sessions: a row deleted behind its back (another
** node) is still accepted until the entry is older than the setting; every
** deletion through the model, a touch and a role change are seen at once. */
static void model_session_cache(ModelFix *f) {
    int64_t a = mf_account(f, "fay", "customer", "active");
    char *t[3];
    int64_t id[3];
    for (int i = 0; i < 3; i++)
        assert_int_equal(session_create(f->db, &f->a, a, "ip", "ua", &t[i], &id[i]), 0);
    SessionInfo s;
    session_cache_set(60);
    assert_int_equal(session_lookup(f->db, &f->a, t[0], &s), 0);
    assert_int_equal(db_exec(f->db, "DELETE FROM sessions WHERE id = ?", "i", id[0]), DB_DONE);
    assert_int_equal(session_lookup(f->db, &f->a, t[0], &s), 0); /* remembered */
    assert_int_equal(s.id, id[0]);
    assert_string_equal(s.login, "fay");
    /* A touch updates what is remembered. */
    assert_int_equal(session_lookup(f->db, &f->a, t[1], &s), 0);
    assert_int_equal(session_touch(f->db, id[1], s.created_at + 120), 0);
    assert_int_equal(session_lookup(f->db, &f->a, t[1], &s), 0);
    assert_int_equal(s.last_seen, s.created_at + 120);
    /* A role change is seen at once. */
    assert_int_equal(db_exec(f->db, "UPDATE accounts SET role = 'reviewer' WHERE id = ?", "i", a),
                     DB_DONE);
    assert_int_equal(session_lookup(f->db, &f->a, t[1], &s), 0);
    assert_string_equal(s.role, "customer");
    session_cache_forget_account(a);
    assert_int_equal(session_lookup(f->db, &f->a, t[1], &s), 0);
    assert_string_equal(s.role, "reviewer");
    /* Deletions through the model are seen at once. */
    assert_int_equal(session_delete(f->db, id[0]), 0);
    assert_int_equal(session_lookup(f->db, &f->a, t[0], &s), -ERR_NOT_FOUND);
    assert_int_equal(session_lookup(f->db, &f->a, t[2], &s), 0);
    assert_int_equal(session_delete_account(f->db, a, id[1]), 0);
    assert_int_equal(session_lookup(f->db, &f->a, t[2], &s), -ERR_NOT_FOUND);
    assert_int_equal(session_lookup(f->db, &f->a, t[1], &s), 0);
    /* An entry lasts the setting, no longer. */
    session_cache_set(1);
    assert_int_equal(session_lookup(f->db, &f->a, t[1], &s), 0);
    assert_int_equal(db_exec(f->db, "DELETE FROM sessions WHERE id = ?", "i", id[1]), DB_DONE);
    assert_int_equal(session_lookup(f->db, &f->a, t[1], &s), 0);
    struct timespec pause = {1, 50 * 1000 * 1000};
    nanosleep(&pause, NULL);
    assert_int_equal(session_lookup(f->db, &f->a, t[1], &s), -ERR_NOT_FOUND);
    /* Off: every lookup asks the database. */
    session_cache_set(0);
    char *t4;
    int64_t id4;
    assert_int_equal(session_create(f->db, &f->a, a, "ip", "ua", &t4, &id4), 0);
    assert_int_equal(session_lookup(f->db, &f->a, t4, &s), 0);
    assert_int_equal(db_exec(f->db, "DELETE FROM sessions WHERE id = ?", "i", id4), DB_DONE);
    assert_int_equal(session_lookup(f->db, &f->a, t4, &s), -ERR_NOT_FOUND);
}
MODEL_WRAP(session_cache)

#define MODEL_TEST(name, setup, teardown)                                                          \
    cmocka_unit_test_setup_teardown(test_##name, setup, teardown)

#define MODEL_TESTS(setup, teardown)                                                               \
    MODEL_TEST(account_create_and_read, setup, teardown),                                          \
        MODEL_TEST(account_unique, setup, teardown),                                               \
        MODEL_TEST(account_list_and_decide, setup, teardown),                                      \
        MODEL_TEST(session_lifecycle, setup, teardown),                                            \
        MODEL_TEST(session_long_user_agent, setup, teardown),                                      \
        MODEL_TEST(session_delete_account, setup, teardown),                                       \
        MODEL_TEST(session_cache, setup, teardown), MODEL_TEST(session_purge, setup, teardown),    \
        MODEL_TEST(throttle_fail_and_check, setup, teardown),                                      \
        MODEL_TEST(throttle_hit_forgive, setup, teardown),                                         \
        MODEL_TEST(audit_write_and_filter, setup, teardown),                                       \
        MODEL_TEST(audit_paging, setup, teardown), MODEL_TEST(reset_once, setup, teardown),        \
        MODEL_TEST(reset_expiry, setup, teardown), MODEL_TEST(recover_lookup, setup, teardown),    \
        MODEL_TEST(recover_claimed, setup, teardown), MODEL_RECORD_TESTS(setup, teardown),         \
        MODEL_ADMIN_TESTS(setup, teardown), MODEL_FILING_TESTS(setup, teardown),                   \
        MODEL_NOTIFY_TESTS(setup, teardown)

#include "model_tests_records.h"
#include "model_tests_admin.h"
#include "model_tests_filing.h"
#include "model_tests_notify.h"

#endif
