/* Use case: record a Meldcode step on a case (step 2 names the experts
 * consulted, step 4 weighs, step 5 takes the two decisions). */
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "domain/meldcode.h"
#include "security/token.h"
#include "service/school/school_int.h"

#define SUMMARY_MAX_CHARS 5000
#define JUSTIFICATION_MAX_CHARS 5000
#define STEPS_MAX 100

typedef struct step_ctx {
    app *a;
    const actor *who;
    const char *id;
    const step_input *in;
    meldcode_decision advised;  /* step 4: from the answers */
    meldcode_decision decision; /* step 5: as decided, the pair (report, help) */
    char answers[64];
    case_row c;
    step_row row;
    svc_error *err;
    json_t *result;
} step_ctx;

/* The advice of the newest step-4 record of the case, or NONE. */
static int latest_advice(store_tx *tx, int64_t case_id, meldcode_decision *out)
{
    step_row *rows = sg_calloc(STEPS_MAX, sizeof *rows);
    int n = 0;
    if (!rows)
        return SG_ENOMEM;
    *out = DECISION_NONE;
    int rc = store_step_list(tx, case_id, rows, STEPS_MAX, &n);
    for (int i = 0; rc == SG_OK && i < n; i++)
        if (rows[i].step == 4 && meldcode_decision_parse(rows[i].advised, out) != SG_OK)
            rc = SG_EDB;
    for (int i = 0; i < n; i++)
        store_step_clear(&rows[i]);
    sg_free(rows);
    return rc;
}

static int step_job(store_tx *tx, void *arg)
{
    step_ctx *sc = arg;
    const step_input *in = sc->in;
    int rc = case_load(tx, sc->who, sc->id, &sc->c);
    if (rc != SG_OK)
        return rc;
    if (strcmp(sc->c.status, "open") != 0) {
        if (sc->err)
            sc->err->reason = "the case is closed";
        return SG_ESTATE;
    }
    if (in->step > sc->c.next_step) {
        if (sc->err) {
            snprintf(sc->err->text, sizeof sc->err->text,
                     "the Meldcode is walked in order: the next step is %d", sc->c.next_step);
            sc->err->reason = sc->err->text;
        }
        return SG_ESTATE;
    }
    if (in->step == 5) {
        meldcode_decision advised;
        rc = latest_advice(tx, sc->c.id, &advised);
        if (rc != SG_OK)
            return rc;
        if (advised == DECISION_NONE) {
            if (sc->err)
                sc->err->reason = "weigh with the afwegingskader (step 4) before deciding";
            return SG_ESTATE;
        }
        bool report = false, help = false, unused = false, deviates = false;
        meldcode_decision_pair(sc->decision, &report, &help, &unused);
        meldcode_choice choice = {
            .report = report,
            .help = help,
            .with_veilig_thuis = in->with_veilig_thuis,
            .justified = in->justification && !text_is_blank(in->justification)
                         && text_utf8_length(in->justification) >= MELDCODE_JUSTIFICATION_MIN};
        const char *field = NULL, *why = NULL;
        if (meldcode_decide(advised, &choice, &deviates, &field, &why) != SG_OK)
            return svc_invalid(sc->err, field, why);
        sc->row.with_veilig_thuis = in->with_veilig_thuis;
        text_copy(sc->row.advised, sizeof sc->row.advised, meldcode_decision_code(advised));
        text_copy(sc->row.decision, sizeof sc->row.decision, meldcode_decision_code(sc->decision));
        if (deviates) {
            rc = vault_seal_field(sc->a->keys, "meldcode_steps.deviation", sc->row.public_id,
                                  in->justification, &sc->row.deviation_enc,
                                  &sc->row.deviation_enc_len);
            if (rc != SG_OK)
                return rc;
        }
        text_copy(sc->c.decision, sizeof sc->c.decision, meldcode_decision_code(sc->decision));
        if (sc->decision == DECISION_CLOSE) {
            text_copy(sc->c.status, sizeof sc->c.status, "closed");
            clock_format_iso(clock_now_ms(), sc->c.closed_at);
        }
    }
    sc->row.case_id = sc->c.id;
    rc = store_step_insert(tx, &sc->row);
    if (rc == SG_OK)
        rc = case_progress(tx, sc->a, &sc->c, in->step);
    if (rc == SG_OK && strcmp(sc->c.status, "closed") == 0)
        rc = case_event(tx, &sc->c, "case.closed");
    if (rc == SG_OK) {
        char action[32];
        snprintf(action, sizeof action, "case.meldcode-step-%d", in->step);
        rc = case_audit(tx, sc->a, sc->who, &sc->c, action, "walk the Meldcode");
    }
    if (rc == SG_OK)
        rc = case_render(tx, sc->a, sc->who, &sc->c, &sc->result);
    return rc;
}

/* Checks the input that needs no database, filling sc's answers and decisions. */
static int validate(step_ctx *sc)
{
    const step_input *in = sc->in;
    svc_error *err = sc->err;
    if (in->step < 1 || in->step > MELDCODE_STEPS)
        return svc_invalid(err, "step", "a Meldcode step from 1 to 5");
    if (!in->summary || text_is_blank(in->summary)
        || text_utf8_length(in->summary) > SUMMARY_MAX_CHARS
        || !text_is_clean_utf8(in->summary, strlen(in->summary)))
        return svc_invalid(err, "summary", "what was done, 1 to 5000 characters");
    bool any_answer = false;
    for (int q = 0; q < MELDCODE_QUESTIONS; q++)
        any_answer = any_answer || in->answers[q];
    if (in->step != 4 && any_answer)
        return svc_invalid(err, "answers", "only step 4 answers the afwegingskader");
    if (in->step != 5 && (in->decision || in->justification || in->report >= 0 || in->help >= 0))
        return svc_invalid(err, "decision", "only step 5 records a decision");
    if (in->step != 5 && in->with_veilig_thuis)
        return svc_invalid(err, "with_veilig_thuis", "only step 5 records who weighed the help");
    if (in->step != 2 && in->nconsulted > 0)
        return svc_invalid(err, "consulted", "only step 2 names the experts consulted");
    if (in->nconsulted < 0 || in->nconsulted > STEP_MAX_CONSULTED)
        return svc_invalid(err, "consulted", "at most 8 experts");
    size_t listed = 0;
    for (int i = 0; i < in->nconsulted; i++) {
        bool known = false;
        for (int k = 0; meldcode_experts[k] && in->consulted[i]; k++)
            known = known || strcmp(meldcode_experts[k], in->consulted[i]) == 0;
        for (int k = 0; known && k < i; k++)
            if (strcmp(in->consulted[k], in->consulted[i]) == 0)
                return svc_invalid(err, "consulted", "an expert appears twice");
        if (!known)
            return svc_invalid(err, "consulted",
                               "colleague, aandachtsfunctionaris, veilig-thuis, injury-expert,"
                               " youth-doctor, expert-group or other");
        listed += (size_t)snprintf(sc->row.consulted + listed, sizeof sc->row.consulted - listed,
                                   "%s%s", i ? "," : "", in->consulted[i]);
    }
    if (in->step == 4) {
        meldcode_answer answers[MELDCODE_QUESTIONS] = {ANSWER_NONE};
        size_t used = 0;
        for (int q = 0; q < MELDCODE_QUESTIONS; q++) {
            if (in->answers[q] && meldcode_answer_parse(in->answers[q], &answers[q]) != SG_OK)
                return svc_invalid(err, "answers", "each answer is yes, no or unknown");
            used += (size_t)snprintf(sc->answers + used, sizeof sc->answers - used, "%s%s",
                                     q ? "," : "", meldcode_answer_code(answers[q]));
        }
        int decisive = 0;
        const char *why = NULL;
        if (meldcode_weigh(answers, &sc->advised, &decisive, &why) != SG_OK)
            return svc_invalid(err, "answers", why);
        text_copy(sc->row.answers, sizeof sc->row.answers, sc->answers);
        text_copy(sc->row.advised, sizeof sc->row.advised, meldcode_decision_code(sc->advised));
    }
    if (in->step == 5) {
        if ((in->report < 0) != (in->help < 0))
            return svc_invalid(err, in->report < 0 ? "report" : "help",
                               "step 5 takes two decisions: is reporting necessary (report), is"
                               " help also possible (help)");
        meldcode_decision code = DECISION_NONE;
        if (in->decision
            && (meldcode_decision_parse(in->decision, &code) != SG_OK
                || code == DECISION_REPORT_WEIGH))
            return svc_invalid(err, "decision",
                               "close-and-record, report-to-veilig-thuis,"
                               " organise-help-and-monitor or report-and-help");
        if (in->report >= 0) {
            sc->decision = meldcode_decision_of(in->report == 1, in->help == 1);
            if (in->decision && code != sc->decision)
                return svc_invalid(err, "decision",
                                   "the decision code differs from report and help");
        } else if (in->decision) {
            sc->decision = code;
        } else {
            return svc_invalid(err, "report",
                               "step 5 takes two decisions: is reporting necessary (report), is"
                               " help also possible (help)");
        }
        if (in->justification
            && (text_utf8_length(in->justification) > JUSTIFICATION_MAX_CHARS
                || !text_is_clean_utf8(in->justification, strlen(in->justification))))
            return svc_invalid(err, "justification", "at most 5000 characters");
    }
    return SG_OK;
}

int case_record_step(app *a, const actor *who, const char *id, const step_input *in, json_t **out,
                     svc_error *err)
{
    if (!access_may_work_cases(who))
        return access_may_read_persons(who) ? SG_ENOTFOUND : SG_EFORBIDDEN;
    step_ctx *sc = sg_calloc(1, sizeof *sc);
    if (!sc)
        return SG_ENOMEM;
    sc->a = a;
    sc->who = who;
    sc->id = id;
    sc->in = in;
    sc->err = err;
    int rc = validate(sc);
    if (rc == SG_OK) {
        token_uuid(sc->row.public_id);
        sc->row.step = in->step;
        sc->row.recorded_by = who->user_id;
        clock_format_iso(clock_now_ms(), sc->row.recorded_at);
        rc = vault_seal_field(a->keys, "meldcode_steps.summary", sc->row.public_id, in->summary,
                              &sc->row.summary_enc, &sc->row.summary_enc_len);
    }
    if (rc == SG_OK)
        rc = store_write(a->db, step_job, sc);
    rc = svc_result(rc, sc->result, out);
    store_step_clear(&sc->row);
    sg_free(sc);
    return rc;
}
