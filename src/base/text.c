#include "base/text.h"

#include <string.h>

size_t text_utf8_prefix(const char *s, size_t max)
{
    size_t len = strnlen(s, max + 1);
    if (len <= max)
        return len;
    /* s[max] is the first byte left out: when it continues a character,
     * that character is left out whole. */
    size_t k = max;
    while (k > 0 && ((unsigned char)s[k] & 0xc0) == 0x80)
        k--;
    return k;
}

bool text_copy(char *dst, size_t n, const char *src)
{
    if (n == 0)
        return false;
    size_t len = text_utf8_prefix(src, n - 1);
    memcpy(dst, src, len);
    dst[len] = '\0';
    return src[len] == '\0';
}

void text_trim_utf8(char *s)
{
    size_t len = strlen(s);
    /* The last lead byte, at most three bytes back, and how many bytes its
     * character needs. */
    for (size_t back = 1; back <= 4 && back <= len; back++) {
        unsigned char c = (unsigned char)s[len - back];
        if ((c & 0xc0) == 0x80)
            continue;
        size_t need = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
        if (need > back)
            s[len - back] = '\0';
        return;
    }
}

void text_scrub_utf8(char *s)
{
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        size_t extra = c < 0x80                 ? 0
                       : c >= 0xc2 && c <= 0xdf ? 1
                       : c >= 0xe0 && c <= 0xef ? 2
                       : c >= 0xf0 && c <= 0xf4 ? 3
                                                : 4;
        /* A well-formed sequence is one character of clean UTF-8, or C0
         * controls and DEL, which JSON can carry. */
        bool ok = extra < 4 && len - i > extra
                  && (c < 0x20 || c == 0x7f || text_is_clean_utf8(s + i, extra + 1));
        if (!ok) {
            s[i++] = '?';
            continue;
        }
        i += extra + 1;
    }
}

bool text_is_clean_utf8(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned c = p[i];
        if (c < 0x80) {
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                return false;
            if (c == 0x7f)
                return false;
            i++;
            continue;
        }
        size_t extra;
        unsigned cp;
        if (c >= 0xc2 && c <= 0xdf) {
            extra = 1;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            extra = 2;
            cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            extra = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (len - i <= extra)
            return false;
        for (size_t k = 1; k <= extra; k++) {
            if ((p[i + k] & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i + k] & 0x3f);
        }
        if ((extra == 2 && cp < 0x800) || (extra == 3 && (cp < 0x10000 || cp > 0x10ffff))
            || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += extra + 1;
    }
    return true;
}

size_t text_utf8_length(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xc0) != 0x80)
            n++;
    return n;
}

bool text_is_blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

bool text_is_slug(const char *s, size_t max)
{
    size_t n = 0;
    for (; s[n]; n++) {
        char c = s[n];
        bool ok =
            (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        if (!ok || n >= max)
            return false;
    }
    return n > 0;
}

void text_hex(const unsigned char *bin, size_t len, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = digits[bin[i] >> 4];
        out[2 * i + 1] = digits[bin[i] & 0x0f];
    }
    out[2 * len] = '\0';
}

bool text_starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Unicode format characters that change how text shows without showing
 * themselves: zero-width spaces and joiners, directional marks, embeddings,
 * overrides and isolates, word joiners and invisible operators, the byte
 * order mark, and the soft hyphen. */
static bool is_invisible(unsigned cp)
{
    return cp == 0xad || cp == 0x61c || cp == 0x180e || (cp >= 0x200b && cp <= 0x200f)
           || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2064)
           || (cp >= 0x2066 && cp <= 0x206f) || cp == 0xfeff;
}

bool text_has_invisible(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p, cp;
        int extra = c < 0x80 ? 0 : c < 0xe0 ? 1 : c < 0xf0 ? 2 : 3;
        cp = extra == 0 ? c : extra == 1 ? (c & 0x1f) : extra == 2 ? (c & 0x0f) : (c & 0x07);
        p++;
        for (int k = 0; k < extra && (*p & 0xc0) == 0x80; k++, p++)
            cp = (cp << 6) | (*p & 0x3f);
        if (is_invisible(cp))
            return true;
    }
    return false;
}
