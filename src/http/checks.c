/*
 * checks.c - the checks of a request that need no socket: the text of its
 * target (path and query) and its body.
 *
 * libmicrohttpd hands over the path and the query parameters percent-
 * decoded, so they may hold any byte: an API request's must be clean UTF-8
 * text before anything reads them, or a name or id made of stray bytes
 * would travel on into the audit trail and the answers, where JSON cannot
 * carry it.  (The query of a page is read by the page's script, not here.)  A route either takes no body or takes a JSON
 * object of the shape its field spec describes.  A body must then come as
 * application/json in UTF-8, parse strictly (duplicate keys refused), use
 * the wire's lowerCamelCase names, and satisfy the field spec; each
 * refusal is a problem answer naming what is wrong.  The tests and the
 * fuzzing harnesses run exactly these checks.
 */
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/text.h"
#include "http/server_int.h"
#include "http/wire.h"

/* Text a request may carry in its target: clean UTF-8 (no control
 * characters but tabs and line ends). */
static bool target_text_ok(const char *s)
{
    return text_is_clean_utf8(s, strlen(s));
}

typedef struct arg_scan {
    const char *bad; /* the first parameter whose name or value is not text */
} arg_scan;

static enum MHD_Result scan_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *value)
{
    arg_scan *scan = cls;
    (void)kind;
    if (!target_text_ok(key) || (value && !target_text_ok(value))) {
        scan->bad = key;
        return MHD_NO;
    }
    return MHD_YES;
}

int http_target_check(const char *path, struct MHD_Connection *conn, http_res *res)
{
    if (!target_text_ok(path)) {
        res_problem(res, 400, "Bad request", "The address holds bytes that are not UTF-8 text.");
        return SG_EINVAL;
    }
    arg_scan scan = {NULL};
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, scan_arg, &scan);
    if (scan.bad) {
        res_problem(res, 400, "Bad request",
                    "A query parameter holds bytes that are not UTF-8 text.");
        return SG_EINVAL;
    }
    return SG_OK;
}

bool http_content_type_is_json(const char *ct)
{
    if (!ct)
        return false;
    size_t len = strcspn(ct, ";");
    while (len > 0 && ct[len - 1] == ' ')
        len--;
    if (len != strlen("application/json") || strncasecmp(ct, "application/json", len) != 0)
        return false;
    const char *params = ct + strcspn(ct, ";");
    if (!*params)
        return true;
    /* Only a UTF-8 charset parameter is acceptable. */
    while (*params == ';' || *params == ' ')
        params++;
    return strcasecmp(params, "charset=utf-8") == 0 || strcasecmp(params, "charset=\"utf-8\"") == 0;
}

static bool body_is_empty(const buf *b)
{
    for (size_t i = 0; i < b->len; i++)
        if (b->data[i] != ' ' && b->data[i] != '\n' && b->data[i] != '\r' && b->data[i] != '\t')
            return false;
    return true;
}

int http_body_check(const route *r, const char *content_type, const buf *body, json_t **json,
                    http_res *res)
{
    *json = NULL;
    if (!r->body) {
        if (body_is_empty(body) || (body->len == 2 && memcmp(body->data, "{}", 2) == 0))
            return SG_OK;
        res_problem(res, 400, "Unexpected body", "This operation takes no request body.");
        return SG_EINVAL;
    }
    if (!http_content_type_is_json(content_type)) {
        res_problem(res, 415, "Unsupported media type",
                    "Send the body as application/json (UTF-8).");
        return SG_EINVAL;
    }
    if (body_is_empty(body)) {
        res_problem(res, 400, "Body required", "This operation needs a JSON body.");
        return SG_EINVAL;
    }
    /* JSON has no NUL byte outside a string (and jansson refuses one in a
     * string), but jansson lets one pass after a number. */
    if (memchr(body->data, '\0', body->len)) {
        res_problem(res, 400, "Malformed JSON", "The body holds a NUL byte.");
        return SG_EINVAL;
    }
    json_error_t jerr;
    json_t *parsed = json_loadb(body->data, body->len, JSON_REJECT_DUPLICATES, &jerr);
    if (!parsed) {
        char detail[320];
        snprintf(detail, sizeof detail, "The body is not valid JSON (line %d, column %d): %s",
                 jerr.line, jerr.column, jerr.text);
        res_problem(res, 400, "Malformed JSON", detail);
        return SG_EINVAL;
    }
    /* Wire names (lowerCamelCase) become the names the field specs use. */
    json_t *problems = NULL;
    json_t *internal = wire_in(parsed, &problems);
    json_decref(parsed);
    if (!internal) {
        if (!problems) {
            res_status(res, SG_ENOMEM, NULL);
            return SG_ENOMEM;
        }
        res_problem(res, 400, "Invalid input", "One or more fields are not valid.");
        json_object_set_new(res->json, "invalidParams", problems);
        return SG_EINVAL;
    }
    if (!fields_validate(r->body, internal, &problems)) {
        json_decref(internal);
        res_problem(res, 400, "Invalid input", "One or more fields are not valid.");
        json_object_set_new(res->json, "invalidParams", problems);
        return SG_EINVAL;
    }
    *json = internal;
    return SG_OK;
}
