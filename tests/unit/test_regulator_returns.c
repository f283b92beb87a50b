/*
** Unit tests for src/regulator/returns.c: every method's <return> document
** built, validated against its return XSD (skipped without the XSDs), and
** parsed back; documents as real bureaus send them (short msg, no version,
** a GBK prolog on Unicode text); malformed ones refused.
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
#include "regulator/returns.h"
#include "test_regulator_helpers.h"

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

static const char *xsd_of(RegMethod m) {
    switch (m) {
    case REG_UPLOAD:
        return "upload-return.xsd";
    case REG_DOWNLOAD:
        return "download-return.xsd";
    case REG_DOWNLOADACK:
        return "downloadack-return.xsd";
    case REG_QUERYPREVIOUSUPLOAD:
        return "querypreviousupload-return.xsd";
    case REG_QUERYBEIANSTATUS:
        return "querybeianstatus-return.xsd";
    default:
        return NULL;
    }
}

/* Build r for m, validate it when m has an XSD, parse it back into *back. */
static char *roundtrip(RegMethod m, const RegReturn *r, RegReturn *back) {
    char *xml, *why;
    int rc = returns_build(&arena, m, r, &xml);
    if (rc) fail_msg("build %s: %s", soap_method_name(m), err_name(rc));
    assert_true(str_starts(xml, "<?xml version=\"1.0\" encoding=\"GBK\"?>"));
    if (xsd_of(m) && reg_xsd_present()) {
        if (reg_xsd_validate(xsd_of(m), xml, strlen(xml)) != 0)
            fail_msg("%s: %s\n%s", xsd_of(m), reg_xsd_msg, xml);
    }
    rc = returns_parse(&arena, m, xml, strlen(xml), back, &why);
    if (rc) fail_msg("parse %s: %s (%s)", soap_method_name(m), err_name(rc), why);
    assert_int_equal(back->msg_code, r->msg_code);
    return xml;
}

static void test_plain_codes(void **state) {
    (void)state;
    RegReturn r = {.msg_code = 0, .verify = -1}, back;
    for (int m = 0; m < REG_METHOD_COUNT; m++) {
        roundtrip((RegMethod)m, &r, &back);
        assert_string_equal(back.msg, "操作成功");
        assert_false(back.has_file);
        assert_false(back.has_status);
        assert_int_equal(back.verify, -1);
    }
    r.msg_code = 21;
    roundtrip(REG_DOWNLOADACK, &r, &back);
    assert_string_equal(back.msg, regulator_code_text(21, LANG_ZH));
    /* msg is always 256 characters in the document; longer text is cut. */
    char long_msg[1200] = "";
    for (int i = 0; i < 300; i++)
        strcat(long_msg, "长");
    r.msg = long_msg;
    r.msg_code = 999;
    roundtrip(REG_DOWNLOADACK, &r, &back);
    assert_int_equal(utf8_len(back.msg), RETURNS_MSG_LEN);
    /* Only the padding is removed: trailing line breaks of the text stay
    ** (found by fuzzing: build(parse(x)) must be a fixed point). */
    r.msg = "line 1\nline 2\n";
    roundtrip(REG_UPLOAD, &r, &back);
    assert_string_equal(back.msg, "line 1\nline 2\n");
    /* Markup and an ampersand survive. */
    r.msg = "a < b & c > d";
    roundtrip(REG_UPLOAD, &r, &back);
    assert_string_equal(back.msg, "a < b & c > d");
}

static void test_upload_missing(void **state) {
    (void)state;
    int64_t missing[] = {501, 503};
    RegReturn r = {.msg_code = 14, .missing = missing, .n_missing = 2}, back;
    char *xml = roundtrip(REG_UPLOAD, &r, &back);
    assert_non_null(strstr(xml, "<dataSequences><dataSequence>501</dataSequence>"));
    assert_int_equal(back.n_missing, 2);
    assert_int_equal(back.missing[0], 501);
    assert_int_equal(back.missing[1], 503);
}

static void test_file_infos(void **state) {
    (void)state;
    RegReturn r = {.msg_code = 3,
                   .has_file = true,
                   .file = {.hash_alg = 0,
                            .compression = 0,
                            .encrypt_alg = 1,
                            .sequence = 77,
                            .file_name = "ICP20240101000001.xml",
                            .info = "UEsDBBQAAAAIAA==",
                            .info_hash = "1B2M2Y8AsgTpgAmY7PhCfg=="}},
              back;
    roundtrip(REG_DOWNLOAD, &r, &back);
    assert_true(back.has_file);
    assert_int_equal(back.file.encrypt_alg, 1);
    assert_string_equal(back.file.file_name, "ICP20240101000001.xml");
    assert_string_equal(back.file.info, r.file.info);
    assert_string_equal(back.file.info_hash, r.file.info_hash);
    r.msg_code = 0;
    roundtrip(REG_QUERYPREVIOUSUPLOAD, &r, &back);
    assert_int_equal(back.file.sequence, 77);
    /* No upload yet: an empty file and sequence 0. */
    RegReturn none = {.msg_code = 0, .has_file = true, .file = {.sequence = 0}};
    roundtrip(REG_QUERYPREVIOUSUPLOAD, &none, &back);
    assert_int_equal(back.file.sequence, 0);
    assert_string_equal(back.file.info, "");
}

static void test_status(void **state) {
    (void)state;
    RegReturn filed = {.msg_code = 0,
                       .has_status = true,
                       .status = {.query_type = 0,
                                  .query = "example.com",
                                  .site_name = "示例网站",
                                  .subject_number = "浙ICP备14001515号",
                                  .site_number = "浙ICP备14001515号-1",
                                  .filed = 0}},
              back;
    roundtrip(REG_QUERYBEIANSTATUS, &filed, &back);
    assert_true(back.has_status);
    assert_string_equal(back.status.site_name, "示例网站");
    assert_string_equal(back.status.site_number, "浙ICP备14001515号-1");
    RegReturn not_filed = {.msg_code = 0,
                           .has_status = true,
                           .status = {.query_type = 1, .query = "91330000MA27XXXX1X", .filed = 1}};
    roundtrip(REG_QUERYBEIANSTATUS, &not_filed, &back);
    assert_int_equal(back.status.filed, 1);
    assert_null(back.status.site_name);
    assert_null(back.status.subject_number);
    not_filed.status.query = NULL;
    char *xml;
    assert_int_equal(returns_build(&arena, REG_QUERYBEIANSTATUS, &not_filed, &xml), -ERR_REG_SOAP);
}

static void test_verify(void **state) {
    (void)state;
    RegReturn r = {.msg_code = 0, .verify = 1}, back;
    char *xml = roundtrip(REG_VERIFYBAMM, &r, &back);
    assert_non_null(strstr(xml, "<VerifyRes>1</VerifyRes>"));
    assert_int_equal(back.verify, 1);
    r.verify = 0;
    roundtrip(REG_VERIFYBAMM, &r, &back);
    assert_int_equal(back.verify, 0);
    r = (RegReturn){.msg_code = 22, .verify = -1};
    roundtrip(REG_VERIFYBAMM, &r, &back);
    assert_int_equal(back.verify, -1);
}

static int parse(RegMethod m, const char *xml, RegReturn *r) {
    char *why;
    return returns_parse(&arena, m, xml, strlen(xml), r, &why);
}

/* As bureaus send them: the spec's examples, short msg, no version, a GBK
** prolog on what is really UTF-8 text. */
static void test_parse_real_world(void **state) {
    (void)state;
    RegReturn r;
    const char *ok = "<?xml version=\"1.0\" encoding=\"GBK\"?>\n<return>\n<msg_code>0</msg_code>\n"
                     "<msg>操作成功</msg>\n</return>";
    assert_int_equal(parse(REG_UPLOAD, ok, &r), 0);
    assert_string_equal(r.msg, "操作成功");
    const char *st = "<?xml version=\"1.0\" encoding=\"GBK\"?><return><msg_code>0</msg_code>"
                     "<msg>操作成功</msg><StatusInfo><Cxtjlx>0</Cxtjlx><Cxtj>example.com</Cxtj>"
                     "<Wzmc>网站</Wzmc><Ztbah>京ICP备12345678号</Ztbah><Wzbah>京ICP备12345678号-1"
                     "</Wzbah><Bazt>0</Bazt></StatusInfo></return>";
    assert_int_equal(parse(REG_QUERYBEIANSTATUS, st, &r), 0);
    assert_string_equal(r.status.subject_number, "京ICP备12345678号");
    const char *vr = "<return><msg_code>0</msg_code><msg>ok</msg><VerifyRes>\n0\n</VerifyRes>"
                     "</return>";
    assert_int_equal(parse(REG_VERIFYBAMM, vr, &r), 0);
    assert_int_equal(r.verify, 0);
}

static void test_parse_malformed(void **state) {
    (void)state;
    RegReturn r;
    const char *bad_xsd[] = {
        "<return><msg>no code</msg></return>",
        "<return><msg_code>x</msg_code></return>",
        "<answer><msg_code>0</msg_code></answer>",
        "<return><msg_code>0</msg_code><fileInfos><hashAlgorithm>0</hashAlgorithm>"
        "<compressionFormat>0</compressionFormat><encryptAlgorithm>0</encryptAlgorithm>"
        "<return_FileName>f</return_FileName><beianInfoHash>x</beianInfoHash></fileInfos></return>",
    };
    for (size_t i = 0; i < sizeof bad_xsd / sizeof bad_xsd[0]; i++) {
        int rc = parse(REG_DOWNLOAD, bad_xsd[i], &r);
        if (rc != -ERR_REG_XSD) fail_msg("case %zu: %s", i, err_name(rc));
    }
    assert_int_equal(parse(REG_UPLOAD,
                           "<return><msg_code>14</msg_code><dataSequences><dataSequence>abc"
                           "</dataSequence></dataSequences></return>",
                           &r),
                     -ERR_REG_XSD);
    assert_int_equal(
        parse(REG_QUERYPREVIOUSUPLOAD,
              "<return><msg_code>0</msg_code><fileInfos><hashAlgorithm>0</hashAlgorithm>"
              "<compressionFormat>0</compressionFormat><encryptAlgorithm>0"
              "</encryptAlgorithm><return_FileName/><beianInfo/><beianInfoHash/>"
              "</fileInfos></return>",
              &r),
        -ERR_REG_XSD); /* no dataSequence */
    assert_int_equal(parse(REG_UPLOAD, "<return><msg_code>0</msg_code>", &r), -ERR_REG_XML);
    assert_int_equal(parse(REG_UPLOAD,
                           "<!DOCTYPE return [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                           "<return><msg_code>0</msg_code><msg>&e;</msg></return>",
                           &r),
                     -ERR_REG_XML_DTD);
}

/* Each return XSD accepts our documents of its method (skipped without the
** XSDs; roundtrip() above validates too whenever they are present). */
static void test_xsd_validation(void **state) {
    (void)state;
    int64_t missing[] = {9};
    RegReturn r = {.msg_code = 14,
                   .missing = missing,
                   .n_missing = 1,
                   .has_file = true,
                   .file = {.file_name = "f.xml", .info = "AAAA", .info_hash = "AAAA"},
                   .has_status = true,
                   .status = {.query = "example.com", .filed = 1}};
    for (int m = 0; m < REG_VERIFYBAMM; m++) {
        char *xml;
        assert_int_equal(returns_build(&arena, (RegMethod)m, &r, &xml), 0);
        assert_xsd_valid(xsd_of((RegMethod)m), xml);
    }
    /* The XSD's own verdict on a short msg, which bureaus do send: invalid. */
    assert_int_equal(
        reg_xsd_validate("downloadack-return.xsd",
                         "<return version=\"V.3.0\"><msg_code>0</msg_code><msg>ok</msg>"
                         "</return>",
                         strlen("<return version=\"V.3.0\"><msg_code>0</msg_code>"
                                "<msg>ok</msg></return>")),
        1);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_plain_codes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_upload_missing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_infos, setup, teardown),
        cmocka_unit_test_setup_teardown(test_status, setup, teardown),
        cmocka_unit_test_setup_teardown(test_verify, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parse_real_world, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parse_malformed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_xsd_validation, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
