/* Handlers of monitoring (h_monitor.h): the report as JSON, CSV or
 * printable HTML, and the measures.  No business rule here: the use case
 * decides who sees which area. */
#include <string.h>

#include "base/mem.h"
#include "http/h_monitor.h"
#include "service/monitor/monitor.h"

int h_progress_report(app *a, http_req *req, http_res *res)
{
    const char *format = req_query(req, "format");
    if (format && strcmp(format, "json") != 0 && strcmp(format, "csv") != 0
        && strcmp(format, "html") != 0) {
        svc_error err = {.field = "format", .reason = "json, csv or html"};
        return res_invalid(res, &err);
    }
    const char *lang = req_query(req, "lang");
    if (lang && strcmp(lang, "nl") != 0 && strcmp(lang, "en") != 0) {
        svc_error err = {.field = "lang", .reason = "nl or en"};
        return res_invalid(res, &err);
    }
    monitor_request mr = {.year = req_query(req, "year"),
                          .municipality = req_query(req, "municipality"),
                          .method = req_query(req, "method")};
    svc_error err = {0};
    json_t *report = NULL;
    int rc = monitor_report(a, &req->who, &mr, &report, &err);
    if (rc == SG_EFORBIDDEN && err.reason)
        return res_problem(res, 403, "Forbidden", err.reason);
    if (rc != SG_OK)
        return res_status(res, rc, &err);
    if (!format || strcmp(format, "json") == 0)
        return res_json(res, 200, report);
    char *text = NULL;
    if (strcmp(format, "csv") == 0) {
        rc = monitor_render_csv(report, &text);
        res->content_type = "text/csv; charset=utf-8";
    } else {
        json_t *measures = NULL;
        if (monitor_measures(a, &req->who, &measures) == SG_OK)
            json_object_set_new(report, "measures", measures);
        rc = monitor_render_html(report, !lang || strcmp(lang, "nl") == 0, &text);
        res->content_type = "text/html; charset=utf-8";
    }
    json_decref(report);
    if (rc != SG_OK)
        return res_status(res, rc, NULL);
    res->status = 200;
    res->raw = text;
    res->raw_len = strlen(text);
    return SG_OK;
}

int h_measures(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = monitor_measures(a, &req->who, &out);
    return rc == SG_OK ? res_json(res, 200, out) : res_status(res, rc, NULL);
}

int h_regions(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = monitor_regions(a, &req->who, &out);
    return rc == SG_OK ? res_json(res, 200, out) : res_status(res, rc, NULL);
}
