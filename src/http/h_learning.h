/*
 * h_learning.h - the handlers of learning's routes (routes_learning.c):
 * learning paths, modules, cases and answers, the indicator explanations,
 * the coordinator's counts, resilience lessons, and the expert group's
 * offer with requests for it.  Shared by the files of http/ only.
 */
#ifndef SG_H_LEARNING_H
#define SG_H_LEARNING_H

#include "http/http.h"

int h_learning_paths(app *a, http_req *req, http_res *res);
int h_learning_path(app *a, http_req *req, http_res *res);
int h_learning_module(app *a, http_req *req, http_res *res);
int h_learning_module_done(app *a, http_req *req, http_res *res);
int h_learning_case(app *a, http_req *req, http_res *res);
int h_learning_answer(app *a, http_req *req, http_res *res);
int h_learning_progress(app *a, http_req *req, http_res *res);
int h_learning_explanations(app *a, http_req *req, http_res *res);
int h_learning_overview(app *a, http_req *req, http_res *res);
int h_learning_publish(app *a, http_req *req, http_res *res);
int h_resilience_programmes(app *a, http_req *req, http_res *res);
int h_resilience_lessons(app *a, http_req *req, http_res *res);
int h_resilience_lesson_create(app *a, http_req *req, http_res *res);
int h_resilience_lesson_delete(app *a, http_req *req, http_res *res);
int h_resilience_counts(app *a, http_req *req, http_res *res);
int h_expert_offers(app *a, http_req *req, http_res *res);
int h_expert_requests(app *a, http_req *req, http_res *res);
int h_expert_request_create(app *a, http_req *req, http_res *res);
int h_expert_request_get(app *a, http_req *req, http_res *res);
int h_expert_request_update(app *a, http_req *req, http_res *res);

#endif
