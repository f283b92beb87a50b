/*
** Pre-approval categories and the keyword matcher.
**
** The keywords follow the providers' published return reasons and the
** 前置审批 keyword checks they run (filing-practice.md §2, §5): a name or
** description containing one of them makes a reviewer ask for the matching
** approval. The list errs towards asking: a false hit costs the customer a
** declaration, a miss costs a 管局 return.
*/
#include "rules/preapproval.h"

#include <string.h>

#include "rules/validate_int.h"

typedef struct PreApprovalInfo {
    const char *id;
    const char *zh;
    const char *en;
} PreApprovalInfo;

static const PreApprovalInfo infos[PREAPPROVAL__COUNT] = {
    [PREAPPROVAL_NEWS] = {"news", "新闻", "News"},
    [PREAPPROVAL_PUBLISHING] = {"publishing", "出版", "Publishing"},
    [PREAPPROVAL_EDUCATION] = {"education", "教育", "Education"},
    [PREAPPROVAL_MEDICAL] = {"medical", "医疗保健", "Medical and health care"},
    [PREAPPROVAL_DRUGS] = {"drugs", "药品和医疗器械", "Drugs and medical devices"},
    [PREAPPROVAL_CULTURE] = {"culture", "文化", "Culture"},
    [PREAPPROVAL_RADIO_FILM_TV] = {"radio_film_tv", "广播电影电视节目",
                                   "Radio, film and TV programmes"},
    [PREAPPROVAL_BBS] = {"bbs", "电子公告服务", "Electronic bulletin board (BBS)"},
    [PREAPPROVAL_FINANCE] = {"finance", "金融", "Finance"},
    [PREAPPROVAL_RIDE_HAILING] = {"ride_hailing", "网络预约车", "Online ride-hailing"},
    [PREAPPROVAL_RELIGION] = {"religion", "互联网宗教信息服务", "Religious information services"},
};

typedef struct Keyword {
    const char *word; /* UTF-8; ASCII words match case-insensitively */
    PreApproval cat;
} Keyword;

static const Keyword keywords[] = {
    {"新闻", PREAPPROVAL_NEWS},          {"资讯", PREAPPROVAL_NEWS},
    {"时事", PREAPPROVAL_NEWS},          {"时政", PREAPPROVAL_NEWS},
    {"快讯", PREAPPROVAL_NEWS},          {"头条", PREAPPROVAL_NEWS},
    {"日报", PREAPPROVAL_NEWS},          {"晚报", PREAPPROVAL_NEWS},
    {"报社", PREAPPROVAL_NEWS},          {"news", PREAPPROVAL_NEWS},
    {"出版", PREAPPROVAL_PUBLISHING},    {"图书", PREAPPROVAL_PUBLISHING},
    {"电子书", PREAPPROVAL_PUBLISHING},  {"小说", PREAPPROVAL_PUBLISHING},
    {"期刊", PREAPPROVAL_PUBLISHING},    {"杂志", PREAPPROVAL_PUBLISHING},
    {"文学", PREAPPROVAL_PUBLISHING},    {"漫画", PREAPPROVAL_PUBLISHING},
    {"游戏", PREAPPROVAL_PUBLISHING},    {"教育", PREAPPROVAL_EDUCATION},
    {"培训", PREAPPROVAL_EDUCATION},     {"学校", PREAPPROVAL_EDUCATION},
    {"考试", PREAPPROVAL_EDUCATION},     {"辅导", PREAPPROVAL_EDUCATION},
    {"留学", PREAPPROVAL_EDUCATION},     {"招生", PREAPPROVAL_EDUCATION},
    {"网校", PREAPPROVAL_EDUCATION},     {"课堂", PREAPPROVAL_EDUCATION},
    {"题库", PREAPPROVAL_EDUCATION},     {"医疗", PREAPPROVAL_MEDICAL},
    {"医院", PREAPPROVAL_MEDICAL},       {"诊所", PREAPPROVAL_MEDICAL},
    {"门诊", PREAPPROVAL_MEDICAL},       {"健康", PREAPPROVAL_MEDICAL},
    {"保健", PREAPPROVAL_MEDICAL},       {"养生", PREAPPROVAL_MEDICAL},
    {"问诊", PREAPPROVAL_MEDICAL},       {"医生", PREAPPROVAL_MEDICAL},
    {"疾病", PREAPPROVAL_MEDICAL},       {"药品", PREAPPROVAL_DRUGS},
    {"药店", PREAPPROVAL_DRUGS},         {"药房", PREAPPROVAL_DRUGS},
    {"医药", PREAPPROVAL_DRUGS},         {"中药", PREAPPROVAL_DRUGS},
    {"西药", PREAPPROVAL_DRUGS},         {"医疗器械", PREAPPROVAL_DRUGS},
    {"文化", PREAPPROVAL_CULTURE},       {"艺术", PREAPPROVAL_CULTURE},
    {"演出", PREAPPROVAL_CULTURE},       {"动漫", PREAPPROVAL_CULTURE},
    {"游戏", PREAPPROVAL_CULTURE},       {"音乐", PREAPPROVAL_CULTURE},
    {"娱乐", PREAPPROVAL_CULTURE},       {"直播", PREAPPROVAL_CULTURE},
    {"表演", PREAPPROVAL_CULTURE},       {"广播", PREAPPROVAL_RADIO_FILM_TV},
    {"电影", PREAPPROVAL_RADIO_FILM_TV}, {"电视", PREAPPROVAL_RADIO_FILM_TV},
    {"影视", PREAPPROVAL_RADIO_FILM_TV}, {"视频", PREAPPROVAL_RADIO_FILM_TV},
    {"影院", PREAPPROVAL_RADIO_FILM_TV}, {"电台", PREAPPROVAL_RADIO_FILM_TV},
    {"论坛", PREAPPROVAL_BBS},           {"社区", PREAPPROVAL_BBS},
    {"贴吧", PREAPPROVAL_BBS},           {"留言板", PREAPPROVAL_BBS},
    {"电子公告", PREAPPROVAL_BBS},       {"bbs", PREAPPROVAL_BBS},
    {"forum", PREAPPROVAL_BBS},          {"金融", PREAPPROVAL_FINANCE},
    {"理财", PREAPPROVAL_FINANCE},       {"贷款", PREAPPROVAL_FINANCE},
    {"借贷", PREAPPROVAL_FINANCE},       {"投资", PREAPPROVAL_FINANCE},
    {"支付", PREAPPROVAL_FINANCE},       {"保险", PREAPPROVAL_FINANCE},
    {"证券", PREAPPROVAL_FINANCE},       {"基金", PREAPPROVAL_FINANCE},
    {"股票", PREAPPROVAL_FINANCE},       {"外汇", PREAPPROVAL_FINANCE},
    {"众筹", PREAPPROVAL_FINANCE},       {"网约车", PREAPPROVAL_RIDE_HAILING},
    {"打车", PREAPPROVAL_RIDE_HAILING},  {"约车", PREAPPROVAL_RIDE_HAILING},
    {"专车", PREAPPROVAL_RIDE_HAILING},  {"叫车", PREAPPROVAL_RIDE_HAILING},
    {"宗教", PREAPPROVAL_RELIGION},      {"佛教", PREAPPROVAL_RELIGION},
    {"道教", PREAPPROVAL_RELIGION},      {"基督", PREAPPROVAL_RELIGION},
    {"天主教", PREAPPROVAL_RELIGION},    {"伊斯兰", PREAPPROVAL_RELIGION},
};

static bool valid(PreApproval p) {
    return p > 0 && p < PREAPPROVAL__COUNT;
}

const char *preapproval_id(PreApproval p) {
    return valid(p) ? infos[p].id : NULL;
}

const char *preapproval_name(PreApproval p, Lang lang) {
    if (!valid(p)) return NULL;
    return lang == LANG_EN ? infos[p].en : infos[p].zh;
}

PreApproval preapproval_from_id(const char *id) {
    if (!id) return 0;
    for (int p = 1; p < PREAPPROVAL__COUNT; p++)
        if (strcmp(infos[p].id, id) == 0) return (PreApproval)p;
    return 0;
}

/* Case-insensitive search of an ASCII word in a UTF-8 text (non-ASCII bytes
** never equal ASCII letters, so no false match inside a character). */
static bool contains_ascii_ci(const char *text, const char *word) {
    size_t n = strlen(word);
    for (const char *p = text; *p; p++) {
        size_t i = 0;
        while (i < n && p[i] && vi_lower(p[i]) == word[i])
            i++;
        if (i == n) return true;
    }
    return false;
}

PreApprovalSet preapproval_suggest(const char *text) {
    PreApprovalSet set = 0;
    if (!text) return 0;
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++) {
        const Keyword *k = &keywords[i];
        bool ascii = (unsigned char)k->word[0] < 0x80;
        if (ascii ? contains_ascii_ci(text, k->word) : vi_contains(text, k->word))
            set |= PREAPPROVAL_BIT(k->cat);
    }
    return set;
}

int preapproval_check(PreApprovalSet needed, PreApprovalSet declared, PreApproval *first) {
    PreApprovalSet all = (PREAPPROVAL_BIT(PREAPPROVAL__COUNT) - 1) & ~1u;
    PreApprovalSet miss = preapproval_missing(needed, declared) & all;
    if (!miss) return 0;
    if (first) {
        int p = 1;
        while (!(miss & PREAPPROVAL_BIT(p)))
            p++;
        *first = (PreApproval)p;
    }
    return -ERR_PREAPPROVAL_MISSING;
}
