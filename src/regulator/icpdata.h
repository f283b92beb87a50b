/*
** Neutral C descriptions of ICP filing data as the MIIT interface carries it
** (V3.0 §4; upload-data.xsd and download-data.xsd), shared by the upload and
** download documents, with the writers and readers of the parts they share
** (Zt_xx, Wz_xx, Fjxx). Names follow the XSD in comments. An int64_t ID or
** code of 0 means "absent" wherever the element is optional. Lists joined
** with ';' in the XML (site names, phones, e-mails) are RegStrList here.
*/
#ifndef BEIAN_REGULATOR_ICPDATA_H
#define BEIAN_REGULATOR_ICPDATA_H

#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "regulator/regxml.h"

/* Values the XML joins with ';'. Items must be non-empty and hold no ';'. */
typedef struct RegStrList {
    const char *const *v;
    size_t n;
} RegStrList;

/* Binary content the XML carries in base64 (scans, attachments). */
typedef struct RegBlob {
    const uint8_t *p;
    size_t n;
} RegBlob;

typedef struct RegAddress { /* Txdz */
    int64_t province;       /* Shengid: 6-digit division code, e.g. 330000 */
    int64_t city;           /* Shiid, e.g. 330100 (optional in downloads) */
    int64_t county;         /* Xianid, e.g. 330108; 0: absent */
    const char *detail;     /* Xxdz; NULL: absent */
} RegAddress;

typedef struct RegCert {   /* Zj */
    int64_t type;          /* Zjlx: certificate type code */
    const char *number;    /* Zjhm */
    const char *residence; /* Zjzs: address on the certificate */
} RegCert;

typedef struct RegPrincipal { /* Fzr, Wz_Fzr */
    const char *name;         /* Fzr_xm */
    RegStrList office_phones; /* Fzr_dhhm */
    RegStrList mobiles;       /* Fzr_sjhm */
    RegStrList emails;        /* Fzr_dzyj */
    const char *msn, *qq;     /* Msn, Qq */
    int64_t cert_type;        /* Fzr_zjlx */
    const char *cert_number;  /* Fzr_zjhm */
} RegPrincipal;

typedef struct RegIpRange { /* Ip_xx */
    int64_t isp_id;         /* IspIpid: ours */
    int64_t bureau_id;      /* Ipid: the bureau's */
    uint32_t start, end;    /* Qsip, Zzip: IPv4 as unsigned 32-bit integers */
} RegIpRange;

typedef struct RegAccess {    /* Jr_xx */
    int64_t isp_id;           /* IspJrid */
    int64_t bureau_id;        /* Jrid */
    int64_t provider_id;      /* Ispid: the providing unit (downloads) */
    const int64_t *locations; /* Wzfb/Fbdd: server location codes */
    size_t n_locations;
    const int64_t *methods; /* Wzjrfs/Jrfs: access method codes */
    size_t n_methods;
    const RegIpRange *ips;
    size_t n_ips;
} RegAccess;

typedef struct RegDomain { /* Ym_xx */
    int64_t isp_id;        /* IspYmid */
    int64_t bureau_id;     /* Ymid */
    const char *name;      /* Ym */
} RegDomain;

typedef struct RegPreapproval { /* Nrlx_xx */
    int64_t type;               /* Nrlx_id */
    const char *number;         /* Qzsph */
    const RegBlob *files;       /* Spwj: JPG scans, 1..10 */
    size_t n_files;
} RegPreapproval;

typedef struct RegSite {       /* Wz_xx */
    int64_t isp_id, bureau_id; /* IspWzid, Wzid */
    const char *number;        /* Baxh: site number */
    RegStrList names;          /* Wzmc */
    const RegPreapproval *preapprovals;
    size_t n_preapprovals;
    const int64_t *services; /* Fwnr/Fwnr_id */
    size_t n_services;
    const int64_t *languages; /* Yylb/Yylb_id */
    size_t n_languages;
    const RegDomain *domains;
    size_t n_domains;
    const RegAccess *access;
    size_t n_access;
    RegPrincipal principal;             /* Wz_Fzr */
    const char *home_url;               /* Syurl */
    const char *remark;                 /* Wz_Bz */
    const char *first_filed, *modified; /* Scbbsj, Zjxgsj (downloads) */
} RegSite;

typedef struct RegSubject {             /* Zt_xx */
    int64_t isp_id, bureau_id;          /* IspZtid, Ztid */
    const char *number;                 /* Baxh: subject number */
    const char *name;                   /* Dwmc */
    int64_t nature;                     /* Dwxz: unit nature code */
    const char *investor;               /* Tzr */
    RegAddress address;                 /* Txdz */
    RegCert cert;                       /* Zj */
    RegPrincipal principal;             /* Fzr */
    int64_t by_provider;                /* Bbfs (uploads), Bbyhlx (downloads): 0 self, 1 provider */
    const char *remark;                 /* Bz */
    const char *first_filed, *modified; /* Scbbsj, Zjxgsj (downloads) */
    const char *reviewer, *reviewed_at; /* Shrxm, Shsj (downloads) */
} RegSubject;

typedef struct RegAttachment { /* Fj/Fjxx */
    int64_t format;            /* Fjwjgs: file format code */
    int64_t purpose;           /* Fjyt: purpose code */
    RegBlob content;           /* Fjnr */
    int64_t owner_type;        /* Ssdxlx: 1 subject, 2 site */
    int64_t owner_id;          /* Ssdxbs (new filing: our ID) or Ssdxbs/Jlid */
    const char *owner_number;  /* Ssdxbs/Baxh (not for a new filing) */
    const char *remark;        /* Bz */
} RegAttachment;

/* How a subject or site is identified in one kind of document. */
typedef enum IcpMode {
    ICP_NEW,    /* XZBA, XZWZ: our IDs only */
    ICP_CHANGE, /* BGBA: bureau IDs (and our IDs for new IPs/domains), numbers */
    ICP_FILED,  /* BASJ: bureau IDs and numbers, our IDs when known */
} IcpMode;

/* Writers: append the element in the order its XSD wants (the access body
** is Jr_xx's content, also XZJR's). Problems are left in o->err. */
void icp_write_subject(XmlOut *o, const RegSubject *s, IcpMode mode);
void icp_write_site(XmlOut *o, const RegSite *s, IcpMode mode);
void icp_write_access_body(XmlOut *o, const RegAccess *ac, IcpMode mode);
/* One Fj holding its Fjxx. The owner (Ssdxbs) is our ID as a long in a new
** filing (new_filing true), else a choice: Baxh when owner_number is set,
** otherwise Jlid. */
void icp_write_attachment(XmlOut *o, const RegAttachment *f, bool new_filing);
/* Items joined with ';' (an item that is empty or holds ';' sets o->err). */
void icp_write_list(XmlOut *o, const char *name, const RegStrList *l);

/* Readers of checked documents (xsd_check passed): fill the struct from the
** element, strings and arrays in the arena. They return 0, or
** -ERR_REG_BASE64 for scans and attachments that are not base64. */
int icp_read_subject(Arena *a, xmlNode *n, RegSubject *s);
int icp_read_site(Arena *a, xmlNode *n, RegSite *s);
int icp_read_access_body(Arena *a, xmlNode *n, RegAccess *ac);
int icp_read_attachment(Arena *a, xmlNode *fjxx, RegAttachment *f);
/* Long values of every child of n called name, into an arena array. */
int64_t *icp_read_longs(Arena *a, xmlNode *n, const char *name, size_t *count);
/* Split child name's text on ';' (empty when absent). */
RegStrList icp_read_list(Arena *a, xmlNode *n, const char *name);
/* Count the children of n called name. */
size_t icp_count(xmlNode *n, const char *name);

#endif
