/* The catalogue's safeguards: observation kinds and protected attributes (safeguards.h). */
#include "domain/safeguards.h"

#include <stdio.h>
#include <string.h>

#include "base/text.h"
#include "domain/names.h"

#define FOLD_MAX 1200

const char *const safeguards_required_attributes[] = {
    "nationality", "ethnicity", "religion", "neighbourhood", "income", "family-composition", NULL};

static int refuse(char *why, size_t n, const char *what)
{
    snprintf(why, n, "%s", what);
    return SG_EINVAL;
}

static bool nonempty(json_t *v)
{
    return json_is_string(v) && json_string_length(v) > 0;
}

/* Folds text to lower-case ASCII words separated by single spaces, with a
 * space before the first and after the last, so that " word " finds whole
 * words.  Hyphens and commas separate words here. */
static int fold(const char *text, char *out, size_t n)
{
    if (n < 3)
        return SG_ETOOBIG;
    out[0] = ' ';
    int rc = names_fold(text, out + 1, n - 2);
    if (rc != SG_OK)
        return rc;
    char *w = out + 1;
    for (char *p = out + 1; *p; p++) {
        char c = *p == '-' || *p == ',' ? ' ' : *p;
        if (c == ' ' && w[-1] == ' ')
            continue;
        *w++ = c;
    }
    if (w[-1] != ' ')
        *w++ = ' ';
    *w = '\0';
    return SG_OK;
}

static int parse_kinds(json_t *list, catalogue_safeguards *s, char *why, size_t n)
{
    if (!json_is_array(list) || json_array_size(list) < 2
        || json_array_size(list) > SAFEGUARDS_MAX_KINDS)
        return refuse(why, n, "\"observation_kinds\" lists 2 to 16 kinds of observation");
    size_t i;
    json_t *k;
    json_array_foreach(list, i, k)
    {
        const char *id = json_string_value(json_object_get(k, "id"));
        if (!id || !text_is_slug(id, 32) || !nonempty(json_object_get(k, "nl"))
            || !nonempty(json_object_get(k, "en"))) {
            snprintf(why, n, "observation kind %zu needs an id (a-z, 0-9, -), nl and en", i + 1);
            return SG_EINVAL;
        }
        if (safeguards_has_kind(s, id)) {
            snprintf(why, n, "observation kind %s is listed twice", id);
            return SG_EINVAL;
        }
        s->kinds[s->nkinds++] = id;
    }
    return SG_OK;
}

static int parse_term(json_t *t, int attribute, catalogue_safeguards *s, char *why, size_t n)
{
    static const char *const modes[] = {"word", "start", "within"};
    const char *text = json_string_value(json_object_get(t, "text"));
    const char *match = json_string_value(json_object_get(t, "match"));
    int mode = -1;
    for (int m = 0; match && m < 3; m++)
        if (strcmp(match, modes[m]) == 0)
            mode = m;
    if (!text || mode < 0)
        return refuse(why, n, "each term has a text and a match: word, start or within");
    if (s->nterms >= SAFEGUARDS_MAX_TERMS)
        return refuse(why, n, "too many terms");
    safeguard_term *out = &s->terms[s->nterms];
    char folded[SAFEGUARDS_TERM_LEN + 2];
    if (fold(text, folded, sizeof folded) != SG_OK || strlen(folded) < 4)
        return refuse(why, n, "a term is folded text of 2 to 45 characters");
    /* Kept without the surrounding spaces; "start" and "within" take one word. */
    size_t len = strlen(folded) - 2;
    memcpy(out->text, folded + 1, len);
    out->text[len] = '\0';
    if (mode != MATCH_WORD && strchr(out->text, ' '))
        return refuse(why, n, "a term of several words matches as \"word\"");
    out->match = (safeguard_match)mode;
    out->attribute = attribute;
    s->nterms++;
    return SG_OK;
}

static int parse_attributes(json_t *list, catalogue_safeguards *s, char *why, size_t n)
{
    if (!json_is_array(list) || json_array_size(list) == 0
        || json_array_size(list) > SAFEGUARDS_MAX_ATTRIBUTES)
        return refuse(why, n, "\"protected_attributes\" lists 1 to 24 attributes");
    size_t i;
    json_t *a;
    json_array_foreach(list, i, a)
    {
        const char *id = json_string_value(json_object_get(a, "id"));
        json_t *terms = json_object_get(a, "terms");
        if (!id || !text_is_slug(id, 32) || !nonempty(json_object_get(a, "nl"))
            || !nonempty(json_object_get(a, "en")) || !nonempty(json_object_get(a, "source"))
            || !json_is_array(terms) || json_array_size(terms) == 0) {
            snprintf(why, n,
                     "protected attribute %zu needs an id, nl, en, its source and its terms",
                     i + 1);
            return SG_EINVAL;
        }
        for (int k = 0; k < s->nattributes; k++)
            if (strcmp(s->attributes[k], id) == 0) {
                snprintf(why, n, "protected attribute %s is listed twice", id);
                return SG_EINVAL;
            }
        s->attributes[s->nattributes] = id;
        size_t t;
        json_t *term;
        json_array_foreach(terms, t, term)
        {
            int rc = parse_term(term, s->nattributes, s, why, n);
            if (rc != SG_OK) {
                char what[160];
                snprintf(what, sizeof what, "%s", why);
                snprintf(why, n, "protected attribute %s, term %zu: %s", id, t + 1, what);
                return rc;
            }
        }
        s->nattributes++;
    }
    for (int r = 0; safeguards_required_attributes[r]; r++) {
        bool found = false;
        for (int k = 0; k < s->nattributes; k++)
            found = found || strcmp(s->attributes[k], safeguards_required_attributes[r]) == 0;
        if (!found) {
            snprintf(why, n, "the protected attribute %s is required",
                     safeguards_required_attributes[r]);
            return SG_EINVAL;
        }
    }
    return SG_OK;
}

int safeguards_parse(const char *text, size_t len, catalogue_safeguards *out, char *why, size_t n)
{
    memset(out, 0, sizeof *out);
    snprintf(why, n, "%s", "");
    json_error_t err;
    out->doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
    if (!out->doc) {
        snprintf(why, n, "not valid JSON (line %d): %s", err.line, err.text);
        return SG_EINVAL;
    }
    json_t *version = json_object_get(out->doc, "version");
    int rc = SG_OK;
    if (!json_is_integer(version) || json_integer_value(version) < 1)
        rc = refuse(why, n, "version must be a positive whole number");
    else if (!nonempty(json_object_get(out->doc, "source")))
        rc = refuse(why, n, "\"source\" must say where the safeguards come from");
    if (rc == SG_OK)
        rc = parse_kinds(json_object_get(out->doc, "observation_kinds"), out, why, n);
    if (rc == SG_OK) {
        out->vulnerability_kind =
            json_string_value(json_object_get(out->doc, "vulnerability_kind"));
        if (!safeguards_has_kind(out, out->vulnerability_kind))
            rc = refuse(why, n, "\"vulnerability_kind\" names one of the observation kinds");
    }
    if (rc == SG_OK)
        rc = parse_attributes(json_object_get(out->doc, "protected_attributes"), out, why, n);
    if (rc != SG_OK) {
        safeguards_free(out);
        return rc;
    }
    out->version = (int)json_integer_value(version);
    return SG_OK;
}

void safeguards_free(catalogue_safeguards *s)
{
    if (!s)
        return;
    json_decref(s->doc);
    memset(s, 0, sizeof *s);
}

bool safeguards_has_kind(const catalogue_safeguards *s, const char *kind)
{
    for (int i = 0; kind && i < s->nkinds; i++)
        if (strcmp(s->kinds[i], kind) == 0)
            return true;
    return false;
}

static bool term_matches(const safeguard_term *t, const char *folded)
{
    char needle[SAFEGUARDS_TERM_LEN + 3];
    switch (t->match) {
    case MATCH_WORD:
        snprintf(needle, sizeof needle, " %s ", t->text);
        return strstr(folded, needle) != NULL;
    case MATCH_START:
        snprintf(needle, sizeof needle, " %s", t->text);
        return strstr(folded, needle) != NULL;
    case MATCH_WITHIN:
        return strstr(folded, t->text) != NULL;
    }
    return false;
}

const char *safeguards_protected(const catalogue_safeguards *s, const char *text, const char **term)
{
    char folded[FOLD_MAX];
    if (term)
        *term = NULL;
    if (fold(text, folded, sizeof folded) != SG_OK)
        return "unreadable";
    for (int i = 0; i < s->nterms; i++)
        if (term_matches(&s->terms[i], folded)) {
            if (term)
                *term = s->terms[i].text;
            return s->attributes[s->terms[i].attribute];
        }
    return NULL;
}
