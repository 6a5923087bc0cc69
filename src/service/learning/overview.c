/* Use case: the school coordinator's counts of how the staff learn.
 * Numbers only: never a name, never a ranking of people. */
#include <string.h>

#include "base/mem.h"
#include "service/learning/learning_int.h"

#define MISSED_SHOWN 10

typedef struct overview_ctx {
    app *a;
    const actor *who;
    learning_docs docs;
    json_t *result;
} overview_ctx;

static json_t *paths_json(const overview_ctx *oc, const learning_path_count *counts, int n)
{
    json_t *items = json_array();
    const learning_content *c = &oc->docs.content;
    for (int i = 0; items && i < c->npaths; i++) {
        int64_t finished = 0;
        for (int k = 0; k < n; k++)
            if (strcmp(counts[k].path_id, c->paths[i].id) == 0)
                finished = counts[k].finished;
        json_array_append_new(items,
                              json_pack("{s:s, s:O, s:O, s:i, s:I}", "id", c->paths[i].id, "title",
                                        json_object_get(c->paths[i].obj, "title"), "roles",
                                        json_object_get(c->paths[i].obj, "roles"), "item_count",
                                        c->paths[i].nitems, "finished", (json_int_t)finished));
    }
    return items;
}

static int overview_job(store_tx *tx, void *arg)
{
    overview_ctx *oc = arg;
    int rc = learning_docs_load(tx, LDOC_CONTENT, &oc->docs);
    learning_org_counts counts;
    learning_path_count paths[LEARNING_MAX_PATHS * 4];
    learning_miss_count missed[MISSED_SHOWN];
    int npaths = 0, nmissed = 0;
    if (rc == SG_OK)
        rc = store_learning_org_counts(tx, oc->who->org_id, &counts, paths, LEARNING_MAX_PATHS * 4,
                                       &npaths);
    if (rc == SG_OK)
        rc = store_learning_missed(tx, oc->who->org_id, missed, MISSED_SHOWN, &nmissed);
    if (rc != SG_OK)
        return rc;
    json_t *miss = json_array();
    for (int i = 0; miss && i < nmissed; i++) {
        json_t *ind = learning_indicator_json(tx, oc->docs.catalogue_version, missed[i].indicator);
        if (ind) {
            json_object_set_new(ind, "missed", json_integer(missed[i].missed));
            json_object_set_new(ind, "asked", json_integer(missed[i].asked));
        }
        json_array_append_new(miss, ind);
    }
    oc->result = json_pack(
        "{s:o, s:I, s:I, s:I, s:o*, s:o*}", "organisation", learning_org_json(tx, oc->who->org_id),
        "staff", (json_int_t)counts.staff, "learners", (json_int_t)counts.learners, "answers",
        (json_int_t)counts.answers, "paths", paths_json(oc, paths, npaths), "most_missed", miss);
    return oc->result ? SG_OK : SG_ENOMEM;
}

static int audit_job(store_tx *tx, void *arg)
{
    overview_ctx *oc = arg;
    return learning_audit(tx, oc->a, oc->who, "learning.overview.read", "organisation",
                          oc->who->org_pid, "see how the school's staff learn (counts only)");
}

int learning_overview(app *a, const actor *who, json_t **out)
{
    /* A school's care coordinator, for their own school; nobody else. */
    if (who->system || who->role != ROLE_CARE_COORDINATOR)
        return SG_EFORBIDDEN;
    overview_ctx oc = {.a = a, .who = who};
    int rc = store_read(a->db, overview_job, &oc);
    if (rc == SG_OK)
        rc = svc_read_audited(a, audit_job, &oc);
    learning_docs_free(&oc.docs);
    return svc_result(rc, oc.result, out);
}
