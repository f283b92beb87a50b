/*
** Files attached to applications and the versioned texts of the printed
** agreement and letter. The bytes live in the file store (docs/store.h);
** these rows say whose they are and what they show.
*/
#ifndef BEIAN_MODEL_DOCUMENTS_H
#define BEIAN_MODEL_DOCUMENTS_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

typedef struct AppFile {
    int64_t id, application_id, uploaded_by, uploaded_at, size;
    const char *slot, *side, *sha256, *name, *mime, *uploader;
    int width, height;
} AppFile;

int app_file_add(Db *db, AppFile *f);
/* The file, if it belongs to the application (-ERR_NOT_FOUND otherwise). */
int app_file_get(Db *db, Arena *a, int64_t app_id, int64_t file_id, AppFile *out);
/* Current (not deleted) files of an application, by slot then upload time. */
int app_files_list(Db *db, Arena *a, int64_t app_id, AppFile **out, size_t *n);
int app_file_count(Db *db, int64_t app_id, const char *slot, const char *side, int64_t *n);
int app_file_delete(Db *db, int64_t app_id, int64_t file_id);
/* How many current files (of any application) hold these bytes. */
int app_file_users(Db *db, const char *sha256, int64_t *n);

typedef struct FormText {
    int64_t id, created_at;
    int version;
    const char *kind, *text, *author;
} FormText;

/* The newest version of a text kind; -ERR_NOT_FOUND when admins never wrote one. */
int form_text_latest(Db *db, Arena *a, const char *kind, FormText *out);
/* Every version of a kind, newest first. */
int form_text_versions(Db *db, Arena *a, const char *kind, FormText **out, size_t *n);
/* Store a new version (the next number). */
int form_text_add(Db *db, const char *kind, const char *text, int64_t admin_id, int *version);

#endif
