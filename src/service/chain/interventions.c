/* Use cases: programmes that fit a child, and enrolments in them. */
#include "service/chain/interventions.h"

#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/mem.h"
#include "base/text.h"
#include "security/token.h"
#include "service/chain/chain_int.h"
#include "service/rulesets.h"

#define TEXT_MAX_CHARS 2000
#define LIST_MAX 100
#define MILESTONES_MAX 100

static const char *const statuses[] = {"referred", "enrolled", "completed", "stopped", NULL};
static const char *const outcomes[] = {"goals-met",   "partly-met", "not-met",
                                       "dropped-out", "moved",      NULL};
static const char *const milestone_kinds[] = {"attended", "missed", "milestone", NULL};

static bool in_list(const char *const *list, const char *v)
{
    for (int i = 0; v && list[i]; i++)
        if (strcmp(list[i], v) == 0)
            return true;
    return false;
}

static bool may_work(const actor *who)
{
    return !who->system
           && (ROLE_BIT(who->role) & (ROLE_BIT(ROLE_CARE_COORDINATOR) | ROLES_CHAIN_PROFESSIONAL));
}

static json_t *reason(const char *criterion, bool fits, const char *nl, const char *en)
{
    return json_pack("{s:s, s:b, s:{s:s, s:s}}", "criterion", criterion, "fits", fits, "text", "nl",
                     nl, "en", en);
}

/* The programme's fit for a child of this age and municipality, with the
 * needs asked about: every criterion with its reason. */
static json_t *fit(json_t *prog, int age, const char *municipality, const char *const *needs,
                   int nneeds)
{
    char nl[256], en[256];
    json_int_t min = json_integer_value(json_object_get(prog, "min_age"));
    json_int_t max = json_integer_value(json_object_get(prog, "max_age"));
    json_t *reasons = json_array();
    bool age_fits = age >= min && age <= max;
    snprintf(nl, sizeof nl, "Voor %lld tot en met %lld jaar; het kind is %d.", (long long)min,
             (long long)max, age);
    snprintf(en, sizeof en, "For ages %lld to %lld; the child is %d.", (long long)min,
             (long long)max, age);
    json_array_append_new(reasons, reason("age", age_fits, nl, en));

    bool region_fits = false, national = false, ask = false;
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(prog, "regions"), i, r)
    {
        const char *name = json_string_value(r);
        national = national || (name && strcmp(name, "national") == 0);
        /* Offered where the municipality chose it: not excluded, to ask. */
        ask = ask || (name && strcmp(name, "ask-municipality") == 0);
        region_fits = region_fits || national || ask || (name && strcmp(name, municipality) == 0);
    }
    if (national)
        json_array_append_new(
            reasons, reason("region", true, "Landelijk aangeboden.", "Offered nationwide."));
    else if (ask)
        json_array_append_new(reasons,
                              reason("region", true,
                                     "Aangeboden waar de gemeente het inzet: vraag de gemeente.",
                                     "Offered where the municipality chose it: ask the"
                                     " municipality."));
    else {
        snprintf(nl, sizeof nl, "%s in %.120s.", region_fits ? "Aangeboden" : "Niet aangeboden",
                 municipality);
        snprintf(en, sizeof en, "%s in %.120s.", region_fits ? "Offered" : "Not offered",
                 municipality);
        json_array_append_new(reasons, reason("region", region_fits, nl, en));
    }

    bool need_fits = nneeds == 0;
    for (int k = 0; k < nneeds; k++) {
        json_t *n;
        json_array_foreach(json_object_get(prog, "needs"), i, n) need_fits =
            need_fits || (json_string_value(n) && strcmp(json_string_value(n), needs[k]) == 0);
    }
    if (nneeds > 0)
        json_array_append_new(reasons,
                              reason("need", need_fits,
                                     need_fits ? "Richt zich op een gevraagde behoefte."
                                               : "Richt zich niet op de gevraagde behoeften.",
                                     need_fits ? "Addresses a need asked about."
                                               : "Does not address the needs asked about."));
    json_t *j = json_deep_copy(prog);
    json_object_set_new(j, "fits", json_boolean(age_fits && region_fits && need_fits));
    json_object_set_new(j, "reasons", reasons);
    return j;
}

/* The published catalogue; SG_ESTATE when none was published. */
static int load_catalogue(store_tx *tx, json_t **out)
{
    int rc = chain_rules_json(tx, "interventions", out);
    return rc == SG_ENOTFOUND ? SG_ESTATE : rc;
}

static json_t *find_programme(json_t *catalogue, const char *id)
{
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(catalogue, "programmes"), i, p)
    {
        const char *pid = json_string_value(json_object_get(p, "id"));
        if (pid && id && strcmp(pid, id) == 0)
            return p;
    }
    return NULL;
}

typedef struct fit_ctx {
    app *a;
    const actor *who;
    const char *person_id;
    const char *const *needs;
    int nneeds;
    svc_error *err;
    json_t *result;
} fit_ctx;

static int fit_job(store_tx *tx, void *arg)
{
    fit_ctx *fc = arg;
    json_t *catalogue = NULL;
    person_row p;
    memset(&p, 0, sizeof p);
    int rc = load_catalogue(tx, &catalogue);
    if (rc != SG_OK)
        return rc;
    for (int k = 0; k < fc->nneeds; k++) {
        bool known = false;
        size_t i;
        json_t *n;
        json_array_foreach(json_object_get(catalogue, "needs"), i, n)
        {
            const char *id = json_string_value(json_object_get(n, "id"));
            known = known || (id && strcmp(id, fc->needs[k]) == 0);
        }
        if (!known) {
            json_decref(catalogue);
            return svc_invalid(fc->err, "needs", "not a need of the catalogue");
        }
    }
    rc = store_person_find_public(tx, fc->person_id, &p);
    if (rc == SG_OK)
        rc = access_check_person(tx, fc->who, &p);
    int age = 0;
    char today[DATE_LEN];
    date_today_plus(0, today);
    if (rc == SG_OK)
        rc = chain_age_on(fc->a, &p, today, &age);
    if (rc == SG_OK) {
        json_t *items = json_array();
        size_t i;
        json_t *prog;
        json_array_foreach(json_object_get(catalogue, "programmes"), i, prog)
            json_array_append_new(items, fit(prog, age, p.municipality, fc->needs, fc->nneeds));
        fc->result = json_pack("{s:s, s:i, s:s, s:O, s:O, s:O?, s:o}", "person_id", p.public_id,
                               "age", age, "municipality", p.municipality, "catalogue_version",
                               json_object_get(catalogue, "published_version"), "needs",
                               json_object_get(catalogue, "needs"), "source",
                               json_object_get(catalogue, "source"), "items", items);
        rc = fc->result ? SG_OK : SG_ENOMEM;
    }
    if (rc == SG_OK)
        rc = audit_record_person(tx, fc->a->keys, fc->who, "interventions.fit", "person",
                                 p.public_id, p.id, "find a programme that fits the child");
    store_person_clear(&p);
    json_decref(catalogue);
    return rc;
}

int interventions_for(app *a, const actor *who, const char *person_id, const char *const *needs,
                      int nneeds, json_t **out, svc_error *err)
{
    if (!may_work(who))
        return SG_EFORBIDDEN;
    if (!person_id || !token_is_uuid(person_id))
        return svc_invalid(err, "person_id", "the id of a person is required");
    if (nneeds > INTERVENTION_MAX_NEEDS)
        return svc_invalid(err, "needs", "at most 8 needs");
    fit_ctx fc = {
        .a = a, .who = who, .person_id = person_id, .needs = needs, .nneeds = nneeds, .err = err};
    int rc = svc_read_audited(a, fit_job, &fc);
    if (rc == SG_ESTATE && err)
        err->reason = "no intervention catalogue has been published yet";
    return svc_result(rc, fc.result, out);
}

int interventions_catalogue(app *a, const actor *who, int64_t version, json_t **out)
{
    return ruleset_get(a, who, "interventions", version, out);
}

/* ---- enrolments ------------------------------------------------------- */

typedef struct enrol_ctx {
    app *a;
    const actor *who;
    const char *id;
    const char *person_id;
    const char *programme_id;
    const char *reason;
    const enrolment_change *change;
    enrolment_row row;
    svc_error *err;
    json_t *result;
    const char *why;
} enrol_ctx;

static int open_opt(const app *a, const char *column, const char *pid, const unsigned char *enc,
                    size_t len, char **out)
{
    *out = NULL;
    return enc ? vault_open_field(a->keys, column, pid, enc, len, out) : SG_OK;
}

static json_t *enrolment_json(store_tx *tx, app *a, const enrolment_row *e)
{
    char *why = NULL, *note = NULL, person[STORE_ID_LEN] = "";
    milestone_row ms[MILESTONES_MAX];
    int n = 0;
    json_t *j = NULL, *list = json_array();
    int rc = open_opt(a, "enrolments.reason", e->public_id, e->reason_enc, e->reason_enc_len, &why);
    if (rc == SG_OK)
        rc = open_opt(a, "enrolments.outcome_note", e->public_id, e->outcome_note_enc,
                      e->outcome_note_enc_len, &note);
    if (rc == SG_OK)
        rc = store_person_public_id(tx, e->person_id, person);
    if (rc == SG_OK)
        rc = store_milestone_list(tx, e->id, ms, MILESTONES_MAX, &n);
    for (int i = 0; rc == SG_OK && i < n; i++) {
        char *mnote = NULL;
        char pid[48];
        snprintf(pid, sizeof pid, "%s#%lld", e->public_id, (long long)ms[i].id);
        rc = open_opt(a, "enrolment_milestones.note", pid, ms[i].note_enc, ms[i].note_enc_len,
                      &mnote);
        if (rc == SG_OK)
            json_array_append_new(list, json_pack("{s:s, s:s, s:s?, s:o, s:s}", "on", ms[i].on_date,
                                                  "kind", ms[i].kind, "note", mnote, "recorded_by",
                                                  svc_user_ref(tx, ms[i].recorded_by),
                                                  "recorded_at", ms[i].recorded_at));
        sg_free(mnote);
    }
    for (int i = 0; i < n; i++)
        store_milestone_clear(&ms[i]);
    if (rc == SG_OK)
        j = json_pack("{s:s, s:s, s:s, s:I, s:s, s:s?, s:s?, s:s?, s:s?, s:o, s:o, s:s, s:s}", "id",
                      e->public_id, "person_id", person, "programme_id", e->programme_id,
                      "catalogue_version", (json_int_t)e->catalogue_version, "status", e->status,
                      "reason", why, "enrolled_on", e->enrolled_on[0] ? e->enrolled_on : NULL,
                      "outcome", e->outcome[0] ? e->outcome : NULL, "outcome_note", note,
                      "milestones", list, "referred_by", svc_user_ref(tx, e->created_by),
                      "created_at", e->created_at, "updated_at", e->updated_at);
    else
        json_decref(list);
    sg_free(why);
    sg_free(note);
    return j;
}

static int enrol_job(store_tx *tx, void *arg)
{
    enrol_ctx *ec = arg;
    json_t *catalogue = NULL;
    person_row p;
    int rc = load_catalogue(tx, &catalogue);
    if (rc != SG_OK)
        return rc;
    if (!find_programme(catalogue, ec->programme_id)) {
        json_decref(catalogue);
        return svc_invalid(ec->err, "programme_id", "not a programme of the catalogue");
    }
    ec->row.catalogue_version = json_integer_value(json_object_get(catalogue, "published_version"));
    json_decref(catalogue);
    rc = store_person_find_public(tx, ec->person_id, &p);
    if (rc == SG_OK) {
        rc = access_check_person(tx, ec->who, &p);
        ec->row.person_id = p.id;
        store_person_clear(&p);
    }
    if (rc == SG_ENOTFOUND)
        return svc_invalid(ec->err, "person_id", "no such person in your organisation");
    if (rc == SG_OK)
        rc = store_enrolment_insert(tx, &ec->row);
    if (rc == SG_OK)
        rc = audit_record_person(tx, ec->a->keys, ec->who, "enrolment.create", "enrolment",
                                 ec->row.public_id, ec->row.person_id,
                                 "refer a child to a programme");
    if (rc == SG_OK) {
        ec->result = enrolment_json(tx, ec->a, &ec->row);
        rc = ec->result ? SG_OK : SG_ENOMEM;
    }
    return rc;
}

int enrolment_create(app *a, const actor *who, const char *person_id, const char *programme_id,
                     const char *reason, json_t **out, svc_error *err)
{
    if (!may_work(who))
        return SG_EFORBIDDEN;
    if (!person_id || !token_is_uuid(person_id))
        return svc_invalid(err, "person_id", "the id of a person is required");
    if (!programme_id)
        return svc_invalid(err, "programme_id", "the programme is required");
    if (reason
        && (text_utf8_length(reason) > TEXT_MAX_CHARS
            || !text_is_clean_utf8(reason, strlen(reason))))
        return svc_invalid(err, "reason", "at most 2000 characters");
    enrol_ctx ec = {
        .a = a, .who = who, .person_id = person_id, .programme_id = programme_id, .err = err};
    enrolment_row *e = &ec.row;
    token_uuid(e->public_id);
    e->org_id = who->org_id;
    text_copy(e->programme_id, sizeof e->programme_id, programme_id);
    text_copy(e->status, sizeof e->status, "referred");
    e->created_by = who->user_id;
    clock_format_iso(clock_now_ms(), e->created_at);
    text_copy(e->updated_at, sizeof e->updated_at, e->created_at);
    int rc = reason ? vault_seal_field(a->keys, "enrolments.reason", e->public_id, reason,
                                       &e->reason_enc, &e->reason_enc_len)
                    : SG_OK;
    if (rc == SG_OK)
        rc = store_write(a->db, enrol_job, &ec);
    if (rc == SG_ESTATE && err)
        err->reason = "no intervention catalogue has been published yet";
    rc = svc_result(rc, ec.result, out);
    store_enrolment_clear(e);
    return rc;
}

static int load_enrolment(store_tx *tx, enrol_ctx *ec)
{
    int rc =
        token_is_uuid(ec->id) ? store_enrolment_find_public(tx, ec->id, &ec->row) : SG_ENOTFOUND;
    if (rc == SG_OK && ec->row.org_id != ec->who->org_id)
        rc = SG_ENOTFOUND;
    return rc;
}

/* The status a change may move to: referred -> enrolled -> completed, and
 * stopped from either before completion. */
static bool allowed(const char *from, const char *to)
{
    if (strcmp(to, "enrolled") == 0)
        return strcmp(from, "referred") == 0;
    if (strcmp(to, "completed") == 0)
        return strcmp(from, "enrolled") == 0;
    if (strcmp(to, "stopped") == 0)
        return strcmp(from, "referred") == 0 || strcmp(from, "enrolled") == 0;
    return false;
}

static int update_job(store_tx *tx, void *arg)
{
    enrol_ctx *ec = arg;
    const enrolment_change *ch = ec->change;
    int rc = load_enrolment(tx, ec);
    if (rc != SG_OK)
        return rc;
    enrolment_row *e = &ec->row;
    if (ch->status) {
        if (!allowed(e->status, ch->status)) {
            ec->why = "that change of status is not possible now";
            return SG_ESTATE;
        }
        text_copy(e->status, sizeof e->status, ch->status);
        if (ch->enrolled_on)
            text_copy(e->enrolled_on, sizeof e->enrolled_on, ch->enrolled_on);
        if (ch->outcome)
            text_copy(e->outcome, sizeof e->outcome, ch->outcome);
        if (ch->outcome_note) {
            sg_free(e->outcome_note_enc);
            e->outcome_note_enc = NULL;
            rc = vault_seal_field(ec->a->keys, "enrolments.outcome_note", e->public_id,
                                  ch->outcome_note, &e->outcome_note_enc, &e->outcome_note_enc_len);
        }
    }
    clock_format_iso(clock_now_ms(), e->updated_at);
    if (rc == SG_OK)
        rc = store_enrolment_update(tx, e);
    if (rc == SG_OK && ch->milestone_on) {
        if (strcmp(e->status, "enrolled") != 0) {
            ec->why = "milestones are recorded while the child is enrolled";
            return SG_ESTATE;
        }
        if (strcmp(ch->milestone_on, e->enrolled_on) < 0)
            return svc_invalid(ec->err, "milestone.on", "not before the day the child started");
        milestone_row m;
        memset(&m, 0, sizeof m);
        m.enrolment_id = e->id;
        text_copy(m.on_date, sizeof m.on_date, ch->milestone_on);
        text_copy(m.kind, sizeof m.kind, ch->milestone_kind);
        m.recorded_by = ec->who->user_id;
        clock_format_iso(clock_now_ms(), m.recorded_at);
        rc = store_milestone_insert(tx, &m);
        if (rc == SG_OK && ch->milestone_note) {
            /* The note is bound to the milestone, known once inserted. */
            char pid[48];
            snprintf(pid, sizeof pid, "%s#%lld", e->public_id, (long long)m.id);
            rc = vault_seal_field(ec->a->keys, "enrolment_milestones.note", pid, ch->milestone_note,
                                  &m.note_enc, &m.note_enc_len);
            if (rc == SG_OK)
                rc = store_milestone_set_note(tx, m.id, m.note_enc, m.note_enc_len);
        }
        store_milestone_clear(&m);
    }
    if (rc == SG_OK)
        rc = audit_record_person(tx, ec->a->keys, ec->who, "enrolment.update", "enrolment",
                                 e->public_id, e->person_id, "follow a child in a programme");
    if (rc == SG_OK) {
        ec->result = enrolment_json(tx, ec->a, e);
        rc = ec->result ? SG_OK : SG_ENOMEM;
    }
    return rc;
}

static int check_date(const char *s, const char *field, svc_error *err)
{
    date d, today;
    date_today(&today);
    if (s && (date_parse(s, &d) != SG_OK || date_compare(&d, &today) > 0))
        return svc_invalid(err, field, "a date as YYYY-MM-DD, not in the future");
    return SG_OK;
}

int enrolment_update(app *a, const actor *who, const char *id, const enrolment_change *in,
                     json_t **out, svc_error *err)
{
    if (!may_work(who))
        return SG_EFORBIDDEN;
    if (in->status && (!in_list(statuses, in->status) || strcmp(in->status, "referred") == 0))
        return svc_invalid(err, "status", "enrolled, completed or stopped");
    if (in->status && strcmp(in->status, "enrolled") == 0 && !in->enrolled_on)
        return svc_invalid(err, "enrolled_on", "the day the child started");
    bool ends = in->status && strcmp(in->status, "enrolled") != 0;
    if (ends && !in_list(outcomes, in->outcome))
        return svc_invalid(err, "outcome", "goals-met, partly-met, not-met, dropped-out or moved");
    if (!ends && (in->outcome || in->outcome_note))
        return svc_invalid(err, "outcome", "an outcome comes with completed or stopped");
    int rc = check_date(in->enrolled_on, "enrolled_on", err);
    if (rc == SG_OK)
        rc = check_date(in->milestone_on, "milestone.on", err);
    if (rc != SG_OK)
        return rc;
    if (in->milestone_on && !in_list(milestone_kinds, in->milestone_kind))
        return svc_invalid(err, "milestone.kind", "attended, missed or milestone");
    const char *texts[] = {in->outcome_note, in->milestone_note};
    for (int i = 0; i < 2; i++)
        if (texts[i]
            && (text_utf8_length(texts[i]) > TEXT_MAX_CHARS
                || !text_is_clean_utf8(texts[i], strlen(texts[i]))))
            return svc_invalid(err, i ? "milestone.note" : "outcome_note",
                               "at most 2000 characters");
    if (!in->status && !in->milestone_on)
        return svc_invalid(err, "status", "nothing to change");
    enrol_ctx ec = {.a = a, .who = who, .id = id, .change = in, .err = err};
    rc = store_write(a->db, update_job, &ec);
    if (rc == SG_ESTATE && err)
        err->reason = ec.why;
    rc = svc_result(rc, ec.result, out);
    store_enrolment_clear(&ec.row);
    return rc;
}

static int get_job(store_tx *tx, void *arg)
{
    enrol_ctx *ec = arg;
    int rc = load_enrolment(tx, ec);
    if (rc == SG_OK)
        rc = audit_record_person(tx, ec->a->keys, ec->who, "enrolment.read", "enrolment",
                                 ec->row.public_id, ec->row.person_id,
                                 "follow a child in a programme");
    if (rc == SG_OK) {
        ec->result = enrolment_json(tx, ec->a, &ec->row);
        rc = ec->result ? SG_OK : SG_ENOMEM;
    }
    return rc;
}

int enrolment_get(app *a, const actor *who, const char *id, json_t **out)
{
    if (!may_work(who))
        return SG_EFORBIDDEN;
    enrol_ctx ec = {.a = a, .who = who, .id = id};
    int rc = svc_read_audited(a, get_job, &ec);
    rc = svc_result(rc, ec.result, out);
    store_enrolment_clear(&ec.row);
    return rc;
}

typedef struct list_ctx {
    app *a;
    const actor *who;
    const char *person_pid;
    int64_t after;
    int limit;
    json_t *items;
    int64_t last;
} list_ctx;

static int list_job(store_tx *tx, void *arg)
{
    list_ctx *lc = arg;
    int64_t person = 0;
    if (lc->person_pid) {
        person_row p;
        int rc = store_person_find_public(tx, lc->person_pid, &p);
        if (rc == SG_ENOTFOUND)
            return SG_OK;
        if (rc != SG_OK)
            return rc;
        person = p.id;
        store_person_clear(&p);
    }
    enrolment_row *rows = sg_calloc(LIST_MAX, sizeof *rows);
    int n = 0;
    int rc = rows
                 ? store_enrolment_list(tx, lc->who->org_id, person, lc->after, rows, lc->limit, &n)
                 : SG_ENOMEM;
    for (int i = 0; rc == SG_OK && i < n; i++) {
        json_t *j = enrolment_json(tx, lc->a, &rows[i]);
        if (!j || json_array_append_new(lc->items, j) != 0)
            rc = SG_ENOMEM;
        if (rc == SG_OK)
            rc = audit_record_person(tx, lc->a->keys, lc->who, "enrolment.read", "enrolment",
                                     rows[i].public_id, rows[i].person_id, "list enrolments");
        lc->last = rows[i].id;
    }
    for (int i = 0; i < n; i++)
        store_enrolment_clear(&rows[i]);
    sg_free(rows);
    return rc;
}

int enrolment_list(app *a, const actor *who, const char *person_id, const char *cursor, int limit,
                   json_t **out, svc_error *err)
{
    if (!may_work(who))
        return SG_EFORBIDDEN;
    if (person_id && !token_is_uuid(person_id))
        return svc_invalid(err, "person_id", "not the id of a person");
    list_ctx lc = {.a = a, .who = who, .person_pid = person_id, .limit = svc_page_limit(a, limit)};
    if (lc.limit > LIST_MAX)
        lc.limit = LIST_MAX;
    int rc = svc_cursor_parse(cursor, &lc.after, err);
    if (rc != SG_OK)
        return rc;
    lc.items = json_array();
    rc = lc.items ? svc_read_audited(a, list_job, &lc) : SG_ENOMEM;
    if (rc != SG_OK) {
        json_decref(lc.items);
        return rc;
    }
    *out = svc_page(lc.items, lc.limit, lc.last);
    return *out ? SG_OK : SG_ENOMEM;
}
