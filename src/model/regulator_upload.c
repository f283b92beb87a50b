/*
** The upload document of an application (MIIT provider interface V3.0).
*/
#include "model/regulator_upload.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/util.h"
#include "docs/thumb.h"
#include "model/bureau_ids.h"
#include "model/files.h"
#include "regulator/auth.h"
#include "regulator/codes.h"
#include "rules/preapproval.h"
#include "rules/province.h"

/* ------------------------------------------------------------ code lists */

int64_t reg_code_nature(SubjectNature n) {
    /* Dwxz: Beian's numbering of the natures (the administration's JCDM
    ** table was not recovered; the simulator reads the same numbers). */
    return n > 0 && n < NATURE__COUNT ? (int64_t)n : 0;
}

SubjectNature reg_nature_of(int64_t code) {
    return code > 0 && code < NATURE__COUNT ? (SubjectNature)code : NATURE_ENTERPRISE;
}

CertType reg_cert_of(int64_t code) {
    for (int c = 1; c < CERT__COUNT; c++)
        if (reg_query_type_cert((CertType)c) == code) return (CertType)c;
    return 0;
}

/* Certificate types as the interface numbers them for queries (V3.0
** querybeianstatus), which Zjlx follows; the two permits it predates get
** codes of their own. */
int64_t reg_query_type_cert(CertType c) {
    static const int64_t codes[CERT__COUNT] = {[CERT_USCC] = 1,
                                               [CERT_ID_CARD] = 2,
                                               [CERT_ORG_CODE] = 3,
                                               [CERT_MILITARY_CODE] = 5,
                                               [CERT_PASSPORT] = 7,
                                               [CERT_TAIWAN_PERMIT] = 11,
                                               [CERT_HK_MACAO_PERMIT] = 12,
                                               [CERT_FOREIGN_RESIDENCE] = 13};
    return c > 0 && c < CERT__COUNT ? codes[c] : 0;
}

int64_t reg_code_cert(CertType c) {
    return reg_query_type_cert(c);
}

/* The position (1-based) of id in a choice list: services, languages. */
static int64_t choice_code(const char *list, const char *id) {
    size_t n;
    const FilingChoice *c = filing_choices(list, &n);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(c[i].id, id)) return (int64_t)i + 1;
    return 0;
}

static int64_t *list_codes(Arena *a, const Values *v, FieldId f, const char *list, size_t *n) {
    size_t k;
    const char **items = values_list(v, f, &k);
    int64_t *out = ARENA_NEW(a, int64_t, k + 1);
    *n = 0;
    for (size_t i = 0; i < k; i++) {
        int64_t code = choice_code(list, items[i]);
        if (code) out[(*n)++] = code;
    }
    return out;
}

/* ---------------------------------------------------------------- people */

static RegStrList one(Arena *a, const char *s) {
    if (!s || !*s) return (RegStrList){0};
    const char **v = ARENA_NEW(a, const char *, 1);
    v[0] = s;
    return (RegStrList){v, 1};
}

static RegPrincipal principal_of(Arena *a, const Values *v, const PersonFields *p) {
    return (RegPrincipal){.name = values_get(v, p->name),
                          .office_phones = one(a, p->landline ? values_get(v, p->landline) : ""),
                          .mobiles = one(a, values_get(v, p->mobile)),
                          .emails = one(a, values_get(v, p->email)),
                          .cert_type = reg_code_cert(cert_type_parse(values_get(v, p->id_type))),
                          .cert_number = values_get(v, p->id_number)};
}

/* --------------------------------------------------------------- subject */

static RegSubject subject_of(Arena *a, const Values *v, int64_t isp_id) {
    const char *district = values_get(v, F_SUBJECT_DISTRICT);
    return (RegSubject){
        .isp_id = isp_id,
        .name = values_get(v, F_SUBJECT_NAME),
        .nature = reg_code_nature(nature_parse(values_get(v, F_SUBJECT_NATURE))),
        .investor = *values_get(v, F_SUBJECT_INVESTOR) ? values_get(v, F_SUBJECT_INVESTOR) : NULL,
        .address = {.province = atoll(values_get(v, F_SUBJECT_PROVINCE)),
                    .city = atoll(values_get(v, F_SUBJECT_CITY)),
                    .county = *district ? atoll(district) : 0,
                    .detail = values_get(v, F_SUBJECT_ADDRESS)},
        .cert = {.type = reg_code_cert(cert_type_parse(values_get(v, F_SUBJECT_CERT_TYPE))),
                 .number = values_get(v, F_SUBJECT_CERT_NUMBER),
                 .residence = values_get(v, F_SUBJECT_ADDRESS)},
        .principal = principal_of(a, v, &PERSON_PRINCIPAL),
        .by_provider = 1};
}

/* ------------------------------------------------------------------ site */

/* The IPv4 addresses of the access (V3.0 carries IPv4 only). */
static RegIpRange *ips_of(Arena *a, const Values *v, int64_t base_id, size_t *n) {
    size_t k;
    const char **items = values_list(v, F_ACCESS_IPS, &k);
    RegIpRange *out = ARENA_NEW(a, RegIpRange, k + 1);
    *n = 0;
    for (size_t i = 0; i < k; i++) {
        struct in_addr in;
        if (inet_pton(AF_INET, items[i], &in) != 1) continue;
        uint32_t ip = ntohl(in.s_addr);
        out[*n] = (RegIpRange){.isp_id = base_id * 100 + (int64_t)*n + 1, .start = ip, .end = ip};
        (*n)++;
    }
    return out;
}

/* The province's position in the list of provinces: the server location. */
static int64_t location_of(int province) {
    size_t n;
    const ProvinceRules *rows = province_seed(&n);
    for (size_t i = 0; i < n; i++)
        if (rows[i].code == province) return (int64_t)i + 1;
    return 1;
}

static RegAccess access_of(Arena *a, const Values *v, int64_t access_id, int province) {
    RegAccess ac = {.isp_id = access_id};
    int64_t *loc = ARENA_NEW(a, int64_t, 1), *method = ARENA_NEW(a, int64_t, 1);
    loc[0] = location_of(province);
    method[0] = access_method_parse(values_get(v, F_ACCESS_METHOD));
    if (!method[0]) method[0] = ACCESS_OTHER;
    ac.locations = loc, ac.n_locations = 1;
    ac.methods = method, ac.n_methods = 1;
    ac.ips = ips_of(a, v, access_id, &ac.n_ips);
    return ac;
}

static RegPreapproval *preapprovals_of(Arena *a, const Values *v, size_t *n) {
    size_t k;
    const char **items = values_list(v, F_SITE_PREAPPROVALS, &k);
    RegPreapproval *out = ARENA_NEW(a, RegPreapproval, k + 2);
    *n = 0;
    for (size_t i = 0; i < k; i++) {
        PreApproval p = preapproval_from_id(items[i]);
        if (p)
            out[(*n)++] =
                (RegPreapproval){.type = p, .number = values_get(v, F_SITE_PREAPPROVAL_NUMBERS)};
    }
    /* A commercial site declares its ICP licence (codes.h: REG_NRLX_COMMERCIAL). */
    if (values_flag(v, F_SITE_COMMERCIAL))
        out[(*n)++] =
            (RegPreapproval){.type = REG_NRLX_COMMERCIAL, .number = values_get(v, F_SITE_LICENCE)};
    return out;
}

/* A site from the values (the site, its principal, its access). */
static RegSite site_of(Arena *a, const Values *v, int64_t site_id, int64_t access_id, int province,
                       const Values *principal_src) {
    RegSite s = {.isp_id = site_id};
    s.names = one(a, values_get(v, F_SITE_NAME));
    s.preapprovals = preapprovals_of(a, v, &s.n_preapprovals);
    s.services = list_codes(a, v, F_SITE_SERVICES, "service", &s.n_services);
    s.languages = list_codes(a, v, F_SITE_LANGUAGES, "language", &s.n_languages);
    RegDomain *d = ARENA_NEW(a, RegDomain, 1);
    d[0] = (RegDomain){.isp_id = site_id, .name = values_get(v, F_SITE_DOMAIN)};
    s.domains = d, s.n_domains = 1;
    RegAccess *ac = ARENA_NEW(a, RegAccess, 1);
    ac[0] = access_of(a, v, access_id, province);
    s.access = ac, s.n_access = 1;
    bool same = values_flag(v, F_SITE_PRINCIPAL_SAME) && principal_src;
    s.principal = same ? principal_of(a, principal_src, &PERSON_PRINCIPAL)
                       : principal_of(a, v, &PERSON_SITE_PRINCIPAL);
    s.home_url = values_get(v, F_SITE_HOME_URL);
    s.remark = values_get(v, F_SITE_DESCRIPTION);
    return s;
}

/* ----------------------------------------------------------- attachments */

/* Purposes (Fjyt) of the scans by checklist item; 0: not sent. */
static int64_t purpose_of(const char *slot) {
    static const struct {
        const char *slot;
        int64_t purpose;
    } map[] = {{"verification_form", 1},      {"licence_copy", 2},
               {"principal_id_copy", 3},      {"legal_rep_id_copy", 3},
               {"site_principal_id_copy", 4}, {FILE_SLOT_ONSITE_PHOTO, 5}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(map[i].slot, slot)) return map[i].purpose;
    return 0;
}

/* A JPEG of the scan within the interface's limit (the form 150 KB, the
** others 100 KB), shrunk step by step; -ERR_UPLOAD_NO_THUMBNAIL for a PDF. */
static int shrink(Arena *a, const void *data, size_t n, size_t limit, RegBlob *out) {
    for (int side = 2000; side >= 400; side = side * 4 / 5) {
        Thumb t;
        int rc = thumb_make(a, data, n, side, &t);
        if (rc < 0) return rc;
        if (t.n <= limit) {
            *out = (RegBlob){t.data, t.n};
            return 0;
        }
    }
    return -ERR_UPLOAD_TOO_LARGE;
}

/* The attachments of the application's scans (PDF scans are not sent: the
** interface takes JPG/PNG; the paper copies reach us anyway). */
/* Owners: our (or the administration's) subject and site IDs, or numbers. */
typedef struct Owners {
    int64_t subject, site;
    const char *subject_number, *site_number;
} Owners;

static int attachments_of(Db *db, Arena *a, const Application *app, const Owners *o,
                          RegAttachment **out, size_t *n) {
    AppFile *files;
    size_t nf;
    int rc = app_files_list(db, a, app->id, &files, &nf);
    *out = ARENA_NEW(a, RegAttachment, nf + 1);
    *n = 0;
    for (size_t i = 0; rc == 0 && i < nf; i++) {
        int64_t purpose = purpose_of(files[i].slot);
        if (!purpose || !strcmp(files[i].mime, "application/pdf")) continue;
        void *data;
        size_t len;
        rc = blob_read(db, a, files[i].blob, &data, &len);
        RegBlob blob;
        if (rc == 0) rc = shrink(a, data, len, purpose == 1 ? 150 * 1024 : 100 * 1024, &blob);
        if (rc < 0) break;
        bool site = purpose == 4 && (o->site || o->site_number);
        (*out)[(*n)++] = (RegAttachment){.format = 1,
                                         .purpose = purpose,
                                         .content = blob,
                                         .owner_type = site ? 2 : 1,
                                         .owner_id = site ? o->site : o->subject,
                                         .owner_number = site ? o->site_number : o->subject_number};
    }
    return rc;
}

/* ------------------------------------------------------------- assembly */

/* What an upload is built from. */
typedef struct Source {
    Arena *a;
    Db *db;
    Application app;
    Subject subject;
    Site site;
    int province;
    int64_t subject_bid, site_bid, access_bid; /* the administration's IDs (0: unknown) */
    const char *icpmm; /* of the claim's or the cancellation's password, or NULL */
    const char *result_key, *review_key;
} Source;

static int source_load(Db *db, Arena *a, int64_t app_id, Source *s) {
    *s = (Source){.a = a, .db = db};
    int rc = app_load(db, a, 0, app_id, &s->app, &s->subject);
    if (rc == 0 && s->app.site_id) rc = site_get(db, a, s->app.site_id, &s->site);
    if (rc == 0) rc = bureau_id_get(db, BUREAU_SUBJECT, s->subject.id, &s->subject_bid);
    if (rc == 0 && s->app.site_id) rc = bureau_id_get(db, BUREAU_SITE, s->site.id, &s->site_bid);
    if (rc == 0 && s->app.site_id)
        rc = bureau_id_get(db, BUREAU_ACCESS, s->site.id, &s->access_bid);
    if (rc < 0) return rc;
    const char *pw = values_get(&s->app.values, F_CLAIM_PASSWORD);
    if (!*pw) pw = values_get(&s->app.values, F_CANCEL_PASSWORD);
    char *icpmm = NULL;
    if (*pw && auth_icpmm(a, pw, &icpmm) == 0) s->icpmm = icpmm;
    s->province = s->subject.province;
    if (!s->province) s->province = atoi(values_get(&s->app.values, F_SUBJECT_PROVINCE)) / 10000;
    return 0;
}

/* The subject's values: its record overlaid with what the application says. */
static Values subject_values(const Source *s) {
    Values v = s->subject.record;
    values_copy_groups(&v, &s->app.values, GROUPS_SUBJECT);
    return v;
}

static Values site_values(const Source *s) {
    Values v = s->site.record;
    values_copy_groups(&v, &s->app.values, GROUPS_SITE);
    return v;
}

static int new_filing(Source *s, UploadData *d) {
    Values sv = subject_values(s);
    UploadNewFiling *f = ARENA_NEW(s->a, UploadNewFiling, 1);
    f->subject = subject_of(s->a, &sv, s->subject.id);
    RegSite *site = ARENA_NEW(s->a, RegSite, 1);
    Values wv = site_values(s);
    *site = site_of(s->a, &wv, s->site.id, s->app.id, s->province, &sv);
    f->sites = site, f->n_sites = 1;
    RegAttachment *att;
    Owners o = {.subject = s->subject.id, .site = s->site.id};
    int rc = attachments_of(s->db, s->a, &s->app, &o, &att, &f->n_attachments);
    f->attachments = att;
    *d = (UploadData){.op = UPLOAD_XZBA, .n = 1, .new_filings = f};
    s->result_key = s->review_key = arena_printf(s->a, "1:%lld", (long long)s->subject.id);
    return rc;
}

static int new_site(Source *s, UploadData *d) {
    UploadNewSite *f = ARENA_NEW(s->a, UploadNewSite, 1);
    const char *number = s->subject.subject_number;
    if (!number) number = values_get(&s->app.values, F_CLAIM_SUBJECT_NUMBER);
    f->subject_number = number;
    Values sv = subject_values(s);
    RegSite *site = ARENA_NEW(s->a, RegSite, 1);
    Values wv = site_values(s);
    *site = site_of(s->a, &wv, s->site.id, s->app.id, s->province, values_count(&sv) ? &sv : NULL);
    f->sites = site, f->n_sites = 1;
    f->icpmm = s->icpmm;
    RegAttachment *att;
    Owners o = {.subject_number = number};
    int rc = attachments_of(s->db, s->a, &s->app, &o, &att, &f->n_attachments);
    f->attachments = att;
    *d = (UploadData){.op = UPLOAD_XZWZ, .n = 1, .new_sites = f};
    s->result_key = *number ? arena_printf(s->a, "2:%s", number)
                            : arena_printf(s->a, "2:%lld", (long long)s->subject_bid);
    s->review_key = arena_printf(s->a, "2:%lld", (long long)s->site.id);
    return rc;
}

static int new_access(Source *s, UploadData *d) {
    UploadNewAccess *f = ARENA_NEW(s->a, UploadNewAccess, 1);
    f->site_number = values_get(&s->app.values, F_SITE_NUMBER);
    Values wv = site_values(s);
    f->access = access_of(s->a, &wv, s->app.id, s->province);
    f->icpmm = s->icpmm ? s->icpmm : "";
    RegAttachment *att;
    /* Forms and copies of the subject are the subject's, under its number. */
    const char *subject = s->subject.subject_number;
    if (!subject) subject = values_get(&s->app.values, F_CLAIM_SUBJECT_NUMBER);
    Owners o = {.site_number = f->site_number, .subject_number = subject};
    int rc = attachments_of(s->db, s->a, &s->app, &o, &att, &f->n_attachments);
    f->attachments = att;
    *d = (UploadData){.op = UPLOAD_XZJR, .n = 1, .new_access = f};
    s->result_key = s->review_key = arena_printf(s->a, "3:%lld", (long long)s->app.id);
    return rc;
}

static int change(Source *s, UploadData *d) {
    if (!s->subject_bid || (s->app.site_id && (!s->site_bid || !s->access_bid)))
        return -ERR_REG_NO_BUREAU_ID;
    UploadChange *f = ARENA_NEW(s->a, UploadChange, 1);
    Values sv = subject_values(s);
    f->subject = subject_of(s->a, &sv, s->subject.id);
    f->subject.bureau_id = s->subject_bid;
    f->subject.number = s->subject.subject_number;
    if (s->app.site_id) {
        RegSite *site = ARENA_NEW(s->a, RegSite, 1);
        Values wv = site_values(s);
        *site = site_of(s->a, &wv, s->site.id, s->app.id, s->province, &sv);
        site->bureau_id = s->site_bid;
        site->number = s->site.site_number;
        ((RegAccess *)site->access)[0].bureau_id = s->access_bid;
        f->sites = site, f->n_sites = 1;
    }
    RegAttachment *att;
    Owners o = {.subject = s->subject_bid, .site = s->site_bid};
    int rc = attachments_of(s->db, s->a, &s->app, &o, &att, &f->n_attachments);
    f->attachments = att;
    *d = (UploadData){.op = UPLOAD_BGBA, .n = 1, .changes = f};
    s->result_key =
        arena_printf(s->a, "4:%s", s->subject.subject_number ? s->subject.subject_number : "");
    s->review_key = arena_printf(s->a, "4:%lld", (long long)s->subject_bid);
    return rc;
}

static int cancel(Source *s, UploadData *d) {
    AppKind k = s->app.kind;
    int64_t id = k == KIND_CANCEL_SUBJECT ? s->subject_bid
                 : k == KIND_CANCEL_SITE  ? s->site_bid
                                          : s->access_bid;
    if (!id) return -ERR_REG_NO_BUREAU_ID;
    UploadCancel *f = ARENA_NEW(s->a, UploadCancel, 1);
    *f = (UploadCancel){.kind = k == KIND_CANCEL_SUBJECT ? 0
                                : k == KIND_CANCEL_SITE  ? 1
                                                         : 2,
                        .record_id = id,
                        .reason = 1,
                        .remark = values_get(&s->app.values, F_CANCEL_REASON),
                        .icpmm = s->icpmm};
    *d = (UploadData){.op = UPLOAD_ZXBA, .n = 1, .cancels = f};
    int czlx = k == KIND_CANCEL_SUBJECT ? 6 : k == KIND_CANCEL_SITE ? 7 : 5;
    s->result_key = s->review_key = arena_printf(s->a, "%d:%lld", czlx, (long long)id);
    return 0;
}

int regulator_upload_build(Db *db, Arena *a, int64_t app_id, int64_t isp_id, RegUpload *out) {
    *out = (RegUpload){0};
    Source s;
    int rc = source_load(db, a, app_id, &s);
    if (rc < 0) return rc;
    UploadData d;
    switch (s.app.kind) {
    case KIND_FIRST_FILING:
        rc = new_filing(&s, &d);
        break;
    case KIND_NEW_SITE_EXTERNAL:
    case KIND_NEW_SITE:
        rc = new_site(&s, &d);
        break;
    case KIND_NEW_ACCESS:
        rc = new_access(&s, &d);
        break;
    case KIND_CHANGE_SUBJECT:
    case KIND_CHANGE_SITE:
    case KIND_CHANGE_ACCESS:
        rc = change(&s, &d);
        break;
    default:
        rc = cancel(&s, &d);
    }
    if (rc < 0) return rc;
    d.requester = isp_id;
    char *xml = NULL;
    rc = upload_build(a, &d, &xml, &out->why);
    out->op = d.op;
    out->xml = xml;
    out->result_key = s.result_key;
    out->review_key = s.review_key;
    return rc;
}
