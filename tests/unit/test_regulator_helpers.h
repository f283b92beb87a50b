/*
** Helpers shared by the test_regulator_*.c programs: reading fixture files,
** and validating a document against the MIIT XSDs with libxml2. The XSDs are
** reference material beside the checkout (../shared/research/regulator-xsd);
** tests that need them skip when the directory is absent.
*/
#ifndef BEIAN_TEST_REGULATOR_HELPERS_H
#define BEIAN_TEST_REGULATOR_HELPERS_H

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "regulator/regxml.h"

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

#endif
