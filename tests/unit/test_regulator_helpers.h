/*
** Helpers shared by the test_regulator_*.c programs: reading fixture files,
** and validating a document against the MIIT XSDs with libxml2. The XSDs are
** reference material beside the checkout (../shared/research/regulator-xsd);
** tests that need them skip when the directory is absent.
*/
#ifndef BEIAN_TEST_REGULATOR_HELPERS_H
#define BEIAN_TEST_REGULATOR_HELPERS_H

#include <libxml/parser.h>
#include <stdbool.h>
#include <libxml/xmlschemas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "regulator/regxml.h"
#include "regulator/xsdcheck.h"

#define REG_FIXTURES BEIAN_SOURCE_DIR "/tests/fixtures/regulator/"
#define REG_XSD_DIR  BEIAN_SOURCE_DIR "/../shared/research/regulator-xsd/"

/* Read a whole file into the arena (NUL-terminated); NULL when missing. */
static inline char *reg_read_file(Arena *a, const char *path, size_t *len) {
    if (len) *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = arena_alloc(a, (size_t)n + 1);
    size_t got = fread(p, 1, (size_t)n, f);
    fclose(f);
    p[got] = 0;
    if (len) *len = got;
    return p;
}

/* True when the XSD directory is there. */
static inline int reg_xsd_present(void) {
    return access(REG_XSD_DIR "upload-data.xsd", R_OK) == 0;
}

/* Silence libxml2's schema messages, but keep the first for a failure. */
static char reg_xsd_msg[512];
static inline void reg_xsd_error(void *ctx, xmlError *e) {
    (void)ctx;
    if (!reg_xsd_msg[0] && e && e->message)
        snprintf(reg_xsd_msg, sizeof reg_xsd_msg, "line %d: %s", e->line, e->message);
}

/* Validate a document given as UTF-8 text (its prolog may say GBK) against
** the named XSD. Returns 0 when valid, 1 when invalid (reg_xsd_msg says
** why), -1 when the XSD cannot be loaded. */
static inline int reg_xsd_validate(const char *xsd, const char *xml, size_t n) {
    regxml_init();
    reg_xsd_msg[0] = 0;
    char path[512];
    snprintf(path, sizeof path, "%s%s", REG_XSD_DIR, xsd);
    xmlSchemaParserCtxt *pc = xmlSchemaNewParserCtxt(path);
    xmlSchemaSetParserStructuredErrors(pc, reg_xsd_error, NULL);
    xmlSchema *schema = xmlSchemaParse(pc);
    xmlSchemaFreeParserCtxt(pc);
    if (!schema) return -1;
    xmlDoc *doc = xmlReadMemory(xml, (int)n, NULL, "UTF-8", XML_PARSE_NONET | XML_PARSE_IGNORE_ENC);
    int rc = 1;
    if (doc) {
        xmlSchemaValidCtxt *vc = xmlSchemaNewValidCtxt(schema);
        xmlSchemaSetValidStructuredErrors(vc, reg_xsd_error, NULL);
        rc = xmlSchemaValidateDoc(vc, doc) == 0 ? 0 : 1;
        xmlSchemaFreeValidCtxt(vc);
        xmlFreeDoc(doc);
    } else {
        snprintf(reg_xsd_msg, sizeof reg_xsd_msg, "not well-formed");
    }
    xmlSchemaFree(schema);
    return rc;
}

/* Assert that xml is valid against xsd (cmocka), skipping when the XSDs are
** not there. */
#define assert_xsd_valid(xsd, xml)                                                                 \
    do {                                                                                           \
        if (!reg_xsd_present()) {                                                                  \
            skip();                                                                                \
        }                                                                                          \
        int xsd_rc_ = reg_xsd_validate((xsd), (xml), strlen(xml));                                 \
        if (xsd_rc_ != 0) fail_msg("%s: %s\n%s", (xsd), reg_xsd_msg, (xml));                       \
    } while (0)

/* ------------------------------------------------ tables vs the real XSD
** xsd_check's verdict and libxml2's on mutated copies of a document: each
** element in turn removed, duplicated, swapped with its next sibling, given
** an attribute, given odd values (or an unknown child). */

typedef struct Verdicts {
    Arena *arena;
    xmlSchema *schema;
    const XsElem *table;
    int checked, rejected;
} Verdicts;

/* Compare xsd_check with libxml2's validation on one document. */
static inline void verdicts_compare(Verdicts *v, xmlDoc *doc, const char *what) {
    xmlSchemaValidCtxt *vc = xmlSchemaNewValidCtxt(v->schema);
    xmlSchemaSetValidStructuredErrors(vc, reg_xsd_error, NULL);
    reg_xsd_msg[0] = 0;
    int theirs = xmlSchemaValidateDoc(vc, doc) == 0;
    xmlSchemaFreeValidCtxt(vc);
    char *why = NULL;
    int ours = xsd_check(v->arena, v->table, xmlDocGetRootElement(doc), &why) == 0;
    if (ours != theirs)
        fail_msg("%s: xsd_check %s (%s), libxml2 %s (%s)", what, ours ? "accepts" : "refuses",
                 why ? why : "", theirs ? "accepts" : "refuses", reg_xsd_msg);
    v->checked++;
    v->rejected += !theirs;
}

/* Every element under n in document order into v (capacity max). */
static inline int collect(xmlNode *n, xmlNode **v, int k, int max) {
    if (k < max) v[k++] = n;
    for (xmlNode *c = regxml_first(n); c; c = regxml_next(c))
        k = collect(c, v, k, max);
    return k;
}

/* Apply mutation kind to the i-th element of doc (document order, the root
** excluded); false when there is no i-th element. */
static inline bool mutate(xmlDoc *doc, int i, int kind) {
    static xmlNode *v[4096];
    int count = collect(xmlDocGetRootElement(doc), v, 0, 4096);
    if (i + 1 >= count) return false;
    xmlNode *n = v[i + 1];
    /* (libxml2 2.9 refuses " 7 " for restricted xs:long, against the XSD rule
    ** of collapsed white space; xsd_check accepts it, so it is not compared.) */
    static const char *const texts[] = {"", "-1", "0", "4294967296", "abc", "+07"};
    if (kind == 0) { /* remove */
        xmlUnlinkNode(n);
        xmlFreeNode(n);
    } else if (kind == 1) { /* duplicate */
        xmlAddNextSibling(n, xmlCopyNode(n, 1));
    } else if (kind == 2) { /* swap with the next element */
        xmlNode *next = regxml_next(n);
        if (next) {
            xmlUnlinkNode(n);
            xmlAddNextSibling(next, n);
        }
    } else if (kind == 3) { /* an attribute */
        xmlNewProp(n, (const xmlChar *)"x", (const xmlChar *)"1");
    } else if (!regxml_first(n)) { /* simple values */
        xmlNodeSetContent(n, (const xmlChar *)texts[(kind - 4) % 6]);
    } else { /* an unknown child */
        xmlNewChild(n, NULL, (const xmlChar *)"Unknown", NULL);
    }
    return true;
}

static inline void agree_on(Verdicts *v, const char *xml) {
    for (int kind = 0; kind < 10; kind++) {
        for (int i = 0;; i++) {
            xmlDoc *doc = xmlReadMemory(xml, (int)strlen(xml), NULL, "UTF-8", XML_PARSE_IGNORE_ENC);
            assert_non_null(doc);
            bool more = mutate(doc, i, kind);
            if (more) {
                char what[64];
                snprintf(what, sizeof what, "mutation %d of element %d", kind, i);
                verdicts_compare(v, doc, what);
            }
            xmlFreeDoc(doc);
            if (!more) break;
        }
    }
}

/* Load the XSD file name for the comparisons; NULL when it cannot be read. */
static inline xmlSchema *reg_xsd_load(const char *name) {
    char path[512];
    snprintf(path, sizeof path, "%s%s", REG_XSD_DIR, name);
    regxml_init();
    xmlSchemaParserCtxt *pc = xmlSchemaNewParserCtxt(path);
    xmlSchema *s = xmlSchemaParse(pc);
    xmlSchemaFreeParserCtxt(pc);
    return s;
}

#endif
