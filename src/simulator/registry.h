/*
** The simulator's national registry: subjects and sites filed through any
** provider, with bureau IDs (Ztid, Wzid, Ymid, Jrid, Ipid), numbers in the
** real formats (<省>ICP备<8 digits>号, sites -N), filing passwords (stored as
** BLAKE2b of a salt and the ICPmm, the MD5 hex of the password) and the
** provider that hosts each access.
**
** Each record keeps its full data as the element the download file carries
** (Zt_xx, Wz_xx in BASJ form), read back into the codec's structs; the
** columns beside it are what lookups search. Functions return 0 or a
** negative ErrCode (-ERR_NOT_FOUND when there is no such record); writers
** run inside the caller's transaction.
*/
#ifndef BEIAN_SIMULATOR_REGISTRY_H
#define BEIAN_SIMULATOR_REGISTRY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"
#include "regulator/icpdata.h"

typedef struct SimSubject {
    int64_t id; /* Ztid */
    const char *number, *name, *cert_number, *state;
    int64_t nature, province, filed_via, next_site, filed_at;
    RegSubject data; /* the filed record */
} SimSubject;

typedef struct SimSite {
    int64_t id, subject_id; /* Wzid, Ztid */
    const char *number, *name, *state;
    RegSite data; /* the filed record */
} SimSite;

/* ---------------------------------------------------------------- reading */

/* The subject with bureau ID id, or (id 0) the one numbered number. */
int registry_subject(Db *db, Arena *a, int64_t id, const char *number, SimSubject *out);
/* The filed subject holding certificate number cert. */
int registry_subject_by_cert(Db *db, Arena *a, const char *cert, SimSubject *out);
/* The site with bureau ID id, or (id 0) the one numbered number. */
int registry_site(Db *db, Arena *a, int64_t id, const char *number, SimSite *out);
/* The filed site that holds domain (case ignored). */
int registry_site_of_domain(Db *db, Arena *a, const char *domain, SimSite *out);
/* The filed sites of a subject in number order, into an arena array. */
int registry_sites(Db *db, Arena *a, int64_t subject_id, SimSite **out, size_t *n);
/* The site and provider of access jrid. */
int registry_access(Db *db, int64_t jrid, int64_t *site_id, int64_t *provider);
/* How many accesses site_id has, and how many of them provider gives. */
int registry_access_count(Db *db, int64_t site_id, int64_t provider, int64_t *all, int64_t *mine);
/* Does provider file or host this subject (it filed it, or gives an access
** to one of its filed sites)? */
bool registry_serves(Db *db, int64_t subject_id, int64_t provider);
/* Does icpmm (the MD5 hex of a filing password, any case) match the
** subject's password? */
bool registry_password_ok(Db *db, int64_t subject_id, const char *icpmm);
/* A domain as the registry indexes it (ASCII letters in lower case), in the arena. */
char *registry_domain_key(Arena *a, const char *domain);
/* The name of a provider ("" when unknown). */
const char *registry_provider_name(Db *db, Arena *a, int64_t id);

/* ---------------------------------------------------------------- writing */

/* The next subject number of a province (6-digit code such as 330000) in the
** year of now: <prefix>ICP备<yy><6-digit serial>号. */
int registry_next_number(Db *db, Arena *a, int64_t province, int64_t now, char **out);
/* File a subject: s gets its Ztid (and a number when it has none), its
** filing times when unset; the password is stored hashed. */
int registry_add_subject(Db *db, Arena *a, RegSubject *s, int64_t filed_via, const char *password,
                         int64_t now);
/* Replace a filed subject's data (a change), keeping ID, number and filing time. */
int registry_update_subject(Db *db, Arena *a, int64_t id, const RegSubject *s, int64_t now);
/* Set the subject's filing password. */
int registry_set_password(Db *db, int64_t subject_id, const char *password);
/* File a site of subject_id: the site gets its Wzid and number (-N, the
** subject's next), and every domain, access and IP without a bureau ID gets
** one; accesses without a provider get provider. */
int registry_add_site(Db *db, Arena *a, int64_t subject_id, RegSite *site, int64_t provider,
                      int64_t now);
/* Replace a filed site's data (site->bureau_id names it), giving IDs as
** registry_add_site does; its domains and accesses are indexed anew. */
int registry_update_site(Db *db, Arena *a, RegSite *site, int64_t provider, int64_t now);
/* Cancel a subject with its sites, or one site: their domains are free again. */
int registry_cancel_subject(Db *db, int64_t id);
int registry_cancel_site(Db *db, int64_t id);
/* Record a provider of the registry (data only, for names). */
int registry_add_provider(Db *db, int64_t id, const char *name);

#endif
