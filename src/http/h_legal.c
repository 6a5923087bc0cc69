/* Handlers: the published legal rule tables (consent by age, retention
 * periods, catalogue safeguards), each with the sources it cites. */
#include "http/h_legal.h"
#include "service/legal/retention.h"
#include "service/rulesets.h"

static int rules(app *a, http_req *req, http_res *res, const char *kind)
{
    json_t *out = NULL;
    int64_t version = 0;
    if (req_version(req, res, &version) != SG_OK)
        return SG_OK;
    int rc = ruleset_get(a, &req->who, kind, version, &out);
    return rc == SG_OK ? res_json(res, 200, out) : res_status(res, rc, NULL);
}

int h_consent_rules(app *a, http_req *req, http_res *res)
{
    return rules(a, req, res, "consent");
}

int h_retention_rules(app *a, http_req *req, http_res *res)
{
    return rules(a, req, res, "retention");
}

int h_catalogue_safeguards(app *a, http_req *req, http_res *res)
{
    return rules(a, req, res, "catalogue-safeguards");
}

int h_retention_runs(app *a, http_req *req, http_res *res)
{
    int rc = SG_OK;
    json_t *out = retention_runs_list(a, &req->who, &rc);
    return res_answer(res, rc, out, NULL, 200);
}
