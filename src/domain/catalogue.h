/*
 * catalogue.h - the indicator catalogue as data: parsing and checking a
 * catalogue file before it is published.
 *
 * A catalogue file is tab-separated UTF-8 with a header line naming the
 * columns: id, category, indicator_nl, indicator_en, strength, sources,
 * observation, and optionally category_nl.  Each indicator has an id like
 * "SCH-01" (its three letters name the category), a strength S, M, W or C
 * (optionally followed by a qualifier in brackets, in Dutch and English:
 * "M (S bij veel contant geld | S if large cash)"),
 * at least one source, and the kind of observation it is, from the closed
 * list of the published safeguards (safeguards.h).  The safeguards are
 * enforced, not only described: a vulnerability (VUL-) indicator is the
 * vulnerability kind and strength C, nothing else, and only it is of that
 * kind; and no text of an indicator may name a protected attribute or a
 * proxy of one (nationality, ethnicity, religion, neighbourhood, income,
 * family composition, ...).  Such a file is refused with the line.  Pure
 * functions, no I/O.
 */
#ifndef SG_CATALOGUE_H
#define SG_CATALOGUE_H

#include <stddef.h>

#include "base/status.h"
#include "domain/safeguards.h"
#include "store/store.h"

typedef struct catalogue {
    indicator_row *items; /* owned; version fields are 0 until published */
    int count;
} catalogue;

/* Parses and checks text[0..len) against the safeguards sg (borrowed).  On
 * success *out is a new catalogue the caller frees with catalogue_free.  On
 * SG_EINVAL, why (of size n) says which line is wrong and how. */
SG_MUST_CHECK int catalogue_parse(const char *text, size_t len, const catalogue_safeguards *sg,
                                  catalogue **out, char *why, size_t n);
void catalogue_free(catalogue *c);

/* The category code for an indicator id's prefix ("SCH" -> "school"), or
 * NULL for an unknown prefix. */
const char *catalogue_category_code(const char *indicator_id);

#endif
