/*
** The download queue of the simulator: the files the administration has
** for the provider, in order. isp_download serves the head (the oldest file
** not acknowledged) on every call until isp_downloadack names it; then the
** next. Files are built and checked against the download schema when they
** are queued; encoding (zip, hash, AES) happens at each delivery.
*/
#ifndef BEIAN_SIMULATOR_DLQUEUE_H
#define BEIAN_SIMULATOR_DLQUEUE_H

#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"
#include "regulator/download_xml.h"

typedef struct DlFile {
    int64_t id;
    const char *name; /* return_FileName: DL<yyyymmddhhmmss>_<6 digits>.xml */
    const char *xml;  /* the data file (UTF-8, GBK prolog) */
    int64_t pending;  /* files not yet acknowledged, this one included */
} DlFile;

/* Build the file for d and put it at the tail, for item (0: none), with a
** summary for the console. -ERR_SIM_BAD_DATA when the codec refuses d (the
** reason is logged). */
int dlqueue_put(Db *db, Arena *a, int64_t now, int64_t item_id, const char *summary,
                const DownloadData *d);
/* The head file; -ERR_NOT_FOUND when every file is acknowledged. */
int dlqueue_head(Db *db, Arena *a, DlFile *out);
/* Count one more delivery of file id. */
int dlqueue_delivered(Db *db, int64_t id);
/* Acknowledge the file called name: 0 (also when it was already), or
** -ERR_NOT_FOUND for a name never sent. */
int dlqueue_ack(Db *db, const char *name, int64_t now);

#endif
