/* Shared by the files of service/refindex/ and nothing else.  Each section
 * names the file that defines it; a file uses only what the files below it
 * define: concerns.c -> concern_view.c -> concern_match.c ->
 * concern_shared.c (retention.c needs none of them). */
#ifndef SG_REFINDEX_INT_H
#define SG_REFINDEX_INT_H

#include "domain/refindex.h"
#include "security/audit.h"
#include "service/refindex/concerns.h"
#include "store/concerns.h"

#define CONCERN_RULES_KIND "concern-grounds"
#define CONCERN_BLOCK_MAX 64  /* registrations compared per blocking key */
#define CONCERN_ADDRESS_MAX 8 /* more active registrations at one address: an institution */
#define CONCERN_VIEW_MATCHES 50

/* ---- concern_shared.c ---- */

/* The published rules of version (0: the newest); SG_ESTATE when none are.
 * *out is freed with refindex_rules_free. */
SG_MUST_CHECK int concern_rules_version(store_tx *tx, int64_t version, refindex_rules *out);
SG_MUST_CHECK int concern_rules_load(store_tx *tx, refindex_rules *out);

/* "active", "expired", "withdrawn" or "deceased" on today. */
const char *concern_status(const concern_row *c, const char *today);
bool concern_is_active(const concern_row *c, const char *today);

/* Decrypts the registration's column ("identity", "contact") into a new
 * string, freed with concern_text_free (which wipes it first). */
SG_MUST_CHECK int concern_open_text(const app *a, const char *column, const concern_row *c,
                                    const unsigned char *enc, size_t len, char **out);
void concern_text_free(char *text);
/* The registration's identity as JSON (a new reference), decrypted. */
SG_MUST_CHECK int concern_identity_open(const app *a, const concern_row *c, json_t **out);
/* Rebuilds the comparable identity from that JSON. */
SG_MUST_CHECK int concern_identity_of(json_t *identity, refindex_identity *out);

/* Counts an action (registering, withdrawing) against the user's limit;
 * past it, *over is set, the refusal is audited and the first breach of a
 * window raises a flag.  The caller commits and refuses. */
SG_MUST_CHECK int concern_rate_limit(store_tx *tx, app *a, const actor *who, const char *action,
                                     bool *over);

/* The keys a new registration carries besides its own columns. */
typedef struct concern_links_in {
    char parents[CONCERN_MAX_PARENTS * 2][STORE_HASH_LEN];
    int nparents;
    char address[STORE_HASH_LEN]; /* or "" */
} concern_links_in;

/* Everything a registration carries, prepared before its transaction:
 * the row with its keys and ciphertexts, the comparable identity, the
 * parent and address keys. */
typedef struct concern_prepared {
    concern_row row;
    refindex_identity id;
    concern_links_in links;
    bool has_bsn;
} concern_prepared;

/* ---- concerns.c ---- */

/* Checks a registration's input (err names the field) and prepares it.  On
 * success the row's ciphertexts are the caller's (store_concern_clear); on
 * failure nothing is left to free. */
SG_MUST_CHECK int concern_prepare(const app *a, const actor *who, const concern_input *in,
                                  concern_prepared *pr, svc_error *err);

/* ---- concern_match.c ---- */

/* Within the registration's transaction: finds and records the matches of
 * the new registration mine (identity id) against the active
 * registrations of other organisations, and audits each. */
SG_MUST_CHECK int concern_match_new(store_tx *tx, app *a, const actor *who, const concern_row *mine,
                                    const refindex_identity *id, const concern_links_in *links,
                                    const char *today);

/* The match as the side holding registration mine sees it. */
SG_MUST_CHECK int concern_match_view(store_tx *tx, app *a, const match_row *m,
                                     const concern_row *mine, const char *today, json_t **out);
/* ---- concern_view.c ---- */

/* The registration as its professional sees it, with its matches. */
SG_MUST_CHECK int concern_view(store_tx *tx, app *a, const concern_row *c, const char *today,
                               json_t **out);

#endif
