/* Handlers of subject access (h_subject.h): the copy as JSON or as a
 * printable HTML page.  No business rule here: the use case decides who
 * may make a copy and whose records it holds. */
#include <string.h>

#include "http/h_subject.h"
#include "service/subject/subject.h"

/* format and lang of the query: SG_OK, or the 400 already in res. */
static int output(http_req *req, http_res *res, bool *html, bool *dutch)
{
    const char *format = req_query(req, "format");
    const char *lang = req_query(req, "lang");
    svc_error err = {0};
    if (format && strcmp(format, "json") != 0 && strcmp(format, "html") != 0) {
        err.field = "format";
        err.reason = "json or html";
    } else if (lang && strcmp(lang, "nl") != 0 && strcmp(lang, "en") != 0) {
        err.field = "lang";
        err.reason = "nl or en";
    }
    if (err.field) {
        res_invalid(res, &err);
        return SG_EINVAL;
    }
    *html = format && strcmp(format, "html") == 0;
    *dutch = !lang || strcmp(lang, "nl") == 0;
    return SG_OK;
}

static int answer(app *a, http_req *req, http_res *res, const subject_request *in)
{
    bool html = false, dutch = true;
    if (output(req, res, &html, &dutch) != SG_OK)
        return SG_OK;
    svc_error err = {0};
    json_t *copy = NULL;
    int rc = subject_export(a, &req->who, in, &copy, &err);
    if (rc != SG_OK)
        return res_status(res, rc, &err);
    if (!html)
        return res_json(res, 200, copy);
    char *page = NULL;
    rc = subject_render_html(copy, dutch, &page);
    json_decref(copy);
    if (rc != SG_OK)
        return res_status(res, rc, NULL);
    res->status = 200;
    res->content_type = "text/html; charset=utf-8";
    res->raw = page;
    res->raw_len = strlen(page);
    return SG_OK;
}

int h_subject_person(app *a, http_req *req, http_res *res)
{
    subject_request in = {.person_id = req->params[0], .reference = req_query(req, "reference")};
    return answer(a, req, res, &in);
}

int h_subject_export(app *a, http_req *req, http_res *res)
{
    subject_request in = {.person_id = req_str(req, "person_id"),
                          .bsn = req_str(req, "bsn"),
                          .reference = req_str(req, "reference")};
    return answer(a, req, res, &in);
}
