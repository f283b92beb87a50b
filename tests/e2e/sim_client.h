/*
** A client of MIIT's provider interface for the simulator's end-to-end
** tests, built on the codec as Beian's gateway is: SOAP envelopes with
** soap_request_build, payloads with payload_encode/decode, answers with
** soap_response_parse and returns_parse. Every <return> and every download
** file is held against the MIIT XSDs when ../shared has them.
*/
#ifndef BEIAN_TESTS_SIM_CLIENT_H
#define BEIAN_TESTS_SIM_CLIENT_H

#include <curl/curl.h>
#include <stdbool.h>
#include <string.h>

#include "../unit/simulator_fixture.h"
#include "../unit/test_regulator_helpers.h"
#include "core/err.h"
#include "harness.h"
#include "regulator/auth.h"
#include "regulator/download_xml.h"
#include "regulator/payload.h"
#include "regulator/returns.h"
#include "regulator/soap.h"
#include "regulator/upload_xml.h"

typedef struct SimClient {
    Regulator *g;
    Arena a;
    const char *user, *password; /* the provider's account (tests change them) */
    int64_t isp;
    const char *randval; /* NULL: a fresh one per call */
    int64_t hash_alg;
    PayloadKey key;
    bool aes;       /* encrypt uploads, decrypt downloads with key */
    const char *ns; /* the services' namespace, from the WSDL */
} SimClient;

static inline size_t sc_body(char *p, size_t size, size_t n, void *ud) {
    Buf *b = ud;
    buf_append(b, p, size * n);
    return size * n;
}

/* A client of g's provider account; the namespace of its envelopes is read
** from the service's WSDL, as a gateway does. */
static inline void sc_init(SimClient *c, Regulator *g) {
    *c = (SimClient){.g = g, .user = "beian", .password = g->password, .isp = FX_ISP};
    arena_init(&c->a);
    char url[256];
    snprintf(url, sizeof url, "%s/ISPWebService/upDownLoad?wsdl", g->srv.base);
    Buf body;
    buf_init(&body, &c->a);
    CURL *curl = curl_easy_init();
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, sc_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    CURLcode cc = curl_easy_perform(curl);
    curl_easy_cleanup(curl);
    char *ns = NULL;
    if (cc != CURLE_OK || soap_wsdl_namespace(&c->a, body.data, body.len, &ns))
        E2E_FAIL("no WSDL at %s", url);
    c->ns = ns;
}

static inline void sc_free(SimClient *c) {
    arena_free(&c->a);
}

/* The XSD of method m's <return>, or NULL (verifybamm has none). */
static inline const char *sc_return_xsd(RegMethod m) {
    static const char *const xsd[] = {
        "upload-return.xsd",           "download-return.xsd",
        "downloadack-return.xsd",      "querypreviousupload-return.xsd",
        "querybeianstatus-return.xsd", NULL};
    return xsd[m];
}

/* One call of q->method with the account's common parameters. Returns 0
** with *ret, or -1 when the connection closed without an answer. */
static inline int sc_call(SimClient *c, SoapRequest *q, RegReturn *ret) {
    char rv[AUTH_RANDVAL_LEN + 1];
    auth_randval(rv);
    q->isp_id = c->isp, q->user = c->user, q->hash_alg = c->hash_alg;
    q->randval = c->randval ? c->randval : arena_strdup(&c->a, rv);
    char *hash = NULL, *env = NULL, *doc = NULL, *why = NULL;
    assert_int_equal(auth_pwdhash(&c->a, c->password, q->randval, &hash), 0);
    q->pwdhash = hash;
    assert_int_equal(soap_request_build(&c->a, q, c->ns, &env), 0);
    CURL *curl = curl_easy_init();
    char url[256];
    snprintf(url, sizeof url, "%s%s", c->g->srv.base, soap_method_path(q->method));
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: text/xml; charset=utf-8");
    h = curl_slist_append(h, "SOAPAction: \"\"");
    Buf body;
    buf_init(&body, &c->a);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, env);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, sc_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    CURLcode cc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    curl_easy_cleanup(curl);
    if (cc == CURLE_GOT_NOTHING || cc == CURLE_RECV_ERROR) return -1;
    if (cc != CURLE_OK) E2E_FAIL("%s: %s", soap_method_name(q->method), curl_easy_strerror(cc));
    if (status != 200) E2E_FAIL("%s: HTTP %ld: %.500s", url, status, body.data ? body.data : "");
    if (soap_response_parse(&c->a, q->method, body.data, body.len, &doc, &why))
        E2E_FAIL("%s: %s", soap_method_name(q->method), why ? why : "bad envelope");
    const char *xsd = sc_return_xsd(q->method);
    if (xsd && reg_xsd_present() && reg_xsd_validate(xsd, doc, strlen(doc)) != 0)
        E2E_FAIL("%s: %s\n%s", xsd, reg_xsd_msg, doc);
    if (returns_parse(&c->a, q->method, doc, strlen(doc), ret, &why))
        E2E_FAIL("%s: %s", soap_method_name(q->method), why ? why : "bad return");
    return 0;
}

/* A call that must be answered: its msg_code. */
static inline int64_t sc_code(SimClient *c, SoapRequest *q, RegReturn *ret) {
    if (sc_call(c, q, ret) != 0) E2E_FAIL("%s: no answer", soap_method_name(q->method));
    return ret->msg_code;
}

/* isp_upload of d with dataSequence seq (encrypted when c->aes). Returns
** -1 when no answer came, else msg_code. */
static inline int64_t sc_upload(SimClient *c, int64_t seq, const UploadData *d, RegReturn *ret) {
    char *xml = NULL, *info = NULL, *hash = NULL, *why = NULL;
    if (upload_build(&c->a, d, &xml, &why)) E2E_FAIL("upload_build: %s", why ? why : "");
    if (reg_xsd_present() && reg_xsd_validate("upload-data.xsd", xml, strlen(xml)) != 0)
        E2E_FAIL("upload-data.xsd: %s", reg_xsd_msg);
    PayloadOpts o = {.encrypt = c->aes ? REG_ENCRYPT_AES : REG_ENCRYPT_NONE,
                     .key = c->aes ? &c->key : NULL};
    assert_int_equal(payload_encode(&c->a, xml, "beianinfo.xml", &o, &info, &hash), 0);
    SoapRequest q = {.method = REG_UPLOAD,
                     .info = info,
                     .info_hash = hash,
                     .sequence = seq,
                     .encrypt_alg = o.encrypt};
    return sc_call(c, &q, ret) ? -1 : ret->msg_code;
}

/* isp_download: msg_code; with a file, *d is its data (held against the XSD)
** and *name its return_FileName. *rc gets payload_decode's result. */
static inline int64_t sc_download(SimClient *c, DownloadData *d, const char **name, int *rc) {
    RegReturn r;
    SoapRequest q = {.method = REG_DOWNLOAD};
    int64_t code = sc_code(c, &q, &r);
    *rc = 0;
    if (!r.has_file) return code;
    *name = r.file.file_name;
    PayloadOpts o = {.encrypt = (int)r.file.encrypt_alg, .key = &c->key};
    PayloadFile f;
    if ((*rc = payload_decode(&c->a, r.file.info, r.file.info_hash, &o, &f))) return code;
    assert_string_equal(f.name, *name);
    if (reg_xsd_present() && reg_xsd_validate("download-data.xsd", f.xml, f.len) != 0)
        E2E_FAIL("download-data.xsd: %s\n%s", reg_xsd_msg, f.xml);
    char *why = NULL;
    if (download_parse(&c->a, f.xml, f.len, d, &why)) E2E_FAIL("download_parse: %s", why);
    return code;
}

/* isp_downloadack of name: msg_code. */
static inline int64_t sc_ack(SimClient *c, const char *name) {
    RegReturn r;
    SoapRequest q = {.method = REG_DOWNLOADACK, .file_name = name};
    return sc_code(c, &q, &r);
}

/* The next file's one result: its code, Czlx and Bs (NULL: any); acknowledged. */
static inline DownloadData sc_next(SimClient *c, int64_t code, int64_t czlx, const char *bs) {
    DownloadData d;
    const char *name = NULL;
    int rc;
    int64_t mc = sc_download(c, &d, &name, &rc);
    if ((mc != 0 && mc != 3) || rc)
        E2E_FAIL("isp_download: msg_code %lld, decode %d", (long long)mc, rc);
    if (!d.n_results || d.results[0].codes[0].code != code || d.results[0].op != czlx ||
        (bs && strcmp(d.results[0].key ? d.results[0].key : "", bs)))
        E2E_FAIL("want %lld (Czlx %lld, Bs %s); got %lld (Czlx %lld, Bs %s): %s", (long long)code,
                 (long long)czlx, bs ? bs : "*",
                 d.n_results ? (long long)d.results[0].codes[0].code : 0LL,
                 d.n_results ? (long long)d.results[0].op : 0LL,
                 d.n_results && d.results[0].key ? d.results[0].key : "",
                 d.n_results ? d.results[0].codes[0].desc : "");
    if (sc_ack(c, name) != 0) E2E_FAIL("isp_downloadack %s refused", name);
    return d;
}

#endif
