/*
** What the administration sends back (a downloaded data file, already
** verified, decoded and parsed: regulator/download_xml.h), applied to
** Beian's applications in the caller's transaction:
**
**   1090 SMS sent        the SMS deadline is recorded (the customer's page
**                        shows it and links to the verification page)
**   1091 SMS passed      EVENT_SMS_PASSED
**   1092 SMS failed      EVENT_SMS_FAILED (returned)
**   1001 approved        EVENT_REGULATOR_APPROVE with the numbers of BASJ;
**                        the administration's IDs (Ztid, Wzid, Jrid) kept for
**                        later changes and cancellations; a subject claimed
**                        by number gets its record and its other sites from
**                        BASJ (then it is 已备案 with them)
**   1060 and other codes that report success: recorded only
**   any other code       EVENT_REGULATOR_RETURN with the reason (the code's
**                        text, the administration's opinion) and its class
**                        for the customer's guidance (seed §4)
**
** Results name their application by Czlx and Bs, reviews by Czlx and Jlid,
** file-level refusals (5001...) by the data file's name: each is found
** through the upload that carried it. Everything is recorded per
** application (regulator_results) for the staff. A file is applied once:
** its name is recorded with the link, and a second delivery is skipped.
*/
#ifndef BEIAN_MODEL_REGULATOR_APPLY_H
#define BEIAN_MODEL_REGULATOR_APPLY_H

#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"
#include "regulator/download_xml.h"

/* Apply file `name` of link_id. *fresh false when it was applied before. */
int regulator_apply(Db *db, Arena *a, int64_t link_id, const char *name, const DownloadData *d,
                    bool *fresh);
/* The file was acknowledged to the administration. */
int regulator_download_acked(Db *db, int64_t link_id, const char *name, int64_t now);

/* One thing the administration said about an application (staff view). */
typedef struct RegResultRow {
    int64_t id, code, at;
    const char *file_name, *text;
} RegResultRow;
int regulator_results_of(Db *db, Arena *a, int64_t app_id, RegResultRow **out, size_t *n);

/* The seed §4 class of an administration's return: no_form | commercial |
** other (review.h's ReturnGuide reads it). */
const char *regulator_return_class(int64_t code, const char *opinion);

/* "YYYY-MM-DD HH:MM:SS" (UTC+8) at the end of an SMS result's text: Unix
** seconds, or 0. */
int64_t regulator_sms_deadline(const char *text);

#endif
