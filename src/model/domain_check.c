/*
** The domain conflict check of the site step and of submission.
*/
#include "model/domain_check.h"

#include "model/application.h"

int domain_check_free(Db *db, const char *domain, int64_t app_id, int64_t site_id) {
    /* Beian's own sites and applications; the administration is not asked
    ** yet (isp_querybeianstatus belongs to the gateway, see the header). */
    return app_domain_conflict(db, domain, app_id, site_id);
}
