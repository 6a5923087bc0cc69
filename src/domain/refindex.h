/*
 * refindex.h - the rules of the reference index (Verwijsindex), pure.
 *
 * A registration says only that a professional is concerned about a youth:
 * who (identity), on which statutory ground, and how to reach the
 * professional.  This module holds the rules that need no I/O:
 *   - who the index is for: youths from birth until their 23rd birthday;
 *   - when a registration ends by itself: two years after it was made, or
 *     at the 23rd birthday, whichever comes first (a birthday on 29
 *     February falls on 1 March in other years, as date_age_on counts);
 *   - the texts from which keyed pseudonyms are made (callers hash them
 *     with the vault): the BSN, the folded name with the date of birth,
 *     two blocking keys for candidates, an address and a parent;
 *   - comparing two identities: equal, a candidate with its reason, or
 *     unrelated.  A candidate is never merged: a person decides;
 *   - the published rules document (data/concern-grounds.json): statutory
 *     grounds, which kinds of organisation take part and may use the BSN,
 *     and the Dutch letter that tells a youth and parents a registration
 *     exists.
 */
#ifndef SG_REFINDEX_H
#define SG_REFINDEX_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/clock.h"
#include "base/status.h"
#include "domain/names.h"
#include "domain/roles.h"

#define REFINDEX_MAX_AGE 23   /* registrations end at the 23rd birthday */
#define REFINDEX_YEARS 2      /* and at the latest two years after they were made */
#define REFINDEX_KEY_TEXT 400 /* room for any key text below */
#define REFINDEX_MAX_GROUNDS 24

typedef struct refindex_identity {
    name_parts name;
    date birth;
    char sex[12]; /* female, male, x, unknown */
} refindex_identity;

/* ---- who and how long ------------------------------------------------- */

/* True when someone born on birth is a youth of the index on day. */
bool refindex_age_ok(const date *birth, const date *day);
/* The same day years later; 29 February becomes 1 March in other years. */
void refindex_anniversary(const date *d, int years, date *out);

typedef enum refindex_end { REFINDEX_END_TWO_YEARS, REFINDEX_END_AGE } refindex_end;

/* The first day on which a registration made on registered is over, and
 * why (may be NULL). */
void refindex_ends_on(const date *registered, const date *birth, date *out, refindex_end *why);

/* ---- key texts (hashed by the caller with VAULT_PSEUDONYM) ------------- */

/* "bsn:<bsn>" */
void refindex_bsn_text(const char *bsn, char out[REFINDEX_KEY_TEXT]);
/* "name:<first>|<particles>|<surname>|dob:<YYYY-MM-DD>" */
void refindex_name_text(const refindex_identity *id, char out[REFINDEX_KEY_TEXT]);
/* Blocking keys: registrations whose identities may be close share at
 * least one, so that only a few need comparing.
 *   A: the surname's phonetic code, the first given name's initial and the
 *      birth year (a swapped or mistyped day or month, initials, particles);
 *   B: the first given name's phonetic code and the date of birth (a
 *      misspelt or glued surname, the parts of a double surname swapped);
 *   C: the surname's phonetic code and the date of birth (another given
 *      name first). */
void refindex_block_a_text(const refindex_identity *id, char out[REFINDEX_KEY_TEXT]);
void refindex_block_b_text(const refindex_identity *id, char out[REFINDEX_KEY_TEXT]);
void refindex_block_c_text(const refindex_identity *id, char out[REFINDEX_KEY_TEXT]);
/* "address:<postcode>|<number>|<addition>" from a Dutch postcode (1234 AB,
 * any case or spacing), a house number (1..99999) and an optional
 * addition (letters and digits, up to 10); SG_EINVAL naming the part in
 * *field when one is not valid. */
SG_MUST_CHECK int refindex_address_text(const char *postcode, long number, const char *addition,
                                        char out[REFINDEX_KEY_TEXT], const char **field);
/* "parent:" followed by the text of a person key (bsn or name). */
void refindex_parent_text(const char *person_text, char out[REFINDEX_KEY_TEXT]);

/* ---- comparing identities --------------------------------------------- */

typedef enum refindex_reason {
    REFINDEX_UNRELATED = 0,
    REFINDEX_EQUAL,
    REFINDEX_DATE_TRANSPOSED, /* day and month swapped */
    REFINDEX_DATE_TYPO,       /* one part of the date differs by one digit */
    REFINDEX_PARTICLES,       /* particles differ or are missing ("van der"/"van den"/"") */
    REFINDEX_INITIALS,        /* initials here, the given names there */
    REFINDEX_GIVEN_NAMES,     /* another of the given names first */
    REFINDEX_SURNAME_PARTS,   /* one part of a double surname, or its parts swapped */
    REFINDEX_SPELLING,        /* one letter added, missing, changed or swapped */
} refindex_reason;

/* The reason code on the wire: "birth-date-transposed" ... ("" for the
 * first two). */
const char *refindex_reason_code(refindex_reason r);
/* Compares two identities: EQUAL when the name text and date of birth
 * agree, a candidate reason when exactly one thing is close but not equal
 * (and the sexes do not contradict each other), else UNRELATED. */
refindex_reason refindex_compare(const refindex_identity *a, const refindex_identity *b);

/* ---- the published rules ---------------------------------------------- */

typedef struct refindex_ground {
    const char *code; /* borrowed from the document */
    const char *nl;
    const char *en;
    const char *source;
} refindex_ground;

typedef struct refindex_rules {
    json_t *doc; /* owned: the texts point into it */
    int version;
    const char *source;
    refindex_ground grounds[REFINDEX_MAX_GROUNDS];
    int count;
    bool org_allowed[ORG_TYPE_COUNT]; /* takes part in the index */
    bool org_bsn[ORG_TYPE_COUNT];     /* may register with the BSN */
    /* The grounds each type may register on, a bit per ground (its index);
     * a type whose entry lists no "grounds" may use them all. */
    unsigned org_grounds[ORG_TYPE_COUNT];
    json_t *letter; /* borrowed: {"subject", "paragraphs": [...]} */
} refindex_rules;

/* Parses and checks a rules document.  On SG_EINVAL, why (size n) says why. */
SG_MUST_CHECK int refindex_rules_parse(const char *text, size_t len, refindex_rules *out, char *why,
                                       size_t n);
void refindex_rules_free(refindex_rules *r);
/* The ground with this code, or NULL. */
const refindex_ground *refindex_ground_find(const refindex_rules *r, const char *code);
/* Whether an organisation of type t may register on the ground code: it
 * takes part and the ground is one its type's entry allows. */
bool refindex_ground_fits(const refindex_rules *r, org_type t, const char *code);

/* Fills the letter's template: each {name} in text is replaced by the value
 * of the same name in vars (NULL-terminated pairs); unknown names stay.
 * Writes into out (size n); SG_ETOOBIG when it does not fit. */
SG_MUST_CHECK int refindex_fill(const char *text, const char *const *vars, char *out, size_t n);

#endif
