/* h_subject.h - the handlers of subject access (AVG art. 15): the copy of
 * everything held about one child (routes_subject.c lists them). */
#ifndef SG_H_SUBJECT_H
#define SG_H_SUBJECT_H

#include "http/http.h"

int h_subject_person(app *a, http_req *req, http_res *res);
int h_subject_export(app *a, http_req *req, http_res *res);

#endif
