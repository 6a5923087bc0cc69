/*
 * log.h - one-line messages to standard error.
 *
 * Each line starts with the UTC time.  Callers never pass names,
 * identifying numbers or free text about people: only ids, codes and counts.
 */
#ifndef SG_LOG_H
#define SG_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
