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
#include "docs/store.h"
#include "model/audit.h"

/* The slot of the reviewers' on-site photo (现场核验照片): staff's alone. */
#define FILE_SLOT_ONSITE_PHOTO "onsite_photo"

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

/* At most this many files per checklist item (an ID side holds one). */
#define FILES_PER_SLOT 5

/* Attach an upload (already checked by docs/upload.h) to an application:
** the slot must be one its checklist takes (the on-site photo: staff only),
** a customer only while the application is editable; an ID copy's side
** holds one file, which the new one replaces (never a customer's file by
** staff). The bytes go to the store inside the transaction; a replaced
** file's bytes that nothing else uses are named in *erase, for
** file_erase_orphan after the commit. A DbTxFn. */
typedef struct FileUpload {
    Arena *a;
    Store *store;
    int64_t account_id; /* 0: staff */
    int64_t app_id;
    const void *data;
    size_t n;
    AppFile f; /* in: slot, side, name, mime, width, height, uploaded_by; out: the row */
    Actor who;
    const char *erase; /* out */
} FileUpload;
int file_upload(Db *db, void *ctx);

/* Remove a file from an application (customers: their own scans while
** editable; staff: only the on-site photo). *erase as for file_upload. */
typedef struct FileRemove {
    Arena *a;
    int64_t account_id; /* 0: staff */
    int64_t app_id, file_id;
    Actor who;
    const char *erase; /* out */
} FileRemove;
int file_remove(Db *db, void *ctx);

/* Read a file's bytes for its viewer, audited (file.view / file.thumbnail). */
typedef struct FileRead {
    Arena *a;
    Store *store;
    int64_t account_id; /* 0: staff */
    int64_t app_id, file_id;
    bool thumbnail;
    Actor who;
    AppFile f;  /* out */
    void *data; /* out */
    size_t n;
} FileRead;
int file_read(Db *db, void *ctx);

/* The current files of an application its viewer may see (read-only). */
typedef struct FileList {
    Arena *a;
    int64_t account_id; /* 0: staff */
    int64_t app_id;
    AppFile *files; /* out */
    size_t n;
} FileList;
int file_list(Db *db, void *ctx);

/* Erase bytes from the store when no current file uses them (checked again
** in its own transaction). Errors are logged: the row is already gone. */
void file_erase_orphan(Db *db, Store *store, const char *sha256);

/* True for the slots of ID copies, which have a front and a back. */
bool file_slot_is_id_copy(const char *slot);

#endif
