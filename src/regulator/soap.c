/*
** SOAP envelopes driven by one table of methods (see soap.h).
*/
#include "regulator/soap.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "regulator/regxml.h"

typedef enum ParamType { P_LONG, P_INT, P_STR } ParamType;

typedef struct SoapParam {
    const char *name;
    ParamType type;
    size_t off; /* into SoapRequest */
} SoapParam;

#define P_(n, t, f)                                                                                \
    { n, t, offsetof(SoapRequest, f) }
#define MAX_PARAMS 10

typedef struct SoapMethod {
    const char *name;
    const char *path;
    SoapParam params[MAX_PARAMS + 1]; /* in the order of the V3.0 prototypes */
} SoapMethod;

#define COMMON4                                                                                    \
    P_("ispID", P_LONG, isp_id), P_("userName", P_STR, user), P_("randVal", P_STR, randval),       \
        P_("pwdHash", P_STR, pwdhash)
#define HASHALG P_("hashAlgorithm", P_INT, hash_alg)

static const char path_updown[] = "/ISPWebService/upDownLoad";

static const SoapMethod methods[REG_METHOD_COUNT] = {
    [REG_UPLOAD] = {"isp_upload",
                    path_updown,
                    {COMMON4, P_("beianInfo", P_STR, info), P_("beianInfoHash", P_STR, info_hash),
                     P_("dataSequence", P_LONG, sequence),
                     P_("encryptAlgorithm", P_INT, encrypt_alg), HASHALG,
                     P_("compressionFormat", P_INT, compression)}},
    [REG_DOWNLOAD] = {"isp_download", path_updown, {COMMON4, HASHALG}},
    [REG_DOWNLOADACK] = {"isp_downloadack",
                         path_updown,
                         {COMMON4, HASHALG, P_("fileName", P_STR, file_name)}},
    [REG_QUERYPREVIOUSUPLOAD] = {"isp_querypreviousupload", path_updown, {COMMON4, HASHALG}},
    [REG_QUERYBEIANSTATUS] = {"isp_querybeianstatus",
                              "/BeianStatusWebService/queryBeianStatus",
                              {COMMON4, HASHALG, P_("queryConditionType", P_INT, query_type),
                               P_("queryCondition", P_STR, query)}},
    [REG_VERIFYBAMM] = {"isp_verifybamm",
                        "/BeianStatusWebService/verifyBamm",
                        {COMMON4, HASHALG, P_("baxh", P_STR, baxh), P_("bamm", P_STR, bamm)}},
};

const char *soap_method_name(RegMethod m) {
    return (unsigned)m < REG_METHOD_COUNT ? methods[m].name : NULL;
}

const char *soap_method_path(RegMethod m) {
    return (unsigned)m < REG_METHOD_COUNT ? methods[m].path : NULL;
}

int soap_method_find(const char *name) {
    for (int m = 0; m < REG_METHOD_COUNT; m++)
        if (name && strcmp(methods[m].name, name) == 0) return m;
    return -1;
}

/* ---------------------------------------------------------------- build */

/* Open the envelope and the body, and the wrapper element `name` in ns. */
static void env_open(XmlOut *o, const char *ns, const char *name) {
    buf_puts(o->b,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<soap:Envelope xmlns:soap=\"" SOAP_ENV_NS
             "\"><soap:Body>");
    if (ns) {
        buf_printf(o->b, "<ns:%s xmlns:ns=\"", name);
        xo_text(o, ns);
        buf_puts(o->b, "\">");
    } else {
        xo_open(o, name);
    }
}

/* Close the wrapper, the body and the envelope. */
static void env_close(XmlOut *o, const char *ns, const char *name) {
    if (ns)
        buf_puts(o->b, "</ns:");
    else
        buf_puts(o->b, "</");
    buf_puts(o->b, name);
    buf_puts(o->b, "></soap:Body></soap:Envelope>\n");
}

/* Write one parameter of r. */
static int param_write(XmlOut *o, const SoapParam *p, const SoapRequest *r) {
    const char *base = (const char *)r + p->off;
    if (p->type == P_STR) {
        const char *s = *(const char *const *)base;
        if (!s) return -ERR_REG_SOAP;
        xo_open(o, p->name);
        xo_text(o, s);
        xo_close(o, p->name);
    } else {
        xo_long(o, p->name, *(const int64_t *)base);
    }
    return 0;
}

int soap_request_build(Arena *a, const SoapRequest *r, const char *ns, char **out) {
    if ((unsigned)r->method >= REG_METHOD_COUNT) return -ERR_REG_SOAP;
    const SoapMethod *m = &methods[r->method];
    Buf b;
    buf_init(&b, a);
    XmlOut o = {&b, 0};
    env_open(&o, ns, m->name);
    for (const SoapParam *p = m->params; p->name; p++) {
        int rc = param_write(&o, p, r);
        if (rc) return rc;
    }
    env_close(&o, ns, m->name);
    if (o.err) return o.err;
    *out = buf_take(&b);
    return 0;
}

int soap_response_build(Arena *a, RegMethod m, const char *ns, const char *ret, char **out) {
    if ((unsigned)m >= REG_METHOD_COUNT || !ret) return -ERR_REG_SOAP;
    char *wrapper = arena_printf(a, "%sResponse", methods[m].name);
    Buf b;
    buf_init(&b, a);
    XmlOut o = {&b, 0};
    env_open(&o, ns, wrapper);
    xo_str(&o, "return", ret);
    env_close(&o, ns, wrapper);
    if (o.err) return o.err;
    *out = buf_take(&b);
    return 0;
}

int soap_fault_build(Arena *a, int client, const char *msg, char **out) {
    Buf b;
    buf_init(&b, a);
    XmlOut o = {&b, 0};
    env_open(&o, NULL, "soap:Fault");
    xo_str(&o, "faultcode", client ? "soap:Client" : "soap:Server");
    xo_str(&o, "faultstring", msg ? msg : "");
    env_close(&o, NULL, "soap:Fault");
    if (o.err) return o.err;
    *out = buf_take(&b);
    return 0;
}

/* ---------------------------------------------------------------- parse */

/* Record why an envelope is refused; returns -ERR_REG_SOAP. */
static int soap_fail(Arena *a, char **why, const char *what, const char *name) {
    if (why) *why = arena_printf(a, "%s%s%s", what, name ? ": " : "", name ? name : "");
    return -ERR_REG_SOAP;
}

/* True when n is in the SOAP 1.1 envelope namespace. */
static bool in_env_ns(const xmlNode *n) {
    return n && n->ns && n->ns->href && strcmp((const char *)n->ns->href, SOAP_ENV_NS) == 0;
}

/* Parse the envelope and return its Body's only element child in *body_child
** (the document stays in *doc, for the caller to free). */
static int env_parse(Arena *a, const char *xml, size_t n, xmlDoc **doc, xmlNode **body_child,
                     char **why) {
    int rc = regxml_parse(a, xml, n, SOAP_MAX_BYTES, REGXML_HUGE, doc, why);
    if (rc) return rc;
    xmlNode *env = xmlDocGetRootElement(*doc);
    if (!regxml_is(env, "Envelope") || !in_env_ns(env))
        return soap_fail(a, why, "not a SOAP 1.1 envelope", NULL);
    xmlNode *body = regxml_first(env);
    if (regxml_is(body, "Header") && in_env_ns(body)) body = regxml_next(body);
    if (!regxml_is(body, "Body") || !in_env_ns(body) || regxml_next(body))
        return soap_fail(a, why, "no SOAP Body", NULL);
    *body_child = regxml_first(body);
    if (!*body_child || regxml_next(*body_child))
        return soap_fail(a, why, "the Body must hold one element", NULL);
    return 0;
}

/* The parameter of m that element c stands for (ispId is taken as ispID). */
static const SoapParam *param_find(const SoapMethod *m, const xmlNode *c) {
    const char *name = (const char *)c->name;
    if (strcmp(name, "ispId") == 0) name = "ispID";
    for (const SoapParam *p = m->params; p->name; p++)
        if (strcmp(p->name, name) == 0) return p;
    return NULL;
}

/* Store the value of element c into r as parameter p. */
static int param_read(Arena *a, const SoapParam *p, xmlNode *c, SoapRequest *r, char **why) {
    char *base = (char *)r + p->off;
    if (regxml_first(c)) return soap_fail(a, why, "parameter holds elements", p->name);
    char *text = regxml_text(a, c);
    if (p->type == P_STR) {
        *(const char **)base = text;
        return 0;
    }
    int64_t v;
    if (regxml_parse_long(text, &v) != 0 || (p->type == P_INT && (v < INT32_MIN || v > INT32_MAX)))
        return soap_fail(a, why, "parameter is not an integer", p->name);
    *(int64_t *)base = v;
    return 0;
}

/* Read every parameter of m from the wrapper; each exactly once. */
static int params_read(Arena *a, const SoapMethod *m, xmlNode *wrapper, SoapRequest *r,
                       char **why) {
    bool seen[MAX_PARAMS] = {false};
    for (xmlNode *c = regxml_first(wrapper); c; c = regxml_next(c)) {
        const SoapParam *p = param_find(m, c);
        if (!p) continue; /* unknown parameters are ignored, as JAX-WS does */
        size_t i = (size_t)(p - m->params);
        if (seen[i]) return soap_fail(a, why, "parameter repeated", p->name);
        seen[i] = true;
        int rc = param_read(a, p, c, r, why);
        if (rc) return rc;
    }
    for (size_t i = 0; m->params[i].name; i++)
        if (!seen[i]) return soap_fail(a, why, "parameter missing", m->params[i].name);
    return 0;
}

int soap_request_parse(Arena *a, const char *xml, size_t n, const char *path, SoapRequest *r,
                       char **why) {
    xmlDoc *doc = NULL;
    xmlNode *wrapper;
    memset(r, 0, sizeof *r);
    if (why) *why = NULL;
    int rc = env_parse(a, xml, n, &doc, &wrapper, why);
    if (rc == 0) {
        int m = soap_method_find((const char *)wrapper->name);
        if (m < 0)
            rc = soap_fail(a, why, "unknown method", (const char *)wrapper->name);
        else if (path && strcmp(path, methods[m].path) != 0)
            rc = soap_fail(a, why, "method not served on this path", methods[m].name);
        else
            r->method = (RegMethod)m, rc = params_read(a, &methods[m], wrapper, r, why);
    }
    xmlFreeDoc(doc);
    return rc;
}

/* The faultstring of a Fault element, into *why. */
static int fault_read(Arena *a, xmlNode *fault, char **why) {
    char *s = regxml_child_text(a, fault, "faultstring");
    if (why) *why = s ? s : arena_strdup(a, "SOAP fault");
    return -ERR_REG_SOAP_FAULT;
}

int soap_response_parse(Arena *a, RegMethod m, const char *xml, size_t n, char **ret, char **why) {
    if ((unsigned)m >= REG_METHOD_COUNT) return -ERR_REG_SOAP;
    xmlDoc *doc = NULL;
    xmlNode *wrapper;
    if (why) *why = NULL;
    int rc = env_parse(a, xml, n, &doc, &wrapper, why);
    if (rc == 0) {
        char *want = arena_printf(a, "%sResponse", methods[m].name);
        xmlNode *r = regxml_child(wrapper, "return");
        if (regxml_is(wrapper, "Fault") && in_env_ns(wrapper))
            rc = fault_read(a, wrapper, why);
        else if (!regxml_is(wrapper, want))
            rc = soap_fail(a, why, "unexpected answer", (const char *)wrapper->name);
        else if (!r || regxml_first(r))
            rc = soap_fail(a, why, "no return string in", want);
        else
            *ret = regxml_text(a, r);
    }
    xmlFreeDoc(doc);
    return rc;
}

/* ----------------------------------------------------------------- WSDL */

#define WSDL_NS "http://schemas.xmlsoap.org/wsdl/"

/* The XML Schema type of a parameter, for the WSDL. */
static const char *param_xsd_type(ParamType t) {
    return t == P_LONG ? "xsd:long" : t == P_INT ? "xsd:int" : "xsd:string";
}

/* The wrapper elements of one method in the types schema. */
static void wsdl_types(Buf *b, const SoapMethod *m) {
    buf_printf(b, "<xsd:element name=\"%s\"><xsd:complexType><xsd:sequence>", m->name);
    for (const SoapParam *p = m->params; p->name; p++)
        buf_printf(b, "<xsd:element name=\"%s\" type=\"%s\"/>", p->name, param_xsd_type(p->type));
    buf_printf(b,
               "</xsd:sequence></xsd:complexType></xsd:element>"
               "<xsd:element name=\"%sResponse\"><xsd:complexType><xsd:sequence>"
               "<xsd:element name=\"return\" type=\"xsd:string\" minOccurs=\"0\"/>"
               "</xsd:sequence></xsd:complexType></xsd:element>",
               m->name);
}

/* Messages, port type and binding operations of the methods on path. */
static void wsdl_operations(Buf *b, const char *path, const char *svc) {
    for (int i = 0; i < REG_METHOD_COUNT; i++) {
        if (strcmp(methods[i].path, path) != 0) continue;
        const char *n = methods[i].name;
        buf_printf(b,
                   "<message name=\"%s\"><part name=\"parameters\" element=\"tns:%s\"/></message>"
                   "<message name=\"%sResponse\"><part name=\"parameters\" "
                   "element=\"tns:%sResponse\"/></message>",
                   n, n, n, n);
    }
    buf_printf(b, "<portType name=\"%s\">", svc);
    for (int i = 0; i < REG_METHOD_COUNT; i++)
        if (strcmp(methods[i].path, path) == 0)
            buf_printf(b,
                       "<operation name=\"%s\"><input message=\"tns:%s\"/>"
                       "<output message=\"tns:%sResponse\"/></operation>",
                       methods[i].name, methods[i].name, methods[i].name);
    buf_printf(b,
               "</portType><binding name=\"%sBinding\" type=\"tns:%s\"><soap:binding "
               "transport=\"http://schemas.xmlsoap.org/soap/http\" style=\"document\"/>",
               svc, svc);
    for (int i = 0; i < REG_METHOD_COUNT; i++)
        if (strcmp(methods[i].path, path) == 0)
            buf_printf(b,
                       "<operation name=\"%s\"><soap:operation soapAction=\"\"/>"
                       "<input><soap:body use=\"literal\"/></input>"
                       "<output><soap:body use=\"literal\"/></output></operation>",
                       methods[i].name);
    buf_puts(b, "</binding>");
}

int soap_wsdl_build(Arena *a, const char *path, const char *ns, const char *location, char **out) {
    const char *svc = path ? strrchr(path, '/') : NULL;
    int any = 0;
    for (int i = 0; svc && i < REG_METHOD_COUNT; i++)
        any |= strcmp(methods[i].path, path) == 0;
    if (!any || !ns || !location) return -ERR_REG_SOAP;
    svc++;
    Buf b;
    buf_init(&b, a);
    XmlOut o = {&b, 0};
    buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<definitions xmlns=\"" WSDL_NS
                 "\" xmlns:soap=\"http://schemas.xmlsoap.org/wsdl/soap/\" "
                 "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:tns=\"");
    xo_text(&o, ns);
    buf_printf(&b, "\" name=\"%s\" targetNamespace=\"", svc);
    xo_text(&o, ns);
    buf_puts(&b, "\"><types><xsd:schema targetNamespace=\"");
    xo_text(&o, ns);
    buf_puts(&b, "\">");
    for (int i = 0; i < REG_METHOD_COUNT; i++)
        if (strcmp(methods[i].path, path) == 0) wsdl_types(&b, &methods[i]);
    buf_puts(&b, "</xsd:schema></types>");
    wsdl_operations(&b, path, svc);
    buf_printf(&b,
               "<service name=\"%sService\"><port name=\"%sPort\" binding=\"tns:%sBinding\">"
               "<soap:address location=\"",
               svc, svc, svc);
    xo_text(&o, location);
    buf_puts(&b, "\"/></port></service></definitions>\n");
    if (o.err) return o.err;
    *out = buf_take(&b);
    return 0;
}

int soap_wsdl_namespace(Arena *a, const char *xml, size_t n, char **ns) {
    xmlDoc *doc;
    int rc = regxml_parse(a, xml, n, (size_t)4 << 20, 0, &doc, NULL);
    if (rc) return rc;
    xmlNode *root = xmlDocGetRootElement(doc);
    xmlChar *tns = NULL;
    if (regxml_is(root, "definitions") && root->ns &&
        strcmp((const char *)root->ns->href, WSDL_NS) == 0)
        tns = xmlGetNoNsProp(root, (const xmlChar *)"targetNamespace");
    if (tns) *ns = arena_strdup(a, (const char *)tns);
    xmlFree(tns);
    xmlFreeDoc(doc);
    return tns ? 0 : -ERR_REG_SOAP;
}
