/*
** beian backup FILE / beian restore FILE.
**
** SQLite: FILE is a SQLite database, a copy of the deployment's made with
** the online backup API (a consistent snapshot while the server runs; the
** scans are rows of it since migration 0011), plus one table,
** beian_backup, holding each table's row count and checksum (dbcopy.h).
** A restore copies FILE next to the database, checks it there (SQLite's
** integrity check, every table against its checksum, every scan decrypted
** with the master key), and only then puts it in the database's place.
**
** PostgreSQL: FILE is `pg_dump -Fc` of the configured database; a restore
** first reads it whole (`pg_restore -f /dev/null`: a damaged archive fails
** there), then runs `pg_restore --clean --single-transaction`.
**
** Neither holds the master key: back it up on its own.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app/app.h"
#include "app/dbcopy.h"
#include "core/crypto.h"
#include "core/err.h"
#include "core/log.h"
#include "db/db_util.h"
#include "model/blobs.h"

typedef struct Job {
    Config cfg;
    const char *file;
    const char *url;  /* the configured database */
    const char *path; /* SQLite: its file */
    bool force;
    char why[600];
} Job;

/* ---- SQLite ------------------------------------------------------------ */

static int exec_sql(Db *db, const char *sql) {
    DbRc rc = db_exec(db, sql, NULL);
    return rc < 0 ? db_err(rc) : 0;
}

/* Write the manifest of the database db (a fresh backup). */
static int manifest_write(Db *db, void *ctx) {
    Job *j = ctx;
    Arena a;
    arena_init(&a);
    DbcTable *t;
    int n;
    int rc = dbc_tables(db, &a, &t, &n, j->why, sizeof j->why);
    if (rc == 0)
        rc = exec_sql(db, "CREATE TABLE " DBC_MANIFEST
                          " (name TEXT PRIMARY KEY, rows INTEGER NOT NULL, sha256 TEXT NOT NULL)");
    for (int i = 0; rc == 0 && i < n; i++) {
        unsigned char sum[32];
        char hex[65];
        int64_t rows;
        rc = dbc_checksum(db, &t[i], &rows, sum);
        dbc_hex(sum, hex);
        if (rc == 0) {
            DbRc r =
                db_exec(db, "INSERT INTO " DBC_MANIFEST " (name, rows, sha256) VALUES (?, ?, ?)",
                        "tit", t[i].name, rows, hex);
            if (r < 0) rc = db_err(r);
        }
        if (rc == 0) printf("  %-26s %9lld rows  %.16s\n", t[i].name, (long long)rows, hex);
    }
    arena_free(&a);
    return rc;
}

typedef struct Check {
    Job *j;
    Db *db;
    int64_t scans;
    int name_col;
    Arena a;
} Check;

static int check_scan(void *ctx, const DbcTable *t, const DbcVal *vals) {
    (void)t;
    Check *c = ctx;
    void *data;
    size_t n;
    arena_reset(&c->a);
    int rc = blob_read(c->db, &c->a, vals[c->name_col].p, &data, &n);
    if (rc == 0) c->scans++;
    return rc;
}

/* SQLite's integrity check passes and the file has a manifest. */
static int check_file(Db *db, Job *j, Arena *a) {
    DbStmt *st;
    DbRc r = db_query(db, &st, "PRAGMA integrity_check", NULL);
    if (r < 0) {
        snprintf(j->why, sizeof j->why, "it is not a readable SQLite database");
        return db_err(r);
    }
    const char *ok = r == DB_ROW ? db_col_text(st, a, 0) : "";
    if (strcmp(ok, "ok") != 0)
        snprintf(j->why, sizeof j->why, "SQLite's integrity check: %.300s", ok);
    db_done(st);
    if (j->why[0]) return -ERR_INTERNAL;
    int64_t have = 0;
    r = db_query_i64(db, &have,
                     "SELECT count(*) FROM sqlite_master WHERE name = '" DBC_MANIFEST "'", NULL);
    if (r < 0) return db_err(r);
    if (!have) {
        snprintf(j->why, sizeof j->why, "it has no checksums (not made by `beian backup`)");
        return -ERR_INTERNAL;
    }
    return 0;
}

/* Every table is listed in the manifest, with its row count and checksum. */
static int check_tables(Db *db, Job *j, Arena *a, const DbcTable *t, int n) {
    int64_t listed = 0;
    DbRc r = db_query_i64(db, &listed, "SELECT count(*) FROM " DBC_MANIFEST, NULL);
    if (r < 0) return db_err(r);
    if (listed != n) {
        snprintf(j->why, sizeof j->why, "it lists %lld tables and holds %d", (long long)listed, n);
        return -ERR_INTERNAL;
    }
    for (int i = 0; i < n; i++) {
        unsigned char sum[32];
        char hex[65];
        int64_t rows;
        if (dbc_checksum(db, &t[i], &rows, sum) < 0) {
            snprintf(j->why, sizeof j->why, "table %s cannot be read", t[i].name);
            return -ERR_INTERNAL;
        }
        dbc_hex(sum, hex);
        DbStmt *st;
        r = db_query(db, &st, "SELECT rows, sha256 FROM " DBC_MANIFEST " WHERE name = ?", "t",
                     t[i].name);
        if (r < 0) return db_err(r);
        bool same = r == DB_ROW && db_col_i64(st, 0) == rows && !strcmp(db_col_text(st, a, 1), hex);
        db_done(st);
        if (!same) {
            snprintf(j->why, sizeof j->why, "table %s differs from its checksum", t[i].name);
            return -ERR_INTERNAL;
        }
    }
    return 0;
}

/* Is the restored copy db what the backup's manifest says? The file, then
** every table, then the scans (decrypted with this deployment's key). */
static int manifest_check(Db *db, void *ctx) {
    Check *c = ctx;
    Job *j = c->j;
    c->db = db;
    c->scans = 0;
    Arena a;
    arena_init(&a);
    DbcTable *t = NULL;
    int n = 0;
    int rc = check_file(db, j, &a);
    if (rc == 0) rc = dbc_tables(db, &a, &t, &n, j->why, sizeof j->why);
    if (rc == 0) rc = check_tables(db, j, &a, t, n);
    for (int i = 0; rc == 0 && i < n; i++) {
        if (strcmp(t[i].name, "blobs") != 0) continue;
        c->name_col = -1;
        for (int k = 0; k < t[i].ncols; k++)
            if (!strcmp(t[i].cols[k], "name")) c->name_col = k;
        rc = c->name_col < 0 ? -ERR_INTERNAL : dbc_walk(db, &t[i], check_scan, NULL, c);
        if (rc < 0)
            snprintf(j->why, sizeof j->why,
                     "a scan does not decrypt with this master key (%s): restore with the "
                     "master key of the deployment that made the backup",
                     err_name(rc));
    }
    arena_free(&a);
    return rc;
}

/* A file name beside path with a suffix. */
static char *beside(const char *path, const char *suffix) {
    size_t n = strlen(path) + strlen(suffix) + 1;
    char *p = xmalloc(n);
    snprintf(p, n, "%s%s", path, suffix);
    return p;
}

static void remove_db_files(const char *path) {
    char *wal = beside(path, "-wal"), *shm = beside(path, "-shm");
    unlink(wal);
    unlink(shm);
    unlink(path);
    free(wal);
    free(shm);
}

static int backup_sqlite(Job *j) {
    char *tmp = beside(j->file, ".part");
    remove_db_files(tmp);
    int rc = 0;
    if (db_sqlite_backup(j->path, tmp, j->why, sizeof j->why) < 0) rc = -ERR_INTERNAL;
    char url[4200];
    snprintf(url, sizeof url, "sqlite:%s", tmp);
    Db *db = rc == 0 ? db_open(url) : NULL;
    if (rc == 0 && !db) rc = -ERR_DB;
    if (rc == 0) rc = db_tx(db, manifest_write, j);
    /* A file of its own, without -wal and -shm: readable from read-only media. */
    if (rc == 0 && db_exec(db, "PRAGMA journal_mode=DELETE", NULL) < 0) rc = -ERR_DB;
    if (db) db_close(db);
    if (rc == 0 && rename(tmp, j->file) != 0) {
        snprintf(j->why, sizeof j->why, "rename %s: %s", tmp, strerror(errno));
        rc = -ERR_INTERNAL;
    }
    if (rc < 0) remove_db_files(tmp);
    free(tmp);
    return rc;
}

/* Rows in any copied table of the SQLite database at path: 1, 0, -1. */
static int sqlite_has_data(const char *path, char *why, size_t cap) {
    struct stat sb;
    if (stat(path, &sb) != 0) return 0;
    char url[4200];
    snprintf(url, sizeof url, "sqlite:%s", path);
    Db *db = db_open(url);
    if (!db) return -1;
    Arena a;
    arena_init(&a);
    int64_t accounts = 0;
    DbRc rc = db_query_i64(db, &accounts,
                           "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
                           "name = 'accounts'",
                           NULL);
    if (rc >= 0 && accounts)
        rc = db_query_i64(db, &accounts, "SELECT count(*) FROM accounts", NULL);
    if (rc >= 0 && accounts)
        snprintf(why, cap, "%s holds a deployment (%lld accounts)", path, (long long)accounts);
    arena_free(&a);
    db_close(db);
    return rc < 0 ? -1 : accounts > 0;
}

/* A restore may replace the database: no other process has it open, and
** it holds no accounts unless --force. */
static int restore_allowed(Job *j) {
    int busy = access(j->path, F_OK) == 0 ? db_sqlite_in_use(j->path) : 0;
    if (busy) {
        snprintf(j->why, sizeof j->why,
                 busy > 0 ? "%s is open in another process (a running server?): stop it first"
                          : "%s cannot be opened",
                 j->path);
        return -ERR_CONFLICT;
    }
    char why[300] = "";
    int full = sqlite_has_data(j->path, why, sizeof why);
    if (full < 0) {
        snprintf(j->why, sizeof j->why, "%s cannot be read", j->path);
        return -ERR_DB;
    }
    if (full && !j->force) {
        snprintf(j->why, sizeof j->why,
                 "%s: restore replaces it only with --force (nothing was changed)", why);
        return -ERR_CONFLICT;
    }
    return 0;
}

static int restore_sqlite(Job *j) {
    int rc = restore_allowed(j);
    if (rc < 0) return rc;
    char *tmp = beside(j->path, ".restoring");
    remove_db_files(tmp);
    char why2[300];
    if (db_sqlite_backup(j->file, tmp, why2, sizeof why2) < 0) {
        snprintf(j->why, sizeof j->why, "%s cannot be read: %s", j->file, why2);
        rc = -ERR_INTERNAL;
    }
    char url[4200];
    snprintf(url, sizeof url, "sqlite:%s", tmp);
    Db *db = rc == 0 ? db_open(url) : NULL;
    if (rc == 0 && !db) {
        snprintf(j->why, sizeof j->why, "%s is not a SQLite database", j->file);
        rc = -ERR_DB;
    }
    Check c = {.j = j};
    arena_init(&c.a);
    if (rc == 0) {
        j->why[0] = 0;
        rc = db_tx_read(db, manifest_check, &c);
        if (rc < 0 && !j->why[0]) snprintf(j->why, sizeof j->why, "%s", err_msg(rc, LANG_EN));
        if (rc < 0) {
            char inner[400];
            snprintf(inner, sizeof inner, "%.399s", j->why);
            snprintf(j->why, sizeof j->why,
                     "the backup %.150s is damaged: %.399s; nothing was changed", j->file, inner);
        }
    }
    if (rc == 0) rc = exec_sql(db, "DROP TABLE " DBC_MANIFEST);
    arena_free(&c.a);
    if (db) db_close(db);
    if (rc == 0) {
        char *wal = beside(j->path, "-wal"), *shm = beside(j->path, "-shm");
        unlink(wal);
        unlink(shm);
        free(wal);
        free(shm);
        if (rename(tmp, j->path) != 0) {
            snprintf(j->why, sizeof j->why, "rename %s: %s", tmp, strerror(errno));
            rc = -ERR_INTERNAL;
        }
    }
    if (rc == 0)
        printf("restored %s: every table matches its checksum, %lld scans decrypt\n", j->path,
               (long long)c.scans);
    else
        remove_db_files(tmp);
    free(tmp);
    return rc;
}

/* ---- PostgreSQL -------------------------------------------------------- */

/* Run a program (found on PATH) and wait: its exit status, 127 when it
** could not be started. Its output goes to ours. */
static int run(const char *const *argv, bool quiet) {
    pid_t pid = fork();
    if (pid < 0) return 127;
    if (pid == 0) {
        if (quiet) {
            FILE *null = freopen("/dev/null", "w", stderr);
            (void)null;
        }
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* Read the whole archive: a damaged one fails. */
static int pg_archive_check(Job *j, const char *file) {
    const char *argv[] = {"pg_restore", "--file=/dev/null", file, NULL};
    int st = run(argv, true);
    if (st == 127) {
        snprintf(j->why, sizeof j->why, "pg_restore not found: install postgresql-client");
        return -ERR_INTERNAL;
    }
    if (st != 0) {
        snprintf(j->why, sizeof j->why,
                 "the backup %s is damaged or not a pg_dump archive (pg_restore cannot read it); "
                 "nothing was changed",
                 file);
        return -ERR_INTERNAL;
    }
    return 0;
}

static int backup_pg(Job *j) {
    char *tmp = beside(j->file, ".part");
    const char *argv[] = {"pg_dump", "--format=custom", "--no-owner", "--file",
                          tmp,       "--dbname",        j->url,       NULL};
    int st = run(argv, false), rc = 0;
    if (st == 127)
        snprintf(j->why, sizeof j->why, "pg_dump not found: install postgresql-client");
    else if (st != 0)
        snprintf(j->why, sizeof j->why, "pg_dump failed (exit %d)", st);
    if (st != 0) rc = -ERR_INTERNAL;
    if (rc == 0) rc = pg_archive_check(j, tmp);
    if (rc == 0 && rename(tmp, j->file) != 0) {
        snprintf(j->why, sizeof j->why, "rename %s: %s", tmp, strerror(errno));
        rc = -ERR_INTERNAL;
    }
    if (rc < 0) unlink(tmp);
    free(tmp);
    return rc;
}

/* Other sessions on the database (servers), and whether it holds accounts. */
static int pg_target_state(Job *j, int64_t *others, int64_t *accounts) {
    Db *db = db_open(j->url);
    if (!db) {
        snprintf(j->why, sizeof j->why, "cannot connect to the configured database");
        return -ERR_DB;
    }
    DbRc rc = db_query_i64(db, others,
                           "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                           "current_database() AND pid <> pg_backend_pid()",
                           NULL);
    int64_t have = 0;
    if (rc >= 0)
        rc = db_query_i64(db, &have,
                          "SELECT count(*) FROM information_schema.tables WHERE table_schema = "
                          "current_schema() AND table_name = 'accounts'",
                          NULL);
    *accounts = 0;
    if (rc >= 0 && have) rc = db_query_i64(db, accounts, "SELECT count(*) FROM accounts", NULL);
    db_close(db);
    return rc < 0 ? db_err(rc) : 0;
}

static int restore_pg(Job *j) {
    int rc = pg_archive_check(j, j->file);
    int64_t others = 0, accounts = 0;
    if (rc == 0) rc = pg_target_state(j, &others, &accounts);
    if (rc < 0) return rc;
    if (others) {
        snprintf(j->why, sizeof j->why,
                 "%lld other sessions are connected to the database (running servers?): stop "
                 "them first",
                 (long long)others);
        return -ERR_CONFLICT;
    }
    if (accounts && !j->force) {
        snprintf(j->why, sizeof j->why,
                 "the database holds a deployment (%lld accounts): restore replaces it only "
                 "with --force (nothing was changed)",
                 (long long)accounts);
        return -ERR_CONFLICT;
    }
    const char *argv[] = {
        "pg_restore",           "--clean",  "--if-exists", "--no-owner", "--exit-on-error",
        "--single-transaction", "--dbname", j->url,        j->file,      NULL};
    int st = run(argv, false);
    if (st != 0) {
        snprintf(j->why, sizeof j->why, "pg_restore failed (exit %d); the database is as it was",
                 st);
        return -ERR_INTERNAL;
    }
    printf("restored %s into the configured PostgreSQL database\n", j->file);
    return 0;
}

/* ---- The commands ------------------------------------------------------ */

/* Parse `beian backup|restore FILE [options]`. 0, 1 (help) or -1. */
static int job_parse(Job *j, int argc, char **argv, const CmdOption *extra, const char *synopsis) {
    if (argc >= 2 && argv[1][0] != '-') {
        j->file = argv[1];
        argv[1] = argv[0];
        argc--, argv++;
    }
    int rc = app_parse(argc, argv, &j->cfg, extra, synopsis);
    if (rc) return rc;
    if (!j->file) {
        fprintf(stderr, "usage: %.*s (see --help)\n", (int)strcspn(synopsis, "\n"), synopsis);
        return -1;
    }
    j->url = config_database(&j->cfg);
    const DbDriver *drv = db_driver_for(j->url, &j->path);
    if (!drv) {
        fprintf(stderr, "database: not a SQLite path or PostgreSQL URL\n");
        return -1;
    }
    if (strcmp(drv->name, "sqlite") != 0) j->path = NULL;
    return 0;
}

static int job_end(Job *j, int rc, const char *verb) {
    if (rc < 0) fprintf(stderr, "%s: %s\n", verb, j->why[0] ? j->why : err_msg(rc, LANG_EN));
    config_free(&j->cfg);
    return rc < 0 ? 1 : 0;
}

int cmd_backup(int argc, char **argv) {
    Job j = {0};
    int rc = job_parse(&j, argc, argv, NULL,
                       "beian backup FILE [options]\n\n"
                       "Backs the configured database up into FILE: on SQLite a copy made\n"
                       "with the online backup API (scans included) with the checksum of\n"
                       "every table; on PostgreSQL pg_dump's custom format. The master key\n"
                       "is not in it: back it up on its own");
    if (rc) return rc > 0 ? 0 : 2;
    if (j.path) {
        Db *db = app_open(&j.cfg, false); /* the key, and legacy files moved in */
        rc = db ? dbc_import_legacy(db, &j.cfg) : -ERR_DB;
        if (db) db_close(db);
        if (rc == 0) rc = backup_sqlite(&j);
    } else {
        rc = backup_pg(&j);
    }
    if (rc == 0) printf("backup written to %s\n", j.file);
    return job_end(&j, rc, "backup");
}

int cmd_restore(int argc, char **argv) {
    Job j = {0};
    const char *force = NULL;
    const CmdOption extra[] = {
        {"force", 0, &force, "replace a database that holds data"},
        {0},
    };
    int rc = job_parse(&j, argc, argv, extra,
                       "beian restore FILE [--force] [options]\n\n"
                       "Checks the backup FILE, then makes it the configured database.\n"
                       "Refuses while a server uses the database, and refuses to replace\n"
                       "a database that holds data unless --force");
    if (rc) return rc > 0 ? 0 : 2;
    j.force = force != NULL;
    if (j.path) {
        mkdir(j.cfg.data_dir, 0700);
        rc = crypto_load_key(j.cfg.data_dir) ? -ERR_INTERNAL : 0;
        if (rc < 0) snprintf(j.why, sizeof j.why, "no master key in %s", j.cfg.data_dir);
        if (rc == 0) rc = restore_sqlite(&j);
    } else {
        rc = restore_pg(&j);
    }
    return job_end(&j, rc, "restore");
}
