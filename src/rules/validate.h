/*
** Validators for every customer-entered field of a filing (DESIGN.md §9,
** filing-practice.md §2). Pure functions: no I/O, no state, thread-safe.
**
** Each returns 0 or a negative code from the error registry (-ERR_NAME; rows
** in rules/rules_errors.def) whose message tells the customer what is wrong
** and how to fix it. Input is a plain NUL-terminated UTF-8 string; leading
** and trailing ASCII white space is ignored. NULL or blank input gives
** -ERR_FIELD_REQUIRED. Functions that produce a normalised form write it into
** the caller's arena; on failure their output is left untouched.
**
** Dates are ints YYYYMMDD; "today" is the caller's (time_today_cst()), so the
** rules stay pure and testable.
*/
#ifndef BEIAN_RULES_VALIDATE_H
#define BEIAN_RULES_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "rules/preapproval.h"
#include "rules/types.h"

/* ---------------------------------------------------------------- dates */

/* True for a real calendar day (leap years included) from 1900-01-01 to
** 9999-12-31. */
bool rules_date_valid(int yyyymmdd);

/* Completed years from birth to on (both valid dates); -1 when on < birth. */
int rules_age(int birth, int on);

/* ------------------------------------------- identity (validate_id.c) */

typedef struct IdCard {
    char number[19]; /* normalised: a lower-case x becomes X */
    char region[7];  /* the first six digits */
    int birth;       /* YYYYMMDD */
    bool male;       /* odd sequence digit */
} IdCard;

/* Resident identity card number (GB 11643): 18 characters, 17 digits and a
** check character; the region's province exists; a real birth date from
** 1900 and not after today (today <= 0 skips that test); the checksum.
** Returns 0, -ERR_ID_CARD_FORMAT, -ERR_ID_CARD_REGION, -ERR_ID_CARD_BIRTH or
** -ERR_ID_CARD_CHECKSUM (tested in that order). out may be NULL. */
int id_card_parse(const char *s, int today, IdCard *out);

/* As id_card_parse, without the parsed fields. */
int id_card_check(const char *s, int today);

/* Age in completed years on the date on of the holder of ID number s, or the
** negative error of id_card_parse(s, on). */
int id_card_age(const char *s, int on);

/* Unified social credit code (GB 32100): 18 characters of 0-9 A-Z without
** I O S V Z, a valid registration-authority/category pair (chars 1-2),
** six digits of region, the GB 32100 check character, and an embedded
** organisation code (chars 9-17) that passes GB 11714. Lower case accepted.
** Returns 0, -ERR_USCC_FORMAT, -ERR_USCC_CHECKSUM, -ERR_USCC_CATEGORY or
** -ERR_USCC_ORG_CODE. */
int uscc_check(const char *s);

/* Organisation code (GB 11714): 8 characters 0-9 A-Z and a check character
** (0-9 or X), with or without the hyphen before the check character.
** Returns 0, -ERR_ORG_CODE_FORMAT or -ERR_ORG_CODE_CHECKSUM. */
int org_code_check(const char *s);

/* Certificate number of any type (checks as above; the other types by their
** format, see docs/validation.md). today is used for birth dates.
** Returns 0 or the type's error; -ERR_FIELD_CHOICE for an unknown type. */
int cert_number_check(CertType t, const char *number, int today);

/* As cert_number_check, and write the canonical form into the arena:
** upper case, no spaces, organisation code as "80210043-3", military code
** as "66001部队". */
int cert_number_normalize(Arena *a, CertType t, const char *number, int today, char **out);

/* May a subject of nature n be filed with a certificate of type t?
** enterprise: USCC; institution, government, social organisation: USCC or
** organisation code; military: military code; individual: ID card,
** passport, HK/Macao permit, Taiwan permit, foreign permanent residence ID. */
bool cert_type_allowed(SubjectNature n, CertType t);

/* True for the types a person (a principal, a legal representative) can
** hold: ID card, passport, the two permits, foreign permanent residence ID. */
bool cert_type_personal(CertType t);

/* ------------------------------------ contacts (validate_contact.c) */

/* Mainland mobile number: 11 digits 1[3-9]…; spaces and hyphens and a +86,
** 0086 or 86 prefix are dropped. Returns 0 or -ERR_MOBILE. */
int mobile_check(const char *s);
int mobile_normalize(Arena *a, const char *s, char **out);

/* Landline: area code (a real one: 010, 02x, 0xxx, from the region table)
** + subscriber number (8 digits after a 3-digit area code, 7-8 after a
** 4-digit one, not starting with 0) + optional extension of 1-6 digits
** (-123, 转123, ext123, #123). Accepts "(010)12345678", "010 1234 5678",
** "+86 10 12345678". Normalised: "010-12345678" or "010-12345678-123".
** Returns 0, -ERR_LANDLINE_FORMAT or -ERR_LANDLINE_AREA_CODE. */
int landline_check(const char *s);
int landline_normalize(Arena *a, const char *s, char **out);

/* Does the landline's area code belong to the region (a city or district
** code)? 0 when it does, and also when no area code is known for that
** region (see region_area_codes); -ERR_LANDLINE_CITY when it does not;
** the landline's own error, or -ERR_REGION_CITY for an unknown region. */
int landline_matches_city(const char *landline, const char *region_code);

/* A phone that may be either (the emergency contact): mobile or landline,
** normalised as above. Returns 0 or -ERR_PHONE. */
int phone_normalize(Arena *a, const char *s, char **out);

/* E-mail address, pragmatic RFC 5321/5322: local part a dot-atom of at most
** 64 characters, domain with a dot and valid labels (Chinese domains via
** IDNA2008), at most 254 characters in all. Returns 0, -ERR_EMAIL,
** -ERR_EMAIL_TOO_LONG or -ERR_EMAIL_DOMAIN. Normalised: the domain in lower
** case (Chinese labels kept). */
int email_check(const char *s);
int email_normalize(Arena *a, const char *s, char **out);

/* Person's name: 2-30 characters, either Chinese (汉字, with · between
** parts of minority names) or foreign (Latin letters, with single spaces,
** ·, -, ', . between parts). Returns 0, -ERR_PERSON_NAME_LENGTH or
** -ERR_PERSON_NAME_CHARS. */
int person_name_check(const char *s);

/* One person of a filing, for the cross-field contact rules. The fields are
** as entered (they are normalised for comparison); any may be NULL. */
typedef struct ContactPerson {
    const char *cert_number;     /* ID number: equal numbers mean one person */
    const char *mobile;          /* 手机 */
    const char *email;           /* 电子邮箱 */
    const char *emergency_phone; /* 应急联系电话 */
} ContactPerson;

/* The contact rules across the persons of one filing: people[0] is the
** subject principal, the rest are site principals. Persons with different
** certificate numbers may not share a mobile (-ERR_CONTACT_MOBILE_SHARED) or
** an e-mail (-ERR_CONTACT_EMAIL_SHARED); nobody's emergency phone may be
** their own mobile (-ERR_CONTACT_EMERGENCY_SAME). On error *bad (may be NULL)
** receives the index of the person whose field is at fault. */
int contacts_check_distinct(const ContactPerson *people, size_t n, size_t *bad);

/* ------------------------------------ domains, IPs, URLs (validate_net.c) */

typedef struct Domain {
    const char *ascii;   /* A-label form, lower case: "xn--fiq228c5hs.xn--fiqs8s" */
    const char *unicode; /* U-label form: "中文网.中国" (= ascii when not IDN) */
    const char *tld;     /* last label of ascii: "xn--fiqs8s" */
    int labels;          /* number of labels */
    bool idn;            /* some label is an IDN */
} Domain;

/* Normalise a domain name: trim, lower-case, map 。 and ． to '.', strip a
** trailing dot; reject a scheme, path, port, user, wildcard, spaces or other
** symbols; convert Chinese labels with IDNA2008 (UTS #46 non-transitional)
** and keep both forms; check LDH label rules (1-63 octets, no hyphen at
** either end) and the 253-octet limit; at least two labels. The strings of
** *out live in the arena. Returns 0, -ERR_DOMAIN_URL, -ERR_DOMAIN_WILDCARD,
** -ERR_DOMAIN_CHARS, -ERR_DOMAIN_LABEL, -ERR_DOMAIN_IDN, -ERR_DOMAIN_TOO_LONG,
** -ERR_DOMAIN_NO_TLD or -ERR_DOMAIN_IP. */
int domain_parse(Arena *a, const char *s, Domain *out);

/* Is this top-level domain (ASCII "com", A-label "xn--fiqs8s" or U-label
** "中国", any case) on the list of TLDs approved for filing in China? */
bool domain_tld_allowed(const char *tld);

/* The registrable domain of s: "www.example.com.cn" → "example.com.cn",
** "a.b.example.com" → "example.com", knowing the second-level zones of .cn
** (com.cn net.cn org.cn gov.cn edu.cn ac.cn mil.cn and the provincial ones
** such as bj.cn). Errors of domain_parse, or -ERR_DOMAIN_SUFFIX_ONLY when s
** is itself such a zone. */
int domain_registrable(Arena *a, const char *s, Domain *out);

/* The domain of a site filing: domain_parse, an approved TLD
** (-ERR_DOMAIN_TLD), a registrable domain and not a subdomain
** (-ERR_DOMAIN_SUBDOMAIN, -ERR_DOMAIN_SUFFIX_ONLY), and the nature rules:
** gov.cn and .政务 only and always for government bodies (-ERR_DOMAIN_GOV,
** -ERR_DOMAIN_GOV_REQUIRED), mil.cn only for the military (-ERR_DOMAIN_MIL),
** .公益 only for public institutions (-ERR_DOMAIN_GONGYI). */
int domain_check_filing(Arena *a, const char *s, SubjectNature n, Domain *out);

/* A typed domain without its leading spaces and a leading "www." (any case):
** the main domain is filed when a customer types www.example.cn. */
const char *domain_drop_www(const char *s);

/* Is host (A-label form) equal to domain or a subdomain of it? */
bool domain_within(const char *host, const char *domain);

/* Where an IP address lies. */
typedef enum IpScope {
    IP_SCOPE_PUBLIC = 0,
    IP_SCOPE_UNSPECIFIED,   /* 0.0.0.0/8, :: */
    IP_SCOPE_LOOPBACK,      /* 127/8, ::1 */
    IP_SCOPE_PRIVATE,       /* 10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7 */
    IP_SCOPE_LINK_LOCAL,    /* 169.254/16, fe80::/10 */
    IP_SCOPE_MULTICAST,     /* 224/4, ff00::/8 */
    IP_SCOPE_DOCUMENTATION, /* 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32, 3fff::/20 */
    IP_SCOPE_RESERVED,      /* everything else that is not global unicast */
} IpScope;

typedef struct IpAddr {
    int family;              /* AF_INET or AF_INET6 */
    unsigned char bytes[16]; /* network order; 4 used for IPv4 */
    char text[46];           /* normalised text (inet_ntop) */
} IpAddr;

/* Parse an IPv4 (dotted quad, no leading zeros) or IPv6 address.
** Returns 0 or -ERR_IP_FORMAT. */
int ip_parse(const char *s, IpAddr *out);
/* A list of address ranges (CIDR, IPv4 or IPv6), one a line (commas and
** spaces also separate): 0, or -ERR_CIDR_FORMAT. *out (may be NULL) gets
** the list normalised, one a line (host bits kept as typed are refused). */
int cidr_list_check(Arena *a, const char *list, char **out);
/* Is ip (parsed) within one of the ranges of a checked list? */
bool cidr_list_contains(const char *list, const IpAddr *ip);

/* The scope of a parsed address. */
IpScope ip_scope(const IpAddr *ip);

/* A server address for access information: it must be public. Writes the
** normalised text into the arena (out may be NULL). Returns 0,
** -ERR_IP_FORMAT, -ERR_IP_UNSPECIFIED, -ERR_IP_LOOPBACK, -ERR_IP_PRIVATE,
** -ERR_IP_LINK_LOCAL, -ERR_IP_MULTICAST, -ERR_IP_DOCUMENTATION or
** -ERR_IP_RESERVED. */
int ip_check_public(Arena *a, const char *s, char **out);

/* The site's home URL: http or https, no user or password, no port but the
** scheme's default, a host that is the site's domain or a subdomain of it.
** Normalised: lower-case scheme, the host in U-label form, the default port
** dropped, the rest as written. Returns 0, -ERR_HOME_URL_FORMAT,
** -ERR_HOME_URL_PORT or -ERR_HOME_URL_HOST (domain's own errors when domain
** is invalid). */
int home_url_check(Arena *a, const char *url, const char *domain, char **out);

/* ------------------------------------------ site texts (validate_site.c) */

/* The site name (网站名称). Rules, tested in this order, one error each:
** valid UTF-8 (-ERR_FIELD_UTF8); at most 64 characters
** (-ERR_SITE_NAME_LENGTH); not the domain itself, in either form, with or
** without www (-ERR_SITE_NAME_DOMAIN); only 汉字, letters, digits, spaces and
** · - _ ( ) （ ） (-ERR_SITE_NAME_SYMBOL); not only letters and digits
** (-ERR_SITE_NAME_ALNUM); at least 3 汉字 (-ERR_SITE_NAME_CHINESE); no
** prohibited words, and 反腐/廉政 only for state bodies
** (-ERR_SITE_NAME_SENSITIVE); for natures that are not state bodies
** (nature_is_state) no start with 中国/中华/中央/国家/全国/国务院/人大/人民/
** 政协/反腐/纪检/监察/信访/维权/投诉 (-ERR_SITE_NAME_RESERVED) and no 政府
** (-ERR_SITE_NAME_GOVERNMENT); 论坛 only with the BBS pre-approval declared
** (-ERR_SITE_NAME_BBS); for individuals nothing that sounds like a company
** or organisation (公司/有限/集团/企业/官网/官方/协会/学会/商会/基金会/政府/
** 委员会/研究院/研究所/事务所/工作室/商城/门户/平台: -ERR_SITE_NAME_PERSONAL).
** domain may be NULL. Other pre-approvals the name calls for are the
** caller's to compare: site_name_preapprovals() and preapproval_check(). */
int site_name_check(const char *name, SubjectNature n, const char *domain, PreApprovalSet declared);

/* The pre-approvals a site name's keywords call for (preapproval_suggest). */
PreApprovalSet site_name_preapprovals(const char *name);

/* Site description (网站备注/简介): 20-200 characters (code points).
** Returns 0, -ERR_FIELD_UTF8 or -ERR_DESCRIPTION_LENGTH. */
int site_description_check(const char *s);

/* ICP licence number (经营许可证编号) of a commercial site: 京B2-20201234 or
** 京ICP证030173号. Returns 0 or -ERR_LICENCE_FORMAT. */
int licence_number_check(const char *s);

/* Address text (通信地址/证件住所): 5-100 characters, not only digits and
** symbols. Returns 0, -ERR_FIELD_UTF8, -ERR_ADDRESS_LENGTH or
** -ERR_ADDRESS_CHARS. */
int address_check(const char *s);

#endif
