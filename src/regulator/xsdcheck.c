/*
** The schema checker over XsElem tables (see xsdcheck.h).
*/
#include "regulator/xsdcheck.h"

#include <stdbool.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/util.h"
#include "regulator/regxml.h"

#define XS_MAX_DEPTH 24
#define XS_MAX_ALL   64

typedef struct XsCtx {
    Arena *a;
    char **why;
    const char *path[XS_MAX_DEPTH];
    int depth;
} XsCtx;

/* Record what is wrong at the current path; always returns -ERR_REG_XSD. */
static int xs_fail(XsCtx *x, const char *what, const char *name) {
    Buf b;
    buf_init(&b, x->a);
    for (int i = 0; i < x->depth; i++) {
        buf_putc(&b, '/');
        buf_puts(&b, x->path[i]);
    }
    buf_printf(&b, ": %s", what);
    if (name) buf_printf(&b, " <%s>", name);
    if (x->why) *x->why = buf_take(&b);
    return -ERR_REG_XSD;
}

static int xs_elem(XsCtx *x, const XsElem *spec, xmlNode *n);

/* Text allowed between the children of a complex element: white space only. */
static int xs_no_text(XsCtx *x, xmlNode *n) {
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE || c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE)
            continue;
        if (c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE)
            return xs_fail(x, "unexpected node", NULL);
        for (const xmlChar *p = c->content; p && *p; p++)
            if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
                return xs_fail(x, "text is not allowed here", NULL);
    }
    return 0;
}

/* A simple-typed element: no children, a value within the facets. */
static int xs_simple(XsCtx *x, const XsElem *spec, xmlNode *n) {
    if (regxml_first(n)) return xs_fail(x, "element not allowed in a value", NULL);
    xmlChar *t = xmlNodeGetContent(n);
    const char *s = t ? (const char *)t : "";
    int rc = 0;
    if (spec->kind == XS_LONG) {
        int64_t v;
        if (regxml_parse_long(s, &v) != 0)
            rc = xs_fail(x, "not an integer", NULL);
        else if (v < spec->lo || v > spec->hi)
            rc = xs_fail(x, "integer out of range", NULL);
    } else {
        int64_t len = (int64_t)utf8_len(s);
        if (len < spec->lo) rc = xs_fail(x, "text too short", NULL);
        if (spec->hi && len > spec->hi) rc = xs_fail(x, "text too long", NULL);
    }
    xmlFree(t);
    return rc;
}

/* xs:sequence: each child in table order, each within its occurrence bounds. */
static int xs_seq(XsCtx *x, const XsElem *spec, xmlNode *n) {
    xmlNode *c = regxml_first(n);
    for (const XsElem *k = spec->kids; k->name; k++) {
        unsigned count = 0;
        for (; c && regxml_is(c, k->name); c = regxml_next(c), count++) {
            int rc = xs_elem(x, k, c);
            if (rc) return rc;
        }
        if (count < k->min) return xs_fail(x, "missing element", k->name);
        if (k->max && count > k->max) return xs_fail(x, "too many elements", k->name);
    }
    return c ? xs_fail(x, "unexpected element", (const char *)c->name) : 0;
}

/* xs:all: children in any order, each at most once, the required ones present. */
static int xs_all(XsCtx *x, const XsElem *spec, xmlNode *n) {
    bool seen[XS_MAX_ALL] = {false};
    for (xmlNode *c = regxml_first(n); c; c = regxml_next(c)) {
        int i = 0;
        while (spec->kids[i].name && !regxml_is(c, spec->kids[i].name))
            i++;
        if (!spec->kids[i].name || i >= XS_MAX_ALL)
            return xs_fail(x, "unexpected element", (const char *)c->name);
        if (seen[i]) return xs_fail(x, "repeated element", (const char *)c->name);
        seen[i] = true;
        int rc = xs_elem(x, &spec->kids[i], c);
        if (rc) return rc;
    }
    for (int i = 0; spec->kids[i].name && i < XS_MAX_ALL; i++)
        if (!seen[i] && spec->kids[i].min) return xs_fail(x, "missing element", spec->kids[i].name);
    return 0;
}

/* xs:choice: the children are all one of the choices, within its bounds. */
static int xs_choice(XsCtx *x, const XsElem *spec, xmlNode *n) {
    xmlNode *c = regxml_first(n);
    const XsElem *k = spec->kids;
    if (!c) {
        for (; k->name; k++)
            if (k->min == 0) return 0;
        return xs_fail(x, "missing one of its choices", spec->kids[0].name);
    }
    while (k->name && !regxml_is(c, k->name))
        k++;
    if (!k->name) return xs_fail(x, "unexpected element", (const char *)c->name);
    unsigned count = 0;
    for (; c && regxml_is(c, k->name); c = regxml_next(c), count++) {
        int rc = xs_elem(x, k, c);
        if (rc) return rc;
    }
    if (count < k->min) return xs_fail(x, "missing element", k->name);
    if (k->max && count > k->max) return xs_fail(x, "too many elements", k->name);
    return c ? xs_fail(x, "unexpected element", (const char *)c->name) : 0;
}

/* Check one element whose name already matched spec. */
static int xs_elem(XsCtx *x, const XsElem *spec, xmlNode *n) {
    if (x->depth >= XS_MAX_DEPTH) return xs_fail(x, "nested too deeply", NULL);
    x->path[x->depth++] = spec->name;
    int rc = 0;
    if (n->ns)
        rc = xs_fail(x, "elements must not have a namespace", NULL);
    else if (x->depth > 1 && n->properties && spec->kind != XS_ANY)
        rc = xs_fail(x, "attributes are not allowed", NULL);
    else if (spec->kind == XS_ANY)
        rc = 0;
    else if (spec->kind == XS_LONG || spec->kind == XS_STR)
        rc = xs_simple(x, spec, n);
    else if ((rc = xs_no_text(x, n)) == 0)
        rc = spec->kind == XS_SEQ   ? xs_seq(x, spec, n)
             : spec->kind == XS_ALL ? xs_all(x, spec, n)
                                    : xs_choice(x, spec, n);
    x->depth--;
    return rc;
}

int xsd_check(Arena *a, const XsElem *spec, xmlNode *n, char **why) {
    XsCtx x = {.a = a, .why = why};
    if (why) *why = NULL;
    if (!regxml_is(n, spec->name)) {
        x.path[x.depth++] = (const char *)n->name;
        return xs_fail(&x, "the root element must be", spec->name);
    }
    return xs_elem(&x, spec, n);
}
