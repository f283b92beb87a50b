/*
** Is a domain free to be filed by this application? Asked where the domain
** is typed (the site step) and again at submission.
*/
#ifndef BEIAN_MODEL_DOMAIN_CHECK_H
#define BEIAN_MODEL_DOMAIN_CHECK_H

#include <stdint.h>

#include "db/db.h"

/* 0 when `domain` (normalised, A-label) may be filed by application app_id
** for site site_id; -ERR_DOMAIN_TAKEN when another site holds it filed,
** -ERR_DOMAIN_IN_FLIGHT when another application has it under review.
**
** Today this asks Beian's own records only. It is the hook for the
** administration: once the regulator gateway exists, this function also
** asks isp_querybeianstatus (a domain filed through another provider is
** -ERR_DOMAIN_TAKEN too), so the site step and submission both learn it. */
int domain_check_free(Db *db, const char *domain, int64_t app_id, int64_t site_id);

#endif
