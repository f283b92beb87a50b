/*
** The schema: the numbered migrations embedded in the binary (sql/sqlite,
** sql/pg), applied in order, and the rows the code seeds.
*/
#include "model/schema.h"

#include <stdlib.h>
#include <string.h>

#include "core/embed.h"
#include "core/err.h"
#include "core/util.h"
#include "model/province_rules.h"
#include "model/reason_templates.h"

extern const EmbeddedFile embedded_sql[];
extern const size_t embedded_sql_count;

static int seed_tx(Db *db, void *ctx) {
    (void)ctx;
    return province_rules_seed(db);
}

static int seed_reasons_tx(Db *db, void *ctx) {
    (void)ctx;
    return reason_templates_seed(db);
}

int schema_health(Db *db, void *ctx) {
    SchemaHealth *h = ctx;
    int64_t one = 0;
    DbRc rc = db_query_i64(db, &one, "SELECT 1", NULL);
    if (rc < 0) return db_err(rc);
    if (one != 1) return -ERR_DB;
    h->version = db_schema_version(db);
    return 0;
}

int schema_migrate(Db *db, int *applied) {
    const char *prefix = strcmp(db->drv->name, "sqlite") == 0 ? "sqlite/" : "pg/";
    size_t plen = strlen(prefix), n = 0;
    DbMigration *list = xcalloc(embedded_sql_count + 1, sizeof *list);
    /* The table is sorted by path, so versions come out in order. */
    for (size_t i = 0; i < embedded_sql_count; i++) {
        const EmbeddedFile *f = &embedded_sql[i];
        if (strncmp(f->path, prefix, plen) != 0) continue;
        list[n].version = atoi(f->path + plen);
        list[n].name = f->path + plen;
        list[n].sql = (const char *)f->data;
        n++;
    }
    int rc = db_migrate(db, list, n, applied);
    free(list);
    /* Rows the code seeds: the province rules and the standard return
    ** reasons (admins edit them later; a seed never overwrites a row). */
    if (rc == 0 && db_schema_version(db) >= 2) rc = db_tx(db, seed_tx, NULL);
    if (rc == 0 && db_schema_version(db) >= 7) rc = db_tx(db, seed_reasons_tx, NULL);
    return rc;
}
