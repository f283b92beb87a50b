/*
** XML plumbing shared by the regulator codec: a guarded libxml2 parser
** (no network, no DTD, no entities, size bounds), an escaping writer into a
** Buf, and helpers to walk a parsed tree. Thread-safe: libxml2 is
** initialised once through pthread_once, and each call owns its documents.
*/
#ifndef BEIAN_REGULATOR_REGXML_H
#define BEIAN_REGULATOR_REGXML_H

#include <libxml/tree.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"

/* Parse flags. */
enum {
    /* The text is UTF-8 whatever its prolog says (a <return> string that
    ** declares GBK but arrived as Unicode text). */
    REGXML_UTF8 = 1,
    /* Allow text nodes over libxml2's 10 MB default (SOAP bodies that carry a
    ** whole base64 payload). Safe only because DTDs are refused. */
    REGXML_HUGE = 2,
};

/* Bounds on every parsed document: the interface's documents nest about a
** dozen levels, and a 50 MB file of 1000 records holds far fewer elements. */
#define REGXML_MAX_DEPTH    64
#define REGXML_MAX_ELEMENTS 2000000

/* Initialise libxml2 once per process; every entry point calls it. */
void regxml_init(void);

/* Parse n bytes into a document the caller frees with xmlFreeDoc. Refuses
** more than max bytes (-ERR_REG_TOO_LARGE), any document type declaration
** (-ERR_REG_XML_DTD: no entities can be declared, so none can expand), and
** malformed XML or XML beyond REGXML_MAX_DEPTH / REGXML_MAX_ELEMENTS
** (-ERR_REG_XML). The network is never used. On failure *why
** (when why is not NULL) receives libxml2's first message in the arena. */
int regxml_parse(Arena *a, const char *buf, size_t n, size_t max, int flags, xmlDoc **out,
                 char **why);

/* ---------------------------------------------------------------- writing */

/* A writer that appends escaped XML to a Buf. The first problem (text that is
** not valid UTF-8 or holds characters XML 1.0 cannot carry) is kept in err
** and later writes still append, so a builder checks err once at the end. */
typedef struct XmlOut {
    Buf *b;
    int err;
} XmlOut;

/* The XML declaration the interface uses on every document. */
#define REGXML_PROLOG "<?xml version=\"1.0\" encoding=\"GBK\"?>\n"

void xo_open(XmlOut *o, const char *name);
void xo_close(XmlOut *o, const char *name);
/* Escaped character data, also safe in a quoted attribute value (&, <, >,
** " and CR as references). */
void xo_text(XmlOut *o, const char *s);
/* <name>text</name>; nothing when s is NULL. */
void xo_str(XmlOut *o, const char *name, const char *s);
/* <name>v</name> as a decimal integer. */
void xo_long(XmlOut *o, const char *name, int64_t v);
/* <name>v</name> only when v > 0: optional IDs and codes use 0 for absent. */
void xo_long_opt(XmlOut *o, const char *name, int64_t v);

/* ---------------------------------------------------------------- reading */

/* First element child of n (or NULL); next element sibling of n (or NULL). */
xmlNode *regxml_first(xmlNode *n);
xmlNode *regxml_next(xmlNode *n);
/* True when n is an element called name (its local name: any namespace). */
bool regxml_is(const xmlNode *n, const char *name);
/* First element child called name, or NULL. */
xmlNode *regxml_child(xmlNode *n, const char *name);
/* The text content of n copied into the arena (never NULL). */
char *regxml_text(Arena *a, xmlNode *n);
/* The text of child name, or NULL when absent. */
char *regxml_child_text(Arena *a, xmlNode *n, const char *name);
/* Parse an xs:long lexical form (surrounding white space allowed) into *v;
** -1 when it is not one. */
int regxml_parse_long(const char *s, int64_t *v);
/* The long value of child name into *v; 0 when absent (*v untouched),
** 1 when read, -1 when present but not an integer. */
int regxml_child_long(xmlNode *n, const char *name, int64_t *v);

/* A data file's root attributes: version and nothing else. Returns 0,
** -ERR_REG_ATTR (no version: 5002), -ERR_REG_VERSION (another version: 5004)
** or -ERR_REG_XSD (another attribute: 5001), with *why (may be NULL). */
int regxml_check_version(Arena *a, xmlNode *root, const char *version, char **why);

#endif
