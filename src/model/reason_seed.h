/*
** The standard return reasons Beian seeds (model/reason_templates.h).
*/
#ifndef BEIAN_MODEL_REASON_SEED_H
#define BEIAN_MODEL_REASON_SEED_H

#include <stddef.h>

typedef struct ReasonSeed {
    const char *code;  /* stable: the seed inserts a code once */
    const char *field; /* a key of rules/fields.def, or "" */
    const char *text_zh, *text_en;
    const char *suggestion_zh, *suggestion_en;
} ReasonSeed;

/* The seeded reasons, in their first order; *n gets the count. */
const ReasonSeed *reason_seeds(size_t *n);

#endif
