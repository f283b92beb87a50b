/*
** The plans of the model's operations (issue 13, item 1), included by
** test_app_queue_plans.c: on its generated database, the operations the
** server runs on every page and API read (and the writes of the hot paths)
** are run for real with db_trace recording each statement they prepare;
** then each distinct statement is explained (SQLite: EXPLAIN QUERY PLAN,
** parameters unbound, so the plan cannot depend on a value; PostgreSQL:
** PREPARE and EXPLAIN EXECUTE with NULLs under force_generic_plan, the
** plan every value gets) and a full scan of a large table fails.
**
** A large table is one that grows with the filings or the users; SQLite
** names a scanned table by its alias, so aliases are resolved from the
** statement's text.
*/
#ifndef BEIAN_TESTS_PLAN_OPS_H
#define BEIAN_TESTS_PLAN_OPS_H

#include <pthread.h>

#include "core/buf.h"
#include "db/db_util.h"
#include "model/account.h"
#include "model/app_view.h"
#include "model/audit.h"
#include "model/blobs.h"
#include "model/files.h"
#include "model/login.h"
#include "model/mail_admin.h"
#include "model/notify.h"
#include "model/outbox.h"
#include "model/bureau_ids.h"
#include "model/overview.h"
#include "model/regulator_apply.h"
#include "model/regulator_outbox.h"
#include "model/review.h"
#include "model/review_queue.h"
#include "model/schedule.h"
#include "model/session.h"
#include "model/staff.h"
#include "model/throttle.h"
#include "model/workbench.h"

static const char *const large_tables[] = {"applications",
                                           "subjects",
                                           "sites",
                                           "accounts",
                                           "audit_log",
                                           "transitions",
                                           "return_reasons",
                                           "application_files",
                                           "sessions",
                                           "onsite_verifications",
                                           "verification_calls",
                                           "mail_outbox",
                                           "password_resets",
                                           "regulator_uploads",
                                           "regulator_results",
                                           "regulator_downloads",
                                           "bureau_ids",
                                           "throttle",
                                           "material_ticks",
                                           "notices",
                                           NULL};

/* ---- recording ---------------------------------------------------------- */

typedef struct Recorded {
    pthread_mutex_t lock;
    bool paused; /* the test's own queries (picking what to read) */
    char **sql;
    size_t n, cap;
} Recorded;

static void record_sql(void *ctx, Db *db, const char *sql) {
    (void)db;
    Recorded *r = ctx;
    if (r->paused || !strncmp(sql, "EXPLAIN", 7) || !strncmp(sql, "PREPARE", 7) ||
        !strncmp(sql, "DEALLOCATE", 10))
        return;
    pthread_mutex_lock(&r->lock);
    bool seen = false;
    for (size_t i = 0; i < r->n && !seen; i++)
        seen = !strcmp(r->sql[i], sql);
    if (!seen) {
        if (r->n == r->cap) {
            r->cap = r->cap ? 2 * r->cap : 256;
            r->sql = realloc(r->sql, r->cap * sizeof *r->sql);
        }
        r->sql[r->n++] = strdup(sql);
    }
    pthread_mutex_unlock(&r->lock);
}

static void recorded_free(Recorded *r) {
    for (size_t i = 0; i < r->n; i++)
        free(r->sql[i]);
    free(r->sql);
    memset(r, 0, sizeof *r);
}

/* ---- what a scan line names --------------------------------------------- */

static bool ident_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Is word (n bytes) a large table, or an alias given to one in sql
** ("FROM applications a", "JOIN accounts AS d")? */
static bool names_large_table(const char *sql, const char *word, size_t n) {
    static const char *const keywords[] = {"WHERE",   "ON",    "JOIN",    "LEFT",   "INNER",
                                           "CROSS",   "ORDER", "GROUP",   "SET",    "USING",
                                           "LIMIT",   "UNION", "AND",     "VALUES", "RETURNING",
                                           "INDEXED", "NOT",   "DEFAULT", NULL};
    for (int t = 0; large_tables[t]; t++) {
        size_t tn = strlen(large_tables[t]);
        if (n == tn && !strncmp(word, large_tables[t], n)) return true;
        for (const char *p = strstr(sql, large_tables[t]); p; p = strstr(p + 1, large_tables[t])) {
            if ((p > sql && ident_char(p[-1])) || ident_char(p[tn]) || p[tn] != ' ') continue;
            const char *q = p + tn + 1;
            if (!strncmp(q, "AS ", 3)) q += 3;
            size_t an = 0;
            while (ident_char(q[an]))
                an++;
            if (!an) continue;
            bool kw = false;
            for (int k = 0; keywords[k] && !kw; k++)
                kw = strlen(keywords[k]) == an && !strncasecmp(q, keywords[k], an);
            if (!kw && an == n && !strncmp(q, word, n)) return true;
        }
    }
    return false;
}

/* PostgreSQL reads a table that holds a few pages whole whatever its
** indexes (and the generator writes no calls, mail, resets or throttles):
** there, a scan counts only on a table of at least this many rows. On
** SQLite, every table counts (without statistics, its planner sees no
** size: a missing index shows). */
#define PG_LARGE_ROWS 1000

static bool pg_small_table(Db *db, const char *name, size_t n) {
    if (!db) return false;
    char t[64];
    snprintf(t, sizeof t, "%.*s", (int)n, name);
    int64_t rows = 0;
    DbRc rc = db_query_i64(db, &rows,
                           "SELECT CAST(reltuples AS bigint) FROM pg_class "
                           "WHERE oid = to_regclass(?)",
                           "t", t);
    return rc == DB_ROW && rows < PG_LARGE_ROWS;
}

/* Does a line of the plan of sql read a whole large table or index? db:
** the PostgreSQL database the plan is of (its sizes), or NULL. */
static bool op_full_scan_in(Db *db, bool pg, const char *sql, const char *line) {
    const char *p;
    if (pg) {
        p = strstr(line, "Seq Scan on ");
        if (!p) return false;
        p += strlen("Seq Scan on ");
    } else {
        if (strncmp(line, "SCAN ", 5) != 0) return false;
        p = line + 5;
    }
    size_t n = 0;
    while (ident_char(p[n]))
        n++;
    return n && names_large_table(sql, p, n) && !(pg && pg_small_table(db, p, n));
}

static bool op_full_scan(bool pg, const char *sql, const char *line) {
    return op_full_scan_in(NULL, pg, sql, line);
}

/* ---- explaining a recorded statement ------------------------------------ */

static bool explainable(const char *sql) {
    static const char *const skip[] = {"BEGIN",   "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE",
                                       "PRAGMA",  "SET ",   "SELECT 1", "ANALYZE",   "VACUUM",
                                       "CREATE ", "DROP ",  "LOCK ",    "SHOW ",     NULL};
    for (int i = 0; skip[i]; i++)
        if (!strncasecmp(sql, skip[i], strlen(skip[i]))) return false;
    return true;
}

/* SQLite plans an INSERT ... RETURNING into a table others refer to with a
** scan of each referring table whose column has no index: RETURNING makes
** it a multi-row write, for which fkey.c counts the rows the new one would
** set right while a foreign-key violation is outstanding. Before the scan
** OP_FkIfZero skips it when none is (always, for a write that succeeds).
** Such a line is accepted only when the statement inserts VALUES, the
** scanned table has a foreign key to the one inserted into, and the
** statement's program has the OP_FkIfZero. */
static bool fk_child_scan(Db *db, Arena *a, const char *sql, const char *line) {
    const char *into = "INSERT INTO ";
    if (strncmp(sql, into, strlen(into)) != 0 || strstr(sql, "SELECT") ||
        strncmp(line, "SCAN ", 5) != 0)
        return false;
    const char *p = sql + strlen(into), *t = line + 5;
    size_t pn = 0, tn = 0;
    while (ident_char(p[pn]))
        pn++;
    while (ident_char(t[tn]))
        tn++;
    if (t[tn] != 0) return false; /* the whole table, no index named */
    int64_t refs = 0;
    assert_int_equal(db_query_i64(db, &refs,
                                  "SELECT count(*) FROM pragma_foreign_key_list(?) "
                                  "WHERE \"table\" = ?",
                                  "tt", arena_printf(a, "%.*s", (int)tn, t),
                                  arena_printf(a, "%.*s", (int)pn, p)),
                     DB_ROW);
    if (!refs) return false;
    DbStmt *st;
    assert_int_equal(db_prepare(db, arena_printf(a, "EXPLAIN %s", sql), &st), DB_DONE);
    bool guarded = false;
    for (DbRc rc = db_step(st); rc == DB_ROW && !guarded; rc = db_step(st))
        guarded = !strcmp(db_col_text(st, a, 1), "FkIfZero");
    db_done(st);
    return guarded;
}

/* Explain sql with unbound (SQLite) or NULL generic (PostgreSQL)
** parameters into plan; true when it scans a large table. */
static bool op_scans(Db *db, Arena *a, const char *sql, Buf *plan) {
    bool pg = db_is_postgres(db);
    DbStmt *st;
    if (!pg) {
        assert_int_equal(db_prepare(db, arena_printf(a, "EXPLAIN QUERY PLAN %s", sql), &st),
                         DB_DONE);
    } else {
        Buf body;
        buf_init(&body, a);
        int nparams = db_pg_rewrite(sql, &body);
        assert_true(db_exec(db, "DEALLOCATE ALL", NULL) >= 0);
        assert_true(db_exec(db, arena_printf(a, "PREPARE plan_op AS %s", body.data), NULL) >= 0);
        Buf args;
        buf_init(&args, a);
        for (int i = 0; i < nparams; i++)
            buf_printf(&args, "%sNULL", i ? ", " : "");
        const char *ex = nparams ? arena_printf(a, "EXPLAIN EXECUTE plan_op(%s)", args.data)
                                 : "EXPLAIN EXECUTE plan_op";
        assert_int_equal(db_prepare(db, ex, &st), DB_DONE);
    }
    bool bad = false;
    DbRc rc = db_step(st);
    while (rc == DB_ROW) {
        const char *line = db_col_text(st, a, pg ? 0 : 3);
        buf_printf(plan, "    %s\n", line);
        bad = bad || (op_full_scan_in(pg ? db : NULL, pg, sql, line) &&
                      (pg || !fk_child_scan(db, a, sql, line)));
        rc = db_step(st);
    }
    db_done(st);
    assert_int_equal(rc, DB_DONE);
    return bad;
}

/* Scans accepted with the generated database's statistics only, each with
** its reason (SQLite without statistics must read an index for them like
** for every other statement). */
static const char *const scan_accepted_with_statistics[][2] = {
    {"SELECT count(*) FROM application_files WHERE sha256 = ? AND deleted_at IS NULL",
     "the generator gives every file row the one shared scan, so the statistics say the sha256 "
     "index selects every row (with distinct scans it is a SEARCH of application_files_sha)"},
};

static bool scan_accepted(Db *db, const char *sql) {
    int64_t stats = 1; /* PostgreSQL: the generator ends with VACUUM (ANALYZE) */
    if (!db_is_postgres(db) &&
        (db_query_i64(db, &stats, "SELECT count(*) FROM sqlite_stat1", NULL) != DB_ROW || !stats))
        return false;
    for (size_t i = 0;
         i < sizeof scan_accepted_with_statistics / sizeof *scan_accepted_with_statistics; i++)
        if (!strcmp(sql, scan_accepted_with_statistics[i][0])) {
            print_message("accepted with statistics: %s\n  (%s)\n", sql,
                          scan_accepted_with_statistics[i][1]);
            return true;
        }
    return false;
}

static bool recorded_has(const Recorded *r, const char *sql) {
    for (size_t i = 0; r && i < r->n; i++)
        if (!strcmp(r->sql[i], sql)) return true;
    return false;
}

/* Explain every recorded statement not among those of except (NULL: none);
** print each one that scans; true when none does. */
static bool explain_recorded(Db *db, const Recorded *r, const Recorded *except, const char *label,
                             size_t *explained) {
    bool ok = true;
    bool pg = db_is_postgres(db);
    if (pg) assert_true(db_exec(db, "SET plan_cache_mode = force_generic_plan", NULL) >= 0);
    *explained = 0;
    for (size_t i = 0; i < r->n; i++) {
        if (!explainable(r->sql[i]) || recorded_has(except, r->sql[i])) continue;
        Arena a;
        arena_init(&a);
        Buf plan;
        buf_init(&plan, &a);
        if (op_scans(db, &a, r->sql[i], &plan) && !scan_accepted(db, r->sql[i])) {
            print_message("%s: a full scan in\n  %s\n%s", label, r->sql[i], plan.data);
            ok = false;
        }
        (*explained)++;
        arena_free(&a);
    }
    if (pg) assert_true(db_exec(db, "SET plan_cache_mode = auto", NULL) >= 0);
    return ok;
}

/* ---- the operations ----------------------------------------------------- */

static Recorded *ops_rec;

static int64_t ops_pick_i(Db *db, const char *sql, const char *fmt, int64_t arg) {
    int64_t v = 0;
    ops_rec->paused = true;
    DbRc rc = fmt ? db_query_i64(db, &v, sql, fmt, arg) : db_query_i64(db, &v, sql, NULL);
    ops_rec->paused = false;
    assert_int_equal(rc, DB_ROW);
    return v;
}

static int64_t ops_pick(Db *db, const char *sql) {
    return ops_pick_i(db, sql, NULL, 0);
}

static void ops_pick_text(Db *db, Arena *a, const char *sql, char *out, size_t cap) {
    DbStmt *st;
    ops_rec->paused = true;
    assert_int_equal(db_query(db, &st, sql, NULL), DB_ROW);
    snprintf(out, cap, "%s", db_col_text(st, a, 0));
    db_done(st);
    ops_rec->paused = false;
}

/* A customer's reads of one application of theirs (in the given state). */
static void ops_customer(Db *db, const char *state) {
    Arena a;
    arena_init(&a);
    char *sql = arena_printf(&a,
                             "SELECT max(a.id) FROM applications a WHERE a.state = '%s' AND "
                             "a.id <= (SELECT max(id) / 2 FROM applications)",
                             state);
    int64_t app = ops_pick(db, sql);
    int64_t account = ops_pick_i(db,
                                 "SELECT s.account_id FROM applications a JOIN subjects s "
                                 "ON s.id = a.subject_id WHERE a.id = ?",
                                 "i", app);
    AppView v = {.a = &a, .account_id = account, .app_id = app};
    assert_int_equal(db_tx_read(db, app_view, &v), 0);
    Overview o = {.a = &a, .account_id = account};
    assert_int_equal(db_tx_read(db, overview_load, &o), 0);
    FileList fl = {.a = &a, .account_id = account, .app_id = app};
    assert_int_equal(db_tx_read(db, file_list, &fl), 0);
    if (fl.n) {
        AppFile f;
        assert_int_equal(app_file_get(db, &a, app, fl.files[0].id, &f), 0);
        void *bytes = NULL;
        size_t nbytes = 0;
        assert_int_equal(blob_read(db, &a, f.blob, &bytes, &nbytes), 0);
    }
    int64_t n = 0;
    assert_int_equal(apps_in_flight(db, v.subject.id, 0, &n), 0);
    assert_int_equal(app_domain_conflict(db, "plan.example.com", app, 0), 0);
    SubjectStatus ss;
    assert_int_equal(subject_status_of(db, &a, &v.subject, &ss, NULL), 0);
    arena_free(&a);
}

/* A session's life, the login throttle, the mail outbox and a job. */
static void ops_sessions(Db *db, int64_t account) {
    Arena a;
    arena_init(&a);
    char *token;
    int64_t sid;
    assert_int_equal(session_create(db, &a, account, "127.0.0.1", "plan", &token, &sid), 0);
    SessionInfo si;
    assert_int_equal(session_lookup(db, &a, token, &si), 0);
    assert_int_equal(session_touch(db, sid, time_now()), 0);
    assert_int_equal(session_delete_account(db, account, sid), 0);
    assert_int_equal(session_delete(db, sid), 0);
    assert_int_equal(session_purge(db, time_now() - 1800, time_now() - 43200), 0);
    int64_t count;
    assert_true(throttle_check(db, "plan:1", 5, 900, time_now()) >= 0);
    assert_true(throttle_fail(db, "plan:1", 900, time_now()) >= 0);
    assert_true(throttle_hit(db, "plan:2", 900, time_now(), &count) >= 0);
    assert_true(throttle_forgive(db, "plan:1") >= 0);
    assert_true(throttle_clear(db, "plan:2") >= 0);
    Mail m;
    (void)outbox_claim(db, &a, time_now(), 60, &m); /* -ERR_NOT_FOUND when none is due */
    JobState js;
    (void)schedule_state(db, &a, "session_purge", &js); /* may not exist: its statement runs */
    Account acc;
    assert_int_equal(account_get(db, &a, account, &acc), 0);
    AccountAuth au;
    assert_int_equal(account_auth_by_login(db, &a, acc.login, &au), 0);
    assert_int_equal(account_auth_by_id(db, &a, account, &au), 0);
    assert_true(account_taken(db, acc.login, acc.email) < 0);
    arena_free(&a);
}

/* The staff's reads: workbench, queue page, an application, the accounts
** list by every filter and page, the staff list, the audit log by every
** filter. */
static void ops_staff(Db *db, int64_t reviewer, int64_t admin) {
    Arena a;
    arena_init(&a);
    Workbench wb = {.a = &a, .account_id = reviewer, .limit_hours = 24};
    assert_int_equal(db_tx_read(db, workbench_load, &wb), 0);
    QueueScreen qs = {.page = {.a = &a,
                               .f = {.queue = QUEUE_ALL,
                                     .province = 44,
                                     .commercial = -1,
                                     .me = reviewer,
                                     .q = "",
                                     .limit_hours = 24},
                               .now = time_now()},
                      .counts = {.me = reviewer, .now = time_now(), .limit_hours = 24}};
    assert_int_equal(db_tx_read(db, queue_screen, &qs), 0);
    int64_t app = ops_pick(db, "SELECT max(id) FROM applications WHERE state = 'provider_review'");
    ReviewView rv = {.v = {.a = &a,
                           .app_id = app,
                           .audit_action = "application.view",
                           .who = {.id = reviewer, .login = "plan", .ip = "127.0.0.1"}},
                     .role = ROLE_REVIEWER};
    assert_int_equal(db_tx(db, review_view, &rv), 0);
    static const char *const statuses[] = {"", "pending", "active", NULL};
    static const char *const roles[] = {"", "customer", "reviewer", NULL};
    for (int s = 0; statuses[s]; s++)
        for (int r = 0; roles[r]; r++)
            for (int page = 0; page < 2; page++) {
                AccountsPage ap = {.a = &a,
                                   .status = statuses[s],
                                   .role = roles[r],
                                   .before_id = page ? 5000 : 0,
                                   .limit = 200};
                assert_int_equal(db_tx_read(db, accounts_page, &ap), 0);
            }
    StaffList sl = {.a = &a};
    assert_int_equal(db_tx_read(db, staff_list, &sl), 0);
    char number[32], subject[64];
    ops_pick_text(db, &a, "SELECT min(number) FROM applications", number, sizeof number);
    ops_pick_text(db, &a, "SELECT min(subject_number) FROM subjects", subject, sizeof subject);
    int64_t now = time_now();
    const AuditQuery queries[] = {
        {.limit = 100},
        {.action = "login", .limit = 100},
        {.actor_login = "plan", .limit = 100},
        {.subject = subject, .limit = 100},
        {.app_number = number, .limit = 100},
        {.object_type = "application", .object_id = app, .limit = 100},
        {.actor_id = admin, .limit = 100},
        {.at_from = now - 86400 * 30, .at_to = now, .limit = 100},
        {.action = "application.view", .at_from = now - 86400 * 30, .limit = 100},
        {.before_id = 1000, .limit = 100},
        {.action = "login", .before_id = 1000, .limit = 100},
    };
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        AuditPage p = {.a = &a, .q = queries[i]};
        assert_int_equal(db_tx_read(db, audit_page, &p), 0);
    }
    arena_free(&a);
}

typedef struct ApplyNone {
    Arena *a;
    const DownloadData *d;
    bool *fresh;
} ApplyNone;

static int apply_none(Db *db, void *ctx) {
    ApplyNone *x = ctx;
    RegLinkConf link0 = {.id = 0, .endpoint = "", .isp_id = 1001}; /* as every node at start */
    int rc = regulator_links_sync(db, &link0, 1);
    return rc < 0 ? rc : regulator_apply(db, x->a, 0, "DL_plan.xml", x->d, x->fresh);
}

/* The gateway's lookups: what a downloaded result names, what a file
** applied before, the administration's IDs, the staff's view of the link. */
static void ops_regulator(Db *db) {
    Arena a;
    arena_init(&a);
    int64_t up = 0, app = 0, id = 0;
    static const int which[] = {FIND_RESULT, FIND_REVIEW, FIND_FILE};
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(regulator_upload_find(db, 0, "1:42", which[i], &up, &app), 0);
    assert_int_equal(bureau_id_get(db, BUREAU_SITE, 42, &id), 0);
    assert_int_equal(bureau_id_ours(db, BUREAU_SITE, 42, &id), 0);
    RegUploadRow *rows;
    RegResultRow *results;
    RegLinkState *links;
    size_t n;
    assert_int_equal(regulator_uploads_of(db, &a, 42, &rows, &n), 0);
    assert_int_equal(regulator_results_of(db, &a, 42, &results, &n), 0);
    assert_int_equal(regulator_links_state(db, &a, &links, &n), 0);
    DownloadData none = {.kind = DOWNLOAD_ICP};
    bool fresh = false;
    assert_int_equal(db_tx(db, apply_none, &(ApplyNone){&a, &none, &fresh}), 0);
    arena_free(&a);
}

/* The mail outbox and the inboxes at 1,000,000 rows each (the generator
** writes none): messages to 5,000 addresses of 100 domains, 80% sent, 10% failed, 10%
** queued; notices to 200 accounts. Filled once, then analysed. */
#define OPS_MAILS 1000000

static void ops_fill_mail(Db *db) {
    if (ops_pick(db, "SELECT count(*) FROM mail_outbox") >= OPS_MAILS) return;
    ops_rec->paused = true;
    assert_true(
        db_exec(
            db,
            "INSERT INTO mail_outbox (to_addr, subject, body, created_at, "
            "next_attempt_at, sent_at, state, attempts, last_error) "
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
            "WHERE i < 1000000) SELECT 'plan' || (i % 5000) || '@example' || (i % 100) || '.com', "
            "'plan', 'plan', i, i + 4000000000, "
            "CASE WHEN i % 10 < 8 THEN i END, CASE WHEN i % 10 < 8 THEN 'sent' "
            "WHEN i % 10 = 8 THEN 'failed' ELSE 'queued' END, i % 3, "
            "CASE WHEN i % 10 = 8 THEN '421 try later' END FROM n",
            NULL) >= 0);
    assert_true(db_exec(db,
                        "INSERT INTO notices (account_id, application_id, kind, title, body, "
                        "link, created_at, read_at) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
                        "SELECT i + 1 FROM n WHERE i < 5000) SELECT a.id, NULL, 'submitted', "
                        "'plan', 'plan', '/inbox', n.i, CASE WHEN n.i % 2 = 0 THEN n.i END "
                        "FROM n CROSS JOIN (SELECT id FROM accounts ORDER BY id LIMIT 200) a",
                        NULL) >= 0);
    assert_true(db_exec(db, "ANALYZE mail_outbox", NULL) >= 0);
    assert_true(db_exec(db, "ANALYZE notices", NULL) >= 0);
    ops_rec->paused = false;
}

/* The admin mail page by every filter and page, one message, a resend of
** a sent and of a failed message; the sender's claim, sent and failed; the
** inbox (page, count, marking read); the messages of events and the
** timers (issue 10). */
static void ops_mail(Db *db, int64_t admin, int64_t customer) {
    Arena a;
    arena_init(&a);
    ops_fill_mail(db);
    int64_t now = time_now();
    static const char *const states[] = {"", "queued", "failed", "sent", NULL};
    static const char *const tos[] = {"", "Plan42@Example42.com", "@EXAMPLE42.com", NULL};
    for (int s = 0; states[s]; s++)
        for (int t = 0; tos[t]; t++)
            for (int page = 0; page < 2; page++) {
                MailPage p = {.a = &a,
                              .state = states[s],
                              .to = tos[t],
                              .before = page ? 500000 : 0,
                              .now = now};
                assert_int_equal(db_tx_read(db, mail_admin_page, &p), 0);
            }
    Actor who = {admin, "plan", "127.0.0.1", "plan"};
    int64_t sent = ops_pick(db, "SELECT max(id) FROM mail_outbox WHERE state = 'sent'");
    int64_t failed = ops_pick(db, "SELECT max(id) FROM mail_outbox WHERE state = 'failed'");
    MailShow sh = {.a = &a, .id = sent, .now = now, .who = who};
    assert_int_equal(db_tx(db, mail_admin_show, &sh), 0);
    MailResend rs = {.a = &a, .id = sent, .now = now, .who = who};
    assert_int_equal(db_tx(db, mail_admin_resend, &rs), 0);
    rs = (MailResend){.a = &a, .id = failed, .now = now, .who = who};
    assert_int_equal(db_tx(db, mail_admin_resend, &rs), 0);
    assert_int_equal(outbox_queue(db, "plan@example.com", "plan", "plan"), 0);
    assert_int_equal(outbox_queue_secret(db, "plan@example.com", "plan", "plan"), 0);
    Mail m;
    assert_int_equal(outbox_claim(db, &a, now, 60, &m), 0);
    assert_int_equal(outbox_failed(db, m.id, "421 try later", now + 60), 0);
    assert_int_equal(outbox_sent(db, m.id, now), 0);
    int64_t unread = 0;
    assert_int_equal(inbox_unread(db, customer, &unread), 0);
    for (int page = 0; page < 2; page++)
        for (int only = 0; only < 2; only++) {
            InboxPage ip = {
                .a = &a, .account_id = customer, .before = page ? 2500 : 0, .unread_only = only};
            assert_int_equal(db_tx_read(db, inbox_page, &ip), 0);
        }
    int64_t notice =
        ops_pick_i(db, "SELECT max(id) FROM notices WHERE account_id = ?", "i", customer);
    InboxRead rd = {.a = &a, .account_id = customer, .id = notice, .who = who};
    assert_int_equal(db_tx(db, inbox_read, &rd), 0);
    int64_t app = ops_pick(db, "SELECT max(id) FROM applications WHERE state = 'provider_review'");
    assert_int_equal(notify_application_event(db, &a, app, EVENT_SUBMIT, &who), 0);
    assert_int_equal(notify_account_decided(db, &a, customer, true, NULL), 0);
    /* "id < ?" is a SEARCH of the primary key whatever the filter: each
    ** filter must name its own index (SQLite; PostgreSQL is held to no
    ** sequential scan above). */
    static const char *const want[MAIL_PAGE_SQLS] = {
        "PRIMARY KEY",          "mail_outbox_state",     "mail_outbox_to_lower",
        "mail_outbox_to_lower", "mail_outbox_to_domain", "mail_outbox_to_domain"};
    for (int i = 0; i < MAIL_PAGE_SQLS && !db_is_postgres(db); i++) {
        DbStmt *st;
        ops_rec->paused = true;
        assert_int_equal(
            db_prepare(db, arena_printf(&a, "EXPLAIN QUERY PLAN %s", MAIL_PAGE_SQL[i]), &st),
            DB_DONE);
        Buf plan;
        buf_init(&plan, &a);
        for (DbRc rc = db_step(st); rc == DB_ROW; rc = db_step(st))
            buf_printf(&plan, "%s\n", db_col_text(st, &a, 3));
        db_done(st);
        ops_rec->paused = false;
        print_message("mail page %d: %s  %s", i, MAIL_PAGE_SQL[i], plan.data);
        if (!strstr(plan.data, want[i])) fail_msg("mail page %d does not read %s", i, want[i]);
    }
    int messages = 0, warned = 0, closed = 0;
    assert_int_equal(notify_sms_due(db, now, &messages), 0);
    assert_int_equal(notify_expiry_due(db, now, &warned, &closed), 0);
    arena_free(&a);
}

static void run_operations(Db *db, Recorded *rec) {
    ops_rec = rec;
    db_trace(record_sql, rec);
    static const char *const states[] = {"draft",        "provider_review",  "provider_returned",
                                         "to_regulator", "regulator_review", "regulator_returned",
                                         "approved",     "withdrawn",        NULL};
    for (int i = 0; states[i]; i++)
        ops_customer(db, states[i]);
    ops_sessions(db, ops_pick(db, "SELECT max(id) FROM accounts WHERE role = 'customer'"));
    ops_staff(db, ops_pick(db, "SELECT min(id) FROM accounts WHERE role = 'reviewer'"),
              ops_pick(db, "SELECT min(id) FROM accounts WHERE role = 'admin'"));
    ops_regulator(db);
    ops_mail(db, ops_pick(db, "SELECT min(id) FROM accounts WHERE role = 'admin'"),
             ops_pick(db, "SELECT min(id) FROM accounts"));
    db_trace(NULL, NULL);
}

#endif
