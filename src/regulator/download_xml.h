/*
** The download data file, <DownloadData version="V.3.0"> (download-data.xsd),
** as far as Beian reads it: ICP results (BAJG: result codes per operation
** and the bureau's review), filed records with the bureau's IDs and numbers
** (BASJ) and cancellations (ZXSJ). The other ICP sections (blacklists,
** unfiled sites, verification tasks, checks, notices) are validated and
** reported as present but not read; IP, YM, JCDM and SJTB files are
** recognised by kind. The builder serves the simulator and the tests.
*/
#ifndef BEIAN_REGULATOR_DOWNLOAD_XML_H
#define BEIAN_REGULATOR_DOWNLOAD_XML_H

#include <stdbool.h>

#include "regulator/icpdata.h"

#define DOWNLOAD_VERSION "V.3.0"

/* Czlx: the operation a result or review is about (the XSD allows 1-7). */
enum {
    DL_OP_NEW_FILING = 1,
    DL_OP_NEW_SITE = 2,
    DL_OP_NEW_ACCESS = 3,
    DL_OP_CHANGE = 4,
    DL_OP_CANCEL_ACCESS = 5,
    DL_OP_CANCEL_SUBJECT = 6,
    DL_OP_CANCEL_SITE = 7,
};

typedef enum DownloadKind {
    DOWNLOAD_ICP,
    DOWNLOAD_IP,
    DOWNLOAD_YM,
    DOWNLOAD_JCDM,
    DOWNLOAD_SJTB,
} DownloadKind;

/* ICP sections present in a file but not read (DownloadData.unread). */
enum {
    DL_UNREAD_HMDLB = 1 << 0,
    DL_UNREAD_FFJRHMD = 1 << 1,
    DL_UNREAD_WBAWZLB = 1 << 2,
    DL_UNREAD_HSRW = 1 << 3,
    DL_UNREAD_HCJG = 1 << 4,
    DL_UNREAD_XGTZ = 1 << 5,
};

typedef struct DlCode { /* Jgxx */
    int64_t code;       /* Jgdm: a data code of V3.0 §3-5 (regulator_code_text) */
    const char *desc;   /* Dmms: description, or the file name on 5001 */
} DlCode;

typedef struct DlResult { /* BAJG/Jg_xx */
    const DlCode *codes;  /* 1 or more */
    size_t n_codes;
    int64_t op;         /* Czlx */
    const char *key;    /* Bs: our subject ID (new filing), subject number or
                           bureau ID (new site), our access ID or site number
                           (new access), else the bureau's ID or number */
    const char *remark; /* Bz */
} DlResult;

typedef struct DlReview { /* BAJG/GJSHS/Gjsh */
    const char *reviewer; /* Shrxm */
    const char *phone;    /* Shr_dhhm */
    const char *time;     /* Shsj: 10..22 characters */
    const char *opinion;  /* Shyj */
    int64_t approved;     /* Shjg: 1 approved, 0 rejected */
    int64_t op;           /* Czlx; 0: absent */
    int64_t record_id;    /* Jlid: our ID for new filing/site/access, else the
                             bureau's; 0: absent */
} DlReview;

typedef struct DlFiling { /* BASJ/Baxx */
    RegSubject subject;   /* ICP_FILED: bureau_id, number, by_provider, times */
    const RegSite *sites; /* ICP_FILED: bureau IDs, number; access provider_id */
    size_t n_sites;
    const char *remark;
} DlFiling;

typedef struct DlCancel { /* ZXSJ/Zxxx */
    int64_t kind;         /* Zxlb: 0 subject, 1 site */
    int64_t record_id;    /* Jlid: the bureau's ID */
    const char *remark;
} DlCancel;

typedef struct DownloadData {
    DownloadKind kind; /* only DOWNLOAD_ICP has content below */
    bool has_results;  /* BAJG present */
    const DlResult *results;
    size_t n_results;
    const DlReview *reviews;
    size_t n_reviews;
    bool has_filed; /* BASJ present */
    const DlFiling *filed;
    size_t n_filed;
    bool has_cancels; /* ZXSJ present */
    const DlCancel *cancels;
    size_t n_cancels;
    unsigned unread; /* DL_UNREAD_* */
} DownloadData;

/* Build an ICP download file with the sections d has (at least one) into
** *out (arena, UTF-8 with a GBK prolog). Checked against the XSD's
** structure; -ERR_REG_XSD with *why on what it would refuse,
** -ERR_REG_CHARSET on text XML cannot carry. */
int download_build(Arena *a, const DownloadData *d, char **out, char **why);

/* Parse a download file (UTF-8, whatever its prolog says) into *d. Errors:
** -ERR_REG_ATTR, -ERR_REG_VERSION, -ERR_REG_XSD (*why says what),
** -ERR_REG_XML / _XML_DTD / _TOO_LARGE, -ERR_REG_BASE64 (a scan that is not
** base64). */
int download_parse(Arena *a, const char *xml, size_t n, DownloadData *d, char **why);

#endif
