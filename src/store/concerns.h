/*
 * concerns.h - records of the reference index: registrations of concern,
 * their links (parent and address pseudonyms), the matches between
 * organisations and the flags on unusual use.  Part of the store module
 * (see store.h for how transactions work).
 *
 * A registration is active while ended_on is "" and ends_on lies after
 * the day asked about; the store never decides that by the clock itself:
 * callers pass today.  Keys are keyed hashes made by the caller; identity
 * and contact are vault ciphertexts the store never opens.
 */
#ifndef SG_STORE_CONCERNS_H
#define SG_STORE_CONCERNS_H

#include "store/store.h"

#define CONCERN_CLIENT_KEY_CHARS 80
#define CONCERN_CLIENT_KEY_LEN (CONCERN_CLIENT_KEY_CHARS * 4 + 1) /* 80 characters of UTF-8 */

/* ---- registrations ------------------------------------------------------ */

typedef struct concern_row {
    int64_t id;
    char public_id[STORE_ID_LEN];
    int64_t org_id;
    int64_t registered_by;
    char client_key[CONCERN_CLIENT_KEY_LEN];
    char fingerprint[STORE_HASH_LEN];
    char ground[STORE_CODE_LEN];
    int64_t rules_version;
    char bsn_key[STORE_HASH_LEN];
    char name_key[STORE_HASH_LEN];
    char block_a[STORE_HASH_LEN];
    char block_b[STORE_HASH_LEN];
    char block_c[STORE_HASH_LEN];
    unsigned char *identity_enc; /* owned ciphertexts */
    size_t identity_enc_len;
    unsigned char *contact_enc;
    size_t contact_enc_len;
    char registered_at[CLOCK_ISO_LEN];
    char ends_on[DATE_LEN];
    char ended_on[DATE_LEN];
    char end_reason[STORE_CODE_LEN];
} concern_row;

/* Which pseudonym to look registrations up by. */
typedef enum concern_key {
    CONCERN_BSN,
    CONCERN_NAME,
    CONCERN_BLOCK_A,
    CONCERN_BLOCK_B,
    CONCERN_BLOCK_C
} concern_key;

void store_concern_clear(concern_row *row);
SG_MUST_CHECK int store_concern_insert(store_tx *tx, concern_row *row);
SG_MUST_CHECK int store_concern_get(store_tx *tx, int64_t id, concern_row *out);
SG_MUST_CHECK int store_concern_find_public(store_tx *tx, const char *public_id, concern_row *out);
SG_MUST_CHECK int store_concern_find_client_key(store_tx *tx, int64_t org_id,
                                                const char *client_key, concern_row *out);
/* Up to max registrations active on today with key in column which, newest
 * first, each cleared by the caller. */
SG_MUST_CHECK int store_concern_active_by_key(store_tx *tx, concern_key which, const char *key,
                                              const char *today, concern_row *rows, int max,
                                              int *n);
/* The user's registrations with id > after, by id (each cleared by the
 * caller); ended ones too, until they are purged. */
SG_MUST_CHECK int store_concern_list_user(store_tx *tx, int64_t user_id, int64_t after, int limit,
                                          concern_row *rows, int *n);
/* Ends a registration on day for reason; SG_ESTATE when it had ended. */
SG_MUST_CHECK int store_concern_end(store_tx *tx, int64_t id, const char *day, const char *reason);

/* ---- links ------------------------------------------------------------- */

SG_MUST_CHECK int store_concern_link_add(store_tx *tx, int64_t concern_id, const char *kind,
                                         const char *key);
/* The keys of one kind a registration carries (at most max). */
SG_MUST_CHECK int store_concern_links(store_tx *tx, int64_t concern_id, const char *kind,
                                      char (*keys)[STORE_HASH_LEN], int max, int *n);
/* The ids and organisations of up to max registrations active on today
 * that carry this link, and how many there are in all (*total). */
SG_MUST_CHECK int store_concern_by_link(store_tx *tx, const char *kind, const char *key,
                                        const char *today, int64_t *ids, int64_t *orgs, int max,
                                        int *n, int64_t *total);

/* ---- matches ----------------------------------------------------------- */

typedef struct match_row {
    int64_t id;
    char public_id[STORE_ID_LEN];
    int64_t concern_a;
    int64_t concern_b;
    char kind[STORE_CODE_LEN];   /* identity, candidate, family, address */
    char reason[STORE_CODE_LEN]; /* bsn, name-and-birth-date, birth-date-transposed ... */
    char status[STORE_CODE_LEN]; /* awaiting-confirmation, rejected, open, contacted, lead-agreed */
    bool confirmed_a;
    bool confirmed_b;
    char contact_at[CLOCK_ISO_LEN];
    int64_t contact_by;
    int64_t lead_concern;
    int64_t lead_by;
    char lead_at[CLOCK_ISO_LEN];
    char due_on[DATE_LEN];
    char created_at[CLOCK_ISO_LEN];
    char updated_at[CLOCK_ISO_LEN];
    int64_t version;
} match_row;

/* Inserts row unless the pair has a match of that kind already
 * (SG_ECONFLICT then). */
SG_MUST_CHECK int store_match_insert(store_tx *tx, match_row *row);
SG_MUST_CHECK int store_match_find_public(store_tx *tx, const char *public_id, match_row *out);
/* Writes row back when its version is still the stored one (SG_ECONFLICT
 * otherwise) and bumps it. */
SG_MUST_CHECK int store_match_update(store_tx *tx, match_row *row);
/* The matches of one registration, oldest first (at most max). */
SG_MUST_CHECK int store_match_list_concern(store_tx *tx, int64_t concern_id, match_row *rows,
                                           int max, int *n);
/* The matches on the user's registrations with id > after, by id. */
SG_MUST_CHECK int store_match_list_user(store_tx *tx, int64_t user_id, int64_t after, int limit,
                                        match_row *rows, int *n);
/* Identity matches of which one side belongs to org, without a lead and
 * due before today (escalated), oldest first. */
SG_MUST_CHECK int store_match_overdue_org(store_tx *tx, int64_t org_id, const char *today,
                                          match_row *rows, int max, int *n);

/* ---- flags ------------------------------------------------------------- */

typedef struct concern_flag_row {
    int64_t id;
    char public_id[STORE_ID_LEN];
    int64_t org_id;
    int64_t user_id;
    char reason[STORE_CODE_LEN];
    int64_t hits;
    char flagged_at[CLOCK_ISO_LEN];
    int64_t acknowledged_by;
    char acknowledged_at[CLOCK_ISO_LEN];
} concern_flag_row;

SG_MUST_CHECK int store_concern_flag_insert(store_tx *tx, concern_flag_row *row);
SG_MUST_CHECK int store_concern_flag_find_public(store_tx *tx, const char *public_id,
                                                 concern_flag_row *out);
/* The organisation's flags not acknowledged yet, oldest first. */
SG_MUST_CHECK int store_concern_flag_open(store_tx *tx, int64_t org_id, concern_flag_row *rows,
                                          int max, int *n);
SG_MUST_CHECK int store_concern_flag_acknowledge(store_tx *tx, int64_t id, int64_t user_id,
                                                 const char *at);

/* ---- retention --------------------------------------------------------- */

/* Up to max registrations over on today (ended, or past ends_on): their
 * ids and public ids, by id. */
SG_MUST_CHECK int store_concern_due_for_purge(store_tx *tx, const char *today, int64_t *ids,
                                              char (*public_ids)[STORE_ID_LEN], int max, int *n);
/* Deletes a registration with its links and matches. */
SG_MUST_CHECK int store_concern_delete(store_tx *tx, int64_t id);
/* Deletes acknowledged flags acknowledged before cutoff (ISO time). */
SG_MUST_CHECK int store_concern_flag_purge(store_tx *tx, const char *cutoff, int64_t *deleted);

#endif
