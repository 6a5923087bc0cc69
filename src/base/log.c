#include "base/log.h"

#include <stdarg.h>
#include <stdio.h>

#include "base/clock.h"

__attribute__((format(printf, 2, 0))) static void log_line(const char *level, const char *fmt,
                                                           va_list ap)
{
    char now[CLOCK_ISO_LEN];
    char msg[1024];
    clock_format_iso(clock_now_ms(), now);
    vsnprintf(msg, sizeof msg, fmt, ap);
    /* One fprintf per line: stdio locks the stream, so lines never interleave. */
    fprintf(stderr, "%s %s %s\n", now, level, msg);
}

void log_info(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_line("info", fmt, ap);
    va_end(ap);
}

void log_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_line("error", fmt, ap);
    va_end(ap);
}
