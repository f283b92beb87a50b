/*
** The materials checklist (DESIGN.md §4, seed §1, §2, §4.4, §6): for one
** application, the exact paper materials to hand in, their copies and
** signatures, which of them Beian prints and which the customer scans, and the
** notices shown at verify & submit. docs/checklist.md lists every case.
*/
#ifndef BEIAN_RULES_CHECKLIST_H
#define BEIAN_RULES_CHECKLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "rules/vocab.h"
#include "rules/province.h"

/* How a paper is signed. */
typedef enum Signature {
    SIG_NONE = 0, /* a photocopy: nothing to sign */
    SIG_ORG, /* 负责人签字并加盖公章: the principal signs, the official seal is stamped */
    SIG_INDIVIDUAL, /* 负责人签字加按手印: the principal signs and adds a fingerprint */
} Signature;

/* What an item's copies are counted per. */
typedef enum ChecklistPer {
    PER_APPLICATION = 0,
    PER_SITE,   /* one set per site in the application */
    PER_DOMAIN, /* one set per domain */
} ChecklistPer;

/* One material. Strings are static, or borrowed from the ProvinceRules row
** (province extras, the residence document's name). note_* may be NULL. */
typedef struct ChecklistItem {
    const char *code; /* stable: "verification_form", "licence_copy", ... */
    const char *zh;
    const char *en;
    int copies; /* per unit (see per) */
    ChecklistPer per;
    int total; /* copies times the number of units in this application */
    Signature signature;
    bool printed; /* Beian prints it at verify & submit */
    bool upload;  /* the customer also uploads a scan of it */
    const char *note_zh;
    const char *note_en;
} ChecklistItem;

/* A notice shown with the checklist. code is stable: "onsite_required",
** "onsite_done_before", "commercial_window", "province_special",
** "sms_verification", "cancel_no_paper". */
typedef struct ChecklistNotice {
    const char *code;
    const char *zh;
    const char *en;
} ChecklistNotice;

#define CHECKLIST_MAX_ITEMS   24
#define CHECKLIST_MAX_NOTICES 8

typedef struct Checklist {
    ChecklistItem items[CHECKLIST_MAX_ITEMS];
    size_t n_items;
    ChecklistNotice notices[CHECKLIST_MAX_NOTICES];
    size_t n_notices;
    bool onsite; /* on-site verification (现场核验, photo) is needed */
} Checklist;

/*
** The facts the checklist depends on (the model fills them in):
**   kind, nature        the application kind and the subject's nature;
**   n_sites             sites the application adds or changes (0 counts as 1);
**   n_domains           domains it adds (0 counts as n_sites);
**   verified_before     we verified this subject's principal on site before
**                       (seed §1.2 I): a new site or new access then needs only
**                       the verification form;
**   supplement          seed §4.4: this new site was batched with a change; the
**                       change passed and the new site was returned, and is
**                       being resubmitted: two supplementary forms;
**   principals_differ   organisations: the subject principal is not the site
**                       principal (of some site in the application);
**   legal_rep_is_site_principal  organisations: the legal representative is
**                       also the site principal, so one set of ID copies serves;
**   principal_changed   change kinds: the change names a new (subject or site)
**                       principal, who must be verified on site;
**   commercial          经营性 filing (seed §2);
**   pre_approval        a site needs 前置审批 documents;
**   principal_id_province  individuals: province_of_id() of the principal's ID
**                       card, or 0 for any other certificate (non-local).
*/
typedef struct ChecklistFacts {
    AppKind kind;
    SubjectNature nature;
    int n_sites;
    int n_domains;
    bool verified_before;
    bool supplement;
    bool principals_differ;
    bool legal_rep_is_site_principal;
    bool principal_changed;
    bool commercial;
    bool pre_approval;
    int principal_id_province;
} ChecklistFacts;

/*
** Build the checklist of application f in province p into *out (overwritten).
** Returns 0; -ERR_CHECKLIST_FACTS when the kind or nature is out of range or
** a count is negative; -ERR_PROVINCE_UNKNOWN when p is NULL;
** -ERR_CHECKLIST_FULL if the lists would overflow (a province row with too
** many extras). Pure; *out borrows strings from p.
*/
int checklist_build(const ChecklistFacts *f, const ProvinceRules *p, Checklist *out);

/* The item with this code in c, or NULL. */
const ChecklistItem *checklist_find(const Checklist *c, const char *code);

/* The notice with this code in c, or NULL. */
const ChecklistNotice *checklist_notice(const Checklist *c, const char *code);

/* The display text of a signature requirement ("" for SIG_NONE). */
const char *signature_label(Signature s, Lang lang);

#endif
