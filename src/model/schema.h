/*
** Bringing a database to the current schema.
*/
#ifndef BEIAN_MODEL_SCHEMA_H
#define BEIAN_MODEL_SCHEMA_H

#include "db/db.h"

/* Apply the embedded migrations not applied yet (each in its own
** transaction; concurrent runs on PostgreSQL serialise), then seed the rows
** the code owns (the default province rules, the standard return
** reasons). *applied: how many ran. */
int schema_migrate(Db *db, int *applied);

/* Does the database answer, and at which schema version (read-only DbTxFn;
** /healthz)? */
typedef struct SchemaHealth {
    int version; /* out: the highest migration applied */
} SchemaHealth;
int schema_health(Db *db, void *ctx);

#endif
