/*
 * network_csv.c - fuzzing the CSV import of the network
 * (service/network/import.c): the file an analyst posts to
 * /api/v1/relation-imports or gives to signaal network import, read as
 * RFC 4180 CSV and stored all or nothing, in a real SQLite database with
 * the demo data (fuzz_app.c).
 *
 * The input is the CSV file.  What must hold besides no crash: an import
 * either stores every row (and says how many) or none, refusing with the
 * field at fault and a list of the rows at fault that can be shown; it is
 * never a failure of the server; and what it wrote to the audit trail can
 * be listed.
 */
#include "fuzz.h"

#include "fuzz_app.h"
#include "service/network/network.h"

static app *the_app;
static actor analyst;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    the_app = fuzz_app();
    if (!the_app || fuzz_actor(the_app, "analist", &analyst) != SG_OK)
        return 1;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *out = NULL;
    svc_error err = {0};
    const char *csv = size ? (const char *)data : "";
    int rc = relation_import(the_app, &analyst, csv, size, NULL, NULL, &out, &err);
    if (rc == SG_OK) {
        FUZZ_CHECK(out != NULL);
        json_int_t rows = json_integer_value(json_object_get(out, "rows"));
        FUZZ_CHECK(rows > 0 && json_integer_value(json_object_get(out, "imported")) == rows);
    } else {
        if (rc != SG_EINVAL)
            fprintf(stderr, "relation_import: %d (%s)\n", rc, sg_status_str(rc));
        FUZZ_CHECK(rc == SG_EINVAL && err.field && err.reason);
        if (out) {
            FUZZ_CHECK(json_integer_value(json_object_get(out, "rejected_count")) >= 1);
            FUZZ_CHECK(json_array_size(json_object_get(out, "rejected")) >= 1);
        }
    }
    if (out) {
        char *text = json_dumps(out, JSON_COMPACT | JSON_ENSURE_ASCII);
        FUZZ_CHECK(text != NULL);
        free(text);
    }
    json_decref(out);
    FUZZ_CHECK(fuzz_trail_readable(the_app));
    return 0;
}
