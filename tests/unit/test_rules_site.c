/*
** Unit tests for src/rules/validate_site.c and src/rules/preapproval.c: the
** site-name rules one by one, the pre-approval keywords, description and
** address lengths.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/err.h"
#include "rules/preapproval.h"
#include "rules/validate.h"

#define BBS PREAPPROVAL_BIT(PREAPPROVAL_BBS)

static int name(const char *s, SubjectNature n) {
    return site_name_check(s, n, "example.com", 0);
}

static void test_site_name_good(void **state) {
    (void)state;
    assert_int_equal(name("张三的博客", NATURE_INDIVIDUAL), 0);
    assert_int_equal(name("小明的技术笔记", NATURE_INDIVIDUAL), 0);
    assert_int_equal(name("北京示例科技有限公司", NATURE_ENTERPRISE), 0);
    assert_int_equal(name("示例科技官网", NATURE_ENTERPRISE), 0);
    assert_int_equal(name("ABC 示例科技 (北京)", NATURE_ENTERPRISE), 0);
    assert_int_equal(name("示例科技（北京）", NATURE_ENTERPRISE), 0);
    assert_int_equal(name("示例·科技-云_平台", NATURE_ENTERPRISE), 0);
    assert_int_equal(name("  张三的博客  ", NATURE_INDIVIDUAL), 0);
    /* State bodies may use the reserved openings and 政府. */
    assert_int_equal(name("中国政府网", NATURE_GOVERNMENT), 0);
    assert_int_equal(name("国家统计局", NATURE_GOVERNMENT), 0);
    assert_int_equal(name("人民子弟兵", NATURE_MILITARY), 0);
    /* 论坛 with the BBS pre-approval declared. */
    assert_int_equal(site_name_check("示例科技论坛", NATURE_ENTERPRISE, "example.com", BBS), 0);
    /* Without a domain the domain rule is skipped. */
    assert_int_equal(site_name_check("张三的博客", NATURE_INDIVIDUAL, NULL, 0), 0);
}

static void test_site_name_rules(void **state) {
    (void)state;
    assert_int_equal(name("", NATURE_INDIVIDUAL), -ERR_FIELD_REQUIRED);
    assert_int_equal(name("张三\xe7\x9a", NATURE_INDIVIDUAL), -ERR_FIELD_UTF8);
    /* 64 characters pass, 65 do not. */
    char b[256] = "";
    for (int i = 0; i < 64; i++)
        strcat(b, "博");
    assert_int_equal(name(b, NATURE_INDIVIDUAL), 0);
    strcat(b, "客");
    assert_int_equal(name(b, NATURE_INDIVIDUAL), -ERR_SITE_NAME_LENGTH);
    /* The domain, in any spelling. */
    assert_int_equal(name("example.com", NATURE_ENTERPRISE), -ERR_SITE_NAME_DOMAIN);
    assert_int_equal(name("WWW.Example.com", NATURE_ENTERPRISE), -ERR_SITE_NAME_DOMAIN);
    assert_int_equal(
        site_name_check("中文网.中国", NATURE_ENTERPRISE, "xn--fiq228c5hs.xn--fiqs8s", 0),
        -ERR_SITE_NAME_DOMAIN);
    assert_int_equal(site_name_check("xn--fsqu00a.com", NATURE_ENTERPRISE, "例子.com", 0),
                     -ERR_SITE_NAME_DOMAIN);
    /* A full-width or ideographic dot still goes through the parse. */
    assert_int_equal(site_name_check("中文网。中国", NATURE_ENTERPRISE, "中文网.中国", 0),
                     -ERR_SITE_NAME_DOMAIN);
    assert_int_equal(site_name_check("例子．ｃｏｍ", NATURE_ENTERPRISE, "例子.com", 0),
                     -ERR_SITE_NAME_DOMAIN);
    /* One label of ASCII and ideographs is never the domain. */
    assert_int_equal(site_name_check("例子网站", NATURE_ENTERPRISE, "例子网站.com", 0), 0);
    /* Symbols. */
    assert_int_equal(name("张三的博客！", NATURE_INDIVIDUAL), -ERR_SITE_NAME_SYMBOL);
    assert_int_equal(name("张三的博客.com", NATURE_INDIVIDUAL), -ERR_SITE_NAME_SYMBOL);
    assert_int_equal(name("张三，的博客", NATURE_INDIVIDUAL), -ERR_SITE_NAME_SYMBOL);
    assert_int_equal(name("张三的博客😀", NATURE_INDIVIDUAL), -ERR_SITE_NAME_SYMBOL);
    assert_int_equal(name("《张三的博客》", NATURE_INDIVIDUAL), -ERR_SITE_NAME_SYMBOL);
    assert_int_equal(name("张三的博客ＡＢ", NATURE_INDIVIDUAL), -ERR_SITE_NAME_SYMBOL);
    /* Letters and digits only. */
    assert_int_equal(name("MyBlog2024", NATURE_INDIVIDUAL), -ERR_SITE_NAME_ALNUM);
    assert_int_equal(name("my blog", NATURE_INDIVIDUAL), -ERR_SITE_NAME_ALNUM);
    assert_int_equal(name("12345", NATURE_INDIVIDUAL), -ERR_SITE_NAME_ALNUM);
    /* At least 3 汉字. */
    assert_int_equal(name("博客", NATURE_INDIVIDUAL), -ERR_SITE_NAME_CHINESE);
    assert_int_equal(name("ABC博客", NATURE_INDIVIDUAL), -ERR_SITE_NAME_CHINESE);
    assert_int_equal(name("- _ ·", NATURE_INDIVIDUAL), -ERR_SITE_NAME_CHINESE);
    assert_int_equal(name("我的博客", NATURE_INDIVIDUAL), 0);
    /* Prohibited words, for everybody. */
    assert_int_equal(name("快乐赌博乐园", NATURE_ENTERPRISE), -ERR_SITE_NAME_SENSITIVE);
    assert_int_equal(name("示例色情图库", NATURE_GOVERNMENT), -ERR_SITE_NAME_SENSITIVE);
    /* 反腐 and 廉政: only state bodies. */
    assert_int_equal(name("示例廉政之窗", NATURE_ENTERPRISE), -ERR_SITE_NAME_SENSITIVE);
    assert_int_equal(name("清风廉政网", NATURE_GOVERNMENT), 0);
    /* 成人教育 is a sector, not a prohibited word. */
    assert_int_equal(name("示例成人教育", NATURE_INSTITUTION), 0);
    /* Reserved openings, non-state natures. */
    static const char *const reserved[] = {
        "中国示例科技", "中央示例科技", "国家示例科技", "中华示例科技", "人大代表之家",
        "人民示例科技", "反腐示例之窗", "纪检示例之窗", "监察示例之窗", "信访示例之窗",
        "维权示例之家", "投诉示例之家", "全国示例联盟",
    };
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++) {
        int rc = name(reserved[i], NATURE_ENTERPRISE);
        if (rc != -ERR_SITE_NAME_RESERVED && rc != -ERR_SITE_NAME_SENSITIVE)
            fail_msg("%s: %s", reserved[i], err_name(rc));
    }
    assert_int_equal(name("中国示例科技", NATURE_INSTITUTION), -ERR_SITE_NAME_RESERVED);
    assert_int_equal(name("中国示例科技", NATURE_INDIVIDUAL), -ERR_SITE_NAME_RESERVED);
    /* Not at the start: allowed. */
    assert_int_equal(name("示例科技中国站", NATURE_ENTERPRISE), 0);
    /* 政府 for non-government bodies. */
    assert_int_equal(name("示例市人民政府", NATURE_SOCIAL_ORG), -ERR_SITE_NAME_GOVERNMENT);
    assert_int_equal(name("示例政府服务", NATURE_ENTERPRISE), -ERR_SITE_NAME_GOVERNMENT);
    /* 论坛 without BBS. */
    assert_int_equal(name("示例科技论坛", NATURE_ENTERPRISE), -ERR_SITE_NAME_BBS);
    assert_int_equal(site_name_check("示例科技论坛", NATURE_ENTERPRISE, "example.com",
                                     PREAPPROVAL_BIT(PREAPPROVAL_NEWS)),
                     -ERR_SITE_NAME_BBS);
    /* Personal sites that sound like organisations. */
    static const char *const org[] = {
        "张三科技有限公司", "张三集团官网", "张三企业之家", "张三的官网",
        "张三摄影协会",     "张三的工作室", "张三商城",     "张三的官方博客",
    };
    for (size_t i = 0; i < sizeof org / sizeof org[0]; i++) {
        int rc = name(org[i], NATURE_INDIVIDUAL);
        if (rc != -ERR_SITE_NAME_PERSONAL) fail_msg("%s: %s", org[i], err_name(rc));
        assert_int_equal(name(org[i], NATURE_ENTERPRISE), 0);
    }
}

static void test_preapproval_ids(void **state) {
    (void)state;
    for (int p = 1; p < PREAPPROVAL__COUNT; p++) {
        const char *id = preapproval_id((PreApproval)p);
        assert_non_null(id);
        assert_int_equal(preapproval_from_id(id), p);
        assert_non_null(preapproval_name((PreApproval)p, LANG_ZH));
        assert_non_null(preapproval_name((PreApproval)p, LANG_EN));
    }
    assert_string_equal(preapproval_id(PREAPPROVAL_NEWS), "news");
    assert_string_equal(preapproval_id(PREAPPROVAL_BBS), "bbs");
    assert_string_equal(preapproval_name(PREAPPROVAL_DRUGS, LANG_ZH), "药品和医疗器械");
    assert_string_equal(preapproval_name(PREAPPROVAL_MEDICAL, LANG_ZH), "医疗保健");
    assert_null(preapproval_id(0));
    assert_null(preapproval_id(PREAPPROVAL__COUNT));
    assert_int_equal(preapproval_from_id("nope"), 0);
    assert_int_equal(preapproval_from_id(NULL), 0);
}

static void test_preapproval_suggest(void **state) {
    (void)state;
    assert_int_equal(preapproval_suggest("张三的博客"), 0);
    assert_int_equal(preapproval_suggest(NULL), 0);
    assert_int_equal(site_name_preapprovals("示例新闻网"), PREAPPROVAL_BIT(PREAPPROVAL_NEWS));
    assert_int_equal(site_name_preapprovals("示例科技论坛"), BBS);
    assert_int_equal(site_name_preapprovals("示例 BBS 社区"), BBS);
    assert_int_equal(site_name_preapprovals("示例在线教育"),
                     PREAPPROVAL_BIT(PREAPPROVAL_EDUCATION));
    assert_int_equal(site_name_preapprovals("示例人民医院"), PREAPPROVAL_BIT(PREAPPROVAL_MEDICAL));
    assert_int_equal(site_name_preapprovals("示例大药房"), PREAPPROVAL_BIT(PREAPPROVAL_DRUGS));
    assert_int_equal(site_name_preapprovals("示例医疗器械"),
                     PREAPPROVAL_BIT(PREAPPROVAL_MEDICAL) | PREAPPROVAL_BIT(PREAPPROVAL_DRUGS));
    assert_int_equal(site_name_preapprovals("示例影视"),
                     PREAPPROVAL_BIT(PREAPPROVAL_RADIO_FILM_TV));
    assert_int_equal(site_name_preapprovals("示例小说阅读"),
                     PREAPPROVAL_BIT(PREAPPROVAL_PUBLISHING));
    assert_int_equal(site_name_preapprovals("示例游戏"), PREAPPROVAL_BIT(PREAPPROVAL_PUBLISHING) |
                                                             PREAPPROVAL_BIT(PREAPPROVAL_CULTURE));
    assert_int_equal(site_name_preapprovals("示例理财"), PREAPPROVAL_BIT(PREAPPROVAL_FINANCE));
    assert_int_equal(site_name_preapprovals("示例网约车"),
                     PREAPPROVAL_BIT(PREAPPROVAL_RIDE_HAILING));
    assert_int_equal(site_name_preapprovals("示例佛教文化"),
                     PREAPPROVAL_BIT(PREAPPROVAL_RELIGION) | PREAPPROVAL_BIT(PREAPPROVAL_CULTURE));
    assert_int_equal(preapproval_suggest("Daily NEWS and Forum"),
                     PREAPPROVAL_BIT(PREAPPROVAL_NEWS) | BBS);
    /* needed vs declared. */
    PreApprovalSet need = site_name_preapprovals("示例新闻论坛");
    PreApproval first = 0;
    assert_int_equal(preapproval_missing(need, BBS), PREAPPROVAL_BIT(PREAPPROVAL_NEWS));
    assert_int_equal(preapproval_check(need, BBS, &first), -ERR_PREAPPROVAL_MISSING);
    assert_int_equal(first, PREAPPROVAL_NEWS);
    assert_int_equal(preapproval_check(need, need, &first), 0);
    assert_int_equal(preapproval_check(0, 0, NULL), 0);
    assert_int_equal(preapproval_check(1u, 0, &first), 0); /* bit 0 is no category */
}

/* A string of n copies of the UTF-8 character c. */
static const char *repeat(const char *c, int n) {
    static char b[1024];
    b[0] = 0;
    for (int i = 0; i < n; i++)
        strcat(b, c);
    return b;
}

static void test_description(void **state) {
    (void)state;
    /* Code points, not bytes: 19 汉字 are 57 bytes and still too short. */
    assert_int_equal(site_description_check(repeat("网", 19)), -ERR_DESCRIPTION_LENGTH);
    assert_int_equal(site_description_check(repeat("网", 20)), 0);
    assert_int_equal(site_description_check(repeat("网", 200)), 0);
    assert_int_equal(site_description_check(repeat("网", 201)), -ERR_DESCRIPTION_LENGTH);
    assert_int_equal(site_description_check(repeat("a", 19)), -ERR_DESCRIPTION_LENGTH);
    assert_int_equal(site_description_check(repeat("a", 20)), 0);
    assert_int_equal(site_description_check(""), -ERR_FIELD_REQUIRED);
    assert_int_equal(site_description_check("本网站为个人技术博客，记录学习笔记\xff与心得"),
                     -ERR_FIELD_UTF8);
    assert_int_equal(site_description_check("本网站为个人技术博客，记录日常学习笔记与编程心得。"),
                     0);
}

static void test_address(void **state) {
    (void)state;
    assert_int_equal(address_check("北京市海淀区中关村大街1号"), 0);
    assert_int_equal(address_check(repeat("路", 4)), -ERR_ADDRESS_LENGTH);
    assert_int_equal(address_check(repeat("路", 5)), 0);
    assert_int_equal(address_check(repeat("路", 100)), 0);
    assert_int_equal(address_check(repeat("路", 101)), -ERR_ADDRESS_LENGTH);
    assert_int_equal(address_check("12345-678"), -ERR_ADDRESS_CHARS);
    assert_int_equal(address_check("1 Main Street, Springfield"), 0);
    assert_int_equal(address_check(NULL), -ERR_FIELD_REQUIRED);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_site_name_good),  cmocka_unit_test(test_site_name_rules),
        cmocka_unit_test(test_preapproval_ids), cmocka_unit_test(test_preapproval_suggest),
        cmocka_unit_test(test_description),     cmocka_unit_test(test_address),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
