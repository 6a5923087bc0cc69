/*
 * store.h - the one database interface of signaal.
 *
 * A store is opened once from an address ("var/signaal.db", "sqlite:PATH";
 * PostgreSQL addresses are for the libpq driver) and chosen at start-up;
 * nothing above store/ knows which database runs or sees any SQL.
 *
 * All work happens in transactions through two entry points:
 *   store_write  runs a function in a write transaction and commits when it
 *                returns SG_OK, rolls back otherwise.  On SQLite the writes
 *                of many threads are group-committed by one writer thread,
 *                so the function runs on that thread: it must not block on
 *                anything but the database, and must never call store_write
 *                or store_read itself.
 *   store_read   runs a function in a read-only snapshot on the calling
 *                thread.
 *   store_write_relaxed  the same, but the commit may reach the disk up to
 *                a short window (100 ms) after the function returns: for
 *                work whose loss on a power cut is tolerable next to its
 *                cost, chiefly the audit entries of reads.  A process crash
 *                loses nothing; later durable commits sync it too.
 * Every read of personal data must go through store_write(_relaxed),
 * because it appends an audit entry in the same transaction.
 *
 * The record functions (store_person_insert and so on) take the transaction
 * handed to the work function.  Rows are plain structs; text fields are
 * fixed arrays, variable-length ciphertexts are owned pointers released by
 * the row's *_clear function.  The store never sees plaintext of encrypted
 * fields: encryption and decryption belong to security/vault.
 */
#ifndef SG_STORE_H
#define SG_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/clock.h"
#include "base/status.h"

#define STORE_ID_LEN 37 /* a public id: a UUID and its NUL */
#define STORE_LOGIN_LEN 65
#define STORE_NAME_LEN 808         /* 200 characters of UTF-8 and a NUL */
#define STORE_CODE_LEN 33          /* enum-like codes: roles, types, settings */
#define STORE_MUNICIPALITY_LEN 256 /* 80 characters: a municipality as the regions data lists it */
#define STORE_HASH_LEN 65          /* 32 bytes in hex and a NUL */
#define STORE_PWHASH_LEN 160

typedef struct store store;
typedef struct store_tx store_tx;
typedef int (*store_work_fn)(store_tx *tx, void *ctx);

typedef struct store_options {
    int readers;         /* connections for store_read; 0: a default */
    int busy_timeout_ms; /* how long to wait for another process's lock */
    bool durable;        /* fsync every commit (SQLite synchronous=FULL) */
} store_options;

/* Opens (creating if needed) the database at address and applies pending
 * migrations when migrate is true.  On success *out is a new store the caller
 * closes with store_close.  On failure, *detail (when not NULL) points to a
 * static explanation. */
SG_MUST_CHECK int store_open(const char *address, const store_options *opt, bool migrate,
                             store **out, const char **detail);
void store_close(store *s);
/* The schema version the database is at. */
SG_MUST_CHECK int store_schema_version(store *s, int *version);
/* True when address names a PostgreSQL database. */
bool store_address_is_postgres(const char *address);
/* For SQLite addresses: the file path (borrowed from address), else NULL. */
const char *store_sqlite_path(const char *address);

SG_MUST_CHECK int store_write(store *s, store_work_fn fn, void *ctx);
SG_MUST_CHECK int store_write_relaxed(store *s, store_work_fn fn, void *ctx);
SG_MUST_CHECK int store_read(store *s, store_work_fn fn, void *ctx);
/* From store_pin_begin to store_pin_end the store_read calls of the
 * calling thread share one read transaction (a snapshot), kept open
 * between them; a write of the thread (store_write, store_write_relaxed)
 * ends it first, so reads after it see it, and a read that fails ends it
 * too.  Not nested; nothing (one transaction per read) where the driver
 * keeps no snapshot between calls. */
void store_pin_begin(store *s);
void store_pin_end(store *s);
/* Ends the kept transaction now (the next read begins another), as
 * before waiting for another thread that may need a reader. */
void store_pin_release(store *s);
/* True when tx is a transaction of store s. */
bool store_tx_of(const store_tx *tx, const store *s);

/* ---- organisations ---------------------------------------------------- */

typedef struct org_row {
    int64_t id;
    char public_id[STORE_ID_LEN];
    char name[STORE_NAME_LEN];
    char type[STORE_CODE_LEN];
    bool require_mfa;
    char created_at[CLOCK_ISO_LEN];
    char municipality[STORE_MUNICIPALITY_LEN]; /* "" for none */
} org_row;

/* Inserts row (id is filled in); SG_ECONFLICT when the name is taken. */
SG_MUST_CHECK int store_org_insert(store_tx *tx, org_row *row);
SG_MUST_CHECK int store_org_get(store_tx *tx, int64_t id, org_row *out);
SG_MUST_CHECK int store_org_find(store_tx *tx, const char *public_id_or_name, org_row *out);
/* Fills rows[0..*n) with up to limit organisations with id > after, by id. */
SG_MUST_CHECK int store_org_list(store_tx *tx, int64_t after, int limit, org_row *rows, int *n);
SG_MUST_CHECK int store_org_set_require_mfa(store_tx *tx, int64_t id, bool on);
/* Sets the organisation's municipality ("" for none). */
SG_MUST_CHECK int store_org_set_municipality(store_tx *tx, int64_t id, const char *municipality);

/* ---- users ------------------------------------------------------------ */

typedef struct user_row {
    int64_t id;
    char public_id[STORE_ID_LEN];
    int64_t org_id;
    char login[STORE_LOGIN_LEN];
    char role[STORE_CODE_LEN];
    char password_hash[STORE_PWHASH_LEN];
    unsigned char totp_secret_enc[128]; /* vault ciphertext, or empty */
    size_t totp_secret_enc_len;
    bool totp_enabled;
    int64_t totp_last_step; /* replay guard: last accepted step */
    bool disabled;
    char created_at[CLOCK_ISO_LEN];
    int64_t password_changed_s; /* 0: never since it was made */
    bool must_change_password;  /* the password is a reset code */
    int64_t reset_expires_s;    /* the reset code's end */
    int64_t reset_by;           /* the administrator of the pending reset */
    int64_t totp_reset_by;      /* the administrator of the last second-factor reset */
    int64_t totp_reset_s;
} user_row;

SG_MUST_CHECK int store_user_insert(store_tx *tx, user_row *row);
SG_MUST_CHECK int store_user_get(store_tx *tx, int64_t id, user_row *out);
SG_MUST_CHECK int store_user_find_login(store_tx *tx, const char *login, user_row *out);
SG_MUST_CHECK int store_user_find_public(store_tx *tx, const char *public_id, user_row *out);
/* Users with id > after, by id; org_id 0 lists every organisation. */
SG_MUST_CHECK int store_user_list(store_tx *tx, int64_t org_id, int64_t after, int limit,
                                  user_row *rows, int *n);
/* Sets a password the user chose: it ends a pending reset and every API
 * token made before now_s. */
SG_MUST_CHECK int store_user_set_password(store_tx *tx, int64_t id, const char *hash,
                                          int64_t now_s);
/* Replaces the password by a reset code (its hash), valid until expires_s,
 * which only lets the user set a new password; by: the administrator. */
SG_MUST_CHECK int store_user_set_reset(store_tx *tx, int64_t id, const char *code_hash,
                                       int64_t now_s, int64_t expires_s, int64_t by);
/* Forgets the second factor, recording which administrator did it. */
SG_MUST_CHECK int store_user_set_totp_reset(store_tx *tx, int64_t id, int64_t by, int64_t now_s);
SG_MUST_CHECK int store_user_set_disabled(store_tx *tx, int64_t id, bool disabled);
SG_MUST_CHECK int store_user_set_totp(store_tx *tx, int64_t id, const unsigned char *enc,
                                      size_t enc_len, bool enabled);
/* Records step as the last accepted TOTP step, only when it is newer;
 * SG_ECONFLICT when it is not (a replayed code). */
SG_MUST_CHECK int store_user_advance_totp_step(store_tx *tx, int64_t id, int64_t step);

/* ---- sessions and API tokens ------------------------------------------ */

typedef struct session_row {
    char token_hash[STORE_HASH_LEN]; /* keyed hash of the cookie token */
    int64_t user_id;
    char csrf_token[STORE_HASH_LEN];
    bool mfa_ok;      /* second factor passed or not needed */
    bool must_change; /* opened with a reset code: may only set a password */
    int64_t created_s;
    int64_t last_seen_s;
    int64_t expires_s; /* absolute end, whatever the activity */
} session_row;

SG_MUST_CHECK int store_session_insert(store_tx *tx, const session_row *row);
SG_MUST_CHECK int store_session_get(store_tx *tx, const char *token_hash, session_row *out);
SG_MUST_CHECK int store_session_touch(store_tx *tx, const char *token_hash, int64_t now_s);
SG_MUST_CHECK int store_session_set_mfa_ok(store_tx *tx, const char *token_hash);
SG_MUST_CHECK int store_session_delete(store_tx *tx, const char *token_hash);
SG_MUST_CHECK int store_session_delete_user(store_tx *tx, int64_t user_id);
/* Ends the sessions of every user of an organisation. */
SG_MUST_CHECK int store_session_delete_org(store_tx *tx, int64_t org_id);
/* Deletes sessions idle since before idle_before_s or past their end. */
SG_MUST_CHECK int store_session_purge(store_tx *tx, int64_t idle_before_s, int64_t now_s);

typedef struct token_row {
    int64_t id;
    char public_id[STORE_ID_LEN];
    char token_hash[STORE_HASH_LEN];
    int64_t user_id;
    int64_t created_by;
    char label[STORE_NAME_LEN];
    int64_t created_s;
    int64_t expires_s;
    int64_t revoked_s; /* 0 while valid */
} token_row;

SG_MUST_CHECK int store_token_insert(store_tx *tx, token_row *row);
/* The token with this hash, its user and the user's organisation, in one
 * query: what every request with a bearer token needs. */
SG_MUST_CHECK int store_token_account(store_tx *tx, const char *token_hash, token_row *token,
                                      user_row *user, org_row *org);
SG_MUST_CHECK int store_token_find_public(store_tx *tx, const char *public_id, token_row *out);
SG_MUST_CHECK int store_token_revoke(store_tx *tx, int64_t id, int64_t now_s);
/* The tokens of one user, newest first (at most max). */
SG_MUST_CHECK int store_token_list_user(store_tx *tx, int64_t user_id, token_row *rows, int max,
                                        int *n);

/* ---- rate limits ------------------------------------------------------ */

/* Counts a failure for key in a fixed window of window_s seconds starting at
 * the first failure; *count is the failures in the current window. */
SG_MUST_CHECK int store_ratelimit_hit(store_tx *tx, const char *key, int64_t now_s,
                                      int64_t window_s, int64_t *count);
/* The failures for key in its current window (0 when none or expired), and
 * when that window ends. */
SG_MUST_CHECK int store_ratelimit_get(store_tx *tx, const char *key, int64_t now_s,
                                      int64_t window_s, int64_t *count, int64_t *ends_s);
SG_MUST_CHECK int store_ratelimit_clear(store_tx *tx, const char *key);
/* The attempts for key in its current window and when the last was made
 * (0 when none), for a delay that grows with the attempts. */
SG_MUST_CHECK int store_ratelimit_last(store_tx *tx, const char *key, int64_t now_s,
                                       int64_t window_s, int64_t *count, int64_t *last_s);
/* Records now_s as the time of key's last attempt. */
SG_MUST_CHECK int store_ratelimit_mark(store_tx *tx, const char *key, int64_t now_s);
/* Takes one attempt back (it succeeded). */
SG_MUST_CHECK int store_ratelimit_undo(store_tx *tx, const char *key);

/* ---- indicator catalogue ---------------------------------------------- */

typedef struct catalogue_version_row {
    int64_t version;
    char published_at[CLOCK_ISO_LEN];
    int64_t published_by; /* user id, 0 for the system */
    char source_sha256[STORE_HASH_LEN];
    char note[STORE_NAME_LEN];
    int64_t indicator_count;
} catalogue_version_row;

typedef struct indicator_row {
    int64_t version;
    char code[STORE_CODE_LEN];     /* "SCH-01" */
    char category[STORE_CODE_LEN]; /* category code, "school" */
    char category_nl[128];
    char category_en[128];
    char text_nl[512];
    char text_en[512];
    char strength[4];        /* S, M, W or C */
    char strength_note[128]; /* a qualifier, "Dutch | English", or "" */
    char sources[512];
    char observation[32]; /* the kind of observation, or "" in versions from before 007 */
} indicator_row;

SG_MUST_CHECK int store_catalogue_insert_version(store_tx *tx, catalogue_version_row *row);
SG_MUST_CHECK int store_catalogue_insert_indicator(store_tx *tx, const indicator_row *row);
/* The newest published version, SG_ENOTFOUND when none. */
SG_MUST_CHECK int store_catalogue_latest(store_tx *tx, catalogue_version_row *out);
SG_MUST_CHECK int store_catalogue_get_version(store_tx *tx, int64_t version,
                                              catalogue_version_row *out);
SG_MUST_CHECK int store_catalogue_list_versions(store_tx *tx, catalogue_version_row *rows, int max,
                                                int *n);
SG_MUST_CHECK int store_catalogue_get_indicator(store_tx *tx, int64_t version, const char *code,
                                                indicator_row *out);
/* Calls fn for every indicator of version, in code order; stops at the first
 * non-zero return and returns it. */
SG_MUST_CHECK int store_catalogue_each_indicator(store_tx *tx, int64_t version,
                                                 int (*fn)(const indicator_row *, void *),
                                                 void *ctx);

/* ---- persons ---------------------------------------------------------- */

typedef struct person_row {
    int64_t id;
    char public_id[STORE_ID_LEN]; /* the pseudonymous id shown everywhere */
    int birth_year;
    int birth_month;
    char gender[STORE_CODE_LEN];
    char municipality[STORE_NAME_LEN];
    unsigned char *name_enc; /* owned ciphertexts */
    size_t name_enc_len;
    unsigned char *bsn_enc; /* NULL when no BSN is known */
    size_t bsn_enc_len;
    unsigned char *birth_date_enc;
    size_t birth_date_enc_len;
    char bsn_key[STORE_HASH_LEN]; /* keyed pseudonym of the BSN, or "" */
    int64_t created_by_user;
    int64_t created_by_org;
    char created_at[CLOCK_ISO_LEN];
} person_row;

void store_person_clear(person_row *row);
SG_MUST_CHECK int store_person_insert(store_tx *tx, person_row *row);
SG_MUST_CHECK int store_person_get(store_tx *tx, int64_t id, person_row *out);
SG_MUST_CHECK int store_person_find_public(store_tx *tx, const char *public_id, person_row *out);
/* A person with this BSN pseudonym to which org is party, if any. */
SG_MUST_CHECK int store_person_find_bsn_for_org(store_tx *tx, const char *bsn_key, int64_t org_id,
                                                person_row *out);

/* The public (pseudonymous) id of the person with internal id. */
SG_MUST_CHECK int store_person_public_id(store_tx *tx, int64_t id, char out[STORE_ID_LEN]);

/* Who may see a person: the organisations that are party to it. */
SG_MUST_CHECK int store_person_grant(store_tx *tx, int64_t person_id, int64_t org_id,
                                     const char *basis);
SG_MUST_CHECK int store_person_org_is_party(store_tx *tx, int64_t person_id, int64_t org_id,
                                            bool *party);
/* True when the user created the person or recorded a signal about them. */
SG_MUST_CHECK int store_person_user_is_involved(store_tx *tx, int64_t person_id, int64_t user_id,
                                                bool *involved);

typedef struct person_filter {
    int64_t org_id;  /* persons this organisation is party to */
    int64_t user_id; /* when non-zero: only those this user is involved with */
    int64_t after;   /* cursor: person ids above this */
    int limit;
} person_filter;

/* Fills rows[0..*n) (each cleared by the caller with store_person_clear). */
SG_MUST_CHECK int store_person_list(store_tx *tx, const person_filter *f, person_row *rows, int *n);

/* ---- signals ---------------------------------------------------------- */

#define SIGNAL_MAX_INDICATORS 80

typedef struct signal_indicator {
    char code[STORE_CODE_LEN];
    char kind[STORE_CODE_LEN]; /* "fact" or "impression" */
} signal_indicator;

typedef struct signal_row {
    int64_t id;
    char public_id[STORE_ID_LEN];
    int64_t person_id;
    int64_t org_id;
    int64_t observer_id; /* user id */
    char observed_on[DATE_LEN];
    char setting[STORE_CODE_LEN];
    unsigned char *observation_enc; /* owned ciphertext */
    size_t observation_enc_len;
    int64_t catalogue_version;
    char created_at[CLOCK_ISO_LEN];
    signal_indicator indicators[SIGNAL_MAX_INDICATORS];
    int indicator_count;
} signal_row;

void store_signal_clear(signal_row *row);
SG_MUST_CHECK int store_signal_insert(store_tx *tx, signal_row *row);
SG_MUST_CHECK int store_signal_get(store_tx *tx, int64_t id, signal_row *out);
SG_MUST_CHECK int store_signal_find_public(store_tx *tx, const char *public_id, signal_row *out);
/* Who may see a signal beyond the organisation that recorded it. */
SG_MUST_CHECK int store_signal_grant(store_tx *tx, int64_t signal_id, int64_t org_id,
                                     const char *basis);
SG_MUST_CHECK int store_signal_org_is_party(store_tx *tx, int64_t signal_id, int64_t org_id,
                                            bool *party);

typedef struct signal_filter {
    int64_t org_id;      /* signals this organisation recorded or was given */
    int64_t observer_id; /* when non-zero: only those this user recorded */
    int64_t person_id;   /* when non-zero: only about this person */
    int64_t after;
    int limit;
} signal_filter;

SG_MUST_CHECK int store_signal_list(store_tx *tx, const signal_filter *f, signal_row *rows, int *n);

/* ---- audit trail ------------------------------------------------------ */

typedef struct audit_row {
    int64_t seq; /* 1, 2, 3 ... without gaps */
    char at[CLOCK_ISO_LEN];
    char user_id[STORE_ID_LEN]; /* public ids, or "" for the system */
    char role[STORE_CODE_LEN];
    char org_id[STORE_ID_LEN];
    char action[64]; /* "person.read" */
    char record_type[STORE_CODE_LEN];
    char record_id[STORE_ID_LEN];
    char person_id[STORE_ID_LEN]; /* the child's pseudonymous id, or "" */
    char client[64];              /* client address, or "cli" */
    char purpose[256];
    char prev_hash[STORE_HASH_LEN];
    char hash[STORE_HASH_LEN];
} audit_row;

/* Locks the head of the trail for the rest of the transaction, so that
 * appends from several processes form one chain (a no-op where the store
 * has one writer). */
SG_MUST_CHECK int store_audit_lock(store_tx *tx);
/* The newest entry's seq and hash, and the head's keyed tag (mac may be
 * NULL): (0, "", "") for an empty trail. */
SG_MUST_CHECK int store_audit_head(store_tx *tx, int64_t *seq, char hash[STORE_HASH_LEN],
                                   char mac[STORE_HASH_LEN]);
/* Appends row (seq must be head + 1) and moves the head to it, with its tag. */
SG_MUST_CHECK int store_audit_insert(store_tx *tx, const audit_row *row, const char *head_mac);
/* The two halves of store_audit_insert, for a batch of entries: each
 * entry alone, then the head (with its tag) once, at the last. */
SG_MUST_CHECK int store_audit_insert_entry(store_tx *tx, const audit_row *row);
SG_MUST_CHECK int store_audit_set_head(store_tx *tx, int64_t seq, const char *hash,
                                       const char *head_mac);
/* Calls fn for every entry in seq order from seq > after; stops at the
 * first non-zero return and returns it. */
SG_MUST_CHECK int store_audit_each(store_tx *tx, int64_t after,
                                   int (*fn)(const audit_row *, void *), void *ctx);

/* How many accounts and persons the database holds: a trail that is empty
 * beside them was wiped. */
SG_MUST_CHECK int store_audit_records(store_tx *tx, int64_t *n);

/* How far the audit spool (security/audit_spool.c) has been moved into
 * the trail: its generation ("" when none) and byte position. */
#define STORE_SPOOL_GEN_LEN 37
SG_MUST_CHECK int store_audit_spool_get(store_tx *tx, char gen[STORE_SPOOL_GEN_LEN],
                                        int64_t *position);
SG_MUST_CHECK int store_audit_spool_set(store_tx *tx, const char *gen, int64_t position);

typedef struct audit_filter {
    char person_id[STORE_ID_LEN];    /* "" for any */
    char user_id[STORE_ID_LEN];      /* "" for any */
    char org_id[STORE_ID_LEN];       /* entries of this organisation (public id); "" for any */
    char action[STORE_CODE_LEN * 2]; /* "" for any */
    char from[CLOCK_ISO_LEN];        /* at or after this instant; "" for any */
    char until[CLOCK_ISO_LEN];       /* before this instant; "" for any */
    int64_t before;                  /* cursor: seq below this; 0 for newest */
    int limit;
} audit_filter;

/* Newest first. */
SG_MUST_CHECK int store_audit_list(store_tx *tx, const audit_filter *f, audit_row *rows, int *n);

/* ---- copying a whole database (signaal migrate) ----------------------- */

/* Told after each table: its name, its rows, how many tables of how many. */
typedef void (*store_copy_progress)(const char *table, int64_t rows, int done, int total,
                                    void *ctx);

/* Copies the SQLite database at sqlite_path, every table with its rows and
 * ids as they are (the audit chain and schema_version too), into the
 * PostgreSQL store `to` (opened without migrating), in one transaction that
 * also creates the schema.  Refused (`to` unchanged) when `to` holds data,
 * when the two are at different schema versions, or when a table or column
 * of one has no counterpart in the other.  why (n bytes) explains every
 * failure; progress may be NULL; *rows gets the rows copied. */
SG_MUST_CHECK int store_copy_sqlite(store *to, const char *sqlite_path,
                                    store_copy_progress progress, void *ctx, int64_t *rows,
                                    char *why, size_t n);

#endif
