/* Shared by store/monitor.c and store/monitor_signals.c, and nothing else:
 * the period and area conditions every monitoring query uses, and the two
 * queries whose rows are folded per child in C. */
#ifndef SG_STORE_MONITOR_INT_H
#define SG_STORE_MONITOR_INT_H

#include "store/monitor.h"
#include "store/store_int.h"

/* $1 and $2 are the period [from, to), $3 a municipality ('' for all), $4
 * an organisation (0 for all). */
#define IN_PERIOD(col) " " col " >= $1 AND " col " < $2"

/* The municipality of a scope, "" for all (borrowed). */
const char *monitor_area(const monitor_scope *s);
/* Copies a text column into dst of size n (cut when longer). */
void monitor_copy_col(store_stmt *st, int col, char *dst, size_t n);

/* The signals figure (MF_SIGNALS), folded per child in C. */
SG_MUST_CHECK int monitor_fold_signals(store_tx *tx, const monitor_scope *s, monitor_fact_fn fn,
                                       void *ctx);
/* Children with a signal per year (MC_SIGNAL_TREND), counted in C. */
SG_MUST_CHECK int monitor_count_trend(store_tx *tx, const monitor_scope *s, monitor_count_fn fn,
                                      void *ctx);

#endif
