/*
** SOAP 1.1 envelopes of the MIIT provider interface (V3.0 §3-3): six methods
** on three service paths, document/literal wrapped (a wrapper element named
** after the method holding one child element per parameter; the answer's
** wrapper <method>Response holds <return>, a string with an XML document).
**
** One table of methods (name, service path, parameters in order) drives
** both building and parsing, for the gateway (client) and the simulator
** (server), and the WSDL the simulator serves. The bureaus' WSDL was not
** recovered, so its namespace is the caller's (soap_wsdl_namespace reads it
** from a bureau's WSDL): builders put the wrapper in ns (none when NULL),
** parsers accept any.
** Parameter names follow the clients seen in use (ispID); parsing accepts
** the spec's spelling ispId too. Thread-safe.
*/
#ifndef BEIAN_REGULATOR_SOAP_H
#define BEIAN_REGULATOR_SOAP_H

#include <stdint.h>

#include "core/arena.h"

typedef enum RegMethod {
    REG_UPLOAD,              /* isp_upload */
    REG_DOWNLOAD,            /* isp_download */
    REG_DOWNLOADACK,         /* isp_downloadack */
    REG_QUERYPREVIOUSUPLOAD, /* isp_querypreviousupload */
    REG_QUERYBEIANSTATUS,    /* isp_querybeianstatus */
    REG_VERIFYBAMM,          /* isp_verifybamm */
    REG_METHOD_COUNT
} RegMethod;

/* One call's parameters; each method uses its own subset (see the table in
** soap.c). Strings are NUL-terminated UTF-8. */
typedef struct SoapRequest {
    RegMethod method;
    int64_t isp_id;        /* ispID */
    const char *user;      /* userName */
    const char *randval;   /* randVal */
    const char *pwdhash;   /* pwdHash */
    int64_t hash_alg;      /* hashAlgorithm */
    const char *info;      /* beianInfo (upload) */
    const char *info_hash; /* beianInfoHash (upload) */
    int64_t sequence;      /* dataSequence (upload) */
    int64_t encrypt_alg;   /* encryptAlgorithm (upload) */
    int64_t compression;   /* compressionFormat (upload) */
    const char *file_name; /* fileName (downloadack) */
    int64_t query_type;    /* queryConditionType (querybeianstatus) */
    const char *query;     /* queryCondition (querybeianstatus) */
    const char *baxh;      /* filing number (verifybamm) */
    const char *bamm;      /* filing password (verifybamm) */
} SoapRequest;

/* The envelope namespace of SOAP 1.1. */
#define SOAP_ENV_NS "http://schemas.xmlsoap.org/soap/envelope/"
/* Bound on one envelope: a 50 MB file in base64 plus the rest. */
#define SOAP_MAX_BYTES ((size_t)72 << 20)

/* "isp_upload", ...; NULL for an unknown method. */
const char *soap_method_name(RegMethod m);
/* The service path, e.g. "/ISPWebService/upDownLoad". */
const char *soap_method_path(RegMethod m);
/* The method called name, or -1. */
int soap_method_find(const char *name);

/* Build the request envelope for r into *out (arena, UTF-8). Refuses
** (-ERR_REG_SOAP) an unknown method or a string parameter left NULL, and
** text XML cannot carry (-ERR_REG_CHARSET). */
int soap_request_build(Arena *a, const SoapRequest *r, const char *ns, char **out);

/* Parse a request envelope into *r (strings in the arena). The method comes
** from the wrapper element; when path is not NULL it must be that method's
** service path. Errors: -ERR_REG_XML, -ERR_REG_XML_DTD, -ERR_REG_TOO_LARGE,
** -ERR_REG_SOAP (not an envelope, unknown method, wrong path, a parameter
** missing, repeated or malformed); *why (may be NULL) says which. */
int soap_request_parse(Arena *a, const char *xml, size_t n, const char *path, SoapRequest *r,
                       char **why);

/* Build the response envelope of method m carrying the <return> document
** ret (UTF-8 text, escaped into the return element) into *out. */
int soap_response_build(Arena *a, RegMethod m, const char *ns, const char *ret, char **out);

/* Parse a response envelope of method m: *ret receives the text of its
** return element (the <return> document, UTF-8). A SOAP fault gives
** -ERR_REG_SOAP_FAULT with *why set to its faultstring. */
int soap_response_parse(Arena *a, RegMethod m, const char *xml, size_t n, char **ret, char **why);

/* A SOAP fault (the simulator's answer to a request it cannot parse):
** faultcode soap:Client when client, else soap:Server. */
int soap_fault_build(Arena *a, int client, const char *msg, char **out);

/* The WSDL of the service at path (one of the three), for the simulator to
** serve at path?wsdl: document/literal wrapped, types from the method table,
** targetNamespace ns, soap:address location. Ours: the bureaus' WSDL was
** not recovered. -ERR_REG_SOAP for an unknown path. */
int soap_wsdl_build(Arena *a, const char *path, const char *ns, const char *location, char **out);

/* The targetNamespace of a WSDL document (what a bureau serves at ?wsdl),
** for the gateway to put its wrappers in: 0, -ERR_REG_SOAP when it is not a
** WSDL 1.1 definitions element with one, or a parse error. */
int soap_wsdl_namespace(Arena *a, const char *xml, size_t n, char **ns);

#endif
