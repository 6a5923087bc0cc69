/* Bar charts as SVG text (svg.h). */
#include "analysis/svg.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/html.h"

#define SVG_MAX (256 * 1024)
#define ROW_H 22
#define LABEL_W 190
#define BAR_W 300
#define LABEL_CHARS 28

/* Appends at most LABEL_CHARS characters of s (UTF-8), escaped, and an
 * ellipsis when it was longer: the full text is in the title and desc. */
static int put_label(buf *b, const char *s)
{
    char cut[LABEL_CHARS * 4 + 4];
    size_t i = 0;
    int chars = 0;
    for (; s && s[i] && chars < LABEL_CHARS; chars++) {
        i++;
        while (((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
    }
    if (!s || !s[i])
        return html_escape(b, s);
    snprintf(cut, sizeof cut, "%.*s\xe2\x80\xa6", (int)i, s);
    return html_escape(b, cut);
}

/* Whether id may stand in an XML id: letters, digits, '-' and '_'. */
static bool id_ok(const char *id)
{
    if (!id || !*id || strlen(id) > 64)
        return false;
    for (const char *p = id; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
            return false;
    return true;
}

int svg_bar_chart(const char *id, const char *title, const svg_bar *bars, int n, char **out)
{
    *out = NULL;
    if (n < 1 || n > 200 || !title || !id_ok(id))
        return SG_EINVAL;
    int64_t max = 1;
    for (int i = 0; i < n; i++)
        if (!bars[i].suppressed && bars[i].value > max)
            max = bars[i].value;
    int height = n * ROW_H + 10, width = LABEL_W + BAR_W + 70;
    buf b;
    buf_init(&b, SVG_MAX);
    int rc = buf_printf(&b,
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\""
                        " width=\"100%%\" role=\"img\" aria-label=\"",
                        width, height);
    if (rc == SG_OK)
        rc = html_escape(&b, title);
    if (rc == SG_OK)
        rc = buf_append_str(&b, "\"><title>");
    if (rc == SG_OK)
        rc = html_escape(&b, title);
    if (rc == SG_OK)
        rc = buf_append_str(&b, "</title><desc>");
    for (int i = 0; rc == SG_OK && i < n; i++) {
        rc = html_escape(&b, bars[i].label);
        if (rc == SG_OK && bars[i].suppressed)
            rc = buf_append_str(&b, ": x; ");
        else if (rc == SG_OK)
            rc = buf_printf(&b, ": %lld; ", (long long)bars[i].value);
    }
    if (rc == SG_OK)
        rc = buf_printf(&b,
                        "</desc><defs><pattern id=\"%s-h\" width=\"6\" height=\"6\""
                        " patternUnits=\"userSpaceOnUse\"><path d=\"M0 6L6 0\""
                        " stroke=\"#666\"/></pattern></defs>",
                        id);
    for (int i = 0; rc == SG_OK && i < n; i++) {
        int y = 5 + i * ROW_H;
        rc = buf_printf(&b, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">",
                        LABEL_W - 6, y + 15);
        if (rc == SG_OK)
            rc = put_label(&b, bars[i].label);
        if (rc == SG_OK && bars[i].suppressed)
            rc = buf_printf(&b,
                            "</text><rect x=\"%d\" y=\"%d\" width=\"12\" height=\"16\""
                            " fill=\"url(#%s-h)\" stroke=\"#666\"/><text x=\"%d\" y=\"%d\""
                            " font-size=\"12\">x</text>",
                            LABEL_W, y + 2, id, LABEL_W + 18, y + 15);
        else if (rc == SG_OK)
            rc = buf_printf(&b,
                            "</text><rect x=\"%d\" y=\"%d\" width=\"%lld\" height=\"16\""
                            " fill=\"#01689b\"/><text x=\"%lld\" y=\"%d\" font-size=\"12\">%lld"
                            "</text>",
                            LABEL_W, y + 2, (long long)(bars[i].value * BAR_W / max),
                            (long long)(LABEL_W + 6 + bars[i].value * BAR_W / max), y + 15,
                            (long long)bars[i].value);
    }
    if (rc == SG_OK)
        rc = buf_append_str(&b, "</svg>");
    if (rc == SG_OK) {
        *out = buf_detach(&b);
        rc = *out ? SG_OK : SG_ENOMEM;
    }
    buf_free(&b);
    return rc;
}
