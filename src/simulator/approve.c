/*
** Approval of an item: the registry takes the filing (numbers and bureau
** IDs assigned), and the provider receives BAJG 1001 with the review and the
** subject as filed now (BASJ: the subject and every filed site of it, with
** all their accesses; Ispid says whose) or the cancellations (ZXSJ).
*/
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/util.h"
#include "regulator/codes.h"
#include "simulator/dlqueue.h"
#include "simulator/engine_int.h"
#include "simulator/registry.h"

#define APPROVAL_OPINION "符合备案要求，同意备案"

/* The subject as filed now, for BASJ. */
static int filing_of(Db *db, Arena *a, int64_t subject_id, DlFiling *f) {
    SimSubject subj;
    SimSite *sites;
    size_t n;
    int rc = registry_subject(db, a, subject_id, NULL, &subj);
    if (rc == 0) rc = registry_sites(db, a, subject_id, &sites, &n);
    if (rc) return rc;
    RegSite *v = ARENA_NEW(a, RegSite, n + 1);
    for (size_t i = 0; i < n; i++)
        v[i] = sites[i].data;
    *f = (DlFiling){.subject = subj.data, .sites = v, .n_sites = n};
    return 0;
}

/* Queue 1001 (desc) with the reviews, and the filing of subject_id (when
** not 0) or the cancellations. */
static int send_approval(Db *db, Arena *a, const SimEnv *env, const SimItem *it, const char *desc,
                         int64_t subject_id, const DlCancel *cx, size_t nc) {
    DownloadData d = {.kind = DOWNLOAD_ICP,
                      .has_results = true,
                      .results = engine_result(a, &it->corr, 1001, desc),
                      .n_results = 1};
    d.reviews = engine_reviews(a, env, &it->corr, true, APPROVAL_OPINION, &d.n_reviews);
    DlFiling f;
    if (subject_id) {
        int rc = filing_of(db, a, subject_id, &f);
        if (rc) return rc;
        d.has_filed = true, d.filed = &f, d.n_filed = 1;
    }
    if (nc) d.has_cancels = true, d.cancels = cx, d.n_cancels = nc;
    const char *summary =
        arena_printf(a, "BAJG 1001%s%s (Czlx %lld, Bs %s)", subject_id ? " + BASJ" : "",
                     nc ? " + ZXSJ" : "", (long long)it->corr.czlx, it->corr.bs);
    int rc = dlqueue_put(db, a, env->now, it->id, summary, &d);
    if (rc == 0 && subject_id) {
        DbRc d2 = db_exec(db, "UPDATE sim_items SET subject_id = ? WHERE id = ?", "ii", subject_id,
                          it->id);
        if (d2 < 0) rc = db_err(d2);
    }
    return rc;
}

/* The sites' numbers, for Dmms. */
static const char *numbers_of(Arena *a, const RegSite *s, size_t n) {
    Buf b;
    buf_init(&b, a);
    for (size_t i = 0; i < n; i++)
        buf_printf(&b, "%s%s", i ? "、" : "", s[i].number);
    return buf_take(&b);
}

/* File the new sites of an item under subject_id; their copies get numbers. */
static int file_sites(Db *db, Arena *a, const SimEnv *env, int64_t subject_id, const RegSite *in,
                      size_t n, RegSite **out) {
    RegSite *v = ARENA_NEW(a, RegSite, n + 1);
    for (size_t i = 0; i < n; i++) {
        v[i] = in[i];
        v[i].bureau_id = 0;
        int rc = registry_add_site(db, a, subject_id, &v[i], env->isp, env->now);
        if (rc) return rc;
    }
    *out = v;
    return 0;
}

/* XZBA: a new subject with its number, password and sites. */
static int approve_new_filing(Db *db, Arena *a, const SimEnv *env, const SimItem *it,
                              const UploadNewFiling *x) {
    RegSubject s = x->subject;
    s.bureau_id = 0, s.number = NULL;
    s.reviewer = "管局审核员（模拟）";
    s.reviewed_at = sim_time_text(a, env->now);
    char *password = sim_password(a, 10);
    RegSite *sites;
    int rc = registry_add_subject(db, a, &s, env->isp, password, env->now);
    if (rc == 0) rc = file_sites(db, a, env, s.bureau_id, x->sites, x->n_sites, &sites);
    if (rc) return rc;
    if (s.principal.mobiles.n)
        rc = simstore_message(db, env->now, s.principal.mobiles.v[0], it->id,
                              arena_printf(a,
                                           "【工业和信息化部】%s 的ICP备案已通过，主体备案号 %s，"
                                           "备案密码 %s，请妥善保管。",
                                           s.name, s.number, password));
    if (rc) return rc;
    const char *desc = arena_printf(a, "管局审核通过，主体备案号 %s，网站备案号 %s", s.number,
                                    numbers_of(a, sites, x->n_sites));
    return send_approval(db, a, env, it, desc, s.bureau_id, NULL, 0);
}

/* XZWZ: the new sites of a filed subject (-N each). */
static int approve_new_site(Db *db, Arena *a, const SimEnv *env, const SimItem *it,
                            const UploadNewSite *x) {
    SimSubject subj;
    RegSite *sites;
    int rc = registry_subject(db, a, x->subject_id, x->subject_number, &subj);
    if (rc == 0) rc = file_sites(db, a, env, subj.id, x->sites, x->n_sites, &sites);
    if (rc) return rc;
    const char *desc =
        arena_printf(a, "管局审核通过，网站备案号 %s", numbers_of(a, sites, x->n_sites));
    return send_approval(db, a, env, it, desc, subj.id, NULL, 0);
}

/* XZJR: the access added to a filed site. */
static int approve_new_access(Db *db, Arena *a, const SimEnv *env, const SimItem *it,
                              const UploadNewAccess *x) {
    SimSite site;
    int rc = registry_site(db, a, x->site_id, x->site_number, &site);
    if (rc) return rc;
    RegSite w = site.data;
    RegAccess *ac = ARENA_NEW(a, RegAccess, w.n_access + 1);
    if (w.n_access) memcpy(ac, w.access, w.n_access * sizeof *ac);
    ac[w.n_access] = x->access;
    ac[w.n_access].bureau_id = 0, ac[w.n_access].provider_id = env->isp;
    w.access = ac, w.n_access++;
    if ((rc = registry_update_site(db, a, &w, env->isp, env->now))) return rc;
    const char *desc = arena_printf(a, "管局审核通过，网站 %s 新增接入", site.number);
    return send_approval(db, a, env, it, desc, site.subject_id, NULL, 0);
}

/* A changed site: the upload's data; accesses it does not list stay as they
** are, those it lists keep their provider. */
static int change_site(Db *db, Arena *a, const SimEnv *env, const RegSite *in) {
    SimSite old;
    int rc = registry_site(db, a, in->bureau_id, NULL, &old);
    if (rc) return rc;
    RegSite w = *in;
    RegAccess *ac = ARENA_NEW(a, RegAccess, in->n_access + old.data.n_access + 1);
    size_t n = 0;
    for (size_t i = 0; i < in->n_access; i++) {
        ac[n] = in->access[i];
        for (size_t k = 0; k < old.data.n_access; k++)
            if (old.data.access[k].bureau_id == ac[n].bureau_id)
                ac[n].provider_id = old.data.access[k].provider_id;
        n++;
    }
    for (size_t k = 0; k < old.data.n_access; k++) {
        bool listed = false;
        for (size_t i = 0; i < in->n_access; i++)
            listed |= in->access[i].bureau_id == old.data.access[k].bureau_id;
        if (!listed) ac[n++] = old.data.access[k];
    }
    w.access = ac, w.n_access = n;
    return registry_update_site(db, a, &w, env->isp, env->now);
}

/* BGBA: the subject and its listed sites replaced. */
static int approve_change(Db *db, Arena *a, const SimEnv *env, const SimItem *it,
                          const UploadChange *x) {
    int rc = registry_update_subject(db, a, x->subject.bureau_id, &x->subject, env->now);
    for (size_t i = 0; i < x->n_sites && !rc; i++)
        rc = change_site(db, a, env, &x->sites[i]);
    if (rc) return rc;
    return send_approval(db, a, env, it, "管局审核通过，变更已生效", x->subject.bureau_id, NULL, 0);
}

/* Cancel an access: the site without it, sent as the subject's filing. */
static int cancel_access(Db *db, Arena *a, const SimEnv *env, const SimItem *it, int64_t jrid) {
    int64_t site_id = 0, provider = 0;
    SimSite site;
    int rc = registry_access(db, jrid, &site_id, &provider);
    if (rc == 0) rc = registry_site(db, a, site_id, NULL, &site);
    if (rc) return rc;
    RegSite w = site.data;
    RegAccess *ac = ARENA_NEW(a, RegAccess, w.n_access + 1);
    size_t n = 0;
    for (size_t i = 0; i < w.n_access; i++)
        if (w.access[i].bureau_id != jrid) ac[n++] = w.access[i];
    w.access = ac, w.n_access = n;
    if ((rc = registry_update_site(db, a, &w, env->isp, env->now))) return rc;
    const char *desc = arena_printf(a, "管局审核通过，已取消网站 %s 的接入", site.number);
    return send_approval(db, a, env, it, desc, site.subject_id, NULL, 0);
}

/* ZXBA: a subject with its sites, a site, or an access cancelled. */
static int approve_cancel(Db *db, Arena *a, const SimEnv *env, const SimItem *it,
                          const UploadCancel *x) {
    if (x->kind == 2) return cancel_access(db, a, env, it, x->record_id);
    if (x->kind == 1) {
        int rc = registry_cancel_site(db, x->record_id);
        DlCancel c = {1, x->record_id, NULL};
        return rc ? rc : send_approval(db, a, env, it, "管局审核通过，网站已注销", 0, &c, 1);
    }
    SimSite *sites;
    size_t n;
    int rc = registry_sites(db, a, x->record_id, &sites, &n);
    if (rc == 0) rc = registry_cancel_subject(db, x->record_id);
    if (rc) return rc;
    DlCancel *c = ARENA_NEW(a, DlCancel, n + 1);
    c[0] = (DlCancel){0, x->record_id, NULL};
    for (size_t i = 0; i < n; i++)
        c[i + 1] = (DlCancel){1, sites[i].id, NULL};
    return send_approval(db, a, env, it, "管局审核通过，主体及其网站已注销", 0, c, n + 1);
}

int approve_item(Db *db, Arena *a, const SimEnv *env, const SimItem *it) {
    const UploadData *d = &it->data;
    size_t i = (size_t)it->idx;
    switch (d->op) {
    case UPLOAD_XZBA:
        return approve_new_filing(db, a, env, it, &d->new_filings[i]);
    case UPLOAD_XZWZ:
        return approve_new_site(db, a, env, it, &d->new_sites[i]);
    case UPLOAD_XZJR:
        return approve_new_access(db, a, env, it, &d->new_access[i]);
    case UPLOAD_BGBA:
        return approve_change(db, a, env, it, &d->changes[i]);
    case UPLOAD_ZXBA:
        return approve_cancel(db, a, env, it, &d->cancels[i]);
    }
    return -ERR_INTERNAL;
}
