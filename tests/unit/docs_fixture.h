/*
** Sample inputs for the printable forms, shared by tests/unit/test_docs_forms.c
** and bench/forms.c. Everything is allocated in the arena given.
*/
#ifndef BEIAN_TESTS_DOCS_FIXTURE_H
#define BEIAN_TESTS_DOCS_FIXTURE_H

#include <stdbool.h>
#include <stdio.h>

#include "core/arena.h"
#include "docs/forms.h"

#define FX_APP_NUMBER "A2026-000123"
#define FX_STAFF_URL  "https://beian.example-idc.cn/staff/applications/A2026-000123"
#define FX_PROVIDER   "华北示例云计算有限公司"

static const char *const FX_SERVICES_ORG[] = {"单位门户"};
static const char *const FX_SERVICES_PERSON[] = {"博客/个人空间"};
static const char *const FX_PREAPPROVAL[] = {"新闻：京新网审〔2026〕12号"};

static inline FormPerson fx_org_principal(void) {
    return (FormPerson){.name = "张建国",
                        .id_type = "居民身份证",
                        .id_number = "11010519491231002X",
                        .mobile = "13800138000",
                        .landline = "010-62345678",
                        .email = "zhangjg@example-tech.cn"};
}

static inline FormSubject fx_org_subject(void) {
    return (FormSubject){.nature = NATURE_ENTERPRISE,
                         .nature_name = "企业",
                         .name = "北京示例科技有限公司",
                         .cert_type = "营业执照（统一社会信用代码）",
                         .cert_number = "91110000802100433B",
                         .province = "北京市",
                         .city = "北京市",
                         .district = "海淀区",
                         .address = "中关村大街 1 号 8 层 801 室",
                         .investor = "北京示例控股集团有限公司",
                         .legal_rep = "张建国",
                         .principal = fx_org_principal()};
}

static inline FormSubject fx_person_subject(void) {
    return (FormSubject){.nature = NATURE_INDIVIDUAL,
                         .nature_name = "个人",
                         .name = "李小明",
                         .cert_type = "居民身份证",
                         .cert_number = "34052419800101001X",
                         .province = "安徽省",
                         .city = "马鞍山市",
                         .district = "当涂县",
                         .address = "姑孰镇青山路 18 号",
                         .investor = "李小明",
                         .principal = {.name = "李小明",
                                       .id_type = "居民身份证",
                                       .id_number = "34052419800101001X",
                                       .mobile = "13912345678",
                                       .email = "xiaoming@example.net"}};
}

/* n sites; site i has domain "example-tech<i>.cn" (the first: example-tech.cn),
** two server IPs and its own principal. */
static inline FormSite *fx_sites(Arena *a, size_t n, bool org) {
    FormSite *s = ARENA_NEW(a, FormSite, n ? n : 1);
    for (size_t i = 0; i < n; i++) {
        const char **dom = ARENA_NEW(a, const char *, 1);
        dom[0] = i ? arena_printf(a, "example-tech%zu.cn", i) : "example-tech.cn";
        const char **ips = ARENA_NEW(a, const char *, 2);
        ips[0] = arena_printf(a, "203.0.113.%zu", 10 + i);
        ips[1] = arena_printf(a, "198.51.100.%zu", 10 + i);
        s[i] = (FormSite){
            .name = i ? arena_printf(a, "示例科技第%zu号网站", i + 1)
                      : (org ? "北京示例科技官方网站" : "小明的技术随笔"),
            .domains = dom,
            .n_domains = 1,
            .home_url = arena_printf(a, "https://www.%s/", dom[0]),
            .services = org ? FX_SERVICES_ORG : FX_SERVICES_PERSON,
            .n_services = 1,
            .language = "中文简体",
            .principal = {.name = org ? "王晓燕" : "李小明",
                          .id_type = "居民身份证",
                          .id_number = org ? "110101199003074514" : "34052419800101001X",
                          .mobile = org ? "13700137000" : "13912345678",
                          .email = org ? "wangxy@example-tech.cn" : "xiaoming@example.net",
                          .emergency = org ? "13600136000" : "13512345678"},
            .access = {.provider = FX_PROVIDER, .method = "虚拟主机", .ips = ips, .n_ips = 2},
        };
    }
    return s;
}

static const FormMaterial FX_ORG_MATERIALS[] = {
    {"网站备案信息真实性核验单", 2, "负责人签字并加盖单位公章", NULL},
    {"信息安全协议", 2, "负责人签字并加盖单位公章", NULL},
    {"营业执照或组织机构代码证复印件", 2, "加盖单位公章", NULL},
    {"法定代表人身份证复印件", 2, "", NULL},
    {"网站负责人身份证复印件", 2, "", NULL},
    {"网站备案授权书", 1, "负责人签字并加盖单位公章", "主体负责人与网站负责人不同"},
    {"域名证书", 2, "加盖单位公章", NULL},
};

static const FormMaterial FX_PERSON_MATERIALS[] = {
    {"网站备案信息真实性核验单", 2, "本人签字并按手印", NULL},
    {"信息安全协议", 2, "本人签字并按手印", NULL},
    {"负责人身份证复印件", 2, "", NULL},
    {"域名证书", 2, "", NULL},
};

static inline FormVerification fx_verification(Arena *a, bool org, size_t n_sites) {
    FormVerification f = {
        .app_number = FX_APP_NUMBER,
        .staff_url = FX_STAFF_URL,
        .kind_name = "首次备案",
        .date = "2026-03-01",
        .provider_name = FX_PROVIDER,
        .subject = org ? fx_org_subject() : fx_person_subject(),
        .sites = fx_sites(a, n_sites, org),
        .n_sites = n_sites,
        .materials = org ? FX_ORG_MATERIALS : FX_PERSON_MATERIALS,
        .n_materials = org ? sizeof FX_ORG_MATERIALS / sizeof FX_ORG_MATERIALS[0]
                           : sizeof FX_PERSON_MATERIALS / sizeof FX_PERSON_MATERIALS[0],
    };
    return f;
}

static inline FormProvider fx_provider(void) {
    return (FormProvider){.name = FX_PROVIDER,
                          .address = "北京市朝阳区酒仙桥路 10 号",
                          .contact = "备案专员 赵敏",
                          .phone = "400-800-1234",
                          .email = "icp@example-idc.cn"};
}

#endif
