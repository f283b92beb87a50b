/*
** Writers and readers of the parts upload and download documents share
** (see icpdata.h).
*/
#include "regulator/icpdata.h"

#include <string.h>

#include "core/err.h"
#include "regulator/payload.h"

/* ---------------------------------------------------------------- write */

void icp_write_list(XmlOut *o, const char *name, const RegStrList *l) {
    if (!l->n) return;
    xo_open(o, name);
    for (size_t i = 0; i < l->n; i++) {
        const char *s = l->v[i];
        if (!s || !*s || strchr(s, ';')) {
            if (!o->err) o->err = -ERR_REG_XSD;
            continue;
        }
        if (i) xo_text(o, ";");
        xo_text(o, s);
    }
    xo_close(o, name);
}

/* <name> with the base64 of b. */
static void write_blob(XmlOut *o, const char *name, const RegBlob *b) {
    xo_str(o, name, payload_b64_encode(o->b->arena, b->p, b->n));
}

/* Fzr or Wz_Fzr, in the order of XZBA's sequence (valid for the xs:all ones too). */
static void write_principal(XmlOut *o, const char *name, const RegPrincipal *p) {
    xo_open(o, name);
    xo_str(o, "Fzr_xm", p->name);
    icp_write_list(o, "Fzr_dhhm", &p->office_phones);
    icp_write_list(o, "Fzr_sjhm", &p->mobiles);
    icp_write_list(o, "Fzr_dzyj", &p->emails);
    xo_str(o, "Msn", p->msn);
    xo_str(o, "Qq", p->qq);
    xo_long_opt(o, "Fzr_zjlx", p->cert_type);
    xo_str(o, "Fzr_zjhm", p->cert_number);
    xo_close(o, name);
}

/* Txdz and Zj of a subject. */
static void write_address_cert(XmlOut *o, const RegSubject *s) {
    xo_open(o, "Txdz");
    xo_long(o, "Shengid", s->address.province);
    xo_long_opt(o, "Shiid", s->address.city);
    xo_long_opt(o, "Xianid", s->address.county);
    xo_str(o, "Xxdz", s->address.detail);
    xo_close(o, "Txdz");
    xo_open(o, "Zj");
    xo_long(o, "Zjlx", s->cert.type);
    xo_str(o, "Zjhm", s->cert.number);
    xo_str(o, "Zjzs", s->cert.residence);
    xo_close(o, "Zj");
}

void icp_write_subject(XmlOut *o, const RegSubject *s, IcpMode mode) {
    xo_open(o, "Zt_xx");
    if (mode == ICP_NEW) xo_long(o, "IspZtid", s->isp_id);
    if (mode == ICP_FILED) xo_long_opt(o, "IspZtid", s->isp_id);
    if (mode != ICP_NEW) xo_long(o, "Ztid", s->bureau_id);
    xo_str(o, "Dwmc", s->name);
    if (mode == ICP_CHANGE) xo_str(o, "Baxh", s->number);
    xo_long_opt(o, "Dwxz", s->nature);
    xo_str(o, "Tzr", s->investor);
    write_address_cert(o, s);
    write_principal(o, "Fzr", &s->principal);
    if (mode == ICP_NEW) xo_long(o, "Bbfs", s->by_provider);
    if (mode == ICP_FILED) {
        xo_str(o, "Baxh", s->number);
        xo_long(o, "Bbyhlx", s->by_provider);
        xo_str(o, "Scbbsj", s->first_filed);
        xo_str(o, "Zjxgsj", s->modified);
        xo_str(o, "Shrxm", s->reviewer);
        xo_str(o, "Shsj", s->reviewed_at);
    }
    xo_str(o, "Bz", s->remark);
    xo_close(o, "Zt_xx");
}

/* <wrap><name>v</name>...</wrap>; nothing when n is 0. */
static void write_longs(XmlOut *o, const char *wrap, const char *name, const int64_t *v, size_t n) {
    if (!n) return;
    xo_open(o, wrap);
    for (size_t i = 0; i < n; i++)
        xo_long(o, name, v[i]);
    xo_close(o, wrap);
}

/* One Ip_xx with the IDs mode asks for. */
static void write_ip(XmlOut *o, const RegIpRange *ip, IcpMode mode) {
    xo_open(o, "Ip_xx");
    if (mode == ICP_FILED)
        xo_long_opt(o, "IspIpid", ip->isp_id);
    else
        xo_long(o, "IspIpid", ip->isp_id);
    if (mode == ICP_CHANGE) xo_long_opt(o, "Ipid", ip->bureau_id);
    if (mode == ICP_FILED) xo_long(o, "Ipid", ip->bureau_id);
    xo_long(o, "Qsip", ip->start);
    xo_long(o, "Zzip", ip->end);
    xo_close(o, "Ip_xx");
}

void icp_write_access_body(XmlOut *o, const RegAccess *ac, IcpMode mode) {
    if (mode == ICP_NEW) xo_long(o, "IspJrid", ac->isp_id);
    if (mode == ICP_FILED) xo_long_opt(o, "IspJrid", ac->isp_id);
    if (mode != ICP_NEW) xo_long(o, "Jrid", ac->bureau_id);
    if (mode == ICP_FILED) xo_long(o, "Ispid", ac->provider_id);
    write_longs(o, "Wzfb", "Fbdd", ac->locations, ac->n_locations);
    write_longs(o, "Wzjrfs", "Jrfs", ac->methods, ac->n_methods);
    for (size_t i = 0; i < ac->n_ips; i++)
        write_ip(o, &ac->ips[i], mode);
}

/* One Ym_xx with the IDs mode asks for. */
static void write_domain(XmlOut *o, const RegDomain *d, IcpMode mode) {
    xo_open(o, "Ym_xx");
    if (mode == ICP_FILED)
        xo_long_opt(o, "IspYmid", d->isp_id);
    else
        xo_long(o, "IspYmid", d->isp_id);
    if (mode == ICP_CHANGE) xo_long_opt(o, "Ymid", d->bureau_id);
    if (mode == ICP_FILED) xo_long(o, "Ymid", d->bureau_id);
    xo_str(o, "Ym", d->name);
    xo_close(o, "Ym_xx");
}

/* Nrlx with each pre-approval and its scans; nothing when there are none. */
static void write_preapprovals(XmlOut *o, const RegSite *s) {
    if (!s->n_preapprovals) return;
    xo_open(o, "Nrlx");
    for (size_t i = 0; i < s->n_preapprovals; i++) {
        const RegPreapproval *p = &s->preapprovals[i];
        xo_open(o, "Nrlx_xx");
        xo_long(o, "Nrlx_id", p->type);
        xo_str(o, "Qzsph", p->number);
        for (size_t k = 0; k < p->n_files; k++)
            write_blob(o, "Spwj", &p->files[k]);
        xo_close(o, "Nrlx_xx");
    }
    xo_close(o, "Nrlx");
}

void icp_write_site(XmlOut *o, const RegSite *s, IcpMode mode) {
    xo_open(o, "Wz_xx");
    if (mode == ICP_NEW) xo_long(o, "IspWzid", s->isp_id);
    if (mode == ICP_FILED) xo_long_opt(o, "IspWzid", s->isp_id);
    if (mode != ICP_NEW) xo_long(o, "Wzid", s->bureau_id);
    icp_write_list(o, "Wzmc", &s->names);
    write_preapprovals(o, s);
    write_longs(o, "Fwnr", "Fwnr_id", s->services, s->n_services);
    write_longs(o, "Yylb", "Yylb_id", s->languages, s->n_languages);
    for (size_t i = 0; i < s->n_domains; i++)
        write_domain(o, &s->domains[i], mode);
    for (size_t i = 0; i < s->n_access; i++) {
        xo_open(o, "Jr_xx");
        icp_write_access_body(o, &s->access[i], mode);
        xo_close(o, "Jr_xx");
    }
    write_principal(o, "Wz_Fzr", &s->principal);
    if (mode == ICP_CHANGE) xo_str(o, "Baxh", s->number);
    xo_str(o, "Syurl", s->home_url);
    xo_str(o, "Wz_Bz", s->remark);
    if (mode == ICP_FILED) {
        xo_str(o, "Scbbsj", s->first_filed);
        xo_str(o, "Zjxgsj", s->modified);
        xo_str(o, "Baxh", s->number);
    }
    xo_close(o, "Wz_xx");
}

void icp_write_attachment(XmlOut *o, const RegAttachment *f, bool new_filing) {
    xo_open(o, "Fj");
    xo_open(o, "Fjxx");
    xo_long(o, "Fjwjgs", f->format);
    xo_long(o, "Fjyt", f->purpose);
    write_blob(o, "Fjnr", &f->content);
    xo_open(o, "Fjssdx");
    xo_long(o, "Ssdxlx", f->owner_type);
    if (new_filing) {
        xo_long(o, "Ssdxbs", f->owner_id);
    } else {
        xo_open(o, "Ssdxbs");
        if (f->owner_number)
            xo_str(o, "Baxh", f->owner_number);
        else
            xo_long(o, "Jlid", f->owner_id);
        xo_close(o, "Ssdxbs");
    }
    xo_close(o, "Fjssdx");
    xo_str(o, "Bz", f->remark);
    xo_close(o, "Fjxx");
    xo_close(o, "Fj");
}

/* ----------------------------------------------------------------- read */

size_t icp_count(xmlNode *n, const char *name) {
    size_t k = 0;
    for (xmlNode *c = regxml_first(n); c; c = regxml_next(c))
        k += regxml_is(c, name);
    return k;
}

int64_t *icp_read_longs(Arena *a, xmlNode *n, const char *name, size_t *count) {
    int64_t *v = ARENA_NEW(a, int64_t, icp_count(n, name) + 1);
    size_t k = 0;
    for (xmlNode *c = regxml_first(n); c; c = regxml_next(c))
        if (regxml_is(c, name) && regxml_parse_long(regxml_text(a, c), &v[k]) == 0) k++;
    *count = k;
    return v;
}

RegStrList icp_read_list(Arena *a, xmlNode *n, const char *name) {
    char *s = regxml_child_text(a, n, name);
    if (!s) return (RegStrList){NULL, 0};
    size_t parts = 1;
    for (char *p = s; *p; p++)
        parts += *p == ';';
    const char **v = ARENA_NEW(a, const char *, parts);
    size_t k = 0;
    for (char *save = NULL, *t = strtok_r(s, ";", &save); t; t = strtok_r(NULL, ";", &save))
        v[k++] = t;
    return (RegStrList){v, k};
}

/* The long value of child name, 0 when absent. */
static int64_t child_long(xmlNode *n, const char *name) {
    int64_t v = 0;
    regxml_child_long(n, name, &v);
    return v;
}

/* Decode the base64 text of n into *b (arena); -ERR_REG_BASE64. */
static int read_blob(Arena *a, xmlNode *n, RegBlob *b) {
    char *s = regxml_text(a, n);
    uint8_t *p;
    size_t len;
    int rc = payload_b64_decode(a, s, strlen(s), &p, &len);
    if (rc) return rc;
    *b = (RegBlob){p, len};
    return 0;
}

/* Fzr or Wz_Fzr into *p (arena). */
static void read_principal(Arena *a, xmlNode *n, RegPrincipal *p) {
    p->name = regxml_child_text(a, n, "Fzr_xm");
    p->office_phones = icp_read_list(a, n, "Fzr_dhhm");
    p->mobiles = icp_read_list(a, n, "Fzr_sjhm");
    if (!p->mobiles.n) p->mobiles = icp_read_list(a, n, "sjhm"); /* HSJG's spelling */
    p->emails = icp_read_list(a, n, "Fzr_dzyj");
    p->msn = regxml_child_text(a, n, "Msn");
    p->qq = regxml_child_text(a, n, "Qq");
    p->cert_type = child_long(n, "Fzr_zjlx");
    p->cert_number = regxml_child_text(a, n, "Fzr_zjhm");
}

int icp_read_subject(Arena *a, xmlNode *n, RegSubject *s) {
    memset(s, 0, sizeof *s);
    s->isp_id = child_long(n, "IspZtid");
    s->bureau_id = child_long(n, "Ztid");
    s->number = regxml_child_text(a, n, "Baxh");
    s->name = regxml_child_text(a, n, "Dwmc");
    s->nature = child_long(n, "Dwxz");
    s->investor = regxml_child_text(a, n, "Tzr");
    xmlNode *t = regxml_child(n, "Txdz"), *z = regxml_child(n, "Zj"), *f = regxml_child(n, "Fzr");
    s->address = (RegAddress){child_long(t, "Shengid"), child_long(t, "Shiid"),
                              child_long(t, "Xianid"), regxml_child_text(a, t, "Xxdz")};
    s->cert = (RegCert){child_long(z, "Zjlx"), regxml_child_text(a, z, "Zjhm"),
                        regxml_child_text(a, z, "Zjzs")};
    read_principal(a, f, &s->principal);
    s->by_provider = child_long(n, regxml_child(n, "Bbfs") ? "Bbfs" : "Bbyhlx");
    s->remark = regxml_child_text(a, n, "Bz");
    s->first_filed = regxml_child_text(a, n, "Scbbsj");
    s->modified = regxml_child_text(a, n, "Zjxgsj");
    s->reviewer = regxml_child_text(a, n, "Shrxm");
    s->reviewed_at = regxml_child_text(a, n, "Shsj");
    return 0;
}

int icp_read_access_body(Arena *a, xmlNode *n, RegAccess *ac) {
    memset(ac, 0, sizeof *ac);
    ac->isp_id = child_long(n, "IspJrid");
    ac->bureau_id = child_long(n, "Jrid");
    ac->provider_id = child_long(n, "Ispid");
    ac->locations = icp_read_longs(a, regxml_child(n, "Wzfb"), "Fbdd", &ac->n_locations);
    ac->methods = icp_read_longs(a, regxml_child(n, "Wzjrfs"), "Jrfs", &ac->n_methods);
    RegIpRange *ips = ARENA_NEW(a, RegIpRange, icp_count(n, "Ip_xx") + 1);
    size_t k = 0;
    for (xmlNode *c = regxml_first(n); c; c = regxml_next(c)) {
        if (!regxml_is(c, "Ip_xx")) continue;
        ips[k++] = (RegIpRange){child_long(c, "IspIpid"), child_long(c, "Ipid"),
                                (uint32_t)child_long(c, "Qsip"), (uint32_t)child_long(c, "Zzip")};
    }
    ac->ips = ips;
    ac->n_ips = k;
    return 0;
}

/* Nrlx into s (arena); -ERR_REG_BASE64 on a scan that is not base64. */
static int read_preapprovals(Arena *a, xmlNode *nrlx, RegSite *s) {
    RegPreapproval *v = ARENA_NEW(a, RegPreapproval, icp_count(nrlx, "Nrlx_xx") + 1);
    size_t k = 0;
    for (xmlNode *c = regxml_first(nrlx); c; c = regxml_next(c), k++) {
        RegBlob *files = ARENA_NEW(a, RegBlob, icp_count(c, "Spwj") + 1);
        size_t nf = 0;
        for (xmlNode *f = regxml_first(c); f; f = regxml_next(f)) {
            if (!regxml_is(f, "Spwj")) continue;
            int rc = read_blob(a, f, &files[nf++]);
            if (rc) return rc;
        }
        v[k] =
            (RegPreapproval){child_long(c, "Nrlx_id"), regxml_child_text(a, c, "Qzsph"), files, nf};
    }
    s->preapprovals = v;
    s->n_preapprovals = k;
    return 0;
}

/* Ym_xx and Jr_xx children of a site. */
static void read_domains_access(Arena *a, xmlNode *n, RegSite *s) {
    RegDomain *d = ARENA_NEW(a, RegDomain, icp_count(n, "Ym_xx") + 1);
    RegAccess *ac = ARENA_NEW(a, RegAccess, icp_count(n, "Jr_xx") + 1);
    size_t nd = 0, na = 0;
    for (xmlNode *c = regxml_first(n); c; c = regxml_next(c)) {
        if (regxml_is(c, "Ym_xx"))
            d[nd++] = (RegDomain){child_long(c, "IspYmid"), child_long(c, "Ymid"),
                                  regxml_child_text(a, c, "Ym")};
        else if (regxml_is(c, "Jr_xx"))
            icp_read_access_body(a, c, &ac[na++]);
    }
    s->domains = d, s->n_domains = nd;
    s->access = ac, s->n_access = na;
}

int icp_read_site(Arena *a, xmlNode *n, RegSite *s) {
    memset(s, 0, sizeof *s);
    s->isp_id = child_long(n, "IspWzid");
    s->bureau_id = child_long(n, "Wzid");
    s->number = regxml_child_text(a, n, "Baxh");
    s->names = icp_read_list(a, n, "Wzmc");
    xmlNode *nrlx = regxml_child(n, "Nrlx");
    if (nrlx) {
        int rc = read_preapprovals(a, nrlx, s);
        if (rc) return rc;
    }
    s->services = icp_read_longs(a, regxml_child(n, "Fwnr"), "Fwnr_id", &s->n_services);
    s->languages = icp_read_longs(a, regxml_child(n, "Yylb"), "Yylb_id", &s->n_languages);
    read_domains_access(a, n, s);
    read_principal(a, regxml_child(n, "Wz_Fzr"), &s->principal);
    s->home_url = regxml_child_text(a, n, "Syurl");
    s->remark = regxml_child_text(a, n, "Wz_Bz");
    s->first_filed = regxml_child_text(a, n, "Scbbsj");
    s->modified = regxml_child_text(a, n, "Zjxgsj");
    return 0;
}

int icp_read_attachment(Arena *a, xmlNode *fjxx, RegAttachment *f) {
    memset(f, 0, sizeof *f);
    f->format = child_long(fjxx, "Fjwjgs");
    f->purpose = child_long(fjxx, "Fjyt");
    f->remark = regxml_child_text(a, fjxx, "Bz");
    xmlNode *o = regxml_child(fjxx, "Fjssdx"), *bs = regxml_child(o, "Ssdxbs");
    f->owner_type = child_long(o, "Ssdxlx");
    if (regxml_first(bs)) {
        f->owner_id = child_long(bs, "Jlid");
        f->owner_number = regxml_child_text(a, bs, "Baxh");
    } else {
        regxml_child_long(o, "Ssdxbs", &f->owner_id);
    }
    return read_blob(a, regxml_child(fjxx, "Fjnr"), &f->content);
}
