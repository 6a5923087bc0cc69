/*
 * concerns.h - the reference index (Verwijsindex): "someone else is also
 * worried", without sharing what.
 *
 * An authorised professional (a care coordinator, care worker or police
 * officer of an organisation that takes part, see the published rules)
 * registers that they are concerned about a youth aged 0-23: identity,
 * the statutory ground and their own contact line; never content.  The
 * index keeps keyed pseudonyms of the identity and the identity itself
 * encrypted, for the registering professional only.
 *
 * Registering is the only way to learn anything: when another
 * organisation has registered the same youth (same BSN, or same folded
 * name and date of birth) both registrations are matched at once and each
 * professional sees the other's login, role, organisation and contact.
 * Close identities are candidates that both professionals must confirm
 * before anything is shown; shared parents and addresses are signalled as
 * family and address matches.  A match is a task with a deadline
 * (cfg.match_days) to make contact and record who leads; past it, the
 * match is escalated to both professionals and to the coordinating roles
 * of their organisations (care coordinators and administrators).
 *
 * There is no search: lists hold only the user's own registrations and
 * their matches.  Every registration, lookup, match and refusal is
 * audited; registrations and withdrawals count against a rate limit per
 * user (cfg.concern_rate_max per cfg.concern_rate_window_s) whose first
 * breach in a window raises a flag for the coordinating roles.
 * A registration ends when withdrawn, on a recorded death (which ends
 * every registration of that youth), two years after it was made, or at
 * the 23rd birthday; the retention job (retention.h) purges ended ones.
 */
#ifndef SG_SVC_CONCERNS_H
#define SG_SVC_CONCERNS_H

#include "service/app.h"

#define CONCERN_MAX_PARENTS 2
#define CONCERN_BATCH_MAX 100

typedef struct concern_address {
    const char *postcode;
    long house_number;
    const char *addition; /* or NULL */
    const char *street;   /* for showing only, or NULL */
    const char *city;     /* for showing only, or NULL */
} concern_address;

typedef struct concern_parent {
    const char *given_names;
    const char *surname;
    const char *birth_date;
    const char *bsn; /* or NULL */
} concern_parent;

typedef struct concern_input {
    const char *client_key; /* a connected system's own key: repeats are idempotent */
    const char *ground;
    const char *given_names;
    const char *surname;
    const char *birth_date;
    const char *sex;
    const char *bsn; /* or NULL */
    bool has_address;
    concern_address address;
    concern_parent parents[CONCERN_MAX_PARENTS];
    int nparents;
    const char *contact; /* how to reach the registering professional */
} concern_input;

/* The sexes a registration may hold. */
extern const char *const concern_sexes[];

/* Registers a concern.  *created is false when client_key named an earlier
 * registration of the same content (then *out is that one).  *out holds
 * the registration and every match it has, from the actor's side.
 * SG_ELIMIT when the actor is over the rate limit; SG_ECONFLICT when the
 * organisation registered this youth already, or client_key was used for
 * something else; SG_ESTATE when no rules are published. */
SG_MUST_CHECK int concern_register(app *a, const actor *who, const concern_input *in, json_t **out,
                                   bool *created, svc_error *err);
/* Registers items[0..n) (n <= CONCERN_BATCH_MAX), each on its own:
 * {"items": [{"index", "status", "client_key", "concern" | "problem"}]}. */
SG_MUST_CHECK int concern_register_batch(app *a, const actor *who, const concern_input *items,
                                         int n, json_t **out);
/* The actor's own registration; SG_ENOTFOUND (audited) for any other. */
SG_MUST_CHECK int concern_get(app *a, const actor *who, const char *id, json_t **out);
SG_MUST_CHECK int concern_list(app *a, const actor *who, const char *cursor, int limit,
                               json_t **out, svc_error *err);
/* reason: "withdrawn" (NULL) or "deceased" (ends every registration of the
 * youth).  SG_ESTATE when it had ended. */
SG_MUST_CHECK int concern_withdraw(app *a, const actor *who, const char *id, const char *reason,
                                   json_t **out, svc_error *err);
/* The Dutch letter telling the youth ("youth") or the parents ("parents")
 * that the registration exists: organisation, ground, rights; no content. */
SG_MUST_CHECK int concern_letter(app *a, const actor *who, const char *id, const char *to,
                                 json_t **out, svc_error *err);
/* The published grounds, and whether the actor's organisation takes part
 * and may register with the BSN. */
SG_MUST_CHECK int concern_grounds(app *a, const actor *who, json_t **out);
/* Audits an attempt to search the index (what: the parameters tried) and
 * returns SG_EINVAL with err set. */
SG_MUST_CHECK int concern_refuse_search(app *a, const actor *who, const char *what, svc_error *err);

/* ---- matches ----------------------------------------------------------- */

typedef struct match_update_input {
    const char *confirmation; /* "confirmed" or "rejected": candidates only */
    bool contact_made;
    const char *lead; /* "mine" or "theirs": identity matches only */
} match_update_input;

SG_MUST_CHECK int match_list(app *a, const actor *who, const char *cursor, int limit, json_t **out,
                             svc_error *err);
SG_MUST_CHECK int match_get(app *a, const actor *who, const char *id, json_t **out);
SG_MUST_CHECK int match_update(app *a, const actor *who, const char *id,
                               const match_update_input *in, json_t **out, svc_error *err);

/* ---- for the coordinating roles ----------------------------------------- */

/* Escalated matches and open flags of the actor's organisation, without
 * any identity: for care coordinators and administrators. */
SG_MUST_CHECK int concern_alerts(app *a, const actor *who, json_t **out);
SG_MUST_CHECK int concern_alert_acknowledge(app *a, const actor *who, const char *id, json_t **out);

/* Within tasks_list's transaction: appends the actor's index tasks to
 * items (candidates to resolve, matches to act on, and for care
 * coordinators the organisation's escalations and flags). */
SG_MUST_CHECK int concern_add_tasks(store_tx *tx, app *a, const actor *who, json_t *items);

#endif
