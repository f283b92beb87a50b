/*
** Intake of one item: correlation, checks, SMS principals and holds (see
** intake.h). The per-operation checks live in intake_ops.c; this file has
** what they share.
*/
#include "simulator/intake.h"

#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "simulator/intake_int.h"
#include "simulator/registry.h"

/* ----------------------------------------------------------- correlation */

/* "%lld" of v in the arena. */
char *intake_num(Arena *a, int64_t v) {
    return arena_printf(a, "%lld", (long long)v);
}

/* The label of sites: their first names and domains. */
static const char *sites_label(Arena *a, const char *what, const char *who, const RegSite *s,
                               size_t n) {
    Buf b;
    buf_init(&b, a);
    buf_printf(&b, "%s %s", what, who ? who : "");
    for (size_t i = 0; i < n; i++)
        buf_printf(&b, " · %s %s", s[i].names.n ? s[i].names.v[0] : "",
                   s[i].n_domains ? s[i].domains[0].name : "");
    return buf_take(&b);
}

/* The Jlid of each site: the provider's site IDs. */
static void site_jlids(Arena *a, const RegSite *s, size_t n, Intake *out) {
    int64_t *v = ARENA_NEW(a, int64_t, n + 1);
    for (size_t i = 0; i < n; i++)
        v[i] = s[i].isp_id;
    out->jlids = v, out->n_jlids = n;
}

/* One Jlid. */
static void one_jlid(Arena *a, int64_t id, Intake *out) {
    int64_t *v = ARENA_NEW(a, int64_t, 1);
    v[0] = id;
    out->jlids = v, out->n_jlids = 1;
}

/* Correlation of a cancellation: Czlx 6 subject, 7 site, 5 access; Bs and
** Jlid the bureau ID cancelled. */
static void correlate_cancel(Arena *a, const UploadCancel *x, Intake *out) {
    static const char *const what[] = {"注销主体", "注销网站", "取消接入"};
    int64_t kind = x->kind >= 0 && x->kind <= 2 ? x->kind : 0;
    out->czlx = kind == 0 ? 6 : kind == 1 ? 7 : 5;
    out->bs = intake_num(a, x->record_id);
    one_jlid(a, x->record_id, out);
    out->label = arena_printf(a, "%s %lld", what[kind], (long long)x->record_id);
}

void intake_correlate(Arena *a, const UploadData *d, size_t idx, Intake *out) {
    switch (d->op) {
    case UPLOAD_XZBA: {
        const UploadNewFiling *x = &d->new_filings[idx];
        out->czlx = 1;
        out->bs = intake_num(a, x->subject.isp_id);
        one_jlid(a, x->subject.isp_id, out);
        out->label = sites_label(a, "首次备案", x->subject.name, x->sites, x->n_sites);
        break;
    }
    case UPLOAD_XZWZ: {
        const UploadNewSite *x = &d->new_sites[idx];
        out->czlx = 2;
        out->bs = x->subject_number ? x->subject_number : intake_num(a, x->subject_id);
        site_jlids(a, x->sites, x->n_sites, out);
        out->label = sites_label(a, "新增网站", out->bs, x->sites, x->n_sites);
        break;
    }
    case UPLOAD_XZJR: {
        const UploadNewAccess *x = &d->new_access[idx];
        out->czlx = 3;
        out->bs = intake_num(a, x->access.isp_id);
        one_jlid(a, x->access.isp_id, out);
        out->label = arena_printf(a, "新增接入 %s",
                                  x->site_number ? x->site_number : intake_num(a, x->site_id));
        break;
    }
    case UPLOAD_BGBA: {
        const UploadChange *x = &d->changes[idx];
        out->czlx = 4;
        out->bs = x->subject.number;
        one_jlid(a, x->subject.bureau_id, out);
        out->label = sites_label(a, "变更备案", x->subject.number, x->sites, x->n_sites);
        break;
    }
    case UPLOAD_ZXBA:
        correlate_cancel(a, &d->cancels[idx], out);
        break;
    }
}

int64_t intake_czlx_of_text(const char *xml) {
    static const struct {
        const char *tag;
        int64_t czlx;
    } ops[] = {{"<XZBA", 1}, {"<XZWZ", 2}, {"<XZJR", 3}, {"<BGBA", 4}, {"<ZXBA", 6}};
    for (size_t i = 0; xml && i < sizeof ops / sizeof ops[0]; i++)
        if (strstr(xml, ops[i].tag)) return ops[i].czlx;
    return 1;
}

/* ------------------------------------------------------------- verdicts */

bool intake_fail(Intake *it, int64_t code, const char *text) {
    it->code = code;
    it->text = text;
    it->review = false;
    return true;
}

bool intake_return(Intake *it, const char *opinion) {
    it->code = 1002;
    it->text = opinion;
    it->review = true;
    return true;
}

/* ---------------------------------------------------------------- holds */

void intake_hold(Arena *a, Intake *it, const char *kind, const char *key) {
    SimHold *v = ARENA_NEW(a, SimHold, it->n_holds + 1);
    if (it->n_holds) memcpy(v, it->holds, it->n_holds * sizeof *v);
    v[it->n_holds++] = (SimHold){kind, key};
    it->holds = v;
}

int intake_held(Db *db, const char *kind, const char *key, bool *held) {
    int64_t n = 0;
    DbRc rc = db_query_i64(db, &n, "SELECT count(*) FROM sim_holds WHERE kind = ? AND key = ?",
                           "tt", kind, key);
    *held = n > 0;
    return rc < 0 ? db_err(rc) : 0;
}

/* --------------------------------------------------------------- mobiles */

void intake_mobile(Arena *a, Intake *it, const RegPrincipal *p) {
    if (!p->mobiles.n || !p->mobiles.v[0] || !*p->mobiles.v[0]) return;
    const char *m = p->mobiles.v[0];
    for (size_t i = 0; i < it->n_mobiles; i++)
        if (!strcmp(it->mobiles[i], m)) return;
    const char **v = ARENA_NEW(a, const char *, it->n_mobiles + 1);
    if (it->n_mobiles) memcpy(v, it->mobiles, it->n_mobiles * sizeof *v);
    v[it->n_mobiles++] = m;
    it->mobiles = v;
}

/* ---------------------------------------------------------------- check */

int intake_check(Db *db, Arena *a, int64_t isp, const UploadData *d, size_t idx, Intake *out) {
    memset(out, 0, sizeof *out);
    intake_correlate(a, d, idx, out);
    if (d->requester != isp) {
        intake_fail(out, 5003,
                    arena_printf(a, "XML 中的请求单位 ID（Qqdwid %lld）与报备单位 %lld 不一致",
                                 (long long)d->requester, (long long)isp));
        return 0;
    }
    IntakeCtx c = {.db = db, .a = a, .isp = isp, .it = out};
    switch (d->op) {
    case UPLOAD_XZBA:
        return intake_new_filing(&c, &d->new_filings[idx]);
    case UPLOAD_XZWZ:
        return intake_new_site(&c, &d->new_sites[idx]);
    case UPLOAD_XZJR:
        return intake_new_access(&c, &d->new_access[idx]);
    case UPLOAD_BGBA:
        return intake_change(&c, &d->changes[idx]);
    case UPLOAD_ZXBA:
        return intake_cancel(&c, &d->cancels[idx]);
    }
    return -ERR_INTERNAL;
}
