/* The reader's language for problem details: choosing it and translating. */
#include "http/lang.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/log.h"
#include "base/text.h"

/* The most parts one text is made of, and how deep a part is itself
 * looked up ("row 3: <a reason>"). */
#define MAX_PARTS 9
#define MAX_DEPTH 2
#define TEXT_MAX 512

typedef struct part {
    const char *at;
    size_t len;
} part;

/* ---- choosing ----------------------------------------------------------- */

/* The q-value of one language-range's parameters (";q=0.5"): 1 when
 * absent, -1 when malformed. */
static double quality(const char *params, size_t len)
{
    const char *p = params;
    const char *end = params + len;
    while (p < end) {
        while (p < end && (*p == ';' || *p == ' ' || *p == '\t'))
            p++;
        if (end - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
            char num[8] = {0};
            size_t n = 0;
            for (p += 2; p < end && *p != ';' && n < sizeof num - 1; p++)
                num[n++] = *p;
            char *stop = NULL;
            double q = strtod(num, &stop);
            if (!n || *stop || q < 0 || q > 1)
                return -1;
            return q;
        }
        while (p < end && *p != ';')
            p++;
    }
    return 1;
}

http_lang http_lang_pick(const char *header)
{
    http_lang best = LANG_NL;
    double best_q = 0;
    bool chosen = false;
    const char *p = header ? header : "";
    while (*p) {
        size_t len = strcspn(p, ",");
        const char *item = p;
        p += len;
        if (*p == ',')
            p++;
        while (len && (*item == ' ' || *item == '\t')) {
            item++;
            len--;
        }
        size_t tag_len = strcspn(item, ";,");
        if (tag_len > len)
            tag_len = len;
        double q = quality(item + tag_len, len - tag_len);
        size_t primary = strcspn(item, "-;, \t");
        if (primary > tag_len)
            primary = tag_len;
        http_lang lang;
        if (primary == 2 && strncasecmp(item, "nl", 2) == 0)
            lang = LANG_NL;
        else if (primary == 2 && strncasecmp(item, "en", 2) == 0)
            lang = LANG_EN;
        else if (primary == 1 && item[0] == '*')
            lang = LANG_NL;
        else
            continue;
        if (q > 0 && (!chosen || q > best_q)) {
            best = lang;
            best_q = q;
            chosen = true;
        }
    }
    return best;
}

const char *http_lang_code(http_lang lang)
{
    return lang == LANG_EN ? "en" : "nl";
}

/* ---- translating ------------------------------------------------------ */

/* Matches text against pat, where "%s" stands for one or more characters;
 * the parts go to parts[n..] and *count says how many there are in all. */
static bool match(const char *pat, const char *text, part *parts, int n, int *count)
{
    for (;;) {
        if (pat[0] == '%' && pat[1] == 's') {
            if (n >= MAX_PARTS)
                return false;
            for (size_t len = 1; text[len - 1]; len++) {
                parts[n] = (part){text, len};
                if (match(pat + 2, text + len, parts, n + 1, count))
                    return true;
            }
            return false;
        }
        if (*pat != *text)
            return false;
        if (!*pat) {
            *count = n;
            return true;
        }
        pat++;
        text++;
    }
}

/* The entry for en: one with the very text first, else the most specific
 * pattern that matches, the one with the most fixed text ("must be at
 * least %s characters long" before "must be at least %s"); its parts in
 * parts, their number in *count. */
static const http_message *lookup(const char *en, part *parts, int *count)
{
    *count = 0;
    for (const http_message *const *t = http_message_tables; *t; t++)
        for (const http_message *m = *t; m->en; m++)
            if (!strchr(m->en, '%') && strcmp(m->en, en) == 0)
                return m;
    const http_message *best = NULL;
    size_t best_fixed = 0;
    for (const http_message *const *t = http_message_tables; *t; t++)
        for (const http_message *m = *t; m->en; m++) {
            part found[MAX_PARTS];
            int n = 0;
            if (!strchr(m->en, '%') || !match(m->en, en, found, 0, &n))
                continue;
            size_t fixed = strlen(m->en) - 2 * (size_t)n;
            if (!best || fixed > best_fixed) {
                best = m;
                best_fixed = fixed;
                memcpy(parts, found, sizeof found);
                *count = n;
            }
        }
    return best;
}

/* Appends s (len bytes) to out at *used, cutting what does not fit. */
static void put(char *out, size_t n, size_t *used, const char *s, size_t len)
{
    if (*used + 1 >= n)
        return;
    if (len > n - 1 - *used)
        len = n - 1 - *used;
    memcpy(out + *used, s, len);
    *used += len;
    out[*used] = '\0';
}

static bool translate(const char *en, char *out, size_t n, int depth);

/* Writes a part, in Dutch when the table knows it. */
static void put_part(char *out, size_t n, size_t *used, const part *pt, int depth)
{
    char text[TEXT_MAX], nl[TEXT_MAX];
    size_t len = pt->len < sizeof text - 1 ? pt->len : sizeof text - 1;
    memcpy(text, pt->at, len);
    text[len] = '\0';
    if (depth < MAX_DEPTH && translate(text, nl, sizeof nl, depth + 1))
        put(out, n, used, nl, strlen(nl));
    else
        put(out, n, used, text, len);
}

static bool translate(const char *en, char *out, size_t n, int depth)
{
    part parts[MAX_PARTS];
    int count = 0;
    const http_message *m = lookup(en, parts, &count);
    size_t used = 0;
    if (n)
        out[0] = '\0';
    if (!m) {
        put(out, n, &used, en, strlen(en));
        return false;
    }
    int next = 0;
    for (const char *p = m->nl; *p;) {
        if (p[0] == '%' && p[1] == 's') {
            if (next < count)
                put_part(out, n, &used, &parts[next++], depth);
            p += 2;
        } else if (p[0] == '%' && p[1] >= '1' && p[1] <= '9' && p[2] == '$' && p[3] == 's') {
            int k = p[1] - '1';
            if (k < count)
                put_part(out, n, &used, &parts[k], depth);
            p += 4;
        } else {
            size_t len = strcspn(p + 1, "%") + 1;
            put(out, n, &used, p, len);
            p += len;
        }
    }
    return true;
}

bool http_text_nl(const char *en, char *out, size_t n)
{
    return translate(en ? en : "", out, n, 0);
}

/* General Dutch texts for a status, for an English text the table lacks. */
static const char *title_for(int status)
{
    switch (status) {
    case 400:
        return "Ongeldige invoer";
    case 401:
        return "Niet ingelogd";
    case 403:
        return "Niet toegestaan";
    case 404:
        return "Niet gevonden";
    case 409:
        return "Nu niet mogelijk";
    case 413:
        return "Te groot";
    case 429:
        return "Te veel verzoeken";
    default:
        return status >= 500 ? "Fout in de server" : "Niet gelukt";
    }
}

static const char *detail_for(int status)
{
    switch (status) {
    case 400:
        return "Een of meer velden zijn niet goed ingevuld.";
    case 401:
        return "Log eerst in.";
    case 403:
        return "Dit mag u niet doen.";
    case 404:
        return "Dit bestaat niet, of u mag het niet zien.";
    case 409:
        return "Dit kan nu niet, in de stand waarin het dossier is.";
    default:
        return status >= 500 ? "Er ging iets mis; er is niets veranderd."
                             : "Dit verzoek is niet uitgevoerd.";
    }
}

/* Sets key of obj to the Dutch of its English value, or to fallback. */
static void to_dutch(json_t *obj, const char *key, const char *fallback, int status)
{
    const char *en = json_string_value(json_object_get(obj, key));
    if (!en)
        return;
    char nl[TEXT_MAX];
    if (!http_text_nl(en, nl, sizeof nl)) {
        log_error("lang: no Dutch for the %s \"%.120s\" (status %d)", key, en, status);
        text_copy(nl, sizeof nl, fallback);
    }
    json_object_set_new(obj, key, json_string(nl));
}

void http_problem_translate(json_t *problem, http_lang lang)
{
    if (lang != LANG_NL || !json_is_object(problem))
        return;
    int status = (int)json_integer_value(json_object_get(problem, "status"));
    to_dutch(problem, "title", title_for(status), status);
    to_dutch(problem, "detail", detail_for(status), status);
    /* The fields at fault, and the rows an import refused. */
    static const char *const lists[] = {"invalidParams", "rejected"};
    for (size_t k = 0; k < sizeof lists / sizeof lists[0]; k++) {
        size_t i;
        json_t *item;
        json_array_foreach(json_object_get(problem, lists[k]), i, item)
        {
            to_dutch(item, "reason", "deze waarde is niet geldig", status);
        }
    }
}
