/*
** The <return> documents every method answers with (V3.0 §3-3 and the five
** return XSDs; isp_verifybamm has no XSD, its shape is the spec's example):
**
**   all:                  msg_code, msg
**   isp_upload:           + dataSequences/dataSequence* when msg_code is 14
**   isp_download:         + fileInfos (hash/compression/encryption codes,
**                           return_FileName, beianInfo, beianInfoHash)
**   isp_querypreviousupload: + fileInfos with dataSequence
**   isp_querybeianstatus: + StatusInfo (Cxtjlx, Cxtj, Wzmc, Ztbah, Wzbah, Bazt)
**   isp_verifybamm:       + VerifyRes (0 match, 1 no match)
**
** The builder writes what the XSDs accept: a version attribute and msg
** padded with spaces to the exactly 256 characters the XSDs demand. The
** parser is lenient where real bureaus are known to differ from the XSDs
** (short msg, no version attribute) and ignores the GBK the string declares,
** since it arrives as Unicode text inside the SOAP answer. Thread-safe.
*/
#ifndef BEIAN_REGULATOR_RETURNS_H
#define BEIAN_REGULATOR_RETURNS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "regulator/soap.h"

/* The version attribute this codec writes on <return>. The XSDs require one
** but give no value; V.3.0 is our choice (unconfirmed). */
#define RETURNS_VERSION "V.3.0"
/* Length of msg the return XSDs require (xs:length 256). */
#define RETURNS_MSG_LEN 256
/* Bound on a <return> document: a 50 MB file in base64 plus the rest. */
#define RETURNS_MAX_BYTES ((size_t)72 << 20)

/* fileInfos of isp_download and isp_querypreviousupload. */
typedef struct RegFileInfo {
    int64_t hash_alg, compression, encrypt_alg;
    int64_t sequence;      /* dataSequence: querypreviousupload only */
    const char *file_name; /* return_FileName */
    const char *info;      /* beianInfo (base64) */
    const char *info_hash; /* beianInfoHash (base64) */
} RegFileInfo;

/* StatusInfo of isp_querybeianstatus. */
typedef struct RegStatusInfo {
    int64_t query_type;         /* Cxtjlx: 0 domain, 1..11 certificate kinds */
    const char *query;          /* Cxtj */
    const char *site_name;      /* Wzmc: filed domain only, else NULL */
    const char *subject_number; /* Ztbah: when filed, else NULL */
    const char *site_number;    /* Wzbah: filed domain only, else NULL */
    int64_t filed;              /* Bazt: 0 filed, 1 not filed */
} RegStatusInfo;

typedef struct RegReturn {
    int64_t msg_code;
    const char *msg; /* NULL: the code table's Chinese text */
    /* isp_upload, msg_code 14: the missing sequence numbers. */
    const int64_t *missing;
    size_t n_missing;
    /* isp_download / isp_querypreviousupload. */
    bool has_file;
    RegFileInfo file;
    /* isp_querybeianstatus. */
    bool has_status;
    RegStatusInfo status;
    /* isp_verifybamm: 0 match, 1 no match; -1 absent. */
    int64_t verify;
} RegReturn;

/* Build method m's <return> document for r into *out (arena, UTF-8 text
** with a GBK prolog, as the bureau's string is). Fields of other methods are
** ignored. -ERR_REG_CHARSET on text XML cannot carry, -ERR_REG_SOAP on a
** file or status part left without its required strings. */
int returns_build(Arena *a, RegMethod m, const RegReturn *r, char **out);

/* Parse method m's <return> document (UTF-8 whatever its prolog says) into
** *r (strings in the arena; msg trimmed of trailing spaces; verify -1 when
** absent). Errors: -ERR_REG_XML / _XML_DTD / _TOO_LARGE, -ERR_REG_XSD when
** msg_code or a required part is missing or malformed (*why says which). */
int returns_parse(Arena *a, RegMethod m, const char *xml, size_t n, RegReturn *r, char **why);

#endif
