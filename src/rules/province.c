/*
** Province rules: the default rows (DESIGN.md §9, research/filing-practice.md
** §4) and the pure checks over a row. The seed is data an admin may edit
** later; docs/checklist.md lists where each value comes from.
*/
#include "rules/province.h"
#include "rules/validate.h"

#include <string.h>

/* Kinds that bring a site into Beian, and the organisation natures. */
#define ADDING                                                                                     \
    (KIND_BIT(KIND_FIRST_FILING) | KIND_BIT(KIND_NEW_SITE_EXTERNAL) | KIND_BIT(KIND_NEW_SITE) |    \
     KIND_BIT(KIND_NEW_ACCESS))
#define ORGS                                                                                       \
    (NATURE_BIT(NATURE_ENTERPRISE) | NATURE_BIT(NATURE_INSTITUTION) |                              \
     NATURE_BIT(NATURE_GOVERNMENT) | NATURE_BIT(NATURE_SOCIAL_ORG) | NATURE_BIT(NATURE_MILITARY))

/* The fields every row has; the commercial notice names the province. */
#define BASE(c, pfx, zh, en, days)                                                                 \
    .code = c, .prefix = pfx, .name_zh = zh, .name_en = en,                                        \
    .commercial_notice_zh = "经营性备案在接入商提交后，还须到" zh                                  \
                            "通信管理局窗口办理，具体要求以" zh "通信管理局的通知为准。",          \
    .commercial_notice_en =                                                                        \
        "After we submit it, a commercial filing must also be completed in "                       \
        "person at the window of the " en " Communications Administration; follow its notices.",   \
    .review_days_min = 1, .review_days_max = days

#define EXTRAS(arr) .extras = arr, .n_extras = sizeof arr / sizeof arr[0]

static const ProvinceExtra gd_extras[] = {
    {"filing_pledge", "互联网信息服务备案承诺书", "Internet information service filing pledge",
     "按广东省通信管理局模板填写，负责人签字（单位加盖公章）；金融类网站另附金融承诺书",
     "Use the Guangdong administration's template, signed by the principal (and stamped by an "
     "organisation); finance websites add the finance pledge",
     1, ADDING, 0},
};

static const ProvinceExtra xj_extras[] = {
    {"party_building_proof", "党建证明材料", "Party-building certificate", NULL, NULL, 1,
     KIND_BIT(KIND_FIRST_FILING) | KIND_BIT(KIND_NEW_SITE_EXTERNAL) | KIND_BIT(KIND_NEW_SITE),
     ORGS},
};

static const ProvinceExtra jx_extras[] = {
    {"staffing_approval", "编办批文", "Approval of the staffing office (编办)",
     "党政机关、事业单位提供", "For Party and government bodies and public institutions", 1, ADDING,
     NATURE_BIT(NATURE_GOVERNMENT) | NATURE_BIT(NATURE_INSTITUTION)},
};

static const ProvinceExtra nm_extras[] = {
    {"site_opening_form", "网站开办审核申请表", "Website opening approval form", "事业单位提供",
     "For public institutions", 1, ADDING, NATURE_BIT(NATURE_INSTITUTION)},
};

static const ProvinceRules seed[] = {
    {BASE(11, "京", "北京市", "Beijing", 20),
     .special_notice_zh = "北京市通信管理局：网站域名后缀须在其公布的可备案域名后缀范围内。",
     .special_notice_en = "Beijing: the domain's top-level domain must be on the list the "
                          "Beijing administration accepts."},
    {BASE(12, "津", "天津市", "Tianjin", 20), .auth_letter_required = true,
     .special_notice_zh = "天津市通信管理局：单位备案须提交网站负责人授权书（由本系统打印）。",
     .special_notice_en = "Tianjin: organisations hand in the website principal's authorisation "
                          "letter (printed by this system)."},
    {BASE(13, "冀", "河北省", "Hebei", 20), .min_age = 18,
     .special_notice_zh = "河北省通信管理局：单位的主体负责人须为法定代表人（外籍法定代表人须授权"
                          "大陆居民）；通信地址与证件地址须在同一城市；个人须年满18周岁。",
     .special_notice_en = "Hebei: an organisation's subject principal is its legal representative "
                          "(a foreign one authorises a mainland resident); the postal and "
                          "certificate addresses are in the same city; individuals are 18 or "
                          "older."},
    {BASE(14, "晋", "山西省", "Shanxi", 20), .local_id_only = true, .max_domains_per_app = 3,
     .special_notice_zh = "山西省通信管理局：单位的主体负责人须为法定代表人（外籍法定代表人须授权"
                          "大陆居民）；个人仅接受山西省居民身份证；每次申请最多3个域名。",
     .special_notice_en = "Shanxi: an organisation's subject principal is its legal representative "
                          "(a foreign one authorises a mainland resident); individuals need a "
                          "Shanxi ID card; at most 3 domains per application."},
    {BASE(15, "蒙", "内蒙古自治区", "Inner Mongolia", 20), .local_id_only = true, .min_age = 18,
     EXTRAS(nm_extras),
     .special_notice_zh = "内蒙古通信管理局：个人仅接受内蒙古居民身份证，且须年满18周岁；单位的"
                          "主体负责人须为法定代表人；事业单位须提交网站开办审核申请表。",
     .special_notice_en = "Inner Mongolia: individuals need an Inner Mongolia ID card and must be "
                          "18 or older; an organisation's subject principal is its legal "
                          "representative; public institutions hand in the website opening "
                          "approval form."},
    {BASE(21, "辽", "辽宁省", "Liaoning", 20)},
    {BASE(22, "吉", "吉林省", "Jilin", 20)},
    {BASE(23, "黑", "黑龙江省", "Heilongjiang", 20)},
    {BASE(31, "沪", "上海市", "Shanghai", 20), .auth_letter_required = true,
     .residence_permit_accepted = true, .residence_doc_zh = "上海市居住证",
     .residence_doc_en = "Shanghai residence permit",
     .special_notice_zh = "上海市通信管理局：单位备案须提交网站负责人授权书；单位的主体负责人须为"
                          "法定代表人；外省个人须提供上海市居住证（有效期1个月以上，不接受学生"
                          "证）；主体已有30个及以上网站时须提交网站建设方案书。",
     .special_notice_en = "Shanghai: organisations hand in the website principal's authorisation "
                          "letter; an organisation's subject principal is its legal "
                          "representative; individuals from other provinces need a Shanghai "
                          "residence permit valid for more than a month (student cards are not "
                          "accepted); a subject with 30 or more websites hands in a website "
                          "construction plan."},
    {BASE(32, "苏", "江苏省", "Jiangsu", 20)},
    {BASE(33, "浙", "浙江省", "Zhejiang", 30), .residence_permit_accepted = true,
     .residence_doc_zh = "浙江省居住证", .residence_doc_en = "Zhejiang residence permit",
     .special_notice_zh = "浙江省通信管理局：外省个人须提供浙江省居住证；单位的主体负责人须为法定"
                          "代表人；个体工商户须加盖公章；管局审核最长30个工作日。",
     .special_notice_en = "Zhejiang: individuals from other provinces need a Zhejiang residence "
                          "permit; an organisation's subject principal is its legal "
                          "representative; sole traders stamp their seal; the administration "
                          "takes up to 30 working days."},
    {BASE(34, "皖", "安徽省", "Anhui", 20), .auth_letter_required = true,
     .special_notice_zh = "安徽省通信管理局：单位备案须提交网站负责人授权书；主体负责人可由法定代"
                          "表人授权他人担任，此时主体负责人须与网站负责人为同一人。",
     .special_notice_en = "Anhui: organisations hand in the website principal's authorisation "
                          "letter; the legal representative may authorise another subject "
                          "principal, who must then also be the website principal."},
    {BASE(35, "闽", "福建省", "Fujian", 20), .auth_letter_required = true,
     .special_notice_zh = "福建省通信管理局：单位备案须提交网站负责人授权书。",
     .special_notice_en = "Fujian: organisations hand in the website principal's authorisation "
                          "letter."},
    {BASE(36, "赣", "江西省", "Jiangxi", 20), .auth_letter_required = true,
     .crowded_individual_sites = 7, .crowded_org_sites = 15, .crowded_max_domains = 1,
     EXTRAS(jx_extras),
     .special_notice_zh = "江西省通信管理局：单位备案须提交网站负责人授权书；党政机关和事业单位须"
                          "提交编办批文；个人已备案网站超过7个、单位超过15个时，每次申请只能报备"
                          "1个域名。",
     .special_notice_en = "Jiangxi: organisations hand in the website principal's authorisation "
                          "letter; Party and government bodies and public institutions hand in "
                          "the staffing office's approval; an individual with more than 7 filed "
                          "websites, or an organisation with more than 15, may add 1 domain per "
                          "application."},
    {BASE(37, "鲁", "山东省", "Shandong", 20), .residence_permit_accepted = true,
     .residence_doc_zh = "山东省居住证或在鲁院校学生证",
     .residence_doc_en = "Shandong residence permit or Shandong student card", .min_age = 17,
     .special_notice_zh = "山东省通信管理局：外省个人须提供山东省居住证或在鲁院校学生证；不接受未"
                          "满17周岁的个人备案。",
     .special_notice_en = "Shandong: individuals from other provinces need a Shandong residence "
                          "permit or a Shandong student card; individuals under 17 cannot file."},
    {BASE(41, "豫", "河南省", "Henan", 20), .max_domains_per_app = 5,
     .special_notice_zh = "河南省通信管理局：每次申请最多5个域名；单位的主体负责人须为法定代表人；"
                          "通信地址与证件地址须在同一城市。",
     .special_notice_en = "Henan: at most 5 domains per application; an organisation's subject "
                          "principal is its legal representative; the postal and certificate "
                          "addresses are in the same city."},
    {BASE(42, "鄂", "湖北省", "Hubei", 20), .auth_letter_required = true, .max_sites_per_app = 1,
     .special_notice_zh = "湖北省通信管理局：单位备案须提交网站负责人授权书；每次申请只能报备1个"
                          "网站。",
     .special_notice_en = "Hubei: organisations hand in the website principal's authorisation "
                          "letter; one website per application."},
    {BASE(43, "湘", "湖南省", "Hunan", 20), .auth_letter_required = true, .min_age = 18,
     .max_sites_per_app = 1,
     .special_notice_zh = "湖南省通信管理局：单位备案须提交网站负责人授权书；每次申请只能报备1个"
                          "网站；个人须年满18周岁；单位的主体负责人须为法定代表人。",
     .special_notice_en = "Hunan: organisations hand in the website principal's authorisation "
                          "letter; one website per application; individuals are 18 or older; an "
                          "organisation's subject principal is its legal representative."},
    {BASE(44, "粤", "广东省", "Guangdong", 20), EXTRAS(gd_extras),
     .special_notice_zh = "广东省通信管理局：须提交互联网信息服务备案承诺书；金融类网站另须承诺"
                          "“在未取金融监管部门批准和省通管局同意之前，不利用互联网从事金融服"
                          "务”。",
     .special_notice_en = "Guangdong: hand in the internet information service filing pledge; "
                          "finance websites also pledge not to provide financial services over "
                          "the internet before the regulators approve."},
    {BASE(45, "桂", "广西壮族自治区", "Guangxi", 20), .no_cross_province = true,
     .special_notice_zh = "广西通信管理局：不接受外省个人跨省备案；单位的主体负责人须为法定代表"
                          "人。",
     .special_notice_en = "Guangxi: individuals from other provinces cannot file here; an "
                          "organisation's subject principal is its legal representative."},
    {BASE(46, "琼", "海南省", "Hainan", 20), .individual_first_max_domains = 1,
     .special_notice_zh = "海南省通信管理局：营业执照须加盖“海南省市场监督管理局商事登记专用章”；"
                          "个人首次备案只能报备1个域名。",
     .special_notice_en = "Hainan: the business licence carries the Hainan market regulator's "
                          "commercial registration seal; an individual's first filing has 1 "
                          "domain."},
    {BASE(50, "渝", "重庆市", "Chongqing", 20), .auth_letter_required = true,
     .special_notice_zh = "重庆市通信管理局：单位备案须提交网站负责人授权书。",
     .special_notice_en = "Chongqing: organisations hand in the website principal's "
                          "authorisation letter."},
    {BASE(51, "川", "四川省", "Sichuan", 20), .alt_prefix = "蜀", .auth_letter_required = true,
     .special_notice_zh = "四川省通信管理局：单位备案须提交网站负责人授权书；不支持将主体变更为另"
                          "一单位（更名须提供更名函）。",
     .special_notice_en = "Sichuan: organisations hand in the website principal's authorisation "
                          "letter; a subject cannot be changed into another one (a renaming "
                          "needs the renaming letter)."},
    {BASE(52, "黔", "贵州省", "Guizhou", 20), .alt_prefix = "贵", .auth_letter_required = true,
     .special_notice_zh = "贵州省通信管理局：单位备案须提交网站负责人授权书；单位的主体负责人须为"
                          "法定代表人；通信地址与证件地址须在同一城市。",
     .special_notice_en = "Guizhou: organisations hand in the website principal's authorisation "
                          "letter; an organisation's subject principal is its legal "
                          "representative; the postal and certificate addresses are in the same "
                          "city."},
    {BASE(53, "滇", "云南省", "Yunnan", 20)},
    {BASE(54, "藏", "西藏自治区", "Tibet", 20)},
    {BASE(61, "陕", "陕西省", "Shaanxi", 20),
     .special_notice_zh = "陕西省通信管理局：不支持将主体变更为另一单位或个人。",
     .special_notice_en = "Shaanxi: a subject cannot be changed into another organisation or "
                          "person."},
    {BASE(62, "甘", "甘肃省", "Gansu", 20), .alt_prefix = "陇",
     .special_notice_zh = "甘肃省通信管理局：核验照片的幕布上须有规定的标语。",
     .special_notice_en = "Gansu: the verification photo's backdrop carries the prescribed "
                          "slogan."},
    {BASE(63, "青", "青海省", "Qinghai", 20), .local_id_only = true,
     .special_notice_zh = "青海省通信管理局：个人仅接受青海省居民身份证；单位的主体负责人须为法定"
                          "代表人；变更备案须提供“五图”。",
     .special_notice_en = "Qinghai: individuals need a Qinghai ID card; an organisation's subject "
                          "principal is its legal representative; changes come with the "
                          "\"five images\"."},
    {BASE(64, "宁", "宁夏回族自治区", "Ningxia", 20), .no_cross_province = true,
     .special_notice_zh = "宁夏通信管理局：不接受外省个人跨省备案；单位的主体负责人须为法定代表"
                          "人；域名持有者须为单位本身。",
     .special_notice_en = "Ningxia: individuals from other provinces cannot file here; an "
                          "organisation's subject principal is its legal representative; the "
                          "domain holder is the organisation itself."},
    {BASE(65, "新", "新疆维吾尔自治区", "Xinjiang", 20), .local_id_only = true, EXTRAS(xj_extras),
     .special_notice_zh = "新疆通信管理局：个人仅接受新疆居民身份证；单位的主体负责人须为法定代表"
                          "人；单位首次备案和新增网站须提交党建证明材料；每个网站只能有1个域名。",
     .special_notice_en = "Xinjiang: individuals need a Xinjiang ID card; an organisation's "
                          "subject principal is its legal representative; organisations hand in "
                          "a Party-building certificate with a first filing or a new website; "
                          "one domain per website."},
};

const ProvinceRules *province_seed(size_t *n) {
    if (n) *n = sizeof seed / sizeof seed[0];
    return seed;
}

const ProvinceRules *province_find(const ProvinceRules *rows, size_t n, int code) {
    for (size_t i = 0; rows && i < n; i++)
        if (rows[i].code == code) return &rows[i];
    return NULL;
}

const ProvinceRules *province_find_prefix(const ProvinceRules *rows, size_t n, const char *prefix) {
    if (!prefix || !*prefix) return NULL;
    for (size_t i = 0; rows && i < n; i++) {
        if (rows[i].prefix && strcmp(rows[i].prefix, prefix) == 0) return &rows[i];
        if (rows[i].alt_prefix && strcmp(rows[i].alt_prefix, prefix) == 0) return &rows[i];
    }
    return NULL;
}

static bool digits(const char *s, int n) {
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

static int number(const char *s, int n) {
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

int province_of_id(const char *id) {
    if (!id || strlen(id) != 18 || !digits(id, 2)) return 0;
    return number(id, 2);
}

/* Dates are the validators' (rules/validate.h): one calendar for all rules. */
int province_id_birth_date(const char *id) {
    if (!id || strlen(id) != 18 || !digits(id + 6, 8)) return 0;
    int ymd = number(id + 6, 8);
    return rules_date_valid(ymd) ? ymd : 0;
}

int province_age(int birth, int today) {
    return rules_age(birth, today);
}

int province_check_application(const ProvinceRules *p, const ProvinceAppCounts *c, int *limit) {
    int lim = 0, rc = 0;
    if (!p) return -ERR_PROVINCE_UNKNOWN;
    bool individual = c->nature == NATURE_INDIVIDUAL;
    int crowd = individual ? p->crowded_individual_sites : p->crowded_org_sites;
    if (p->max_sites_per_app && c->n_sites > p->max_sites_per_app) {
        lim = p->max_sites_per_app, rc = -ERR_PROVINCE_TOO_MANY_SITES;
    } else if (p->max_domains_per_app && c->n_domains > p->max_domains_per_app) {
        lim = p->max_domains_per_app, rc = -ERR_PROVINCE_TOO_MANY_DOMAINS;
    } else if (individual && c->kind == KIND_FIRST_FILING && p->individual_first_max_domains &&
               c->n_domains > p->individual_first_max_domains) {
        lim = p->individual_first_max_domains, rc = -ERR_PROVINCE_FIRST_DOMAINS;
    } else if (crowd && p->crowded_max_domains && c->filed_sites > crowd &&
               c->n_domains > p->crowded_max_domains) {
        lim = p->crowded_max_domains, rc = -ERR_PROVINCE_CROWDED_DOMAINS;
    }
    if (rc && limit) *limit = lim;
    return rc;
}

bool province_individual_nonlocal(const ProvinceRules *p, const ProvinceIndividual *f) {
    if (f->cert_type != CERT_ID_CARD) return true;
    return province_of_id(f->id_number) != p->code;
}

int province_check_individual(const ProvinceRules *p, const ProvinceIndividual *f) {
    if (!p) return -ERR_PROVINCE_UNKNOWN;
    int birth = f->birth_date;
    if (f->cert_type == CERT_ID_CARD) {
        birth = province_id_birth_date(f->id_number);
        if (!birth || !province_of_id(f->id_number)) return -ERR_PROVINCE_ID_INVALID;
    }
    if (p->min_age && birth && province_age(birth, f->today) < p->min_age)
        return -ERR_PROVINCE_MIN_AGE;
    if (!province_individual_nonlocal(p, f)) return 0;
    if (p->local_id_only) return -ERR_PROVINCE_LOCAL_ID_ONLY;
    if (p->no_cross_province) return -ERR_PROVINCE_NO_CROSS;
    if (p->residence_permit_accepted && !f->has_residence_permit)
        return -ERR_PROVINCE_PERMIT_REQUIRED;
    return 0;
}
