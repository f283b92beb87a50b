/*
** Declarations shared by the engine's files (engine.c, engine_sms.c,
** approve.c) only.
*/
#ifndef BEIAN_SIMULATOR_ENGINE_INT_H
#define BEIAN_SIMULATOR_ENGINE_INT_H

#include "regulator/download_xml.h"
#include "regulator/upload_xml.h"
#include "simulator/engine.h"
#include "simulator/intake.h"

/* One item with its upload's data, read back for a decision. */
typedef struct SimItem {
    int64_t id, upload_id, idx, subject_id;
    const char *state, *label;
    UploadData data; /* the whole upload; the item is data's item idx */
    Intake corr;     /* its correlation (Czlx, Bs, Jlid) */
} SimItem;

/* Read item id with its data. */
int item_load(Db *db, Arena *a, int64_t id, SimItem *out);
/* Close an item in state with its code and opinion, releasing its holds. */
int item_close(Db *db, const SimEnv *env, int64_t id, const char *state, int64_t code,
               const char *opinion);

/* A BAJG result of an item: one Jgxx. */
DlResult *engine_result(Arena *a, const Intake *corr, int64_t code, const char *desc);
/* The GJSHS reviews of an item: one Gjsh per Jlid. */
DlReview *engine_reviews(Arena *a, const SimEnv *env, const Intake *corr, bool approved,
                         const char *opinion, size_t *n);
/* Queue a file of one result (and reviews when n_reviews) for item. */
int engine_send(Db *db, Arena *a, const SimEnv *env, int64_t item_id, const Intake *corr,
                int64_t code, const char *desc, const DlReview *reviews, size_t n_reviews);

/* SMS (engine_sms.c): send the codes of a new item and queue REG_SMS_SENT. */
int sms_start(Db *db, Arena *a, const SimEnv *env, int64_t item_id, const Intake *it);
/* The codes past their deadline: their items fail. */
int sms_expire(Db *db, Arena *a, const SimEnv *env);

/* The item moves to its review, due after the delay. */
int item_to_review(Db *db, const SimEnv *env, int64_t item_id);

/* Approval (approve.c): apply the item to the registry and queue 1001 with
** its reviews and the filed records (BASJ) or cancellations (ZXSJ). */
int approve_item(Db *db, Arena *a, const SimEnv *env, const SimItem *it);

#endif
