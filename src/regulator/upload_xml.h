/*
** The upload data file, <UploadData version="V.3.0"><ICP>...<Qqdwid/></ICP>
** (upload-data.xsd), for the ICP operations Beian files: XZBA (new filing),
** XZWZ (new site), XZJR (new access), BGBA (change) and ZXBA (cancel
** subject, site or access). One document carries one operation with one or
** more items. The builder's output is checked against the XSD's structure
** and facets before it is returned; the parser (the simulator's side)
** refuses what the XSD would, with the spec's codes.
*/
#ifndef BEIAN_REGULATOR_UPLOAD_XML_H
#define BEIAN_REGULATOR_UPLOAD_XML_H

#include "regulator/icpdata.h"

/* The interface version this codec speaks (root attribute). */
#define UPLOAD_VERSION "V.3.0"
/* A file carries at most 1000 records (V3.0 §3-3-1); the builder refuses
** more items, so that the gateway splits larger batches. */
#define UPLOAD_MAX_ITEMS 1000

typedef enum UploadOp {
    UPLOAD_XZBA = 1, /* new filing: subject + sites + attachments */
    UPLOAD_XZWZ,     /* new site for a filed subject */
    UPLOAD_XZJR,     /* new access for a filed site */
    UPLOAD_BGBA,     /* change a filed subject and its sites */
    UPLOAD_ZXBA,     /* cancel a subject (0), a site (1) or an access (2) */
} UploadOp;

typedef struct UploadNewFiling { /* XZBA/Baxx */
    RegSubject subject;          /* isp_id and all fields; no bureau IDs */
    const RegSite *sites;        /* ICP_NEW: isp_id on site, domains, access, IPs */
    size_t n_sites;
    const RegAttachment *attachments; /* owner_id: our subject or site ID */
    size_t n_attachments;
} UploadNewFiling;

typedef struct UploadNewSite {  /* XZWZ/Xzxx */
    const char *subject_number; /* Ztbah, or (when NULL) */
    int64_t subject_id;         /* Ztid: the bureau's subject ID */
    const RegSite *sites;
    size_t n_sites;
    const RegAttachment *attachments; /* owner: Baxh (owner_number) or Jlid */
    size_t n_attachments;
    const char *icpmm; /* ICPmm: auth_icpmm() of the filing password, or NULL */
} UploadNewSite;

typedef struct UploadNewAccess { /* XZJR/Xzxx */
    const char *site_number;     /* Wzbah, or (when NULL) */
    int64_t site_id;             /* Wzid */
    RegAccess access;            /* isp_id, locations, methods, IPs (isp_id each) */
    const RegAttachment *attachments;
    size_t n_attachments;
    const char *icpmm; /* required */
} UploadNewAccess;

typedef struct UploadChange { /* BGBA/Bgxx */
    RegSubject subject;       /* bureau_id, number and all fields */
    const RegSite *sites;     /* bureau_id, number; domains: isp_id (+bureau_id unless new);
                                 access: bureau_id; IPs: isp_id (+bureau_id unless new) */
    size_t n_sites;
    const RegAttachment *attachments;
    size_t n_attachments;
    const char *icpmm;
} UploadChange;

typedef struct UploadCancel { /* ZXBA/Zx_xx */
    int64_t kind;             /* Zxlb: 0 subject, 1 site, 2 access */
    int64_t record_id;        /* Jlid: the bureau's ID of that record */
    int64_t reason;           /* Zxly: cancellation reason code */
    const char *remark;       /* Zxlybz */
    const char *icpmm;        /* required when cancelling a subject */
} UploadCancel;

typedef struct UploadData {
    UploadOp op;
    int64_t requester; /* Qqdwid: the reporting unit, i.e. our ispID */
    size_t n;          /* items in the array of op */
    const UploadNewFiling *new_filings;
    const UploadNewSite *new_sites;
    const UploadNewAccess *new_access;
    const UploadChange *changes;
    const UploadCancel *cancels;
} UploadData;

/* Build the document for d into *out (arena, UTF-8 with a GBK prolog, ready
** for payload_encode). Errors: -ERR_REG_TOO_LARGE (more than
** UPLOAD_MAX_ITEMS items), -ERR_REG_XSD (with *why, may be NULL: what
** the XSD would refuse, a missing item or a bad ';' list item),
** -ERR_REG_CHARSET (text XML cannot carry). */
int upload_build(Arena *a, const UploadData *d, char **out, char **why);

/* Parse a document (UTF-8, whatever its prolog says) into *d, everything in
** the arena. Errors with the codes of V3.0 §3-5: -ERR_REG_ATTR (5002: no
** version), -ERR_REG_VERSION (5004), -ERR_REG_XSD (5001: what the XSD
** refuses, and ICP without exactly one operation, a subject cancellation
** without ICPmm), -ERR_REG_UNSUPPORTED (5011: IP or YM data, XZHYD, HSJG,
** WBACLJG), -ERR_REG_XML / _XML_DTD / _TOO_LARGE, -ERR_REG_BASE64 (an
** attachment that is not base64). *why says what is wrong. */
int upload_parse(Arena *a, const char *xml, size_t n, UploadData *d, char **why);

#endif
