/*
** Sealed documents of generated rows, sealed once per template and shared
** (gen_sealed.c says how), and the one scan every generated file row names.
*/
#ifndef BEIAN_APP_GEN_SEALED_H
#define BEIAN_APP_GEN_SEALED_H

#include <stddef.h>
#include <stdint.h>

#include "app/gen_data.h"

typedef struct GenSealed GenSealed;

/* `templates` filers per nature and province. */
GenSealed *gen_sealed_new(uint64_t seed, int templates);
void gen_sealed_free(GenSealed *g);
/* Documents sealed so far. */
int64_t gen_sealed_count(const GenSealed *g);

/* The sealed values of an application of kind k about site j (-1: none)
** with `steps` steps saved (-1: all), for a subject of this nature and
** province. Valid until gen_sealed_free. */
const char *gen_sealed_values(GenSealed *g, SubjectNature nature, int province, int64_t subject_id,
                              AppKind kind, int j, int steps);
/* The subject's record, site j's record, the filing password of a claim. */
const char *gen_sealed_subject(GenSealed *g, SubjectNature nature, int province,
                               int64_t subject_id);
const char *gen_sealed_site(GenSealed *g, SubjectNature nature, int province, int64_t subject_id,
                            int j);
const char *gen_sealed_secret(GenSealed *g, SubjectNature nature, int province, int64_t subject_id);

/* A page-sized PNG "scan" of a verification form, in the arena. */
typedef struct GenScan {
    unsigned char *data;
    size_t n;
    int width, height;
} GenScan;
int gen_scan_png(Arena *a, GenScan *out);

#endif
