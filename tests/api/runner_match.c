/*
 * runner_match.c - variables, ${...} substitution, JSON paths and the
 * matching of expected against actual values.
 *
 * Matching is a subset match: an expected object names the keys that must
 * be there (others may be), an expected array must have the same length and
 * match element by element, and a string of the form "$word" or
 * "$word:argument" is a matcher ("$uuid", "$contains:text" ...) rather than
 * a literal.  tests/api/README.md is the reference for scenario writers;
 * keep it in step with the matcher table below.
 */
#include <ctype.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "runner.h"
#include "base/clock.h"
#include "base/mem.h"
#include "base/text.h"

void runner_note(buf *msg, const char *fmt, ...)
{
    va_list ap;
    if (msg->len > 0 && buf_append_str(msg, "; ") != SG_OK)
        return;
    va_start(ap, fmt);
    int rc = buf_vprintf(msg, fmt, ap);
    va_end(ap);
    /* Too long for msg: say so, so that a failure never goes unnoticed. */
    if (rc != SG_OK && buf_append_str(msg, "(description too long)") != SG_OK)
        return;
}

void runner_note_snippet(buf *msg, const char *s, size_t len, size_t max)
{
    size_t n = len < max ? len : max;
    while (n < len && n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
        n--; /* cut between characters, not inside one */
    if (len == 0 && buf_append_str(msg, "(empty)") != SG_OK)
        return;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if ((unsigned char)c < 0x20 || c == 0x7f)
            c = ' ';
        if (buf_append(msg, &c, 1) != SG_OK)
            return;
    }
    if (n < len && buf_append_str(msg, "...") != SG_OK)
        return;
}

/* Appends a compact rendering of v, cut at 200 bytes. */
static void note_value(buf *msg, json_t *v)
{
    if (!v) {
        runner_note_snippet(msg, "(missing)", 9, 9);
        return;
    }
    char *text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
    if (text) {
        runner_note_snippet(msg, text, strlen(text), 200);
        free(text);
    }
}

/* --- variables and substitution --------------------------------------- */

void runner_var_set(runner *r, const char *name, json_t *value)
{
    if (json_object_set(r->vars, name, value) != 0)
        fprintf(stderr, "api_runner: cannot set variable %s\n", name);
}

/* Appends the text form of a variable's value: strings as they are, other
 * values as compact JSON. */
static bool append_var(runner *r, buf *out, const char *name, size_t name_len, buf *msg)
{
    static const char totp[] = "totp:";
    if (name_len > strlen(totp) && strncmp(name, totp, strlen(totp)) == 0) {
        json_t *secret = json_object_getn(r->vars, name + strlen(totp), name_len - strlen(totp));
        char code[7];
        if (!json_is_string(secret)) {
            runner_note(msg, "${%.*s}: no string variable %.*s holds a TOTP secret", (int)name_len,
                        name, (int)(name_len - strlen(totp)), name + strlen(totp));
            return false;
        }
        if (!runner_totp(r, json_string_value(secret), code, msg))
            return false;
        return buf_append_str(out, code) == SG_OK;
    }
    json_t *v = json_object_getn(r->vars, name, name_len);
    if (!v) {
        runner_note(msg, "undefined variable ${%.*s}", (int)name_len, name);
        return false;
    }
    if (json_is_string(v))
        return buf_append(out, json_string_value(v), json_string_length(v)) == SG_OK;
    char *text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
    bool ok = text && buf_append_str(out, text) == SG_OK;
    free(text);
    return ok;
}

char *runner_subst(runner *r, const char *in, buf *msg)
{
    buf out;
    const char *p = in;
    bool ok = true;
    if (!in) {
        runner_note(msg, "a string was expected"); /* validation should have said so */
        return NULL;
    }
    buf_init(&out, RUNNER_BODY_MAX);
    while (ok && *p) {
        if (p[0] == '$' && p[1] == '$' && p[2] == '{') {
            ok = buf_append_str(&out, "${") == SG_OK;
            p += 3;
        } else if (p[0] == '$' && p[1] == '{') {
            const char *end = strchr(p + 2, '}');
            if (!end || end == p + 2) {
                runner_note(msg, "malformed ${...} in \"%s\"", in);
                ok = false;
                break;
            }
            ok = append_var(r, &out, p + 2, (size_t)(end - p - 2), msg);
            p = end + 1;
        } else {
            ok = buf_append(&out, p, 1) == SG_OK;
            p++;
        }
    }
    char *result = ok ? buf_detach(&out) : NULL;
    buf_free(&out);
    if (!result && ok)
        runner_note(msg, "out of memory");
    return result;
}

json_t *runner_subst_json(runner *r, json_t *in, buf *msg)
{
    const char *key;
    json_t *value;
    size_t i;
    json_t *out = NULL;
    if (json_is_string(in)) {
        const char *s = json_string_value(in);
        size_t len = strlen(s);
        if (len > 3 && s[0] == '$' && s[1] == '{' && s[len - 1] == '}'
            && !memchr(s + 2, '}', len - 3) && strncmp(s + 2, "totp:", 5) != 0) {
            json_t *v = json_object_getn(r->vars, s + 2, len - 3);
            if (!v)
                runner_note(msg, "undefined variable %s", s);
            return json_incref(v);
        }
        char *text = runner_subst(r, s, msg);
        if (!text)
            return NULL;
        out = json_string(text);
        if (!out)
            runner_note(msg, "\"%s\" is not valid UTF-8 after substitution", s);
        sg_free(text);
        return out;
    }
    if (json_is_object(in)) {
        out = json_object();
        json_object_foreach(in, key, value)
        {
            json_t *copy = runner_subst_json(r, value, msg);
            if (!copy || json_object_set_new(out, key, copy) != 0) {
                json_decref(out);
                return NULL;
            }
        }
        return out;
    }
    if (json_is_array(in)) {
        out = json_array();
        json_array_foreach(in, i, value)
        {
            json_t *copy = runner_subst_json(r, value, msg);
            if (!copy || json_array_append_new(out, copy) != 0) {
                json_decref(out);
                return NULL;
            }
        }
        return out;
    }
    return json_incref(in);
}

/* --- JSON paths -------------------------------------------------------- */

json_t *runner_json_path(json_t *root, const char *path)
{
    json_t *cur = root;
    const char *p = path;
    if (!*p)
        return root;
    while (cur) {
        const char *dot = strchr(p, '.');
        size_t len = dot ? (size_t)(dot - p) : strlen(p);
        if (json_is_object(cur)) {
            cur = json_object_getn(cur, p, len);
        } else if (json_is_array(cur)) {
            char digits[24];
            char *end;
            if (len == 0 || len >= sizeof digits)
                return NULL;
            memcpy(digits, p, len);
            digits[len] = '\0';
            long long idx = strtoll(digits, &end, 10);
            if (*end != '\0')
                return NULL;
            if (idx < 0)
                idx += (long long)json_array_size(cur);
            cur = idx < 0 ? NULL : json_array_get(cur, (size_t)idx);
        } else {
            return NULL;
        }
        if (!dot)
            return cur;
        p = dot + 1;
    }
    return NULL;
}

/* --- matchers ---------------------------------------------------------- */

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

static bool is_uuid(const char *s)
{
    if (strlen(s) != 36)
        return false;
    for (int i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
            return false;
    }
    return true;
}

/* "YYYY-MM-DD" naming a real date; the checks are our own on purpose, so
 * that the test does not share a bug with the code it tests. */
static bool is_date(const char *s, size_t len)
{
    if (len != 10 || s[4] != '-' || s[7] != '-' || !all_digits(s, 4) || !all_digits(s + 5, 2)
        || !all_digits(s + 8, 2))
        return false;
    return date_is_valid(atoi(s), atoi(s + 5), atoi(s + 8));
}

/* "YYYY-MM-DDTHH:MM:SS", optional fraction, then "Z" or "+HH:MM"/"-HH:MM". */
static bool is_iso8601(const char *s)
{
    size_t len = strlen(s);
    if (len < 20 || !is_date(s, 10) || s[10] != 'T' || s[13] != ':' || s[16] != ':'
        || !all_digits(s + 11, 2) || !all_digits(s + 14, 2) || !all_digits(s + 17, 2))
        return false;
    if (atoi(s + 11) > 23 || atoi(s + 14) > 59 || atoi(s + 17) > 60)
        return false;
    const char *p = s + 19;
    if (*p == '.') {
        p++;
        if (!isdigit((unsigned char)*p))
            return false;
        while (isdigit((unsigned char)*p))
            p++;
    }
    if (strcmp(p, "Z") == 0)
        return true;
    return (p[0] == '+' || p[0] == '-') && strlen(p) == 6 && all_digits(p + 1, 2) && p[3] == ':'
           && all_digits(p + 4, 2) && atoi(p + 1) < 24 && atoi(p + 4) < 60;
}

static const char *type_name(json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
        return "an integer";
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    case JSON_NULL:
        return "null";
    }
    return "?";
}

static size_t value_length(json_t *v)
{
    if (json_is_array(v))
        return json_array_size(v);
    if (json_is_object(v))
        return json_object_size(v);
    if (json_is_string(v))
        return text_utf8_length(json_string_value(v));
    return (size_t)-1;
}

/* Applies the matcher m (without its "$") to actual.  Returns 1 on a match,
 * 0 on a mismatch, -1 for an unknown matcher. */
static int apply_matcher(const char *m, json_t *actual)
{
    const char *s = json_is_string(actual) ? json_string_value(actual) : NULL;
    const char *arg = strchr(m, ':');
    if (!arg) {
        static const struct {
            const char *name;
            int types; /* a bit per json_type */
        } kinds[] = {
            {"any", 0x7f},
            {"string", 1 << JSON_STRING},
            {"number", 1 << JSON_INTEGER | 1 << JSON_REAL},
            {"integer", 1 << JSON_INTEGER},
            {"boolean", 1 << JSON_TRUE | 1 << JSON_FALSE},
            {"array", 1 << JSON_ARRAY},
            {"object", 1 << JSON_OBJECT},
            {"null", 1 << JSON_NULL},
        };
        for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
            if (strcmp(m, kinds[i].name) == 0)
                return (kinds[i].types >> json_typeof(actual)) & 1;
        if (strcmp(m, "uuid") == 0)
            return s && is_uuid(s);
        if (strcmp(m, "iso8601") == 0)
            return s && is_iso8601(s);
        if (strcmp(m, "date") == 0)
            return s && is_date(s, strlen(s));
        if (strcmp(m, "nonempty") == 0)
            return value_length(actual) != (size_t)-1 && value_length(actual) > 0;
        return -1;
    }
    size_t name_len = (size_t)(arg - m);
    arg++;
    if (name_len == 8 && strncmp(m, "contains", 8) == 0)
        return s && strstr(s, arg) != NULL;
    if (name_len == 6 && strncmp(m, "prefix", 6) == 0)
        return s && text_starts_with(s, arg);
    if (name_len == 6 && strncmp(m, "length", 6) == 0) {
        char *end;
        long n = strtol(arg, &end, 10);
        if (*end || end == arg || n < 0)
            return -1;
        return value_length(actual) == (size_t)n;
    }
    if (name_len == 5 && strncmp(m, "regex", 5) == 0) {
        regex_t re;
        if (regcomp(&re, arg, REG_EXTENDED | REG_NOSUB) != 0)
            return -1;
        int hit = s && regexec(&re, s, 0, NULL, 0) == 0;
        regfree(&re);
        return hit;
    }
    return -1;
}

bool runner_json_match(json_t *expected, json_t *actual, const char *where, buf *msg)
{
    if (json_is_string(expected)) {
        const char *e = json_string_value(expected);
        if (e[0] == '$' && isalpha((unsigned char)e[1])) {
            int hit = actual ? apply_matcher(e + 1, actual) : 0;
            if (!actual) {
                runner_note(msg, "%s: missing (expected %s)", where, e);
            } else if (hit < 0) {
                runner_note(msg, "%s: unknown or malformed matcher \"%s\"", where, e);
            } else if (!hit) {
                runner_note(msg, "%s: expected %s, got ", where, e);
                note_value(msg, actual);
            }
            return hit > 0;
        }
        if (e[0] == '$' && e[1] == '$') {
            if (json_is_string(actual) && strcmp(json_string_value(actual), e + 1) == 0)
                return true;
            runner_note(msg, "%s: expected \"%s\", got ", where, e + 1);
            note_value(msg, actual);
            return false;
        }
    }
    if (!actual) {
        runner_note(msg, "%s: missing", where);
        return false;
    }
    if (json_is_object(expected) && json_is_object(actual)) {
        const char *key;
        json_t *value;
        bool ok = true;
        json_object_foreach(expected, key, value)
        {
            char *sub = NULL;
            size_t n = strlen(where) + strlen(key) + 2;
            sub = sg_malloc(n);
            if (!sub) {
                runner_note(msg, "out of memory");
                return false;
            }
            snprintf(sub, n, "%s.%s", where, key);
            ok = runner_json_match(value, json_object_get(actual, key), sub, msg) && ok;
            sg_free(sub);
        }
        return ok;
    }
    if (json_is_array(expected) && json_is_array(actual)) {
        if (json_array_size(expected) != json_array_size(actual)) {
            runner_note(msg, "%s: expected %zu elements, got %zu: ", where,
                        json_array_size(expected), json_array_size(actual));
            note_value(msg, actual);
            return false;
        }
        bool ok = true;
        for (size_t i = 0; i < json_array_size(expected); i++) {
            size_t n = strlen(where) + 24;
            char *sub = sg_malloc(n);
            if (!sub) {
                runner_note(msg, "out of memory");
                return false;
            }
            snprintf(sub, n, "%s.%zu", where, i);
            ok = runner_json_match(json_array_get(expected, i), json_array_get(actual, i), sub, msg)
                 && ok;
            sg_free(sub);
        }
        return ok;
    }
    if (json_is_number(expected) && json_is_number(actual)
        && json_number_value(expected) == json_number_value(actual))
        return true;
    if (!json_is_object(expected) && !json_is_array(expected) && !json_is_number(expected)
        && json_equal(expected, actual))
        return true;
    runner_note(msg, "%s: expected ", where);
    note_value(msg, expected);
    if (json_typeof(expected) != json_typeof(actual)
        && !(json_is_number(expected) && json_is_number(actual))
        && !(json_is_boolean(expected) && json_is_boolean(actual))) {
        if (buf_printf(msg, ", got %s: ", type_name(actual)) != SG_OK)
            return false;
    } else if (buf_append_str(msg, ", got ") != SG_OK) {
        return false;
    }
    note_value(msg, actual);
    return false;
}

/* --- responses --------------------------------------------------------- */

const char *runner_header(runner_response *resp, const char *name)
{
    size_t i;
    json_t *pair;
    json_array_foreach(resp->headers, i, pair)
    {
        if (strcasecmp(json_string_value(json_array_get(pair, 0)), name) == 0)
            return json_string_value(json_array_get(pair, 1));
    }
    return NULL;
}

/* Case-insensitive strstr. */
static bool contains_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return true;
    return n == 0;
}

/* True when needle occurs in the len bytes at hay (which may hold NULs). */
static bool bytes_contain(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    if (n == 0)
        return true;
    for (size_t i = 0; i + n <= len; i++)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, n) == 0)
            return true;
    return false;
}

/* True when value contains the expected string, or every one of an array
 * of them; case does not matter. */
static bool header_has(const char *value, json_t *want)
{
    size_t i;
    json_t *item;
    if (json_is_string(want))
        return contains_nocase(value, json_string_value(want));
    json_array_foreach(want, i, item)
    {
        if (!contains_nocase(value, json_string_value(item)))
            return false;
    }
    return true;
}

static void expect_headers(json_t *want, runner_response *resp, buf *msg)
{
    const char *name;
    json_t *value;
    json_object_foreach(want, name, value)
    {
        size_t i;
        json_t *pair;
        bool seen = false, hit = false;
        json_array_foreach(resp->headers, i, pair)
        {
            if (strcasecmp(json_string_value(json_array_get(pair, 0)), name) != 0)
                continue;
            seen = true;
            hit = hit
                  || (!json_is_null(value)
                      && header_has(json_string_value(json_array_get(pair, 1)), value));
        }
        if (json_is_null(value) && seen) {
            runner_note(msg, "header %s: must be absent, got \"%s\"", name,
                        runner_header(resp, name));
        } else if (!json_is_null(value) && !seen) {
            runner_note(msg, "header %s: missing", name);
        } else if (!json_is_null(value) && !hit) {
            char *text = json_dumps(value, JSON_ENCODE_ANY | JSON_COMPACT);
            runner_note(msg, "header %s: expected to contain %s, got \"%s\"", name,
                        text ? text : "?", runner_header(resp, name));
            free(text);
        }
    }
}

/* Calls fn for the one string or each string of an array. */
static void each_string(json_t *v, void (*fn)(const char *, runner_response *, buf *),
                        runner_response *resp, buf *msg)
{
    size_t i;
    json_t *item;
    if (json_is_string(v)) {
        fn(json_string_value(v), resp, msg);
        return;
    }
    json_array_foreach(v, i, item)
    {
        if (json_is_string(item))
            fn(json_string_value(item), resp, msg);
    }
}

static void want_in_body(const char *s, runner_response *resp, buf *msg)
{
    if (!bytes_contain(resp->body.data ? resp->body.data : "", resp->body.len, s))
        runner_note(msg, "body does not contain \"%s\"", s);
}

static void want_not_in_body(const char *s, runner_response *resp, buf *msg)
{
    if (bytes_contain(resp->body.data ? resp->body.data : "", resp->body.len, s))
        runner_note(msg, "body contains \"%s\"", s);
}

void runner_expect_response(json_t *expect, runner_response *resp, buf *msg)
{
    json_t *status = json_object_get(expect, "status");
    json_t *v;
    if (json_is_integer(status) && json_integer_value(status) != resp->status)
        runner_note(msg, "expected status %lld, got %ld", (long long)json_integer_value(status),
                    resp->status);
    if (json_is_array(status)) {
        size_t i;
        bool hit = false;
        json_array_foreach(status, i, v)
        {
            if (json_integer_value(v) == resp->status)
                hit = true;
        }
        if (!hit) {
            char *text = json_dumps(status, JSON_COMPACT);
            runner_note(msg, "expected status in %s, got %ld", text ? text : "?", resp->status);
            free(text);
        }
    }
    v = json_object_get(expect, "headers");
    if (v)
        expect_headers(v, resp, msg);
    v = json_object_get(expect, "json");
    if (v) {
        if (!resp->json)
            runner_note(msg, "body is not JSON");
        else
            runner_json_match(v, resp->json, "json", msg);
    }
    v = json_object_get(expect, "absent");
    if (v && resp->json) {
        size_t i;
        json_t *path;
        json_array_foreach(v, i, path)
        {
            json_t *found = runner_json_path(resp->json, json_string_value(path));
            if (found) {
                runner_note(msg, "json.%s: must be absent, got ", json_string_value(path));
                note_value(msg, found);
            }
        }
    }
    v = json_object_get(expect, "body_contains");
    if (v)
        each_string(v, want_in_body, resp, msg);
    v = json_object_get(expect, "body_not_contains");
    if (v)
        each_string(v, want_not_in_body, resp, msg);
}

void runner_save(runner *r, json_t *save, runner_response *resp, json_t *doc, const char *text,
                 buf *msg)
{
    const char *name;
    json_t *path;
    if (resp)
        doc = resp->json;
    json_object_foreach(save, name, path)
    {
        const char *p = json_string_value(path);
        json_t *value = NULL;
        if (resp && strncasecmp(p, "header:", 7) == 0) {
            const char *h = runner_header(resp, p + 7);
            value = h ? json_string(h) : NULL;
        } else if (strcmp(p, resp ? "$body" : "$stdout") == 0 && text) {
            size_t len = strlen(text);
            while (len > 0 && isspace((unsigned char)text[len - 1]))
                len--;
            value = json_stringn(text, len);
        } else if (doc) {
            value = json_incref(runner_json_path(doc, p));
        }
        if (!value) {
            runner_note(msg, "save %s: nothing at \"%s\"%s", name, p,
                        doc || !resp ? "" : " (body is not JSON)");
            continue;
        }
        runner_var_set(r, name, value);
        json_decref(value);
    }
}
