/*
** The client side of MIIT's provider interface (企业系统接口规范 V3.0): one
** call is a SOAP 1.1 POST to the administration's service path, with a fresh
** random value and password hash (regulator/auth.h), answered by a <return>
** document (regulator/returns.h). The wrappers go in the namespace the
** administration's WSDL declares, read once per client.
**
** A RegClient belongs to one thread (the gateway's worker); it is not
** thread-safe.
*/
#ifndef BEIAN_GATEWAY_CLIENT_H
#define BEIAN_GATEWAY_CLIENT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "regulator/payload.h"
#include "regulator/returns.h"
#include "regulator/soap.h"

typedef struct RegClient {
    const char *endpoint; /* scheme://host[:port], no trailing slash */
    int64_t isp_id;
    const char *user, *password;
    bool encrypt; /* AES on the payloads */
    PayloadKey key;
    int timeout_s;
    char *ns; /* the WSDL's targetNamespace, once read (malloc) */
} RegClient;

/* What became of a call. */
typedef enum RegCallOutcome {
    CALL_ANSWERED = 0, /* *ret holds the administration's answer */
    CALL_UNREACHED,    /* nothing was delivered (connection refused, DNS) */
    CALL_AMBIGUOUS,    /* sent, and no usable answer came back (timeout, reset,
                          an answer that is not a SOAP response) */
} RegCallOutcome;

/* Fill the client from the settings; -ERR_REG_KEY when a key is set and is
** not 16 + 16 characters. */
int regclient_init(RegClient *c, const char *endpoint, int64_t isp_id, const char *user,
                   const char *password, const char *aes_key, const char *aes_iv, int timeout_s);
void regclient_free(RegClient *c);

/* Call q->method (authentication filled in here). *why (arena) says what
** went wrong when the outcome is not CALL_ANSWERED. */
RegCallOutcome regclient_call(RegClient *c, Arena *a, SoapRequest *q, RegReturn *ret, char **why);

/* The payload options of this client (hash MD5, zip, AES when set). */
PayloadOpts regclient_payload_opts(const RegClient *c);

#endif
