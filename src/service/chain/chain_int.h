/* Shared by the files of service/chain/ and nothing else.  Each section
 * names the file that defines it; a file uses only what the files below it
 * define: decisions.c, comensha.c -> police.c -> referrals.c ->
 * referral_view.c -> screening_view.c -> chain.c, and interventions.c ->
 * chain.c (tasks.c needs none of it). */
#ifndef SG_CHAIN_INT_H
#define SG_CHAIN_INT_H

#include "domain/prosecution.h"
#include "domain/screening.h"
#include "security/audit.h"
#include "service/chain/chain.h"
#include "store/chain.h"

/* police.c: a screening worked in one transaction. */
typedef struct screen_ctx {
    app *a;
    const actor *who;
    const char *id;
    const struct screening_input *in;
    screening_row row;
    svc_error *err;
    json_t *result;
    const char *signs;
    const char *reason;
    const char *om_org;
    const char *why; /* the reason for SG_ESTATE, for the caller */
} screen_ctx;

/* Who may see a screening: its police unit and the OM office it went to
 * (SG_ENOTFOUND for anyone else). */
SG_MUST_CHECK int police_access(const actor *who, const screening_row *s);
/* Loads the screening sc->id into sc->row and checks the actor may see it. */
SG_MUST_CHECK int police_load(store_tx *tx, screen_ctx *sc);
/* Audits the action and renders the screening into sc->result. */
SG_MUST_CHECK int police_finish(store_tx *tx, screen_ctx *sc, const char *action,
                                const char *purpose);
/* Runs fn in a transaction and hands over the result; clears sc->row. */
SG_MUST_CHECK int police_run(app *a, screen_ctx *sc, store_work_fn fn, json_t **out, bool relaxed);
/* Records that the OM received the loaded screening (stops its clock). */
SG_MUST_CHECK int police_mark_received(store_tx *tx, screen_ctx *sc);

/* chain.c: the child's age on the date on (YYYY-MM-DD), from the
 * encrypted birth date. */
SG_MUST_CHECK int chain_age_on(const app *a, const person_row *p, const char *on, int *age);

/* screening_view.c: the published screening rules (freed with
 * screening_rules_free); SG_ESTATE when none were published. */
SG_MUST_CHECK int screening_rules_load(store_tx *tx, screening_rules *rules);
/* The published rules after a screening (kind "prosecution"; freed with
 * prosecution_rules_free); SG_ESTATE when none were published. */
SG_MUST_CHECK int prosecution_rules_load(store_tx *tx, prosecution_rules *rules);
/* A report to CoMensha as JSON, its note decrypted; NULL on failure. */
json_t *comensha_json(store_tx *tx, app *a, const comensha_row *r);
/* A screening as JSON, its free text decrypted; NULL on failure. */
json_t *screening_json(store_tx *tx, app *a, const screening_row *s);
/* How much of a decision a view shows: only that the OM decided what and
 * when (what a school may learn), or all of it with the reasoning. */
typedef enum decision_view { DECISION_FACT, DECISION_FULL } decision_view;
/* A decision as JSON, as view shows it. */
json_t *decision_json(store_tx *tx, app *a, const decision_row *d, decision_view view);

/* referral_view.c: whether the referral shares part ("identity",
 * "signals", ...). */
bool referral_shares_part(const referral_row *r, const char *part);
/* The referral as who's side sees it, as a new JSON object in *out. */
SG_MUST_CHECK int referral_render(store_tx *tx, app *a, const actor *who, const referral_row *r,
                                  json_t **out);

#endif
