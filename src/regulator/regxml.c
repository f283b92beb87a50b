/*
** Guarded libxml2 parsing, an escaping writer and tree helpers.
*/
#include "regulator/regxml.h"

#include <errno.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/util.h"

static pthread_once_t regxml_once = PTHREAD_ONCE_INIT;

/* Run once per process by regxml_init. */
static void regxml_init_once(void) {
    xmlInitParser();
}

void regxml_init(void) {
    pthread_once(&regxml_once, regxml_init_once);
}

/* What the SAX hooks learn while one document is parsed. */
typedef struct ParseState {
    bool dtd;
    bool too_big; /* nested too deeply or too many elements */
    size_t elements;
    char msg[160];
} ParseState;

/* Each element: build the tree as usual, but stop a document nested deeper
** or holding more elements than any of the interface's documents (without
** these bounds XML_PARSE_HUGE would allow any depth). */
static void on_element(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                       int nns, const xmlChar **ns, int nattr, int ndef, const xmlChar **attrs) {
    xmlParserCtxt *ctxt = ctx;
    ParseState *st = ctxt->_private;
    xmlSAX2StartElementNs(ctx, local, prefix, uri, nns, ns, nattr, ndef, attrs);
    if (++st->elements > REGXML_MAX_ELEMENTS || ctxt->nameNr > REGXML_MAX_DEPTH) {
        st->too_big = true;
        xmlStopParser(ctxt);
    }
}

/* A document type declaration starts: stop at once, before any entity
** declaration in it is read. */
static void on_dtd(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys) {
    (void)name, (void)ext, (void)sys;
    xmlParserCtxt *ctxt = ctx;
    ((ParseState *)ctxt->_private)->dtd = true;
    xmlStopParser(ctxt);
}

/* Keep libxml2's first message instead of printing it on stderr. */
static void on_error(void *ctx, xmlError *e) {
    xmlParserCtxt *ctxt = ctx;
    ParseState *st = ctxt ? ctxt->_private : NULL;
    if (!st || st->msg[0] || !e || !e->message) return;
    snprintf(st->msg, sizeof st->msg, "line %d: %s", e->line, e->message);
    size_t n = strlen(st->msg);
    while (n && (st->msg[n - 1] == '\n' || st->msg[n - 1] == ' '))
        st->msg[--n] = 0;
}

int regxml_parse(Arena *a, const char *buf, size_t n, size_t max, int flags, xmlDoc **out,
                 char **why) {
    regxml_init();
    *out = NULL;
    if (why) *why = NULL;
    if (n > max || n > (size_t)INT32_MAX) return -ERR_REG_TOO_LARGE;
    xmlParserCtxt *ctxt = xmlNewParserCtxt();
    if (!ctxt) core_oom(sizeof *ctxt);
    ParseState st = {0};
    ctxt->_private = &st;
    ctxt->sax->internalSubset = on_dtd;
    ctxt->sax->externalSubset = on_dtd;
    ctxt->sax->serror = on_error;
    ctxt->sax->startElementNs = on_element;
    int opts = XML_PARSE_NONET | XML_PARSE_NOWARNING;
    if (flags & REGXML_HUGE) opts |= XML_PARSE_HUGE;
    const char *enc = NULL;
    if (flags & REGXML_UTF8) opts |= XML_PARSE_IGNORE_ENC, enc = "UTF-8";
    xmlDoc *doc = xmlCtxtReadMemory(ctxt, buf, (int)n, NULL, enc, opts);
    int rc = 0;
    if (st.dtd || (doc && (doc->intSubset || doc->extSubset)))
        rc = -ERR_REG_XML_DTD;
    else if (st.too_big || !doc || !ctxt->wellFormed || !xmlDocGetRootElement(doc))
        rc = -ERR_REG_XML;
    if (st.too_big) snprintf(st.msg, sizeof st.msg, "nested too deeply or too many elements");
    if (rc && why) *why = arena_strdup(a, st.msg[0] ? st.msg : "not well-formed");
    if (rc && doc) xmlFreeDoc(doc), doc = NULL;
    xmlFreeParserCtxt(ctxt);
    *out = doc;
    return rc;
}

/* ---------------------------------------------------------------- writing */

void xo_open(XmlOut *o, const char *name) {
    buf_putc(o->b, '<');
    buf_puts(o->b, name);
    buf_putc(o->b, '>');
}

void xo_close(XmlOut *o, const char *name) {
    buf_puts(o->b, "</");
    buf_puts(o->b, name);
    buf_putc(o->b, '>');
}

/* True for the characters XML 1.0 allows in a document. */
static bool xml_char_ok(int32_t c) {
    if (c == 0x9 || c == 0xA || c == 0xD) return true;
    if (c < 0x20) return false;
    if (c >= 0xD800 && c <= 0xDFFF) return false;
    return c != 0xFFFE && c != 0xFFFF;
}

void xo_text(XmlOut *o, const char *s) {
    const char *p = s, *end = s + strlen(s);
    while (p < end) {
        const char *start = p;
        int32_t c = utf8_next(&p, end);
        if (c < 0 || !xml_char_ok(c)) {
            if (!o->err) o->err = -ERR_REG_CHARSET;
            if (c < 0) p = start + 1;
            continue;
        }
        switch (c) {
        case '&':
            buf_puts(o->b, "&amp;");
            break;
        case '<':
            buf_puts(o->b, "&lt;");
            break;
        case '>':
            buf_puts(o->b, "&gt;");
            break;
        case '"':
            buf_puts(o->b, "&quot;");
            break;
        case '\r':
            buf_puts(o->b, "&#13;");
            break;
        default:
            buf_append(o->b, start, (size_t)(p - start));
        }
    }
}

void xo_str(XmlOut *o, const char *name, const char *s) {
    if (!s) return;
    xo_open(o, name);
    xo_text(o, s);
    xo_close(o, name);
}

void xo_long(XmlOut *o, const char *name, int64_t v) {
    xo_open(o, name);
    buf_put_i64(o->b, v);
    xo_close(o, name);
}

void xo_long_opt(XmlOut *o, const char *name, int64_t v) {
    if (v > 0) xo_long(o, name, v);
}

/* ---------------------------------------------------------------- reading */

xmlNode *regxml_first(xmlNode *n) {
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE) return c;
    return NULL;
}

xmlNode *regxml_next(xmlNode *n) {
    for (xmlNode *c = n ? n->next : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE) return c;
    return NULL;
}

bool regxml_is(const xmlNode *n, const char *name) {
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

xmlNode *regxml_child(xmlNode *n, const char *name) {
    for (xmlNode *c = regxml_first(n); c; c = regxml_next(c))
        if (regxml_is(c, name)) return c;
    return NULL;
}

char *regxml_text(Arena *a, xmlNode *n) {
    xmlChar *t = xmlNodeGetContent(n);
    char *s = arena_strdup(a, t ? (const char *)t : "");
    xmlFree(t);
    return s;
}

char *regxml_child_text(Arena *a, xmlNode *n, const char *name) {
    xmlNode *c = regxml_child(n, name);
    return c ? regxml_text(a, c) : NULL;
}

int regxml_parse_long(const char *s, int64_t *v) {
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    const char *d = s;
    if (*d == '+' || *d == '-') d++;
    if (*d < '0' || *d > '9') return -1;
    errno = 0;
    char *end;
    long long x = strtoll(s, &end, 10);
    if (errno == ERANGE) return -1;
    while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r')
        end++;
    if (*end) return -1;
    *v = x;
    return 0;
}

int regxml_child_long(xmlNode *n, const char *name, int64_t *v) {
    xmlNode *c = regxml_child(n, name);
    if (!c) return 0;
    xmlChar *t = xmlNodeGetContent(c);
    int64_t x;
    int rc = t && regxml_parse_long((const char *)t, &x) == 0 ? 1 : -1;
    xmlFree(t);
    if (rc == 1) *v = x;
    return rc;
}

int regxml_check_version(Arena *a, xmlNode *root, const char *version, char **why) {
    const char *name = (const char *)root->name;
    xmlChar *v = xmlGetNoNsProp(root, (const xmlChar *)"version");
    if (!v) {
        if (why) *why = arena_printf(a, "%s has no version attribute", name);
        return -ERR_REG_ATTR;
    }
    int same = strcmp((const char *)v, version) == 0;
    if (!same && why) *why = arena_printf(a, "version %s, not %s", (const char *)v, version);
    xmlFree(v);
    if (!same) return -ERR_REG_VERSION;
    for (xmlAttr *at = root->properties; at; at = at->next) {
        if (!at->ns && strcmp((const char *)at->name, "version") == 0) continue;
        if (why)
            *why = arena_printf(a, "%s has an unknown attribute %s", name, (const char *)at->name);
        return -ERR_REG_XSD;
    }
    return 0;
}
