/* Escaped HTML text and a page writer (html.h). */
#include "base/html.h"

#include <stdarg.h>

int html_escape(buf *b, const char *s)
{
    int rc = SG_OK;
    for (; rc == SG_OK && s && *s; s++) {
        switch (*s) {
        case '<':
            rc = buf_append_str(b, "&lt;");
            break;
        case '>':
            rc = buf_append_str(b, "&gt;");
            break;
        case '&':
            rc = buf_append_str(b, "&amp;");
            break;
        case '"':
            rc = buf_append_str(b, "&quot;");
            break;
        case '\'':
            rc = buf_append_str(b, "&#39;");
            break;
        default:
            rc = buf_append(b, s, 1);
        }
    }
    return rc;
}

void html_put(html_out *h, const char *s)
{
    if (h->rc == SG_OK)
        h->rc = buf_append_str(&h->b, s);
}

void html_putf(html_out *h, const char *fmt, ...)
{
    if (h->rc != SG_OK)
        return;
    va_list ap;
    va_start(ap, fmt);
    h->rc = buf_vprintf(&h->b, fmt, ap);
    va_end(ap);
}

void html_text(html_out *h, const char *s)
{
    if (h->rc == SG_OK)
        h->rc = html_escape(&h->b, s);
}
