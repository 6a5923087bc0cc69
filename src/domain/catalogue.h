/*
 * catalogue.h - the indicator catalogue as data: parsing and checking a
 * catalogue file before it is published.
 *
 * A catalogue file is tab-separated UTF-8 with a header line naming the
 * columns: id, category, indicator_nl, indicator_en, strength, sources, and
 * optionally category_nl.  Each indicator has an id like "SCH-01" (its
 * three letters name the category), a strength S, M, W or C (optionally
 * followed by a qualifier in brackets, in Dutch and English: "M (S bij
 * veel contant geld | S if large cash)") and at least
 * one source.  A catalogue may not hold indicators about nationality,
 * ethnicity, religion or neighbourhood: such a file is refused.  Pure
 * functions, no I/O.
 */
#ifndef SG_CATALOGUE_H
#define SG_CATALOGUE_H

#include <stddef.h>

#include "base/status.h"
#include "store/store.h"

typedef struct catalogue {
    indicator_row *items; /* owned; version fields are 0 until published */
    int count;
} catalogue;

/* Parses and checks text[0..len).  On success *out is a new catalogue the
 * caller frees with catalogue_free.  On SG_EINVAL, why (of size n) says
 * which line is wrong and how. */
SG_MUST_CHECK int catalogue_parse(const char *text, size_t len, catalogue **out, char *why,
                                  size_t n);
void catalogue_free(catalogue *c);

/* The category code for an indicator id's prefix ("SCH" -> "school"), or
 * NULL for an unknown prefix. */
const char *catalogue_category_code(const char *indicator_id);

#endif
