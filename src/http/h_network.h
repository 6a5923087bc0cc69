/*
 * h_network.h - the handlers of the network's routes (routes_network.c):
 * relations, entities, imports, analyses, exports and alerts; and the field
 * specs the police routes borrow for the relations a screening or a
 * decision records.  Shared by the files of http/ only.
 */
#ifndef SG_H_NETWORK_H
#define SG_H_NETWORK_H

#include "http/http.h"

/* An item of a screening's "relations" and of a decision's "victim_of_ids". */
extern const field_spec network_screening_relation_item;
extern const field_spec network_end_item;
/* A relation in a screening's view. */
extern const field_spec network_screening_relation_out_item;

int h_relation_list(app *a, http_req *req, http_res *res);
int h_relation_create(app *a, http_req *req, http_res *res);
int h_relation_get(app *a, http_req *req, http_res *res);
int h_relation_update(app *a, http_req *req, http_res *res);
int h_relation_retire(app *a, http_req *req, http_res *res);
int h_relation_import(app *a, http_req *req, http_res *res);
int h_entity_create(app *a, http_req *req, http_res *res);
int h_entity_get(app *a, http_req *req, http_res *res);
int h_analysis_list(app *a, http_req *req, http_res *res);
int h_analysis_create(app *a, http_req *req, http_res *res);
int h_analysis_get(app *a, http_req *req, http_res *res);
int h_analysis_delete(app *a, http_req *req, http_res *res);
int h_network_export(app *a, http_req *req, http_res *res);
int h_network_alerts(app *a, http_req *req, http_res *res);
int h_network_alert_check(app *a, http_req *req, http_res *res);
int h_network_alert_update(app *a, http_req *req, http_res *res);

#endif
