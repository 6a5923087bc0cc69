/*
 * h_index.h - the handlers of the reference index's routes (routes_index.c):
 * registrations of concern, matches, the published grounds, the letter and
 * the coordinating roles' alerts.  Shared by the files of http/ only.
 */
#ifndef SG_H_INDEX_H
#define SG_H_INDEX_H

#include "http/http.h"
#include "service/refindex/concerns.h"

/* Reads one registration of a validated body (a registration, or an item
 * of a batch) into in; its strings stay borrowed from obj. */
void h_concern_input(json_t *obj, concern_input *in);

int h_concern_grounds(app *a, http_req *req, http_res *res);
int h_concern_list(app *a, http_req *req, http_res *res);
int h_concern_create(app *a, http_req *req, http_res *res);
int h_concern_batch(app *a, http_req *req, http_res *res);
int h_concern_get(app *a, http_req *req, http_res *res);
int h_concern_delete(app *a, http_req *req, http_res *res);
int h_concern_withdrawal(app *a, http_req *req, http_res *res);
int h_concern_letter(app *a, http_req *req, http_res *res);
int h_match_list(app *a, http_req *req, http_res *res);
int h_match_get(app *a, http_req *req, http_res *res);
int h_match_update(app *a, http_req *req, http_res *res);
int h_concern_alerts(app *a, http_req *req, http_res *res);
int h_concern_alert_update(app *a, http_req *req, http_res *res);

#endif
