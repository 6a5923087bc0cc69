#include "domain/meldcode.h"

#include <string.h>

static const char *const steps_nl[MELDCODE_STEPS] = {
    "Signalen in kaart brengen",
    "Collegiale consultatie (en zo nodig Veilig Thuis of een deskundige op het gebied van"
    " letselduiding)",
    "Gesprek met de leerling en/of ouders", "Wegen met het afwegingskader",
    "Beslissen: is melden noodzakelijk? Is hulp verlenen of organiseren (ook) mogelijk?"};
static const char *const steps_en[MELDCODE_STEPS] = {
    "Map the signals", "Consult a colleague (and if needed Veilig Thuis or an expert on injuries)",
    "Talk with the pupil and/or parents", "Weigh with the afwegingskader",
    "Decide: is reporting necessary? Is offering or organising help (also) possible?"};

static const char *const questions_nl[MELDCODE_QUESTIONS] = {
    "Is er een vermoeden van huiselijk geweld, kindermishandeling of uitbuiting?",
    "Is er sprake van acute en/of structurele onveiligheid?",
    "Ben ik in staat passende en toereikende hulp te bieden of te organiseren?",
    "Aanvaarden de betrokkenen de hulp?",
    "Leidt de hulp binnen de gewenste termijn tot de noodzakelijke veiligheid en het duurzame"
    " herstel?"};
static const char *const questions_en[MELDCODE_QUESTIONS] = {
    "Is there a suspicion of domestic violence, child abuse or exploitation?",
    "Is there acute and/or structural unsafety?",
    "Can I offer or organise proper, sufficient help?", "Do those involved accept the help?",
    "Does the help bring the necessary safety and lasting recovery in time?"};

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
    bool report, help, with_vt;
} decisions[] = {
    [DECISION_NONE] = {"", "", "", false, false, false},
    [DECISION_CLOSE] = {"close-and-record", "Afsluiten en vastleggen", "Close and record", false,
                        false, false},
    [DECISION_REPORT] = {"report-to-veilig-thuis", "Melden bij Veilig Thuis",
                         "Report to Veilig Thuis", true, false, false},
    [DECISION_HELP] = {"organise-help-and-monitor", "Hulp organiseren en monitoren",
                       "Organise help and monitor", false, true, false},
    [DECISION_REPORT_AND_HELP] = {"report-and-help", "Melden én hulp bieden of organiseren",
                                  "Report and offer or organise help", true, true, false},
    [DECISION_REPORT_WEIGH] = {"report-and-weigh-help-with-veilig-thuis",
                               "Melden; of hulp (ook) mogelijk is, samen met Veilig Thuis wegen",
                               "Report; weigh together with Veilig Thuis whether help is (also)"
                               " possible",
                               true, false, true},
};

#define DECISION_LAST DECISION_REPORT_WEIGH

const char *meldcode_decision_code(meldcode_decision d)
{
    return (unsigned)d <= DECISION_LAST ? decisions[d].code : "";
}

const char *meldcode_decision_name(meldcode_decision d, bool dutch)
{
    if ((unsigned)d > DECISION_LAST)
        return "";
    return dutch ? decisions[d].nl : decisions[d].en;
}

int meldcode_decision_parse(const char *code, meldcode_decision *out)
{
    for (int d = DECISION_CLOSE; code && d <= DECISION_LAST; d++) {
        if (strcmp(code, decisions[d].code) == 0) {
            *out = (meldcode_decision)d;
            return SG_OK;
        }
    }
    return SG_EINVAL;
}

void meldcode_decision_pair(meldcode_decision d, bool *report, bool *help, bool *help_with_vt)
{
    if ((unsigned)d > DECISION_LAST)
        d = DECISION_NONE;
    *report = decisions[d].report;
    *help = decisions[d].help;
    *help_with_vt = decisions[d].with_vt;
}

meldcode_decision meldcode_decision_of(bool report, bool help)
{
    if (report)
        return help ? DECISION_REPORT_AND_HELP : DECISION_REPORT;
    return help ? DECISION_HELP : DECISION_CLOSE;
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

/* The advice an answer to question q (1..5) settles, or NONE to go on. */
static meldcode_decision settles(int q, meldcode_answer a)
{
    switch (q) {
    case 1:
        return a == ANSWER_NO ? DECISION_CLOSE : DECISION_NONE;
    case 2:
        return a == ANSWER_YES ? DECISION_REPORT_WEIGH : DECISION_NONE;
    case 3:
    case 4:
        return a == ANSWER_NO ? DECISION_REPORT : DECISION_NONE;
    default:
        /* Help that does not work in time: report (again), and go on helping. */
        return a == ANSWER_NO ? DECISION_REPORT_AND_HELP : DECISION_HELP;
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

int meldcode_decide(meldcode_decision advised, const meldcode_choice *c, bool *deviates,
                    const char **field, const char **why)
{
    bool report = false, help = false, with_vt = false;
    meldcode_decision_pair(advised, &report, &help, &with_vt);
    *deviates = c->report != report || (!with_vt && c->help != help);
    if (with_vt && c->report && !c->with_veilig_thuis) {
        *field = "with_veilig_thuis";
        *why = "after a report for acute or structural unsafety, whether help is (also) possible"
               " is weighed together with Veilig Thuis: record that it was";
        return SG_EINVAL;
    }
    if (*deviates && !c->justified) {
        *field = "justification";
        *why = "deciding otherwise than the afwegingskader advises needs a written justification"
               " of at least 20 characters";
        return SG_EINVAL;
    }
    *field = "";
    *why = "";
    return SG_OK;
}

/* Besluit verplichte meldcode huiselijk geweld en kindermishandeling, art. 2
 * (step 2: a knowledgeable colleague and, if needed, Veilig Thuis or an
 * expert on the interpretation of injuries); the others are the school's
 * own officer and the chain's expert group on criminal exploitation. */
static const struct {
    const char *code, *nl, *en;
} experts[] = {
    {"colleague", "Deskundige collega", "Knowledgeable colleague"},
    {"aandachtsfunctionaris", "Aandachtsfunctionaris (meldcode)", "Meldcode officer"},
    {"veilig-thuis", "Veilig Thuis (advies, zo nodig anoniem)",
     "Veilig Thuis (advice, anonymous if need be)"},
    {"injury-expert", "Deskundige op het gebied van letselduiding (forensisch arts)",
     "Expert on the interpretation of injuries (forensic physician)"},
    {"youth-doctor", "Jeugdarts of jeugdverpleegkundige", "Youth doctor or nurse"},
    {"expert-group", "Landelijk expertteam criminele uitbuiting minderjarigen",
     "National expert group on criminal exploitation of minors"},
    {"other", "Andere deskundige", "Another expert"},
};

const char *const meldcode_experts[] = {
    "colleague",    "aandachtsfunctionaris", "veilig-thuis", "injury-expert",
    "youth-doctor", "expert-group",          "other",        NULL};

const char *meldcode_expert_name(const char *code, bool dutch)
{
    for (size_t i = 0; code && i < sizeof experts / sizeof experts[0]; i++)
        if (strcmp(experts[i].code, code) == 0)
            return dutch ? experts[i].nl : experts[i].en;
    return "";
}
