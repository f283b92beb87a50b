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

#endif
