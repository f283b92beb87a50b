/*
** Versions of the texts of the printed security agreement and authorisation
** letter (docs/form_texts.h), written by admins: every save is a new version.
*/
#ifndef BEIAN_MODEL_TEXT_VERSIONS_H
#define BEIAN_MODEL_TEXT_VERSIONS_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"
#include "model/audit.h"

typedef struct TextVersion {
    int64_t id, created_at;
    int version;
    const char *kind, *text, *author;
} TextVersion;

/* The newest version of a text kind; -ERR_NOT_FOUND when admins never wrote one. */
int text_version_latest(Db *db, Arena *a, const char *kind, TextVersion *out);
/* Every version of a kind, newest first. */
int text_versions_list(Db *db, Arena *a, const char *kind, TextVersion **out, size_t *n);
/* Store a new version (the next number). */
int text_version_add(Db *db, const char *kind, const char *text, int64_t admin_id, int *version);

/* Every version of a kind (read-only DbTxFn). */
typedef struct TextVersionsPage {
    Arena *a;
    const char *kind;
    TextVersion *versions; /* out, newest first */
    size_t n;
} TextVersionsPage;
int text_versions_page(Db *db, void *ctx);

/* Save a new version (checked by the caller: docs/form_texts.h), audited. */
typedef struct TextVersionSave {
    const char *kind, *text;
    Actor who;
    int version; /* out */
} TextVersionSave;
int text_version_save(Db *db, void *ctx);

#endif
