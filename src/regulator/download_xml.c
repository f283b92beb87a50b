/*
** Building and parsing the download data file (see download_xml.h).
*/
#include "regulator/download_xml.h"

#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "regulator/payload.h"
#include "regulator/schemas.h"

/* Set *why (may be NULL) to what, in the arena; returns code. */
static int dl_fail(Arena *a, char **why, int code, const char *what) {
    if (why) *why = arena_strdup(a, what);
    return code;
}

/* ---------------------------------------------------------------- build */

/* BAJG: the results (Jg_xx) and the bureau's reviews (GJSHS). */
static void write_results(XmlOut *o, const DownloadData *d) {
    xo_open(o, "BAJG");
    for (size_t i = 0; i < d->n_results; i++) {
        const DlResult *r = &d->results[i];
        xo_open(o, "Jg_xx");
        for (size_t k = 0; k < r->n_codes; k++) {
            xo_open(o, "Jgxx");
            xo_long(o, "Jgdm", r->codes[k].code);
            xo_str(o, "Dmms", r->codes[k].desc);
            xo_close(o, "Jgxx");
        }
        xo_long(o, "Czlx", r->op);
        xo_str(o, "Bs", r->key);
        xo_str(o, "Bz", r->remark);
        xo_close(o, "Jg_xx");
    }
    if (d->n_reviews) {
        xo_open(o, "GJSHS");
        for (size_t i = 0; i < d->n_reviews; i++) {
            const DlReview *v = &d->reviews[i];
            xo_open(o, "Gjsh");
            xo_str(o, "Shrxm", v->reviewer);
            xo_str(o, "Shr_dhhm", v->phone);
            xo_str(o, "Shsj", v->time);
            xo_str(o, "Shyj", v->opinion);
            xo_long(o, "Shjg", v->approved);
            xo_long_opt(o, "Czlx", v->op);
            xo_long_opt(o, "Jlid", v->record_id);
            xo_close(o, "Gjsh");
        }
        xo_close(o, "GJSHS");
    }
    xo_close(o, "BAJG");
}

/* BASJ: filed subjects with their sites, bureau IDs and numbers. */
static void write_filed(XmlOut *o, const DownloadData *d) {
    xo_open(o, "BASJ");
    for (size_t i = 0; i < d->n_filed; i++) {
        const DlFiling *f = &d->filed[i];
        xo_open(o, "Baxx");
        icp_write_subject(o, &f->subject, ICP_FILED);
        for (size_t k = 0; k < f->n_sites; k++)
            icp_write_site(o, &f->sites[k], ICP_FILED);
        xo_str(o, "Bz", f->remark);
        xo_close(o, "Baxx");
    }
    xo_close(o, "BASJ");
}

/* ZXSJ: cancelled subjects and sites. */
static void write_cancels(XmlOut *o, const DownloadData *d) {
    xo_open(o, "ZXSJ");
    for (size_t i = 0; i < d->n_cancels; i++) {
        xo_open(o, "Zxxx");
        xo_long(o, "Zxlb", d->cancels[i].kind);
        xo_long(o, "Jlid", d->cancels[i].record_id);
        xo_str(o, "Bz", d->cancels[i].remark);
        xo_close(o, "Zxxx");
    }
    xo_close(o, "ZXSJ");
}

static int download_check(Arena *a, xmlNode *root, char **why);

int download_build(Arena *a, const DownloadData *d, char **out, char **why) {
    if (why) *why = NULL;
    if (d->kind != DOWNLOAD_ICP || !(d->has_results || d->has_filed || d->has_cancels))
        return dl_fail(a, why, -ERR_REG_XSD, "an ICP download file needs a section");
    Buf b;
    buf_init(&b, a);
    XmlOut o = {&b, 0};
    buf_puts(&b, REGXML_PROLOG "<DownloadData version=\"" DOWNLOAD_VERSION "\"><ICP>");
    if (d->has_filed) write_filed(&o, d);
    if (d->has_cancels) write_cancels(&o, d);
    if (d->has_results) write_results(&o, d);
    buf_puts(&b, "</ICP></DownloadData>\n");
    if (o.err == -ERR_REG_XSD)
        return dl_fail(a, why, o.err, "an item of a ';' list is empty or holds ';'");
    if (o.err) return o.err;
    xmlDoc *doc;
    int rc = regxml_parse(a, b.data, b.len, PAYLOAD_MAX_XML, REGXML_UTF8, &doc, why);
    if (rc) return rc;
    rc = download_check(a, xmlDocGetRootElement(doc), why);
    xmlFreeDoc(doc);
    if (rc) return rc;
    *out = buf_take(&b);
    return 0;
}

/* ---------------------------------------------------------------- parse */

/* The root, its version and the XSD's structure and facets. */
static int download_check(Arena *a, xmlNode *root, char **why) {
    if (!regxml_is(root, "DownloadData") || root->ns)
        return dl_fail(a, why, -ERR_REG_XSD, "the root element must be DownloadData");
    int rc = regxml_check_version(a, root, DOWNLOAD_VERSION, why);
    return rc ? rc : xsd_check(a, &download_schema, root, why);
}

/* BAJG of a checked document into d (arena). */
static void read_results(Arena *a, xmlNode *bajg, DownloadData *d) {
    DlResult *r = ARENA_NEW(a, DlResult, icp_count(bajg, "Jg_xx") + 1);
    size_t k = 0;
    for (xmlNode *j = regxml_first(bajg); j; j = regxml_next(j)) {
        if (!regxml_is(j, "Jg_xx")) continue;
        DlCode *codes = ARENA_NEW(a, DlCode, icp_count(j, "Jgxx") + 1);
        size_t nc = 0;
        for (xmlNode *c = regxml_first(j); c; c = regxml_next(c)) {
            if (!regxml_is(c, "Jgxx")) continue;
            regxml_child_long(c, "Jgdm", &codes[nc].code);
            codes[nc++].desc = regxml_child_text(a, c, "Dmms");
        }
        r[k] =
            (DlResult){codes, nc, 0, regxml_child_text(a, j, "Bs"), regxml_child_text(a, j, "Bz")};
        regxml_child_long(j, "Czlx", &r[k++].op);
    }
    d->results = r, d->n_results = k;
    xmlNode *g = regxml_child(bajg, "GJSHS");
    DlReview *v = ARENA_NEW(a, DlReview, icp_count(g, "Gjsh") + 1);
    size_t nv = 0;
    for (xmlNode *s = regxml_first(g); s; s = regxml_next(s), nv++) {
        v[nv] = (DlReview){.reviewer = regxml_child_text(a, s, "Shrxm"),
                           .phone = regxml_child_text(a, s, "Shr_dhhm"),
                           .time = regxml_child_text(a, s, "Shsj"),
                           .opinion = regxml_child_text(a, s, "Shyj")};
        regxml_child_long(s, "Shjg", &v[nv].approved);
        regxml_child_long(s, "Czlx", &v[nv].op);
        regxml_child_long(s, "Jlid", &v[nv].record_id);
    }
    d->reviews = v, d->n_reviews = nv;
}

/* BASJ of a checked document into d (arena). */
static int read_filed(Arena *a, xmlNode *basj, DownloadData *d) {
    DlFiling *f = ARENA_NEW(a, DlFiling, icp_count(basj, "Baxx") + 1);
    size_t k = 0;
    for (xmlNode *b = regxml_first(basj); b; b = regxml_next(b), k++) {
        icp_read_subject(a, regxml_child(b, "Zt_xx"), &f[k].subject);
        f[k].remark = regxml_child_text(a, b, "Bz");
        RegSite *s = ARENA_NEW(a, RegSite, icp_count(b, "Wz_xx") + 1);
        size_t ns = 0;
        for (xmlNode *w = regxml_first(b); w; w = regxml_next(w)) {
            if (!regxml_is(w, "Wz_xx")) continue;
            int rc = icp_read_site(a, w, &s[ns++]);
            if (rc) return rc;
        }
        f[k].sites = s, f[k].n_sites = ns;
    }
    d->filed = f, d->n_filed = k;
    return 0;
}

/* ZXSJ of a checked document into d (arena). */
static void read_cancels(Arena *a, xmlNode *zxsj, DownloadData *d) {
    DlCancel *c = ARENA_NEW(a, DlCancel, icp_count(zxsj, "Zxxx") + 1);
    size_t k = 0;
    for (xmlNode *z = regxml_first(zxsj); z; z = regxml_next(z), k++) {
        regxml_child_long(z, "Zxlb", &c[k].kind);
        regxml_child_long(z, "Jlid", &c[k].record_id);
        c[k].remark = regxml_child_text(a, z, "Bz");
    }
    d->cancels = c, d->n_cancels = k;
}

/* The sections of an ICP download file. */
static int read_icp(Arena *a, xmlNode *icp, DownloadData *d) {
    static const struct {
        const char *name;
        unsigned bit;
    } unread[] = {{"HMDLB", DL_UNREAD_HMDLB},     {"FFJRHMD", DL_UNREAD_FFJRHMD},
                  {"WBAWZLB", DL_UNREAD_WBAWZLB}, {"HSRW", DL_UNREAD_HSRW},
                  {"HCJG", DL_UNREAD_HCJG},       {"XGTZ", DL_UNREAD_XGTZ}};
    for (xmlNode *c = regxml_first(icp); c; c = regxml_next(c)) {
        if (regxml_is(c, "BAJG")) {
            d->has_results = true;
            read_results(a, c, d);
        } else if (regxml_is(c, "BASJ")) {
            d->has_filed = true;
            int rc = read_filed(a, c, d);
            if (rc) return rc;
        } else if (regxml_is(c, "ZXSJ")) {
            d->has_cancels = true;
            read_cancels(a, c, d);
        } else {
            for (size_t i = 0; i < sizeof unread / sizeof unread[0]; i++)
                if (regxml_is(c, unread[i].name)) d->unread |= unread[i].bit;
        }
    }
    return 0;
}

int download_parse(Arena *a, const char *xml, size_t n, DownloadData *d, char **why) {
    static const char *const kinds[] = {"ICP", "IP", "YM", "JCDM", "SJTB"};
    memset(d, 0, sizeof *d);
    if (why) *why = NULL;
    xmlDoc *doc;
    int rc = regxml_parse(a, xml, n, PAYLOAD_MAX_XML, REGXML_UTF8, &doc, why);
    if (rc) return rc;
    xmlNode *root = xmlDocGetRootElement(doc);
    if ((rc = download_check(a, root, why)) == 0) {
        xmlNode *data = regxml_first(root);
        for (int k = 0; k < 5; k++)
            if (regxml_is(data, kinds[k])) d->kind = (DownloadKind)k;
        if (d->kind == DOWNLOAD_ICP) rc = read_icp(a, data, d);
        if (rc == -ERR_REG_BASE64 && why) *why = arena_strdup(a, "a scan is not base64");
    }
    xmlFreeDoc(doc);
    return rc;
}
