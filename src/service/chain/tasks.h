/*
 * tasks.h - my tasks and deadlines; a child's chronology.
 *
 * Both gather what every part of the mission holds for the actor: the
 * school's actions, Meldcode steps and stale cases, the chain's clocks,
 * notifications and referrals, and the reference index's match tasks.
 * They live in chain/, the one folder that may depend on both school/ and
 * refindex/.  Each part adds its own items (chain_add_tasks,
 * concern_add_tasks); these use cases sort them and audit the read.
 */
#ifndef SG_TASKS_H
#define SG_TASKS_H

#include "service/app.h"

/* My open tasks: actions I own, Meldcode steps due on cases I own, and
 * cases of my school without progress, each with its due date and whether
 * it is overdue; the chain's clocks and notices and the index's match
 * tasks.  Content-free except an action's own description. */
SG_MUST_CHECK int tasks_list(app *a, const actor *who, json_t **out);

/* All the actor may see about one child, oldest first: signals, cases,
 * consultations, Meldcode steps and decisions, and the referrals about the
 * child, each with who and when. */
SG_MUST_CHECK int person_timeline(app *a, const actor *who, const char *person_id, json_t **out);

#endif
