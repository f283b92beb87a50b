/*
** Unit tests of the simulator's intake checks (src/simulator/intake*.c):
** each refusal with its code (1003 subject conflict, 1005/1039 domains,
** 1055-1057/1061 verification form and attachments, 1016/1058/1059 records
** not found, 1017 change pending, 1018 filing password, 1025/1047/1048
** cancellations, 5003 requester, 5001 unreadable file) and each return by
** rule (1002 with a review: commercial content, site names, Hunan's one site
** per application), against the demo subjects filed elsewhere.
*/
#include "simulator_test.h"

#include "regulator/download_xml.h"

#define MOBILE      "13800000001"
#define SITE_MOBILE "13800000002"

/* An enterprise subject of Zhejiang. */
static RegSubject company(int64_t id, const char *cert) {
    return fx_subject(&T.a, id, "杭州示例科技有限公司", 1, cert, 330000, MOBILE);
}

/* Upload d and expect a refusal (code, Czlx) whose Dmms holds text. */
static DownloadData refused(const UploadData *d, int64_t code, int64_t czlx, const char *text) {
    st_upload(d);
    DownloadData f = st_next_expect(code, czlx, NULL);
    if (text && !strstr(f.results[0].codes[0].desc, text))
        fail_msg("Dmms \"%s\" lacks \"%s\"", f.results[0].codes[0].desc, text);
    assert_true(st_queue_empty());
    return f;
}

/* A return by review: 1002 with a Gjsh whose opinion holds text. */
static void returned(const UploadData *d, int64_t czlx, const char *text) {
    DownloadData f = refused(d, 1002, czlx, text);
    assert_int_equal(f.n_reviews, 1);
    assert_int_equal(f.reviews[0].approved, 0);
    assert_non_null(strstr(f.reviews[0].opinion, text));
}

/* XZBA of one site. */
static UploadData one_site(RegSubject s, const char *name, const char *domain, bool form) {
    RegSite site = fx_site(&T.a, s.isp_id + 100, name, domain, SITE_MOBILE);
    return fx_xzba(&T.a, s, &site, 1, form);
}

static void test_conflicts(void **state) {
    (void)state;
    const char *demo_cert = "91110000802100433B"; /* the demo enterprise's */
    UploadData d = one_site(company(11, demo_cert), "示例科技官方网站", "a-11.cn", true);
    refused(&d, 1003, 1, T.demos[0].number);
    d = one_site(company(12, "91330108MA27B00012"), "示例科技官方网站", "demo-enterprise.cn", true);
    refused(&d, 1005, 1, "demo-enterprise.cn");
    d = one_site(company(13, "91330108MA27B00013"), "示例科技官方网站", "a-13.cn", true);
    st_upload(&d);
    st_next_expect(REG_SMS_SENT, 1, "13");
    d = one_site(company(14, "91330108MA27B00014"), "示例科技官方网站", "a-13.cn", true);
    refused(&d, 1005, 1, "正在办理"); /* the domain of a request in flight */
    d = one_site(company(15, "91330108MA27B00013"), "示例科技官方网站", "a-15.cn", true);
    refused(&d, 1003, 1, "正在办理"); /* the subject of a request in flight */
    RegSubject s = company(16, "91330108MA27B00016");
    RegSite two[2] = {fx_site(&T.a, 116, "示例科技官方网站", "a-16.cn", SITE_MOBILE),
                      fx_site(&T.a, 126, "示例科技产品网站", "A-16.cn", SITE_MOBILE)};
    d = fx_xzba(&T.a, s, two, 2, true);
    refused(&d, 1039, 1, "重复");
}

/* XZBA of subject id with one site and the attachments f. */
static UploadData with_attachments(int64_t id, const RegAttachment *f, size_t nf) {
    RegSubject s = company(id, arena_printf(&T.a, "91330108MA27C%05lld", (long long)id));
    RegSite site = fx_site(&T.a, id + 100, "示例科技官方网站",
                           arena_printf(&T.a, "b-%lld.cn", (long long)id), SITE_MOBILE);
    UploadData d = fx_xzba(&T.a, s, &site, 1, false);
    UploadNewFiling *x = ARENA_NEW(&T.a, UploadNewFiling, 1);
    *x = d.new_filings[0];
    x->attachments = fx_attachments(&T.a, f, nf), x->n_attachments = nf;
    d.new_filings = x;
    return d;
}

static void test_attachments(void **state) {
    (void)state;
    RegAttachment f[2] = {fx_attachment(2, 1, 21, NULL), fx_attachment(3, 1, 21, NULL)};
    UploadData d = with_attachments(21, f, 2);
    refused(&d, 1055, 1, "核验单");        /* no verification form: seed §4.1 */
    f[1] = fx_attachment(1, 1, 999, NULL); /* a form of no one in this filing */
    d = with_attachments(21, f, 2);
    refused(&d, 1061, 1, "核验单");
    f[1] = fx_attachment(1, 2, 121, NULL); /* the site's own form */
    f[0].format = 9;
    d = with_attachments(21, f, 2);
    refused(&d, 1056, 1, "9");
    f[0].format = 2, f[0].purpose = 42;
    d = with_attachments(21, f, 2);
    refused(&d, 1057, 1, "42");
    f[0].purpose = 2;
    d = with_attachments(21, f, 2);
    st_upload(&d);
    st_next_expect(REG_SMS_SENT, 1, "21");
}

static void test_review_rules(void **state) {
    (void)state;
    UploadData d = one_site(company(31, "91330108MA27D00031"), "示例网上商城", "c-31.cn", true);
    returned(&d, 1, "经营性"); /* seed §2 */
    RegSite site = fx_site(&T.a, 132, "示例网上商城", "c-32.cn", SITE_MOBILE);
    RegPreapproval lic = {REG_NRLX_COMMERCIAL, "浙B2-2020123", (RegBlob[]){{fx_jpg, 12}}, 1};
    site.preapprovals = &lic, site.n_preapprovals = 1;
    d = fx_xzba(&T.a, company(32, "91330108MA27D00032"), &site, 1, true);
    returned(&d, 1, "许可证编号");
    lic.number = "浙B2-20201234";
    d = fx_xzba(&T.a, company(33, "91330108MA27D00033"), &site, 1, true);
    st_upload(&d);
    st_next_expect(REG_SMS_SENT, 1, "33");
    RegSubject person = fx_subject(&T.a, 34, "王五", 6, "330108198506120041", 330000, MOBILE);
    d = one_site(person, "王五科技有限公司官网", "c-34.cn", true);
    returned(&d, 1, "网站名称");
    RegSubject hunan =
        fx_subject(&T.a, 35, "长沙示例科技有限公司", 1, "91430100MA4L000035", 430000, MOBILE);
    RegSite two[2] = {fx_site(&T.a, 135, "示例科技官方网站", "c-35.cn", SITE_MOBILE),
                      fx_site(&T.a, 145, "示例科技产品网站", "c-45.cn", SITE_MOBILE)};
    d = fx_xzba(&T.a, hunan, two, 2, true);
    returned(&d, 1, "湖南");
}

static void test_passwords(void **state) {
    (void)state;
    const SimDemo *ent = &T.demos[0];
    RegSite site = fx_site(&T.a, 401, "示例网络科技商务网站", "d-401.cn", SITE_MOBILE);
    UploadData d = fx_xzwz(&T.a, ent->number, &site, 1, st_icpmm("wrong-password"));
    refused(&d, 1018, 2, "密码错误");
    d = fx_xzwz(&T.a, ent->number, &site, 1, NULL);
    refused(&d, 1018, 2, "须提供");
    d = fx_xzwz(&T.a, "京ICP备99999999号", &site, 1, st_icpmm(ent->password));
    refused(&d, 1058, 2, NULL);
    d = fx_xzwz(&T.a, ent->number, &site, 1, st_icpmm(ent->password));
    st_upload(&d);
    st_next_expect(REG_SMS_SENT, 2, ent->number);
    /* A new access to the demo site: XZJR needs the password too. */
    SimSite demo_site;
    assert_int_equal(registry_site(T.db, &T.a, 0, ent->site_number, &demo_site), 0);
    UploadNewAccess x = {.site_number = ent->site_number,
                         .access = fx_site(&T.a, 402, "x", "x.cn", SITE_MOBILE).access[0],
                         .attachments = fx_attachments(
                             &T.a, (RegAttachment[]){fx_attachment(1, 2, demo_site.id, NULL)}, 1),
                         .n_attachments = 1,
                         .icpmm = st_icpmm("wrong")};
    d = (UploadData){.op = UPLOAD_XZJR, .requester = FX_ISP, .n = 1, .new_access = &x};
    refused(&d, 1018, 3, NULL);
    x.icpmm = st_icpmm(ent->password);
    st_upload(&d);
    st_next_expect(REG_SMS_SENT, 3, "404");
}

static void test_cancellations(void **state) {
    (void)state;
    SimSubject demo;
    assert_int_equal(registry_subject(T.db, &T.a, 0, T.demos[0].number, &demo), 0);
    UploadData d = fx_zxba(&T.a, 0, 424242, "00000000000000000000000000000000");
    refused(&d, 1058, 6, NULL);
    d = fx_zxba(&T.a, 0, demo.id, st_icpmm(T.demos[0].password));
    refused(&d, 1048, 6, NULL); /* not this provider's */
    d = fx_zxba(&T.a, 1, 424242, NULL);
    refused(&d, 1059, 7, NULL);
    SimSite site;
    assert_int_equal(registry_site(T.db, &T.a, 0, T.demos[0].site_number, &site), 0);
    d = fx_zxba(&T.a, 2, site.data.access[0].bureau_id, NULL);
    refused(&d, 1047, 5, NULL); /* another provider's access */
    d = fx_zxba(&T.a, 2, 424242, NULL);
    refused(&d, 1016, 5, NULL);
}

static void test_change_pending(void **state) {
    (void)state;
    UploadData d = one_site(company(51, "91330108MA27E00051"), "示例科技官方网站", "e-51.cn", true);
    st_upload(&d);
    st_next_expect(REG_SMS_SENT, 1, "51");
    const char *const both[] = {MOBILE, SITE_MOBILE};
    st_pass_sms(both, 2);
    st_next_expect(REG_SMS_PASSED, 1, "51");
    DownloadData ok = st_next_expect(1001, 1, "51");
    UploadChange ch = {
        .subject = ok.filed[0].subject, .sites = ok.filed[0].sites, .n_sites = ok.filed[0].n_sites};
    ch.subject.investor = "投资人甲";
    d = (UploadData){.op = UPLOAD_BGBA, .requester = FX_ISP, .n = 1, .changes = &ch};
    st_upload(&d);
    st_next_expect(REG_SMS_SENT, 4, ok.filed[0].subject.number);
    refused(&d, 1017, 4, NULL);
    ch.subject.bureau_id = 424242;
    refused(&d, 1016, 4, NULL);
}

static void test_file_level(void **state) {
    (void)state;
    UploadData d = one_site(company(61, "91330108MA27F00061"), "示例科技官方网站", "f-61.cn", true);
    d.requester = 2002;
    refused(&d, 5003, 1, "Qqdwid");
    StAccept c = {{.sequence = ++T.seq,
                   .file_name = "broken.xml",
                   .info = "",
                   .info_hash = "",
                   .xml = "<UploadData version=\"V.3.0\"><ICP><XZBA/></ICP></UploadData>",
                   .xml_len = 59}};
    assert_int_equal(db_tx(T.db, st_accept_tx, &c), 0);
    DownloadData f = st_next_expect(5001, 1, NULL);
    assert_string_equal(f.results[0].codes[0].desc, "broken.xml");
    assert_non_null(f.results[0].remark);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_conflicts, st_setup, st_teardown),
        cmocka_unit_test_setup_teardown(test_attachments, st_setup, st_teardown),
        cmocka_unit_test_setup_teardown(test_review_rules, st_setup, st_teardown),
        cmocka_unit_test_setup_teardown(test_passwords, st_setup, st_teardown),
        cmocka_unit_test_setup_teardown(test_cancellations, st_setup, st_teardown),
        cmocka_unit_test_setup_teardown(test_change_pending, st_setup, st_teardown),
        cmocka_unit_test_setup_teardown(test_file_level, st_setup, st_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
