/*
 * bench_monitor.h - what the two halves of the monitoring benchmark share
 * (bench/monitor.c runs it, bench/monitor_gen.c makes its data).
 */
#ifndef SG_BENCH_MONITOR_H
#define SG_BENCH_MONITOR_H

#include <stdint.h>

/* Fills the initialised signaal database at path with about `signals`
 * synthetic signals over the years 2015-2024 and the records that follow
 * them (persons, organisations with one user each, cases, consultations,
 * Meldcode decisions, referrals, clocks, screenings, OM decisions,
 * diversions, enrolments, reference-index registrations and matches).
 * Prints one line of key=value counts.  Returns 0, or -1 after a message
 * on stderr. */
int bench_generate(const char *path, int64_t signals, uint64_t seed);

/* The logins the generator gives the readers of the reports. */
#define BENCH_NATIONAL_LOGIN "bench-6-0"     /* the national analysis organisation */
#define BENCH_MUNICIPALITY_LOGIN "bench-5-0" /* the first listed municipality's */
#define BENCH_SCHOOL_LOGIN "bench-0-0"       /* a school's care coordinator */

#endif
