/*
** The mail sender: a thread draining the outbox.
*/
#include "mail/mail.h"

#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/err.h"
#include "core/log.h"
#include "core/util.h"
#include "db/db.h"
#include "model/outbox.h"
#include "model/recover.h"

#define MAIL_LEASE_S 120
#define MAIL_POLL_S  1
/* Reset links of recovery mails are valid this long. */
#define RECOVER_TTL_S 3600

struct MailSender {
    const Config *cfg;
    char origin[512];
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stopping;
};

/* RFC 2047 encoded words, never splitting a UTF-8 sequence, on lines of at
** most 76 characters: "=?UTF-8?B?" + base64 + "?=", the first word after
** the `used` characters already on its line, each next one on a folded line
** (" " + a word of at most 75 characters). */
static void put_encoded_header(Buf *out, const char *text, size_t used) {
    const char *p = text, *end = text + strlen(text);
    bool first = true;
    while (p < end) {
        size_t room = first ? (used + 12 < 76 ? 76 - used - 12 : 0) : 76 - 1 - 12;
        size_t max = room / 4 * 3; /* bytes whose base64 fits */
        if (max == 0) {            /* no room left on this line: fold first */
            buf_puts(out, "\r\n");
            first = false;
            continue;
        }
        const char *q = p;
        while (q < end) {
            const char *next = q;
            if (utf8_next(&next, end) < 0) next = q + 1;
            if ((size_t)(next - p) > max) break;
            q = next;
        }
        char b64[80];
        sodium_bin2base64(b64, sizeof b64, (const unsigned char *)p, (size_t)(q - p),
                          sodium_base64_VARIANT_ORIGINAL);
        buf_printf(out, "%s=?UTF-8?B?%s?=", first ? "" : "\r\n ", b64);
        first = false;
        p = q;
    }
}

void mail_format(Buf *out, const char *from, const char *to, const char *subject, const char *body,
                 long long id) {
    char date[64];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    /* From: the display name as encoded words, then the address. */
    const char *lt = strchr(from, '<');
    buf_puts(out, "From: ");
    if (lt && lt > from) {
        char name[256];
        size_t len = (size_t)(lt - from);
        while (len && from[len - 1] == ' ')
            len--;
        snprintf(name, sizeof name, "%.*s", (int)len, from);
        put_encoded_header(out, name, strlen("From: "));
        buf_printf(out, "\r\n %s", lt); /* the address on a line of its own */
    } else {
        buf_puts(out, from);
    }
    buf_printf(out, "\r\nTo: %s\r\nSubject: ", to);
    put_encoded_header(out, subject, strlen("Subject: "));
    buf_printf(out,
               "\r\nDate: %s\r\nMessage-ID: <%lld.%lld@beian>\r\nMIME-Version: 1.0\r\n"
               "Content-Type: text/plain; charset=UTF-8\r\n"
               "Content-Transfer-Encoding: base64\r\n\r\n",
               date, id, (long long)now);
    size_t n = strlen(body);
    for (size_t i = 0; i < n; i += 57) {
        char b64[80];
        size_t k = n - i < 57 ? n - i : 57;
        sodium_bin2base64(b64, sizeof b64, (const unsigned char *)body + i, k,
                          sodium_base64_VARIANT_ORIGINAL);
        buf_printf(out, "%s\r\n", b64);
    }
}

/* The address inside "Name <address>", or the whole text. */
static void envelope(const char *from, char *out, size_t cap) {
    const char *lt = strchr(from, '<'), *gt = lt ? strchr(lt, '>') : NULL;
    if (lt && gt)
        snprintf(out, cap, "%.*s", (int)(gt - lt - 1), lt + 1);
    else
        snprintf(out, cap, "%s", from);
}

typedef struct Upload {
    const char *data;
    size_t len, pos;
} Upload;

static size_t read_payload(char *ptr, size_t size, size_t nmemb, void *ud) {
    Upload *u = ud;
    size_t room = size * nmemb, left = u->len - u->pos;
    size_t n = left < room ? left : room;
    memcpy(ptr, u->data + u->pos, n);
    u->pos += n;
    return n;
}

static int send_smtp(const Config *cfg, const char *to, Buf *msg, char *err, size_t errcap) {
    CURL *c = curl_easy_init();
    if (!c) return -1;
    char from[256], rcpt_addr[300];
    envelope(cfg->mail_from, from, sizeof from);
    snprintf(rcpt_addr, sizeof rcpt_addr, "<%s>", to);
    struct curl_slist *rcpt = curl_slist_append(NULL, rcpt_addr);
    char envfrom[300];
    snprintf(envfrom, sizeof envfrom, "<%s>", from);
    Upload u = {msg->data, msg->len, 0};
    char ebuf[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(c, CURLOPT_URL, cfg->smtp_url);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, envfrom);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_payload);
    curl_easy_setopt(c, CURLOPT_READDATA, &u);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
    if (cfg->smtp_user && *cfg->smtp_user) {
        curl_easy_setopt(c, CURLOPT_USERNAME, cfg->smtp_user);
        curl_easy_setopt(c, CURLOPT_PASSWORD, cfg->smtp_password);
        curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
    }
    CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK) snprintf(err, errcap, "%s", ebuf[0] ? ebuf : curl_easy_strerror(rc));
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(c);
    return rc == CURLE_OK ? 0 : -1;
}

/* Without a relay: <data_dir>/mail/<id>.eml, written atomically. */
static int send_dir(const Config *cfg, long long id, Buf *msg, char *err, size_t errcap) {
    char dir[4096], tmp[4200], path[4200];
    snprintf(dir, sizeof dir, "%s/mail", cfg->data_dir);
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        snprintf(err, errcap, "mkdir mail: %s", strerror(errno));
        return -1;
    }
    snprintf(tmp, sizeof tmp, "%s/.%lld.tmp", dir, id);
    snprintf(path, sizeof path, "%s/%lld.eml", dir, id);
    FILE *f = fopen(tmp, "w");
    bool ok = f && fwrite(msg->data, 1, msg->len, f) == msg->len;
    if (f && fclose(f) != 0) ok = false;
    if (!ok) {
        snprintf(err, errcap, "write mail file: %s", strerror(errno));
        return -1;
    }
    return rename(tmp, path) == 0 ? 0 : -1;
}

const char *mail_expand_origin(Arena *a, const char *body, const char *origin) {
    if (!strstr(body, OUTBOX_ORIGIN)) return body;
    Buf b;
    buf_init(&b, a);
    const size_t len = strlen(OUTBOX_ORIGIN);
    for (const char *p = body;;) {
        const char *hit = strstr(p, OUTBOX_ORIGIN);
        if (!hit) {
            buf_puts(&b, p);
            return b.data;
        }
        buf_append(&b, p, (size_t)(hit - p));
        buf_puts(&b, origin);
        p = hit + len;
    }
}

typedef struct SendTx {
    Arena *a;
    Mail m;
    bool claimed;
} SendTx;

static int claim_tx(Db *db, void *ctx) {
    SendTx *t = ctx;
    int rc = outbox_claim(db, t->a, time_now(), MAIL_LEASE_S, &t->m);
    t->claimed = rc == 0;
    return rc == -ERR_NOT_FOUND ? 0 : rc;
}

/* Answer the recorded recovery requests (model/recover.h): their mails
** join the outbox, sent just below. */
static void recoveries(Db *db) {
    for (int i = 0; i < 1000; i++) {
        Arena a;
        arena_init(&a);
        RecoverProcess op = {.a = &a, .ttl_s = RECOVER_TTL_S};
        int rc = db_tx(db, recover_process, &op);
        arena_free(&a);
        if (rc < 0) log_error("recovery request: %s", err_name(rc));
        if (rc < 0 || !op.done) return;
    }
}

/* The wait after the attempts-th failed try (attempts counts this one):
** mail_retry_s, doubled at each further failure, at most 64 times it and at
** most an hour. */
static int64_t mail_backoff(const Config *cfg, int attempts) {
    int64_t base = cfg->mail_retry_s > 0 ? cfg->mail_retry_s : 60;
    int shift = attempts > 1 ? attempts - 1 : 0;
    int64_t wait = base << (shift < 6 ? shift : 6);
    return wait > 3600 ? 3600 : wait;
}

/* Deliver every due message; returns when none is left. */
static void drain(MailSender *s, Db *db) {
    recoveries(db);
    for (;;) {
        Arena a;
        arena_init(&a);
        SendTx t = {.a = &a};
        if (db_tx(db, claim_tx, &t) < 0 || !t.claimed) {
            arena_free(&a);
            return;
        }
        Buf msg;
        buf_init(&msg, &a);
        mail_format(&msg, s->cfg->mail_from, t.m.to, t.m.subject,
                    mail_expand_origin(&a, t.m.body, s->origin), (long long)t.m.id);
        char err[512] = "";
        int rc = s->cfg->smtp_url && *s->cfg->smtp_url
                     ? send_smtp(s->cfg, t.m.to, &msg, err, sizeof err)
                     : send_dir(s->cfg, (long long)t.m.id, &msg, err, sizeof err);
        int64_t now = time_now();
        if (rc == 0) {
            outbox_sent(db, t.m.id, now);
            log_info("mail %lld sent to %s", (long long)t.m.id, t.m.to);
        } else {
            outbox_failed(db, t.m.id, err, now + mail_backoff(s->cfg, t.m.attempts + 1));
            log_warn("mail %lld to %s failed (attempt %d): %s", (long long)t.m.id, t.m.to,
                     t.m.attempts + 1, err);
        }
        arena_free(&a);
    }
}

static void *sender_main(void *arg) {
    MailSender *s = arg;
    Db *db = NULL;
    pthread_mutex_lock(&s->mu);
    while (!s->stopping) {
        pthread_mutex_unlock(&s->mu);
        if (!db) db = db_open(config_database((Config *)s->cfg));
        if (db) drain(s, db);
        pthread_mutex_lock(&s->mu);
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_sec += MAIL_POLL_S;
        if (!s->stopping) pthread_cond_timedwait(&s->cv, &s->mu, &ts);
    }
    pthread_mutex_unlock(&s->mu);
    if (db) db_close(db);
    return NULL;
}

MailSender *mail_sender_start(const Config *cfg, const char *origin) {
    MailSender *s = xcalloc(1, sizeof *s);
    s->cfg = cfg;
    snprintf(s->origin, sizeof s->origin, "%s", origin ? origin : "");
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    if (pthread_create(&s->thread, NULL, sender_main, s) != 0) core_oom(0);
    return s;
}

void mail_sender_stop(MailSender *s) {
    if (!s) return;
    pthread_mutex_lock(&s->mu);
    s->stopping = true;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
    pthread_join(s->thread, NULL);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->cv);
    free(s);
}
