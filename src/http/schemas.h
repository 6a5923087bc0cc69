/*
 * schemas.h - field specs of the school path's bodies and answers, kept
 * apart from routes.c so that the route table stays readable.  Shared by
 * the files of http/ only.
 */
#ifndef SG_SCHEMAS_H
#define SG_SCHEMAS_H

#include "http/fields.h"

extern const field_spec case_in[];
extern const field_spec case_patch[];
extern const field_spec case_signals_in[];
extern const field_spec consent_in[];
extern const field_spec step_in[];
extern const field_spec consultation_in[];
extern const field_spec action_patch[];

extern const field_spec assessment_out[];
extern const field_spec case_out[];
extern const field_spec consultation_out[];
extern const field_spec tasks_out[];
extern const field_spec timeline_out[];
extern const field_spec rules_out[];

#endif
