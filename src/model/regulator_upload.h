/*
** What the regulator gateway uploads for an application: the operation of
** MIIT's provider interface (XZBA new filing, XZWZ new site, XZJR new
** access, BGBA change, ZXBA cancel) built from the application, its subject
** and site, their records and the administration's IDs Beian holds, with the
** scans attached (shrunk to the interface's limits). The document is checked
** against the upload schema before it is stored (regulator/upload_xml.h).
**
** The interface's code lists (unit nature, certificate type, services,
** languages, access methods, server locations, attachment purposes) are the
** administration's JCDM tables, which Beian does not have; the numbers here
** are Beian's mapping, in one place (docs/regulator.md lists them).
*/
#ifndef BEIAN_MODEL_REGULATOR_UPLOAD_H
#define BEIAN_MODEL_REGULATOR_UPLOAD_H

#include "model/app_view.h"
#include "regulator/upload_xml.h"

typedef struct RegUpload {
    UploadOp op;
    const char *xml; /* UTF-8 with a GBK prolog, ready for payload_encode */
    char *why;       /* what the schema refused, when it did */
    /* How the administration's answers will name this item: results by
    ** Czlx and Bs ("<Czlx>:<Bs>"), reviews by Czlx and Jlid. */
    const char *result_key, *review_key;
} RegUpload;

/* Build the upload of application app_id (read in db) for the provider
** isp_id. -ERR_REG_XSD with out->why when the document would be refused;
** -ERR_REG_NO_BUREAU_ID when a change or cancellation names a record whose
** administration ID Beian does not hold; -ERR_NOT_FOUND. */
int regulator_upload_build(Db *db, Arena *a, int64_t app_id, int64_t isp_id, RegUpload *out);

/* The interface's code of our values (0 when none maps). */
int64_t reg_code_nature(SubjectNature n);
int64_t reg_code_cert(CertType c);
/* Our values of the interface's codes (downloads). */
SubjectNature reg_nature_of(int64_t code);
CertType reg_cert_of(int64_t code);
/* Certificate types as querybeianstatus's queryConditionType. */
int64_t reg_query_type_cert(CertType c);

#endif
