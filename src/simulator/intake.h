/*
** The administration's intake of one uploaded item (a Baxx, Xzxx, Bgxx or
** Zx_xx): how its results correlate (Czlx, Bs), the checks made at once
** against the registry and the requests in flight, the principals to verify
** by SMS, and what the item holds while it is in flight.
**
** A failed check is a verdict: a data code of V3.0 §3-5 with its text (1003
** subject conflict, 1005/1039 domain filed, 1016/1058/1059 record not found,
** 1017 change pending, 1018 wrong filing password, 1055-1057/1061
** verification form and attachments, ...), or a return with a review
** opinion (1002: site name, commercial content without a licence, province
** rules).
*/
#ifndef BEIAN_SIMULATOR_INTAKE_H
#define BEIAN_SIMULATOR_INTAKE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"
#include "regulator/upload_xml.h"

/* Attachment codes the simulator reads (NetEase's comments on V3.0): Fjwjgs
** 1 JPG, 2 PNG; Fjyt 1 verification form (核验单), 2 unit certificate, 3
** subject principal's ID, 4 site principal's ID, 5 photo taken on site. */
enum { FJ_FORMAT_JPG = 1, FJ_FORMAT_PNG = 2 };
enum { FJ_PURPOSE_FORM = 1, FJ_PURPOSE_MAX = 5 };

/* What one item of a request holds while in flight (sim_holds). */
typedef struct SimHold {
    const char *kind; /* domain cert change cancel_subject cancel_site cancel_access access */
    const char *key;
} SimHold;

typedef struct Intake {
    /* Correlation of its results (see docs/regulator-simulator.md). */
    int64_t czlx;         /* 1 new filing ... 7 cancel site */
    const char *bs;       /* Bs */
    const int64_t *jlids; /* Jlid of its reviews (one Gjsh each) */
    size_t n_jlids;
    const char *label;  /* for the console */
    int64_t subject_id; /* the registry subject, 0 for a new filing */
    /* The verdict: code 0 passes. */
    int64_t code;
    const char *text; /* Dmms or the review's opinion */
    bool review;      /* a return by review (1002 with GJSHS) */
    /* After a pass: the principals' mobiles (none: no SMS) and the holds. */
    const char **mobiles;
    size_t n_mobiles;
    SimHold *holds;
    size_t n_holds;
} Intake;

/* Check item idx of d for the provider isp. Returns 0 with the verdict in
** *out, or a negative ErrCode when the database fails. */
int intake_check(Db *db, Arena *a, int64_t isp, const UploadData *d, size_t idx, Intake *out);

/* The correlation of item idx alone (Czlx, Bs, Jlid, label): what intake_check
** fills first, for the decisions that come later. */
void intake_correlate(Arena *a, const UploadData *d, size_t idx, Intake *out);

/* The Czlx of an upload that could not be read, from the operation element
** its text names (XZBA 1, XZWZ 2, XZJR 3, BGBA 4, ZXBA 6); 1 when none. */
int64_t intake_czlx_of_text(const char *xml);

#endif
