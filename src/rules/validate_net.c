/*
** Domains (with Chinese IDNs through libidn2), IP addresses and the home URL.
*/
#include <arpa/inet.h>
#include <idn2.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "core/buf.h"
#include "core/err.h"
#include "rules/validate.h"
#include "rules/validate_int.h"

/* ------------------------------------------------------------ TLD list */

/* Top-level domains approved for filing in China. MIIT publishes the list of
** approved registries and TLDs (工信部批准的域名注册管理机构及顶级域); this is
** the common part of it as providers accept it (filing-practice.md §2),
** approximate: update it when the 管局 returns a TLD or approves a new one.
** .io, .me, .ai and similar are not on it. */
static const char *const tlds_ascii[] = {
    "cn",   "com",   "net",    "org",    "info",    "biz",     "top",   "xyz",    "vip",
    "club", "shop",  "site",   "online", "tech",    "ltd",     "wang",  "ren",    "pub",
    "link", "art",   "store",  "fun",    "icu",     "cloud",   "red",   "kim",    "mobi",
    "pro",  "asia",  "name",   "cc",     "tv",      "co",      "group", "work",   "live",
    "life", "world", "email",  "design", "space",   "website", "press", "news",   "video",
    "show", "today", "city",   "center", "company", "team",    "fit",   "love",   "run",
    "yoga", "beer",  "luxe",   "band",   "games",   "ink",     "zone",  "social", "cool",
    "fans", "chat",  "plus",   "pet",    "host",    "gold",    "auto",  "car",    "fashion",
    "baby", "xin",   "market", "studio", "guru",    "ac",      NULL,
};

static const char *const tlds_unicode[] = {
    "中国", "中國", "公司", "网络",   "在线", "中文网", "网址", "网店",
    "商城", "商标", "集团", "我爱你", "手机", "游戏",   "企业", "娱乐",
    "信息", "广东", "佛山", "网站",   "政务", "公益",   NULL,
};

/* Second-level zones of .cn under which names are registered. */
static const char *const cn_zones[] = {
    "com", "net", "org", "gov", "edu", "ac", "mil", "bj", "sh", "tj", "cq", "he", "sx", "nm",
    "ln",  "jl",  "hl",  "js",  "zj",  "ah", "fj",  "jx", "sd", "ha", "hb", "hn", "gd", "gx",
    "hi",  "sc",  "gz",  "yn",  "xz",  "sn", "gs",  "qh", "nx", "xj", "tw", "hk", "mo", NULL,
};

/* ---------------------------------------------------------------- domain */

/* Reject the things people paste instead of a bare domain. */
static int domain_scan(const char *s) {
    if (strstr(s, "://")) return -ERR_DOMAIN_URL;
    for (const char *p = s; *p; p++)
        if (strchr("/?#:@\\", *p)) return -ERR_DOMAIN_URL;
    if (strchr(s, '*')) return -ERR_DOMAIN_WILDCARD;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x80 && !vi_alpha(*p) && !vi_digit(*p) && *p != '.' && *p != '-')
            return -ERR_DOMAIN_CHARS;
    if (!utf8_valid(s, strlen(s))) return -ERR_DOMAIN_CHARS;
    return 0;
}

/* Lower-case ASCII and turn the ideographic and full-width full stops into
** '.', writing into out (at least as large as s). */
static void domain_fold(const char *s, char *out) {
    static const char *const dots[] = {"。", "．", "｡"};
    while (*s) {
        bool dot = false;
        for (int i = 0; i < 3 && !dot; i++)
            if (str_starts(s, dots[i])) {
                *out++ = '.';
                s += strlen(dots[i]);
                dot = true;
            }
        if (!dot) *out++ = vi_lower(*s++);
    }
    *out = 0;
}

/* LDH rules on an A-label form; counts the labels. */
static int domain_labels_ok(const char *d, int *labels) {
    size_t total = strlen(d);
    if (total > 253) return -ERR_DOMAIN_TOO_LONG;
    int count = 0;
    for (const char *p = d;;) {
        const char *e = strchr(p, '.');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 0 || n > 63 || p[0] == '-' || p[n - 1] == '-') return -ERR_DOMAIN_LABEL;
        for (size_t i = 0; i < n; i++)
            if (!vi_alpha((unsigned char)p[i]) && !vi_digit((unsigned char)p[i]) && p[i] != '-')
                return -ERR_DOMAIN_IDN;
        if (n >= 4 && p[2] == '-' && p[3] == '-' && strncmp(p, "xn", 2) != 0)
            return -ERR_DOMAIN_LABEL;
        count++;
        if (!e) break;
        p = e + 1;
    }
    *labels = count;
    return 0;
}

/* Convert to the A-label form (into the arena); the input is folded. */
static int domain_to_ascii(Arena *a, const char *folded, char **ascii) {
    bool non_ascii = false;
    for (const unsigned char *p = (const unsigned char *)folded; *p; p++)
        if (*p >= 0x80) non_ascii = true;
    if (!non_ascii) {
        *ascii = arena_strdup(a, folded);
        return 0;
    }
    char *out = NULL;
    if (idn2_to_ascii_8z(folded, &out, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL) != IDN2_OK)
        return -ERR_DOMAIN_IDN;
    *ascii = arena_strdup(a, out);
    idn2_free(out);
    for (char *p = *ascii; *p; p++)
        *p = vi_lower(*p);
    return 0;
}

/* The U-label form of an A-label domain, checked by a round trip so that a
** malformed xn-- label is refused. */
static int domain_to_unicode(Arena *a, const char *ascii, char **unicode, bool *idn) {
    *idn = strncmp(ascii, "xn--", 4) == 0 || strstr(ascii, ".xn--") != NULL;
    if (!*idn) {
        *unicode = (char *)ascii;
        return 0;
    }
    char *u = NULL, *back = NULL;
    if (idn2_to_unicode_8z8z(ascii, &u, 0) != IDN2_OK) return -ERR_DOMAIN_IDN;
    int rc = idn2_to_ascii_8z(u, &back, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
    bool same = rc == IDN2_OK && strcasecmp(back, ascii) == 0;
    if (same) *unicode = arena_strdup(a, u);
    idn2_free(u);
    idn2_free(back);
    return same ? 0 : -ERR_DOMAIN_IDN;
}

int domain_parse(Arena *a, const char *s, Domain *out) {
    char b[1024], f[1024];
    if (vi_blank(s)) return -ERR_FIELD_REQUIRED;
    if (vi_copy_trim(s, b, sizeof b) < 0) return -ERR_DOMAIN_TOO_LONG;
    int rc = domain_scan(b);
    if (rc < 0) return rc;
    domain_fold(b, f);
    size_t n = strlen(f);
    if (n && f[n - 1] == '.') f[--n] = 0;
    if (n == 0 || f[0] == '.' || strstr(f, "..")) return -ERR_DOMAIN_LABEL;
    char *ascii, *unicode;
    bool idn;
    int labels;
    if ((rc = domain_to_ascii(a, f, &ascii)) < 0) return rc;
    if ((rc = domain_labels_ok(ascii, &labels)) < 0) return rc;
    const char *tld = strrchr(ascii, '.');
    tld = tld ? tld + 1 : ascii;
    if (vi_all_digits(tld, strlen(tld))) {
        size_t dots = 0;
        for (const char *p = ascii; *p; p++)
            dots += *p == '.';
        bool ip = labels == 4 && strspn(ascii, "0123456789.") == strlen(ascii);
        return ip || dots == 0 ? -ERR_DOMAIN_IP : -ERR_DOMAIN_NO_TLD;
    }
    if (labels < 2) return -ERR_DOMAIN_NO_TLD;
    if ((rc = domain_to_unicode(a, ascii, &unicode, &idn)) < 0) return rc;
    out->ascii = ascii;
    out->unicode = unicode;
    out->tld = tld;
    out->labels = labels;
    out->idn = idn;
    return 0;
}

static bool in_list(const char *s, const char *const *list) {
    for (; *list; list++)
        if (strcmp(*list, s) == 0) return true;
    return false;
}

bool domain_tld_allowed(const char *tld) {
    char b[128];
    if (vi_copy_trim(tld, b, sizeof b) < 0 || !*b) return false;
    for (char *p = b; *p; p++)
        *p = vi_lower(*p);
    if (strncmp(b, "xn--", 4) == 0) {
        char *u = NULL;
        if (idn2_to_unicode_8z8z(b, &u, 0) != IDN2_OK) return false;
        bool ok = in_list(u, tlds_unicode);
        idn2_free(u);
        return ok;
    }
    return in_list(b, tlds_ascii) || in_list(b, tlds_unicode);
}

/* The label before the TLD, copied into out (empty when there is none). */
static void second_label(const Domain *d, char *out, size_t cap) {
    out[0] = 0;
    const char *end = d->tld - 1, *p = end;
    if (d->labels < 2) return;
    while (p > d->ascii && p[-1] != '.')
        p--;
    size_t n = (size_t)(end - p);
    if (n < cap) {
        memcpy(out, p, n);
        out[n] = 0;
    }
}

/* Labels in the registrable domain: 3 under a second-level zone of .cn. */
static int registrable_labels(const Domain *d) {
    char sl[64];
    second_label(d, sl, sizeof sl);
    return strcmp(d->tld, "cn") == 0 && in_list(sl, cn_zones) ? 3 : 2;
}

/* The last k labels of s. */
static const char *last_labels(const char *s, int k) {
    const char *p = s + strlen(s);
    while (p > s) {
        if (p[-1] == '.' && --k == 0) return p;
        p--;
    }
    return s;
}

int domain_registrable(Arena *a, const char *s, Domain *out) {
    Domain d;
    int rc = domain_parse(a, s, &d);
    if (rc < 0) return rc;
    int k = registrable_labels(&d);
    if (d.labels < k) return -ERR_DOMAIN_SUFFIX_ONLY;
    d.ascii = last_labels(d.ascii, k);
    d.unicode = last_labels(d.unicode, k);
    d.labels = k;
    *out = d;
    return 0;
}

static bool unicode_tld_is(const Domain *d, const char *tld) {
    size_t n = strlen(d->unicode), t = strlen(tld);
    return n > t && d->unicode[n - t - 1] == '.' && strcmp(d->unicode + n - t, tld) == 0;
}

const char *domain_drop_www(const char *s) {
    s += strspn(s, " ");
    return strncasecmp(s, "www.", 4) == 0 ? s + 4 : s;
}

int domain_check_filing(Arena *a, const char *s, SubjectNature n, Domain *out) {
    Domain d;
    int rc = domain_parse(a, s, &d);
    if (rc < 0) return rc;
    if (!domain_tld_allowed(d.tld)) return -ERR_DOMAIN_TLD;
    int k = registrable_labels(&d);
    if (d.labels < k) return -ERR_DOMAIN_SUFFIX_ONLY;
    if (d.labels > k) return -ERR_DOMAIN_SUBDOMAIN;
    char sl[64];
    second_label(&d, sl, sizeof sl);
    bool gov = (strcmp(d.tld, "cn") == 0 && strcmp(sl, "gov") == 0) || unicode_tld_is(&d, "政务");
    if (gov && n != NATURE_GOVERNMENT) return -ERR_DOMAIN_GOV;
    if (!gov && n == NATURE_GOVERNMENT) return -ERR_DOMAIN_GOV_REQUIRED;
    if (strcmp(d.tld, "cn") == 0 && strcmp(sl, "mil") == 0 && n != NATURE_MILITARY)
        return -ERR_DOMAIN_MIL;
    if (unicode_tld_is(&d, "公益") && n != NATURE_INSTITUTION) return -ERR_DOMAIN_GONGYI;
    if (out) *out = d;
    return 0;
}

bool domain_within(const char *host, const char *domain) {
    if (!host || !domain) return false;
    size_t h = strlen(host), d = strlen(domain);
    if (d == 0 || h < d) return false;
    if (strcasecmp(host + h - d, domain) != 0) return false;
    return h == d || host[h - d - 1] == '.';
}

/* ------------------------------------------------------------------- IP */

int ip_parse(const char *s, IpAddr *out) {
    char b[64];
    IpAddr ip = {0};
    if (vi_blank(s)) return -ERR_FIELD_REQUIRED;
    if (vi_copy_trim(s, b, sizeof b) < 0) return -ERR_IP_FORMAT;
    ip.family = strchr(b, ':') ? AF_INET6 : AF_INET;
    if (inet_pton(ip.family, b, ip.bytes) != 1) return -ERR_IP_FORMAT;
    if (!inet_ntop(ip.family, ip.bytes, ip.text, sizeof ip.text)) return -ERR_IP_FORMAT;
    *out = ip;
    return 0;
}

typedef struct IpRange {
    const char *prefix;
    int bits;
    IpScope scope;
} IpRange;

/* Special-purpose ranges (IANA IPv4/IPv6 special-purpose registries), first
** match wins. */
static const IpRange ranges[] = {
    {"0.0.0.0", 32, IP_SCOPE_UNSPECIFIED},
    {"0.0.0.0", 8, IP_SCOPE_RESERVED},
    {"10.0.0.0", 8, IP_SCOPE_PRIVATE},
    {"100.64.0.0", 10, IP_SCOPE_PRIVATE},
    {"127.0.0.0", 8, IP_SCOPE_LOOPBACK},
    {"169.254.0.0", 16, IP_SCOPE_LINK_LOCAL},
    {"172.16.0.0", 12, IP_SCOPE_PRIVATE},
    {"192.0.0.0", 24, IP_SCOPE_RESERVED},
    {"192.0.2.0", 24, IP_SCOPE_DOCUMENTATION},
    {"192.88.99.0", 24, IP_SCOPE_RESERVED},
    {"192.168.0.0", 16, IP_SCOPE_PRIVATE},
    {"198.18.0.0", 15, IP_SCOPE_RESERVED},
    {"198.51.100.0", 24, IP_SCOPE_DOCUMENTATION},
    {"203.0.113.0", 24, IP_SCOPE_DOCUMENTATION},
    {"224.0.0.0", 4, IP_SCOPE_MULTICAST},
    {"240.0.0.0", 4, IP_SCOPE_RESERVED},
    {"::", 128, IP_SCOPE_UNSPECIFIED},
    {"::1", 128, IP_SCOPE_LOOPBACK},
    {"::ffff:0:0", 96, IP_SCOPE_RESERVED},
    {"64:ff9b::", 96, IP_SCOPE_RESERVED},
    {"64:ff9b:1::", 48, IP_SCOPE_RESERVED},
    {"100::", 64, IP_SCOPE_RESERVED},
    {"2001::", 23, IP_SCOPE_RESERVED},
    {"2001:db8::", 32, IP_SCOPE_DOCUMENTATION},
    {"2002::", 16, IP_SCOPE_RESERVED},
    {"3fff::", 20, IP_SCOPE_DOCUMENTATION},
    {"fc00::", 7, IP_SCOPE_PRIVATE},
    {"fe80::", 10, IP_SCOPE_LINK_LOCAL},
    {"ff00::", 8, IP_SCOPE_MULTICAST},
};

static bool prefix_match(const unsigned char *a, const unsigned char *b, int bits) {
    int whole = bits / 8, rest = bits % 8;
    if (memcmp(a, b, (size_t)whole) != 0) return false;
    if (rest == 0) return true;
    unsigned char mask = (unsigned char)(0xFF << (8 - rest));
    return (a[whole] & mask) == (b[whole] & mask);
}

IpScope ip_scope(const IpAddr *ip) {
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
        int fam = strchr(ranges[i].prefix, ':') ? AF_INET6 : AF_INET;
        unsigned char pfx[16];
        if (fam != ip->family || inet_pton(fam, ranges[i].prefix, pfx) != 1) continue;
        if (prefix_match(ip->bytes, pfx, ranges[i].bits)) return ranges[i].scope;
    }
    /* IPv6 global unicast is 2000::/3; the rest is unassigned. */
    if (ip->family == AF_INET6 && (ip->bytes[0] & 0xE0) != 0x20) return IP_SCOPE_RESERVED;
    return IP_SCOPE_PUBLIC;
}

int ip_check_public(Arena *a, const char *s, char **out) {
    static const int errs[] = {
        [IP_SCOPE_PUBLIC] = 0,
        [IP_SCOPE_UNSPECIFIED] = -ERR_IP_UNSPECIFIED,
        [IP_SCOPE_LOOPBACK] = -ERR_IP_LOOPBACK,
        [IP_SCOPE_PRIVATE] = -ERR_IP_PRIVATE,
        [IP_SCOPE_LINK_LOCAL] = -ERR_IP_LINK_LOCAL,
        [IP_SCOPE_MULTICAST] = -ERR_IP_MULTICAST,
        [IP_SCOPE_DOCUMENTATION] = -ERR_IP_DOCUMENTATION,
        [IP_SCOPE_RESERVED] = -ERR_IP_RESERVED,
    };
    IpAddr ip;
    int rc = ip_parse(s, &ip);
    if (rc < 0) return rc;
    rc = errs[ip_scope(&ip)];
    if (rc == 0 && out) *out = arena_strdup(a, ip.text);
    return rc;
}

/* One range "prefix/bits" into its family, bytes and bits. */
static int cidr_parse(const char *s, IpAddr *net, int *bits) {
    char b[80];
    if (vi_copy_trim(s, b, sizeof b) < 0) return -ERR_CIDR_FORMAT;
    char *slash = strchr(b, '/');
    if (!slash || !slash[1] || strlen(slash + 1) > 3 ||
        !vi_all_digits(slash + 1, strlen(slash + 1)))
        return -ERR_CIDR_FORMAT;
    *slash = 0;
    *bits = atoi(slash + 1);
    if (ip_parse(b, net) < 0) return -ERR_CIDR_FORMAT;
    int max = net->family == AF_INET ? 32 : 128;
    if (*bits < 1 || *bits > max) return -ERR_CIDR_FORMAT;
    /* Host bits set (203.119.10.8/16) are a typo more often than a range. */
    for (int i = *bits; i < max; i++)
        if (net->bytes[i / 8] & (0x80 >> (i % 8))) return -ERR_CIDR_FORMAT;
    return 0;
}

/* The next item of a list separated by newlines, commas or spaces, copied
** into item (cap); returns the rest, or NULL at the end. */
static const char *cidr_next(const char *p, char *item, size_t cap) {
    p += strspn(p, " \t\r\n,");
    if (!*p) return NULL;
    size_t n = strcspn(p, " \t\r\n,");
    snprintf(item, cap, "%.*s", (int)(n < cap ? n : cap - 1), p);
    if (n >= cap) item[0] = 0; /* too long: refused by cidr_parse */
    return p + n;
}

int cidr_list_check(Arena *a, const char *list, char **out) {
    Buf b;
    buf_init(&b, a);
    char item[96];
    for (const char *p = list ? list : ""; (p = cidr_next(p, item, sizeof item));) {
        IpAddr net;
        int bits;
        if (cidr_parse(item, &net, &bits) < 0) return -ERR_CIDR_FORMAT;
        buf_printf(&b, "%s%s/%d", b.len ? "\n" : "", net.text, bits);
    }
    if (out) *out = b.data ? b.data : arena_strdup(a, "");
    return 0;
}

bool cidr_list_contains(const char *list, const IpAddr *ip) {
    char item[96];
    for (const char *p = list ? list : ""; (p = cidr_next(p, item, sizeof item));) {
        IpAddr net;
        int bits;
        if (cidr_parse(item, &net, &bits) == 0 && net.family == ip->family &&
            prefix_match(ip->bytes, net.bytes, bits))
            return true;
    }
    return false;
}

/* ------------------------------------------------------------- home URL */

/* Characters a URL's path, query or fragment may carry as typed: printable
** ASCII except space and " < > \ ^ ` { | }, and valid UTF-8. */
static bool url_rest_ok(const char *p) {
    for (const unsigned char *q = (const unsigned char *)p; *q; q++)
        if (*q <= 0x20 || *q == 0x7F || (*q < 0x80 && strchr("\"<>\\^`{|}", *q))) return false;
    return utf8_valid(p, strlen(p));
}

/* Split the authority off: host into host (cap 512) and the port check. */
static int url_host(const char *auth, size_t n, bool https, char *host, size_t cap) {
    if (n == 0 || n >= cap || memchr(auth, '@', n)) return -ERR_HOME_URL_FORMAT;
    if (auth[0] == '[') return -ERR_HOME_URL_HOST;
    memcpy(host, auth, n);
    host[n] = 0;
    char *colon = strrchr(host, ':');
    if (!colon) return 0;
    *colon = 0;
    size_t pl = strlen(colon + 1);
    if (pl == 0 || pl > 5 || !vi_all_digits(colon + 1, pl)) return -ERR_HOME_URL_FORMAT;
    int port = atoi(colon + 1);
    return port == (https ? 443 : 80) ? 0 : -ERR_HOME_URL_PORT;
}

int home_url_check(Arena *a, const char *url, const char *domain, char **out) {
    char b[2048], host[512];
    if (vi_blank(url)) return -ERR_FIELD_REQUIRED;
    if (vi_copy_trim(url, b, sizeof b) < 0) return -ERR_HOME_URL_FORMAT;
    bool https = strncasecmp(b, "https://", 8) == 0;
    if (!https && strncasecmp(b, "http://", 7) != 0) return -ERR_HOME_URL_FORMAT;
    const char *auth = b + (https ? 8 : 7);
    size_t n = strcspn(auth, "/?#");
    const char *rest = auth + n;
    int rc = url_host(auth, n, https, host, sizeof host);
    if (rc < 0) return rc;
    if (!url_rest_ok(rest)) return -ERR_HOME_URL_FORMAT;
    Domain site, h;
    if ((rc = domain_parse(a, domain, &site)) < 0) return rc;
    if (domain_parse(a, host, &h) < 0 || !domain_within(h.ascii, site.ascii))
        return -ERR_HOME_URL_HOST;
    if (out) *out = arena_printf(a, "%s://%s%s", https ? "https" : "http", h.unicode, rest);
    return 0;
}
