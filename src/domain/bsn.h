/*
 * bsn.h - the Dutch citizen service number (burgerservicenummer).
 *
 * A BSN is nine digits that pass the eleven test: 9*d1 + 8*d2 + ... + 2*d8
 * - 1*d9 is a multiple of 11 (and not 0).  Pure function, no I/O.
 */
#ifndef SG_BSN_H
#define SG_BSN_H

#include <stdbool.h>

/* True when s is exactly nine ASCII digits passing the eleven test. */
bool bsn_is_valid(const char *s);

#endif
