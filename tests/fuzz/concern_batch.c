/*
 * concern_batch.c - fuzzing the bulk import of the reference index: the
 * JSON a connected case system posts to /api/v1/concern-batches (or one
 * registration to /api/v1/concerns), from the body's checks through the
 * reading of each item to its preparation (service/concerns.c:
 * identity, BSN, address and parents checked, folded, keyed and sealed).
 *
 * The input is the body.  What must hold: an item is prepared or refused
 * naming its field; a prepared registration keeps the client key it was
 * sent, and its sealed identity opens again to an identity equal to the
 * one it was prepared from (that is what matching later compares).  The
 * database part (matching, storing) is the http_api harness's.
 */
#include "fuzz.h"

#include "base/buf.h"
#include "http/h_index.h"
#include "http/server_int.h"
#include "service/refindex/refindex_int.h"

static app the_app;
static actor registrar;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    static const unsigned char key[VAULT_KEY_BYTES] = {1, 2, 3};
    if (vault_global_init() != SG_OK || vault_from_key(key, &the_app.keys) != SG_OK)
        return 1;
    app_config_defaults(&the_app.cfg);
    registrar.user_id = 7;
    registrar.org_id = 3;
    registrar.role = ROLE_CARE_WORKER;
    registrar.org_type = ORG_YOUTH_CARE;
    return 0;
}

static void prepare(json_t *item)
{
    concern_input in;
    h_concern_input(item, &in);
    concern_prepared pr;
    svc_error err = {0};
    int rc = concern_prepare(&the_app, &registrar, &in, &pr, &err);
    if (rc != SG_OK) {
        FUZZ_CHECK(rc == SG_EINVAL && err.field && err.reason);
        return;
    }
    FUZZ_CHECK(strcmp(pr.row.client_key, in.client_key ? in.client_key : "") == 0);
    json_t *identity = NULL;
    FUZZ_CHECK(concern_identity_open(&the_app, &pr.row, &identity) == SG_OK);
    refindex_identity again;
    FUZZ_CHECK(concern_identity_of(identity, &again) == SG_OK);
    FUZZ_CHECK(refindex_compare(&again, &pr.id) == REFINDEX_EQUAL);
    char a[REFINDEX_KEY_TEXT], b[REFINDEX_KEY_TEXT];
    refindex_name_text(&again, a);
    refindex_name_text(&pr.id, b);
    FUZZ_CHECK(strcmp(a, b) == 0);
    json_decref(identity);
    store_concern_clear(&pr.row);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const route *batch, *single;
    bool matched;
    if (!batch) {
        batch = router_match("POST", "/api/v1/concern-batches", NULL, &matched);
        single = router_match("POST", "/api/v1/concerns", NULL, &matched);
        FUZZ_CHECK(batch && single);
    }
    char *text = fuzz_text(data, size);
    if (!text)
        return 0;
    buf body = {.data = text, .len = size, .cap = size + 1, .max = size};
    http_res res = {0};
    json_t *json = NULL;
    if (http_body_check(batch, "application/json", &body, &json, &res) == SG_OK) {
        size_t i;
        json_t *item;
        json_array_foreach(json_object_get(json, "items"), i, item) prepare(item);
    } else {
        json_decref(res.json);
        memset(&res, 0, sizeof res);
        if (http_body_check(single, "application/json", &body, &json, &res) == SG_OK)
            prepare(json);
        else
            FUZZ_CHECK(res.status >= 400 && res.json);
    }
    json_decref(json);
    json_decref(res.json);
    free(text);
    return 0;
}
