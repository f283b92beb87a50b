/*
** Sample ICP data for the upload and download tests: a subject with every
** optional field, a site with two domains, two accesses, IP ranges,
** pre-approvals with scans, and attachments.
*/
#ifndef BEIAN_TEST_REGULATOR_SAMPLES_H
#define BEIAN_TEST_REGULATOR_SAMPLES_H

#include "regulator/icpdata.h"

static const char *const sample_office[] = {"0571-88888888", "010-66666666"};
static const char *const sample_mobile[] = {"13800138000"};
static const char *const sample_email[] = {"zhang@example.com", "li@example.cn"};
static const char *const sample_site_names[] = {"示例科技官方网站"};
static const uint8_t sample_jpg[] = {0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10,
                                     'J',  'F',  'I',  'F',  0xff, 0xd9};
static const RegBlob sample_scans[] = {{sample_jpg, sizeof sample_jpg}, {sample_jpg, 4}};
static const int64_t sample_services[] = {1, 5};
static const int64_t sample_languages[] = {1, 2};
static const int64_t sample_locations[] = {1};
static const int64_t sample_methods[] = {2, 3};

static inline RegPrincipal sample_principal(void) {
    return (RegPrincipal){
        .name = "张三",
        .office_phones = {sample_office, 2},
        .mobiles = {sample_mobile, 1},
        .emails = {sample_email, 2},
        .msn = "zhang@msn.com",
        .qq = "12345678",
        .cert_type = 2,
        .cert_number = "110101199003077777",
    };
}

static inline RegSubject sample_subject(void) {
    return (RegSubject){
        .isp_id = 1001,
        .bureau_id = 88001,
        .number = "浙ICP备14001515号",
        .name = "杭州示例科技有限公司 & <Co>",
        .nature = 5,
        .investor = "李四",
        .address = {330000, 330100, 330108, "杭州市滨江区网商路 699 号"},
        .cert = {1, "91330108MA27XXXX1X", "杭州市滨江区网商路 699 号"},
        .principal = sample_principal(),
        .by_provider = 1,
        .remark = "备注：首次备案",
        .first_filed = "2014-03-01 10:00:00",
        .modified = "2024-01-02",
        .reviewer = "王五",
        .reviewed_at = "2014-03-05",
    };
}

/* Site k of 2: its IDs differ so that mix-ups show. */
static inline RegSite sample_site(Arena *a, int k) {
    RegDomain *d = ARENA_NEW(a, RegDomain, 2);
    d[0] = (RegDomain){2001 + k * 10, 77001 + k * 10, "example.com"};
    d[1] = (RegDomain){2002 + k * 10, 77002 + k * 10, "示例.中国"};
    RegIpRange *ip = ARENA_NEW(a, RegIpRange, 2);
    ip[0] = (RegIpRange){4001 + k * 10, 66001 + k * 10, 16909060u, 16909070u}; /* 1.2.3.4-14 */
    ip[1] = (RegIpRange){4002 + k * 10, 66002 + k * 10, 3232235777u, 4294967295u};
    RegAccess *ac = ARENA_NEW(a, RegAccess, 2);
    ac[0] = (RegAccess){
        3001 + k * 10, 55001 + k * 10, 9001, sample_locations, 1, sample_methods, 2, ip, 2};
    ac[1] = (RegAccess){
        3002 + k * 10, 55002 + k * 10, 9001, sample_locations, 1, sample_methods, 1, ip + 1, 1};
    RegPreapproval *p = ARENA_NEW(a, RegPreapproval, 1);
    p[0] = (RegPreapproval){3, "京新出网证(京)字 001 号", sample_scans, 2};
    return (RegSite){
        .isp_id = 1501 + k,
        .bureau_id = 99001 + k,
        .number = k ? "浙ICP备14001515号-2" : "浙ICP备14001515号-1",
        .names = {sample_site_names, 1},
        .preapprovals = p,
        .n_preapprovals = 1,
        .services = sample_services,
        .n_services = 2,
        .languages = sample_languages,
        .n_languages = 2,
        .domains = d,
        .n_domains = 2,
        .access = ac,
        .n_access = 2,
        .principal = sample_principal(),
        .home_url = "http://www.example.com/index.html",
        .remark = "网站备注",
        .first_filed = "2014-03-05",
        .modified = "2024-01-02 08:00:00",
    };
}

static inline RegAttachment *sample_attachments(Arena *a, bool by_number) {
    RegAttachment *f = ARENA_NEW(a, RegAttachment, 2);
    f[0] = (RegAttachment){1, 1, {sample_jpg, sizeof sample_jpg}, 1, 1001, NULL, "核验单"};
    f[1] = (RegAttachment){
        2, 4, {sample_jpg, 6}, 2, 1501, by_number ? "浙ICP备14001515号-1" : NULL, NULL};
    return f;
}

#endif
