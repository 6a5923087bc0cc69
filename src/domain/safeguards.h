/*
 * safeguards.h - what an indicator of the catalogue may be about, as data.
 *
 * An indicator describes something a professional observed about a child,
 * never who the child is.  The safeguards document (data/catalogue-
 * safeguards.json, published as the rule set "catalogue-safeguards") holds
 * the closed list of kinds of observation an indicator may be (behaviour,
 * possession, a physical sign, whereabouts, contacts, online, a school
 * record, a justice record, a statement, a coercion event; and vulnerability,
 * which is context only), and a lexicon of protected attributes and their
 * proxies (nationality, ethnicity, religion, neighbourhood or address,
 * income, family composition, ...), each with its legal source.  The
 * catalogue parser (catalogue.h) requires every indicator to name one kind
 * from the list and refuses any text in which a term of the lexicon occurs.
 *
 * A term matches folded text (lower-case ASCII, diacritics removed, see
 * names.h): "word" as whole words ("wijk" in "woont in de wijk noord", not
 * in "afwijkend"), "start" at the start of a word ("nationalit" in
 * "nationaliteit"), "within" anywhere, also inside a compound ("inkomen" in
 * "gezinsinkomen").  Pure functions, no I/O.
 */
#ifndef SG_SAFEGUARDS_H
#define SG_SAFEGUARDS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/status.h"

#define CATALOGUE_SAFEGUARDS_KIND "catalogue-safeguards" /* its rule-set kind */
#define SAFEGUARDS_MAX_KINDS 16
#define SAFEGUARDS_MAX_ATTRIBUTES 24
#define SAFEGUARDS_MAX_TERMS 400
#define SAFEGUARDS_TERM_LEN 48

typedef enum safeguard_match {
    MATCH_WORD,   /* whole words */
    MATCH_START,  /* the start of a word */
    MATCH_WITHIN, /* anywhere, inside compounds too */
} safeguard_match;

typedef struct safeguard_term {
    char text[SAFEGUARDS_TERM_LEN]; /* folded */
    safeguard_match match;
    int attribute; /* index into the attributes */
} safeguard_term;

typedef struct catalogue_safeguards {
    json_t *doc; /* owned: the texts below point into it */
    int version;
    const char *kinds[SAFEGUARDS_MAX_KINDS]; /* observation kind ids */
    int nkinds;
    const char *vulnerability_kind; /* the kind of VUL- indicators: context only */
    const char *attributes[SAFEGUARDS_MAX_ATTRIBUTES]; /* protected attribute ids */
    int nattributes;
    safeguard_term terms[SAFEGUARDS_MAX_TERMS];
    int nterms;
} catalogue_safeguards;

/* The attributes a safeguards document must cover: those the law and the
 * regulator name (nationality, ethnicity, religion, neighbourhood, income,
 * family composition), NULL-terminated. */
extern const char *const safeguards_required_attributes[];

/* Parses and checks a safeguards document.  On success out holds it (free
 * with safeguards_free); on SG_EINVAL why (size n) says what is wrong. */
SG_MUST_CHECK int safeguards_parse(const char *text, size_t len, catalogue_safeguards *out,
                                   char *why, size_t n);
void safeguards_free(catalogue_safeguards *s);

/* Whether kind is one of the closed list. */
bool safeguards_has_kind(const catalogue_safeguards *s, const char *kind);

/* The protected attribute a text touches, or NULL when it touches none.
 * *term (may be NULL) is set to the term that matched.  Text that is not
 * UTF-8 or too long to fold is refused too, as "unreadable". */
const char *safeguards_protected(const catalogue_safeguards *s, const char *text,
                                 const char **term);

#endif
