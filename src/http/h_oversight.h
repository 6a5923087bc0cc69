/*
 * h_oversight.h - the handlers of the oversight routes (routes_oversight.c):
 * the administrator's catalogue of roles, the auditor's directory of
 * people and the privacy officer's overrides.  Shared by the files of
 * http/ only.
 */
#ifndef SG_H_OVERSIGHT_H
#define SG_H_OVERSIGHT_H

#include "http/http.h"

int h_role_catalogue(app *a, http_req *req, http_res *res);
int h_audit_people(app *a, http_req *req, http_res *res);
int h_override_list(app *a, http_req *req, http_res *res);

#endif
