/* Use cases: "niet pluis" case consultations and their actions. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "security/token.h"
#include "service/school/school_int.h"

#define TEXT_MAX_CHARS 5000
#define ACTION_MAX_CHARS 1000

const char *const consult_participants[] = {"mentor",
                                            "care-coordinator",
                                            "aandachtsfunctionaris",
                                            "school-social-worker",
                                            "youth-doctor",
                                            "youth-nurse",
                                            "attendance-officer",
                                            "neighbourhood-police",
                                            "youth-care-worker",
                                            "teacher",
                                            "other",
                                            NULL};
const char *const consult_outcomes[] = {"more-care", "care-team", "protective-factors-suffice",
                                        NULL};
const char *const consult_question_types[] = {"care", "investigation", NULL};

/* The free-text parts, kept together in one encrypted JSON object. */
static const char *const text_fields[] = {
    "facts",    "life_events", "triggers", "risk_factors", "protective_factors",
    "unknowns", "question",    NULL};

static bool in_list(const char *const *list, const char *v)
{
    for (int i = 0; v && list[i]; i++)
        if (strcmp(list[i], v) == 0)
            return true;
    return false;
}

/* ---- create ----------------------------------------------------------- */

typedef struct consult_ctx {
    app *a;
    const actor *who;
    const consultation_input *in;
    case_row c;
    consultation_row row;
    action_row actions[CONSULT_MAX_ACTIONS];
    svc_error *err;
    json_t *result;
} consult_ctx;

static int create_job(store_tx *tx, void *arg)
{
    consult_ctx *cc = arg;
    int rc = case_load(tx, cc->who, cc->in->case_id, &cc->c);
    if (rc == SG_ENOTFOUND)
        return svc_invalid(cc->err, "case_id", "no such case at your school");
    if (rc != SG_OK)
        return rc;
    if (strcmp(cc->c.status, "open") != 0) {
        if (cc->err)
            cc->err->reason = "the case is closed";
        return SG_ESTATE;
    }
    cc->row.case_id = cc->c.id;
    cc->row.anonymous = strcmp(cc->c.consent_status, "given") != 0;
    rc = store_consultation_insert(tx, &cc->row);
    for (int i = 0; rc == SG_OK && i < cc->in->nactions; i++) {
        user_row owner;
        const char *owner_id = cc->in->actions[i].owner_id;
        rc = owner_id && token_is_uuid(owner_id) ? store_user_find_public(tx, owner_id, &owner)
                                                 : SG_ENOTFOUND;
        if (rc == SG_ENOTFOUND
            || (rc == SG_OK
                && (owner.org_id != cc->c.org_id || owner.disabled
                    || (strcmp(owner.role, "mentor") != 0
                        && strcmp(owner.role, "care-coordinator") != 0))))
            return svc_invalid(
                cc->err, "actions",
                "each action's owner is a mentor or care coordinator of this school");
        if (rc != SG_OK)
            return rc;
        cc->actions[i].case_id = cc->c.id;
        cc->actions[i].consultation_id = cc->row.id;
        cc->actions[i].owner_id = owner.id;
        rc = store_action_insert(tx, &cc->actions[i]);
    }
    if (rc == SG_OK)
        rc = case_progress(tx, cc->a, &cc->c, 0);
    if (rc == SG_OK)
        rc = case_event(tx, &cc->c, "case.reviewed");
    if (rc == SG_OK)
        rc = case_audit(tx, cc->a, cc->who, &cc->c, "case.consultation",
                        "hold a niet-pluis case consultation");
    if (rc == SG_OK) {
        cc->result = consultation_json(tx, cc->a, &cc->row);
        if (!cc->result)
            rc = SG_ENOMEM;
        else
            json_object_set_new(cc->result, "case_id", json_string(cc->c.public_id));
    }
    return rc;
}

static bool valid_text(const char *s, size_t max, bool required)
{
    if (!s)
        return !required;
    return !(required && text_is_blank(s)) && text_utf8_length(s) <= max
           && text_is_clean_utf8(s, strlen(s));
}

static int validate(const consultation_input *in, char *participants, size_t n, svc_error *err)
{
    date held, today, next, due;
    date_today(&today);
    if (!in->case_id || !token_is_uuid(in->case_id))
        return svc_invalid(err, "case_id", "the id of a case is required");
    if (!in->held_on || date_parse(in->held_on, &held) != SG_OK || date_compare(&held, &today) > 0)
        return svc_invalid(err, "held_on", "the date it was held, not in the future");
    if (in->nparticipants < 1 || in->nparticipants > CONSULT_MAX_PARTICIPANTS)
        return svc_invalid(err, "participants", "one to twelve participants, by role");
    size_t used = 0;
    participants[0] = '\0';
    for (int i = 0; i < in->nparticipants; i++) {
        if (!in_list(consult_participants, in->participants[i]))
            return svc_invalid(err, "participants", "not a known participant role");
        used += (size_t)snprintf(participants + used, n - used, "%s%s", i ? "," : "",
                                 in->participants[i]);
    }
    const char *texts[] = {in->facts,        in->life_events,        in->triggers,
                           in->risk_factors, in->protective_factors, in->unknowns,
                           in->question};
    for (int i = 0; text_fields[i]; i++) {
        bool required =
            strcmp(text_fields[i], "facts") == 0 || strcmp(text_fields[i], "question") == 0;
        if (!valid_text(texts[i], TEXT_MAX_CHARS, required))
            return svc_invalid(err, text_fields[i],
                               required ? "required, at most 5000 characters"
                                        : "at most 5000 characters");
    }
    if (!in_list(consult_question_types, in->question_type))
        return svc_invalid(err, "question_type", "care or investigation");
    if (!in_list(consult_outcomes, in->outcome))
        return svc_invalid(err, "outcome", "more-care, care-team or protective-factors-suffice");
    if (in->next_meeting
        && (date_parse(in->next_meeting, &next) != SG_OK || date_compare(&next, &held) < 0))
        return svc_invalid(err, "next_meeting", "a date on or after the consultation");
    if (in->nactions < 0 || in->nactions > CONSULT_MAX_ACTIONS)
        return svc_invalid(err, "actions", "at most 20 actions");
    for (int i = 0; i < in->nactions; i++) {
        if (!valid_text(in->actions[i].description, ACTION_MAX_CHARS, true))
            return svc_invalid(err, "actions",
                               "each action needs a description of 1 to 1000 characters");
        if (!in->actions[i].due_on || date_parse(in->actions[i].due_on, &due) != SG_OK
            || date_compare(&due, &held) < 0)
            return svc_invalid(err, "actions",
                               "each action needs a due date on or after the consultation");
    }
    return SG_OK;
}

static int seal_content(const app *a, const consultation_input *in, consultation_row *row)
{
    const char *texts[] = {in->facts,        in->life_events,        in->triggers,
                           in->risk_factors, in->protective_factors, in->unknowns,
                           in->question};
    json_t *content = json_object();
    for (int i = 0; content && text_fields[i]; i++)
        json_object_set_new(content, text_fields[i],
                            texts[i] ? json_string(texts[i]) : json_null());
    char *plain = content ? json_dumps(content, JSON_COMPACT) : NULL;
    json_decref(content);
    if (!plain)
        return SG_ENOMEM;
    int rc = vault_seal_field(a->keys, "consultations.content", row->public_id, plain,
                              &row->content_enc, &row->content_enc_len);
    sodium_memzero(plain, strlen(plain));
    free(plain);
    return rc;
}

int consultation_create(app *a, const actor *who, const consultation_input *in, json_t **out,
                        svc_error *err)
{
    if (!access_may_work_cases(who))
        return SG_EFORBIDDEN;
    consult_ctx *cc = sg_calloc(1, sizeof *cc);
    if (!cc)
        return SG_ENOMEM;
    cc->a = a;
    cc->who = who;
    cc->in = in;
    cc->err = err;
    consultation_row *r = &cc->row;
    int rc = validate(in, r->participants, sizeof r->participants, err);
    if (rc == SG_OK) {
        token_uuid(r->public_id);
        text_copy(r->held_on, sizeof r->held_on, in->held_on);
        text_copy(r->question_type, sizeof r->question_type, in->question_type);
        text_copy(r->outcome, sizeof r->outcome, in->outcome);
        text_copy(r->next_meeting, sizeof r->next_meeting,
                  in->next_meeting ? in->next_meeting : "");
        r->created_by = who->user_id;
        clock_format_iso(clock_now_ms(), r->created_at);
        rc = seal_content(a, in, r);
    }
    for (int i = 0; rc == SG_OK && i < in->nactions; i++) {
        action_row *ar = &cc->actions[i];
        token_uuid(ar->public_id);
        text_copy(ar->due_on, sizeof ar->due_on, in->actions[i].due_on);
        ar->created_by = who->user_id;
        text_copy(ar->created_at, sizeof ar->created_at, r->created_at);
        rc = vault_seal_field(a->keys, "case_actions.description", ar->public_id,
                              in->actions[i].description, &ar->description_enc,
                              &ar->description_enc_len);
    }
    if (rc == SG_OK)
        rc = store_write(a->db, create_job, cc);
    rc = svc_result(rc, cc->result, out);
    store_consultation_clear(&cc->row);
    for (int i = 0; i < CONSULT_MAX_ACTIONS; i++)
        store_action_clear(&cc->actions[i]);
    sg_free(cc);
    return rc;
}

/* ---- read ------------------------------------------------------------- */

typedef struct get_ctx {
    app *a;
    const actor *who;
    const char *id;
    json_t *result;
} get_ctx;

static int get_job(store_tx *tx, void *arg)
{
    get_ctx *gc = arg;
    consultation_row row;
    case_row c;
    int rc =
        token_is_uuid(gc->id) ? store_consultation_find_public(tx, gc->id, &row) : SG_ENOTFOUND;
    if (rc != SG_OK)
        return rc;
    rc = store_case_get(tx, row.case_id, &c);
    if (rc == SG_OK)
        rc = access_check_case(gc->who, c.org_id);
    if (rc == SG_OK)
        rc = case_audit(tx, gc->a, gc->who, &c, "case.consultation-read", "work a care case");
    if (rc == SG_OK) {
        gc->result = consultation_json(tx, gc->a, &row);
        if (!gc->result)
            rc = SG_ENOMEM;
        else
            json_object_set_new(gc->result, "case_id", json_string(c.public_id));
    }
    store_consultation_clear(&row);
    return rc;
}

int consultation_get(app *a, const actor *who, const char *id, json_t **out)
{
    get_ctx gc = {.a = a, .who = who, .id = id};
    int rc = svc_read_audited(a, get_job, &gc);
    return svc_result(rc, gc.result, out);
}

/* ---- actions ---------------------------------------------------------- */

static int complete_job(store_tx *tx, void *arg)
{
    get_ctx *gc = arg;
    action_row row;
    case_row c;
    int rc = token_is_uuid(gc->id) ? store_action_find_public(tx, gc->id, &row) : SG_ENOTFOUND;
    if (rc != SG_OK)
        return rc;
    rc = store_case_get(tx, row.case_id, &c);
    /* The owner of the action may close it, and so may the case's workers. */
    if (rc == SG_OK && row.owner_id != gc->who->user_id)
        rc = access_check_case(gc->who, c.org_id);
    char now[CLOCK_ISO_LEN];
    clock_format_iso(clock_now_ms(), now);
    if (rc == SG_OK)
        rc = store_action_set_done(tx, row.id, now);
    if (rc == SG_OK)
        rc = case_progress(tx, gc->a, &c, 0);
    if (rc == SG_OK)
        rc = case_audit(tx, gc->a, gc->who, &c, "case.action-done", "complete an agreed action");
    if (rc == SG_OK) {
        gc->result = json_pack("{s:s, s:s, s:s}", "id", row.public_id, "case_id", c.public_id,
                               "done_at", now);
        if (!gc->result)
            rc = SG_ENOMEM;
    }
    store_action_clear(&row);
    return rc;
}

int action_complete(app *a, const actor *who, const char *id, json_t **out)
{
    if (!access_may_read_persons(who))
        return SG_EFORBIDDEN;
    get_ctx gc = {.a = a, .who = who, .id = id};
    int rc = store_write(a->db, complete_job, &gc);
    return svc_result(rc, gc.result, out);
}
