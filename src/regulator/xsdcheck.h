/*
** A small schema checker for the interface's data files. The MIIT XSDs use
** only anonymous local elements of type xs:long or xs:string restricted by
** range and length facets, and complex elements whose content is one
** sequence, all or choice. XsElem tables (upload_schema.c,
** download_schema.c) describe exactly that, so a document can be checked
** without shipping the XSDs themselves. The tests hold these tables against
** the real XSDs through libxml2's validator.
*/
#ifndef BEIAN_REGULATOR_XSDCHECK_H
#define BEIAN_REGULATOR_XSDCHECK_H

#include <libxml/tree.h>
#include <stdint.h>

#include "core/arena.h"

typedef enum XsKind {
    XS_LONG,   /* xs:long in [lo, hi] */
    XS_STR,    /* xs:string of lo..hi characters (hi 0: no maximum) */
    XS_ANY,    /* no type (xs:anyType): anything goes */
    XS_SEQ,    /* complex: the children in order */
    XS_ALL,    /* complex: the children in any order, each at most once */
    XS_CHOICE, /* complex: one of the children */
} XsKind;

typedef struct XsElem {
    const char *name; /* NULL ends a list of children */
    uint8_t kind;     /* XsKind */
    uint8_t min;      /* minOccurs */
    uint16_t max;     /* maxOccurs; 0: unbounded */
    int64_t lo, hi;
    const struct XsElem *kids; /* complex kinds: the children */
} XsElem;

/* Check element n against spec (its name, children, text and facets; no
** attributes anywhere, elements in no namespace). The root's own attributes
** are the caller's business. Returns 0, or -ERR_REG_XSD with *why set (in
** the arena) to the path of the offending element and what is wrong. */
int xsd_check(Arena *a, const XsElem *spec, xmlNode *n, char **why);

#endif
