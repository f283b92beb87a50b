/*
** The simulator's database: migrations, settings, clock, IDs, logs.
*/
#include "simulator/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/embed.h"
#include "core/err.h"
#include "core/log.h"
#include "core/util.h"

int simstore_migrate(Db *db, int *applied) {
    if (strcmp(db->drv->name, "sqlite") != 0) {
        log_error("beian regulator keeps its data in SQLite only (--database sqlite:PATH)");
        return -ERR_INTERNAL;
    }
    static const char prefix[] = "simulator/";
    size_t plen = strlen(prefix), n = 0;
    DbMigration *list = xcalloc(embedded_sql_count + 1, sizeof *list);
    /* The table is sorted by path, so versions come out in order. */
    for (size_t i = 0; i < embedded_sql_count; i++) {
        const EmbeddedFile *f = &embedded_sql[i];
        if (strncmp(f->path, prefix, plen) != 0) continue;
        list[n++] = (DbMigration){atoi(f->path + plen), f->path + plen, (const char *)f->data};
    }
    int rc = db_migrate(db, list, n, applied);
    free(list);
    return rc;
}

int64_t simstore_get_int(Db *db, const char *key, int64_t def) {
    DbStmt *st;
    DbRc rc = db_query(db, &st, "SELECT value FROM sim_settings WHERE key = ?", "t", key);
    if (rc < 0) return def;
    int64_t out = rc == DB_ROW ? db_col_i64(st, 0) : def; /* SQLite reads "60" as 60 */
    db_done(st);
    return out;
}

char *simstore_get_text(Db *db, Arena *a, const char *key) {
    DbStmt *st;
    DbRc rc = db_query(db, &st, "SELECT value FROM sim_settings WHERE key = ?", "t", key);
    if (rc < 0) return NULL;
    char *v = rc == DB_ROW ? db_col_text(st, a, 0) : NULL;
    db_done(st);
    return v;
}

int simstore_set_text(Db *db, const char *key, const char *v) {
    DbRc rc = db_exec(db,
                      "INSERT INTO sim_settings (key, value) VALUES (?, ?) "
                      "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                      "tt", key, v);
    return rc < 0 ? db_err(rc) : 0;
}

int simstore_set_int(Db *db, const char *key, int64_t v) {
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    return simstore_set_text(db, key, buf);
}

/* v bounded to [lo, hi]. */
static int64_t clamp(int64_t v, int64_t lo, int64_t hi) {
    return v < lo ? lo : v > hi ? hi : v;
}

SimSettings simstore_settings(Db *db) {
    return (SimSettings){
        .review_delay_s = simstore_get_int(db, "review_delay_s", 60),
        .return_rate = simstore_get_int(db, "return_rate", 0),
        .queue_limit = simstore_get_int(db, "queue_limit", 100),
        .bamm_limit = simstore_get_int(db, "bamm_limit", 5),
    };
}

int simstore_settings_save(Db *db, const SimSettings *s) {
    int rc;
    if ((rc = simstore_set_int(db, "review_delay_s", clamp(s->review_delay_s, 0, 86400 * 30))) ||
        (rc = simstore_set_int(db, "return_rate", clamp(s->return_rate, 0, 100))) ||
        (rc = simstore_set_int(db, "queue_limit", clamp(s->queue_limit, 1, 100000))) ||
        (rc = simstore_set_int(db, "bamm_limit", clamp(s->bamm_limit, 1, 1000))))
        return rc;
    return 0;
}

int64_t sim_now(Db *db) {
    return time_now() + simstore_get_int(db, "clock_offset_s", 0);
}

int sim_clock_advance(Db *db, int64_t seconds) {
    if (seconds < 0) return -ERR_FIELD_RANGE;
    return simstore_set_int(db, "clock_offset_s",
                            simstore_get_int(db, "clock_offset_s", 0) + seconds);
}

int sim_next_id(Db *db, int64_t *id) {
    *id = simstore_get_int(db, "next_bureau_id", 100001);
    return simstore_set_int(db, "next_bureau_id", *id + 1);
}

void simstore_log_call(Db *db, int64_t at, const char *method, const char *ip, int64_t code,
                       const char *detail) {
    int64_t id = 0;
    DbRc rc = db_insert(db, &id,
                        "INSERT INTO sim_calls (at, method, ip, msg_code, detail) "
                        "VALUES (?, ?, ?, ?, ?) RETURNING id",
                        "ittit", at, method, ip, code, detail);
    if (rc < 0) log_warn("regulator: cannot log the %s call", method);
    if (rc >= 0 && id % 1000 == 0 &&
        db_exec(db, "DELETE FROM sim_calls WHERE id <= ?", "i", id - SIM_CALLS_KEPT) < 0)
        log_warn("regulator: cannot trim the call log");
}

int simstore_message(Db *db, int64_t at, const char *mobile, int64_t item_id, const char *text) {
    DbRc rc =
        db_exec(db, "INSERT INTO sim_messages (at, mobile, item_id, text) VALUES (?, ?, ?, ?)",
                "itit", at, mobile, item_id, text);
    return rc < 0 ? db_err(rc) : 0;
}

char *sim_time_text(Arena *a, int64_t t) {
    time_t cst = (time_t)(t + 8 * 3600);
    struct tm tm;
    gmtime_r(&cst, &tm);
    char buf[32];
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    return arena_strdup(a, buf);
}

char *sim_cut(Arena *a, const char *s, size_t max) {
    if (!s) return NULL;
    const char *p = s, *end = s + strlen(s);
    for (size_t n = 0; p < end && n < max; n++) {
        const char *q = p;
        if (utf8_next(&q, end) < 0) break;
        p = q;
    }
    return arena_strndup(a, s, (size_t)(p - s));
}

char *sim_mask_mobile(Arena *a, const char *mobile) {
    size_t n = mobile ? strlen(mobile) : 0;
    if (n < 7) return arena_strdup(a, mobile ? mobile : "");
    return arena_printf(a, "%.3s****%s", mobile, mobile + n - 4);
}

char *sim_password(Arena *a, size_t n) {
    static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
    unsigned char raw[64];
    if (n > sizeof raw) n = sizeof raw;
    rand_bytes(raw, n);
    char *p = arena_alloc(a, n + 1);
    for (size_t i = 0; i < n; i++)
        p[i] = alphabet[raw[i] % (sizeof alphabet - 1)];
    p[n] = 0;
    return p;
}
