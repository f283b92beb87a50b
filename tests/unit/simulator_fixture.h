/*
** Upload data for the simulator's tests (tests/unit/test_simulator_*.c and
** tests/e2e/test_e2e_simulator.c): a provider's requests built from small
** specs with the codec's structs, so a test says only what it varies.
** Everything lives in the caller's arena.
*/
#ifndef BEIAN_TESTS_SIMULATOR_FIXTURE_H
#define BEIAN_TESTS_SIMULATOR_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "regulator/upload_xml.h"

#define FX_ISP 1001 /* the provider the simulator serves (regulator_isp_id) */

static const uint8_t fx_jpg[] = {0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10,
                                 'J',  'F',  'I',  'F',  0xff, 0xd9};
static const int64_t fx_services[] = {1}, fx_languages[] = {1};
static const int64_t fx_locations[] = {1}, fx_methods[] = {2};

/* One string as a ';' list. */
static inline RegStrList fx_list(Arena *a, const char *s) {
    const char **v = ARENA_NEW(a, const char *, 1);
    v[0] = s;
    return (RegStrList){v, 1};
}

/* A principal with one mobile and one e-mail. */
static inline RegPrincipal fx_principal(Arena *a, const char *name, const char *mobile) {
    return (RegPrincipal){.name = name,
                          .mobiles = fx_list(a, mobile),
                          .emails = fx_list(a, "owner@example.cn"),
                          .cert_type = 4,
                          .cert_number = "330108199003071239"};
}

/* A subject of nature (1 enterprise ... 6 individual) in province (330000...). */
static inline RegSubject fx_subject(Arena *a, int64_t isp_id, const char *name, int64_t nature,
                                    const char *cert, int64_t province, const char *mobile) {
    return (RegSubject){.isp_id = isp_id,
                        .name = name,
                        .nature = nature,
                        .address = {province, province + 100, province + 108, "示例路 1 号"},
                        .cert = {nature == 6 ? 4 : 1, cert, "示例路 1 号"},
                        .principal = fx_principal(a, "张三", mobile),
                        .by_provider = 1};
}

/* A new site (our IDs from isp_id: site isp_id, domain +1, access +2, IP +3). */
static inline RegSite fx_site(Arena *a, int64_t isp_id, const char *name, const char *domain,
                              const char *mobile) {
    RegDomain *d = ARENA_NEW(a, RegDomain, 1);
    d[0] = (RegDomain){.isp_id = isp_id + 1, .name = domain};
    RegIpRange *ip = ARENA_NEW(a, RegIpRange, 1);
    ip[0] = (RegIpRange){.isp_id = isp_id + 3, .start = 1032300930u, .end = 1032300930u};
    RegAccess *ac = ARENA_NEW(a, RegAccess, 1);
    ac[0] = (RegAccess){.isp_id = isp_id + 2,
                        .locations = fx_locations,
                        .n_locations = 1,
                        .methods = fx_methods,
                        .n_methods = 1,
                        .ips = ip,
                        .n_ips = 1};
    return (RegSite){.isp_id = isp_id,
                     .names = fx_list(a, name),
                     .services = fx_services,
                     .n_services = 1,
                     .languages = fx_languages,
                     .n_languages = 1,
                     .domains = d,
                     .n_domains = 1,
                     .access = ac,
                     .n_access = 1,
                     .principal = fx_principal(a, "李四", mobile),
                     .home_url = NULL};
}

/* An attachment: purpose 1 is the verification form (核验单). The owner is
** an ID (new filing: ours; else a bureau ID or our site ID) or a number. */
static inline RegAttachment fx_attachment(int64_t purpose, int64_t owner_type, int64_t owner_id,
                                          const char *owner_number) {
    return (RegAttachment){.format = 1,
                           .purpose = purpose,
                           .content = {fx_jpg, sizeof fx_jpg},
                           .owner_type = owner_type,
                           .owner_id = owner_id,
                           .owner_number = owner_number};
}

/* A copy of n attachments in the arena. */
static inline const RegAttachment *fx_attachments(Arena *a, const RegAttachment *f, size_t n) {
    RegAttachment *v = ARENA_NEW(a, RegAttachment, n + 1);
    if (n) memcpy(v, f, n * sizeof *v);
    return v;
}

/* XZBA: one new filing of subject s with its sites; with_form adds the
** verification form of the subject. */
static inline UploadData fx_xzba(Arena *a, RegSubject s, const RegSite *sites, size_t n,
                                 bool with_form) {
    UploadNewFiling *x = ARENA_NEW(a, UploadNewFiling, 1);
    RegAttachment f[2] = {fx_attachment(2, 1, s.isp_id, NULL), fx_attachment(1, 1, s.isp_id, NULL)};
    RegSite *copy = ARENA_NEW(a, RegSite, n + 1);
    memcpy(copy, sites, n * sizeof *copy);
    *x = (UploadNewFiling){s, copy, n, fx_attachments(a, f, with_form ? 2 : 1), with_form ? 2 : 1};
    return (UploadData){.op = UPLOAD_XZBA, .requester = FX_ISP, .n = 1, .new_filings = x};
}

/* XZWZ: new site(s) for the subject numbered number, with the form of each
** site and the filing password's ICPmm (NULL: none). */
static inline UploadData fx_xzwz(Arena *a, const char *number, const RegSite *sites, size_t n,
                                 const char *icpmm) {
    UploadNewSite *x = ARENA_NEW(a, UploadNewSite, 1);
    RegAttachment *f = ARENA_NEW(a, RegAttachment, n + 1);
    for (size_t i = 0; i < n; i++)
        f[i] = fx_attachment(1, 2, sites[i].isp_id, NULL);
    RegSite *copy = ARENA_NEW(a, RegSite, n + 1);
    memcpy(copy, sites, n * sizeof *copy);
    *x = (UploadNewSite){.subject_number = number,
                         .sites = copy,
                         .n_sites = n,
                         .attachments = f,
                         .n_attachments = n,
                         .icpmm = icpmm};
    return (UploadData){.op = UPLOAD_XZWZ, .requester = FX_ISP, .n = 1, .new_sites = x};
}

/* ZXBA: cancel record_id of kind (0 subject, 1 site, 2 access). */
static inline UploadData fx_zxba(Arena *a, int64_t kind, int64_t record_id, const char *icpmm) {
    UploadCancel *x = ARENA_NEW(a, UploadCancel, 1);
    *x = (UploadCancel){.kind = kind, .record_id = record_id, .reason = 1, .icpmm = icpmm};
    return (UploadData){.op = UPLOAD_ZXBA, .requester = FX_ISP, .n = 1, .cancels = x};
}

#endif
