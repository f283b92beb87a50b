/*
** Unit tests for src/regulator/upload_xml.c (with icpdata.c and xsdcheck.c):
** each operation built, validated against upload-data.xsd, carried through
** the payload pipeline and parsed back field by field; documents the XSD
** refuses refused with the spec's codes; and the schema tables held against
** libxml2's XSD validator on hundreds of mutated documents.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <string.h>

#include <cmocka.h>

#include "core/err.h"
#include "core/util.h"
#include "regulator/auth.h"
#include "regulator/payload.h"
#include "regulator/schemas.h"
#include "regulator/upload_xml.h"
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

#define ICPMM "1758bbac17681846afa227984807caf2"

/* One sample document of each operation. */
static UploadData sample_upload(UploadOp op) {
    UploadData d = {.op = op, .requester = 110000000211, .n = 1};
    RegSite *sites = ARENA_NEW(&arena, RegSite, 2);
    sites[0] = sample_site(&arena, 0);
    sites[1] = sample_site(&arena, 1);
    switch (op) {
    case UPLOAD_XZBA: {
        UploadNewFiling *x = ARENA_NEW(&arena, UploadNewFiling, 1);
        *x = (UploadNewFiling){sample_subject(), sites, 2, sample_attachments(&arena, false), 2};
        d.new_filings = x;
        break;
    }
    case UPLOAD_XZWZ: {
        UploadNewSite *x = ARENA_NEW(&arena, UploadNewSite, 2);
        x[0] = (UploadNewSite){
            "浙ICP备14001515号", 0, sites, 1, sample_attachments(&arena, true), 2, ICPMM};
        x[1] = (UploadNewSite){NULL, 88001, sites + 1, 1, NULL, 0, NULL};
        d.new_sites = x, d.n = 2;
        break;
    }
    case UPLOAD_XZJR: {
        UploadNewAccess *x = ARENA_NEW(&arena, UploadNewAccess, 1);
        *x = (UploadNewAccess){"浙ICP备14001515号-1",
                               0,
                               sites[0].access[0],
                               sample_attachments(&arena, true),
                               1,
                               ICPMM};
        d.new_access = x;
        break;
    }
    case UPLOAD_BGBA: {
        UploadChange *x = ARENA_NEW(&arena, UploadChange, 1);
        *x =
            (UploadChange){sample_subject(), sites, 2, sample_attachments(&arena, false), 2, ICPMM};
        d.changes = x;
        break;
    }
    case UPLOAD_ZXBA: {
        UploadCancel *x = ARENA_NEW(&arena, UploadCancel, 3);
        x[0] = (UploadCancel){0, 88001, 1, "不再经营", ICPMM};
        x[1] = (UploadCancel){1, 99001, 2, NULL, NULL};
        x[2] = (UploadCancel){2, 55002, 3, NULL, NULL};
        d.cancels = x, d.n = 3;
        break;
    }
    }
    return d;
}

static char *build(const UploadData *d) {
    char *xml, *why;
    int rc = upload_build(&arena, d, &xml, &why);
    if (rc) fail_msg("upload_build: %s (%s)", err_name(rc), why ? why : "");
    return xml;
}

static UploadData reparse(const char *xml) {
    UploadData d;
    char *why;
    int rc = upload_parse(&arena, xml, strlen(xml), &d, &why);
    if (rc) fail_msg("upload_parse: %s (%s)", err_name(rc), why ? why : "");
    return d;
}

static void list_equal(const RegStrList *a, const RegStrList *b) {
    assert_int_equal(a->n, b->n);
    for (size_t i = 0; i < a->n; i++)
        assert_string_equal(a->v[i], b->v[i]);
}

static void principal_equal(const RegPrincipal *a, const RegPrincipal *b) {
    assert_string_equal(a->name, b->name);
    list_equal(&a->office_phones, &b->office_phones);
    list_equal(&a->mobiles, &b->mobiles);
    list_equal(&a->emails, &b->emails);
    assert_string_equal(a->qq, b->qq);
    assert_int_equal(a->cert_type, b->cert_type);
    assert_string_equal(a->cert_number, b->cert_number);
}

static void subject_equal(const RegSubject *a, const RegSubject *b, IcpMode mode) {
    assert_int_equal(b->isp_id, mode == ICP_NEW ? a->isp_id : 0);
    assert_int_equal(b->bureau_id, mode == ICP_NEW ? 0 : a->bureau_id);
    assert_string_equal(a->name, b->name);
    assert_int_equal(a->nature, b->nature);
    assert_string_equal(a->investor, b->investor);
    assert_int_equal(a->address.province, b->address.province);
    assert_int_equal(a->address.city, b->address.city);
    assert_int_equal(a->address.county, b->address.county);
    assert_string_equal(a->address.detail, b->address.detail);
    assert_int_equal(a->cert.type, b->cert.type);
    assert_string_equal(a->cert.number, b->cert.number);
    assert_string_equal(a->cert.residence, b->cert.residence);
    principal_equal(&a->principal, &b->principal);
    assert_string_equal(a->remark, b->remark);
}

static void access_equal(const RegAccess *a, const RegAccess *b, IcpMode mode) {
    assert_int_equal(b->isp_id, mode == ICP_NEW ? a->isp_id : 0);
    assert_int_equal(b->bureau_id, mode == ICP_CHANGE ? a->bureau_id : 0);
    assert_int_equal(a->n_locations, b->n_locations);
    assert_memory_equal(a->locations, b->locations, a->n_locations * sizeof(int64_t));
    assert_int_equal(a->n_methods, b->n_methods);
    assert_memory_equal(a->methods, b->methods, a->n_methods * sizeof(int64_t));
    assert_int_equal(a->n_ips, b->n_ips);
    for (size_t i = 0; i < a->n_ips; i++) {
        assert_int_equal(a->ips[i].isp_id, b->ips[i].isp_id);
        assert_int_equal(b->ips[i].bureau_id, mode == ICP_CHANGE ? a->ips[i].bureau_id : 0);
        assert_int_equal(a->ips[i].start, b->ips[i].start);
        assert_int_equal(a->ips[i].end, b->ips[i].end);
    }
}

static void site_equal(const RegSite *a, const RegSite *b, IcpMode mode) {
    assert_int_equal(b->isp_id, mode == ICP_NEW ? a->isp_id : 0);
    assert_int_equal(b->bureau_id, mode == ICP_NEW ? 0 : a->bureau_id);
    if (mode == ICP_CHANGE) assert_string_equal(a->number, b->number);
    list_equal(&a->names, &b->names);
    assert_int_equal(a->n_preapprovals, b->n_preapprovals);
    assert_string_equal(a->preapprovals[0].number, b->preapprovals[0].number);
    assert_int_equal(a->preapprovals[0].n_files, b->preapprovals[0].n_files);
    assert_int_equal(a->preapprovals[0].files[1].n, b->preapprovals[0].files[1].n);
    assert_memory_equal(a->preapprovals[0].files[0].p, b->preapprovals[0].files[0].p,
                        a->preapprovals[0].files[0].n);
    assert_int_equal(a->n_services, b->n_services);
    assert_int_equal(a->n_languages, b->n_languages);
    assert_int_equal(a->languages[1], b->languages[1]);
    assert_int_equal(a->n_domains, b->n_domains);
    for (size_t i = 0; i < a->n_domains; i++) {
        assert_string_equal(a->domains[i].name, b->domains[i].name);
        assert_int_equal(a->domains[i].isp_id, b->domains[i].isp_id);
        assert_int_equal(b->domains[i].bureau_id, mode == ICP_CHANGE ? a->domains[i].bureau_id : 0);
    }
    assert_int_equal(a->n_access, b->n_access);
    for (size_t i = 0; i < a->n_access; i++)
        access_equal(&a->access[i], &b->access[i], mode);
    principal_equal(&a->principal, &b->principal);
    assert_string_equal(a->home_url, b->home_url);
    assert_string_equal(a->remark, b->remark);
}

static void attachments_equal(const RegAttachment *a, const RegAttachment *b, size_t n) {
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(a[i].format, b[i].format);
        assert_int_equal(a[i].purpose, b[i].purpose);
        assert_int_equal(a[i].content.n, b[i].content.n);
        assert_memory_equal(a[i].content.p, b[i].content.p, a[i].content.n);
        assert_int_equal(a[i].owner_type, b[i].owner_type);
        if (a[i].owner_number)
            assert_string_equal(a[i].owner_number, b[i].owner_number);
        else
            assert_int_equal(a[i].owner_id, b[i].owner_id);
    }
}

static void test_xzba(void **state) {
    (void)state;
    UploadData in = sample_upload(UPLOAD_XZBA);
    char *xml = build(&in);
    assert_true(
        str_starts(xml, "<?xml version=\"1.0\" encoding=\"GBK\"?>\n<UploadData version=\"V.3.0\">"
                        "<ICP><XZBA><Baxx><Zt_xx><IspZtid>1001</IspZtid>"));
    assert_non_null(strstr(xml, "<Fzr_dhhm>0571-88888888;010-66666666</Fzr_dhhm>"));
    assert_non_null(strstr(xml, "<Qsip>16909060</Qsip><Zzip>16909070</Zzip>"));
    assert_non_null(strstr(xml, "<Qqdwid>110000000211</Qqdwid></ICP></UploadData>"));
    assert_non_null(strstr(xml, "杭州示例科技有限公司 &amp; &lt;Co&gt;"));
    UploadData out = reparse(xml);
    assert_int_equal(out.op, UPLOAD_XZBA);
    assert_int_equal(out.requester, 110000000211);
    assert_int_equal(out.n, 1);
    const UploadNewFiling *a = in.new_filings, *b = out.new_filings;
    subject_equal(&a->subject, &b->subject, ICP_NEW);
    assert_int_equal(b->subject.by_provider, 1);
    assert_int_equal(b->n_sites, 2);
    for (size_t i = 0; i < 2; i++)
        site_equal(&a->sites[i], &b->sites[i], ICP_NEW);
    assert_int_equal(b->n_attachments, 2);
    attachments_equal(a->attachments, b->attachments, 2);
}

static void test_xzwz_xzjr(void **state) {
    (void)state;
    UploadData in = sample_upload(UPLOAD_XZWZ);
    UploadData out = reparse(build(&in));
    assert_int_equal(out.op, UPLOAD_XZWZ);
    assert_int_equal(out.n, 2);
    assert_string_equal(out.new_sites[0].subject_number, "浙ICP备14001515号");
    assert_int_equal(out.new_sites[1].subject_id, 88001);
    assert_null(out.new_sites[1].subject_number);
    assert_string_equal(out.new_sites[0].icpmm, ICPMM);
    assert_null(out.new_sites[1].icpmm);
    site_equal(&in.new_sites[0].sites[0], &out.new_sites[0].sites[0], ICP_NEW);
    attachments_equal(in.new_sites[0].attachments, out.new_sites[0].attachments, 2);
    in = sample_upload(UPLOAD_XZJR);
    out = reparse(build(&in));
    assert_int_equal(out.op, UPLOAD_XZJR);
    assert_string_equal(out.new_access[0].site_number, "浙ICP备14001515号-1");
    access_equal(&in.new_access[0].access, &out.new_access[0].access, ICP_NEW);
    assert_string_equal(out.new_access[0].icpmm, ICPMM);
    assert_int_equal(out.new_access[0].n_attachments, 1);
}

static void test_bgba_zxba(void **state) {
    (void)state;
    UploadData in = sample_upload(UPLOAD_BGBA);
    char *xml = build(&in);
    assert_non_null(strstr(xml, "<Zt_xx><Ztid>88001</Ztid>"));
    UploadData out = reparse(xml);
    assert_int_equal(out.op, UPLOAD_BGBA);
    subject_equal(&in.changes[0].subject, &out.changes[0].subject, ICP_CHANGE);
    assert_string_equal(out.changes[0].subject.number, "浙ICP备14001515号");
    for (size_t i = 0; i < 2; i++)
        site_equal(&in.changes[0].sites[i], &out.changes[0].sites[i], ICP_CHANGE);
    in = sample_upload(UPLOAD_ZXBA);
    out = reparse(build(&in));
    assert_int_equal(out.op, UPLOAD_ZXBA);
    assert_int_equal(out.n, 3);
    assert_int_equal(out.cancels[0].kind, 0);
    assert_int_equal(out.cancels[0].record_id, 88001);
    assert_string_equal(out.cancels[0].remark, "不再经营");
    assert_string_equal(out.cancels[0].icpmm, ICPMM);
    assert_int_equal(out.cancels[2].kind, 2);
    assert_int_equal(out.cancels[2].reason, 3);
    assert_null(out.cancels[1].icpmm);
}

/* Every operation, through GBK, zip and AES, and back. */
static void test_through_payload(void **state) {
    (void)state;
    PayloadKey k;
    assert_int_equal(payload_key_set(&k, "0102030405060708", "0102030405060708"), 0);
    PayloadOpts po = {.encrypt = REG_ENCRYPT_AES, .key = &k};
    for (int op = UPLOAD_XZBA; op <= UPLOAD_ZXBA; op++) {
        UploadData in = sample_upload((UploadOp)op);
        char *xml = build(&in), *info, *hash;
        assert_int_equal(payload_encode(&arena, xml, "beianinfo.xml", &po, &info, &hash), 0);
        PayloadFile f;
        assert_int_equal(payload_decode(&arena, info, hash, &po, &f), 0);
        assert_string_equal(f.xml, xml);
        UploadData out = reparse(f.xml);
        assert_int_equal(out.op, op);
        assert_int_equal(out.n, in.n);
    }
}

static void test_xsd_validation(void **state) {
    (void)state;
    for (int op = UPLOAD_XZBA; op <= UPLOAD_ZXBA; op++) {
        UploadData in = sample_upload((UploadOp)op);
        assert_xsd_valid("upload-data.xsd", build(&in));
    }
    /* Minimal documents: only required elements. */
    RegSite s = sample_site(&arena, 0);
    s.n_preapprovals = 0, s.home_url = NULL, s.remark = NULL;
    s.principal =
        (RegPrincipal){.name = "张三", .mobiles = {sample_mobile, 1}, .emails = {sample_email, 1}};
    RegSubject sub = sample_subject();
    sub.nature = 0, sub.investor = NULL, sub.remark = NULL, sub.address.county = 0;
    sub.address.detail = NULL;
    sub.principal = (RegPrincipal){.mobiles = {sample_mobile, 1}, .emails = {sample_email, 1}};
    UploadNewFiling nf = {sub, &s, 1, NULL, 0};
    UploadData d = {.op = UPLOAD_XZBA, .requester = 1, .n = 1, .new_filings = &nf};
    assert_xsd_valid("upload-data.xsd", build(&d));
}

static int parse_rc(const char *xml, char **why) {
    UploadData d;
    return upload_parse(&arena, xml, strlen(xml), &d, why);
}

#define DOC(body) "<UploadData version=\"V.3.0\"><ICP>" body "<Qqdwid>1</Qqdwid></ICP></UploadData>"
#define ZX(body)  DOC("<ZXBA><Zx_xx>" body "</Zx_xx></ZXBA>")

/* Documents the parser refuses, each with its code (0: accepted). */
static const struct {
    const char *xml;
    int rc;
} parse_cases[] = {
    {ZX("<Zxlb>1</Zxlb><Jlid>5</Jlid><Zxly>1</Zxly>"), 0},
    {"<UploadData><ICP><ZXBA><Zx_xx><Zxlb>1</Zxlb><Jlid>5</Jlid><Zxly>1</Zxly></Zx_xx></ZXBA>"
     "<Qqdwid>1</Qqdwid></ICP></UploadData>",
     -ERR_REG_ATTR},
    {"<UploadData version=\"V.3.1\"><ICP><Qqdwid>1</Qqdwid></ICP></UploadData>", -ERR_REG_VERSION},
    {"<UploadData version=\"V.3.0\" x=\"1\"><ICP><Qqdwid>1</Qqdwid></ICP></UploadData>",
     -ERR_REG_XSD},
    {"<DownloadData version=\"V.3.0\"><ICP/></DownloadData>", -ERR_REG_XSD},
    {ZX("<Zxlb>1</Zxlb><Zxly>1</Zxly>"), -ERR_REG_XSD},                /* missing Jlid */
    {ZX("<Jlid>5</Jlid><Zxlb>1</Zxlb><Zxly>1</Zxly>"), -ERR_REG_XSD},  /* order */
    {ZX("<Zxlb>3</Zxlb><Jlid>5</Jlid><Zxly>1</Zxly>"), -ERR_REG_XSD},  /* range */
    {ZX("<Zxlb>1</Zxlb><Jlid>0</Jlid><Zxly>1</Zxly>"), -ERR_REG_XSD},  /* min 1 */
    {ZX("<Zxlb>1</Zxlb><Jlid>5x</Jlid><Zxly>1</Zxly>"), -ERR_REG_XSD}, /* not a long */
    {ZX("<Zxlb>1</Zxlb><Jlid>5</Jlid><Zxly>1</Zxly><Zxlybz></Zxlybz>"), -ERR_REG_XSD}, /* min 1 */
    {ZX("<Zxlb>1</Zxlb><Jlid>5</Jlid><Zxly>1</Zxly><ICPmm>0123456789abcdef0123456789abcdef0</"
        "ICPmm>"),
     -ERR_REG_XSD},                                                   /* over 32 */
    {ZX("<Zxlb>0</Zxlb><Jlid>5</Jlid><Zxly>1</Zxly>"), -ERR_REG_XSD}, /* subject without ICPmm */
    {ZX("<Zxlb a=\"1\">1</Zxlb><Jlid>5</Jlid><Zxly>1</Zxly>"), -ERR_REG_XSD},
    {ZX("<Zxlb>1</Zxlb><Jlid>5</Jlid><Zxly>1</Zxly><Extra/>"), -ERR_REG_XSD},
    {ZX("text<Zxlb>1</Zxlb><Jlid>5</Jlid><Zxly>1</Zxly>"), -ERR_REG_XSD},
    {"<UploadData version=\"V.3.0\" xmlns=\"urn:x\"><ICP><Qqdwid>1</Qqdwid></ICP></UploadData>",
     -ERR_REG_XSD},
    {DOC(""), -ERR_REG_XSD}, /* no operation */
    {"<UploadData "
     "version=\"V.3.0\"><ICP><ZXBA><Zx_xx><Zxlb>1</Zxlb><Jlid>5</Jlid><Zxly>1</Zxly>"
     "</Zx_xx></ZXBA><ZXBA/><Qqdwid>1</Qqdwid></ICP></UploadData>",
     -ERR_REG_XSD}, /* repeated in xs:all */
    {"<UploadData "
     "version=\"V.3.0\"><ICP><ZXBA><Zx_xx><Zxlb>1</Zxlb><Jlid>5</Jlid><Zxly>1</Zxly>"
     "</Zx_xx></ZXBA></ICP></UploadData>",
     -ERR_REG_XSD}, /* no Qqdwid */
    {DOC("<XZHYD><Fjxx><Fjwjgs>1</Fjwjgs><Fjyt>1</Fjyt><Fjnr>AA==</Fjnr><Fjssdx><Ssdxlx>1</"
         "Ssdxlx>"
         "<Ssdxbs><Jlid>1</Jlid></Ssdxbs></Fjssdx></Fjxx></XZHYD>"),
     -ERR_REG_UNSUPPORTED},
    {"<UploadData version=\"V.3.0\"><IP><Qqdwid>1</Qqdwid></IP></UploadData>",
     -ERR_REG_UNSUPPORTED},
    {"<!DOCTYPE UploadData [<!ENTITY x \"y\">]><UploadData version=\"V.3.0\"/>", -ERR_REG_XML_DTD},
    {"<UploadData version=\"V.3.0\"><ICP>", -ERR_REG_XML},
};

static void test_parse_refusals(void **state) {
    (void)state;
    char *why;
    for (size_t i = 0; i < sizeof parse_cases / sizeof parse_cases[0]; i++) {
        int rc = parse_rc(parse_cases[i].xml, &why);
        if (rc != parse_cases[i].rc)
            fail_msg("case %zu: %s, want %s (%s)", i, err_name(rc), err_name(parse_cases[i].rc),
                     why ? why : "");
        if (rc) assert_non_null(why);
    }
    /* The reason names the place. */
    assert_int_equal(parse_rc(ZX("<Zxlb>1</Zxlb><Zxly>1</Zxly>"), &why), -ERR_REG_XSD);
    assert_string_equal(why, "/UploadData/ICP/ZXBA/Zx_xx: missing element <Jlid>");
    /* An attachment whose content is not base64. */
    UploadData in = sample_upload(UPLOAD_XZWZ);
    char *xml = build(&in), *p = strstr(xml, "<Fjnr>");
    assert_non_null(p);
    p[6] = '*';
    assert_int_equal(parse_rc(xml, &why), -ERR_REG_BASE64);
}

static void test_build_refusals(void **state) {
    (void)state;
    char *xml, *why;
    UploadData d = sample_upload(UPLOAD_XZBA);
    d.n = 0;
    assert_int_equal(upload_build(&arena, &d, &xml, &why), -ERR_REG_XSD);
    /* A required element left out: the subject's name. */
    UploadNewFiling nf = d.new_filings[0];
    nf.subject.name = NULL;
    d = (UploadData){.op = UPLOAD_XZBA, .requester = 1, .n = 1, .new_filings = &nf};
    assert_int_equal(upload_build(&arena, &d, &xml, &why), -ERR_REG_XSD);
    assert_string_equal(why, "/UploadData/ICP/XZBA/Baxx/Zt_xx: missing element <Dwmc>");
    /* An item of a ';' list holding ';'. */
    nf = sample_upload(UPLOAD_XZBA).new_filings[0];
    static const char *const bad_mobile[] = {"13800138000;13900139000"};
    nf.subject.principal.mobiles = (RegStrList){bad_mobile, 1};
    assert_int_equal(upload_build(&arena, &d, &xml, &why), -ERR_REG_XSD);
    /* An IP of 0.0.0.0 (Qsip is at least 1); a region code under 100000. */
    nf = sample_upload(UPLOAD_XZBA).new_filings[0];
    RegIpRange ip = {1, 0, 0, 5};
    RegSite s = nf.sites[0];
    RegAccess ac = s.access[0];
    ac.ips = &ip, ac.n_ips = 1;
    s.access = &ac, s.n_access = 1;
    nf.sites = &s, nf.n_sites = 1;
    assert_int_equal(upload_build(&arena, &d, &xml, &why), -ERR_REG_XSD);
    assert_non_null(strstr(why, "Qsip"));
    nf = sample_upload(UPLOAD_XZBA).new_filings[0];
    nf.subject.address.province = 33;
    assert_int_equal(upload_build(&arena, &d, &xml, &why), -ERR_REG_XSD);
    nf.subject.address.province = 3300000;
    assert_int_equal(upload_build(&arena, &d, &xml, &why), -ERR_REG_XSD);
    assert_string_equal(why, "region codes have six digits");
}

/* More of what the builder refuses: lengths, characters, the rules the XSD
** states in prose, the record limit. */
static void test_build_refusals_rules(void **state) {
    (void)state;
    char *xml, *why;
    UploadNewFiling nf = sample_upload(UPLOAD_XZBA).new_filings[0];
    UploadData d = {.op = UPLOAD_XZBA, .requester = 1, .n = 1, .new_filings = &nf};
    RegSite s;
    /* A site name longer than 512 characters. */
    char *longname = arena_alloc(&arena, 600 * 3 + 1);
    for (int i = 0; i < 600; i++)
        memcpy(longname + i * 3, "站", 3);
    longname[600 * 3] = 0;
    const char *names[] = {longname};
    s = nf.sites[0];
    s.names = (RegStrList){names, 1};
    nf.sites = &s, nf.n_sites = 1;
    assert_int_equal(upload_build(&arena, &d, &xml, &why), -ERR_REG_XSD);
    /* A control character; a cancelled subject without ICPmm. */
    nf = sample_upload(UPLOAD_XZBA).new_filings[0];
    nf.subject.remark = "bell\a";
    assert_int_equal(upload_build(&arena, &d, &xml, &why), -ERR_REG_CHARSET);
    UploadCancel c = {0, 88001, 1, NULL, NULL};
    d = (UploadData){.op = UPLOAD_ZXBA, .requester = 1, .n = 1, .cancels = &c};
    assert_int_equal(upload_build(&arena, &d, &xml, &why), -ERR_REG_XSD);
    c.icpmm = ICPMM;
    assert_int_equal(upload_build(&arena, &d, &xml, &why), 0);
    /* At most 1000 records a file. */
    UploadCancel *many = ARENA_NEW(&arena, UploadCancel, UPLOAD_MAX_ITEMS + 1);
    for (int i = 0; i <= UPLOAD_MAX_ITEMS; i++)
        many[i] = (UploadCancel){1, i + 1, 1, NULL, NULL};
    d = (UploadData){.op = UPLOAD_ZXBA, .requester = 1, .n = UPLOAD_MAX_ITEMS, .cancels = many};
    assert_int_equal(upload_build(&arena, &d, &xml, &why), 0);
    d.n++;
    assert_int_equal(upload_build(&arena, &d, &xml, &why), -ERR_REG_TOO_LARGE);
    /* XZJR requires ICPmm. */
    d = sample_upload(UPLOAD_XZJR);
    UploadNewAccess na = d.new_access[0];
    na.icpmm = NULL;
    d.new_access = &na;
    assert_int_equal(upload_build(&arena, &d, &xml, &why), -ERR_REG_XSD);
}

static void test_tables_agree_with_xsd(void **state) {
    (void)state;
    if (!reg_xsd_present()) skip();
    Verdicts v = {&arena, reg_xsd_load("upload-data.xsd"), &upload_schema, 0, 0};
    assert_non_null(v.schema);
    for (int op = UPLOAD_XZBA; op <= UPLOAD_ZXBA; op++) {
        UploadData in = sample_upload((UploadOp)op);
        agree_on(&v, build(&in));
    }
    xmlSchemaFree(v.schema);
    print_message("xsd_check and libxml2 agree on %d documents (%d invalid)\n", v.checked,
                  v.rejected);
    assert_true(v.checked > 1000);
    assert_true(v.rejected > v.checked / 3);
}

/* One worker of test_threads: the whole codec, in its own arena. */
static void *codec_worker(void *arg) {
    long *failures = arg;
    PayloadKey k;
    payload_key_set(&k, "0102030405060708", "0102030405060708");
    PayloadOpts po = {.encrypt = REG_ENCRYPT_AES, .key = &k};
    for (int i = 0; i < 20; i++) {
        Arena a;
        arena_init(&a);
        RegSite s = sample_site(&a, i % 2);
        UploadNewFiling nf = {sample_subject(), &s, 1, NULL, 0};
        UploadData d = {.op = UPLOAD_XZBA, .requester = i + 1, .n = 1, .new_filings = &nf}, back;
        char *xml, *why, *info, *hash;
        PayloadFile f;
        int ok = upload_build(&a, &d, &xml, &why) == 0 &&
                 payload_encode(&a, xml, "beianinfo.xml", &po, &info, &hash) == 0 &&
                 payload_decode(&a, info, hash, &po, &f) == 0 &&
                 upload_parse(&a, f.xml, f.len, &back, &why) == 0 && back.requester == i + 1 &&
                 strcmp(back.new_filings[0].sites[0].domains[1].name, "示例.中国") == 0;
        if (!ok) __atomic_add_fetch(failures, 1, __ATOMIC_RELAXED);
        arena_free(&a);
    }
    return NULL;
}

/* The gateway calls the codec from worker threads. */
static void test_threads(void **state) {
    (void)state;
    pthread_t t[4];
    long failures = 0;
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, codec_worker, &failures), 0);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    assert_int_equal(failures, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_xzba, setup, teardown),
        cmocka_unit_test_setup_teardown(test_xzwz_xzjr, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bgba_zxba, setup, teardown),
        cmocka_unit_test_setup_teardown(test_through_payload, setup, teardown),
        cmocka_unit_test_setup_teardown(test_xsd_validation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parse_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_build_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_build_refusals_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tables_agree_with_xsd, setup, teardown),
        cmocka_unit_test_setup_teardown(test_threads, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
