/*
 * body.c - the checks of a request body before its handler runs.
 *
 * A route either takes no body or takes a JSON object of the shape its
 * field spec describes.  A body must then come as application/json in
 * UTF-8, parse strictly (duplicate keys refused), use the wire's
 * lowerCamelCase names, and satisfy the field spec; each refusal is a
 * problem answer naming what is wrong.  These checks need only the route,
 * the Content-Type value and the bytes: no connection, so that the tests
 * and the fuzzing harnesses run exactly what the server runs.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http/server_int.h"
#include "http/wire.h"

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
