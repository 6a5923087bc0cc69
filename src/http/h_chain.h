/* The handlers of the chain's routes (routes_chain.c); http/ only. */
#ifndef SG_H_CHAIN_H
#define SG_H_CHAIN_H

#include "http/server_int.h"

int h_org_directory(app *a, http_req *req, http_res *res);
int h_referral_list(app *a, http_req *req, http_res *res);
int h_referral_create(app *a, http_req *req, http_res *res);
int h_referral_get(app *a, http_req *req, http_res *res);
int h_referral_update(app *a, http_req *req, http_res *res);
int h_clocks(app *a, http_req *req, http_res *res);
int h_clock_report(app *a, http_req *req, http_res *res);
int h_notifications(app *a, http_req *req, http_res *res);
int h_notification_update(app *a, http_req *req, http_res *res);
int h_screening_list(app *a, http_req *req, http_res *res);
int h_screening_create(app *a, http_req *req, http_res *res);
int h_screening_get(app *a, http_req *req, http_res *res);
int h_screening_update(app *a, http_req *req, http_res *res);
int h_screening_complete(app *a, http_req *req, http_res *res);
int h_screening_receipt(app *a, http_req *req, http_res *res);
int h_diversion_create(app *a, http_req *req, http_res *res);
int h_decision_create(app *a, http_req *req, http_res *res);
int h_decision_get(app *a, http_req *req, http_res *res);
int h_prosecution_rules(app *a, http_req *req, http_res *res);
int h_comensha_create(app *a, http_req *req, http_res *res);
int h_comensha_get(app *a, http_req *req, http_res *res);
int h_interventions(app *a, http_req *req, http_res *res);
int h_person_interventions(app *a, http_req *req, http_res *res);
int h_enrolment_list(app *a, http_req *req, http_res *res);
int h_enrolment_create(app *a, http_req *req, http_res *res);
int h_enrolment_get(app *a, http_req *req, http_res *res);
int h_enrolment_update(app *a, http_req *req, http_res *res);
int h_clock_rules(app *a, http_req *req, http_res *res);
int h_screening_rules(app *a, http_req *req, http_res *res);

#endif
