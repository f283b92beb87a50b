/*
** Unit tests for src/regulator/download_xml.c: results (BAJG with GJSHS),
** filed records (BASJ) and cancellations (ZXSJ) built, validated against
** download-data.xsd, carried through the payload pipeline and parsed back;
** other sections and kinds recognised; refusals with the spec's codes; the
** schema tables held against libxml2 on mutated documents.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/err.h"
#include "core/util.h"
#include "regulator/codes.h"
#include "regulator/download_xml.h"
#include "regulator/payload.h"
#include "regulator/schemas.h"
#include "test_regulator_helpers.h"
#include "test_regulator_samples.h"

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

static DownloadData sample_download(void) {
    DlCode *codes = ARENA_NEW(&arena, DlCode, 3);
    codes[0] = (DlCode){1001, "审核通过"};
    codes[1] = (DlCode){1005, "域名 example.com 已备案"};
    codes[2] = (DlCode){5001, "beianinfo.xml"};
    DlResult *r = ARENA_NEW(&arena, DlResult, 3);
    r[0] = (DlResult){codes, 1, DL_OP_NEW_FILING, "1001", NULL};
    r[1] = (DlResult){codes + 1, 1, DL_OP_NEW_SITE, "浙ICP备14001515号", "域名冲突"};
    r[2] = (DlResult){codes + 2, 1, DL_OP_CHANGE, NULL, NULL};
    DlReview *v = ARENA_NEW(&arena, DlReview, 2);
    v[0] = (DlReview){
        "王审核", "0571-87000000", "2024-01-05 09:30:00", "材料齐全，同意", 1, DL_OP_NEW_FILING,
        1001};
    v[1] = (DlReview){NULL, NULL, "2024-01-06", NULL, 0, 0, 0};
    RegSite *sites = ARENA_NEW(&arena, RegSite, 2);
    sites[0] = sample_site(&arena, 0);
    sites[1] = sample_site(&arena, 1);
    sites[1].isp_id = 0; /* a site filed through another provider */
    DlFiling *f = ARENA_NEW(&arena, DlFiling, 1);
    f[0] = (DlFiling){sample_subject(), sites, 2, "首次备案完成"};
    DlCancel *c = ARENA_NEW(&arena, DlCancel, 2);
    c[0] = (DlCancel){0, 88002, "主体注销"};
    c[1] = (DlCancel){1, 99003, NULL};
    return (DownloadData){.kind = DOWNLOAD_ICP,
                          .has_results = true,
                          .results = r,
                          .n_results = 3,
                          .reviews = v,
                          .n_reviews = 2,
                          .has_filed = true,
                          .filed = f,
                          .n_filed = 1,
                          .has_cancels = true,
                          .cancels = c,
                          .n_cancels = 2};
}

static char *build(const DownloadData *d) {
    char *xml, *why;
    int rc = download_build(&arena, d, &xml, &why);
    if (rc) fail_msg("download_build: %s (%s)", err_name(rc), why ? why : "");
    return xml;
}

static DownloadData reparse(const char *xml) {
    DownloadData d;
    char *why;
    int rc = download_parse(&arena, xml, strlen(xml), &d, &why);
    if (rc) fail_msg("download_parse: %s (%s)", err_name(rc), why ? why : "");
    return d;
}

static void test_results(void **state) {
    (void)state;
    DownloadData in = sample_download(), out = reparse(build(&in));
    assert_int_equal(out.kind, DOWNLOAD_ICP);
    assert_true(out.has_results);
    assert_int_equal(out.n_results, 3);
    assert_int_equal(out.results[0].n_codes, 1);
    assert_int_equal(out.results[0].codes[0].code, 1001);
    assert_string_equal(out.results[0].codes[0].desc, "审核通过");
    assert_int_equal(out.results[0].op, DL_OP_NEW_FILING);
    assert_string_equal(out.results[0].key, "1001");
    assert_string_equal(out.results[1].key, "浙ICP备14001515号");
    assert_string_equal(out.results[1].remark, "域名冲突");
    assert_null(out.results[2].key);
    assert_string_equal(out.results[2].codes[0].desc, "beianinfo.xml");
    assert_string_equal(regulator_code_text((int)out.results[2].codes[0].code, LANG_EN),
                        "The data file does not conform to the interface's XSD");
    assert_int_equal(out.n_reviews, 2);
    assert_string_equal(out.reviews[0].reviewer, "王审核");
    assert_string_equal(out.reviews[0].opinion, "材料齐全，同意");
    assert_int_equal(out.reviews[0].approved, 1);
    assert_int_equal(out.reviews[0].record_id, 1001);
    assert_int_equal(out.reviews[1].approved, 0);
    assert_null(out.reviews[1].reviewer);
    assert_int_equal(out.reviews[1].op, 0);
}

static void test_filed_and_cancelled(void **state) {
    (void)state;
    DownloadData in = sample_download();
    char *xml = build(&in);
    DownloadData out = reparse(xml);
    assert_true(out.has_filed);
    assert_int_equal(out.n_filed, 1);
    const RegSubject *s = &out.filed[0].subject;
    assert_int_equal(s->isp_id, 1001);
    assert_int_equal(s->bureau_id, 88001);
    assert_string_equal(s->number, "浙ICP备14001515号");
    assert_string_equal(s->name, "杭州示例科技有限公司 & <Co>");
    assert_int_equal(s->by_provider, 1);
    assert_string_equal(s->first_filed, "2014-03-01 10:00:00");
    assert_string_equal(s->reviewer, "王五");
    assert_int_equal(s->address.county, 330108);
    assert_string_equal(out.filed[0].remark, "首次备案完成");
    assert_int_equal(out.filed[0].n_sites, 2);
    const RegSite *w = &out.filed[0].sites[0];
    assert_int_equal(w->isp_id, 1501);
    assert_int_equal(w->bureau_id, 99001);
    assert_string_equal(w->number, "浙ICP备14001515号-1");
    assert_int_equal(w->domains[1].bureau_id, 77002);
    assert_int_equal(w->domains[1].isp_id, 2002);
    assert_string_equal(w->domains[1].name, "示例.中国");
    assert_int_equal(w->access[0].bureau_id, 55001);
    assert_int_equal(w->access[0].provider_id, 9001);
    assert_int_equal(w->access[0].ips[1].bureau_id, 66002);
    assert_int_equal(w->access[0].ips[1].end, 4294967295u);
    assert_string_equal(w->modified, "2024-01-02 08:00:00");
    assert_int_equal(out.filed[0].sites[1].isp_id, 0);
    assert_string_equal(out.filed[0].sites[1].number, "浙ICP备14001515号-2");
    assert_true(out.has_cancels);
    assert_int_equal(out.n_cancels, 2);
    assert_int_equal(out.cancels[0].kind, 0);
    assert_int_equal(out.cancels[0].record_id, 88002);
    assert_int_equal(out.cancels[1].kind, 1);
    assert_null(out.cancels[1].remark);
    assert_int_equal(out.unread, 0);
    /* A file with results only. */
    DownloadData only = {
        .kind = DOWNLOAD_ICP, .has_results = true, .results = in.results, .n_results = 1};
    out = reparse(build(&only));
    assert_false(out.has_filed);
    assert_false(out.has_cancels);
    assert_int_equal(out.n_reviews, 0);
}

static void test_through_payload(void **state) {
    (void)state;
    DownloadData in = sample_download();
    char *xml = build(&in), *info, *hash;
    PayloadOpts po = {0};
    assert_int_equal(payload_encode(&arena, xml, "ICP20240105000001.xml", &po, &info, &hash), 0);
    PayloadFile f;
    assert_int_equal(payload_decode(&arena, info, hash, &po, &f), 0);
    assert_string_equal(f.name, "ICP20240105000001.xml");
    DownloadData out = reparse(f.xml);
    assert_int_equal(out.n_results, 3);
    assert_string_equal(out.filed[0].sites[0].domains[1].name, "示例.中国");
}

static void test_xsd_validation(void **state) {
    (void)state;
    DownloadData in = sample_download();
    assert_xsd_valid("download-data.xsd", build(&in));
    DownloadData c = {
        .kind = DOWNLOAD_ICP, .has_cancels = true, .cancels = in.cancels, .n_cancels = 1};
    assert_xsd_valid("download-data.xsd", build(&c));
    /* BAJG with no Jg_xx at all is allowed. */
    DownloadData empty = {.kind = DOWNLOAD_ICP, .has_results = true};
    assert_xsd_valid("download-data.xsd", build(&empty));
}

static int parse_rc(const char *xml, DownloadData *d, char **why) {
    return download_parse(&arena, xml, strlen(xml), d, why);
}

#define DL(body) "<DownloadData version=\"V.3.0\">" body "</DownloadData>"

static void test_other_sections(void **state) {
    (void)state;
    DownloadData d;
    char *why;
    const char *notice = DL("<ICP><XGTZ><Tzxx><Tzlb>1</Tzlb><Baxh>浙ICP备14001515号-1</Baxh>"
                            "<Tznr>请更新网站负责人手机号码</Tznr></Tzxx></XGTZ>"
                            "<ZXSJ><Zxxx><Zxlb>1</Zxlb><Jlid>7</Jlid></Zxxx></ZXSJ></ICP>");
    assert_int_equal(parse_rc(notice, &d, &why), 0);
    assert_int_equal(d.unread, DL_UNREAD_XGTZ);
    assert_int_equal(d.n_cancels, 1);
    assert_int_equal(parse_rc(DL("<JCDM/>"), &d, &why), 0);
    assert_int_equal(d.kind, DOWNLOAD_JCDM);
    assert_int_equal(parse_rc(DL("<SJTB><YM/></SJTB>"), &d, &why), 0);
    assert_int_equal(d.kind, DOWNLOAD_SJTB);
    assert_int_equal(parse_rc(DL("<ICP/>"), &d, &why), 0);
    assert_false(d.has_results);
}

static void test_refusals(void **state) {
    (void)state;
    DownloadData d;
    char *why;
    struct {
        const char *xml;
        int rc;
    } cases[] = {
        {"<DownloadData><ICP/></DownloadData>", -ERR_REG_ATTR},
        {"<DownloadData version=\"V3.0\"><ICP/></DownloadData>", -ERR_REG_VERSION},
        {"<UploadData version=\"V.3.0\"><ICP/></UploadData>", -ERR_REG_XSD},
        {DL(""), -ERR_REG_XSD},
        {DL("<ICP/><IP/>"), -ERR_REG_XSD},
        {DL("<ICP><BAJG><Jg_xx><Jgxx><Jgdm>1001</Jgdm></Jgxx><Czlx>35</Czlx></Jg_xx></BAJG></ICP>"),
         -ERR_REG_XSD}, /* Czlx is 1..7 in the XSD, despite CHG's 35 */
        {DL("<ICP><BAJG><Jg_xx><Czlx>1</Czlx></Jg_xx></BAJG></ICP>"), -ERR_REG_XSD},
        {DL("<ICP><BAJG><Jg_xx><Jgxx><Dmms>x</Dmms></Jgxx><Czlx>1</Czlx></Jg_xx></BAJG></ICP>"),
         -ERR_REG_XSD},
        {DL("<ICP><BAJG><GJSHS><Gjsh><Shjg>1</Shjg></Gjsh></GJSHS></BAJG></ICP>"), -ERR_REG_XSD},
        {DL("<ICP><BAJG><GJSHS><Gjsh><Shsj>2024</Shsj><Shjg>1</Shjg></Gjsh></GJSHS></BAJG></ICP>"),
         -ERR_REG_XSD}, /* Shsj has 10..22 characters */
        {DL("<ICP><ZXSJ><Zxxx><Zxlb>2</Zxlb><Jlid>7</Jlid></Zxxx></ZXSJ></ICP>"), -ERR_REG_XSD},
        {DL("<ICP><ZXSJ/></ICP>"), -ERR_REG_XSD},
        {DL("<ICP><XGTZ><Tzxx><Tzlb>1</Tzlb></Tzxx></XGTZ></ICP>"), -ERR_REG_XSD},
        {"<!DOCTYPE d SYSTEM \"file:///etc/passwd\">" DL("<ICP/>"), -ERR_REG_XML_DTD},
        {DL("<ICP>"), -ERR_REG_XML},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int rc = parse_rc(cases[i].xml, &d, &why);
        if (rc != cases[i].rc) fail_msg("case %zu: %s (%s)", i, err_name(rc), why ? why : "");
    }
    /* The builder refuses what the XSD would. */
    DownloadData in = sample_download();
    char *xml;
    DownloadData none = {.kind = DOWNLOAD_ICP};
    assert_int_equal(download_build(&arena, &none, &xml, &why), -ERR_REG_XSD);
    DlResult r = in.results[0];
    r.op = 35;
    DownloadData bad = {.kind = DOWNLOAD_ICP, .has_results = true, .results = &r, .n_results = 1};
    assert_int_equal(download_build(&arena, &bad, &xml, &why), -ERR_REG_XSD);
    assert_non_null(strstr(why, "Czlx"));
    DlFiling f = in.filed[0];
    f.subject.modified = NULL; /* Zjxgsj is required */
    bad = (DownloadData){.kind = DOWNLOAD_ICP, .has_filed = true, .filed = &f, .n_filed = 1};
    assert_int_equal(download_build(&arena, &bad, &xml, &why), -ERR_REG_XSD);
    assert_non_null(strstr(why, "Zjxgsj"));
}

static void test_tables_agree_with_xsd(void **state) {
    (void)state;
    if (!reg_xsd_present()) skip();
    Verdicts v = {&arena, reg_xsd_load("download-data.xsd"), &download_schema, 0, 0};
    assert_non_null(v.schema);
    DownloadData in = sample_download();
    agree_on(&v, build(&in));
    agree_on(&v, DL("<ICP><XGTZ><Tzxx><Tzlb>1</Tzlb><Baxh>浙ICP备1号-1</Baxh><Jlid>3</Jlid>"
                    "<Tznr>请整改</Tznr><Bz>x</Bz></Tzxx></XGTZ></ICP>"));
    xmlSchemaFree(v.schema);
    print_message("xsd_check and libxml2 agree on %d documents (%d invalid)\n", v.checked,
                  v.rejected);
    assert_true(v.checked > 1000);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_results, setup, teardown),
        cmocka_unit_test_setup_teardown(test_filed_and_cancelled, setup, teardown),
        cmocka_unit_test_setup_teardown(test_through_payload, setup, teardown),
        cmocka_unit_test_setup_teardown(test_xsd_validation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_sections, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tables_agree_with_xsd, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
