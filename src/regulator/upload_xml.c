/*
** Building and parsing the upload data file (see upload_xml.h).
*/
#include "regulator/upload_xml.h"

#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "regulator/payload.h"
#include "regulator/schemas.h"

static const char *const op_names[] = {
    [UPLOAD_XZBA] = "XZBA", [UPLOAD_XZWZ] = "XZWZ", [UPLOAD_XZJR] = "XZJR",
    [UPLOAD_BGBA] = "BGBA", [UPLOAD_ZXBA] = "ZXBA",
};
#define OP_LAST UPLOAD_ZXBA

/* The item element of each operation. */
static const char *const item_names[] = {
    [UPLOAD_XZBA] = "Baxx", [UPLOAD_XZWZ] = "Xzxx",  [UPLOAD_XZJR] = "Xzxx",
    [UPLOAD_BGBA] = "Bgxx", [UPLOAD_ZXBA] = "Zx_xx",
};

/* Set *why (may be NULL) to what, in the arena; returns code. */
static int up_fail(Arena *a, char **why, int code, const char *what) {
    if (why) *why = arena_strdup(a, what);
    return code;
}

/* ---------------------------------------------------------------- build */

/* Each attachment as Fj/Fjxx. */
static void write_attachments(XmlOut *o, const RegAttachment *f, size_t n, bool new_filing) {
    for (size_t i = 0; i < n; i++)
        icp_write_attachment(o, &f[i], new_filing);
}

/* Each site as Wz_xx. */
static void write_sites(XmlOut *o, const RegSite *s, size_t n, IcpMode mode) {
    for (size_t i = 0; i < n; i++)
        icp_write_site(o, &s[i], mode);
}

/* The body of item i of d (inside its item element). */
static void write_item(XmlOut *o, const UploadData *d, size_t i) {
    switch (d->op) {
    case UPLOAD_XZBA: {
        const UploadNewFiling *x = &d->new_filings[i];
        icp_write_subject(o, &x->subject, ICP_NEW);
        write_sites(o, x->sites, x->n_sites, ICP_NEW);
        write_attachments(o, x->attachments, x->n_attachments, true);
        break;
    }
    case UPLOAD_XZWZ: {
        const UploadNewSite *x = &d->new_sites[i];
        xo_open(o, "Zt_xx");
        if (x->subject_number)
            xo_str(o, "Ztbah", x->subject_number);
        else
            xo_long(o, "Ztid", x->subject_id);
        xo_close(o, "Zt_xx");
        write_sites(o, x->sites, x->n_sites, ICP_NEW);
        write_attachments(o, x->attachments, x->n_attachments, false);
        xo_str(o, "ICPmm", x->icpmm);
        break;
    }
    case UPLOAD_XZJR: {
        const UploadNewAccess *x = &d->new_access[i];
        xo_open(o, "Wz_xx");
        if (x->site_number)
            xo_str(o, "Wzbah", x->site_number);
        else
            xo_long(o, "Wzid", x->site_id);
        xo_close(o, "Wz_xx");
        icp_write_access_body(o, &x->access, ICP_NEW);
        write_attachments(o, x->attachments, x->n_attachments, false);
        xo_str(o, "ICPmm", x->icpmm);
        break;
    }
    case UPLOAD_BGBA: {
        const UploadChange *x = &d->changes[i];
        icp_write_subject(o, &x->subject, ICP_CHANGE);
        write_sites(o, x->sites, x->n_sites, ICP_CHANGE);
        write_attachments(o, x->attachments, x->n_attachments, false);
        xo_str(o, "ICPmm", x->icpmm);
        break;
    }
    case UPLOAD_ZXBA: {
        const UploadCancel *x = &d->cancels[i];
        xo_long(o, "Zxlb", x->kind);
        xo_long(o, "Jlid", x->record_id);
        xo_long(o, "Zxly", x->reason);
        xo_str(o, "Zxlybz", x->remark);
        xo_str(o, "ICPmm", x->icpmm);
        break;
    }
    }
}

static int upload_check(Arena *a, xmlNode *root, UploadOp *op, xmlNode **opnode, char **why);

/* Division codes are six digits (GB/T 2260, e.g. 330108); the XSD only says
** at least 100000. */
static int check_regions(Arena *a, const UploadData *d, char **why) {
    for (size_t i = 0; i < d->n; i++) {
        const RegAddress *ad = d->op == UPLOAD_XZBA   ? &d->new_filings[i].subject.address
                               : d->op == UPLOAD_BGBA ? &d->changes[i].subject.address
                                                      : NULL;
        if (!ad) return 0;
        if (ad->province > 999999 || ad->city > 999999 || ad->county > 999999)
            return up_fail(a, why, -ERR_REG_XSD, "region codes have six digits");
    }
    return 0;
}

/* Check a built document the way the parser would. */
static int build_verify(Arena *a, const char *xml, size_t n, char **why) {
    xmlDoc *doc;
    int rc = regxml_parse(a, xml, n, PAYLOAD_MAX_XML, REGXML_UTF8, &doc, why);
    if (rc) return rc;
    UploadOp op;
    xmlNode *opnode;
    rc = upload_check(a, xmlDocGetRootElement(doc), &op, &opnode, why);
    xmlFreeDoc(doc);
    return rc;
}

int upload_build(Arena *a, const UploadData *d, char **out, char **why) {
    if (why) *why = NULL;
    if (d->op < UPLOAD_XZBA || d->op > OP_LAST)
        return up_fail(a, why, -ERR_REG_XSD, "unknown operation");
    if (d->n == 0) return up_fail(a, why, -ERR_REG_XSD, "an operation needs at least one item");
    if (d->n > UPLOAD_MAX_ITEMS) return up_fail(a, why, -ERR_REG_TOO_LARGE, "over 1000 records");
    int rc = check_regions(a, d, why);
    if (rc) return rc;
    Buf b;
    buf_init(&b, a);
    XmlOut o = {&b, 0};
    buf_puts(&b, REGXML_PROLOG "<UploadData version=\"" UPLOAD_VERSION "\"><ICP>");
    xo_open(&o, op_names[d->op]);
    for (size_t i = 0; i < d->n; i++) {
        xo_open(&o, item_names[d->op]);
        write_item(&o, d, i);
        xo_close(&o, item_names[d->op]);
    }
    xo_close(&o, op_names[d->op]);
    xo_long(&o, "Qqdwid", d->requester);
    buf_puts(&b, "</ICP></UploadData>\n");
    if (o.err == -ERR_REG_XSD)
        return up_fail(a, why, o.err, "an item of a ';' list is empty or holds ';'");
    if (o.err) return o.err;
    rc = build_verify(a, b.data, b.len, why);
    if (rc) return rc;
    *out = buf_take(&b);
    return 0;
}

/* ---------------------------------------------------------------- check */

/* The one operation of ICP, and rules the XSD states only in prose. */
static int check_operation(Arena *a, xmlNode *icp, UploadOp *op, xmlNode **opnode, char **why) {
    int found = 0;
    for (xmlNode *c = regxml_first(icp); c; c = regxml_next(c)) {
        if (regxml_is(c, "Qqdwid")) continue;
        int k = UPLOAD_XZBA;
        while (k <= OP_LAST && !regxml_is(c, op_names[k]))
            k++;
        if (k > OP_LAST) {
            if (why) *why = arena_printf(a, "operation %s is not supported", (const char *)c->name);
            return -ERR_REG_UNSUPPORTED;
        }
        *op = (UploadOp)k, *opnode = c, found++;
    }
    if (found != 1) return up_fail(a, why, -ERR_REG_XSD, "ICP must carry exactly one operation");
    if (*op != UPLOAD_ZXBA) return 0;
    for (xmlNode *z = regxml_first(*opnode); z; z = regxml_next(z)) {
        int64_t kind = -1;
        regxml_child_long(z, "Zxlb", &kind);
        if (kind == 0 && !regxml_child(z, "ICPmm"))
            return up_fail(a, why, -ERR_REG_XSD, "cancelling a subject needs ICPmm");
    }
    return 0;
}

/* The root, its version, the XSD's structure and facets, and the one operation. */
static int upload_check(Arena *a, xmlNode *root, UploadOp *op, xmlNode **opnode, char **why) {
    if (!regxml_is(root, "UploadData") || root->ns)
        return up_fail(a, why, -ERR_REG_XSD, "the root element must be UploadData");
    int rc = regxml_check_version(a, root, UPLOAD_VERSION, why);
    if (rc) return rc;
    if ((rc = xsd_check(a, &upload_schema, root, why))) return rc;
    xmlNode *data = regxml_first(root);
    if (!regxml_is(data, "ICP")) {
        if (why) *why = arena_printf(a, "%s data is not supported", (const char *)data->name);
        return -ERR_REG_UNSUPPORTED;
    }
    return check_operation(a, data, op, opnode, why);
}

/* ----------------------------------------------------------------- read */

/* The Wz_xx children of n into an arena array. */
static int read_sites(Arena *a, xmlNode *n, const RegSite **out, size_t *count) {
    RegSite *v = ARENA_NEW(a, RegSite, icp_count(n, "Wz_xx") + 1);
    size_t k = 0;
    for (xmlNode *c = regxml_first(n); c; c = regxml_next(c)) {
        if (!regxml_is(c, "Wz_xx")) continue;
        int rc = icp_read_site(a, c, &v[k++]);
        if (rc) return rc;
    }
    *out = v, *count = k;
    return 0;
}

/* The Fj children of n into an arena array. */
static int read_attachments(Arena *a, xmlNode *n, const RegAttachment **out, size_t *count) {
    RegAttachment *v = ARENA_NEW(a, RegAttachment, icp_count(n, "Fj") + 1);
    size_t k = 0;
    for (xmlNode *c = regxml_first(n); c; c = regxml_next(c)) {
        if (!regxml_is(c, "Fj")) continue;
        int rc = icp_read_attachment(a, regxml_child(c, "Fjxx"), &v[k++]);
        if (rc) return rc;
    }
    *out = v, *count = k;
    return 0;
}

/* One XZBA/Baxx. */
static int read_new_filing(Arena *a, xmlNode *n, UploadNewFiling *x) {
    icp_read_subject(a, regxml_child(n, "Zt_xx"), &x->subject);
    int rc = read_sites(a, n, &x->sites, &x->n_sites);
    return rc ? rc : read_attachments(a, n, &x->attachments, &x->n_attachments);
}

/* One XZWZ/Xzxx. */
static int read_new_site(Arena *a, xmlNode *n, UploadNewSite *x) {
    xmlNode *zt = regxml_child(n, "Zt_xx");
    x->subject_number = regxml_child_text(a, zt, "Ztbah");
    regxml_child_long(zt, "Ztid", &x->subject_id);
    x->icpmm = regxml_child_text(a, n, "ICPmm");
    int rc = read_sites(a, n, &x->sites, &x->n_sites);
    return rc ? rc : read_attachments(a, n, &x->attachments, &x->n_attachments);
}

/* One XZJR/Xzxx. */
static int read_new_access(Arena *a, xmlNode *n, UploadNewAccess *x) {
    xmlNode *wz = regxml_child(n, "Wz_xx");
    x->site_number = regxml_child_text(a, wz, "Wzbah");
    regxml_child_long(wz, "Wzid", &x->site_id);
    x->icpmm = regxml_child_text(a, n, "ICPmm");
    icp_read_access_body(a, n, &x->access);
    return read_attachments(a, n, &x->attachments, &x->n_attachments);
}

/* One BGBA/Bgxx. */
static int read_change(Arena *a, xmlNode *n, UploadChange *x) {
    icp_read_subject(a, regxml_child(n, "Zt_xx"), &x->subject);
    x->icpmm = regxml_child_text(a, n, "ICPmm");
    int rc = read_sites(a, n, &x->sites, &x->n_sites);
    return rc ? rc : read_attachments(a, n, &x->attachments, &x->n_attachments);
}

/* One ZXBA/Zx_xx. */
static void read_cancel(Arena *a, xmlNode *n, UploadCancel *x) {
    regxml_child_long(n, "Zxlb", &x->kind);
    regxml_child_long(n, "Jlid", &x->record_id);
    regxml_child_long(n, "Zxly", &x->reason);
    x->remark = regxml_child_text(a, n, "Zxlybz");
    x->icpmm = regxml_child_text(a, n, "ICPmm");
}

/* Read every item of the operation element. */
static int read_items(Arena *a, xmlNode *opnode, UploadData *d) {
    size_t n = icp_count(opnode, item_names[d->op]), k = 0;
    UploadNewFiling *nf = d->op == UPLOAD_XZBA ? ARENA_NEW(a, UploadNewFiling, n) : NULL;
    UploadNewSite *ns = d->op == UPLOAD_XZWZ ? ARENA_NEW(a, UploadNewSite, n) : NULL;
    UploadNewAccess *na = d->op == UPLOAD_XZJR ? ARENA_NEW(a, UploadNewAccess, n) : NULL;
    UploadChange *ch = d->op == UPLOAD_BGBA ? ARENA_NEW(a, UploadChange, n) : NULL;
    UploadCancel *cx = d->op == UPLOAD_ZXBA ? ARENA_NEW(a, UploadCancel, n) : NULL;
    for (xmlNode *c = regxml_first(opnode); c; c = regxml_next(c), k++) {
        int rc = 0;
        if (nf) rc = read_new_filing(a, c, &nf[k]);
        if (ns) rc = read_new_site(a, c, &ns[k]);
        if (na) rc = read_new_access(a, c, &na[k]);
        if (ch) rc = read_change(a, c, &ch[k]);
        if (cx) read_cancel(a, c, &cx[k]);
        if (rc) return rc;
    }
    d->n = k;
    d->new_filings = nf, d->new_sites = ns, d->new_access = na, d->changes = ch, d->cancels = cx;
    return 0;
}

int upload_parse(Arena *a, const char *xml, size_t n, UploadData *d, char **why) {
    memset(d, 0, sizeof *d);
    if (why) *why = NULL;
    xmlDoc *doc;
    int rc = regxml_parse(a, xml, n, PAYLOAD_MAX_XML, REGXML_UTF8, &doc, why);
    if (rc) return rc;
    xmlNode *root = xmlDocGetRootElement(doc), *opnode = NULL;
    UploadOp op = UPLOAD_XZBA;
    if ((rc = upload_check(a, root, &op, &opnode, why)) == 0) {
        d->op = op;
        regxml_child_long(regxml_first(root), "Qqdwid", &d->requester);
        rc = read_items(a, opnode, d);
        if (rc == -ERR_REG_BASE64 && why) *why = arena_strdup(a, "an attachment is not base64");
    }
    xmlFreeDoc(doc);
    return rc;
}
