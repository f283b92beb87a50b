/*
** Unit tests for src/regulator/soap.c, auth.c and codes.c: request and
** response envelopes of all six methods both ways, hostile XML (external
** entities, billion laughs, oversize), authentication vectors and checks,
** the code table, and one call carried from the gateway's side to the
** simulator's and back.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include "core/buf.h"
#include "core/err.h"
#include "regulator/auth.h"
#include "regulator/codes.h"
#include "regulator/payload.h"
#include "regulator/regxml.h"
#include "regulator/returns.h"
#include "regulator/soap.h"

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

#define NS "http://example.invalid/beian"

/* A request of method m with every parameter set. */
static SoapRequest full_request(RegMethod m) {
    return (SoapRequest){
        .method = m,
        .isp_id = 110000000211,
        .user = "NetEase",
        .randval = "abcdefghij1234567890",
        .pwdhash = "lpUGkbAjmKBYbmFAyzle9g==",
        .hash_alg = 0,
        .info = "UEsDBA==",
        .info_hash = "1B2M2Y8AsgTpgAmY7PhCfg==",
        .sequence = 502,
        .encrypt_alg = 1,
        .compression = 0,
        .file_name = "ICP_0001.xml",
        .query_type = 0,
        .query = "example.com <&> 中文",
        .baxh = "浙ICP备14001515号",
        .bamm = "p&ss<word>",
    };
}

static void test_methods(void **state) {
    (void)state;
    assert_string_equal(soap_method_name(REG_UPLOAD), "isp_upload");
    assert_string_equal(soap_method_name(REG_VERIFYBAMM), "isp_verifybamm");
    assert_null(soap_method_name(REG_METHOD_COUNT));
    assert_string_equal(soap_method_path(REG_DOWNLOADACK), "/ISPWebService/upDownLoad");
    assert_string_equal(soap_method_path(REG_QUERYBEIANSTATUS),
                        "/BeianStatusWebService/queryBeianStatus");
    assert_string_equal(soap_method_path(REG_VERIFYBAMM), "/BeianStatusWebService/verifyBamm");
    assert_int_equal(soap_method_find("isp_querypreviousupload"), REG_QUERYPREVIOUSUPLOAD);
    assert_int_equal(soap_method_find("isp_nothing"), -1);
}

static void test_request_roundtrip(void **state) {
    (void)state;
    for (int m = 0; m < REG_METHOD_COUNT; m++) {
        for (int with_ns = 0; with_ns < 2; with_ns++) {
            SoapRequest in = full_request((RegMethod)m), out;
            char *xml, *why;
            assert_int_equal(soap_request_build(&arena, &in, with_ns ? NS : NULL, &xml), 0);
            assert_non_null(strstr(xml, "<ispID>110000000211</ispID>"));
            int rc = soap_request_parse(&arena, xml, strlen(xml), soap_method_path((RegMethod)m),
                                        &out, &why);
            if (rc) fail_msg("%s: %s (%s)", soap_method_name((RegMethod)m), err_name(rc), why);
            assert_int_equal(out.method, m);
            assert_int_equal(out.isp_id, in.isp_id);
            assert_string_equal(out.user, in.user);
            assert_string_equal(out.randval, in.randval);
            assert_string_equal(out.pwdhash, in.pwdhash);
            if (m == REG_UPLOAD) {
                assert_string_equal(out.info, in.info);
                assert_string_equal(out.info_hash, in.info_hash);
                assert_int_equal(out.sequence, 502);
                assert_int_equal(out.encrypt_alg, 1);
            } else {
                assert_null(out.info);
            }
            if (m == REG_DOWNLOADACK) assert_string_equal(out.file_name, "ICP_0001.xml");
            if (m == REG_QUERYBEIANSTATUS) assert_string_equal(out.query, in.query);
            if (m == REG_VERIFYBAMM) {
                assert_string_equal(out.baxh, in.baxh);
                assert_string_equal(out.bamm, in.bamm);
            }
        }
    }
}

static int parse(const char *xml, const char *path, SoapRequest *r, char **why) {
    return soap_request_parse(&arena, xml, strlen(xml), path, r, why);
}

#define ENV_OPEN  "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
#define ENV_CLOSE "</s:Body></s:Envelope>"
#define COMMON                                                                                     \
    "<userName>u</userName><randVal>abcdefghij1234567890</randVal><pwdHash>x</pwdHash>"            \
    "<hashAlgorithm>0</hashAlgorithm>"

static void test_request_variants(void **state) {
    (void)state;
    SoapRequest r;
    char *why;
    /* The spec's spelling ispId, a header, another namespace, white space. */
    const char *ok = "<?xml version=\"1.0\"?>" ENV_OPEN
                     "<q:isp_download xmlns:q=\"urn:x\">\n  <ispId> 42 </ispId>" COMMON
                     "</q:isp_download>" ENV_CLOSE;
    assert_int_equal(parse(ok, NULL, &r, &why), 0);
    assert_int_equal(r.isp_id, 42);
    assert_int_equal(r.method, REG_DOWNLOAD);
    /* Served on another path. */
    assert_int_equal(parse(ok, "/BeianStatusWebService/verifyBamm", &r, &why), -ERR_REG_SOAP);
    /* Missing, repeated, malformed and oversized parameters; unknown ones pass. */
    const char *bad[] = {
        ENV_OPEN "<isp_download>" COMMON "</isp_download>" ENV_CLOSE,
        ENV_OPEN "<isp_download><ispID>1</ispID><ispId>2</ispId>" COMMON
                 "</isp_download>" ENV_CLOSE,
        ENV_OPEN "<isp_download><ispID>1x</ispID>" COMMON "</isp_download>" ENV_CLOSE,
        ENV_OPEN "<isp_download><ispID>99999999999999999999</ispID>" COMMON
                 "</isp_download>" ENV_CLOSE,
        ENV_OPEN
        "<isp_download><ispID>1</ispID><userName>u</userName><randVal>r</randVal>"
        "<pwdHash>x</pwdHash><hashAlgorithm>4294967296</hashAlgorithm></isp_download>" ENV_CLOSE,
        ENV_OPEN "<isp_download><ispID><b>1</b></ispID>" COMMON "</isp_download>" ENV_CLOSE,
        ENV_OPEN "<isp_steal><ispID>1</ispID>" COMMON "</isp_steal>" ENV_CLOSE,
        ENV_OPEN "<isp_download><ispID>1</ispID>" COMMON "</isp_download><x/>" ENV_CLOSE,
        "<Envelope><Body><isp_download/></Body></Envelope>",
        "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body>"
        "<isp_download/></s:Body></s:Envelope>",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int rc = parse(bad[i], NULL, &r, &why);
        if (rc != -ERR_REG_SOAP) fail_msg("case %zu: %s", i, err_name(rc));
        assert_non_null(why);
    }
    const char *extra =
        ENV_OPEN "<isp_download><ispID>1</ispID><junk>1</junk>" COMMON "</isp_download>" ENV_CLOSE;
    assert_int_equal(parse(extra, NULL, &r, &why), 0);
    assert_int_equal(parse("<s:Envelope", NULL, &r, &why), -ERR_REG_XML);
    assert_int_equal(parse("", NULL, &r, &why), -ERR_REG_XML);
}

/* Attacks through XML: every document type declaration is refused before
** anything in it is used. */
static void test_request_hostile(void **state) {
    (void)state;
    SoapRequest r;
    char *why;
    const char *xxe = "<?xml version=\"1.0\"?><!DOCTYPE s:Envelope [<!ENTITY x SYSTEM "
                      "\"file:///etc/passwd\">]>" ENV_OPEN "<isp_download><ispID>1</ispID>"
                      "<userName>&x;</userName><randVal>r</randVal><pwdHash>p</pwdHash>"
                      "<hashAlgorithm>0</hashAlgorithm></isp_download>" ENV_CLOSE;
    assert_int_equal(parse(xxe, NULL, &r, &why), -ERR_REG_XML_DTD);
    const char *lol = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                      "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                      "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
                      "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">"
                      "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">"
                      "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">"
                      "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">"
                      "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">"
                      "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">"
                      "]>" ENV_OPEN "<isp_download><ispID>1</ispID><userName>&lol9;</userName>"
                      "<randVal>r</randVal><pwdHash>p</pwdHash><hashAlgorithm>0</hashAlgorithm>"
                      "</isp_download>" ENV_CLOSE;
    assert_int_equal(parse(lol, NULL, &r, &why), -ERR_REG_XML_DTD);
    const char *ext = "<?xml version=\"1.0\"?><!DOCTYPE s:Envelope SYSTEM "
                      "\"http://127.0.0.1:9/evil.dtd\">" ENV_OPEN "<isp_download/>" ENV_CLOSE;
    assert_int_equal(parse(ext, NULL, &r, &why), -ERR_REG_XML_DTD);
    const char *pe = "<!DOCTYPE x [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]><x/>";
    assert_int_equal(parse(pe, NULL, &r, &why), -ERR_REG_XML_DTD);
    /* Undeclared entities are not well-formed. */
    const char *undecl = ENV_OPEN "<isp_download><ispID>&x;</ispID></isp_download>" ENV_CLOSE;
    assert_int_equal(parse(undecl, NULL, &r, &why), -ERR_REG_XML);
    /* Nested deeper than any interface document, or too many elements. */
    Buf b;
    buf_init(&b, &arena);
    buf_puts(&b, ENV_OPEN "<isp_download>");
    for (int i = 0; i < REGXML_MAX_DEPTH; i++)
        buf_puts(&b, "<a>");
    for (int i = 0; i < REGXML_MAX_DEPTH; i++)
        buf_puts(&b, "</a>");
    buf_puts(&b, "</isp_download>" ENV_CLOSE);
    assert_int_equal(parse(b.data, NULL, &r, &why), -ERR_REG_XML);
    assert_string_equal(why, "nested too deeply or too many elements");
    buf_reset(&b);
    buf_puts(&b, ENV_OPEN "<isp_download>");
    for (int i = 0; i < REGXML_MAX_ELEMENTS; i++)
        buf_puts(&b, "<a/>");
    buf_puts(&b, "</isp_download>" ENV_CLOSE);
    assert_int_equal(parse(b.data, NULL, &r, &why), -ERR_REG_XML);
    assert_string_equal(why, "nested too deeply or too many elements");
    /* Over the size bound. */
    size_t big = SOAP_MAX_BYTES + 1;
    char *huge = malloc(big + 1);
    assert_non_null(huge);
    memset(huge, ' ', big);
    huge[big] = 0;
    assert_int_equal(soap_request_parse(&arena, huge, big, NULL, &r, &why), -ERR_REG_TOO_LARGE);
    free(huge);
}

/* A 12 MB beianInfo, over libxml2's default 10 MB text limit, goes through. */
static void test_request_large_payload(void **state) {
    (void)state;
    size_t n = (size_t)12 << 20;
    char *info = arena_alloc(&arena, n + 1);
    memset(info, 'A', n);
    info[n] = 0;
    SoapRequest in = full_request(REG_UPLOAD), out;
    in.info = info;
    char *xml, *why;
    assert_int_equal(soap_request_build(&arena, &in, NS, &xml), 0);
    assert_int_equal(parse(xml, NULL, &out, &why), 0);
    assert_int_equal(strlen(out.info), n);
}

static void test_request_build_errors(void **state) {
    (void)state;
    SoapRequest r = full_request(REG_VERIFYBAMM);
    char *xml;
    r.bamm = NULL;
    assert_int_equal(soap_request_build(&arena, &r, NS, &xml), -ERR_REG_SOAP);
    r = full_request(REG_VERIFYBAMM);
    r.bamm = "bad\x01control";
    assert_int_equal(soap_request_build(&arena, &r, NS, &xml), -ERR_REG_CHARSET);
    r.bamm = "bad\xff utf8";
    assert_int_equal(soap_request_build(&arena, &r, NS, &xml), -ERR_REG_CHARSET);
    r.method = REG_METHOD_COUNT;
    assert_int_equal(soap_request_build(&arena, &r, NS, &xml), -ERR_REG_SOAP);
    /* A namespace with characters special in attributes stays one attribute. */
    r = full_request(REG_DOWNLOAD);
    assert_int_equal(soap_request_build(&arena, &r, "urn:a\"b&c<d>", &xml), 0);
    SoapRequest back;
    char *why;
    assert_int_equal(parse(xml, NULL, &back, &why), 0);
    assert_int_equal(back.method, REG_DOWNLOAD);
}

static void test_response(void **state) {
    (void)state;
    const char *ret = "<?xml version=\"1.0\" encoding=\"GBK\"?>\n<return><msg_code>0</msg_code>"
                      "<msg>操作成功 & <ok></msg></return>";
    char *xml, *got, *why;
    assert_int_equal(soap_response_build(&arena, REG_UPLOAD, NS, ret, &xml), 0);
    assert_non_null(strstr(xml, "isp_uploadResponse"));
    assert_int_equal(soap_response_parse(&arena, REG_UPLOAD, xml, strlen(xml), &got, &why), 0);
    assert_string_equal(got, ret);
    /* The string may come as CDATA. */
    const char *cdata = ENV_OPEN "<ns2:isp_uploadResponse xmlns:ns2=\"urn:y\"><return><![CDATA["
                                 "<return><msg_code>15</msg_code></return>]]></return>"
                                 "</ns2:isp_uploadResponse>" ENV_CLOSE;
    assert_int_equal(soap_response_parse(&arena, REG_UPLOAD, cdata, strlen(cdata), &got, &why), 0);
    assert_string_equal(got, "<return><msg_code>15</msg_code></return>");
    /* The answer of another method. */
    assert_int_equal(soap_response_parse(&arena, REG_DOWNLOAD, xml, strlen(xml), &got, &why),
                     -ERR_REG_SOAP);
    /* A fault, both ways. */
    assert_int_equal(soap_fault_build(&arena, 1, "bad request <x>", &xml), 0);
    assert_int_equal(soap_response_parse(&arena, REG_UPLOAD, xml, strlen(xml), &got, &why),
                     -ERR_REG_SOAP_FAULT);
    assert_string_equal(why, "bad request <x>");
    /* A return element holding elements instead of a string. */
    const char *nested = ENV_OPEN "<isp_uploadResponse><return><msg_code>0</msg_code></return>"
                                  "</isp_uploadResponse>" ENV_CLOSE;
    assert_int_equal(soap_response_parse(&arena, REG_UPLOAD, nested, strlen(nested), &got, &why),
                     -ERR_REG_SOAP);
}

static void test_auth(void **state) {
    (void)state;
    char r1[AUTH_RANDVAL_LEN + 1], r2[AUTH_RANDVAL_LEN + 1];
    auth_randval(r1);
    auth_randval(r2);
    assert_int_equal(strlen(r1), 20);
    assert_string_not_equal(r1, r2);
    for (int i = 0; i < 20; i++)
        assert_true((r1[i] >= '0' && r1[i] <= '9') || (r1[i] >= 'a' && r1[i] <= 'z') ||
                    (r1[i] >= 'A' && r1[i] <= 'Z'));
    /* Vectors computed with Python: base64(md5((pwd + rand).encode('gbk'))). */
    char *h;
    assert_int_equal(auth_pwdhash(&arena, "a11111", "abcdefghij1234567890", &h), 0);
    assert_string_equal(h, "lpUGkbAjmKBYbmFAyzle9g==");
    assert_int_equal(auth_pwdhash(&arena, "密码a1", "ABCDEFGHIJ0123456789", &h), 0);
    assert_string_equal(h, "phCzAt359tWaBfv+HQnm+w==");
    assert_int_equal(auth_pwdhash(&arena, "😀", "ABCDEFGHIJ0123456789", &h), -ERR_REG_CHARSET);
    /* ICPmm: hex MD5 of the GBK filing password. */
    assert_int_equal(auth_icpmm(&arena, "备案密码123", &h), 0);
    assert_string_equal(h, "1758bbac17681846afa227984807caf2");
    /* The server's check: 0, 4, 10, 16, 5. */
    const char *rv = "abcdefghij1234567890", *ok = "lpUGkbAjmKBYbmFAyzle9g==";
    assert_int_equal(auth_check("NetEase", "a11111", "NetEase", rv, ok, 0), 0);
    assert_int_equal(auth_check("NetEase", "a11111", "netease", rv, ok, 0), -ERR_REG_AUTH_USER);
    assert_int_equal(auth_check("NetEase", "a11111", NULL, rv, ok, 0), -ERR_REG_AUTH_USER);
    assert_int_equal(auth_check("NetEase", "a11111", "NetEase", rv, ok, 1), -ERR_REG_HASH_TYPE);
    assert_int_equal(auth_check("NetEase", "a11111", "NetEase", "abc", ok, 0), -ERR_REG_RANDVAL);
    assert_int_equal(auth_check("NetEase", "a11111", "NetEase", "abcdefghij123456789!", ok, 0),
                     -ERR_REG_RANDVAL);
    assert_int_equal(auth_check("NetEase", "a11111", "NetEase", NULL, ok, 0), -ERR_REG_RANDVAL);
    assert_int_equal(auth_check("NetEase", "a11112", "NetEase", rv, ok, 0), -ERR_REG_AUTH_PASSWORD);
    assert_int_equal(auth_check("NetEase", "a11111", "NetEase", rv, "lpUG", 0),
                     -ERR_REG_AUTH_PASSWORD);
    assert_int_equal(auth_check("NetEase", "a11111", "NetEase", rv, "*", 0),
                     -ERR_REG_AUTH_PASSWORD);
    assert_int_equal(auth_check("NetEase", "a11111", "NetEase", rv, NULL, 0),
                     -ERR_REG_AUTH_PASSWORD);
    /* A fresh randVal and its hash pass. */
    assert_int_equal(auth_pwdhash(&arena, "密码a1", r1, &h), 0);
    assert_int_equal(auth_check("u", "密码a1", "u", r1, h, 0), 0);
    assert_int_equal(regulator_err_code(-ERR_REG_AUTH_USER), 4);
    assert_int_equal(regulator_err_code(-ERR_REG_AUTH_PASSWORD), 5);
    assert_int_equal(regulator_err_code(-ERR_REG_RANDVAL), 16);
}

static void test_codes(void **state) {
    (void)state;
    static const int method_codes[] = {0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10,  11,  12,
                                       13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 901, 902, 999};
    for (size_t i = 0; i < sizeof method_codes / sizeof method_codes[0]; i++)
        assert_true(regulator_code_known(method_codes[i]));
    for (int c = 1001; c <= 1068; c++)
        assert_true(regulator_code_known(c));
    for (int c = 5001; c <= 5011; c++)
        assert_true(regulator_code_known(c));
    const int others[] = {1999, 2998, 2999, 3998, 3999, 5999};
    for (size_t i = 0; i < 6; i++)
        assert_true(regulator_code_known(others[i]));
    assert_false(regulator_code_known(23));
    assert_false(regulator_code_known(1069));
    assert_false(regulator_code_known(5012));
    /* Each code has its own text in both languages. */
    for (int c = 1001; c <= 1068; c++) {
        assert_string_not_equal(regulator_code_text(c, LANG_ZH),
                                regulator_code_text(c + 1, LANG_ZH));
        assert_string_not_equal(regulator_code_text(c, LANG_EN),
                                regulator_code_text(c + 1, LANG_EN));
    }
    assert_string_equal(regulator_code_text(1001, LANG_ZH), "管局审核通过");
    assert_string_equal(regulator_code_text(5004, LANG_EN), "Wrong interface version");
    assert_string_equal(regulator_code_text(4242, LANG_EN), "Unknown code from the administration");
    assert_true(regulator_code_ok(1001));
    assert_true(regulator_code_ok(2998));
    assert_false(regulator_code_ok(1002));
    assert_false(regulator_code_ok(14));
    assert_int_equal(regulator_err_code(0), 0);
    assert_int_equal(regulator_err_code(-ERR_REG_XSD), 5001);
    assert_int_equal(regulator_err_code(-ERR_REG_ATTR), 5002);
    assert_int_equal(regulator_err_code(-ERR_REG_VERSION), 5004);
    assert_int_equal(regulator_err_code(-ERR_REG_XML), 999);
    assert_int_equal(regulator_err_code(ERR_REG_HASH), 7);
}

/* Validate the wrapper element of method m's request against schema. */
static void wrapper_valid(xmlSchema *schema, RegMethod m) {
    SoapRequest r = full_request(m);
    char *xml;
    assert_int_equal(soap_request_build(&arena, &r, NS, &xml), 0);
    xmlDoc *env = xmlReadMemory(xml, (int)strlen(xml), NULL, NULL, XML_PARSE_NONET);
    assert_non_null(env);
    xmlNode *wrapper = regxml_first(regxml_first(xmlDocGetRootElement(env)));
    xmlDoc *doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlDocSetRootElement(doc, xmlDocCopyNode(wrapper, doc, 1));
    xmlSchemaValidCtxt *vc = xmlSchemaNewValidCtxt(schema);
    int rc = xmlSchemaValidateDoc(vc, doc);
    xmlSchemaFreeValidCtxt(vc);
    xmlFreeDoc(doc);
    xmlFreeDoc(env);
    if (rc) fail_msg("%s does not match its WSDL types", soap_method_name(m));
}

/* The WSDL the simulator serves: well-formed, its namespace readable, and
** its types schema accepting the requests the gateway sends. */
static void test_wsdl(void **state) {
    (void)state;
    const char *paths[] = {"/ISPWebService/upDownLoad", "/BeianStatusWebService/queryBeianStatus",
                           "/BeianStatusWebService/verifyBamm"};
    int covered = 0;
    for (int i = 0; i < 3; i++) {
        char *wsdl, *ns;
        assert_int_equal(soap_wsdl_build(&arena, paths[i], NS, "http://127.0.0.1:8081/x", &wsdl),
                         0);
        assert_int_equal(soap_wsdl_namespace(&arena, wsdl, strlen(wsdl), &ns), 0);
        assert_string_equal(ns, NS);
        xmlDoc *doc = xmlReadMemory(wsdl, (int)strlen(wsdl), NULL, NULL, XML_PARSE_NONET);
        assert_non_null(doc);
        xmlNode *schema_el = regxml_first(regxml_child(xmlDocGetRootElement(doc), "types"));
        xmlDoc *sdoc = xmlNewDoc((const xmlChar *)"1.0");
        xmlDocSetRootElement(sdoc, xmlDocCopyNode(schema_el, sdoc, 1));
        xmlSchemaParserCtxt *pc = xmlSchemaNewDocParserCtxt(sdoc);
        xmlSchema *schema = xmlSchemaParse(pc);
        xmlSchemaFreeParserCtxt(pc);
        assert_non_null(schema);
        for (int m = 0; m < REG_METHOD_COUNT; m++) {
            if (strcmp(soap_method_path((RegMethod)m), paths[i]) != 0) continue;
            assert_non_null(strstr(wsdl, soap_method_name((RegMethod)m)));
            wrapper_valid(schema, (RegMethod)m);
            covered++;
        }
        xmlSchemaFree(schema);
        xmlFreeDoc(sdoc);
        xmlFreeDoc(doc);
    }
    assert_int_equal(covered, REG_METHOD_COUNT);
    char *out;
    assert_int_equal(soap_wsdl_build(&arena, "/nowhere", NS, "http://x/", &out), -ERR_REG_SOAP);
    const char *not_wsdl = "<definitions targetNamespace=\"urn:x\"/>";
    assert_int_equal(soap_wsdl_namespace(&arena, not_wsdl, strlen(not_wsdl), &out), -ERR_REG_SOAP);
    const char *dtd = "<!DOCTYPE d [<!ENTITY e \"x\">]><d/>";
    assert_int_equal(soap_wsdl_namespace(&arena, dtd, strlen(dtd), &out), -ERR_REG_XML_DTD);
}

/* One isp_upload from the gateway's side to the simulator's and back. */
static void test_upload_call(void **state) {
    (void)state;
    const char *data = "<?xml version=\"1.0\" encoding=\"GBK\"?>\n<UploadData version=\"V.3.0\">"
                       "<ICP><Qqdwid>7</Qqdwid></ICP></UploadData>\n";
    PayloadKey k;
    assert_int_equal(payload_key_set(&k, "XRDRUE7FFCRE1T7I", "7VU2H0LLBG8373LK"), 0);
    PayloadOpts po = {.encrypt = REG_ENCRYPT_AES, .key = &k};
    SoapRequest req = {.method = REG_UPLOAD,
                       .isp_id = 7,
                       .user = "isp7",
                       .sequence = 3,
                       .encrypt_alg = REG_ENCRYPT_AES};
    char rv[AUTH_RANDVAL_LEN + 1], *pwd, *info, *hash, *env, *why;
    auth_randval(rv);
    req.randval = rv;
    assert_int_equal(auth_pwdhash(&arena, "s3cret", rv, &pwd), 0);
    req.pwdhash = pwd;
    assert_int_equal(payload_encode(&arena, data, "beianinfo.xml", &po, &info, &hash), 0);
    req.info = info, req.info_hash = hash;
    assert_int_equal(soap_request_build(&arena, &req, NS, &env), 0);
    /* Simulator. */
    SoapRequest got;
    assert_int_equal(parse(env, "/ISPWebService/upDownLoad", &got, &why), 0);
    assert_int_equal(auth_check("isp7", "s3cret", got.user, got.randval, got.pwdhash, got.hash_alg),
                     0);
    PayloadOpts so = {.encrypt = (int)got.encrypt_alg,
                      .hash_alg = (int)got.hash_alg,
                      .compression = (int)got.compression,
                      .key = &k};
    PayloadFile f;
    assert_int_equal(payload_decode(&arena, got.info, got.info_hash, &so, &f), 0);
    assert_string_equal(f.xml, data);
    int64_t missing[] = {2};
    RegReturn ret = {.msg_code = 14, .missing = missing, .n_missing = 1};
    char *rxml, *resp;
    assert_int_equal(returns_build(&arena, REG_UPLOAD, &ret, &rxml), 0);
    assert_int_equal(soap_response_build(&arena, REG_UPLOAD, NS, rxml, &resp), 0);
    /* Gateway. */
    char *rstr;
    RegReturn back;
    assert_int_equal(soap_response_parse(&arena, REG_UPLOAD, resp, strlen(resp), &rstr, &why), 0);
    assert_int_equal(returns_parse(&arena, REG_UPLOAD, rstr, strlen(rstr), &back, &why), 0);
    assert_int_equal(back.msg_code, 14);
    assert_int_equal(back.n_missing, 1);
    assert_int_equal(back.missing[0], 2);
    assert_string_equal(back.msg, regulator_code_text(14, LANG_ZH));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_methods, setup, teardown),
        cmocka_unit_test_setup_teardown(test_request_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_request_variants, setup, teardown),
        cmocka_unit_test_setup_teardown(test_request_hostile, setup, teardown),
        cmocka_unit_test_setup_teardown(test_request_large_payload, setup, teardown),
        cmocka_unit_test_setup_teardown(test_request_build_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_response, setup, teardown),
        cmocka_unit_test_setup_teardown(test_auth, setup, teardown),
        cmocka_unit_test_setup_teardown(test_codes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wsdl, setup, teardown),
        cmocka_unit_test_setup_teardown(test_upload_call, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
