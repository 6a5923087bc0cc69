/*
 * text.h - small string helpers every module uses.
 *
 * Strings are UTF-8 and NUL-terminated.  Functions that write into a caller's
 * array take its size and always terminate; functions that return new
 * strings say so, and the caller frees them with sg_free.
 */
#ifndef SG_TEXT_H
#define SG_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Copies src into dst of size n; returns true when it all fit.  What does
 * not fit is cut off before a whole character, never inside one. */
bool text_copy(char *dst, size_t n, const char *src);
/* The length of the longest prefix of s of at most max bytes that does not
 * end inside a UTF-8 character (for "%.*s"). */
size_t text_utf8_prefix(const char *s, size_t max);
/* Cuts off, in place, a character left incomplete at the end of s (as a
 * snprintf that ran out of room leaves it). */
void text_trim_utf8(char *s);
/* Replaces, in place, each byte of s that is not part of a well-formed
 * UTF-8 character with '?', so that s can always become a JSON string. */
void text_scrub_utf8(char *s);
/* True when s[0..len) is well-formed UTF-8 without NUL bytes or C0 control
 * characters other than tab, newline and carriage return. */
bool text_is_clean_utf8(const char *s, size_t len);
/* True when s (well-formed UTF-8) holds an invisible format character: a
 * zero-width space or joiner, a directional mark, embedding, override or
 * isolate, a word joiner, a byte order mark or a soft hyphen.  Such
 * characters make one name look like another. */
bool text_has_invisible(const char *s);
/* Number of Unicode code points in well-formed UTF-8. */
size_t text_utf8_length(const char *s);
/* True when s is empty or only ASCII whitespace. */
bool text_is_blank(const char *s);
/* True when s consists of 1..max characters from [a-z0-9._-]. */
bool text_is_slug(const char *s, size_t max);
/* Writes len bytes as lower-case hex into out (2*len+1 bytes). */
void text_hex(const unsigned char *bin, size_t len, char *out);
bool text_starts_with(const char *s, const char *prefix);

#endif
