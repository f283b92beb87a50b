/*
** Realistic filing data for `beian dev generate`: people (names, ID card
** numbers with their check digit, mobiles), subjects (organisations with a
** unified social credit code, individuals) in the 31 provinces with real
** region codes and area codes, sites with names and domains, and the values
** a customer types for each kind of application. Deterministic: the same
** seed and index give the same data, in any order and on any thread.
*/
#ifndef BEIAN_APP_GEN_DATA_H
#define BEIAN_APP_GEN_DATA_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "rules/filing_fields.h"
#include "rules/vocab.h"

/* A small fast generator (splitmix64): one stream per seed and index. */
typedef struct GenRng {
    uint64_t s;
} GenRng;
GenRng gen_rng(uint64_t seed, uint64_t stream);
uint64_t gen_u64(GenRng *r);
uint32_t gen_below(GenRng *r, uint32_t n); /* 0..n-1 */
bool gen_chance(GenRng *r, double p);
/* An index into weights[0..n) drawn in proportion to the weights. */
int gen_weighted(GenRng *r, const unsigned *weights, int n);

/* The subject natures and provinces in the proportions filings come in. */
SubjectNature gen_nature(GenRng *r);
int gen_province(GenRng *r);
/* The filing-number prefix of a province (京). */
const char *gen_prefix(int province);

typedef struct GenPerson {
    char name[32];
    char id_number[20];
    char id_expiry[12]; /* YYYY-MM-DD or 长期 */
    char mobile[12];
    char emergency[12];
    char email[64];
} GenPerson;

typedef struct GenSubject {
    SubjectNature nature;
    int province;
    char province_code[7], city[7], district[7];
    char name[128];
    char cert_number[24]; /* USCC, or the principal's ID card */
    char address[192];
    char investor[128];
    char landline[24];
    GenPerson principal, legal;
    bool legal_same;
    char login[40]; /* the customer's login name */
    char email[72]; /* the account's e-mail */
} GenSubject;

/* The subject of index `index` (unique logins need a unique index). */
void gen_subject(uint64_t seed, int64_t index, SubjectNature nature, int province, GenSubject *out);

typedef struct GenSite {
    char name[192];
    char domain[96];
    char ips[64]; /* lines */
    const char *method;
    const char *service;
    bool commercial;
    char licence[40];
    bool principal_same;
    GenPerson principal;
    char description[640];
} GenSite;

/* Site j of subject s; `seq` (unique, e.g. the site's id) makes its domain
** unique. */
void gen_site(uint64_t seed, int64_t seq, const GenSubject *s, int j, GenSite *out);

/* A person (a staff member's name). */
void gen_person(GenRng *r, int province, GenPerson *out);

/* The values a customer files for an application of kind k about the site:
** the fields of the first `steps` steps of the kind (-1: all of them), as
** Beian stores them (lists one item a line, flags "1"). Claims name the
** subject's number. Changes carry the changed field. */
void gen_values(Arena *a, const GenSubject *s, const GenSite *site, AppKind k, int steps,
                const char *subject_number, const char *site_number, Values *out);
/* The subject's record and a site's record as the administration files them. */
void gen_subject_record(Arena *a, const GenSubject *s, Values *out);
void gen_site_record(Arena *a, const GenSite *site, const char *site_number, Values *out);

/* steps_done of an application with its first `steps` steps saved (-1: all). */
const char *gen_steps_done(Arena *a, AppKind k, int steps);
/* Number of form steps of a kind (without verify & submit). */
int gen_nsteps(AppKind k);

/* A subject number: <prefix>ICP备<year><6 digits>号 (before 2010 the older
** <yy><6 digits> form), the digits unique per index below a million. */
char *gen_subject_number(Arena *a, int province, int year, int64_t index);

#endif
