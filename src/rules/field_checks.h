/*
** The rules of single filing fields, named by the catalog rows
** (rules/fields.def, FilingField.check): field_check_<what>. Each runs once the field's generic
** checks (required, UTF-8, length, choices) passed and its value is not
** empty; it returns 0 or a negative ErrCode, and may replace the value by
** its normalised form (an upper-case X in an ID number, a domain in A-label
** form, "010-12345678"). Internal to src/rules.
*/
#ifndef BEIAN_RULES_FIELD_CHECKS_H
#define BEIAN_RULES_FIELD_CHECKS_H

#include "rules/filing_check.h"

int field_check_subject_number(const FieldCheckArgs *c, FieldId id);
int field_check_site_number(const FieldCheckArgs *c, FieldId id);
int field_check_subject_cert_type(const FieldCheckArgs *c, FieldId id);
int field_check_subject_cert_number(const FieldCheckArgs *c, FieldId id);
int field_check_subject_name(const FieldCheckArgs *c, FieldId id);
int field_check_address(const FieldCheckArgs *c, FieldId id);
int field_check_person_name(const FieldCheckArgs *c, FieldId id);
int field_check_person_id(const FieldCheckArgs *c, FieldId id);
int field_check_site_principal_id(const FieldCheckArgs *c, FieldId id);
int field_check_commercial(const FieldCheckArgs *c, FieldId id);
int field_check_expiry(const FieldCheckArgs *c, FieldId id);
int field_check_mobile(const FieldCheckArgs *c, FieldId id);
int field_check_landline(const FieldCheckArgs *c, FieldId id);
int field_check_phone(const FieldCheckArgs *c, FieldId id);
int field_check_email(const FieldCheckArgs *c, FieldId id);
int field_check_domain(const FieldCheckArgs *c, FieldId id);
int field_check_home_url(const FieldCheckArgs *c, FieldId id);
int field_check_description(const FieldCheckArgs *c, FieldId id);
int field_check_licence(const FieldCheckArgs *c, FieldId id);
int field_check_ips(const FieldCheckArgs *c, FieldId id);
int field_check_cancel_reason(const FieldCheckArgs *c, FieldId id);

#endif
