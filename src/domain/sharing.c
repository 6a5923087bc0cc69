#include "domain/sharing.h"

#include <string.h>

#include "base/text.h"
#include "domain/consent.h"

const char *const sharing_bases[] = {"consent", "meldrecht", "statutory-task", "override", NULL};
/* The last, acute-report, is a report of acute danger to Veilig Thuis. */
const char *const sharing_purposes[] = {"report",       "advice",
                                        "care",         "investigation",
                                        "intervention", "expert-advice",
                                        "information",  "screening-handover",
                                        "acute-report", NULL};
const char *const sharing_parts[] = {"identity",           "signals",       "care-question",
                                     "consultation-notes", "meldcode",      "screening",
                                     "decision",           "decision-fact", NULL};

/* Organisations with a statutory task of their own in this chain.  Youth
 * health care: Wet publieke gezondheid art. 5; the Child Protection Board:
 * BW art. 1:238; Halt: Sv art. 77e; certified institutions: Jeugdwet
 * art. 3.4 and 3.5. */
static bool has_statutory_task(org_type t)
{
    return t == ORG_POLICE || t == ORG_PROSECUTION || t == ORG_VEILIG_THUIS || t == ORG_YOUTH_CARE
           || t == ORG_MUNICIPALITY || t == ORG_EXPERT_GROUP || t == ORG_YOUTH_HEALTH_CARE
           || t == ORG_CHILD_PROTECTION_BOARD || t == ORG_HALT || t == ORG_CERTIFIED_INSTITUTION;
}

int sharing_check_basis(const sharing_basis_input *in, const char **field, const char **why)
{
    *field = "legal_basis";
    if (!in->basis) {
        *why = "a legal basis is required: consent, meldrecht, statutory-task, or an override"
               " with a written reason";
        return SG_EINVAL;
    }
    if (strcmp(in->basis, "consent") == 0) {
        if (in->age < 0) {
            *field = "consent_on";
            *why = "consent needs the date it was given";
            return SG_EINVAL;
        }
        /* Whose consent counts at this age for this receiver is the published
         * rule table's (domain/consent.h), which the use case applies. */
        *field = "consent_party";
        consent_need given;
        if (consent_need_parse(in->consent_party, &given) != SG_OK) {
            *why = "who consented: parent, pupil or pupil-and-parent";
            return SG_EINVAL;
        }
        return SG_OK;
    }
    if (strcmp(in->basis, "meldrecht") == 0) {
        if (in->to != ORG_VEILIG_THUIS) {
            *why = "the meldrecht covers reports to Veilig Thuis only";
            return SG_EINVAL;
        }
        return SG_OK;
    }
    if (strcmp(in->basis, "statutory-task") == 0) {
        if (!has_statutory_task(in->from)) {
            *why = "your organisation has no statutory task to share this on";
            return SG_EINVAL;
        }
        return SG_OK;
    }
    if (strcmp(in->basis, "override") == 0) {
        *field = "override_reason";
        if (!in->override_reason || text_is_blank(in->override_reason)
            || text_utf8_length(in->override_reason) < SHARING_OVERRIDE_MIN) {
            *why = "an override needs a written reason of at least 20 characters";
            return SG_EINVAL;
        }
        return SG_OK;
    }
    *why = "not a known legal basis";
    return SG_EINVAL;
}

static const struct {
    const char *code;
    const char *event;
    bool by_receiver;
} actions[] = {
    [REFERRAL_ACKNOWLEDGE] = {"acknowledge", "referral.acknowledged", true},
    [REFERRAL_ACCEPT] = {"accept", "referral.accepted", true},
    [REFERRAL_DECLINE] = {"decline", "referral.declined", true},
    [REFERRAL_COMPLETE] = {"complete", "referral.completed", true},
    [REFERRAL_REVOKE] = {"revoke", "referral.revoked", false},
};

int referral_action_parse(const char *code, referral_action *out)
{
    for (int i = 0; code && i <= REFERRAL_REVOKE; i++)
        if (strcmp(code, actions[i].code) == 0) {
            *out = (referral_action)i;
            return SG_OK;
        }
    return SG_EINVAL;
}

const char *referral_action_event(referral_action a)
{
    return (unsigned)a <= REFERRAL_REVOKE ? actions[a].event : "";
}

bool referral_action_by_receiver(referral_action a)
{
    return (unsigned)a <= REFERRAL_REVOKE && actions[a].by_receiver;
}

int referral_transition(const char *status, referral_action a, const char **next, const char **why)
{
    bool open = strcmp(status, "sent") == 0 || strcmp(status, "acknowledged") == 0;
    switch (a) {
    case REFERRAL_ACKNOWLEDGE:
        if (strcmp(status, "sent") == 0) {
            *next = "acknowledged";
            return SG_OK;
        }
        *why = "only a referral just sent can be acknowledged";
        return SG_ESTATE;
    case REFERRAL_ACCEPT:
    case REFERRAL_DECLINE:
        if (open) {
            *next = a == REFERRAL_ACCEPT ? "accepted" : "declined";
            return SG_OK;
        }
        *why = "the referral was decided on already, or revoked";
        return SG_ESTATE;
    case REFERRAL_COMPLETE:
        if (strcmp(status, "accepted") == 0) {
            *next = "completed";
            return SG_OK;
        }
        *why = "only an accepted referral can be completed";
        return SG_ESTATE;
    case REFERRAL_REVOKE:
        if (open) {
            *next = "revoked";
            return SG_OK;
        }
        *why = "a referral can be revoked only before it is accepted or declined";
        return SG_ESTATE;
    }
    *why = "not a known action";
    return SG_EINVAL;
}
