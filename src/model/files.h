/*
** Files attached to applications: the scans a customer uploads per checklist
** item and the reviewers' on-site photo. The bytes live in the encrypted
** file store (docs/store.h); these rows say whose they are and what they show.
*/
#ifndef BEIAN_MODEL_FILES_H
#define BEIAN_MODEL_FILES_H

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

#endif
