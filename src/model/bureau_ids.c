/*
** The administration's IDs of Beian's records.
*/
#include "model/bureau_ids.h"

#include "core/err.h"

static const char *kind_id(BureauKind k) {
    return k == BUREAU_SUBJECT  ? "subject"
           : k == BUREAU_SITE   ? "site"
           : k == BUREAU_ACCESS ? "access"
                                : "domain";
}

int bureau_id_get(Db *db, BureauKind kind, int64_t our_id, int64_t *id) {
    *id = 0;
    DbRc rc = db_query_i64(db, id, "SELECT bureau_id FROM bureau_ids WHERE kind = ? AND our_id = ?",
                           "ti", kind_id(kind), our_id);
    return rc < 0 ? db_err(rc) : 0;
}

int bureau_id_set(Db *db, BureauKind kind, int64_t our_id, int64_t id) {
    DbRc rc = db_exec(db,
                      "INSERT INTO bureau_ids (kind, our_id, bureau_id) VALUES (?, ?, ?) "
                      "ON CONFLICT (kind, our_id) DO UPDATE SET bureau_id = excluded.bureau_id",
                      "tii", kind_id(kind), our_id, id);
    return rc < 0 ? db_err(rc) : 0;
}

int bureau_id_ours(Db *db, BureauKind kind, int64_t id, int64_t *our) {
    *our = 0;
    DbRc rc =
        db_query_i64(db, our, "SELECT our_id FROM bureau_ids WHERE kind = ? AND bureau_id = ?",
                     "ti", kind_id(kind), id);
    return rc < 0 ? db_err(rc) : 0;
}
