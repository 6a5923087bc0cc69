/*
 * subject.h - reading everything held about one child, for subject access
 * (AVG art. 15; service/subject).
 *
 * One query per kind of record (domain/subject.h names the kinds), found by
 * the child's person record, by a reference-index pseudonym of the child,
 * or (the access log) by the child's pseudonymous id, within the records
 * of one organisation or of all.  Rows come back to a callback as named
 * values, ciphertexts as they are stored: decrypting is the service's.
 * Internal ids never leave: an organisation is given by its name, a member
 * of staff by their role, another person not at all.
 */
#ifndef SG_STORE_SUBJECT_H
#define SG_STORE_SUBJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

typedef enum subject_by {
    SUBJECT_BY_PERSON,    /* the child's person record (internal id) */
    SUBJECT_BY_KEY,       /* a reference-index pseudonym (BSN, or name and date of birth) */
    SUBJECT_BY_PSEUDONYM, /* the child's pseudonymous id (the audit trail) */
} subject_by;

/* One column of a row.  type: 'i' integer, 't' text, 'j' text holding
 * JSON, 'e' ciphertext of text, 'E' ciphertext of JSON, 'x' not shown (a
 * ciphertext's binding).  A ciphertext was sealed bound to ad (a
 * "table.column") and to the value of the column named bind. */
typedef struct subject_value {
    const char *name;
    char type;
    const char *ad;
    const char *bind;
    bool null;
    int64_t i;
    const char *text;
    const unsigned char *blob;
    size_t len;
} subject_value;

/* Gets each row of a kind: values[0..n).  Borrowed: copy what must stay.
 * A non-zero return stops the walk and is returned. */
typedef int (*subject_row_fn)(const char *kind, const subject_value *values, int n, void *ctx);

typedef struct subject_query {
    const char *kind;
    int64_t person_id;   /* SUBJECT_BY_PERSON */
    const char *key;     /* SUBJECT_BY_KEY: a pseudonym; SUBJECT_BY_PSEUDONYM: the child's id */
    bool key_is_bsn;     /* SUBJECT_BY_KEY: the BSN's pseudonym, else the name's */
    int64_t org_id;      /* only this organisation's records; 0: every organisation's */
    const char *org_pid; /* the same organisation's public id, "" for every one */
    int limit;           /* SUBJECT_BY_PSEUDONYM: the most rows, newest first */
} subject_query;

/* How a kind is found; SG_ENOTFOUND for a kind the store does not know. */
SG_MUST_CHECK int store_subject_kind(const char *kind, subject_by *by);
/* Calls fn for every row of q->kind. */
SG_MUST_CHECK int store_subject_each(store_tx *tx, const subject_query *q, subject_row_fn fn,
                                     void *ctx);
/* SUBJECT_BY_PSEUDONYM: how many rows there are in all. */
SG_MUST_CHECK int store_subject_count(store_tx *tx, const subject_query *q, int64_t *n);

/* The ids of the persons with this BSN pseudonym that org_id is party to
 * (0: any), by id, up to max. */
SG_MUST_CHECK int store_subject_persons_by_bsn(store_tx *tx, const char *bsn_key, int64_t org_id,
                                               int64_t *ids, int max, int *n);

#endif
