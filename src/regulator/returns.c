/*
** Building and parsing the <return> documents (see returns.h).
*/
#include "regulator/returns.h"

#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/util.h"
#include "regulator/codes.h"
#include "regulator/regxml.h"

/* ---------------------------------------------------------------- build */

/* msg as the XSDs want it: exactly RETURNS_MSG_LEN characters, cut or
** padded with spaces. */
static void put_msg(XmlOut *o, const char *msg) {
    const char *p = msg, *end = msg + strlen(msg);
    size_t chars = 0;
    bool bad = false;
    while (p < end && chars < RETURNS_MSG_LEN) {
        const char *q = p;
        if (utf8_next(&q, end) < 0) {
            bad = true;
            break;
        }
        p = q, chars++;
    }
    xo_open(o, "msg");
    xo_text(o, arena_strndup(o->b->arena, msg, (size_t)(p - msg)));
    for (; chars < RETURNS_MSG_LEN; chars++)
        buf_putc(o->b, ' ');
    xo_close(o, "msg");
    if (bad && !o->err) o->err = -ERR_REG_CHARSET;
}

/* fileInfos in the order of its XSD; dataSequence for querypreviousupload only. */
static void put_file(XmlOut *o, RegMethod m, const RegFileInfo *f) {
    xo_open(o, "fileInfos");
    xo_long(o, "hashAlgorithm", f->hash_alg);
    xo_long(o, "compressionFormat", f->compression);
    xo_long(o, "encryptAlgorithm", f->encrypt_alg);
    if (m == REG_QUERYPREVIOUSUPLOAD) xo_long(o, "dataSequence", f->sequence);
    xo_str(o, "return_FileName", f->file_name ? f->file_name : "");
    xo_str(o, "beianInfo", f->info ? f->info : "");
    xo_str(o, "beianInfoHash", f->info_hash ? f->info_hash : "");
    xo_close(o, "fileInfos");
}

/* StatusInfo; the optional parts only when set. */
static void put_status(XmlOut *o, const RegStatusInfo *s) {
    xo_open(o, "StatusInfo");
    xo_long(o, "Cxtjlx", s->query_type);
    xo_str(o, "Cxtj", s->query);
    xo_str(o, "Wzmc", s->site_name);
    xo_str(o, "Ztbah", s->subject_number);
    xo_str(o, "Wzbah", s->site_number);
    xo_long(o, "Bazt", s->filed);
    xo_close(o, "StatusInfo");
}

int returns_build(Arena *a, RegMethod m, const RegReturn *r, char **out) {
    if ((unsigned)m >= REG_METHOD_COUNT) return -ERR_REG_SOAP;
    if (m == REG_QUERYBEIANSTATUS && r->has_status && !r->status.query) return -ERR_REG_SOAP;
    Buf b;
    buf_init(&b, a);
    XmlOut o = {&b, 0};
    buf_puts(&b, REGXML_PROLOG "<return version=\"" RETURNS_VERSION "\">");
    xo_long(&o, "msg_code", r->msg_code);
    put_msg(&o, r->msg ? r->msg : regulator_code_text((int)r->msg_code, LANG_ZH));
    if (m == REG_UPLOAD && r->n_missing) {
        xo_open(&o, "dataSequences");
        for (size_t i = 0; i < r->n_missing; i++)
            xo_long(&o, "dataSequence", r->missing[i]);
        xo_close(&o, "dataSequences");
    }
    if ((m == REG_DOWNLOAD || m == REG_QUERYPREVIOUSUPLOAD) && r->has_file)
        put_file(&o, m, &r->file);
    if (m == REG_QUERYBEIANSTATUS && r->has_status) put_status(&o, &r->status);
    if (m == REG_VERIFYBAMM && r->verify >= 0) xo_long(&o, "VerifyRes", r->verify);
    xo_close(&o, "return");
    if (o.err) return o.err;
    *out = buf_take(&b);
    return 0;
}

/* ---------------------------------------------------------------- parse */

/* Set *why to what and name; returns -ERR_REG_XSD. */
static int ret_fail(Arena *a, char **why, const char *what, const char *name) {
    if (why) *why = arena_printf(a, "%s: %s", what, name);
    return -ERR_REG_XSD;
}

/* A required integer child. */
static int need_long(Arena *a, xmlNode *n, const char *name, int64_t *v, char **why) {
    int rc = regxml_child_long(n, name, v);
    if (rc == 0) return ret_fail(a, why, "missing element", name);
    if (rc < 0) return ret_fail(a, why, "not an integer", name);
    return 0;
}

/* A required text child. */
static int need_text(Arena *a, xmlNode *n, const char *name, const char **s, char **why) {
    *s = regxml_child_text(a, n, name);
    return *s ? 0 : ret_fail(a, why, "missing element", name);
}

/* dataSequences of an isp_upload answer into r->missing (arena). */
static int parse_missing(Arena *a, xmlNode *seqs, RegReturn *r, char **why) {
    size_t n = 0;
    for (xmlNode *c = regxml_first(seqs); c; c = regxml_next(c))
        n++;
    int64_t *v = ARENA_NEW(a, int64_t, n + 1);
    size_t k = 0;
    for (xmlNode *c = regxml_first(seqs); c; c = regxml_next(c)) {
        if (!regxml_is(c, "dataSequence")) continue;
        if (regxml_parse_long(regxml_text(a, c), &v[k]) != 0)
            return ret_fail(a, why, "not an integer", "dataSequence");
        k++;
    }
    r->missing = v;
    r->n_missing = k;
    return 0;
}

/* fileInfos into *fi; every part required, dataSequence for querypreviousupload. */
static int parse_file(Arena *a, RegMethod m, xmlNode *f, RegFileInfo *fi, char **why) {
    int rc;
    if ((rc = need_long(a, f, "hashAlgorithm", &fi->hash_alg, why)) ||
        (rc = need_long(a, f, "compressionFormat", &fi->compression, why)) ||
        (rc = need_long(a, f, "encryptAlgorithm", &fi->encrypt_alg, why)) ||
        (rc = need_text(a, f, "return_FileName", &fi->file_name, why)) ||
        (rc = need_text(a, f, "beianInfo", &fi->info, why)) ||
        (rc = need_text(a, f, "beianInfoHash", &fi->info_hash, why)))
        return rc;
    fi->sequence = 0;
    if (m == REG_QUERYPREVIOUSUPLOAD) return need_long(a, f, "dataSequence", &fi->sequence, why);
    return 0;
}

/* StatusInfo into *st; Cxtjlx, Cxtj and Bazt required. */
static int parse_status(Arena *a, xmlNode *s, RegStatusInfo *st, char **why) {
    int rc;
    if ((rc = need_long(a, s, "Cxtjlx", &st->query_type, why)) ||
        (rc = need_text(a, s, "Cxtj", &st->query, why)) ||
        (rc = need_long(a, s, "Bazt", &st->filed, why)))
        return rc;
    st->site_name = regxml_child_text(a, s, "Wzmc");
    st->subject_number = regxml_child_text(a, s, "Ztbah");
    st->site_number = regxml_child_text(a, s, "Wzbah");
    return 0;
}

/* The method-specific part of a parsed <return>. */
static int parse_parts(Arena *a, RegMethod m, xmlNode *root, RegReturn *r, char **why) {
    xmlNode *c;
    if (m == REG_UPLOAD && (c = regxml_child(root, "dataSequences")))
        return parse_missing(a, c, r, why);
    if ((m == REG_DOWNLOAD || m == REG_QUERYPREVIOUSUPLOAD) &&
        (c = regxml_child(root, "fileInfos"))) {
        r->has_file = true;
        return parse_file(a, m, c, &r->file, why);
    }
    if (m == REG_QUERYBEIANSTATUS && (c = regxml_child(root, "StatusInfo"))) {
        r->has_status = true;
        return parse_status(a, c, &r->status, why);
    }
    if (m == REG_VERIFYBAMM && regxml_child(root, "VerifyRes"))
        return need_long(a, root, "VerifyRes", &r->verify, why);
    return 0;
}

int returns_parse(Arena *a, RegMethod m, const char *xml, size_t n, RegReturn *r, char **why) {
    memset(r, 0, sizeof *r);
    r->verify = -1;
    if (why) *why = NULL;
    if ((unsigned)m >= REG_METHOD_COUNT) return -ERR_REG_SOAP;
    xmlDoc *doc;
    int rc = regxml_parse(a, xml, n, RETURNS_MAX_BYTES, REGXML_UTF8 | REGXML_HUGE, &doc, why);
    if (rc) return rc;
    xmlNode *root = xmlDocGetRootElement(doc);
    if (!regxml_is(root, "return")) {
        rc = ret_fail(a, why, "the root element must be", "return");
    } else if ((rc = need_long(a, root, "msg_code", &r->msg_code, why)) == 0) {
        char *msg = regxml_child_text(a, root, "msg");
        if (msg) {
            size_t len = strlen(msg);
            while (len && msg[len - 1] == ' ')
                msg[--len] = 0; /* the XSD's padding */
        }
        r->msg = msg;
        rc = parse_parts(a, m, root, r, why);
    }
    xmlFreeDoc(doc);
    return rc;
}
