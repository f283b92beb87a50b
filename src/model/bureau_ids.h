/*
** The administration's IDs of the records Beian holds (Ztid, Wzid, Jrid,
** Ymid), learned from the filed records it sends (BASJ), needed to change
** or cancel them later.
*/
#ifndef BEIAN_MODEL_BUREAU_IDS_H
#define BEIAN_MODEL_BUREAU_IDS_H

#include <stdint.h>

#include "db/db.h"

typedef enum BureauKind {
    BUREAU_SUBJECT = 1,
    BUREAU_SITE,
    BUREAU_ACCESS,
    BUREAU_DOMAIN
} BureauKind;

/* The administration's ID of our record (*id 0 when not known). */
int bureau_id_get(Db *db, BureauKind kind, int64_t our_id, int64_t *id);
/* Remember it (replacing an earlier one). */
int bureau_id_set(Db *db, BureauKind kind, int64_t our_id, int64_t id);
/* Our record of an administration's ID (*our 0 when none). */
int bureau_id_ours(Db *db, BureauKind kind, int64_t id, int64_t *our);

#endif
