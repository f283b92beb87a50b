/*
** Values sealed for the database: an application's values and the records
** of subjects and sites are stored as JSON (keys of the field catalog)
** encrypted with the master key, so ID numbers and phones are never in the
** database in clear.
*/
#ifndef BEIAN_MODEL_SEALED_H
#define BEIAN_MODEL_SEALED_H

#include "core/arena.h"
#include "rules/filing_fields.h"

/* Values -> sealed JSON text (arena). */
char *values_seal(Arena *a, const Values *v);
/* Sealed JSON text -> values (in a). An empty or NULL text gives empty
** values; keys the catalog does not know are skipped. -ERR_INTERNAL when the
** text cannot be opened (wrong key, tampered). */
int values_open(Arena *a, const char *sealed, Values *out);
/* The opened JSON text into *out (initialised) through jansson's tree: what
** values_open falls back to when its flat reader declines a text; the test
** of the flat reader compares the two. */
int values_parse_tree(const char *text, Values *out);

#endif
