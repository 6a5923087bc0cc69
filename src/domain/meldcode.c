#include "domain/meldcode.h"

#include <string.h>

static const char *const steps_nl[MELDCODE_STEPS] = {
    "Signalen in kaart brengen", "Collegiale consultatie (en zo nodig Veilig Thuis om advies)",
    "Gesprek met de leerling en/of ouders", "Wegen met het afwegingskader",
    "Beslissen: melden en/of hulp organiseren"};
static const char *const steps_en[MELDCODE_STEPS] = {
    "Map the signals", "Consult a colleague (and Veilig Thuis for advice if needed)",
    "Talk with the pupil and/or parents", "Weigh with the afwegingskader",
    "Decide: report and/or organise help"};

static const char *const questions_nl[MELDCODE_QUESTIONS] = {
    "Is er een vermoeden van huiselijk geweld, kindermishandeling of uitbuiting?",
    "Is er sprake van acute en/of structurele onveiligheid?",
    "Ben ik in staat effectieve hulp te bieden of te organiseren?",
    "Aanvaarden de betrokkenen de hulp?",
    "Leidt de hulp binnen de gewenste termijn tot de noodzakelijke resultaten?"};
static const char *const questions_en[MELDCODE_QUESTIONS] = {
    "Is there a suspicion of domestic violence, child abuse or exploitation?",
    "Is there acute and/or structural unsafety?", "Can I offer or organise effective help?",
    "Do those involved accept the help?", "Does the help bring the necessary results in time?"};

const char *meldcode_step_name(int step, bool dutch)
{
    if (step < 1 || step > MELDCODE_STEPS)
        return "";
    return dutch ? steps_nl[step - 1] : steps_en[step - 1];
}

const char *meldcode_question(int q, bool dutch)
{
    if (q < 1 || q > MELDCODE_QUESTIONS)
        return "";
    return dutch ? questions_nl[q - 1] : questions_en[q - 1];
}

static const struct {
    const char *code;
    const char *nl;
    const char *en;
} decisions[] = {
    [DECISION_NONE] = {"", "", ""},
    [DECISION_CLOSE] = {"close-and-record", "Afsluiten en vastleggen", "Close and record"},
    [DECISION_REPORT] = {"report-to-veilig-thuis", "Melden bij Veilig Thuis",
                         "Report to Veilig Thuis"},
    [DECISION_HELP] = {"organise-help-and-monitor", "Hulp organiseren en monitoren",
                       "Organise help and monitor"},
};

const char *meldcode_decision_code(meldcode_decision d)
{
    return (unsigned)d <= DECISION_HELP ? decisions[d].code : "";
}

const char *meldcode_decision_name(meldcode_decision d, bool dutch)
{
    if ((unsigned)d > DECISION_HELP)
        return "";
    return dutch ? decisions[d].nl : decisions[d].en;
}

int meldcode_decision_parse(const char *code, meldcode_decision *out)
{
    for (int d = DECISION_CLOSE; code && d <= DECISION_HELP; d++) {
        if (strcmp(code, decisions[d].code) == 0) {
            *out = (meldcode_decision)d;
            return SG_OK;
        }
    }
    return SG_EINVAL;
}

static const char *const answer_codes[] = {"", "yes", "no", "unknown"};

int meldcode_answer_parse(const char *code, meldcode_answer *out)
{
    for (int a = ANSWER_YES; code && a <= ANSWER_UNKNOWN; a++) {
        if (strcmp(code, answer_codes[a]) == 0) {
            *out = (meldcode_answer)a;
            return SG_OK;
        }
    }
    return SG_EINVAL;
}

const char *meldcode_answer_code(meldcode_answer a)
{
    return (unsigned)a <= ANSWER_UNKNOWN ? answer_codes[a] : "";
}

/* The decision an answer to question q (1..5) settles, or NONE to go on. */
static meldcode_decision settles(int q, meldcode_answer a)
{
    switch (q) {
    case 1:
        return a == ANSWER_NO ? DECISION_CLOSE : DECISION_NONE;
    case 2:
        return a == ANSWER_YES ? DECISION_REPORT : DECISION_NONE;
    case 3:
    case 4:
        return a == ANSWER_NO ? DECISION_REPORT : DECISION_NONE;
    default:
        return a == ANSWER_NO ? DECISION_REPORT : DECISION_HELP;
    }
}

int meldcode_weigh(const meldcode_answer answers[MELDCODE_QUESTIONS], meldcode_decision *out,
                   int *decisive, const char **why)
{
    *out = DECISION_NONE;
    *decisive = 0;
    for (int q = 1; q <= MELDCODE_QUESTIONS; q++) {
        meldcode_answer a = answers[q - 1];
        if (*out != DECISION_NONE) {
            if (a != ANSWER_NONE) {
                *why = "questions after the decisive one are not asked";
                return SG_EINVAL;
            }
            continue;
        }
        if (a == ANSWER_NONE) {
            *why = "answer the questions in order until one decides";
            return SG_EINVAL;
        }
        if (a == ANSWER_UNKNOWN && q != MELDCODE_QUESTIONS) {
            *why = "only question 5 may be answered 'not yet known'";
            return SG_EINVAL;
        }
        *out = settles(q, a);
        if (*out != DECISION_NONE)
            *decisive = q;
    }
    *why = "";
    return SG_OK;
}

consent_party meldcode_consent_party(int age)
{
    return age < 16 ? CONSENT_PARENT : CONSENT_PUPIL;
}

const char *meldcode_consent_party_code(consent_party p)
{
    return p == CONSENT_PARENT ? "parent" : "pupil";
}
