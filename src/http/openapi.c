/* The OpenAPI 3 document, generated from the route table and its field specs. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "http/http.h"
#include "http/wire.h"

/* The server URL carries the major version (NLGov /core/uri-version); the
 * paths of the document are relative to it. */
#define API_BASE "/api/v1"

static json_t *document;
static pthread_once_t built = PTHREAD_ONCE_INIT;

static json_t *ref(const char *schema)
{
    char path[128];
    snprintf(path, sizeof path, "#/components/schemas/%s", schema);
    return json_pack("{s:s}", "$ref", path);
}

static json_t *problem_response(const char *description)
{
    return json_pack("{s:s, s:{s:{s:o}}}", "description", description, "content",
                     "application/problem+json", "schema", ref("Problem"));
}

static json_t *success_response(const route *r)
{
    json_t *resp = json_pack("{s:s, s:{s:{s:s}}}", "description", r->summary, "headers",
                             "API-Version", "$ref", "#/components/headers/API-Version");
    if (!r->response)
        return resp;
    json_t *schema = ref(r->response);
    if (r->list)
        schema = json_pack("{s:s, s:{s:{s:s, s:o}, s:{s:s, s:b, s:s}}, s:[s]}", "type", "object",
                           "properties", "items", "type", "array", "items", schema, "nextCursor",
                           "type", "string", "nullable", true, "description",
                           "pass as cursor to get the next page; null on the last page", "required",
                           "items");
    json_object_set_new(resp, "content",
                        json_pack("{s:{s:o}}", "application/json", "schema", schema));
    return resp;
}

static json_t *parameters(const route *r)
{
    json_t *params = json_array();
    for (const char *p = strchr(r->path, '{'); p; p = strchr(p + 1, '{')) {
        char name[32];
        size_t len = strcspn(p + 1, "}");
        snprintf(name, sizeof name, "%.*s", (int)len, p + 1);
        json_array_append_new(params,
                              json_pack("{s:s, s:s, s:b, s:{s:s}}", "name", name, "in", "path",
                                        "required", true, "schema", "type", "string"));
    }
    for (const query_param *q = r->query; q && q->name; q++) {
        char wire[80];
        if (!wire_name_out(q->name, wire, sizeof wire))
            continue;
        json_array_append_new(params, json_pack("{s:s, s:s, s:b, s:s, s:{s:s}}", "name", wire, "in",
                                                "query", "required", false, "description",
                                                q->description, "schema", "type", q->type));
    }
    return params;
}

static json_t *operation(const route *r)
{
    char status[8];
    snprintf(status, sizeof status, "%d", r->status);
    json_t *responses = json_object();
    json_object_set_new(responses, status, success_response(r));
    /* Every operation that takes input, in its body, query or path,
     * documents its 400 (NLGov /core/doc-openapi). */
    if (r->body || r->query || strchr(r->path, '{'))
        json_object_set_new(responses, "400", problem_response("Invalid input"));
    if (r->access != ACCESS_PUBLIC) {
        json_object_set_new(responses, "401", problem_response("Not logged in"));
        json_object_set_new(responses, "403", problem_response("Not allowed for your role"));
    }
    if (strchr(r->path, '{'))
        json_object_set_new(responses, "404", problem_response("No such record that you may see"));
    if (r->body) {
        json_object_set_new(responses, "409", problem_response("Conflicts with what is recorded"));
        json_object_set_new(responses, "413", problem_response("The body is too large"));
        json_object_set_new(responses, "415", problem_response("The body is not JSON"));
    }
    if (r->access == ACCESS_PUBLIC && r->body)
        json_object_set_new(responses, "429", problem_response("Too many failed attempts"));
    json_object_set_new(responses, "default", problem_response("An error"));

    json_t *op =
        json_pack("{s:s, s:s, s:[s], s:o, s:o}", "operationId", r->operation_id, "summary",
                  r->summary, "tags", r->tag, "parameters", parameters(r), "responses", responses);
    if (r->body)
        json_object_set_new(op, "requestBody",
                            json_pack("{s:b, s:{s:{s:o}}}", "required", true, "content",
                                      "application/json", "schema", fields_schema(r->body, true)));
    if (r->access == ACCESS_PUBLIC)
        json_object_set_new(op, "security", json_array());
    return op;
}

static void build(void)
{
    json_t *paths = json_object();
    json_t *schemas = json_object();
    HTTP_FOREACH_ROUTE(r)
    {
        /* Paths under the API's base are relative to the server URL; the
         * few outside it (the health check) name their own server. */
        bool inside = strncmp(r->path, API_BASE "/", strlen(API_BASE) + 1) == 0;
        const char *key = inside ? r->path + strlen(API_BASE) : r->path;
        json_t *item = json_object_get(paths, key);
        if (!item) {
            item = json_object();
            json_object_set_new(paths, key, item);
            if (!inside)
                json_object_set_new(item, "servers", json_pack("[{s:s}]", "url", "/"));
        }
        char method[8];
        size_t i = 0;
        for (; r->method[i] && i < sizeof method - 1; i++)
            method[i] = (char)(r->method[i] | 0x20);
        method[i] = '\0';
        json_object_set_new(item, method, operation(r));
    }
    HTTP_FOREACH_SCHEMA(s)
    json_object_set_new(schemas, s->name, fields_schema(s->fields, false));
    document = json_pack(
        "{s:s, s:{s:s, s:s, s:s, s:{s:s, s:s, s:s}, s:{s:s, s:s}}, s:[{s:s}], s:o,"
        " s:{s:o, s:{s:{s:s, s:s, s:s}, s:{s:s, s:s}}, s:{s:{s:s, s:{s:s}}}},"
        " s:[{s:[]}, {s:[]}]}",
        "openapi", "3.0.3", "info", "title", "signaal API", "version", SIGNAAL_VERSION,
        "description",
        "Signals, cases and referrals about the criminal exploitation of minors, shared on a"
        " need-to-know basis. Every read and write of personal data is audited. Problem"
        " details (title, detail, the reasons of invalidParams) come in Dutch, or in English"
        " with Accept-Language: en; their type, status and field names never change.",
        "contact", "name", "signaal developers", "email", "dev@signaal.example", "url",
        "https://signaal.example", "license", "name", "EUPL-1.2", "url",
        "https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12", "servers",
        "url", API_BASE, "paths", paths, "components", "schemas", schemas, "securitySchemes",
        "session", "type", "apiKey", "in", "cookie", "name", "signaal_session", "bearer", "type",
        "http", "scheme", "bearer", "headers", "API-Version", "description",
        "the full version of the API", "schema", "type", "string", "security", "session", "bearer");
}

json_t *openapi_document(void)
{
    pthread_once(&built, build);
    return document;
}

void openapi_release(void)
{
    json_decref(document);
    document = NULL;
}
