/*
 * names.h - Dutch personal names folded for matching.
 *
 * Two professionals write the same child's name differently: "Jan van der
 * Berg", "Berg, Jan van der", "JAN VAN DER BERG", "Jan v.d. Berg", "Jan van
 * der Bérg".  Folding makes the spellings that certainly mean the same name
 * equal, so that their keyed pseudonyms are equal, and splits a name into
 * parts so that close spellings can be recognised as candidates:
 *   - UTF-8 is folded to lower-case ASCII: diacritics removed (é, ë -> e,
 *     ç -> c, ø -> o), ß -> ss, æ -> ae, œ -> oe, the ligature ĳ -> ij;
 *     apostrophes removed ('t -> t), hyphens split double names, other
 *     punctuation is a separator; full-width letters are their ASCII
 *     letters, Cyrillic and Greek letters that look like a Latin one are
 *     that letter (а, о, с, Ρ ...), invisible format characters (zero-width
 *     spaces, directional overrides) are dropped.  Other letters of other
 *     scripts are kept as they are;
 *   - particles (van, de, der, den, 't, ter, in, op, ...) are taken out of
 *     the surname and kept apart, wherever they were written ("Berg, Jan
 *     van der" and "Berg van der, Jan" are "Jan van der Berg");
 *   - the parts of a double surname are separated by one space, so that
 *     "Jansen-de Vries" equals "Jansen de Vries";
 *   - common spelling variants are folded, per word: ij/y, uy/ui, ph/f,
 *     th/t, c/k (ck -> k, chr- -> kr-), qu/kw, x/ks, ae/aa, gh/g, a final
 *     d or dt -> t, a final sch -> s; and a short table of transliterated
 *     given names (Mohammed, Muhammad ... -> mohamed).
 * Initials ("J.", "J.W.") are never equal to a full given name: they are
 * kept as initials, and a match on them is only ever a candidate.  Only the
 * first given name counts for equality; the others serve candidates.
 * Pure functions, no I/O, no allocation.
 */
#ifndef SG_NAMES_H
#define SG_NAMES_H

#include <stdbool.h>
#include <stddef.h>

#include "base/status.h"

#define NAMES_MAX_WORDS 16
#define NAMES_WORD_LEN 48
#define NAMES_TEXT_LEN 256
#define NAMES_PHONETIC_LEN 5 /* a letter, three digits and a NUL */

typedef struct name_parts {
    char given[NAMES_TEXT_LEN]; /* every given name, folded, one space apart */
    char first[NAMES_WORD_LEN]; /* the first given name, or the initials and a dot */
    char initials[NAMES_MAX_WORDS + 1];
    bool initials_only;           /* every given name was written as an initial */
    char particles[64];           /* "van der", or "" */
    char surname[NAMES_TEXT_LEN]; /* the surname without particles, folded */
} name_parts;

/* Folds text (UTF-8) to lower-case ASCII words as described above, one
 * space apart; a comma is kept as a word of its own and a hyphen joins the
 * words around it.  SG_ETOOBIG when out (size n) is too small, SG_EINVAL
 * for text that is not UTF-8. */
SG_MUST_CHECK int names_fold(const char *text, char *out, size_t n);

/* One folded word with the spelling variants folded (see above). */
void names_variant(const char *word, char *out, size_t n);

/* True when word (folded) is a surname particle. */
bool names_is_particle(const char *word);

/* Splits given names and a surname (which may carry particles, before or
 * after: "van der Berg", "Berg van der") into parts.  SG_EINVAL when either
 * holds no letters or has more than NAMES_MAX_WORDS words. */
SG_MUST_CHECK int names_from_parts(const char *given, const char *surname, name_parts *out);

/* Parses one written name: "Jan van der Berg", "Berg, Jan van der",
 * "J.W. van der Berg", "Anna Jansen-de Vries".  Without a comma, the
 * surname starts at the first particle or hyphenated word after the first
 * word, else it is the last word. */
SG_MUST_CHECK int names_parse(const char *full, name_parts *out);

/* The canonical text of the parts that count for equality:
 * "<first>|<particles>|<surname>". */
void names_canonical(const name_parts *p, char *out, size_t n);

/* A Soundex-like code of a folded word for blocking: its first letter and
 * three digits for its consonant groups (b f p v w, c g j k q s x z, d t, l,
 * m n, r); vowels, h and repeats are skipped.  "" for an empty word. */
void names_phonetic(const char *word, char out[NAMES_PHONETIC_LEN]);

/* The optimal-string-alignment distance between a and b (insertions,
 * deletions, substitutions, adjacent transpositions), counted up to cap:
 * any larger distance is reported as cap + 1. */
int names_distance(const char *a, const char *b, int cap);

#endif
