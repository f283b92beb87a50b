/*
** The regulator gateway: the worker that carries Beian's uploads to the
** administration (管局) and its answers back, through MIIT's provider
** interface (gateway/client.h).
**
** One thread per server node. Each round, for every configured link, it
** takes the link's lease in the database (so with several nodes one sends,
** in number order), then:
**   upload    sends the queued uploads of the link in dataSequence order
**             (model/regulator_outbox.h). A call whose outcome is unknown
**             (timeout, reset) leaves the upload 'sending'; before anything
**             else the next round asks isp_querypreviousupload what the
**             administration holds and either counts it accepted or sends it
**             again. Code 14 sends again the numbers it lists; codes that may
**             pass (maintenance, queue full, a time window) wait with
**             backoff. Nothing is dropped, nothing is applied twice: a
**             number the administration already holds is answered 0 and not
**             applied again.
**   download  isp_download until nothing waits: the file's hash is checked,
**             it is decrypted, unzipped, parsed, and applied in one
**             transaction (model/regulator_apply.h); isp_downloadack follows
**             the commit, so a file delivered again is applied once.
** At start a node asks for the administration's last sequence number: when
** it is ahead of Beian's (a restored backup, another system with the same
** ispID) the link stops with an error the staff see, rather than have the
** administration skip uploads it thinks it holds.
*/
#ifndef BEIAN_GATEWAY_GATEWAY_H
#define BEIAN_GATEWAY_GATEWAY_H

#include "core/buf.h"
#include "core/config.h"
#include "db/db.h"
#include "gateway/client.h"

typedef struct Gateway Gateway;

/* Write the configured links into the database (every node, at start:
** uploads are numbered per link even while the gateway is off). */
int gateway_links_sync(Db *db, const Config *cfg);

/* Start the worker thread; NULL (and a log line) when no endpoint is set:
** uploads then wait in the outbox. */
Gateway *gateway_start(const Config *cfg);
/* Finish the call in hand and stop. */
void gateway_stop(Gateway *g);

/* One round for one link as owner (what the thread does; tests call it). */
typedef struct GatewayLink {
    int64_t id;
    RegClient client;
    bool checked; /* the sequence numbers were compared since start */
} GatewayLink;
int gateway_round(Db *db, GatewayLink *l, const char *owner);

/* Counters of this process for /metrics (Prometheus text). */
void gateway_metrics(Buf *b);

#endif
