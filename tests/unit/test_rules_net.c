/*
** Unit tests for src/rules/validate_net.c: domain normalisation and IDN
** conversion, the TLD list, registrable domains and the filing rules, IP
** addresses and their scopes, the home URL.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/err.h"
#include "rules/validate.h"

static Arena arena;

static int setup(void **state) {
    (void)state;
    arena_init(&arena);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    arena_free(&arena);
    return 0;
}

static void parse_ok(const char *in, const char *ascii, const char *unicode, int labels) {
    Domain d;
    int rc = domain_parse(&arena, in, &d);
    if (rc != 0) fail_msg("domain_parse(%s): %s", in, err_name(rc));
    assert_string_equal(d.ascii, ascii);
    assert_string_equal(d.unicode, unicode);
    assert_int_equal(d.labels, labels);
    assert_int_equal(d.idn, strcmp(ascii, unicode) != 0);
}

static int parse(const char *in) {
    Domain d;
    return domain_parse(&arena, in, &d);
}

/* first.<62 a>.<62 a>.<61 a>.cn with a first label of n octets. */
static const char *long_domain(int first) {
    static char b[300];
    const int sizes[4] = {first, 62, 62, 61};
    size_t o = 0;
    for (int i = 0; i < 4; i++) {
        memset(b + o, 'a', (size_t)sizes[i]);
        o += (size_t)sizes[i];
        b[o++] = '.';
    }
    strcpy(b + o, "cn");
    return b;
}

static void test_domain_parse(void **state) {
    (void)state;
    parse_ok("example.com", "example.com", "example.com", 2);
    parse_ok("  Example.COM.  ", "example.com", "example.com", 2);
    parse_ok("www.example.com.cn", "www.example.com.cn", "www.example.com.cn", 4);
    parse_ok("a-b.example.org", "a-b.example.org", "a-b.example.org", 3);
    /* Chinese IDNs (IDNA2008): A-labels checked against an independent encoder. */
    parse_ok("中文网.中国", "xn--fiq228c5hs.xn--fiqs8s", "中文网.中国", 2);
    parse_ok("例子.com", "xn--fsqu00a.com", "例子.com", 2);
    parse_ok("北京大学.cn", "xn--1lq90ic7fzpc.cn", "北京大学.cn", 2);
    parse_ok("例子。公司", "xn--fsqu00a.xn--55qx5d", "例子.公司", 2); /* ideographic full stop */
    parse_ok("例子．网络", "xn--fsqu00a.xn--io0a7i", "例子.网络", 2); /* full-width full stop */
    /* A-label input gives the U-label form back. */
    parse_ok("XN--FIQ228C5HS.xn--fiqs8s", "xn--fiq228c5hs.xn--fiqs8s", "中文网.中国", 2);
    /* Things pasted instead of a domain. */
    assert_int_equal(parse("http://example.com"), -ERR_DOMAIN_URL);
    assert_int_equal(parse("example.com/index.html"), -ERR_DOMAIN_URL);
    assert_int_equal(parse("example.com:8080"), -ERR_DOMAIN_URL);
    assert_int_equal(parse("user@example.com"), -ERR_DOMAIN_URL);
    assert_int_equal(parse("example.com?a=1"), -ERR_DOMAIN_URL);
    assert_int_equal(parse("*.example.com"), -ERR_DOMAIN_WILDCARD);
    assert_int_equal(parse("exa mple.com"), -ERR_DOMAIN_CHARS);
    assert_int_equal(parse("exa_mple.com"), -ERR_DOMAIN_CHARS);
    assert_int_equal(parse("example!.com"), -ERR_DOMAIN_CHARS);
    assert_int_equal(parse(""), -ERR_FIELD_REQUIRED);
    /* Label rules. */
    assert_int_equal(parse("-example.com"), -ERR_DOMAIN_LABEL);
    assert_int_equal(parse("example-.com"), -ERR_DOMAIN_LABEL);
    assert_int_equal(parse("example..com"), -ERR_DOMAIN_LABEL);
    assert_int_equal(parse(".example.com"), -ERR_DOMAIN_LABEL);
    assert_int_equal(parse("ab--cd.com"), -ERR_DOMAIN_LABEL);
    assert_int_equal(parse("xn--zz.com"), -ERR_DOMAIN_IDN); /* not valid punycode */
    char label[70];
    memset(label, 'a', 63);
    strcpy(label + 63, ".com");
    assert_int_equal(parse(label), 0);
    memset(label, 'a', 64);
    strcpy(label + 64, ".com");
    assert_int_equal(parse(label), -ERR_DOMAIN_LABEL);
    /* 253 octets in all: labels of 62, 62, 62, 61 and "cn"; one more is 254. */
    assert_int_equal(parse(long_domain(62)), 0);
    assert_int_equal(parse(long_domain(63)), -ERR_DOMAIN_TOO_LONG);
    assert_int_equal(parse("localhost"), -ERR_DOMAIN_NO_TLD);
    assert_int_equal(parse("中国"), -ERR_DOMAIN_NO_TLD);
    assert_int_equal(parse("192.168.1.1"), -ERR_DOMAIN_IP);
    assert_int_equal(parse("example.123"), -ERR_DOMAIN_NO_TLD);
}

static void test_tld_list(void **state) {
    (void)state;
    assert_true(domain_tld_allowed("com"));
    assert_true(domain_tld_allowed("CN"));
    assert_true(domain_tld_allowed("top"));
    assert_true(domain_tld_allowed("中国"));
    assert_true(domain_tld_allowed("xn--fiqs8s")); /* 中国 */
    assert_true(domain_tld_allowed("xn--55qx5d")); /* 公司 */
    assert_true(domain_tld_allowed("xn--io0a7i")); /* 网络 */
    assert_false(domain_tld_allowed("io"));
    assert_false(domain_tld_allowed("me"));
    assert_false(domain_tld_allowed("ai"));
    assert_false(domain_tld_allowed("xn--0zwm56d")); /* 测试 */
    assert_false(domain_tld_allowed(""));
}

static void registrable_ok(const char *in, const char *ascii, const char *unicode) {
    Domain d;
    int rc = domain_registrable(&arena, in, &d);
    if (rc != 0) fail_msg("domain_registrable(%s): %s", in, err_name(rc));
    assert_string_equal(d.ascii, ascii);
    assert_string_equal(d.unicode, unicode);
}

static void test_registrable(void **state) {
    (void)state;
    registrable_ok("www.example.com.cn", "example.com.cn", "example.com.cn");
    registrable_ok("example.com.cn", "example.com.cn", "example.com.cn");
    registrable_ok("a.b.example.com", "example.com", "example.com");
    registrable_ok("www.pku.edu.cn", "pku.edu.cn", "pku.edu.cn");
    registrable_ok("www.beijing.gov.cn", "beijing.gov.cn", "beijing.gov.cn");
    registrable_ok("news.example.bj.cn", "example.bj.cn", "example.bj.cn");
    registrable_ok("www.example.cn", "example.cn", "example.cn");
    registrable_ok("www.中文网.中国", "xn--fiq228c5hs.xn--fiqs8s", "中文网.中国");
    registrable_ok("bbs.例子.com", "xn--fsqu00a.com", "例子.com");
    Domain d;
    assert_int_equal(domain_registrable(&arena, "com.cn", &d), -ERR_DOMAIN_SUFFIX_ONLY);
    assert_int_equal(domain_registrable(&arena, "gd.cn", &d), -ERR_DOMAIN_SUFFIX_ONLY);
    /* "abc.cn" is an ordinary name, not a zone. */
    registrable_ok("www.abc.cn", "abc.cn", "abc.cn");
    assert_true(domain_within("www.example.com", "example.com"));
    assert_true(domain_within("example.com", "example.com"));
    assert_true(domain_within("A.B.Example.com", "example.com"));
    assert_false(domain_within("badexample.com", "example.com"));
    assert_false(domain_within("example.com.evil.cn", "example.com"));
    assert_false(domain_within("com", "example.com"));
}

static int filing(const char *in, SubjectNature n) {
    Domain d;
    return domain_check_filing(&arena, in, n, &d);
}

static void test_domain_filing(void **state) {
    (void)state;
    assert_int_equal(filing("example.com", NATURE_ENTERPRISE), 0);
    assert_int_equal(filing("example.com.cn", NATURE_ENTERPRISE), 0);
    assert_int_equal(filing("中文网.中国", NATURE_INDIVIDUAL), 0);
    assert_int_equal(filing("例子.com", NATURE_INDIVIDUAL), 0);
    assert_int_equal(filing("example.io", NATURE_ENTERPRISE), -ERR_DOMAIN_TLD);
    assert_int_equal(filing("例子.测试", NATURE_ENTERPRISE), -ERR_DOMAIN_TLD);
    assert_int_equal(filing("www.example.com", NATURE_ENTERPRISE), -ERR_DOMAIN_SUBDOMAIN);
    assert_int_equal(filing("shop.example.com.cn", NATURE_ENTERPRISE), -ERR_DOMAIN_SUBDOMAIN);
    assert_int_equal(filing("com.cn", NATURE_ENTERPRISE), -ERR_DOMAIN_SUFFIX_ONLY);
    /* gov.cn and .政务: government only, and government always. */
    assert_int_equal(filing("beijing.gov.cn", NATURE_GOVERNMENT), 0);
    assert_int_equal(filing("北京.政务", NATURE_GOVERNMENT), 0);
    assert_int_equal(filing("beijing.gov.cn", NATURE_ENTERPRISE), -ERR_DOMAIN_GOV);
    assert_int_equal(filing("北京.政务", NATURE_INSTITUTION), -ERR_DOMAIN_GOV);
    assert_int_equal(filing("beijing.com.cn", NATURE_GOVERNMENT), -ERR_DOMAIN_GOV_REQUIRED);
    assert_int_equal(filing("www.beijing.gov.cn", NATURE_GOVERNMENT), -ERR_DOMAIN_SUBDOMAIN);
    /* mil.cn: the military; .公益: public institutions. */
    assert_int_equal(filing("example.mil.cn", NATURE_MILITARY), 0);
    assert_int_equal(filing("example.mil.cn", NATURE_SOCIAL_ORG), -ERR_DOMAIN_MIL);
    assert_int_equal(filing("红十字.公益", NATURE_INSTITUTION), 0);
    assert_int_equal(filing("红十字.公益", NATURE_ENTERPRISE), -ERR_DOMAIN_GONGYI);
    assert_int_equal(filing("http://example.com", NATURE_ENTERPRISE), -ERR_DOMAIN_URL);
}

static void ip_ok(const char *in, const char *text) {
    char *out = NULL;
    int rc = ip_check_public(&arena, in, &out);
    if (rc != 0) fail_msg("ip_check_public(%s): %s", in, err_name(rc));
    assert_string_equal(out, text);
}

static int ip(const char *in) {
    char *out;
    return ip_check_public(&arena, in, &out);
}

static void test_ip(void **state) {
    (void)state;
    ip_ok("8.8.8.8", "8.8.8.8");
    ip_ok(" 114.114.114.114 ", "114.114.114.114");
    ip_ok("2400:3200::1", "2400:3200::1");
    ip_ok("2400:3200:0000:0000:0000:0000:0000:0001", "2400:3200::1");
    ip_ok("2001:DA8:8000::1", "2001:da8:8000::1");
    ip_ok("100.63.255.255", "100.63.255.255");   /* just below 100.64/10 */
    ip_ok("172.32.0.1", "172.32.0.1");           /* just above 172.16/12 */
    ip_ok("223.255.255.255", "223.255.255.255"); /* below multicast */
    assert_int_equal(ip("1.2.3"), -ERR_IP_FORMAT);
    assert_int_equal(ip("256.1.1.1"), -ERR_IP_FORMAT);
    assert_int_equal(ip("01.2.3.4"), -ERR_IP_FORMAT);
    assert_int_equal(ip("1.2.3.4/24"), -ERR_IP_FORMAT);
    assert_int_equal(ip("fe80::1%eth0"), -ERR_IP_FORMAT);
    assert_int_equal(ip("2400:3200::1::2"), -ERR_IP_FORMAT);
    assert_int_equal(ip("example.com"), -ERR_IP_FORMAT);
    assert_int_equal(ip(""), -ERR_FIELD_REQUIRED);
    assert_int_equal(ip("0.0.0.0"), -ERR_IP_UNSPECIFIED);
    assert_int_equal(ip("::"), -ERR_IP_UNSPECIFIED);
    assert_int_equal(ip("0.1.2.3"), -ERR_IP_RESERVED);
    assert_int_equal(ip("127.0.0.1"), -ERR_IP_LOOPBACK);
    assert_int_equal(ip("127.255.0.9"), -ERR_IP_LOOPBACK);
    assert_int_equal(ip("::1"), -ERR_IP_LOOPBACK);
    assert_int_equal(ip("10.1.2.3"), -ERR_IP_PRIVATE);
    assert_int_equal(ip("172.16.0.1"), -ERR_IP_PRIVATE);
    assert_int_equal(ip("172.31.255.255"), -ERR_IP_PRIVATE);
    assert_int_equal(ip("192.168.1.1"), -ERR_IP_PRIVATE);
    assert_int_equal(ip("100.64.0.1"), -ERR_IP_PRIVATE);
    assert_int_equal(ip("fd12:3456::1"), -ERR_IP_PRIVATE);
    assert_int_equal(ip("fc00::1"), -ERR_IP_PRIVATE);
    assert_int_equal(ip("169.254.10.1"), -ERR_IP_LINK_LOCAL);
    assert_int_equal(ip("fe80::1"), -ERR_IP_LINK_LOCAL);
    assert_int_equal(ip("224.0.0.1"), -ERR_IP_MULTICAST);
    assert_int_equal(ip("239.255.255.250"), -ERR_IP_MULTICAST);
    assert_int_equal(ip("ff02::1"), -ERR_IP_MULTICAST);
    assert_int_equal(ip("192.0.2.1"), -ERR_IP_DOCUMENTATION);
    assert_int_equal(ip("198.51.100.7"), -ERR_IP_DOCUMENTATION);
    assert_int_equal(ip("203.0.113.5"), -ERR_IP_DOCUMENTATION);
    assert_int_equal(ip("2001:db8::1"), -ERR_IP_DOCUMENTATION);
    assert_int_equal(ip("240.0.0.1"), -ERR_IP_RESERVED);
    assert_int_equal(ip("255.255.255.255"), -ERR_IP_RESERVED);
    assert_int_equal(ip("198.18.0.1"), -ERR_IP_RESERVED);
    assert_int_equal(ip("192.0.0.8"), -ERR_IP_RESERVED);
    assert_int_equal(ip("::ffff:8.8.8.8"), -ERR_IP_RESERVED);
    assert_int_equal(ip("2002:c000:0204::1"), -ERR_IP_RESERVED);
    assert_int_equal(ip("2001::1"), -ERR_IP_RESERVED); /* Teredo */
    assert_int_equal(ip("4000::1"), -ERR_IP_RESERVED); /* outside 2000::/3 */
    IpAddr a;
    assert_int_equal(ip_parse("10.0.0.1", &a), 0);
    assert_int_equal(ip_scope(&a), IP_SCOPE_PRIVATE);
}

static void url_ok(const char *url, const char *domain, const char *want) {
    char *out = NULL;
    int rc = home_url_check(&arena, url, domain, &out);
    if (rc != 0) fail_msg("home_url_check(%s): %s", url, err_name(rc));
    assert_string_equal(out, want);
}

static int url(const char *u, const char *domain) {
    char *out;
    return home_url_check(&arena, u, domain, &out);
}

static void test_home_url(void **state) {
    (void)state;
    url_ok("http://example.com", "example.com", "http://example.com");
    url_ok("https://www.example.com/", "example.com", "https://www.example.com/");
    url_ok("HTTPS://WWW.Example.COM/index.html?a=1#top", "example.com",
           "https://www.example.com/index.html?a=1#top");
    url_ok("http://www.example.com:80/", "example.com", "http://www.example.com/");
    url_ok("https://example.com:443", "example.com", "https://example.com");
    url_ok("http://www.中文网.中国/", "中文网.中国", "http://www.中文网.中国/");
    url_ok("http://www.xn--fiq228c5hs.xn--fiqs8s", "中文网.中国", "http://www.中文网.中国");
    url_ok("https://a.b.example.com.cn/x", "example.com.cn", "https://a.b.example.com.cn/x");
    assert_int_equal(url("www.example.com", "example.com"), -ERR_HOME_URL_FORMAT);
    assert_int_equal(url("ftp://example.com", "example.com"), -ERR_HOME_URL_FORMAT);
    assert_int_equal(url("http://", "example.com"), -ERR_HOME_URL_FORMAT);
    assert_int_equal(url("http://user:pw@example.com/", "example.com"), -ERR_HOME_URL_FORMAT);
    assert_int_equal(url("http://example.com/a b", "example.com"), -ERR_HOME_URL_FORMAT);
    assert_int_equal(url("http://example.com:abc/", "example.com"), -ERR_HOME_URL_FORMAT);
    assert_int_equal(url("http://example.com:8080/", "example.com"), -ERR_HOME_URL_PORT);
    assert_int_equal(url("https://example.com:80/", "example.com"), -ERR_HOME_URL_PORT);
    assert_int_equal(url("http://badexample.com/", "example.com"), -ERR_HOME_URL_HOST);
    assert_int_equal(url("http://example.com.evil.cn/", "example.com"), -ERR_HOME_URL_HOST);
    assert_int_equal(url("http://8.8.8.8/", "example.com"), -ERR_HOME_URL_HOST);
    assert_int_equal(url("http://[2400:3200::1]/", "example.com"), -ERR_HOME_URL_HOST);
    assert_int_equal(url("http://example.com/", "http://example.com"), -ERR_DOMAIN_URL);
    assert_int_equal(url("", "example.com"), -ERR_FIELD_REQUIRED);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_domain_parse), cmocka_unit_test(test_tld_list),
        cmocka_unit_test(test_registrable),  cmocka_unit_test(test_domain_filing),
        cmocka_unit_test(test_ip),           cmocka_unit_test(test_home_url),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
