/*
** Uploading, removing, reading and listing the files of an application:
** who may do what to which slot (model/files.h).
*/
#include <string.h>

#include "core/err.h"
#include "core/log.h"
#include "core/util.h"
#include "model/account.h"
#include "model/app_view.h"
#include "docs/thumb.h"
#include "model/files.h"
#include "rules/lifecycle.h"

bool file_slot_is_id_copy(const char *slot) {
    return strstr(slot, "id_copy") != NULL;
}

bool file_slot_done(const char *slot, const AppFile *files, size_t n) {
    bool front = false, back = false, any = false;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(files[i].slot, slot) != 0) continue;
        any = true;
        front |= !strcmp(files[i].side, "front");
        back |= !strcmp(files[i].side, "back");
    }
    return file_slot_is_id_copy(slot) ? front && back : any;
}

size_t file_scans_missing(const Checklist *c, const AppFile *files, size_t n) {
    size_t missing = 0;
    for (size_t i = 0; i < c->n_items; i++)
        if (c->items[i].upload && !file_slot_done(c->items[i].code, files, n)) missing++;
    return missing;
}

/* The application and its checklist; customers while it is editable, and
** while it waits for the provider's review (*late: only into an empty
** slot or side, checked by the caller). */
static int upload_target(Db *db, Arena *a, int64_t account_id, int64_t app_id, Checklist *c,
                         bool *late) {
    Application app;
    Subject s;
    int rc = app_load(db, a, account_id, app_id, &app, &s);
    if (rc < 0) return rc;
    *late = account_id && app.state == STATE_PROVIDER_REVIEW;
    if (account_id && !*late && !lifecycle_customer_can_edit(app.state))
        return -ERR_APP_NOT_EDITABLE;
    bool has = false;
    return app_checklist(db, a, &app, &s, c, &has, NULL);
}

/* Does the application take a file in this slot and side from this viewer? */
static bool slot_allowed(const Checklist *c, const char *slot, const char *side, bool staff) {
    if (!strcmp(slot, FILE_SLOT_ONSITE_PHOTO)) return staff && !*side;
    const ChecklistItem *it = checklist_find(c, slot);
    if (!it || !it->upload) return false;
    if (file_slot_is_id_copy(slot)) return !strcmp(side, "front") || !strcmp(side, "back");
    return !*side;
}

/* An ID side holds one file: drop the others there (staff never drop a
** customer's); their bytes go with their last reference. */
static int replace_side(Db *db, FileUpload *op, bool staff) {
    AppFile *files;
    size_t nf;
    int rc = app_files_list(db, op->a, op->app_id, &files, &nf);
    for (size_t i = 0; rc == 0 && i < nf; i++) {
        const AppFile *old = &files[i];
        if (old->id == op->f.id || strcmp(old->slot, op->f.slot) || strcmp(old->side, op->f.side))
            continue;
        if (staff && old->uploaded_by != op->f.uploaded_by) {
            Account acct;
            rc = account_get(db, op->a, old->uploaded_by, &acct);
            if (rc == 0 && !strcmp(acct.role, "customer")) return -ERR_UPLOAD_SLOT_CUSTOMER;
        }
        if (rc == 0) rc = app_file_delete(db, op->app_id, old->id);
    }
    return rc;
}

int file_upload(Db *db, void *ctx) {
    FileUpload *op = ctx;
    bool staff = op->account_id == 0;
    Checklist c;
    bool late = false;
    int rc = upload_target(db, op->a, op->account_id, op->app_id, &c, &late);
    if (rc < 0) return rc;
    if (!slot_allowed(&c, op->f.slot, op->f.side, staff)) return -ERR_UPLOAD_SLOT;
    int64_t have = 0;
    rc = app_file_count(db, op->app_id, op->f.slot, op->f.side, &have);
    if (rc < 0) return rc;
    if (late && have) return -ERR_APP_NOT_EDITABLE;
    bool replace = file_slot_is_id_copy(op->f.slot);
    if (!replace && have >= FILES_PER_SLOT) return -ERR_UPLOAD_TOO_MANY;
    if (op->account_id && op->quota) {
        int64_t held = 0;
        rc = app_file_bytes_of(db, op->account_id, &held);
        if (rc < 0) return rc;
        if (held + (int64_t)op->n > op->quota) return -ERR_UPLOAD_QUOTA;
    }
    op->f.application_id = op->app_id;
    /* The new row takes its reference before the old one gives its own
    ** back: the same content uploaded again is never erased in between. */
    rc = app_file_add(db, op->a, &op->f, op->data, op->n, op->thumb, op->thumb_n);
    if (rc == 0 && replace && have) rc = replace_side(db, op, staff);
    if (rc < 0) return rc;
    return audit_write(db, &op->who, "file.upload", "application", op->app_id, op->f.slot);
}

/* Customers manage their own scans; the on-site photo is staff's alone. */
static bool may_see(bool staff, const AppFile *f) {
    return staff || strcmp(f->slot, FILE_SLOT_ONSITE_PHOTO) != 0;
}

static bool may_delete(bool staff, const AppFile *f) {
    return staff ? !strcmp(f->slot, FILE_SLOT_ONSITE_PHOTO) : may_see(staff, f);
}

int file_remove(Db *db, void *ctx) {
    FileRemove *op = ctx;
    bool staff = op->account_id == 0;
    Application app;
    Subject s;
    int rc = app_load(db, op->a, op->account_id, op->app_id, &app, &s);
    if (rc < 0) return rc;
    if (!staff && !lifecycle_customer_can_edit(app.state)) return -ERR_APP_NOT_EDITABLE;
    AppFile f;
    rc = app_file_get(db, op->a, op->app_id, op->file_id, &f);
    if (rc < 0) return rc;
    if (!may_delete(staff, &f)) return staff ? -ERR_UPLOAD_SLOT_CUSTOMER : -ERR_NOT_FOUND;
    /* Deleted means gone: the bytes go too when nothing else names them. */
    rc = app_file_delete(db, op->app_id, f.id);
    if (rc < 0) return rc;
    return audit_write(db, &op->who, "file.delete", "application", op->app_id,
                       arena_printf(op->a, "file %lld (%s)", (long long)f.id, f.slot));
}

/* The thumbnail kept with the bytes; one made and kept now for bytes
** stored without one (before migration 0011). */
static int file_thumb(Db *db, FileRead *op) {
    int rc = blob_thumb(db, op->a, op->f.blob, &op->data, &op->n);
    if (rc != -ERR_NOT_FOUND) return rc;
    if (!strcmp(op->f.mime, "application/pdf")) return -ERR_UPLOAD_NO_THUMBNAIL;
    void *data;
    size_t n;
    Thumb t;
    rc = blob_read(db, op->a, op->f.blob, &data, &n);
    if (rc == 0) rc = thumb_make(op->a, data, n, 0, &t);
    if (rc == 0) rc = blob_set_thumb(db, op->a, op->f.blob, t.data, t.n);
    if (rc < 0) return rc;
    op->data = t.data;
    op->n = t.n;
    return 0;
}

int file_read(Db *db, void *ctx) {
    FileRead *op = ctx;
    op->data = NULL;
    op->n = 0;
    Application app;
    Subject s;
    int rc = app_load(db, op->a, op->account_id, op->app_id, &app, &s);
    if (rc == 0) rc = app_file_get(db, op->a, op->app_id, op->file_id, &op->f);
    if (rc < 0) return rc;
    if (!may_see(op->account_id == 0, &op->f)) return -ERR_NOT_FOUND;
    rc = op->thumbnail ? file_thumb(db, op) : blob_read(db, op->a, op->f.blob, &op->data, &op->n);
    if (rc < 0) return rc;
    return audit_write(db, &op->who, op->thumbnail ? "file.thumbnail" : "file.view", "application",
                       op->app_id,
                       arena_printf(op->a, "file %lld (%s)", (long long)op->f.id, op->f.slot));
}

int file_list(Db *db, void *ctx) {
    FileList *op = ctx;
    op->n = 0;
    Application app;
    Subject s;
    int rc = app_load(db, op->a, op->account_id, op->app_id, &app, &s);
    if (rc == 0) rc = app_files_list(db, op->a, op->app_id, &op->files, &op->n);
    if (rc < 0) return rc;
    size_t k = 0;
    for (size_t i = 0; i < op->n; i++)
        if (may_see(op->account_id == 0, &op->files[i])) op->files[k++] = op->files[i];
    op->n = k;
    return 0;
}

/* The files of one ended application: deleted, bytes erased, audited. */
static int retention_app(Db *db, Arena *a, int64_t app_id, int *erased) {
    AppFile *files;
    size_t n;
    int rc = app_files_list(db, a, app_id, &files, &n);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = app_file_delete(db, app_id, files[i].id);
    if (rc < 0 || n == 0) return rc;
    *erased += (int)n;
    Actor system = {.login = "system"};
    return audit_write(db, &system, "file.retention_erase", "application", app_id,
                       arena_printf(a, "%zu files", n));
}

int file_retention_erase(Db *db, void *ctx) {
    FileRetention *op = ctx;
    op->erased = 0;
    op->more = false;
    Arena a;
    arena_init(&a);
    int64_t *ids = ARENA_NEW(&a, int64_t, (size_t)op->limit + 1);
    size_t n = 0;
    DbStmt *st;
    DbRc q = db_query(db, &st,
                      "SELECT a.id FROM applications a WHERE a.state IN ('withdrawn', 'closed') "
                      "AND a.updated_at < ? AND EXISTS (SELECT 1 FROM application_files f "
                      "WHERE f.application_id = a.id AND f.deleted_at IS NULL) "
                      "ORDER BY a.updated_at LIMIT ?",
                      "ii", op->before, (int64_t)op->limit + 1);
    for (; q == DB_ROW; q = db_step(st))
        ids[n++] = db_col_i64(st, 0);
    if (q >= 0) db_done(st);
    int rc = q < 0 ? db_err(q) : 0;
    op->more = n > (size_t)op->limit;
    for (size_t i = 0; rc == 0 && i < n && i < (size_t)op->limit; i++)
        rc = retention_app(db, &a, ids[i], &op->erased);
    arena_free(&a);
    return rc;
}
