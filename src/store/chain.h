/*
 * chain.h - records of the chain between organisations: notifications,
 * clocks, referrals, police screenings, diversions, the OM's decisions and
 * enrolments in programmes.  Part of the store module (see store.h for how
 * transactions work).
 */
#ifndef SG_STORE_CHAIN_H
#define SG_STORE_CHAIN_H

#include "store/store.h"

/* ---- notifications ---------------------------------------------------- */

typedef struct notification_row {
    int64_t id;
    char public_id[STORE_ID_LEN];
    int64_t org_id;            /* the organisation notified */
    char role[STORE_CODE_LEN]; /* the people of this role in it, when user_id is 0 */
    int64_t user_id;           /* one person, or 0 */
    char kind[48];             /* "referral.sent" */
    char record_type[STORE_CODE_LEN];
    char record_id[STORE_ID_LEN];
    int64_t from_org_id;
    char created_at[CLOCK_ISO_LEN];
    char read_at[CLOCK_ISO_LEN]; /* "" while unread */
} notification_row;

SG_MUST_CHECK int store_notification_insert(store_tx *tx, notification_row *row);
/* Unread notifications addressed to user_id, or to role in org, with id >
 * after, oldest first. */
SG_MUST_CHECK int store_notification_list(store_tx *tx, int64_t org_id, const char *role,
                                          int64_t user_id, int64_t after, notification_row *rows,
                                          int max, int *n);
SG_MUST_CHECK int store_notification_find_public(store_tx *tx, const char *public_id,
                                                 notification_row *out);
SG_MUST_CHECK int store_notification_mark_read(store_tx *tx, int64_t id, const char *at);

/* ---- clocks ----------------------------------------------------------- */

typedef struct clock_row {
    int64_t id;
    char public_id[STORE_ID_LEN];
    char rule_id[40];
    int64_t rules_version;
    char subject_type[STORE_CODE_LEN]; /* referral, screening, case, decision */
    char subject_id[STORE_ID_LEN];     /* its public id */
    int64_t person_id;
    int64_t org_id; /* the responsible organisation */
    char started_at[CLOCK_ISO_LEN];
    char due_on[DATE_LEN];
    char stopped_at[CLOCK_ISO_LEN]; /* "" while running */
    char stop_event[48];
    bool missed;                      /* stopped after its due day */
    char escalated_at[CLOCK_ISO_LEN]; /* "" until escalated */
} clock_row;

SG_MUST_CHECK int store_clock_insert(store_tx *tx, clock_row *row);
/* The running clocks of a subject. */
SG_MUST_CHECK int store_clock_running(store_tx *tx, const char *subject_type,
                                      const char *subject_id, clock_row *rows, int max, int *n);
SG_MUST_CHECK int store_clock_stop(store_tx *tx, int64_t id, const char *at, const char *event,
                                   bool missed);
SG_MUST_CHECK int store_clock_set_escalated(store_tx *tx, int64_t id, const char *at);

typedef struct clock_filter {
    int64_t org_id;           /* 0: every organisation */
    const char *subject_type; /* NULL: any */
    const char *subject_id;   /* NULL: any */
    bool running_only;
    const char *due_before; /* running and due before this date, or NULL */
    bool not_escalated;     /* only those not escalated yet */
    int64_t after;
    int limit;
} clock_filter;

SG_MUST_CHECK int store_clock_list(store_tx *tx, const clock_filter *f, clock_row *rows, int *n);

/* Counts per rule for the reports: started, met, missed, running, overdue
 * (running and due before today). */
typedef struct clock_count {
    char rule_id[40];
    int64_t started, met, missed, running, overdue;
} clock_count;

SG_MUST_CHECK int store_clock_counts(store_tx *tx, const char *today, clock_count *rows, int max,
                                     int *n);

/* ---- referrals -------------------------------------------------------- */

typedef struct referral_row {
    int64_t id;
    char public_id[STORE_ID_LEN];
    int64_t person_id;
    int64_t case_id; /* 0 when not from a case */
    int64_t from_org_id;
    int64_t from_user_id;
    int64_t to_org_id;
    int64_t to_user_id; /* who accepted, or 0 */
    char purpose[STORE_CODE_LEN];
    unsigned char *note_enc; /* owned; may be NULL */
    size_t note_enc_len;
    char legal_basis[STORE_CODE_LEN];
    char consent_party[STORE_CODE_LEN];
    char consent_on[DATE_LEN];
    unsigned char *override_reason_enc; /* owned; NULL without an override */
    size_t override_reason_enc_len;
    char shares[160];              /* comma-separated parts shared */
    char signal_ids[1024];         /* comma-separated public ids shared, or "" */
    char subject_id[STORE_ID_LEN]; /* a screening or decision shared, or "" */
    unsigned char *snapshot_enc;   /* owned: what a case shared, as it was when sent */
    size_t snapshot_enc_len;
    bool transfer; /* hands the case over on acceptance */
    char status[STORE_CODE_LEN];
    unsigned char *decline_reason_enc; /* owned; NULL unless declined */
    size_t decline_reason_enc_len;
    char created_at[CLOCK_ISO_LEN];
    char updated_at[CLOCK_ISO_LEN];
    int64_t version;
    int64_t received_case_id; /* a transfer: the receiver's case it became, or 0 */
} referral_row;

void store_referral_clear(referral_row *row);
SG_MUST_CHECK int store_referral_insert(store_tx *tx, referral_row *row);
SG_MUST_CHECK int store_referral_find_public(store_tx *tx, const char *public_id,
                                             referral_row *out);
/* Writes status, to_user_id, decline reason, received_case_id and
 * updated_at back when the version is unchanged (bumping it); SG_ECONFLICT
 * otherwise. */
SG_MUST_CHECK int store_referral_update(store_tx *tx, referral_row *row);

typedef struct referral_filter {
    int64_t to_org_id; /* one of these two, the other 0 */
    int64_t from_org_id;
    int64_t person_id;       /* 0: any */
    const char *status;      /* NULL: any */
    const char *legal_basis; /* NULL: any ("override": those a privacy officer checks) */
    int64_t after;
    int limit;
} referral_filter;

SG_MUST_CHECK int store_referral_list(store_tx *tx, const referral_filter *f, referral_row *rows,
                                      int *n);
/* Removes the access a referral granted (person and signals). */
SG_MUST_CHECK int store_referral_revoke_grants(store_tx *tx, const char *basis);

/* ---- screenings, diversions, decisions -------------------------------- */

typedef struct screening_row {
    int64_t id;
    char public_id[STORE_ID_LEN];
    int64_t person_id;
    int64_t police_org_id;
    int64_t officer_id;
    char arrested_on[DATE_LEN];
    char offence[STORE_CODE_LEN];
    bool outside_region;
    char answers[256];        /* codes in question order, comma-separated */
    unsigned char *notes_enc; /* owned: JSON of notes per question */
    size_t notes_enc_len;
    unsigned char *account_enc; /* owned: the youth's own account */
    size_t account_enc_len;
    int64_t rules_version;
    char advised_signs[STORE_CODE_LEN];
    char advised_rule[16];
    char confirmed_signs[STORE_CODE_LEN];
    unsigned char *confirm_reason_enc; /* owned; NULL until completed */
    size_t confirm_reason_enc_len;
    char status[STORE_CODE_LEN]; /* draft, completed */
    char completed_at[CLOCK_ISO_LEN];
    int64_t om_org_id;               /* the OM office it was handed to, or 0 */
    char received_at[CLOCK_ISO_LEN]; /* when the OM recorded receipt, or "" */
    int64_t received_by;             /* the prosecutor who did, or 0 */
    char created_at[CLOCK_ISO_LEN];
    int64_t version;
} screening_row;

void store_screening_clear(screening_row *row);
SG_MUST_CHECK int store_screening_insert(store_tx *tx, screening_row *row);
SG_MUST_CHECK int store_screening_get(store_tx *tx, int64_t id, screening_row *out);
SG_MUST_CHECK int store_screening_find_public(store_tx *tx, const char *public_id,
                                              screening_row *out);
/* Writes the mutable fields back when the version is unchanged. */
SG_MUST_CHECK int store_screening_update(store_tx *tx, screening_row *row);

typedef struct screening_filter {
    int64_t police_org_id; /* one of these two, the other 0 */
    int64_t om_org_id;
    int64_t person_id; /* 0: any */
    int64_t after;
    int limit;
} screening_filter;

SG_MUST_CHECK int store_screening_list(store_tx *tx, const screening_filter *f, screening_row *rows,
                                       int *n);

typedef struct diversion_row {
    int64_t id;
    char public_id[STORE_ID_LEN];
    int64_t screening_id;
    char kind[STORE_CODE_LEN]; /* halt, reprimand */
    unsigned char *note_enc;   /* owned; may be NULL */
    size_t note_enc_len;
    int64_t recorded_by;
    char recorded_at[CLOCK_ISO_LEN];
} diversion_row;

void store_diversion_clear(diversion_row *row);
SG_MUST_CHECK int store_diversion_insert(store_tx *tx, diversion_row *row);
SG_MUST_CHECK int store_diversion_list(store_tx *tx, int64_t screening_id, diversion_row *rows,
                                       int max, int *n);

typedef struct decision_row {
    int64_t id;
    char public_id[STORE_ID_LEN];
    int64_t screening_id;
    int64_t om_org_id;
    int64_t prosecutor_id;
    char decision[48];
    char due_on[DATE_LEN];        /* further investigation: by when, else "" */
    unsigned char *reasoning_enc; /* owned */
    size_t reasoning_enc_len;
    bool possible_victim;
    unsigned char *victim_of_enc; /* owned; may be NULL */
    size_t victim_of_enc_len;
    bool expert_group;
    char decided_at[CLOCK_ISO_LEN];
    char ground[48];              /* the legal ground, from the published rules */
    bool financial_investigation; /* started, as the Aanwijzing mensenhandel asks */
    int64_t rules_version;        /* of the rules the ground comes from; 0 before them */
} decision_row;

void store_decision_clear(decision_row *row);
SG_MUST_CHECK int store_decision_insert(store_tx *tx, decision_row *row);
SG_MUST_CHECK int store_decision_get(store_tx *tx, int64_t id, decision_row *out);
SG_MUST_CHECK int store_decision_find_public(store_tx *tx, const char *public_id,
                                             decision_row *out);
/* The decisions on a screening, oldest first. */
SG_MUST_CHECK int store_decision_list(store_tx *tx, int64_t screening_id, decision_row *rows,
                                      int max, int *n);

/* ---- enrolments ------------------------------------------------------- */

typedef struct enrolment_row {
    int64_t id;
    char public_id[STORE_ID_LEN];
    int64_t person_id;
    int64_t org_id; /* the referring organisation */
    char programme_id[64];
    int64_t catalogue_version;
    char status[STORE_CODE_LEN]; /* referred, enrolled, completed, stopped */
    unsigned char *reason_enc;   /* owned: why it fits; may be NULL */
    size_t reason_enc_len;
    char enrolled_on[DATE_LEN];
    char outcome[STORE_CODE_LEN];
    unsigned char *outcome_note_enc; /* owned; may be NULL */
    size_t outcome_note_enc_len;
    int64_t created_by;
    char created_at[CLOCK_ISO_LEN];
    char updated_at[CLOCK_ISO_LEN];
} enrolment_row;

void store_enrolment_clear(enrolment_row *row);
SG_MUST_CHECK int store_enrolment_insert(store_tx *tx, enrolment_row *row);
SG_MUST_CHECK int store_enrolment_find_public(store_tx *tx, const char *public_id,
                                              enrolment_row *out);
SG_MUST_CHECK int store_enrolment_update(store_tx *tx, const enrolment_row *row);
/* An organisation's enrolments (optionally of one person), oldest first. */
SG_MUST_CHECK int store_enrolment_list(store_tx *tx, int64_t org_id, int64_t person_id,
                                       int64_t after, enrolment_row *rows, int max, int *n);

typedef struct milestone_row {
    int64_t id;
    int64_t enrolment_id;
    char on_date[DATE_LEN];
    char kind[STORE_CODE_LEN]; /* attended, missed, milestone */
    unsigned char *note_enc;   /* owned; may be NULL */
    size_t note_enc_len;
    int64_t recorded_by;
    char recorded_at[CLOCK_ISO_LEN];
} milestone_row;

void store_milestone_clear(milestone_row *row);
SG_MUST_CHECK int store_milestone_insert(store_tx *tx, milestone_row *row);
/* Sets a milestone's note (sealed with the milestone's id, known after insert). */
SG_MUST_CHECK int store_milestone_set_note(store_tx *tx, int64_t id, const unsigned char *enc,
                                           size_t len);
SG_MUST_CHECK int store_milestone_list(store_tx *tx, int64_t enrolment_id, milestone_row *rows,
                                       int max, int *n);

/* ---- CoMensha reports --------------------------------------------------- */

/* A report of a possible victim to CoMensha, as the police or the OM made
 * it: what, when, by whom, for which screening (and decision). */
typedef struct comensha_row {
    int64_t id;
    char public_id[STORE_ID_LEN];
    int64_t person_id;
    int64_t screening_id;
    int64_t decision_id; /* 0 when reported for the screening */
    int64_t org_id;
    int64_t reported_by;
    char reported_on[DATE_LEN];
    char what[64];
    unsigned char *note_enc; /* owned; may be NULL */
    size_t note_enc_len;
    char created_at[CLOCK_ISO_LEN];
} comensha_row;

void store_comensha_clear(comensha_row *row);
SG_MUST_CHECK int store_comensha_insert(store_tx *tx, comensha_row *row);
SG_MUST_CHECK int store_comensha_find_public(store_tx *tx, const char *public_id,
                                             comensha_row *out);
/* The reports for one screening, oldest first. */
SG_MUST_CHECK int store_comensha_list(store_tx *tx, int64_t screening_id, comensha_row *rows,
                                      int max, int *n);

/* ---- signals passed on ------------------------------------------------- */

/* A signal that a receiver passed on to yet another organisation: the
 * observing organisation (origin) learns of it, never of the content. */
typedef struct disclosure_row {
    int64_t signal_id;
    int64_t referral_id;
    int64_t origin_org_id;
    int64_t from_org_id;
    int64_t to_org_id;
    int64_t person_id;
    char at[CLOCK_ISO_LEN];
} disclosure_row;

SG_MUST_CHECK int store_disclosure_insert(store_tx *tx, const disclosure_row *d);
/* The disclosures of origin's signals about one child, oldest first. */
SG_MUST_CHECK int store_disclosure_list(store_tx *tx, int64_t origin_org_id, int64_t person_id,
                                        disclosure_row *rows, int max, int *n);

#endif
