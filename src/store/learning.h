/*
 * learning.h - records of learning: the items and paths a user finished,
 * their answers to the (fictional) cases, requests to the national expert
 * group and the resilience lessons a school gave.  Part of the store
 * module (see store.h for how transactions work).
 *
 * None of these records is about a pupil.  Progress and answers are about
 * staff: the store hands them back per user, and for an organisation only
 * as counts (store_learning_org_counts, store_learning_missed).  The free
 * text of an expert request is a vault ciphertext the store never opens.
 */
#ifndef SG_STORE_LEARNING_H
#define SG_STORE_LEARNING_H

#include "store/store.h"

#define LEARNING_ITEM_LEN 49    /* a module, case or path id and its NUL */
#define LEARNING_PICKED_LEN 512 /* comma-separated indicator ids */

/* ---- progress ----------------------------------------------------------- */

typedef struct learning_done_row {
    char item_id[LEARNING_ITEM_LEN];
    char kind[STORE_CODE_LEN]; /* module, case */
    int64_t content_version;
    char done_at[CLOCK_ISO_LEN];
} learning_done_row;

/* Records that user (of org) finished item; *added tells whether it is
 * new (finishing an item again changes nothing). */
SG_MUST_CHECK int store_learning_done_add(store_tx *tx, int64_t user_id, int64_t org_id,
                                          const learning_done_row *row, bool *added);
/* The items the user finished (at most max), oldest first. */
SG_MUST_CHECK int store_learning_done_list(store_tx *tx, int64_t user_id, learning_done_row *rows,
                                           int max, int *n);

typedef struct learning_completion_row {
    char path_id[LEARNING_ITEM_LEN];
    int64_t content_version;
    char completed_at[CLOCK_ISO_LEN];
} learning_completion_row;

SG_MUST_CHECK int store_learning_completion_add(store_tx *tx, int64_t user_id, int64_t org_id,
                                                const learning_completion_row *row, bool *added);
SG_MUST_CHECK int store_learning_completion_list(store_tx *tx, int64_t user_id,
                                                 learning_completion_row *rows, int max, int *n);

/* ---- answers to cases ------------------------------------------------------ */

typedef struct learning_attempt_row {
    int64_t id;
    char public_id[STORE_ID_LEN];
    int64_t user_id;
    int64_t org_id;
    char case_id[LEARNING_ITEM_LEN];
    int64_t content_version;
    char picked[LEARNING_PICKED_LEN];
    int64_t noticed;
    int64_t missed;
    int64_t wrong;
    bool complete;
    bool first_try;
    char created_at[CLOCK_ISO_LEN];
} learning_attempt_row;

SG_MUST_CHECK int store_learning_attempt_insert(store_tx *tx, learning_attempt_row *row);
/* The outcome for one indicator of an attempt (org and first_try copied
 * from it, for counting). */
SG_MUST_CHECK int store_learning_mark_insert(store_tx *tx, const learning_attempt_row *attempt,
                                             const char *indicator, const char *outcome);
/* How many answers the user gave to case_id. */
SG_MUST_CHECK int store_learning_attempt_count(store_tx *tx, int64_t user_id, const char *case_id,
                                               int64_t *count);
/* The user's newest answer to case_id; SG_ENOTFOUND when there is none. */
SG_MUST_CHECK int store_learning_attempt_last(store_tx *tx, int64_t user_id, const char *case_id,
                                              learning_attempt_row *out);

/* ---- counts for an organisation's coordinator ------------------------------ */

typedef struct learning_path_count {
    char path_id[LEARNING_ITEM_LEN];
    int64_t finished; /* users of the organisation who finished it */
} learning_path_count;

typedef struct learning_org_counts {
    int64_t staff;    /* active users of the organisation */
    int64_t learners; /* of whom finished at least one module or case */
    int64_t answers;  /* first answers to cases, the basis of the missed counts */
} learning_org_counts;

SG_MUST_CHECK int store_learning_org_counts(store_tx *tx, int64_t org_id, learning_org_counts *out,
                                            learning_path_count *paths, int max, int *n);

typedef struct learning_miss_count {
    char indicator[STORE_CODE_LEN];
    int64_t missed; /* first answers that missed this sign */
    int64_t asked;  /* first answers to cases where it was a sign */
} learning_miss_count;

/* The signs the organisation's staff missed most often in their first
 * answers, most missed first (ties by indicator), at most max. */
SG_MUST_CHECK int store_learning_missed(store_tx *tx, int64_t org_id, learning_miss_count *rows,
                                        int max, int *n);

/* ---- requests to the expert group ------------------------------------------- */

typedef struct expert_request_row {
    int64_t id;
    char public_id[STORE_ID_LEN];
    char offer_id[LEARNING_ITEM_LEN];
    int64_t offers_version;
    int64_t from_org_id;
    int64_t from_user_id;
    int64_t to_org_id;
    unsigned char *purpose_enc; /* owned ciphertexts */
    size_t purpose_enc_len;
    unsigned char *contact_enc;
    size_t contact_enc_len;
    char status[STORE_CODE_LEN]; /* requested, accepted, declined, done */
    unsigned char *answer_enc;   /* NULL until the expert group answers */
    size_t answer_enc_len;
    int64_t handled_by;
    char created_at[CLOCK_ISO_LEN];
    char updated_at[CLOCK_ISO_LEN];
    int64_t version;
} expert_request_row;

void store_expert_request_clear(expert_request_row *row);
SG_MUST_CHECK int store_expert_request_insert(store_tx *tx, expert_request_row *row);
SG_MUST_CHECK int store_expert_request_find_public(store_tx *tx, const char *public_id,
                                                   expert_request_row *out);
/* Writes status, answer, handled_by and updated_at back when the version is
 * still the stored one (SG_ECONFLICT otherwise) and bumps it. */
SG_MUST_CHECK int store_expert_request_update(store_tx *tx, expert_request_row *row);

typedef struct expert_request_filter {
    int64_t to_org_id;    /* the expert group's inbox, or 0 */
    int64_t from_user_id; /* one requester's own requests, or 0 */
    int64_t after;        /* cursor: ids above this */
    int limit;
} expert_request_filter;

/* Fills rows[0..*n) by id (each cleared by the caller); one of to_org_id and
 * from_user_id must be set. */
SG_MUST_CHECK int store_expert_request_list(store_tx *tx, const expert_request_filter *f,
                                            expert_request_row *rows, int *n);
/* The ids of up to max organisations of type (a code such as
 * "expert-group"), by id. */
SG_MUST_CHECK int store_learning_orgs_of_type(store_tx *tx, const char *type, int64_t *ids, int max,
                                              int *n);

/* ---- resilience lessons ---------------------------------------------------- */

typedef struct resilience_lesson_row {
    int64_t id;
    char public_id[STORE_ID_LEN];
    int64_t org_id;
    char programme_id[LEARNING_ITEM_LEN];
    int64_t programmes_version;
    char year_group[LEARNING_ITEM_LEN];
    int64_t classes;
    int64_t lessons;
    char given_from[DATE_LEN];
    char given_until[DATE_LEN];
    int64_t recorded_by;
    char recorded_at[CLOCK_ISO_LEN];
} resilience_lesson_row;

SG_MUST_CHECK int store_resilience_insert(store_tx *tx, resilience_lesson_row *row);
SG_MUST_CHECK int store_resilience_find_public(store_tx *tx, const char *public_id,
                                               resilience_lesson_row *out);
SG_MUST_CHECK int store_resilience_delete(store_tx *tx, int64_t id);

typedef struct resilience_filter {
    int64_t org_id;    /* one organisation, or 0 for all */
    const char *from;  /* first day (YYYY-MM-DD) a series may have started, or NULL */
    const char *until; /* last day, or NULL */
    int64_t after;     /* cursor: ids above this */
    int limit;
} resilience_filter;

/* The lessons recorded by an organisation (org_id must be set), by id. */
SG_MUST_CHECK int store_resilience_list(store_tx *tx, const resilience_filter *f,
                                        resilience_lesson_row *rows, int *n);

typedef struct resilience_count {
    char programme_id[LEARNING_ITEM_LEN];
    int64_t records;       /* series recorded */
    int64_t classes;       /* classes reached */
    int64_t lessons;       /* lessons given */
    int64_t organisations; /* distinct organisations that gave it */
} resilience_count;

/* For the monitoring: the resilience lessons started within [from, until]
 * (either may be NULL: open) per programme, for one organisation or, with
 * org_id 0, for all; at most max rows, by programme id.  Counts only. */
SG_MUST_CHECK int store_resilience_count(store_tx *tx, const resilience_filter *f,
                                         resilience_count *rows, int max, int *n);

#endif
