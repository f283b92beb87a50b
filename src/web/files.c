/*
** Printed forms, uploads and downloads of scans, for customers (their own
** applications) and staff (any). Every print of a form and every view or
** download of a scan goes to the audit log: they carry personal data.
*/
#include "web/app_page.h"

#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "core/log.h"
#include "core/util.h"
#include "db/db.h"
#include "docs/thumb.h"
#include "docs/upload.h"
#include "model/files.h"
#include "model/text_versions.h"
#include "rules/lifecycle.h"
#include "web/handlers.h"
#include "web/web.h"

static Store *store;

int web_documents_open(const Config *cfg) {
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/store", cfg->data_dir);
    return store_open(dir, &store);
}

void web_documents_close(void) {
    store_close(store);
    store = NULL;
}

Store *web_store(void) {
    return store;
}

static bool is_staff(Req *r) {
    return (r->who.role_bit & ROLES_STAFF) != 0;
}

static const char *app_base(Req *r, int64_t id) {
    return arena_printf(&r->arena, "%s/applications/%lld", is_staff(r) ? "/staff" : "/portal",
                        (long long)id);
}

/* The application of the request: a customer's own, or any for staff. */
static int load(Req *r, AppView *v) {
    memset(v, 0, sizeof *v);
    v->a = &r->arena;
    v->account_id = is_staff(r) ? 0 : r->who.account_id;
    v->app_id = req_param_id(r, "id");
    return db_tx_read(r->db, op_view, v);
}

static int audit(Req *r, const char *action, int64_t app_id, const char *detail) {
    Actor who = http_actor(r);
    return audit_write(r->db, &who, action, "application", app_id, detail);
}

int h_app_form(Req *r) {
    AppView v;
    int rc = load(r, &v);
    if (rc < 0) return rc;
    const char *form = req_param(r, "form");
    size_t n = strlen(form);
    if (n > 4 && !strcmp(form + n - 4, ".pdf")) form = arena_strndup(&r->arena, form, n - 4);
    Buf pdf;
    buf_init(&pdf, &r->arena);
    rc = documents_form_pdf(r, &v, form, &pdf);
    if (rc < 0) return rc;
    rc = audit(r, "form.print", v.app.id, form);
    if (rc < 0) return rc;
    resp_text(r, 200, "application/pdf", pdf.data, pdf.len);
    resp_header(r, "Content-Disposition",
                arena_printf(&r->arena, "inline; filename=\"%s-%s.pdf\"", v.app.number, form));
    resp_header(r, "Cache-Control", "no-store");
    return 0;
}

/* The kinds of scan an application takes: the checklist items the customer
** uploads (ID copies with two sides), plus the on-site photo for staff. */
static bool id_copy(const char *code) {
    return strstr(code, "id_copy") != NULL;
}

static bool slot_allowed(const AppView *v, const char *slot, const char *side, bool staff) {
    if (!strcmp(slot, "onsite_photo")) return staff && !*side;
    const ChecklistItem *it = checklist_find(&v->checklist, slot);
    if (!it || !it->upload) return false;
    if (id_copy(slot)) return !strcmp(side, "front") || !strcmp(side, "back");
    return !*side;
}

#define MAX_FILES_PER_SLOT 5

typedef struct UploadTx {
    AppFile f;
    bool replace; /* an ID side holds one file: the new one replaces it */
    bool staff;
    Actor who;
    const char *replaced; /* out: bytes no file uses any more, to erase */
    Arena *a;
} UploadTx;

static int upload_tx(Db *db, void *ctx) {
    UploadTx *t = ctx;
    t->replaced = NULL;
    Application app;
    int rc = app_get(db, t->a, t->f.application_id, &app);
    if (rc == 0 && !t->staff && !lifecycle_customer_can_edit(app.state)) rc = -ERR_APP_NOT_EDITABLE;
    int64_t n = 0;
    if (rc == 0) rc = app_file_count(db, t->f.application_id, t->f.slot, t->f.side, &n);
    if (rc < 0) return rc;
    if (!t->replace && n >= MAX_FILES_PER_SLOT) return -ERR_UPLOAD_TOO_MANY;
    if (t->replace && n) {
        Arena a;
        arena_init(&a);
        AppFile *files;
        size_t nf;
        rc = app_files_list(db, &a, t->f.application_id, &files, &nf);
        for (size_t i = 0; rc == 0 && i < nf; i++)
            if (!strcmp(files[i].slot, t->f.slot) && !strcmp(files[i].side, t->f.side)) {
                rc = app_file_delete(db, t->f.application_id, files[i].id);
                int64_t users = 1;
                if (rc == 0) rc = app_file_users(db, files[i].sha256, &users);
                if (rc == 0 && users == 0 && strcmp(files[i].sha256, t->f.sha256))
                    t->replaced = arena_strdup(t->a, files[i].sha256);
            }
        arena_free(&a);
        if (rc < 0) return rc;
    }
    rc = app_file_add(db, &t->f);
    if (rc == 0)
        rc = audit_write(db, &t->who, "file.upload", "application", t->f.application_id, t->f.slot);
    return rc;
}

static json_t *file_json(Req *r, const AppFile *f) {
    const char *base = app_base(r, f->application_id);
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:i, s:i, s:I, s:s, s:s}", "id",
                     (json_int_t)f->id, "slot", f->slot, "side", f->side, "name", f->name, "mime",
                     f->mime, "size", (json_int_t)f->size, "width", f->width, "height", f->height,
                     "uploaded_at", (json_int_t)f->uploaded_at, "sha256", f->sha256, "href",
                     arena_printf(&r->arena, "%s/files/%lld", base, (long long)f->id));
}

int h_file_upload(Req *r) {
    const char *slot = "", *side = "";
    const UploadFile *file = NULL;
    const Field spec[] = {
        {"slot", FK_TEXT, FF_REQUIRED, 0, 40, NULL, NULL, &slot},
        {"side", FK_TEXT, 0, 0, 10, NULL, NULL, &side},
        {"file", FK_FILE, FF_REQUIRED, 0, 0, NULL, NULL, &file},
        FIELD_END,
    };
    int rc = spec_parse(r, spec);
    if (rc < 0) return rc;
    AppView v;
    rc = load(r, &v);
    if (rc < 0) return rc;
    bool staff = is_staff(r);
    if (!staff && !lifecycle_customer_can_edit(v.app.state)) return -ERR_APP_NOT_EDITABLE;
    if (!slot_allowed(&v, slot, side, staff)) {
        req_field_error(r, "slot", ERR_UPLOAD_SLOT);
        return r->api ? -ERR_INVALID_INPUT : render_application(r, &v, staff, 400);
    }
    UploadResult up;
    const UploadPolicy *policy =
        !strcmp(slot, "onsite_photo") ? &upload_policy_photo : &upload_policy_scan;
    rc = upload_check(&r->arena, file->data, file->len, file->filename, policy, &up);
    if (rc < 0) {
        log_info("%s: upload refused: %s", r->request_id, up.detail ? up.detail : err_name(rc));
        req_field_error(r, "file", rc);
        return r->api ? -ERR_INVALID_INPUT : render_application(r, &v, staff, 400);
    }
    /* Counted before the bytes reach the store (and again in the transaction). */
    int64_t have = 0;
    rc = app_file_count(r->db, v.app.id, slot, side, &have);
    if (rc < 0) return rc;
    if (!id_copy(slot) && have >= MAX_FILES_PER_SLOT) {
        req_field_error(r, "file", ERR_UPLOAD_TOO_MANY);
        return r->api ? -ERR_INVALID_INPUT : render_application(r, &v, staff, 400);
    }
    char sha[65];
    rc = store_put(store, up.data, up.n, sha);
    if (rc < 0) return rc;
    UploadTx t = {{0, v.app.id, r->who.account_id, 0, (int64_t)up.n, slot, side, sha,
                   up.display_name, up.mime, NULL, (int)up.width, (int)up.height},
                  id_copy(slot),
                  staff,
                  http_actor(r),
                  NULL,
                  &r->arena};
    rc = db_tx(r->db, upload_tx, &t);
    if (rc == 0 && t.replaced) store_delete(store, t.replaced);
    if (rc == -ERR_UPLOAD_TOO_MANY) {
        req_field_error(r, "file", rc);
        return -ERR_INVALID_INPUT;
    }
    if (rc < 0) return rc;
    if (r->api) return resp_json(r, 201, json_pack("{s:o}", "file", file_json(r, &t.f)));
    web_flash(r, T(r->lang, "已上传。"));
    return resp_redirect(r, app_base(r, v.app.id));
}

/* Customers see and manage their own scans; the reviewers' on-site photo
** is staff's alone. */
static bool may_see(Req *r, const AppFile *f) {
    return is_staff(r) || strcmp(f->slot, "onsite_photo") != 0;
}

static bool may_delete(Req *r, const AppFile *f) {
    return is_staff(r) ? !strcmp(f->slot, "onsite_photo") : may_see(r, f);
}

int h_files_list(Req *r) {
    AppView v;
    int rc = load(r, &v);
    if (rc < 0) return rc;
    AppFile *files;
    size_t n;
    rc = app_files_list(r->db, &r->arena, v.app.id, &files, &n);
    if (rc < 0) return rc;
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        if (may_see(r, &files[i])) json_array_append_new(list, file_json(r, &files[i]));
    return resp_json(r, 200, json_pack("{s:o}", "files", list));
}

/* A scan or its thumbnail. The bytes were checked at upload; they are
** still served with their recorded type, nosniff and a sandbox. */
int h_file_get(Req *r) {
    AppView v;
    int rc = load(r, &v);
    if (rc < 0) return rc;
    AppFile f;
    rc = app_file_get(r->db, &r->arena, v.app.id, req_param_id(r, "fid"), &f);
    if (rc < 0) return rc;
    if (!may_see(r, &f)) return -ERR_NOT_FOUND;
    void *data;
    size_t n;
    rc = store_get(store, &r->arena, f.sha256, &data, &n);
    if (rc < 0) return rc;
    const char *tq = req_query(r, "thumb");
    bool thumb = tq && !strcmp(tq, "1");
    rc = audit(r, thumb ? "file.thumbnail" : "file.view", v.app.id,
               arena_printf(&r->arena, "file %lld (%s)", (long long)f.id, f.slot));
    if (rc < 0) return rc;
    const char *type = f.mime;
    if (thumb) {
        Thumb t;
        if (thumb_make(&r->arena, data, n, 320, &t) < 0) return -ERR_NOT_FOUND;
        data = (void *)t.data, n = t.n, type = "image/jpeg";
    }
    resp_text(r, 200, type, data, n);
    resp_header(r, "Content-Security-Policy", "sandbox; default-src 'none'");
    resp_header(r, "Cache-Control", "private, no-store");
    resp_header(r, "Content-Disposition",
                arena_printf(&r->arena, "%s; filename=\"file-%lld%s.%s\"",
                             !strcmp(type, "application/pdf") ? "attachment" : "inline",
                             (long long)f.id, thumb ? "-thumb" : "",
                             thumb                  ? "jpg"
                             : strrchr(f.name, '.') ? strrchr(f.name, '.') + 1
                                                    : "bin"));
    return 0;
}

typedef struct DeleteTx {
    int64_t app_id, file_id;
    const char *detail;
    bool staff;
    Actor who;
    bool orphan; /* out: no application uses the bytes any more */
    const char *sha256;
} DeleteTx;

static int delete_tx(Db *db, void *ctx) {
    DeleteTx *t = ctx;
    /* The state again, inside the transaction: not after a submission. */
    Arena a;
    arena_init(&a);
    Application app;
    int rc = app_get(db, &a, t->app_id, &app);
    if (rc == 0 && !t->staff && !lifecycle_customer_can_edit(app.state)) rc = -ERR_APP_NOT_EDITABLE;
    arena_free(&a);
    if (rc == 0) rc = app_file_delete(db, t->app_id, t->file_id);
    int64_t users = 0;
    if (rc == 0) rc = app_file_users(db, t->sha256, &users);
    t->orphan = rc == 0 && users == 0;
    if (rc == 0) rc = audit_write(db, &t->who, "file.delete", "application", t->app_id, t->detail);
    return rc;
}

int h_file_delete(Req *r) {
    AppView v;
    int rc = load(r, &v);
    if (rc < 0) return rc;
    if (!is_staff(r) && !lifecycle_customer_can_edit(v.app.state)) return -ERR_APP_NOT_EDITABLE;
    AppFile f;
    const Field none[] = {FIELD_END};
    rc = spec_parse(r, none);
    if (rc < 0) return rc;
    rc = app_file_get(r->db, &r->arena, v.app.id, req_param_id(r, "fid"), &f);
    if (rc < 0) return rc;
    if (!may_delete(r, &f)) return -ERR_NOT_FOUND;
    DeleteTx t = {v.app.id,
                  f.id,
                  arena_printf(&r->arena, "file %lld (%s)", (long long)f.id, f.slot),
                  is_staff(r),
                  http_actor(r),
                  false,
                  f.sha256};
    rc = db_tx(r->db, delete_tx, &t);
    if (rc < 0) return rc;
    /* Deleted means gone: the encrypted bytes go too when nothing else uses them. */
    if (t.orphan) store_delete(store, f.sha256);
    if (r->api) return resp_json(r, 200, json_pack("{s:b}", "deleted", 1));
    return resp_redirect(r, app_base(r, v.app.id));
}

static const char *side_label(Req *r, const char *side) {
    if (!strcmp(side, "front")) return T(r->lang, "正面（人像面）");
    if (!strcmp(side, "back")) return T(r->lang, "背面（国徽面）");
    return "";
}

static void add_prints(Req *r, const AppView *v, ApplicationPage *p) {
    static const struct {
        const char *code, *form;
    } forms[] = {{"verification_form", "verification"},
                 {"security_agreement", "agreement"},
                 {"authorization_letter", "authorisation"}};
    p->prints = ARENA_NEW(&r->arena, PrintView, 3);
    for (size_t i = 0; i < 3; i++) {
        const ChecklistItem *it = checklist_find(&v->checklist, forms[i].code);
        if (!it || !it->printed) continue;
        p->prints[p->nprints++] =
            (PrintView){r->lang == LANG_EN ? it->en : it->zh,
                        arena_printf(&r->arena, "%s/forms/%s.pdf", p->base, forms[i].form)};
    }
}

static SlotView *slot_for(ApplicationPage *p, const char *code) {
    for (size_t i = 0; i < p->nslots; i++)
        if (!strcmp(p->slots[i].code, code)) return &p->slots[i];
    return NULL;
}

void documents_page(Req *r, const AppView *v, bool staff, ApplicationPage *p) {
    p->base = app_base(r, v->app.id);
    add_prints(r, v, p);
    const Checklist *c = &v->checklist;
    p->slots = ARENA_NEW(&r->arena, SlotView, c->n_items + 2);
    for (size_t i = 0; i < c->n_items; i++) {
        const ChecklistItem *it = &c->items[i];
        if (!it->upload) continue;
        SlotView *s = &p->slots[p->nslots++];
        memset(s, 0, sizeof *s);
        s->code = it->code;
        s->name = r->lang == LANG_EN ? it->en : it->zh;
        if (id_copy(it->code)) {
            s->sides[0] = "front", s->sides[1] = "back";
            s->side_labels[0] = side_label(r, "front"), s->side_labels[1] = side_label(r, "back");
            s->nsides = 2;
        } else {
            s->sides[0] = "", s->side_labels[0] = "", s->nsides = 1;
        }
    }
    if (staff) {
        SlotView *s = &p->slots[p->nslots++];
        *s = (SlotView){"onsite_photo", T(r->lang, "现场核验照片"), {""}, {""}, 1, NULL, 0};
    }
    AppFile *files;
    size_t n;
    if (app_files_list(r->db, &r->arena, v->app.id, &files, &n) < 0) n = 0;
    for (size_t i = 0; i < p->nslots; i++)
        p->slots[i].files = ARENA_NEW(&r->arena, FileView, n + 1);
    for (size_t i = 0; i < n; i++) {
        SlotView *s = slot_for(p, files[i].slot);
        if (!s) continue;
        const char *href =
            arena_printf(&r->arena, "%s/files/%lld", p->base, (long long)files[i].id);
        s->files[s->nfiles++] = (FileView){files[i].id,
                                           files[i].name,
                                           href,
                                           arena_printf(&r->arena, "%s?thumb=1", href),
                                           side_label(r, files[i].side),
                                           fmt_time(r, files[i].uploaded_at),
                                           arena_printf(&r->arena, "%s/delete", href),
                                           strcmp(files[i].mime, "application/pdf") != 0};
    }
    p->can_upload = staff || lifecycle_customer_can_edit(v->app.state);
}
