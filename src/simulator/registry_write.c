/*
** Filing, changing and cancelling records of the registry (see registry.h).
*/
#include <ctype.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/util.h"
#include "regulator/auth.h"
#include "regulator/regxml.h"
#include "rules/filing_number.h"
#include "simulator/registry.h"
#include "simulator/store.h"

/* The stored form of a record: its BASJ element. */
static int record_xml(Arena *a, const RegSubject *subject, const RegSite *site, char **out) {
    Buf b;
    buf_init(&b, a);
    XmlOut o = {&b, 0};
    if (subject)
        icp_write_subject(&o, subject, ICP_FILED);
    else
        icp_write_site(&o, site, ICP_FILED);
    if (o.err) return o.err;
    *out = buf_take(&b);
    return 0;
}

/* The year (two digits) of t in China Standard Time. */
static int cst_year2(int64_t t) {
    time_t cst = (time_t)(t + 8 * 3600);
    struct tm tm;
    gmtime_r(&cst, &tm);
    return (tm.tm_year + 1900) % 100;
}

int registry_next_number(Db *db, Arena *a, int64_t province, int64_t now, char **out) {
    char code[16];
    snprintf(code, sizeof code, "%lld", (long long)province);
    const char *prefix = province_code_prefix(code);
    if (!prefix) return -ERR_FIELD_RANGE;
    int year = cst_year2(now);
    for (;;) {
        int64_t next = 1;
        DbRc rc =
            db_query_i64(db, &next, "SELECT next FROM reg_serials WHERE province = ? AND year = ?",
                         "ii", province, (int64_t)year);
        if (rc < 0) return db_err(rc);
        if (rc == DB_DONE) next = 1; /* the province's first number this year */
        if (next > 999999) return -ERR_FIELD_RANGE;
        rc = db_exec(db,
                     "INSERT INTO reg_serials (province, year, next) VALUES (?, ?, ?) "
                     "ON CONFLICT (province, year) DO UPDATE SET next = excluded.next",
                     "iii", province, (int64_t)year, next + 1);
        if (rc < 0) return db_err(rc);
        char *number = arena_printf(a, "%sICP备%02d%06lld号", prefix, year, (long long)next);
        int64_t taken = 0;
        rc = db_query_i64(db, &taken, "SELECT count(*) FROM reg_subjects WHERE number = ?", "t",
                          number);
        if (rc < 0) return db_err(rc);
        if (!taken) {
            *out = number;
            return 0;
        }
    }
}

/* BLAKE2b-256 of the lower-case ICPmm keyed by salt. */
static void password_digest(const unsigned char salt[16], const char *icpmm,
                            unsigned char out[32]) {
    char lower[64];
    size_t n = 0;
    for (; icpmm && icpmm[n] && n < sizeof lower - 1; n++)
        lower[n] = (char)tolower((unsigned char)icpmm[n]);
    crypto_generichash(out, 32, (const unsigned char *)lower, n, salt, 16);
}

bool registry_password_ok(Db *db, int64_t subject_id, const char *icpmm) {
    if (!icpmm) return false;
    DbStmt *st;
    DbRc rc = db_query(db, &st, "SELECT pw_salt, pw_hash FROM reg_subjects WHERE id = ?", "i",
                       subject_id);
    if (rc < 0) return false;
    Arena a;
    arena_init(&a);
    size_t ns = 0, nh = 0;
    const unsigned char *salt = NULL, *hash = NULL;
    if (rc == DB_ROW) salt = db_col_blob(st, &a, 0, &ns), hash = db_col_blob(st, &a, 1, &nh);
    db_done(st);
    unsigned char got[32];
    bool ok = ns == 16 && nh == 32;
    if (ok) password_digest(salt, icpmm, got);
    ok = ok && sodium_memcmp(got, hash, 32) == 0;
    arena_free(&a);
    return ok;
}

/* Salt and digest of a filing password (see registry_password_ok). */
static void password_seal(const char *password, unsigned char salt[16], unsigned char hash[32]) {
    Arena a;
    arena_init(&a);
    char *icpmm = NULL;
    if (auth_icpmm(&a, password, &icpmm) != 0) icpmm = "";
    randombytes_buf(salt, 16);
    password_digest(salt, icpmm, hash);
    arena_free(&a);
}

int registry_set_password(Db *db, int64_t subject_id, const char *password) {
    unsigned char salt[16], hash[32];
    password_seal(password, salt, hash);
    DbRc rc = db_exec(db, "UPDATE reg_subjects SET pw_salt = ?, pw_hash = ? WHERE id = ?", "bbi",
                      salt, sizeof salt, hash, sizeof hash, subject_id);
    return rc < 0 ? db_err(rc) : 0;
}

int registry_add_subject(Db *db, Arena *a, RegSubject *s, int64_t filed_via, const char *password,
                         int64_t now) {
    int rc = sim_next_id(db, &s->bureau_id);
    if (rc == 0 && !s->number)
        rc = registry_next_number(db, a, s->address.province, now, (char **)&s->number);
    if (rc) return rc;
    char *when = sim_time_text(a, now);
    if (!s->first_filed) s->first_filed = when;
    if (!s->modified) s->modified = when;
    char *xml;
    if ((rc = record_xml(a, s, NULL, &xml))) return rc;
    unsigned char salt[16], hash[32];
    password_seal(password, salt, hash);
    DbRc d =
        db_exec(db,
                "INSERT INTO reg_subjects (id, number, name, nature, province, cert_number, "
                "pw_salt, pw_hash, filed_via, next_site, state, filed_at, xml) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 'filed', ?, ?)",
                "ittiitbbiit", s->bureau_id, s->number, s->name, s->nature, s->address.province,
                s->cert.number, salt, sizeof salt, hash, sizeof hash, filed_via, now, xml);
    return d < 0 ? db_err(d) : 0;
}

int registry_update_subject(Db *db, Arena *a, int64_t id, const RegSubject *s, int64_t now) {
    SimSubject old;
    int rc = registry_subject(db, a, id, NULL, &old);
    if (rc) return rc;
    RegSubject n = *s;
    n.bureau_id = id;
    n.number = old.number;
    n.first_filed = old.data.first_filed;
    n.modified = sim_time_text(a, now);
    if (!n.isp_id) n.isp_id = old.data.isp_id;
    char *xml;
    if ((rc = record_xml(a, &n, NULL, &xml))) return rc;
    DbRc d = db_exec(db,
                     "UPDATE reg_subjects SET name = ?, nature = ?, province = ?, cert_number = ?, "
                     "xml = ? WHERE id = ?",
                     "tiitti", n.name, n.nature, n.address.province, n.cert.number, xml, id);
    return d < 0 ? db_err(d) : 0;
}

/* Copies of the site's domains and accesses (and their IPs) in the arena,
** every record without a bureau ID given one, accesses without a provider
** given provider. */
static int site_give_ids(Db *db, Arena *a, RegSite *s, int64_t provider) {
    RegDomain *d = ARENA_NEW(a, RegDomain, s->n_domains + 1);
    RegAccess *ac = ARENA_NEW(a, RegAccess, s->n_access + 1);
    int rc = 0;
    for (size_t i = 0; i < s->n_domains && !rc; i++) {
        d[i] = s->domains[i];
        if (!d[i].bureau_id) rc = sim_next_id(db, &d[i].bureau_id);
    }
    for (size_t i = 0; i < s->n_access && !rc; i++) {
        ac[i] = s->access[i];
        if (!ac[i].bureau_id) rc = sim_next_id(db, &ac[i].bureau_id);
        if (!ac[i].provider_id) ac[i].provider_id = provider;
        RegIpRange *ips = ARENA_NEW(a, RegIpRange, ac[i].n_ips + 1);
        for (size_t k = 0; k < ac[i].n_ips && !rc; k++) {
            ips[k] = ac[i].ips[k];
            if (!ips[k].bureau_id) rc = sim_next_id(db, &ips[k].bureau_id);
        }
        ac[i].ips = ips;
    }
    s->domains = d;
    s->access = ac;
    return rc;
}

/* Index the site's domains and accesses anew. -ERR_CONFLICT when a domain is
** another site's. */
static int site_index(Db *db, Arena *a, const RegSite *s) {
    DbRc rc = db_exec(db, "DELETE FROM reg_domains WHERE site_id = ?", "i", s->bureau_id);
    if (rc >= 0) rc = db_exec(db, "DELETE FROM reg_access WHERE site_id = ?", "i", s->bureau_id);
    for (size_t i = 0; rc >= 0 && i < s->n_domains; i++) {
        char *key = registry_domain_key(a, s->domains[i].name);
        int64_t other = 0;
        rc = db_query_i64(db, &other, "SELECT count(*) FROM reg_domains WHERE name = ?", "t", key);
        if (rc >= 0 && other) return -ERR_CONFLICT;
        if (rc >= 0)
            rc = db_exec(db, "INSERT INTO reg_domains (name, site_id) VALUES (?, ?)", "ti", key,
                         s->bureau_id);
    }
    for (size_t i = 0; rc >= 0 && i < s->n_access; i++)
        rc = db_exec(db, "INSERT INTO reg_access (id, site_id, provider) VALUES (?, ?, ?)", "iii",
                     s->access[i].bureau_id, s->bureau_id, s->access[i].provider_id);
    return rc < 0 ? db_err(rc) : 0;
}

int registry_add_site(Db *db, Arena *a, int64_t subject_id, RegSite *site, int64_t provider,
                      int64_t now) {
    SimSubject subj;
    int rc = registry_subject(db, a, subject_id, NULL, &subj);
    if (rc == 0) rc = sim_next_id(db, &site->bureau_id);
    if (rc == 0) rc = site_give_ids(db, a, site, provider);
    if (rc) return rc;
    FilingNumber fn;
    if (filing_number_parse(subj.number, &fn) != 0) return -ERR_INTERNAL;
    site->number = filing_site_number(a, &fn, (int)subj.next_site);
    char *when = sim_time_text(a, now);
    if (!site->first_filed) site->first_filed = when;
    site->modified = when;
    char *xml;
    if ((rc = record_xml(a, NULL, site, &xml))) return rc;
    const char *name = site->names.n ? site->names.v[0] : "";
    DbRc d = db_exec(db,
                     "INSERT INTO reg_sites (id, subject_id, number, name, state, xml) "
                     "VALUES (?, ?, ?, ?, 'filed', ?)",
                     "iitt"
                     "t",
                     site->bureau_id, subject_id, site->number, name, xml);
    if (d >= 0)
        d = db_exec(db, "UPDATE reg_subjects SET next_site = next_site + 1 WHERE id = ?", "i",
                    subject_id);
    if (d < 0) return db_err(d);
    return site_index(db, a, site);
}

int registry_update_site(Db *db, Arena *a, RegSite *site, int64_t provider, int64_t now) {
    SimSite old;
    int rc = registry_site(db, a, site->bureau_id, NULL, &old);
    if (rc == 0) rc = site_give_ids(db, a, site, provider);
    if (rc) return rc;
    site->number = old.number;
    site->first_filed = old.data.first_filed;
    site->modified = sim_time_text(a, now);
    if (!site->isp_id) site->isp_id = old.data.isp_id;
    char *xml;
    if ((rc = record_xml(a, NULL, site, &xml))) return rc;
    const char *name = site->names.n ? site->names.v[0] : old.name;
    DbRc d = db_exec(db, "UPDATE reg_sites SET name = ?, xml = ? WHERE id = ?", "tti", name, xml,
                     site->bureau_id);
    if (d < 0) return db_err(d);
    return site_index(db, a, site);
}

int registry_cancel_site(Db *db, int64_t id) {
    DbRc rc = db_exec(db, "UPDATE reg_sites SET state = 'cancelled' WHERE id = ?", "i", id);
    if (rc >= 0) rc = db_exec(db, "DELETE FROM reg_domains WHERE site_id = ?", "i", id);
    if (rc >= 0) rc = db_exec(db, "DELETE FROM reg_access WHERE site_id = ?", "i", id);
    return rc < 0 ? db_err(rc) : 0;
}

int registry_cancel_subject(Db *db, int64_t id) {
    DbRc rc = db_exec(db,
                      "DELETE FROM reg_domains WHERE site_id IN "
                      "(SELECT id FROM reg_sites WHERE subject_id = ?)",
                      "i", id);
    if (rc >= 0)
        rc = db_exec(db,
                     "DELETE FROM reg_access WHERE site_id IN "
                     "(SELECT id FROM reg_sites WHERE subject_id = ?)",
                     "i", id);
    if (rc >= 0)
        rc = db_exec(db, "UPDATE reg_sites SET state = 'cancelled' WHERE subject_id = ?", "i", id);
    if (rc >= 0)
        rc = db_exec(db, "UPDATE reg_subjects SET state = 'cancelled' WHERE id = ?", "i", id);
    return rc < 0 ? db_err(rc) : 0;
}

int registry_add_provider(Db *db, int64_t id, const char *name) {
    DbRc rc = db_exec(db,
                      "INSERT INTO reg_providers (id, name) VALUES (?, ?) "
                      "ON CONFLICT (id) DO UPDATE SET name = excluded.name",
                      "it", id, name);
    return rc < 0 ? db_err(rc) : 0;
}
