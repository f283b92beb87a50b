/*
** The client side of MIIT's provider interface (gateway/client.h).
*/
#include "gateway/client.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/util.h"
#include "regulator/auth.h"

int regclient_init(RegClient *c, const char *endpoint, int64_t isp_id, const char *user,
                   const char *password, const char *aes_key, const char *aes_iv, int timeout_s) {
    *c = (RegClient){.endpoint = endpoint,
                     .isp_id = isp_id,
                     .user = user,
                     .password = password,
                     .timeout_s = timeout_s > 0 ? timeout_s : 30};
    if (aes_key && *aes_key) {
        if (payload_key_set(&c->key, aes_key, aes_iv ? aes_iv : "") < 0) return -ERR_REG_KEY;
        c->encrypt = true;
    }
    return 0;
}

void regclient_free(RegClient *c) {
    free(c->ns);
    c->ns = NULL;
}

PayloadOpts regclient_payload_opts(const RegClient *c) {
    return (PayloadOpts){.hash_alg = REG_HASH_MD5,
                         .compression = REG_COMPRESS_ZIP,
                         .encrypt = c->encrypt ? REG_ENCRYPT_AES : REG_ENCRYPT_NONE,
                         .key = c->encrypt ? &c->key : NULL};
}

/* Bound on an answer: a 50 MB file in base64 plus the envelope. */
typedef struct Body {
    Buf b;
    bool too_large;
} Body;

static size_t on_body(char *p, size_t size, size_t n, void *ud) {
    Body *body = ud;
    if (body->b.len + size * n > SOAP_MAX_BYTES) {
        body->too_large = true;
        return 0;
    }
    buf_append(&body->b, p, size * n);
    return size * n;
}

/* One HTTP exchange: GET when post is NULL. */
static RegCallOutcome http(RegClient *c, Arena *a, const char *url, const char *post, Body *body,
                           char **why) {
    buf_init(&body->b, a);
    body->too_large = false;
    CURL *curl = curl_easy_init();
    if (!curl) {
        *why = "curl_easy_init failed";
        return CALL_UNREACHED;
    }
    struct curl_slist *h = NULL;
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, body);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)c->timeout_s);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    if (post) {
        h = curl_slist_append(h, "Content-Type: text/xml; charset=utf-8");
        h = curl_slist_append(h, "SOAPAction: \"\"");
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, post);
    }
    CURLcode cc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    curl_easy_cleanup(curl);
    if (cc == CURLE_COULDNT_CONNECT || cc == CURLE_COULDNT_RESOLVE_HOST ||
        cc == CURLE_UNSUPPORTED_PROTOCOL || cc == CURLE_URL_MALFORMAT) {
        *why = arena_printf(a, "%s: %s", url, curl_easy_strerror(cc));
        return CALL_UNREACHED;
    }
    if (cc != CURLE_OK) {
        *why = arena_printf(a, "%s: %s", url,
                            body->too_large ? "answer too large" : curl_easy_strerror(cc));
        return CALL_AMBIGUOUS;
    }
    /* SOAP faults come with 500; anything else not 200 is no answer. */
    if (status != 200 && status != 500) {
        *why = arena_printf(a, "%s: HTTP %ld", url, status);
        return CALL_AMBIGUOUS;
    }
    return CALL_ANSWERED;
}

/* The namespace of the wrappers, from the service's WSDL (read once). */
static RegCallOutcome learn_ns(RegClient *c, Arena *a, RegMethod m, char **why) {
    if (c->ns) return CALL_ANSWERED;
    Body body;
    const char *url = arena_printf(a, "%s%s?wsdl", c->endpoint, soap_method_path(m));
    RegCallOutcome o = http(c, a, url, NULL, &body, why);
    if (o != CALL_ANSWERED) return o == CALL_AMBIGUOUS ? CALL_UNREACHED : o;
    char *ns = NULL;
    if (soap_wsdl_namespace(a, body.b.data ? body.b.data : "", body.b.len, &ns) < 0) {
        *why = arena_printf(a, "%s: not a WSDL with a targetNamespace", url);
        return CALL_UNREACHED;
    }
    c->ns = xstrdup(ns);
    return CALL_ANSWERED;
}

RegCallOutcome regclient_call(RegClient *c, Arena *a, SoapRequest *q, RegReturn *ret, char **why) {
    *why = NULL;
    memset(ret, 0, sizeof *ret);
    /* Nothing is sent before the namespace is known: a failure here is
    ** always "not delivered". */
    RegCallOutcome o = learn_ns(c, a, q->method, why);
    if (o != CALL_ANSWERED) return o;
    char rv[AUTH_RANDVAL_LEN + 1];
    auth_randval(rv);
    char *hash = NULL, *env = NULL;
    q->isp_id = c->isp_id;
    q->user = c->user;
    q->randval = arena_strdup(a, rv);
    q->hash_alg = REG_HASH_MD5;
    int rc = auth_pwdhash(a, c->password, q->randval, &hash);
    q->pwdhash = hash;
    if (rc == 0) rc = soap_request_build(a, q, c->ns, &env);
    if (rc < 0) {
        *why = arena_printf(a, "%s: the request cannot be built (%s)", soap_method_name(q->method),
                            err_name(rc));
        return CALL_UNREACHED;
    }
    Body body;
    const char *url = arena_printf(a, "%s%s", c->endpoint, soap_method_path(q->method));
    o = http(c, a, url, env, &body, why);
    if (o != CALL_ANSWERED) return o;
    char *doc = NULL, *w = NULL;
    rc = soap_response_parse(a, q->method, body.b.data ? body.b.data : "", body.b.len, &doc, &w);
    if (rc == 0) rc = returns_parse(a, q->method, doc, strlen(doc), ret, &w);
    if (rc < 0) {
        *why = arena_printf(a, "%s: %s", soap_method_name(q->method), w ? w : "bad answer");
        return CALL_AMBIGUOUS;
    }
    return CALL_ANSWERED;
}
