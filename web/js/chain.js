// Pieces of view the pages of the chain share: clocks with their deadline
// and who is responsible, referral statuses, organisations, a screening as
// handed over and a decision of the OM.
import { api, getAll, q } from './api.js';
import { el, facts } from './dom.js';
import { badge, codeText, userRef } from './views.js';

// The chain's professionals who work a child's file like a care worker
// (ROLES_CHAIN_PROFESSIONAL in src/domain/roles.h).
export const CHAIN_PROFESSIONAL_ROLES = ['care-worker', 'youth-health-professional', 'child-protection-investigator',
  'halt-professional', 'family-guardian', 'youth-probation-officer'];
// Roles that send and receive referrals (the API's access_may_refer).
export const REFERRING_ROLES = ['care-coordinator', ...CHAIN_PROFESSIONAL_ROLES, 'police-officer', 'prosecutor'];
// Roles that choose interventions for a child.
export const INTERVENTION_ROLES = ['care-coordinator', ...CHAIN_PROFESSIONAL_ROLES];

export function mayRefer(session) {
  return REFERRING_ROLES.includes(session.user.role);
}

// Police officers screen; prosecutors decide on the screenings.
export function mayScreen(session) {
  return ['police-officer', 'prosecutor'].includes(session.user.role);
}

export function mayChooseInterventions(session) {
  return INTERVENTION_ROLES.includes(session.user.role);
}

// Every organisation a referral or a screening can go to: [{id, name, type}].
export function organisations() {
  return getAll('/organisation-directory');
}

// "Demo: Veilig Thuis (Veilig Thuis)" for an organisation reference.
export function orgLabel(org) {
  if (!org) return el('span', { i18n: 'common.unknownUser' });
  return el('span', { class: 'app-org' }, el('span', { text: org.name }),
    org.type ? el('span', { class: 'app-muted' }, ' (', codeText('referral.orgType', org.type), ')') : null);
}

const STATUS_KINDS = {
  sent: 'warning', acknowledged: 'info', accepted: 'success', declined: 'danger', completed: 'neutral', revoked: 'neutral',
};

export function referralStatus(status) {
  const b = badge(STATUS_KINDS[status] || 'neutral', `referral.status.${status}`);
  b.dataset.status = status;
  return b;
}

export function signsBadge(signs) {
  const kinds = { strong: 'danger', possible: 'warning', none: 'neutral' };
  const b = badge(kinds[signs] || 'neutral', `screening.signs.${signs}`);
  b.dataset.signs = signs;
  return b;
}

// One clock: what must happen, by when, who is responsible, and whether it
// is late, met or missed.
function clockItem(c) {
  const late = c.running && c.overdue;
  let state;
  if (c.running) state = late ? badge('danger', 'clock.overdue') : badge('warning', 'clock.running');
  else state = c.missed ? badge('danger', 'clock.missed') : badge('success', 'clock.met');
  return el('li', { class: `app-card app-clock${late ? ' app-card--overdue' : ''}`, 'data-clock': c.rule.id, 'data-running': String(c.running) },
    el('p', { class: 'app-card__title' }, c.rule.text ? el('span', { bi: c.rule.text }) : el('span', { text: c.rule.id })),
    el('p', { class: 'app-card__meta' },
      el('span', {}, el('span', { i18n: 'clock.due' }), ' ', el('time', { date: c.dueOn })),
      state,
      c.responsible ? el('span', {}, el('span', { i18n: 'clock.responsible' }), ' ', orgLabel(c.responsible)) : null,
      !c.running && c.stoppedAt ? el('span', {}, el('span', { i18n: 'clock.stoppedAt' }), ' ', el('time', { time: c.stoppedAt })) : null));
}

// The clocks of a referral or screening, running ones first.
export function clockList(clocks, { emptyKey = 'clock.none' } = {}) {
  const list = el('ul', { class: 'app-cards app-clocks' });
  const sorted = [...(clocks || [])].sort((a, b) => Number(b.running) - Number(a.running) || a.dueOn.localeCompare(b.dueOn));
  if (!sorted.length) list.append(el('li', { class: 'app-card app-card--empty', i18n: emptyKey }));
  for (const c of sorted) list.append(clockItem(c));
  return list;
}

// The running clocks only, in short, for a card in a list.
export function clockSummary(clocks) {
  const running = (clocks || []).filter((c) => c.running);
  if (!running.length) return null;
  return el('ul', { class: 'app-plain-list app-clock-summary' }, running.map((c) => el('li', { 'data-clock': c.rule.id },
    c.rule.text ? el('span', { bi: c.rule.text }) : el('span', { text: c.rule.id }), ': ',
    el('span', { i18n: 'clock.due' }), ' ', el('time', { date: c.dueOn }),
    c.overdue ? [' ', badge('danger', 'clock.overdue')] : null,
    c.responsible ? el('span', { class: 'app-muted' }, ' — ', el('span', { i18n: 'clock.responsible' }), ' ', el('span', { text: c.responsible.name })) : null)));
}

// The published screening rules: offence and question texts by id.
export async function screeningRules() {
  const rules = await api.get('/screening-rules');
  return {
    doc: rules,
    offences: new Map((rules.offences || []).map((o) => [o.id, o])),
    questions: rules.questions || [],
  };
}

export function offenceText(rules, id) {
  const o = rules && rules.offences.get(id);
  return o ? el('span', { bi: o }) : el('span', { text: id });
}

// A screening as the police recorded it and handed it over: the arrest,
// the protocol's answers, the youth's account, the advice and what the
// officer confirmed.
export function screeningFacts(s, rules) {
  const answered = (s.answers || []).filter((a) => a.answer);
  return el('div', { class: 'app-screening-view' },
    facts([
      ['screening.arrestedOn', el('time', { date: s.arrestedOn })],
      ['screening.offence', offenceText(rules, s.offence)],
      ['screening.place', el('span', { i18n: s.outsideRegion ? 'screening.outsideRegion' : 'screening.insideRegion' })],
      ['screening.policeLabel', s.police ? orgLabel(s.police) : null],
      ['screening.officer', s.officer ? userRef(s.officer) : null],
      ['screening.statusLabel', el('span', { i18n: `screening.status.${s.status}` })],
      ['screening.completedAt', s.completedAt ? el('time', { time: s.completedAt }) : null],
      ['screening.omLabel', s.om ? orgLabel(s.om) : null],
    ]),
    el('h3', { i18n: 'screening.answersHeading' }),
    answered.length
      ? el('ol', { class: 'app-answers' }, (s.answers || []).map((a) => el('li', { 'data-question': a.question },
        el('span', { bi: a.text }), ' ',
        el('strong', { class: 'app-answer' }, a.answer ? codeText('screening.answer', a.answer) : el('span', { i18n: 'screening.notAnswered' })),
        a.note ? el('p', { class: 'app-pre app-note' }, el('span', { i18n: 'screening.noteLabel' }), ' ', el('span', { text: a.note })) : null)))
      : el('p', { i18n: 'screening.noAnswers' }),
    el('h3', { i18n: 'screening.account' }),
    s.account ? el('p', { class: 'app-pre', text: s.account }) : el('p', { class: 'app-muted', i18n: 'screening.noAccount' }),
    adviceBox(s, rules),
    s.confirmed ? el('div', { class: 'app-confirmed', 'data-confirmed': s.confirmed.signs },
      el('h3', { i18n: 'screening.confirmedHeading' }),
      facts([
        ['screening.confirmedSigns', signsBadge(s.confirmed.signs)],
        ['screening.confirmedReason', el('span', { class: 'app-pre', text: s.confirmed.reason })],
      ])) : null);
}

// The advice of the published rules: the signs, the rule and why; advice only.
export function adviceBox(s, rules) {
  const a = s.advice;
  if (!a) return null;
  return el('section', { class: 'utrecht-alert utrecht-alert--info app-advice', 'data-advice': a.signs },
    el('div', { class: 'utrecht-alert__content' }, el('div', { class: 'utrecht-alert__message' },
      el('p', { class: 'app-alert-title' }, el('span', { i18n: 'screening.advice' }), ' ', signsBadge(a.signs)),
      el('p', {}, el('span', { i18n: 'screening.adviceRule', args: { rule: a.rule, version: a.rulesVersion } }), ' ',
        a.why ? el('span', { bi: a.why }) : null),
      rules && rules.doc.disclaimer ? el('p', { class: 'app-disclaimer', bi: rules.doc.disclaimer }) : null)));
}

// A decision of the OM: the outcome, and in full the reasoning.
// The published rules after a screening: the OM's decisions with their
// legal grounds, the diversions and what a report to CoMensha can say.
export async function prosecutionRules() {
  const r = await api.get('/prosecution-rules');
  return {
    doc: r,
    decisions: r.decisions || [],
    decision: new Map((r.decisions || []).map((d) => [d.id, d])),
    diversions: r.diversions || [],
    comenshaWhat: (r.comensha && r.comensha.what) || [],
  };
}

// A decision's name from the rules (a code of before them as it is).
export function decisionText(prules, id) {
  const d = prules && prules.decision.get(id);
  return d ? el('span', { bi: d }) : el('span', { text: id });
}

function groundText(prules, decision, ground) {
  if (!ground) return null;
  const d = prules && prules.decision.get(decision);
  const g = d && (d.grounds || []).find((x) => x.id === ground);
  return g ? el('span', {}, el('span', { bi: g }), ' ', el('span', { class: 'app-muted', text: `(${g.source})` }))
    : el('span', { text: ground });
}

// A decision of the OM: in full, or only what and when (a referral of the
// bare fact carries nothing more).
export function decisionItem(d, prules) {
  const full = 'possibleVictim' in d;
  return el('li', { class: 'app-card app-decision-om', 'data-decision': d.decision },
    el('p', { class: 'app-card__title' }, decisionText(prules, d.decision)),
    el('p', { class: 'app-card__meta' },
      el('span', {}, el('span', { i18n: 'decision.decidedAt' }), ' ', el('time', { time: d.decidedAt })),
      d.om ? orgLabel(d.om) : null,
      d.possibleVictim ? badge('warning', 'decision.possibleVictimBadge') : null),
    full ? facts([
      ['decision.ground', groundText(prules, d.decision, d.ground)],
      ['decision.reasoning', d.reasoning ? el('span', { class: 'app-pre', text: d.reasoning }) : null],
      ['decision.financial', el('span', { i18n: d.financialInvestigation ? 'decision.financialYes' : 'decision.financialNo' })],
      ['decision.victimOf', d.victimOf ? el('span', { text: d.victimOf }) : null],
      ['decision.dueOn', d.dueOn ? el('time', { date: d.dueOn }) : null],
      ['decision.expertGroupLabel', d.expertGroup ? el('span', { i18n: 'decision.expertGroupReferred' }) : null],
      ['decision.prosecutor', d.prosecutor ? userRef(d.prosecutor) : null],
    ]) : el('p', { class: 'app-muted', 'data-decision-fact': '', i18n: 'decision.factOnly' }));
}

export function decisionList(decisions, emptyKey = 'decision.none', prules = null) {
  const list = el('ul', { class: 'app-cards app-decisions' });
  if (!(decisions || []).length) list.append(el('li', { class: 'app-card app-card--empty', i18n: emptyKey }));
  for (const d of decisions || []) list.append(decisionItem(d, prules));
  return list;
}

// Marks the unread notices about one record read: opening it reads them.
export async function readNotices(recordId) {
  try {
    const notes = await api.get('/notifications');
    const mine = (notes.items || []).filter((n) => n.recordId === recordId);
    await Promise.all(mine.map((n) => api.patch(`/notifications/${q(n.id)}`, { read: true })));
  } catch {
    // A notice left unread is shown again on the start page: no harm done.
  }
}

// A map from person id to name, for the children this organisation knows.
export async function personNames() {
  try {
    const persons = await getAll('/persons');
    return new Map(persons.map((p) => [p.id, p]));
  } catch {
    return new Map();
  }
}

// "the child" with a name when it is known, else what may be said.
export function childLabel(person, known) {
  if (known && known.name) return el('span', { class: 'app-child', text: known.name });
  if (person && person.name) return el('span', { class: 'app-child', text: person.name });
  return el('span', { class: 'app-child app-muted', i18n: 'referral.identityNotShared' });
}
