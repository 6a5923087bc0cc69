/*
 * app.h - the application: the store, the vault and the configuration that
 * every use case works with, opened once at start-up.
 *
 * Each use case in service/ takes the app and the acting user, checks
 * access, does its work in one store transaction and appends its audit
 * entry in that same transaction.  Results come back as jansson objects
 * (the same shape for the HTTP API and the CLI's --json output); the caller
 * owns them and releases them with json_decref.
 *
 * When a use case refuses input, it says which field and why through an
 * optional svc_error (nothing in it needs freeing).
 */
#ifndef SG_APP_H
#define SG_APP_H

#include <jansson.h>
#include <stdbool.h>

#include "base/status.h"
#include "security/access.h"
#include "security/vault.h"
#include "store/store.h"

typedef struct app_config {
    int session_idle_s;    /* a session ends after this much inactivity */
    int session_max_s;     /* and in any case this long after log-in */
    int login_window_s;    /* failed log-ins count within this window */
    int login_max_account; /* failures per account before it is locked */
    int login_max_address; /* attempts per client address before each next one waits */
    int token_days;        /* default lifetime of an API token */
    int page_max;          /* the largest page a list returns */
    int step_days;         /* days allowed for each next Meldcode step */
    int stale_days;        /* a case without progress this long is flagged */
    int match_days;        /* reference index: days to make contact and agree the lead */
    int concern_rate_max;  /* registrations and withdrawals per user per window */
    int concern_rate_window_s;
} app_config;

typedef struct app {
    store *db;
    vault *keys;
    app_config cfg;
    struct net_worker *network; /* the graph worker (service/network), or NULL */
    struct audit_spool *spool;  /* the server's spool of read entries (security/audit_spool.h),
                                   or NULL: reads audit in their own transaction */
    char spool_path[4200];      /* where the spool of an SQLite database is, or "" */
} app;

typedef struct svc_error {
    const char *field;  /* the input field at fault, or NULL */
    const char *reason; /* why, in English: static, or pointing into text */
    char text[256];     /* room for a reason made up on the spot */
} svc_error;

void app_config_defaults(app_config *cfg);

/* Opens the database at address and its key file.  With create, a missing
 * key file is made (a new database needs one); migrations are applied.
 * *detail explains a failure.  *out is a new app freed with app_close. */
SG_MUST_CHECK int app_open(const char *address, bool create, app **out, const char **detail);
void app_close(app *a);

/* An audited read of personal data: read(tx, ctx) reads, checks access
 * and appends the audit entries of what it read (audit_append), and
 * writes nothing else.  Without a spool it runs in one relaxed write
 * transaction; with the server's spool (app.spool) it runs in a read
 * snapshot and its entries are spooled once it succeeded (on file when
 * this returns, in the trail within milliseconds).  Either way the answer
 * may go out only after SG_OK: every answered read has its entries,
 * surviving the end of the process. */
SG_MUST_CHECK int svc_read_audited(app *a, store_work_fn read, void *ctx);
/* Around one request's work on the calling thread: its reads share one
 * read snapshot (the session's, the access checks', the handler's) until
 * it writes; every read after a write sees it.  Costs one transaction
 * where a request made two or more. */
void svc_request_begin(app *a);
void svc_request_end(app *a);

/* Before reading or copying the trail: moves every spooled entry into it,
 * so that it holds every read made before this call (the server's own
 * spool, or the file of a server that runs or ran on the database). */
SG_MUST_CHECK int svc_trail_settle(app *a);

/* Sets err (when not NULL) and returns SG_EINVAL. */
int svc_invalid(svc_error *err, const char *field, const char *reason);

/* Cursor pagination: the page size asked for (0: default), clamped to
 * [1, page_max]; and the cursor text (NULL or "" for the first page) as the
 * id after which the page starts. */
int svc_page_limit(const app *a, int asked);
SG_MUST_CHECK int svc_cursor_parse(const char *cursor, int64_t *after, svc_error *err);
/* Builds {"items": items, "next_cursor": ... } taking ownership of items;
 * next_cursor is null when the page was not full. */
json_t *svc_page(json_t *items, int limit, int64_t last_id);
/* Hands a use case's result over: *out = result when rc is SG_OK, else
 * result is released.  Returns rc. */
int svc_result(int rc, json_t *result, json_t **out);

/* References to staff and organisations as every part renders them:
 * {"id", "login", "role"} of a user and {"id", "name", "type"} of an
 * organisation, as new references; JSON null when there is none. */
json_t *svc_user_ref(store_tx *tx, int64_t user_id);
json_t *svc_org_ref(store_tx *tx, int64_t org_id);

/* Fills who from the user with this id (and their organisation).
 * SG_EAUTH when the user is disabled or gone. */
SG_MUST_CHECK int svc_actor_load(store_tx *tx, int64_t user_id, const char *client, actor *who);
/* The same from a user and their organisation read already. */
SG_MUST_CHECK int svc_actor_fill(const user_row *u, const org_row *o, const char *client,
                                 actor *who);
/* The same for the user with this login, in a read transaction of its own:
 * for the command line, the demo, tests and benchmarks, which act as a
 * named user from client.  SG_ENOTFOUND: no such login. */
SG_MUST_CHECK int svc_actor_by_login(app *a, const char *login, const char *client, actor *who);

#endif
