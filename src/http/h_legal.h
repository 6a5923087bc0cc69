/* The handlers of the legal routes (routes_legal.c); http/ only. */
#ifndef SG_H_LEGAL_H
#define SG_H_LEGAL_H

#include "http/server_int.h"

int h_consent_rules(app *a, http_req *req, http_res *res);
int h_retention_rules(app *a, http_req *req, http_res *res);
int h_catalogue_safeguards(app *a, http_req *req, http_res *res);
int h_retention_runs(app *a, http_req *req, http_res *res);

#endif
