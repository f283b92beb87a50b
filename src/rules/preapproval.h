/*
** 前置审批 (pre-approval): the licences a site needs from a sector regulator
** before it may be filed, when its content touches news, publishing,
** education, health and the like. Each category has a stable identifier
** (stored and used in the API) and display names.
**
** A set of categories is a bit set (PreApprovalSet, bit 1u << p), so a caller
** compares what the site's name or description suggests with what the
** customer declared: preapproval_missing(needed, declared).
*/
#ifndef BEIAN_RULES_PREAPPROVAL_H
#define BEIAN_RULES_PREAPPROVAL_H

#include "core/err.h"

typedef enum PreApproval {
    PREAPPROVAL_NEWS = 1,      /* news 新闻 */
    PREAPPROVAL_PUBLISHING,    /* publishing 出版 (网络出版) */
    PREAPPROVAL_EDUCATION,     /* education 教育 */
    PREAPPROVAL_MEDICAL,       /* medical/health care 医疗保健 */
    PREAPPROVAL_DRUGS,         /* drugs and medical devices 药品和医疗器械 */
    PREAPPROVAL_CULTURE,       /* culture 文化 (网络文化经营) */
    PREAPPROVAL_RADIO_FILM_TV, /* radio, film and TV programmes 广播电影电视节目 */
    PREAPPROVAL_BBS,           /* electronic bulletin service 电子公告服务 */
    PREAPPROVAL_FINANCE,       /* finance 金融 */
    PREAPPROVAL_RIDE_HAILING,  /* online ride-hailing 网络预约车 */
    PREAPPROVAL_RELIGION,      /* religious information 互联网宗教信息服务 */
    PREAPPROVAL__COUNT
} PreApproval;

typedef unsigned PreApprovalSet;

#define PREAPPROVAL_BIT(p) (1u << (unsigned)(p))

/* Stable identifier ("news", "radio_film_tv", ...); NULL for an invalid p. */
const char *preapproval_id(PreApproval p);

/* Display name in the given language; NULL for an invalid p. */
const char *preapproval_name(PreApproval p, Lang lang);

/* The category with identifier id, or 0 when there is none. */
PreApproval preapproval_from_id(const char *id);

/* The categories that the wording of text (a site name or description)
** suggests, by keyword: "新闻" → news, "论坛" → BBS, "医院" → medical, ...
** ASCII keywords match case-insensitively. NULL or "" gives the empty set. */
PreApprovalSet preapproval_suggest(const char *text);

/* The needed categories that were not declared. */
static inline PreApprovalSet preapproval_missing(PreApprovalSet needed, PreApprovalSet declared) {
    return needed & ~declared;
}

/* 0 when every needed category was declared, else -ERR_PREAPPROVAL_MISSING;
** *first (may be NULL) receives the lowest missing category. */
int preapproval_check(PreApprovalSet needed, PreApprovalSet declared, PreApproval *first);

#endif
