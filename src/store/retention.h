/*
 * retention.h - the rows retention needs: the records of a kind whose
 * period may have passed, what might hold one, and deleting one with what
 * belongs to it.  Part of the store module (see store.h for the
 * conventions).
 *
 * A kind is named by its code ("case", "signal", ...; domain/retention.h
 * lists them and decides what is due).  Deleting a record deletes the rows
 * that are part of it (a case's steps, consultations and actions; a
 * signal's indicators and grants; a referral's grants and disclosures; a
 * screening's diversions and reports to CoMensha; the clocks and notices
 * about it) and unlinks what only refers to it (a referral's case).  A
 * child named by a node of the police's network is not deleted: the network
 * has no retention rule of its own yet.  A new table that holds rows of one of these kinds, or
 * refers to them with a foreign key, adds its rows to that kind's delete
 * here, or deleting will fail.
 */
#ifndef SG_STORE_RETENTION_H
#define SG_STORE_RETENTION_H

#include "store/store.h"

typedef struct retention_candidate {
    int64_t id;
    char public_id[STORE_ID_LEN];
    int64_t person_id;                   /* 0 for a record about no child */
    char person_public_id[STORE_ID_LEN]; /* "" likewise */
    int64_t org_id;                      /* the organisation that holds it */
    char holder_type[STORE_CODE_LEN];    /* its type */
    char start[CLOCK_ISO_LEN];           /* the date (or time) the period runs from */
} retention_candidate;

/* What might hold a record past its period (see domain/retention.h). */
typedef struct store_retention_facts {
    bool running_clock;
    bool open_case;
    bool awaiting_decision;
    bool part_of_kept_record;
} store_retention_facts;

/* Up to max records of kind type whose period ran from cutoff (YYYY-MM-DD)
 * or earlier, with an id above after_id, by id.  SG_EINVAL for an unknown
 * kind. */
SG_MUST_CHECK int store_retention_candidates(store_tx *tx, const char *type, const char *cutoff,
                                             int64_t after_id, retention_candidate *out, int max,
                                             int *n);
SG_MUST_CHECK int store_retention_facts_of(store_tx *tx, const char *type,
                                           const retention_candidate *c,
                                           store_retention_facts *out);
/* How many acknowledged flags of the index were acknowledged before cutoff
 * (for a dry run; store_concern_flag_purge deletes them). */
SG_MUST_CHECK int store_retention_flags_due(store_tx *tx, const char *cutoff, int64_t *n);
/* Deletes the record with the rows that are part of it. */
/* A run that deleted: its moments, the day it ran as of, the rules' version,
 * done or failed, and its report as JSON text. */
typedef struct retention_run_row {
    char started_at[32], finished_at[32], as_of[16];
    int64_t rules_version;
    char status[16];
    char report[4096];
} retention_run_row;

SG_MUST_CHECK int store_retention_run_add(store_tx *tx, const retention_run_row *r);
/* The newest runs first, at most max. */
SG_MUST_CHECK int store_retention_runs(store_tx *tx, retention_run_row *rows, int max, int *n);

SG_MUST_CHECK int store_retention_delete(store_tx *tx, const char *type,
                                         const retention_candidate *c);

#endif
