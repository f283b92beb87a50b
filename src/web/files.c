/*
** Scans and photos of an application, for customers (their own
** applications) and staff (any): upload, list, read (or its thumbnail),
** delete. The rules (which slot, who may replace or delete what, the
** audit) are the model's (model/files.h); the bytes are checked here first
** (docs/upload.h) and live in the store in the database (model/blobs.h).
*/
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "core/log.h"
#include "core/util.h"
#include "db/db.h"
#include "docs/thumb.h"
#include "docs/upload.h"
#include "model/files.h"
#include "web/app_page.h"
#include "web/filing_json.h"
#include "web/handlers.h"
#include "web/web.h"

static Store *store;

int web_store_open(const Config *cfg) {
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/store", cfg->data_dir);
    return store_open(dir, &store);
}

void web_store_close(void) {
    store_close(store);
    store = NULL;
}

Store *web_store(void) {
    return store;
}

static int64_t viewer(Req *r) {
    return req_is_staff(r) ? 0 : r->who.account_id;
}

/* An upload refused for its content or slot: said at the slot. */
static int upload_refused(Req *r, const char *field, int code) {
    req_field_error(r, field, code);
    if (r->api) return -ERR_INVALID_INPUT;
    AppView v = {.a = &r->arena, .account_id = viewer(r), .app_id = req_param_id(r, "id")};
    int rc = db_tx_read(r->db, app_view, &v);
    if (rc < 0) return rc;
    /* Redirect after POST (issue 11): a refresh shows the page, it does
    ** not send the file again; the reason comes with the page. */
    web_flash(r, arena_printf(&r->arena, "%s%s", T(r->lang, "未能上传："), err_msg(code, r->lang)));
    return resp_redirect(r, app_page_base(r, v.app.id));
}

/* A slot code from the query (the form's action names it: the body of a
** too large upload is never read); "" when it is not one. */
static const char *query_slot(Req *r) {
    const char *q = req_query(r, "slot");
    if (!q || !*q || strlen(q) > 40 || strspn(q, "abcdefghijklmnopqrstuvwxyz_") != strlen(q))
        return "";
    return q;
}

/* A page's upload over max_upload_kb (RF_UPLOAD; issue 11): the body was
** not read; back to the application page, the reason at the slot and in
** the flash, the session kept. */
static int upload_too_large(Req *r) {
    const char *slot = query_slot(r);
    const char *limit = arena_printf(&r->arena, "%u MB", UPLOAD_DEFAULT_MAX_BYTES >> 20);
    web_flash(r, arena_printf(&r->arena, T(r->lang, "未能上传：文件超过 %s 的上限。"), limit));
    const char *base = app_page_base(r, req_param_id(r, "id"));
    if (!*slot) return resp_redirect(r, base);
    return resp_redirect(r, arena_printf(&r->arena, "%s?too_large=%s#slot-%s", base, slot, slot));
}

int h_file_upload(Req *r) {
    if (r->body_too_large) return upload_too_large(r);
    const char *slot = "", *side = "";
    const UploadFile *file = NULL;
    const Field spec[] = {
        SPEC_TEXT("slot", &slot, .flags = FF_REQUIRED, .max = 40),
        SPEC_TEXT("side", &side, .max = 10),
        SPEC_FILE("file", &file, .flags = FF_REQUIRED),
        FIELD_END,
    };
    int rc = spec_parse(r, spec);
    if (rc < 0) return rc;
    UploadResult up;
    const UploadPolicy *policy =
        !strcmp(slot, FILE_SLOT_ONSITE_PHOTO) ? &upload_policy_photo : &upload_policy_scan;
    rc = upload_check(&r->arena, file->data, file->len, file->filename, policy, &up);
    if (rc < 0) {
        log_info("%s: upload refused: %s", r->request_id, up.detail ? up.detail : err_name(rc));
        return upload_refused(r, "file", rc);
    }
    /* Made once, here, off the transaction; kept with the bytes. */
    Thumb t = {0};
    if (strcmp(up.mime, "application/pdf") != 0 && thumb_make(&r->arena, up.data, up.n, 0, &t) < 0)
        t = (Thumb){0};
    FileUpload op = {.a = &r->arena,
                     .account_id = viewer(r),
                     .app_id = req_param_id(r, "id"),
                     .data = up.data,
                     .n = up.n,
                     .thumb = t.data,
                     .thumb_n = t.n,
                     .quota = (int64_t)server_config(r->srv)->upload_quota_kb << 10,
                     .f = {.slot = slot,
                           .side = side,
                           .name = up.display_name,
                           .mime = up.mime,
                           .width = (int)up.width,
                           .height = (int)up.height,
                           .uploaded_by = r->who.account_id},
                     .who = http_actor(r)};
    rc = db_tx(r->db, file_upload, &op);
    if (rc == -ERR_UPLOAD_SLOT) return upload_refused(r, "slot", rc);
    if (rc == -ERR_UPLOAD_TOO_MANY || rc == -ERR_UPLOAD_SLOT_CUSTOMER || rc == -ERR_UPLOAD_QUOTA)
        return upload_refused(r, "file", rc);
    if (rc < 0) return rc;
    const char *base = app_page_base(r, op.app_id);
    if (r->api) return resp_json(r, 201, json_pack("{s:o}", "file", file_json(r, &op.f, base)));
    web_flash(r, T(r->lang, "已上传。"));
    return resp_redirect(r, base);
}

/* GET on the upload URL (a refresh after a refused upload, a bookmark):
** the application page, for the owner only (issue 11: redirect after POST). */
int h_file_upload_get(Req *r) {
    const Field none[] = {FIELD_END};
    int rc = spec_parse(r, none);
    if (rc < 0) return rc;
    AppView v = {.a = &r->arena, .account_id = viewer(r), .app_id = req_param_id(r, "id")};
    rc = db_tx_read(r->db, app_view, &v);
    if (rc < 0) return rc;
    return resp_redirect(r, app_page_base(r, v.app.id));
}

int h_files_list(Req *r) {
    FileList op = {.a = &r->arena, .account_id = viewer(r), .app_id = req_param_id(r, "id")};
    int rc = db_tx_read(r->db, file_list, &op);
    if (rc < 0) return rc;
    const char *base = app_page_base(r, op.app_id);
    json_t *list = json_array();
    for (size_t i = 0; i < op.n; i++)
        json_array_append_new(list, file_json(r, &op.files[i], base));
    return resp_json(r, 200, json_pack("{s:o}", "files", list));
}

/* The download name of a file: its id and kind, never what the client sent. */
static const char *disposition(Req *r, const AppFile *f, const char *type, bool thumb) {
    const char *ext = thumb ? "jpg" : strrchr(f->name, '.') ? strrchr(f->name, '.') + 1 : "bin";
    return arena_printf(&r->arena, "%s; filename=\"file-%lld%s.%s\"",
                        !strcmp(type, "application/pdf") ? "attachment" : "inline",
                        (long long)f->id, thumb ? "-thumb" : "", ext);
}

/* A scan or its thumbnail. The bytes were checked at upload; they are
** still served with their recorded type, nosniff and a sandbox. */
int h_file_get(Req *r) {
    const char *tq = req_query(r, "thumb");
    FileRead op = {.a = &r->arena,
                   .account_id = viewer(r),
                   .app_id = req_param_id(r, "id"),
                   .file_id = req_param_id(r, "fid"),
                   .thumbnail = tq && !strcmp(tq, "1"),
                   .who = http_actor(r)};
    int rc = db_tx(r->db, file_read, &op);
    if (rc == -ERR_UPLOAD_NO_THUMBNAIL) return -ERR_NOT_FOUND;
    if (rc < 0) return rc;
    const char *type = op.thumbnail ? "image/jpeg" : op.f.mime;
    resp_text(r, 200, type, op.data, op.n);
    resp_header(r, "Content-Security-Policy", "sandbox; default-src 'none'");
    resp_header(r, "Cache-Control", "private, no-store");
    resp_header(r, "Content-Disposition", disposition(r, &op.f, type, op.thumbnail));
    return 0;
}

int h_file_delete(Req *r) {
    const Field none[] = {FIELD_END};
    int rc = spec_parse(r, none);
    if (rc < 0) return rc;
    FileRemove op = {.a = &r->arena,
                     .account_id = viewer(r),
                     .app_id = req_param_id(r, "id"),
                     .file_id = req_param_id(r, "fid"),
                     .who = http_actor(r)};
    rc = db_tx(r->db, file_remove, &op);
    if (rc < 0) return rc;
    if (r->api) return resp_json(r, 200, json_pack("{s:b}", "deleted", 1));
    return resp_redirect(r, app_page_base(r, op.app_id));
}
