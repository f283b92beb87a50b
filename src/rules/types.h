/*
** The domain vocabulary shared by rules, model, pages and API (DESIGN.md §2-3).
** Each enum has a stable identifier string (stored in the database and used
** in the API) and a Chinese display name; see rules/names.c.
*/
#ifndef BEIAN_RULES_TYPES_H
#define BEIAN_RULES_TYPES_H

/* 主体性质 */
typedef enum SubjectNature {
    NATURE_ENTERPRISE = 1, /* enterprise 企业 */
    NATURE_INSTITUTION,    /* public institution 事业单位 */
    NATURE_GOVERNMENT,     /* government body 政府机关 */
    NATURE_SOCIAL_ORG,     /* social organisation 社会团体 */
    NATURE_MILITARY,       /* military 军队 */
    NATURE_INDIVIDUAL,     /* individual 个人 */
    NATURE__COUNT
} SubjectNature;

/* 证件类型: subject certificates and personal IDs */
typedef enum CertType {
    CERT_USCC = 1,          /* 统一社会信用代码 (business licence etc.) */
    CERT_ORG_CODE,          /* 组织机构代码证 */
    CERT_MILITARY_CODE,     /* 军队代号 */
    CERT_ID_CARD,           /* 居民身份证 */
    CERT_PASSPORT,          /* 护照 */
    CERT_HK_MACAO_PERMIT,   /* 港澳居民来往内地通行证 */
    CERT_TAIWAN_PERMIT,     /* 台湾居民来往大陆通行证 */
    CERT_FOREIGN_RESIDENCE, /* 外国人永久居留身份证 */
    CERT__COUNT
} CertType;

/* 接入方式 */
typedef enum AccessMethod {
    ACCESS_LEASED_LINE = 1, /* 专线 */
    ACCESS_COLOCATION,      /* 主机托管 */
    ACCESS_VIRTUAL_HOST,    /* 虚拟主机 */
    ACCESS_OTHER,           /* 其他 */
    ACCESS__COUNT
} AccessMethod;

/* True for natures filed as an organisation (企事业单位 and the like). */
static inline int nature_is_org(SubjectNature n) {
    return n != NATURE_INDIVIDUAL;
}

/* True for bodies of the state, which may use names such as 中国/国家. */
static inline int nature_is_state(SubjectNature n) {
    return n == NATURE_GOVERNMENT || n == NATURE_MILITARY;
}

#endif
