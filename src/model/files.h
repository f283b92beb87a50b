/*
** Files attached to applications: the scans a customer uploads per checklist
** item and the reviewers' on-site photo. The bytes live in the encrypted
** file store (docs/store.h); these rows say whose they are and what they show.
*/
#ifndef BEIAN_MODEL_FILES_H
#define BEIAN_MODEL_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "model/blobs.h"
#include "model/audit.h"
#include "rules/checklist.h"

/* The slot of the reviewers' on-site photo (现场核验照片): staff's alone. */
#define FILE_SLOT_ONSITE_PHOTO "onsite_photo"

typedef struct AppFile {
    int64_t id, application_id, uploaded_by, uploaded_at, size;
    const char *slot, *side, *blob, *name, *mime, *uploader; /* blob: its name in the store */
    int width, height;
} AppFile;

/* Store the bytes (a reference to them: blob_ref) and add the row naming
** them, in the caller's transaction; thumb may be NULL. f->blob, id and
** uploaded_at are set. */
int app_file_add(Db *db, Arena *a, AppFile *f, const void *data, size_t n, const void *thumb,
                 size_t thumb_n);
/* The file, if it belongs to the application (-ERR_NOT_FOUND otherwise). */
int app_file_get(Db *db, Arena *a, int64_t app_id, int64_t file_id, AppFile *out);
/* Current (not deleted) files of an application, by slot then upload time. */
int app_files_list(Db *db, Arena *a, int64_t app_id, AppFile **out, size_t *n);
int app_file_count(Db *db, int64_t app_id, const char *slot, const char *side, int64_t *n);
/* Mark the file deleted and give back its reference to its bytes (erased
** with the last one), in the caller's transaction. A file already deleted,
** or of another application, is left alone. */
int app_file_delete(Db *db, int64_t app_id, int64_t file_id);

/* Has the slot (both sides of an ID copy) at least one file among files? */
bool file_slot_done(const char *slot, const AppFile *files, size_t n);
/* How many of the checklist's items taking scans have none yet. */
size_t file_scans_missing(const Checklist *c, const AppFile *files, size_t n);

/* At most this many files per checklist item (an ID side holds one). */
#define FILES_PER_SLOT 5

/* Attach an upload (already checked by docs/upload.h) to an application:
** the slot must be one its checklist takes (the on-site photo: staff only),
** a customer while the application is editable, and while it waits for
** the provider's review into a slot (an ID copy: a side) still without a
** file (issue 11: what was not sent yet can follow); an ID copy's side
** holds one file, which the new one replaces (never a customer's file by
** staff). The bytes and their thumbnail (made before the transaction,
** NULL for a PDF) go to the store in the same transaction as the row, and
** the bytes of a replaced file go with its last reference. A DbTxFn. */
typedef struct FileUpload {
    Arena *a;
    int64_t account_id; /* 0: staff */
    int64_t app_id;
    const void *data;
    size_t n;
    const void *thumb;
    size_t thumb_n;
    int64_t quota; /* bytes of current files the uploading customer may keep; 0: none */
    AppFile f;     /* in: slot, side, name, mime, width, height, uploaded_by; out: the row */
    Actor who;
} FileUpload;
int file_upload(Db *db, void *ctx);

/* Remove a file from an application (customers: their own scans while
** editable; staff: only the on-site photo). Bytes nothing else names are
** erased in the same transaction. */
typedef struct FileRemove {
    Arena *a;
    int64_t account_id; /* 0: staff */
    int64_t app_id, file_id;
    Actor who;
} FileRemove;
int file_remove(Db *db, void *ctx);

/* Read a file's bytes for its viewer, audited (file.view / file.thumbnail).
** A thumbnail is the one made at upload (made and kept now for a file
** stored without one); -ERR_UPLOAD_NO_THUMBNAIL for a PDF. */
typedef struct FileRead {
    Arena *a;
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

/* Bytes of the current files account_id uploaded (for the quota). */
int app_file_bytes_of(Db *db, int64_t account_id, int64_t *bytes);

/* Retention (PIPL: keep only what is needed): the scans and photos of
** applications withdrawn or closed before `before` are deleted, their
** bytes erased with their last reference, one audit row an application
** (file.retention_erase). At most `limit` applications a call; *erased
** gets the files deleted, *more whether applications remain. A DbTxFn
** context. */
typedef struct FileRetention {
    int64_t before;
    int limit;
    int erased; /* out */
    bool more;  /* out */
} FileRetention;
int file_retention_erase(Db *db, void *ctx);

/* True for the slots of ID copies, which have a front and a back. */
bool file_slot_is_id_copy(const char *slot);

#endif
