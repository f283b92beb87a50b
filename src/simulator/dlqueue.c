/*
** The download queue (see dlqueue.h).
*/
#include "simulator/dlqueue.h"

#include "core/err.h"
#include "core/log.h"
#include "simulator/store.h"

int dlqueue_put(Db *db, Arena *a, int64_t now, int64_t item_id, const char *summary,
                const DownloadData *d) {
    char *xml = NULL, *why = NULL;
    int rc = download_build(a, d, &xml, &why);
    if (rc) {
        log_error("regulator: cannot build the download file of \"%s\": %s (%s)", summary,
                  err_name(rc), why ? why : "");
        return -ERR_SIM_BAD_DATA;
    }
    int64_t no = simstore_get_int(db, "next_download_no", 1);
    if ((rc = simstore_set_int(db, "next_download_no", no + 1))) return rc;
    char *stamp = sim_time_text(a, now); /* "YYYY-MM-DD HH:MM:SS" -> digits */
    char digits[16];
    size_t k = 0;
    for (const char *p = stamp; *p && k < 14; p++)
        if (*p >= '0' && *p <= '9') digits[k++] = *p;
    digits[k] = 0;
    char *name = arena_printf(a, "DL%s_%06lld.xml", digits, (long long)no);
    DbRc d2 = db_exec(db,
                      "INSERT INTO sim_downloads (name, created_at, item_id, summary, xml) "
                      "VALUES (?, ?, ?, ?, ?)",
                      "tiitt", name, now, item_id, summary, xml);
    return d2 < 0 ? db_err(d2) : 0;
}

int dlqueue_head(Db *db, Arena *a, DlFile *out) {
    DbStmt *st;
    DbRc rc = db_query(db, &st,
                       "SELECT id, name, xml FROM sim_downloads WHERE acked_at IS NULL "
                       "ORDER BY id LIMIT 1",
                       "");
    if (rc < 0) return db_err(rc);
    if (rc == DB_ROW)
        *out = (DlFile){db_col_i64(st, 0), db_col_text(st, a, 1), db_col_text(st, a, 2), 0};
    db_done(st);
    if (rc != DB_ROW) return -ERR_NOT_FOUND;
    rc = db_query_i64(db, &out->pending,
                      "SELECT count(*) FROM sim_downloads WHERE acked_at IS NULL", "");
    return rc < 0 ? db_err(rc) : 0;
}

int dlqueue_delivered(Db *db, int64_t id) {
    DbRc rc =
        db_exec(db, "UPDATE sim_downloads SET deliveries = deliveries + 1 WHERE id = ?", "i", id);
    return rc < 0 ? db_err(rc) : 0;
}

int dlqueue_ack(Db *db, const char *name, int64_t now) {
    int64_t known = 0;
    DbRc rc =
        db_query_i64(db, &known, "SELECT count(*) FROM sim_downloads WHERE name = ?", "t", name);
    if (rc < 0) return db_err(rc);
    if (!known) return -ERR_NOT_FOUND;
    rc = db_exec(db, "UPDATE sim_downloads SET acked_at = ? WHERE name = ? AND acked_at IS NULL",
                 "it", now, name);
    return rc < 0 ? db_err(rc) : 0;
}
