/*
** End to end: moving and keeping a deployment (issue 13 item 5).
**
**   - backup and restore on SQLite: a backup made while the server runs,
**     a change made after it, then the restore brings back exactly what
**     the backup held (the application as the API shows it, the scans'
**     bytes); refused while the server runs, without --force over data,
**     and for a damaged or foreign file, each leaving the database as it
**     was;
**   - `beian db copy` of a SQLite deployment into PostgreSQL: refused into
**     a database that holds data (which stays as it was); into an empty
**     one the row counts match, a server on the copy serves the same
**     application and scan bytes to the same session, and new rows get
**     new ids;
**   - backup and restore on PostgreSQL (pg_dump / pg_restore).
** The PostgreSQL cases need BEIAN_TEST_PG_URL (or BEIAN_TEST_DATABASE) and
** are skipped without it.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "../fixtures/uploads/fixtures.h"
#include "filing_data.h"
#include "flows.h"

static Arena A;
static char pg_url[512]; /* the test cluster, "" when there is none */

/* A deployment with data and what its API showed. */
typedef struct Deployment {
    Beian *srv;
    Client *staff, *customer;
    long long app, files[2];
    FxBytes scans[2];
    char *app_json; /* the customer's view of the application */
} Deployment;

static char *app_json(Client *c, long long id) {
    json_t *j = api_application(c, id);
    char *s = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT);
    json_decref(j);
    return s;
}

static long long upload(Client *c, long long id, const char *slot, const char *side, FxBytes f) {
    char path[128];
    snprintf(path, sizeof path, "/api/v1/applications/%lld/files", id);
    const char *fields[] = {"slot", slot, "side", side, NULL};
    Resp *r = http_post_file(c, path, "file", "scan.jpg", f.p, f.n, fields);
    ASSERT_STATUS(r, 201);
    return jint(r->json, "file.id");
}

/* The scan's bytes are served as they were uploaded (cleaned once). */
static Resp *get_scan(Deployment *d, int i) {
    char path[128];
    snprintf(path, sizeof path, "/api/v1/applications/%lld/files/%lld", d->app, d->files[i]);
    return http_get(d->customer, path);
}

static void fill(Deployment *d, const char *login) {
    STEP("a server with staff; customer %s files an application with two scans", login);
    d->srv = beian_start(true);
    d->staff = flow_staff(d->srv, "reviewer1");
    d->customer = flow_new_customer(d->srv, d->staff, login);
    char domain[64];
    snprintf(domain, sizeof domain, "example-%s.cn", login);
    d->app = flow_first_filing(d->customer, "{" ORG_SUBJECT "}", SITE_OTHER_PRINCIPAL,
                               "示例科技官方网站", domain);
    d->scans[0] = fx_jpeg(&A, 1200, 900);
    d->scans[1] = fx_jpeg(&A, 1000, 800);
    d->files[0] = upload(d->customer, d->app, "licence_copy", "", d->scans[0]);
    d->files[1] = upload(d->customer, d->app, "legal_rep_id_copy", "front", d->scans[1]);
    for (int i = 0; i < 2; i++) {
        Resp *r = get_scan(d, i);
        ASSERT_STATUS(r, 200);
        d->scans[i] = (FxBytes){(unsigned char *)arena_strndup(&A, r->body, r->len), r->len};
    }
    ASSERT_STATUS(api_submit(d->customer, d->app, "请审核", 0), 200);
    d->app_json = app_json(d->customer, d->app);
}

/* The server shows what it showed when d was filled. */
static void same_as_filled(Deployment *d) {
    char *now = app_json(d->customer, d->app);
    assert_string_equal(now, d->app_json);
    free(now);
    for (int i = 0; i < 2; i++) {
        Resp *r = get_scan(d, i);
        ASSERT_STATUS(r, 200);
        assert_int_equal(r->len, d->scans[i].n);
        assert_memory_equal(r->body, d->scans[i].p, r->len);
    }
}

static void done(Deployment *d) {
    client_free(d->customer);
    client_free(d->staff);
    free(d->app_json);
    assert_int_equal(beian_stop(d->srv), 0);
}

/* Run beian with the deployment's settings; assert its exit status and
** that its output holds want (NULL: anything). */
static void cli_expect(Beian *b, const char *const *argv, int status, const char *want) {
    char out[16384];
    int rc = beian_cli_out(b, argv, out, sizeof out);
    if (rc != status || (want && !strstr(out, want)))
        E2E_FAIL("beian %s %s: exit %d (want %d), output lacks \"%s\":\n%s", argv[0],
                 argv[1] ? argv[1] : "", rc, status, want ? want : "", out);
}

/* The application's state as its customer sees it. */
static char *app_state(Deployment *d) {
    json_t *j = api_application(d->customer, d->app);
    char *s = strdup(jstr(j, "state"));
    json_decref(j);
    return s;
}

/* Write a copy of file with n bytes flipped in its middle. */
static void corrupt_copy(const char *file, const char *out, size_t n) {
    FILE *f = fopen(file, "rb");
    if (!f) E2E_FAIL("open %s", file);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *p = malloc((size_t)len);
    if (fread(p, 1, (size_t)len, f) != (size_t)len) E2E_FAIL("read %s", file);
    fclose(f);
    for (size_t i = 0; i < n; i++)
        p[len / 2 + (long)i] ^= 0x5a;
    f = fopen(out, "wb");
    fwrite(p, 1, (size_t)len, f);
    fclose(f);
    free(p);
}

/* Backup, change, refusals, restore, as the one scenario both engines run. */
static void backup_round_trip(Deployment *d) {
    char file[400], bad[400], junk[400];
    snprintf(file, sizeof file, "%s/backup-1", d->srv->dir);
    snprintf(bad, sizeof bad, "%s/backup-bad", d->srv->dir);
    snprintf(junk, sizeof junk, "%s/backup-junk", d->srv->dir);
    STEP("a backup is made while the server runs");
    cli_expect(d->srv, (const char *const[]){"backup", file, NULL}, 0, "backup written to");
    STEP("the application is withdrawn after the backup");
    ASSERT_STATUS(api_withdraw(d->customer, d->app), 200);
    char *changed = app_state(d);
    STEP("no restore while the server runs");
    cli_expect(d->srv, (const char *const[]){"restore", file, "--force", NULL}, 1, "stop");
    beian_halt(d->srv);
    STEP("no restore over data without --force");
    cli_expect(d->srv, (const char *const[]){"restore", file, NULL}, 1, "--force");
    STEP("a damaged backup and a foreign file are refused");
    corrupt_copy(file, bad, 64);
    cli_expect(d->srv, (const char *const[]){"restore", bad, "--force", NULL}, 1, "damaged");
    FILE *f = fopen(junk, "w");
    fputs("this is not a backup\n", f);
    fclose(f);
    cli_expect(d->srv, (const char *const[]){"restore", junk, "--force", NULL}, 1, NULL);
    STEP("the refusals changed nothing: the application is still withdrawn");
    beian_resume(d->srv);
    char *now = app_state(d);
    assert_string_equal(now, changed);
    free(now);
    free(changed);
    beian_halt(d->srv);
    STEP("restore --force brings back what the backup held");
    cli_expect(d->srv, (const char *const[]){"restore", file, "--force", NULL}, 0, "restored");
    beian_resume(d->srv);
    same_as_filled(d);
}

/* Run one statement on a SQLite file. */
static void sqlite_run(const char *path, const char *sql) {
    sqlite3 *h;
    if (sqlite3_open(path, &h) != SQLITE_OK || sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK)
        E2E_FAIL("sqlite %s: %s", sql, sqlite3_errmsg(h));
    sqlite3_close(h);
}

E2E_TEST(test_backup_restore_sqlite) {
    Deployment d = {0};
    fill(&d, "bk1");
    backup_round_trip(&d);
    STEP("a backup whose rows were edited (a sound SQLite file) is refused");
    char file[400], edited[400], cmd[900];
    snprintf(file, sizeof file, "%s/backup-1", d.srv->dir);
    snprintf(edited, sizeof edited, "%s/backup-edited", d.srv->dir);
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", file, edited);
    if (system(cmd) != 0) E2E_FAIL("%s", cmd);
    sqlite_run(edited, "UPDATE accounts SET email = 'someone@example.com' WHERE login = 'bk1'");
    beian_halt(d.srv);
    cli_expect(d.srv, (const char *const[]){"restore", edited, "--force", NULL}, 1,
               "table accounts differs from its checksum");
    beian_resume(d.srv);
    same_as_filled(&d);
    done(&d);
}

/* ---- PostgreSQL -------------------------------------------------------- */

static PGconn *pg_connect(const char *url) {
    PGconn *c = PQconnectdb(url);
    if (PQstatus(c) != CONNECTION_OK) E2E_FAIL("PostgreSQL: %s", PQerrorMessage(c));
    return c;
}

static void pg_run(const char *url, const char *sql) {
    PGconn *c = pg_connect(url);
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) E2E_FAIL("%s: %s", sql, PQerrorMessage(c));
    PQclear(r);
    PQfinish(c);
}

static long long pg_count(const char *url, const char *table) {
    PGconn *c = pg_connect(url);
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) E2E_FAIL("%s: %s", sql, PQerrorMessage(c));
    long long n = atoll(PQgetvalue(r, 0, 0));
    PQclear(r);
    PQfinish(c);
    return n;
}

static long long sqlite_count(Beian *b, const char *table) {
    char path[300], sql[128];
    snprintf(path, sizeof path, "%s/beian.db", b->dir);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    sqlite3 *h;
    sqlite3_stmt *st;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
        E2E_FAIL("sqlite %s: %s", sql, sqlite3_errmsg(h));
    long long n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return n;
}

/* A fresh database on the test cluster: its URL in url. */
static void pg_new_database(const char *name, char *url, size_t cap) {
    char sql[128];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", name);
    pg_run(pg_url, sql);
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
    pg_run(pg_url, sql);
    const char *slash = strrchr(pg_url, '/');
    snprintf(url, cap, "%.*s/%s", (int)(slash - pg_url), pg_url, name);
}

static const char *const counted[] = {"accounts",    "subjects",    "applications",
                                      "transitions", "audit_log",   "application_files",
                                      "blobs",       "blob_chunks", "sessions"};

E2E_TEST(test_copy_to_postgres) {
    if (!pg_url[0]) skip();
    Deployment d = {0};
    fill(&d, "copy1");
    beian_halt(d.srv);
    char name_full[64], name_copy[64], full[400], copy[400], to[500];
    snprintf(name_full, sizeof name_full, "beian_copy_full_%d", (int)getpid());
    snprintf(name_copy, sizeof name_copy, "beian_copy_%d", (int)getpid());

    STEP("a PostgreSQL database with an account of its own is refused as a target");
    pg_new_database(name_full, full, sizeof full);
    Beian other = *d.srv;
    snprintf(other.db_url, sizeof other.db_url, "%s", full);
    cli_expect(&other, (const char *const[]){"migrate", NULL}, 0, NULL);
    cli_expect(&other,
               (const char *const[]){"user", "add", "--role", "admin", "--login", "other1",
                                     "--email", "other1@example.com", "--mobile", "13900000009",
                                     NULL},
               0, NULL); /* the password: BEIAN_PASSWORD */
    snprintf(to, sizeof to, "--to=%s", full);
    cli_expect(d.srv, (const char *const[]){"db", "copy", to, NULL}, 1, "already holds data");
    assert_int_equal(pg_count(full, "accounts"), 1);
    assert_int_equal(pg_count(full, "applications"), 0);
    assert_int_equal(pg_count(full, "blobs"), 0);

    STEP("db copy into an empty database: verified by counts and checksums");
    pg_new_database(name_copy, copy, sizeof copy);
    snprintf(to, sizeof to, "--to=%s", copy);
    cli_expect(d.srv, (const char *const[]){"db", "copy", to, NULL}, 0, "complete and verified");
    for (size_t i = 0; i < sizeof counted / sizeof counted[0]; i++) {
        long long s = sqlite_count(d.srv, counted[i]), p = pg_count(copy, counted[i]);
        if (s != p || s == 0)
            E2E_FAIL("%s: %lld rows in SQLite, %lld in the copy", counted[i], s, p);
    }

    STEP("a copy into the copy is refused: it now holds data");
    cli_expect(d.srv, (const char *const[]){"db", "copy", to, NULL}, 1, "already holds data");

    STEP("a server on the copy serves the same application and scans to the same session");
    snprintf(d.srv->db_url, sizeof d.srv->db_url, "%s", copy);
    snprintf(d.srv->pg_name, sizeof d.srv->pg_name, "%s", name_copy);
    snprintf(d.srv->pg_base, sizeof d.srv->pg_base, "%s", pg_url);
    beian_resume(d.srv);
    same_as_filled(&d);

    STEP("new rows get new ids (the sequences are past the copied ones)");
    long long accounts = pg_count(copy, "accounts"), audit = pg_count(copy, "audit_log");
    client_free(flow_new_customer(d.srv, d.staff, "copy2"));
    assert_int_equal(pg_count(copy, "accounts"), accounts + 1);
    if (pg_count(copy, "audit_log") <= audit) E2E_FAIL("no new audit rows on the copy");

    char sql[128];
    snprintf(sql, sizeof sql, "DROP DATABASE %s", name_full);
    pg_run(pg_url, sql);
    done(&d); /* drops the copy */
}

E2E_TEST(test_backup_restore_postgres) {
    if (!pg_url[0]) skip();
    setenv("BEIAN_TEST_DATABASE", pg_url, 1);
    Deployment d = {0};
    fill(&d, "pgbk1");
    unsetenv("BEIAN_TEST_DATABASE");
    backup_round_trip(&d);
    done(&d);
}

int main(void) {
    /* The deployments start on SQLite; PostgreSQL is the target. */
    const char *pg = getenv("BEIAN_TEST_PG_URL");
    if (!pg || !*pg) pg = getenv("BEIAN_TEST_DATABASE");
    snprintf(pg_url, sizeof pg_url, "%s", pg ? pg : "");
    unsetenv("BEIAN_TEST_DATABASE");
    setenv("BEIAN_PASSWORD", STAFF_PASSWORD, 1);
    arena_init(&A);
    const struct CMUnitTest tests[] = {
        E2E_CASE(test_backup_restore_sqlite),
        E2E_CASE(test_copy_to_postgres),
        E2E_CASE(test_backup_restore_postgres),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    arena_free(&A);
    return rc;
}
