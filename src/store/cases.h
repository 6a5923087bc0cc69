/*
 * cases.h - records of the school path: rule sets, cases, consultations,
 * actions and Meldcode steps.  Part of the store module (see store.h for
 * how transactions work); split out to keep store.h readable.
 */
#ifndef SG_STORE_CASES_H
#define SG_STORE_CASES_H

#include "store/store.h"

/* ---- rule sets -------------------------------------------------------- */

/* Publishes content as the next version of kind; *version is set. */
SG_MUST_CHECK int store_ruleset_insert(store_tx *tx, const char *kind, const char *content,
                                       const char *sha256, int64_t published_by, int64_t *version);
/* The newest version of kind (version 0) or the given one.  *content is a
 * new string the caller frees with sg_free. */
SG_MUST_CHECK int store_ruleset_get(store_tx *tx, const char *kind, int64_t version, char **content,
                                    int64_t *version_out);

/* ---- cases ------------------------------------------------------------ */

typedef struct case_row {
    int64_t id;
    char public_id[STORE_ID_LEN];
    int64_t person_id;
    int64_t org_id;
    int64_t owner_id;
    int64_t opened_by;
    char status[STORE_CODE_LEN];         /* open, closed */
    char consent_status[STORE_CODE_LEN]; /* none, given, refused */
    char consent_party[STORE_CODE_LEN];  /* parent, pupil, or "" */
    char consent_on[DATE_LEN];
    int64_t consent_by;
    char decision[48]; /* the step-5 decision, or "" */
    int next_step;     /* 1..5, 6 when all are done */
    char next_step_due[DATE_LEN];
    char opened_at[CLOCK_ISO_LEN];
    char last_progress_at[CLOCK_ISO_LEN];
    char closed_at[CLOCK_ISO_LEN];
    int64_t version; /* bumped by every update */
} case_row;

SG_MUST_CHECK int store_case_insert(store_tx *tx, case_row *row);
SG_MUST_CHECK int store_case_get(store_tx *tx, int64_t id, case_row *out);
SG_MUST_CHECK int store_case_find_public(store_tx *tx, const char *public_id, case_row *out);
/* Writes row back when its version is still the stored one, and bumps the
 * version; SG_ECONFLICT when someone else changed the case meanwhile. */
SG_MUST_CHECK int store_case_update(store_tx *tx, case_row *row);

typedef struct case_filter {
    int64_t org_id;              /* required */
    int64_t person_id;           /* 0: any */
    int64_t owner_id;            /* 0: any */
    const char *status;          /* NULL: any */
    const char *progress_before; /* ISO time: only cases without progress since, or NULL */
    int64_t after;
    int limit;
} case_filter;

SG_MUST_CHECK int store_case_list(store_tx *tx, const case_filter *f, case_row *rows, int *n);

SG_MUST_CHECK int store_case_add_signal(store_tx *tx, int64_t case_id, int64_t signal_id);
/* The internal ids of the case's signals, oldest first, at most max. */
SG_MUST_CHECK int store_case_signal_ids(store_tx *tx, int64_t case_id, int64_t *ids, int max,
                                        int *n);

/* ---- consultations ---------------------------------------------------- */

typedef struct consultation_row {
    int64_t id;
    char public_id[STORE_ID_LEN];
    int64_t case_id;
    char held_on[DATE_LEN];
    char participants[256];     /* role codes, comma-separated */
    unsigned char *content_enc; /* owned */
    size_t content_enc_len;
    char question_type[STORE_CODE_LEN]; /* care, investigation */
    char outcome[STORE_CODE_LEN];
    char next_meeting[DATE_LEN]; /* or "" */
    bool anonymous;
    int64_t created_by;
    char created_at[CLOCK_ISO_LEN];
} consultation_row;

void store_consultation_clear(consultation_row *row);
SG_MUST_CHECK int store_consultation_insert(store_tx *tx, consultation_row *row);
SG_MUST_CHECK int store_consultation_find_public(store_tx *tx, const char *public_id,
                                                 consultation_row *out);
/* The case's consultations, oldest first (each cleared by the caller). */
SG_MUST_CHECK int store_consultation_list(store_tx *tx, int64_t case_id, consultation_row *rows,
                                          int max, int *n);

/* ---- actions ---------------------------------------------------------- */

typedef struct action_row {
    int64_t id;
    char public_id[STORE_ID_LEN];
    int64_t case_id;
    int64_t consultation_id;        /* 0 when not from a consultation */
    unsigned char *description_enc; /* owned */
    size_t description_enc_len;
    int64_t owner_id;
    char due_on[DATE_LEN];
    char done_at[CLOCK_ISO_LEN]; /* "" while open */
    int64_t created_by;
    char created_at[CLOCK_ISO_LEN];
} action_row;

void store_action_clear(action_row *row);
SG_MUST_CHECK int store_action_insert(store_tx *tx, action_row *row);
SG_MUST_CHECK int store_action_find_public(store_tx *tx, const char *public_id, action_row *out);
SG_MUST_CHECK int store_action_set_done(store_tx *tx, int64_t id, const char *done_at);
/* Actions of a case (case_id) or the open actions of an owner (owner_id),
 * oldest first. */
SG_MUST_CHECK int store_action_list(store_tx *tx, int64_t case_id, int64_t owner_id,
                                    action_row *rows, int max, int *n);

/* ---- Meldcode steps --------------------------------------------------- */

typedef struct step_row {
    int64_t id;
    char public_id[STORE_ID_LEN];
    int64_t case_id;
    int step;
    unsigned char *summary_enc; /* owned */
    size_t summary_enc_len;
    char answers[64];             /* step 4: "yes,no,yes,yes,unknown" */
    char advised[48];             /* step 4: what the answers settle */
    char decision[48];            /* step 5: what was decided (the pair report, help) */
    bool with_veilig_thuis;       /* step 5: help weighed together with Veilig Thuis */
    char consulted[160];          /* step 2: the experts consulted, "colleague,veilig-thuis" */
    unsigned char *deviation_enc; /* step 5: why it differs from the advice */
    size_t deviation_enc_len;
    int64_t recorded_by;
    char recorded_at[CLOCK_ISO_LEN];
} step_row;

void store_step_clear(step_row *row);
SG_MUST_CHECK int store_step_insert(store_tx *tx, step_row *row);
/* The case's steps in the order they were recorded. */
SG_MUST_CHECK int store_step_list(store_tx *tx, int64_t case_id, step_row *rows, int max, int *n);

#endif
