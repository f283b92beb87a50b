/*
** The administration's answers applied to applications
** (model/regulator_apply.h).
*/
#include "model/regulator_apply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/crypto.h"
#include "core/err.h"
#include "core/log.h"
#include "core/util.h"
#include "model/app_decide.h"
#include "model/bureau_ids.h"
#include "model/regulator_outbox.h"
#include "model/regulator_upload.h"
#include "regulator/codes.h"

const char *regulator_return_class(int64_t code, const char *opinion) {
    /* Seed §4.1: the verification form missing or not attested. */
    if (code == 1055 || code == 1056 || code == 1057 || code == 1061) return "no_form";
    /* ...or so said in a review's opinion (no code of its own there). */
    if (opinion && strstr(opinion, "核验单")) return "no_form";
    if (opinion && (strstr(opinion, "经营性") || strstr(opinion, "经营许可证")))
        return "commercial";
    return "other";
}

int64_t regulator_sms_deadline(const char *text) {
    size_t n = text ? strlen(text) : 0;
    if (n < 19) return 0;
    struct tm tm = {0};
    if (sscanf(text + n - 19, "%4d-%2d-%2d %2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
               &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
        return 0;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (int64_t)timegm(&tm) - 8 * 3600;
}

/* ------------------------------------------------------------- helpers */

typedef struct Apply {
    Db *db;
    Arena *a;
    int64_t link, now;
    const char *file;
    const DownloadData *d;
} Apply;

static int record(Apply *x, int64_t app, int64_t code, const char *text) {
    DbRc rc = db_exec(x->db,
                      "INSERT INTO regulator_results (application_id, link_id, file_name, code, "
                      "text, at) VALUES (?, ?, ?, ?, ?, ?)",
                      "iititi", app, x->link, x->file, code, text ? text : "", x->now);
    return rc < 0 ? db_err(rc) : 0;
}

static int app_state_of(Apply *x, int64_t app, AppState *st) {
    DbStmt *q;
    DbRc rc = db_query(x->db, &q, "SELECT state FROM applications WHERE id = ?", "i", app);
    if (rc < 0) return db_err(rc);
    *st = rc == DB_ROW ? app_state_parse(db_col_text(q, x->a, 0)) : 0;
    db_done(q);
    return *st ? 0 : -ERR_NOT_FOUND;
}

static int event(Apply *x, int64_t app, AppEvent ev, const char *note, const ReturnItem *items,
                 size_t n, const char *subject_number, const char *site_number) {
    AppDecide op = {.a = x->a,
                    .app_id = app,
                    .event = ev,
                    .role = ROLE_SYSTEM,
                    .who = {0, "system", "", "gateway"},
                    .note = note,
                    .items = items,
                    .nitems = n,
                    .subject_number = subject_number,
                    .site_number = site_number};
    return app_decide(x->db, &op);
}

/* The upload was accepted (its answer may have been lost): make sure the
** application has moved on from 待报送管局 before its results apply. */
static int ensure_sent(Apply *x, int64_t app) {
    AppState st = 0;
    int rc = app_state_of(x, app, &st);
    if (rc < 0 || st != STATE_TO_REGULATOR) return rc;
    return event(x, app, EVENT_SEND, "已报送管局", NULL, 0, NULL, NULL);
}

/* The review (Gjsh) of the same item, if the file has one. */
static const DlReview *review_of(Apply *x, int64_t app) {
    for (size_t i = 0; i < x->d->n_reviews; i++) {
        const DlReview *r = &x->d->reviews[i];
        int64_t up = 0, ra = 0;
        const char *key =
            arena_printf(x->a, "%lld:%lld", (long long)r->op, (long long)r->record_id);
        if (regulator_upload_find(x->db, x->link, key, FIND_REVIEW, &up, &ra) == 0 && ra == app)
            return r;
    }
    return NULL;
}

/* ---------------------------------------------------------- approvals */

static const char *first(RegStrList l) {
    return l.n ? l.v[0] : "";
}

/* Our values of a subject as the administration has it filed. */
static Values subject_values_of(Arena *a, const RegSubject *z) {
    Values v;
    values_init(&v, a);
    char num[32];
    values_set(&v, F_SUBJECT_NAME, z->name ? z->name : "");
    values_set(&v, F_SUBJECT_NATURE, nature_id(reg_nature_of(z->nature)));
    snprintf(num, sizeof num, "%lld", (long long)z->address.province);
    values_set(&v, F_SUBJECT_PROVINCE, num);
    snprintf(num, sizeof num, "%lld", (long long)z->address.city);
    values_set(&v, F_SUBJECT_CITY, num);
    if (z->address.county) {
        snprintf(num, sizeof num, "%lld", (long long)z->address.county);
        values_set(&v, F_SUBJECT_DISTRICT, num);
    }
    values_set(&v, F_SUBJECT_ADDRESS, z->address.detail ? z->address.detail : "");
    CertType ct = reg_cert_of(z->cert.type);
    if (ct) values_set(&v, F_SUBJECT_CERT_TYPE, cert_type_id(ct));
    values_set(&v, F_SUBJECT_CERT_NUMBER, z->cert.number ? z->cert.number : "");
    if (z->investor) values_set(&v, F_SUBJECT_INVESTOR, z->investor);
    const RegPrincipal *p = &z->principal;
    values_set(&v, PERSON_PRINCIPAL.name, p->name ? p->name : "");
    values_set(&v, PERSON_PRINCIPAL.mobile, first(p->mobiles));
    values_set(&v, PERSON_PRINCIPAL.email, first(p->emails));
    CertType pt = reg_cert_of(p->cert_type);
    if (pt) values_set(&v, PERSON_PRINCIPAL.id_type, cert_type_id(pt));
    values_set(&v, PERSON_PRINCIPAL.id_number, p->cert_number ? p->cert_number : "");
    return v;
}

/* The filed subject this approval is about: ours by IspZtid, else by number. */
static const DlFiling *filing_of(Apply *x, const Subject *s, const char *claimed) {
    for (size_t i = 0; i < x->d->n_filed; i++) {
        const DlFiling *f = &x->d->filed[i];
        if (f->subject.isp_id == s->id) return f;
        const char *num = f->subject.number ? f->subject.number : "";
        if ((s->subject_number && !strcmp(num, s->subject_number)) ||
            (claimed && *claimed && !strcmp(num, claimed)))
            return f;
    }
    return x->d->n_filed == 1 ? &x->d->filed[0] : NULL;
}

/* A site filed elsewhere (hosted by another provider) of a claimed subject:
** known from now on, with its number. */
static int keep_other_site(Apply *x, const Subject *s, const RegSite *w) {
    int64_t ours = 0;
    int rc = bureau_id_ours(x->db, BUREAU_SITE, w->bureau_id, &ours);
    if (rc < 0 || ours) return rc;
    int64_t id = 0;
    rc = site_insert(x->db, s->id, &id);
    const char *domain = w->n_domains ? w->domains[0].name : "";
    if (rc == 0) rc = site_set_meta(x->db, id, first(w->names), domain);
    if (rc == 0 && w->number) rc = site_set_number(x->db, id, w->number);
    if (rc == 0) rc = bureau_id_set(x->db, BUREAU_SITE, id, w->bureau_id);
    return rc;
}

static int approve(Apply *x, int64_t app_id) {
    Application app;
    Subject s;
    int rc = app_load(x->db, x->a, 0, app_id, &app, &s);
    if (rc < 0) return rc;
    const char *claimed = values_get(&app.values, F_CLAIM_SUBJECT_NUMBER);
    const DlFiling *f = filing_of(x, &s, claimed);
    if (!f) {
        /* Cancellations and changes carry no new numbers. */
        if (app_kind_adds_site(app.kind) && app.kind != KIND_NEW_ACCESS) return -ERR_REG_NO_NUMBER;
        return event(x, app_id, EVENT_REGULATOR_APPROVE, "管局审核通过", NULL, 0, NULL, NULL);
    }
    const char *subject_number = f->subject.number;
    const char *site_number = NULL;
    int64_t isp = 0;
    db_query_i64(x->db, &isp, "SELECT isp_id FROM regulator_links WHERE id = ?", "i", x->link);
    if (f->subject.bureau_id) rc = bureau_id_set(x->db, BUREAU_SUBJECT, s.id, f->subject.bureau_id);
    /* A subject claimed by number: its record as filed. */
    if (rc == 0 && !strcmp(s.origin, "claimed") && !s.downloaded) {
        Values v = subject_values_of(x->a, &f->subject);
        rc = subject_set_record(
            x->db, x->a, s.id, &v,
            crypto_blind_index(x->a, "cert", values_get(&v, F_SUBJECT_CERT_NUMBER)));
        if (rc == 0)
            rc = subject_set_meta(x->db, s.id, values_get(&v, F_SUBJECT_NAME),
                                  values_get(&v, F_SUBJECT_NATURE),
                                  (int)(f->subject.address.province / 10000));
        if (rc == 0 && subject_number && !s.subject_number)
            rc = subject_set_number(x->db, s.id, subject_number);
    }
    Site site = {0};
    if (rc == 0 && app.site_id) rc = site_get(x->db, x->a, app.site_id, &site);
    for (size_t i = 0; rc == 0 && i < f->n_sites; i++) {
        const RegSite *w = &f->sites[i];
        bool mine = app.site_id &&
                    (w->isp_id == app.site_id ||
                     (site.site_number && w->number && !strcmp(site.site_number, w->number)) ||
                     (w->n_domains && site.domain && !strcmp(w->domains[0].name, site.domain)));
        if (mine) {
            site_number = w->number;
            if (w->bureau_id) rc = bureau_id_set(x->db, BUREAU_SITE, site.id, w->bureau_id);
            for (size_t k = 0; rc == 0 && k < w->n_access; k++)
                if (w->access[k].provider_id == isp && w->access[k].bureau_id)
                    rc = bureau_id_set(x->db, BUREAU_ACCESS, site.id, w->access[k].bureau_id);
        } else if (!strcmp(s.origin, "claimed")) {
            rc = keep_other_site(x, &s, w);
        }
    }
    if (rc < 0) return rc;
    return event(x, app_id, EVENT_REGULATOR_APPROVE, "管局审核通过", NULL, 0, subject_number,
                 site_number);
}

/* ------------------------------------------------------------- results */

static int give_back(Apply *x, int64_t app, int64_t code, const char *why) {
    const DlReview *r = review_of(x, app);
    const char *opinion = r && r->opinion && *r->opinion ? r->opinion : NULL;
    const char *reason =
        opinion ? opinion : (why && *why ? why : regulator_code_text((int)code, LANG_ZH));
    ReturnItem it = {.field = FIELD_NONE,
                     .reason = arena_printf(x->a, "%s（管局代码 %lld）", reason, (long long)code),
                     .code = regulator_return_class(code, reason)};
    AppState st = 0;
    int rc = app_state_of(x, app, &st);
    if (rc < 0) return rc;
    AppEvent ev = st == STATE_SMS_VERIFICATION && code == REG_SMS_FAILED ? EVENT_SMS_FAILED
                                                                         : EVENT_REGULATOR_RETURN;
    if (ev == EVENT_SMS_FAILED) return event(x, app, ev, reason, &it, 1, NULL, NULL);
    /* A return reaches an application the administration holds. */
    if (st != STATE_SMS_VERIFICATION && st != STATE_REGULATOR_REVIEW) return 0;
    if (st == STATE_SMS_VERIFICATION) {
        rc = event(x, app, EVENT_SMS_PASSED, "短信核验已结束", NULL, 0, NULL, NULL);
        if (rc < 0) return rc;
    }
    return event(x, app, EVENT_REGULATOR_RETURN, "管局退回", &it, 1, NULL, NULL);
}

static int one_code(Apply *x, int64_t app, const DlCode *c, const DlResult *res) {
    const char *text = c->desc && *c->desc ? c->desc : regulator_code_text((int)c->code, LANG_ZH);
    if (res->remark && *res->remark) text = arena_printf(x->a, "%s；%s", text, res->remark);
    int rc = record(x, app, c->code, text);
    if (rc == 0) rc = ensure_sent(x, app);
    if (rc < 0) return rc;
    AppState st = 0;
    rc = app_state_of(x, app, &st);
    if (rc < 0) return rc;
    switch (c->code) {
    case REG_SMS_SENT: {
        int64_t deadline = regulator_sms_deadline(c->desc);
        DbRc d = db_exec(x->db, "UPDATE applications SET sms_deadline = ? WHERE id = ?", "ii",
                         deadline ? deadline : x->now + 24 * 3600, app);
        return d < 0 ? db_err(d) : 0;
    }
    case REG_SMS_PASSED:
        if (st != STATE_SMS_VERIFICATION) return 0;
        return event(x, app, EVENT_SMS_PASSED, "短信核验通过", NULL, 0, NULL, NULL);
    case 1001:
        if (st == STATE_SMS_VERIFICATION)
            rc = event(x, app, EVENT_SMS_PASSED, "短信核验通过", NULL, 0, NULL, NULL);
        if (rc == 0 && (st == STATE_SMS_VERIFICATION || st == STATE_REGULATOR_REVIEW))
            rc = approve(x, app);
        return rc;
    default:
        if (regulator_code_ok((int)c->code)) return 0;
        return give_back(x, app, c->code, text);
    }
}

/* The application a result names (Czlx:Bs, or the data file for the
** file-level codes 5001-5011). */
static int result_app(Apply *x, const DlResult *r, int64_t *app) {
    int64_t up = 0;
    const char *key = arena_printf(x->a, "%lld:%s", (long long)r->op, r->key ? r->key : "");
    int rc = regulator_upload_find(x->db, x->link, key, FIND_RESULT, &up, app);
    for (size_t i = 0; rc == 0 && !*app && i < r->n_codes; i++)
        if (r->codes[i].code >= 5001 && r->codes[i].code <= 5999 && r->codes[i].desc)
            rc = regulator_upload_find(x->db, x->link, r->codes[i].desc, FIND_FILE, &up, app);
    return rc;
}

int regulator_apply(Db *db, Arena *a, int64_t link_id, const char *name, const DownloadData *d,
                    bool *fresh) {
    Apply x = {.db = db, .a = a, .link = link_id, .now = time_now(), .file = name, .d = d};
    *fresh = false;
    int64_t seen = 0;
    DbRc q = db_query_i64(db, &seen,
                          "SELECT count(*) FROM regulator_downloads WHERE link_id = ? AND "
                          "file_name = ? AND applied_at IS NOT NULL",
                          "it", link_id, name);
    if (q < 0) return db_err(q);
    if (seen) return 0;
    *fresh = true;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < d->n_results; i++) {
        const DlResult *r = &d->results[i];
        int64_t app = 0;
        rc = result_app(&x, r, &app);
        if (rc == 0 && !app)
            log_warn("download %s: a result (Czlx %lld, Bs %s) names no upload of ours", name,
                     (long long)r->op, r->key ? r->key : "");
        for (size_t k = 0; rc == 0 && app && k < r->n_codes; k++)
            rc = one_code(&x, app, &r->codes[k], r);
    }
    if (rc < 0) return rc;
    q = db_exec(db,
                "INSERT INTO regulator_downloads (link_id, file_name, received_at, applied_at, "
                "results) VALUES (?, ?, ?, ?, ?) ON CONFLICT (link_id, file_name) DO UPDATE SET "
                "applied_at = excluded.applied_at, results = excluded.results",
                "itiii", link_id, name, x.now, x.now, (int64_t)d->n_results);
    return q < 0 ? db_err(q) : 0;
}

int regulator_download_acked(Db *db, int64_t link_id, const char *name, int64_t now) {
    DbRc q = db_exec(db,
                     "UPDATE regulator_downloads SET acked_at = ? WHERE link_id = ? AND "
                     "file_name = ?",
                     "iit", now, link_id, name);
    return q < 0 ? db_err(q) : 0;
}

int regulator_results_of(Db *db, Arena *a, int64_t app_id, RegResultRow **out, size_t *n) {
    size_t cap = 8;
    *out = ARENA_NEW(a, RegResultRow, cap);
    *n = 0;
    DbStmt *st;
    DbRc rc = db_query(db, &st,
                       "SELECT id, code, at, file_name, text FROM regulator_results WHERE "
                       "application_id = ? ORDER BY id LIMIT 200",
                       "i", app_id);
    if (rc < 0) return db_err(rc);
    for (; rc == DB_ROW; rc = db_step(st)) {
        if (*n == cap) {
            RegResultRow *more = ARENA_NEW(a, RegResultRow, cap * 2);
            memcpy(more, *out, cap * sizeof *more);
            *out = more, cap *= 2;
        }
        (*out)[(*n)++] = (RegResultRow){.id = db_col_i64(st, 0),
                                        .code = db_col_i64(st, 1),
                                        .at = db_col_i64(st, 2),
                                        .file_name = db_col_text(st, a, 3),
                                        .text = db_col_text(st, a, 4)};
    }
    db_done(st);
    return rc < 0 ? db_err(rc) : 0;
}
