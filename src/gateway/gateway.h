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
#include "model/regulator_outbox.h"

typedef struct Gateway Gateway;

/* The links: the default one from the regulator_* settings (id 0, every
** province without a link of its own), then one per line of the file named
** by regulator_links:
**
**     # provinces  endpoint                 ispID  user   password  [aes_key aes_iv]
**     44,45        https://gd.example:8443  2044   beian  secret
**
** A link's id is its first province's code. */
typedef struct LinkConf {
    RegLinkConf link;
    const char *user, *password, *aes_key, *aes_iv;
} LinkConf;
/* Parse the file's text (arena); -ERR_REG_LINKS_FILE with *why naming the line. */
int gateway_links_parse(Arena *a, const char *text, LinkConf **out, size_t *n, char **why);
/* The default link and the file's (read from cfg->regulator_links). */
int gateway_links_load(const Config *cfg, Arena *a, LinkConf **out, size_t *n, char **why);

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
    int lease_s;  /* how long a round's lease holds: gateway_lease_s() */
} GatewayLink;
/* The lease on a link outlasts the longest stretch between its renewals
** (at each round and before each upload): a download, its application and
** its acknowledgement (two calls), and the pause between rounds. A node that
** dies holding it is replaced after at most this many seconds. */
int gateway_lease_s(int timeout_s, int poll_s);
int gateway_round(Db *db, GatewayLink *l, const char *owner);

/* ---- Questions asked while a customer types (synchronous, bounded by
** regulator_timeout_s). Each returns 0 with the answer, or
** -ERR_REG_UNAVAILABLE when the administration could not be asked (no
** endpoint, unreachable, an error code): the caller then goes on, since
** the administration checks again when the filing arrives. */

/* isp_verifybamm: does password open the subject number? *match. The
** administration's own limit on tries (code 22) gives -ERR_REG_TOO_MANY_CHECKS. */
int gateway_verify_password(const Config *cfg, Arena *a, const char *number, const char *password,
                            bool *match);
/* isp_querybeianstatus of a domain: *filed, and the subject number it is
** filed under (arena, NULL when not filed). */
int gateway_domain_status(const Config *cfg, Arena *a, const char *domain, bool *filed,
                          const char **subject_number);

/* Counters of this process for /metrics (Prometheus text). */
void gateway_metrics(Buf *b);

#endif
