/*
** Realistic filing data. Names follow the frequencies of Chinese surnames;
** organisations are named as companies, institutions, government bodies and
** associations are; certificate numbers carry their check characters (GB
** 11643, GB 11714, GB 32100); addresses and telephone area codes come from
** the region table; domains are pinyin words with the usual endings.
*/
#include "app/gen_data.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/util.h"
#include "rules/province.h"
#include "rules/region.h"

/* ------------------------------------------------------------- random */

GenRng gen_rng(uint64_t seed, uint64_t stream) {
    GenRng r = {seed ^ (stream * 0x9E3779B97F4A7C15u) ^ 0xD1B54A32D192ED03u};
    gen_u64(&r);
    return r;
}

uint64_t gen_u64(GenRng *r) {
    uint64_t z = (r->s += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

uint32_t gen_below(GenRng *r, uint32_t n) {
    return n ? (uint32_t)(((gen_u64(r) >> 32) * (uint64_t)n) >> 32) : 0;
}

bool gen_chance(GenRng *r, double p) {
    return (double)(gen_u64(r) >> 11) * 0x1.0p-53 < p;
}

int gen_weighted(GenRng *r, const unsigned *weights, int n) {
    unsigned total = 0;
    for (int i = 0; i < n; i++)
        total += weights[i];
    unsigned x = gen_below(r, total);
    for (int i = 0; i < n; i++) {
        if (x < weights[i]) return i;
        x -= weights[i];
    }
    return n - 1;
}

#define COUNT(a)     ((int)(sizeof(a) / sizeof((a)[0])))
#define PICK(r, arr) ((arr)[gen_below((r), (uint32_t)COUNT(arr))])

/* ---------------------------------------------------- provinces, regions */

/* Provinces by their share of filings (the coast and the big cities first). */
static const struct {
    int code;
    unsigned weight;
} provinces[] = {
    {44, 300}, {33, 170}, {32, 160}, {11, 150}, {31, 140}, {37, 110}, {35, 90}, {51, 90},
    {41, 80},  {42, 75},  {43, 60},  {34, 60},  {13, 55},  {50, 45},  {61, 40}, {36, 35},
    {45, 35},  {21, 35},  {12, 30},  {53, 25},  {14, 20},  {52, 20},  {23, 18}, {22, 15},
    {15, 15},  {46, 15},  {62, 12},  {65, 12},  {64, 6},   {63, 5},   {54, 3},
};

typedef struct City {
    const Region *city;
    const Region **districts;
    size_t ndistricts;
} City;

static struct {
    int code;
    const Region *province;
    const char *prefix;
    City *cities;
    size_t ncities;
} regions[COUNT(provinces)];
static Arena region_arena;
static pthread_once_t regions_once = PTHREAD_ONCE_INIT;

static void regions_build(void) {
    arena_init(&region_arena);
    size_t nseed;
    const ProvinceRules *seed = province_seed(&nseed);
    for (int i = 0; i < COUNT(provinces); i++) {
        char code[7];
        snprintf(code, sizeof code, "%02d0000", provinces[i].code);
        regions[i].code = provinces[i].code;
        regions[i].province = region_find(code);
        const ProvinceRules *p = province_find(seed, nseed, provinces[i].code);
        regions[i].prefix = p ? p->prefix : "京";
        size_t n;
        const Region **cities = region_children(&region_arena, code, &n);
        regions[i].cities = ARENA_NEW(&region_arena, City, n + 1);
        for (size_t c = 0; c < n; c++) {
            /* Counties under the province itself read badly in an address. */
            if (!strcmp(cities[c]->code + 2, "9000")) continue;
            City *city = &regions[i].cities[regions[i].ncities++];
            city->city = cities[c];
            city->districts = region_children(&region_arena, cities[c]->code, &city->ndistricts);
        }
    }
}

static int province_index(int code) {
    pthread_once(&regions_once, regions_build);
    for (int i = 0; i < COUNT(provinces); i++)
        if (regions[i].code == code) return i;
    return 0;
}

int gen_province(GenRng *r) {
    unsigned w[COUNT(provinces)];
    for (int i = 0; i < COUNT(provinces); i++)
        w[i] = provinces[i].weight;
    return provinces[gen_weighted(r, w, COUNT(provinces))].code;
}

const char *gen_prefix(int province) {
    return regions[province_index(province)].prefix;
}

SubjectNature gen_nature(GenRng *r) {
    static const unsigned w[] = {[NATURE_ENTERPRISE] = 560,
                                 [NATURE_INSTITUTION] = 30,
                                 [NATURE_GOVERNMENT] = 15,
                                 [NATURE_SOCIAL_ORG] = 25,
                                 [NATURE_INDIVIDUAL] = 370};
    return (SubjectNature)gen_weighted(r, w, COUNT(w));
}

/* A name without its last character (市, 省) for "杭州" in "杭州云帆..." */
static void short_name(const char *name, char *out, size_t cap) {
    snprintf(out, cap, "%s", name);
    size_t n = strlen(out);
    static const char *const tails[] = {"市", "省", "自治区", "特别行政区", "地区", "自治州", "盟"};
    for (int i = 0; i < COUNT(tails); i++) {
        size_t t = strlen(tails[i]);
        if (n > t + 3 && !strcmp(out + n - t, tails[i])) {
            out[n - t] = 0;
            return;
        }
    }
}

/* ------------------------------------------------------------- people */

static const char *const surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",   "徐",   "孙",   "马", "朱", "胡",
    "郭", "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐",   "许",   "韩",   "冯", "邓", "曹",
    "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡",   "余",   "杜",   "叶", "程", "苏",
    "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟",   "谭",   "陆",   "汪", "范", "金",
    "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟",   "熊",   "秦",   "邱", "江", "尹",
    "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺",   "顾",   "毛",   "郝", "龚", "邵",
    "万", "钱", "严", "覃", "武", "戴", "莫", "孔", "向", "欧阳", "司马", "上官",
};

static const char *const given[] = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
    "明", "超", "霞", "平", "刚", "辉", "玲", "华", "飞", "鹏", "宇", "浩", "凯", "晨", "欣",
    "婷", "雪", "琳", "倩", "颖", "佳", "怡", "文", "博", "俊", "峰", "建", "国", "志", "海",
    "波", "斌", "亮", "红", "梅", "兰", "英", "燕", "萍", "丹", "晶", "璐", "瑶", "思", "子",
    "雨", "昊", "轩", "涵", "睿", "泽", "铭", "嘉", "梓", "诗", "若", "一", "可", "心", "安",
};

static void person_name(GenRng *r, char *out, size_t cap) {
    /* The first surnames are the most common: draw from a shrinking range. */
    int s = (int)gen_below(r, (uint32_t)gen_below(r, COUNT(surnames)) + 1);
    if (gen_chance(r, 0.55))
        snprintf(out, cap, "%s%s%s", surnames[s], PICK(r, given), PICK(r, given));
    else
        snprintf(out, cap, "%s%s", surnames[s], PICK(r, given));
}

/* GB 11643: the check character of the first 17 digits. */
static char id_check(const char *d17) {
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (d17[i] - '0') * w[i];
    return "10X98765432"[sum % 11];
}

static void id_number(GenRng *r, const char *region, int year, char out[20]) {
    unsigned month = 1 + gen_below(r, 12), day = 1 + gen_below(r, 28), seq = gen_below(r, 1000);
    char d[64];
    snprintf(d, sizeof d, "%.6s%04u%02u%02u%03u", region, (unsigned)year % 10000, month, day, seq);
    memcpy(out, d, 17);
    out[17] = id_check(out);
    out[18] = 0;
}

static void mobile(GenRng *r, char out[12]) {
    static const char *const heads[] = {"130", "131", "132", "133", "135", "136", "137",
                                        "138", "139", "150", "151", "152", "155", "156",
                                        "157", "158", "159", "166", "177", "180", "181",
                                        "186", "187", "188", "189", "191", "198", "199"};
    snprintf(out, 12, "%s%08u", PICK(r, heads), gen_below(r, 100000000));
}

static const char *const mail_hosts[] = {"qq.com",  "163.com",     "126.com",  "sina.com",
                                         "139.com", "foxmail.com", "yeah.net", "aliyun.com"};

/* A person living in a region (its ID card says where it was issued). */
static void person_in(GenRng *r, const char *region, GenPerson *out) {
    person_name(r, out->name, sizeof out->name);
    int year = 1962 + (int)gen_below(r, 42);
    id_number(r, region, year, out->id_number);
    if (year < 1978)
        snprintf(out->id_expiry, sizeof out->id_expiry, "长期");
    else
        snprintf(out->id_expiry, sizeof out->id_expiry, "%04u-%02u-%02u", 2027 + gen_below(r, 18),
                 1 + gen_below(r, 12), 1 + gen_below(r, 28));
    mobile(r, out->mobile);
    do
        mobile(r, out->emergency);
    while (!strcmp(out->emergency, out->mobile));
    snprintf(out->email, sizeof out->email, "%u%s@%s", 10000 + gen_below(r, 900000000),
             gen_chance(r, 0.3) ? "a" : "", PICK(r, mail_hosts));
}

void gen_person(GenRng *r, int province, GenPerson *out) {
    char region[7];
    snprintf(region, sizeof region, "%02d0100", province);
    person_in(r, region, out);
}

/* ------------------------------------------------------ organisations */

/* Brand words: the Chinese of a name and the pinyin of its domain. */
static const struct {
    const char *zh, *py;
} brands[] = {
    {"星辰", "xingchen"},  {"云帆", "yunfan"},     {"华宇", "huayu"},    {"天行", "tianxing"},
    {"蓝海", "lanhai"},    {"鼎盛", "dingsheng"},  {"智联", "zhilian"},  {"博远", "boyuan"},
    {"创新", "chuangxin"}, {"金桥", "jinqiao"},    {"恒信", "hengxin"},  {"聚力", "juli"},
    {"东方", "dongfang"},  {"新锐", "xinrui"},     {"领航", "linghang"}, {"优品", "youpin"},
    {"嘉禾", "jiahe"},     {"瑞丰", "ruifeng"},    {"鸿图", "hongtu"},   {"泰和", "taihe"},
    {"安达", "anda"},      {"启明", "qiming"},     {"远景", "yuanjing"}, {"宏达", "hongda"},
    {"海纳", "haina"},     {"卓越", "zhuoyue"},    {"锦程", "jincheng"}, {"光华", "guanghua"},
    {"未来", "weilai"},    {"睿智", "ruizhi"},     {"蓝天", "lantian"},  {"青松", "qingsong"},
    {"腾飞", "tengfei"},   {"易通", "yitong"},     {"信达", "xinda"},    {"万象", "wanxiang"},
    {"精诚", "jingcheng"}, {"盛世", "shengshi"},   {"汇通", "huitong"},  {"鑫源", "xinyuan"},
    {"金石", "jinshi"},    {"同创", "tongchuang"}, {"百川", "baichuan"}, {"明德", "mingde"},
    {"方圆", "fangyuan"},  {"飞扬", "feiyang"},    {"凯旋", "kaixuan"},  {"朗月", "langyue"},
    {"晨光", "chenguang"}, {"云端", "yunduan"},    {"数智", "shuzhi"},   {"极客", "jike"},
    {"墨香", "moxiang"},   {"茶语", "chayu"},      {"花田", "huatian"},  {"山海", "shanhai"},
    {"小满", "xiaoman"},   {"知行", "zhixing"},    {"匠心", "jiangxin"}, {"悦享", "yuexiang"},
    {"乐活", "lehuo"},     {"微光", "weiguang"},   {"青禾", "qinghe"},   {"拓新", "tuoxin"},
};

static const struct {
    const char *zh, *site, *py;
} industries[] = {
    {"网络科技", "网络", "tech"},
    {"信息技术", "信息", "it"},
    {"电子商务", "电商", "shop"},
    {"软件开发", "软件", "soft"},
    {"贸易", "贸易", "trade"},
    {"餐饮管理", "餐饮", "food"},
    {"建筑工程", "建筑", "build"},
    {"物流", "物流", "express"},
    {"广告", "广告", "ad"},
    {"旅游发展", "旅游", "travel"},
    {"农业科技", "农业", "agri"},
    {"环保科技", "环保", "eco"},
    {"智能科技", "智能", "ai"},
    {"机械设备", "机械", "machine"},
    {"家居用品", "家居", "home"},
    {"服装", "服饰", "fashion"},
    {"企业管理咨询", "咨询", "consult"},
    {"新材料", "材料", "material"},
};

static const char *const institutions[] = {
    "数据资源管理中心", "档案馆",           "博物馆",       "科技馆",
    "规划设计研究院",   "农业技术推广中心", "气象服务中心", "水利水电勘测设计院"};
static const char *const departments[] = {"自然资源和规划局",     "市场监督管理局", "商务局",
                                          "人力资源和社会保障局", "生态环境局",     "交通运输局",
                                          "住房和城乡建设局",     "统计局"};
static const char *const associations[] = {"软件行业协会",   "电子商务协会", "物流行业协会",
                                           "青年企业家协会", "摄影家协会",   "建筑业协会"};

/* GB 11714: the check character of an organisation code (8 digits here). */
static char org_check(const char *c8) {
    static const int w[8] = {3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 8; i++)
        sum += (c8[i] - '0') * w[i];
    int c = 11 - sum % 11;
    return c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
}

/* GB 32100: a unified social credit code of the category (91 enterprise,
** 12 institution, 11 government, 51 association) in a region. */
static void uscc(GenRng *r, const char *category, const char *region, char out[24]) {
    static const char set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    static const int w[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    char org[10];
    snprintf(org, sizeof org, "%08u", gen_below(r, 100000000));
    org[8] = org_check(org);
    org[9] = 0;
    snprintf(out, 24, "%s%.6s%s", category, region, org);
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (int)(strchr(set, out[i]) - set) * w[i];
    out[17] = set[(31 - sum % 31) % 31];
    out[18] = 0;
}

static void landline(GenRng *r, const char *region, char *out, size_t cap) {
    const char *codes = region_area_codes(region);
    char area[8] = "010";
    if (codes && *codes) snprintf(area, sizeof area, "%.*s", (int)strcspn(codes, ","), codes);
    unsigned digits = strlen(area) == 3 ? 8 : 7 + gen_below(r, 2);
    unsigned first = 2 + gen_below(r, 7), rest = digits == 8 ? 10000000 : 1000000;
    snprintf(out, cap, "%s-%u%0*u", area, first, (int)digits - 1, gen_below(r, rest));
}

static const char *const roads[] = {"人民", "建设", "解放", "中山", "和平", "新华", "文化",
                                    "长江", "黄河", "科技", "学府", "滨江", "东风", "青年"};
static const char *const road_kinds[] = {"路", "大道", "街", "东路", "西路", "南路", "北路"};

/* ------------------------------------------------------------ subjects */

void gen_subject(uint64_t seed, int64_t index, SubjectNature nature, int province,
                 GenSubject *out) {
    GenRng r = gen_rng(seed, (uint64_t)index * 2 + 1);
    memset(out, 0, sizeof *out);
    out->nature = nature;
    out->province = province;
    int pi = province_index(province);
    const City *city = &regions[pi].cities[gen_below(&r, (uint32_t)regions[pi].ncities)];
    const Region *district =
        city->ndistricts ? city->districts[gen_below(&r, (uint32_t)city->ndistricts)] : NULL;
    snprintf(out->province_code, sizeof out->province_code, "%02d0000", province);
    snprintf(out->city, sizeof out->city, "%s", city->city->code);
    snprintf(out->district, sizeof out->district, "%s", district ? district->code : "");
    const char *place = district ? district->code : city->city->code;
    /* The name places use: the city's, or a municipality's own. */
    bool municipality = !strcmp(city->city->name, "市辖区") || !strcmp(city->city->name, "县");
    const char *city_name = municipality ? regions[pi].province->name : city->city->name;
    char town[64];
    short_name(city_name, town, sizeof town);
    snprintf(out->address, sizeof out->address, "%s%s%s%s%s%u号", regions[pi].province->name,
             municipality ? "" : city->city->name, district ? district->name : "", PICK(&r, roads),
             PICK(&r, road_kinds), 1 + gen_below(&r, 899));
    if (nature == NATURE_ENTERPRISE && gen_chance(&r, 0.6))
        snprintf(out->address + strlen(out->address), sizeof out->address - strlen(out->address),
                 "%u幢%u室", 1 + gen_below(&r, 12), 101 + gen_below(&r, 2000));
    person_in(&r, place, &out->principal);
    person_in(&r, place, &out->legal);
    out->legal_same = nature != NATURE_INDIVIDUAL && gen_chance(&r, 0.7);
    landline(&r, place, out->landline, sizeof out->landline);
    const char *brand = brands[gen_below(&r, COUNT(brands))].zh;
    switch (nature) {
    case NATURE_INDIVIDUAL:
        snprintf(out->name, sizeof out->name, "%s", out->principal.name);
        snprintf(out->cert_number, sizeof out->cert_number, "%s", out->principal.id_number);
        break;
    case NATURE_INSTITUTION:
        snprintf(out->name, sizeof out->name, "%s%s", city_name, PICK(&r, institutions));
        uscc(&r, "12", place, out->cert_number);
        snprintf(out->investor, sizeof out->investor, "%s人民政府", city_name);
        break;
    case NATURE_GOVERNMENT:
        snprintf(out->name, sizeof out->name, "%s%s", city_name, PICK(&r, departments));
        uscc(&r, "11", place, out->cert_number);
        snprintf(out->investor, sizeof out->investor, "%s人民政府", city_name);
        break;
    case NATURE_SOCIAL_ORG:
        snprintf(out->name, sizeof out->name, "%s%s", city_name, PICK(&r, associations));
        uscc(&r, "51", place, out->cert_number);
        snprintf(out->investor, sizeof out->investor, "%s", out->legal.name);
        break;
    default:
        snprintf(out->name, sizeof out->name, "%s%s%s%s", town, brand,
                 industries[gen_below(&r, COUNT(industries))].zh,
                 gen_chance(&r, 0.08) ? "股份有限公司" : "有限公司");
        uscc(&r, "91", place, out->cert_number);
        snprintf(out->investor, sizeof out->investor, "%s",
                 out->legal_same ? out->principal.name : out->legal.name);
    }
    /* Logins are unique by their index. */
    snprintf(out->login, sizeof out->login, "%s%lld", brands[gen_below(&r, COUNT(brands))].py,
             (long long)index);
    snprintf(out->email, sizeof out->email, "%s@%s", out->login, PICK(&r, mail_hosts));
}

/* --------------------------------------------------------------- sites */

static const char *const tlds[] = {".com", ".cn",  ".com.cn", ".net", ".top",
                                   ".cc",  ".vip", ".site",   ".xyz", ".org.cn"};
static const char *const personal_sites[] = {"%s小站",     "%s随笔",     "%s摄影日记",
                                             "%s技术笔记", "%s旅行手记", "%s生活记录"};
static const char *const personal_topics[] = {"摄影", "旅行", "编程", "跑步", "烹饪", "园艺"};

/* An affine map of [0, M) onto itself: sites that follow each other get
** domains that do not. M = 64 * 64 * 10; the factor is prime to M. Each
** seq gives its own domain: <brand><brand>[round]<tld> for organisations,
** <brand>blog|home[number]<tld> for individuals. */
static void domain_of(int64_t seq, bool personal, char *out, size_t cap) {
    const int64_t m = COUNT(brands) * COUNT(brands) * COUNT(tlds);
    int64_t x = (seq % m * 7919 + 4271) % m, round = seq / m;
    int a = (int)(x % COUNT(brands)), b = (int)(x / COUNT(brands) % COUNT(brands));
    int t = (int)(x / (COUNT(brands) * COUNT(brands)));
    const char *second = brands[b].py;
    if (personal) {
        second = b % 2 ? "blog" : "home";
        round = b / 2 + round * (COUNT(brands) / 2);
    }
    if (round)
        snprintf(out, cap, "%s%s%lld%s", brands[a].py, second, (long long)round, tlds[t]);
    else
        snprintf(out, cap, "%s%s%s", brands[a].py, second, tlds[t]);
}

void gen_site(uint64_t seed, int64_t seq, const GenSubject *s, int j, GenSite *out) {
    GenRng r = gen_rng(seed, (uint64_t)seq * 2 + 2);
    memset(out, 0, sizeof *out);
    bool personal = s->nature == NATURE_INDIVIDUAL;
    domain_of(seq, personal, out->domain, sizeof out->domain);
    const char *brand = brands[gen_below(&r, COUNT(brands))].zh;
    if (personal) {
        if (j == 0 && gen_chance(&r, 0.4))
            snprintf(out->name, sizeof out->name, "%s的博客", s->name);
        else
            snprintf(out->name, sizeof out->name, PICK(&r, personal_sites), brand);
        snprintf(out->description, sizeof out->description,
                 "个人博客，记录%s心得与日常生活，仅展示个人作品，不涉及前置审批内容。",
                 PICK(&r, personal_topics));
        out->service = "blog";
    } else {
        const char *what = industries[gen_below(&r, COUNT(industries))].site;
        if (s->nature == NATURE_ENTERPRISE)
            snprintf(out->name, sizeof out->name, j ? "%s%s服务网" : "%s%s官网", brand, what);
        else
            snprintf(out->name, sizeof out->name, j ? "%s服务网" : "%s网站", s->name);
        snprintf(out->description, sizeof out->description,
                 "本网站介绍%s的主要业务、服务内容与联系方式，不涉及前置审批内容。", s->name);
        out->service = j ? "other" : "portal";
        out->commercial = s->nature == NATURE_ENTERPRISE && gen_chance(&r, 0.04);
        if (out->commercial)
            snprintf(out->licence, sizeof out->licence, "%sB2-20%02u%04u", gen_prefix(s->province),
                     10 + gen_below(&r, 15), gen_below(&r, 10000));
    }
    static const char *const methods[] = {"virtual_host", "virtual_host", "colocation",
                                          "leased_line", "other"};
    out->method = PICK(&r, methods);
    unsigned ips = 1 + (gen_chance(&r, 0.2) ? 1 : 0), net = gen_below(&r, 4);
    static const char *const nets[] = {"203.119", "47.96", "121.40", "139.224"};
    for (unsigned i = 0; i < ips; i++)
        snprintf(out->ips + strlen(out->ips), sizeof out->ips - strlen(out->ips), "%s%s.%u.%u",
                 i ? "\n" : "", nets[net], 1 + gen_below(&r, 250), 1 + gen_below(&r, 250));
    out->principal_same = personal || gen_chance(&r, 0.75);
    if (!out->principal_same) {
        char place[7];
        snprintf(place, sizeof place, "%s", s->district[0] ? s->district : s->city);
        person_in(&r, place, &out->principal);
    }
}

/* -------------------------------------------------------------- values */

static void set(Values *v, FieldId id, const char *s) {
    values_set(v, id, s);
}

static void subject_values(const GenSubject *s, Values *v) {
    bool org = s->nature != NATURE_INDIVIDUAL;
    set(v, F_SUBJECT_PROVINCE, s->province_code);
    set(v, F_SUBJECT_CITY, s->city);
    if (s->district[0]) set(v, F_SUBJECT_DISTRICT, s->district);
    set(v, F_SUBJECT_NATURE, nature_id(s->nature));
    set(v, F_SUBJECT_CERT_TYPE, org ? "uscc" : "id_card");
    set(v, F_SUBJECT_CERT_NUMBER, s->cert_number);
    set(v, F_SUBJECT_NAME, s->name);
    set(v, F_SUBJECT_ADDRESS, s->address);
    if (org) set(v, F_SUBJECT_INVESTOR, s->investor);
    set(v, F_PRINCIPAL_NAME, s->principal.name);
    set(v, F_PRINCIPAL_ID_TYPE, "id_card");
    set(v, F_PRINCIPAL_ID_NUMBER, s->principal.id_number);
    set(v, F_PRINCIPAL_ID_EXPIRY, s->principal.id_expiry);
    set(v, F_PRINCIPAL_MOBILE, s->principal.mobile);
    if (org) set(v, F_PRINCIPAL_LANDLINE, s->landline);
    set(v, F_PRINCIPAL_EMERGENCY, s->principal.emergency);
    set(v, F_PRINCIPAL_EMAIL, s->principal.email);
    if (!org) return;
    set(v, F_LEGAL_SAME, s->legal_same ? "1" : "");
    if (s->legal_same) return;
    set(v, F_LEGAL_NAME, s->legal.name);
    set(v, F_LEGAL_ID_TYPE, "id_card");
    set(v, F_LEGAL_ID_NUMBER, s->legal.id_number);
}

/* site_principal_same means "the subject principal" only where the form
** has the subject (a claim names its principal for the site itself). */
static void site_values(const GenSite *site, const GenPerson *principal, Values *v) {
    set(v, F_SITE_NAME, site->name);
    set(v, F_SITE_DOMAIN, site->domain);
    char url[128];
    snprintf(url, sizeof url, "https://www.%s/", site->domain);
    set(v, F_SITE_HOME_URL, url);
    set(v, F_SITE_SERVICES, site->service);
    set(v, F_SITE_LANGUAGES, "zh_hans");
    set(v, F_SITE_DESCRIPTION, site->description);
    if (site->commercial) {
        set(v, F_SITE_COMMERCIAL, "1");
        set(v, F_SITE_LICENCE, site->licence);
    }
    bool same = site->principal_same && !principal;
    set(v, F_SITE_PRINCIPAL_SAME, same ? "1" : "");
    if (same) return;
    const GenPerson *p = site->principal_same ? principal : &site->principal;
    set(v, F_SITE_PRINCIPAL_NAME, p->name);
    set(v, F_SITE_PRINCIPAL_ID_TYPE, "id_card");
    set(v, F_SITE_PRINCIPAL_ID_NUMBER, p->id_number);
    set(v, F_SITE_PRINCIPAL_ID_EXPIRY, p->id_expiry);
    set(v, F_SITE_PRINCIPAL_MOBILE, p->mobile);
    set(v, F_SITE_PRINCIPAL_EMERGENCY, p->emergency);
    set(v, F_SITE_PRINCIPAL_EMAIL, p->email);
}

static void access_values(const GenSite *site, Values *v) {
    set(v, F_ACCESS_IPS, site->ips);
    set(v, F_ACCESS_METHOD, site->method);
}

static void claim_values(const GenSubject *s, const char *number, Values *v) {
    set(v, F_CLAIM_SUBJECT_NUMBER, number);
    set(v, F_CLAIM_PASSWORD, "Bp7kq2Xw");
    set(v, F_CLAIM_NATURE, nature_id(s->nature));
    set(v, F_CLAIM_SUBJECT_NAME, s->name);
    set(v, F_CLAIM_CERT_TYPE, s->nature == NATURE_INDIVIDUAL ? "id_card" : "uscc");
    set(v, F_CLAIM_CERT_NUMBER, s->cert_number);
    set(v, F_CLAIM_ADDRESS, s->address);
    set(v, F_CLAIM_PRINCIPAL_NAME, s->principal.name);
    set(v, F_CLAIM_PRINCIPAL_ID_TYPE, "id_card");
    set(v, F_CLAIM_PRINCIPAL_ID_NUMBER, s->principal.id_number);
    set(v, F_CLAIM_PRINCIPAL_MOBILE, s->principal.mobile);
    set(v, F_CLAIM_PRINCIPAL_EMAIL, s->principal.email);
}

int gen_nsteps(AppKind k) {
    size_t n;
    filing_steps(k, &n);
    return n ? (int)n - 1 : 0;
}

const char *gen_steps_done(Arena *a, AppKind k, int steps) {
    size_t n;
    const FilingStep *list = filing_steps(k, &n);
    int upto = steps < 0 ? gen_nsteps(k) : steps;
    Buf b;
    buf_init(&b, a);
    for (int i = 0; i < upto && i < (int)n; i++) {
        if (list[i] == STEP_VERIFY) break;
        buf_printf(&b, "%s%s", i ? "," : "", filing_step_id(list[i]));
    }
    return b.data ? b.data : "";
}

void gen_values(Arena *a, const GenSubject *s, const GenSite *site, AppKind k, int steps,
                const char *subject_number, const char *site_number, Values *out) {
    values_init(out, a);
    size_t n;
    const FilingStep *list = filing_steps(k, &n);
    int upto = steps < 0 ? gen_nsteps(k) : steps;
    /* What a kind starts from (app_start): the filed site, the subject's record. */
    bool about_site = k == KIND_CHANGE_SITE || k == KIND_CHANGE_ACCESS || k == KIND_CANCEL_SITE ||
                      k == KIND_CANCEL_ACCESS;
    if (about_site) site_values(site, NULL, out), access_values(site, out);
    if (k == KIND_CHANGE_SUBJECT) subject_values(s, out);
    for (int i = 0; i < upto && i < (int)n; i++) {
        switch (list[i]) {
        case STEP_CLAIM:
            claim_values(s, subject_number, out);
            break;
        case STEP_SUBJECT:
            subject_values(s, out);
            if (k == KIND_CHANGE_SUBJECT) { /* the subject moved next door */
                char addr[224];
                snprintf(addr, sizeof addr, "%s附楼", s->address);
                set(out, F_SUBJECT_ADDRESS, addr);
            }
            break;
        case STEP_SITE:
            site_values(site, filing_kind_has_step(k, STEP_CLAIM) ? &s->principal : NULL, out);
            if (k == KIND_NEW_ACCESS && site_number) set(out, F_SITE_NUMBER, site_number);
            if (k == KIND_CHANGE_SITE) { /* the home page moves off www */
                char url[128];
                snprintf(url, sizeof url, "https://%s/", site->domain);
                set(out, F_SITE_HOME_URL, url);
            }
            break;
        case STEP_ACCESS:
            access_values(site, out);
            if (k == KIND_CHANGE_ACCESS) set(out, F_ACCESS_IPS, "203.119.200.18\n203.119.200.19");
            break;
        case STEP_CANCEL:
            set(out, F_CANCEL_REASON,
                k == KIND_CANCEL_ACCESS ? "网站迁移到其他服务商，申请取消在本接入商的接入。"
                                        : "网站已停止运营，不再使用该域名，申请注销备案。");
            if (k == KIND_CANCEL_SUBJECT) set(out, F_CANCEL_PASSWORD, "Bp7kq2Xw");
            break;
        default:
            break;
        }
    }
}

void gen_subject_record(Arena *a, const GenSubject *s, Values *out) {
    values_init(out, a);
    subject_values(s, out);
}

void gen_site_record(Arena *a, const GenSite *site, const char *site_number, Values *out) {
    values_init(out, a);
    site_values(site, NULL, out);
    access_values(site, out);
    if (site_number) set(out, F_SITE_NUMBER, site_number);
}

char *gen_subject_number(Arena *a, int province, int year, int64_t index) {
    /* Consecutive subjects do not get consecutive numbers. */
    int64_t digits = (index % 1000000 * 7727 + 1301) % 1000000;
    if (year < 2010)
        return arena_printf(a, "%sICP备%02d%06lld号", gen_prefix(province), year % 100,
                            (long long)digits);
    return arena_printf(a, "%sICP备%04d%06lld号", gen_prefix(province), year, (long long)digits);
}
