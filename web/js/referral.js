// One referral: who sent what to whom, for which purpose and on which
// legal basis; its clocks; exactly what was shared (and a reminder that
// nothing else was); and the actions this side may take now: the receiver
// acknowledges, accepts, declines with a reason, completes; the sender
// revokes before acceptance.
import { api, q } from './api.js';
import { byId, clear, el, facts, fill, param } from './dom.js';
import { field, onSubmit, requireFilled, submitButton, value } from './forms.js';
import { apply } from './i18n.js';
import { announce, boot, loadFailed, notFound, pageError } from './page.js';
import { badge, codeText, indicatorText, userRef } from './views.js';
import {
  clockList, decisionItem, mayRefer, orgLabel, prosecutionRules, readNotices, referralStatus, screeningFacts,
  screeningRules,
} from './chain.js';

const referralId = param('id');
const ctx = { session: null, referral: null, catalogue: new Map(), rules: null, prules: null };

function basisFacts(r) {
  const consent = r.consent || {};
  return [
    ['referral.basisLabel', codeText('referral.basis', r.legalBasis)],
    ['referral.consentParty', consent.party ? codeText('referral.consentBy', consent.party) : null],
    ['referral.consentOn', consent.on ? el('time', { date: consent.on }) : null],
    ['referral.overrideReason', r.overrideReason ? el('span', { class: 'app-pre', text: r.overrideReason }) : null],
  ];
}

// The child as the referral shows it: by name only when the identity is shared.
function childFacts(r) {
  const p = r.person || {};
  // Once revoked or declined, the receiver sees nothing of what was shared.
  if (p.name && r.shared) return [['referral.childFact', el('span', { class: 'app-child', text: p.name })]];
  return [
    ['referral.childFact', el('span', { class: 'app-child', i18n: 'referral.identityNotShared' })],
    ['referral.birthYear', p.birthYear ? el('span', { text: p.birthYear }) : null],
  ];
}

function identityFacts(r) {
  const p = r.person || {};
  return [
    ['person.name', el('span', { text: p.name })],
    ['person.birthDate', p.birthDate ? el('time', { date: p.birthDate }) : null],
    ['person.gender', p.gender ? codeText('gender', p.gender) : null],
    ['person.municipality', p.municipality ? el('span', { text: p.municipality }) : null],
  ];
}

function renderSummary(r) {
  const heading = byId('referral-heading');
  heading.dataset.i18n = r.sentByMe ? 'referral.headingTo' : 'referral.headingFrom';
  heading.dataset.i18nArgs = JSON.stringify({ org: (r.sentByMe ? r.to : r.from).name });
  apply(heading);
  const links = [];
  if (r.person && r.person.name && r.shared && r.shares.includes('identity')) {
    links.push(el('a', { href: `/person.html?id=${q(r.person.id)}`, i18n: 'referral.toChronology' }));
  }
  if (r.sentByMe && r.caseId && ctx.session.user.role === 'care-coordinator') {
    links.push(el('a', { href: `/case.html?id=${q(r.caseId)}`, i18n: 'referral.toCase' }));
  }
  if (r.shared && r.shared.screening && ctx.session.user.role === 'prosecutor') {
    links.push(el('a', { href: `/decision.html?screening=${q(r.shared.screening.id)}`, i18n: 'referral.toDecision' }));
  }
  if (r.shared && r.shared.screening && ctx.session.user.role === 'police-officer') {
    links.push(el('a', { href: `/screening.html?id=${q(r.shared.screening.id)}`, i18n: 'referral.toScreening' }));
  }
  fill(byId('referral-summary'),
    r.status === 'declined' && r.declineReason ? el('div', { class: 'utrecht-alert utrecht-alert--warning', 'data-declined': '' },
      el('div', { class: 'utrecht-alert__content' }, el('div', { class: 'utrecht-alert__message' },
        el('p', { class: 'app-alert-title', i18n: 'referral.declinedBecause' }),
        el('p', { class: 'app-pre', text: r.declineReason })))) : null,
    r.legalBasis === 'override' ? el('div', { class: 'utrecht-alert utrecht-alert--warning' },
      el('div', { class: 'utrecht-alert__content' }, el('p', { class: 'utrecht-alert__message', i18n: 'referral.overrideNote' }))) : null,
    facts([
      ['referral.statusLabel', referralStatus(r.status)],
      ['referral.purposeFact', codeText('referral.purpose', r.purpose)],
      ['referral.fromLabel', el('span', {}, orgLabel(r.from), ' — ', el('span', { text: r.sentBy }))],
      ['referral.toLabel', orgLabel(r.to)],
      ['referral.sentOn', el('time', { time: r.createdAt })],
      ['referral.updatedOn', r.updatedAt !== r.createdAt ? el('time', { time: r.updatedAt }) : null],
      ...basisFacts(r),
      ['referral.transferLabel', r.transfer ? el('span', { i18n: 'referral.transferYes' }) : null],
      ['referral.note', r.note ? el('span', { class: 'app-pre', text: r.note }) : null],
      ...childFacts(r),
    ]),
    links.length ? el('p', { class: 'app-card__actions' }, links) : null);
}

// ---- what was shared ---------------------------------------------------

function signalCard(s) {
  return el('li', { class: 'app-card', 'data-signal': s.id },
    el('p', { class: 'app-card__title' }, el('time', { date: s.observedOn }), ' · ', codeText('setting', s.setting)),
    s.observer ? el('p', { class: 'app-card__meta' }, el('span', { i18n: 'person.by' }), ' ', userRef(s.observer)) : null,
    el('p', { class: 'app-pre', text: s.observation }),
    (s.indicators || []).length ? el('ul', { class: 'app-plain-list' }, s.indicators.map((i) => el('li', {},
      indicatorText(i.id, ctx.catalogue), ' (', codeText('kind', i.kind), ')'))) : null);
}

function consultationCard(k) {
  const text = (key, v) => [key, v ? el('span', { class: 'app-pre', text: v }) : null];
  return el('li', { class: 'app-card', 'data-consultation': k.id },
    el('p', { class: 'app-card__title' }, el('span', { i18n: 'consult.of' }), ' ', el('time', { date: k.heldOn })),
    facts([
      text('consult.facts', k.facts),
      text('consult.lifeEvents', k.lifeEvents),
      text('consult.triggers', k.triggers),
      text('consult.riskFactors', k.riskFactors),
      text('consult.protectiveFactors', k.protectiveFactors),
      text('consult.unknowns', k.unknowns),
      text('consult.question', k.question),
      ['consult.outcome', k.outcome ? codeText('outcome', k.outcome) : null],
    ]));
}

function meldcodeView(m) {
  const steps = (m && m.steps) || [];
  return el('div', {},
    m && m.decision ? el('p', {}, el('strong', { i18n: 'case.decisionLabel' }), ' ', codeText('decision', m.decision)) : null,
    steps.length ? el('ol', { class: 'app-steps-list' }, steps.map((s) => el('li', { class: 'app-step app-step--done' },
      el('p', { class: 'app-step__title' }, el('span', { i18n: 'meldcode.stepN', args: { n: s.step } }), ' ', el('span', { i18n: `meldcode.name.${s.step}` })),
      facts([
        ['meldcode.recordedAt', s.recordedAt ? el('time', { time: s.recordedAt }) : null],
        ['meldcode.summary', s.summary ? el('span', { class: 'app-pre', text: s.summary }) : null],
        ['meldcode.decision', s.decision ? codeText('decision', s.decision) : null],
      ])))) : el('p', { i18n: 'referral.meldcodeEmpty' }));
}

function part(key, id, ...content) {
  return el('section', { class: 'app-shared-part', 'data-part': id, 'aria-labelledby': `part-${id}` },
    el('h3', { id: `part-${id}`, i18n: key }), ...content);
}

function renderShared(r) {
  const box = clear(byId('referral-shared'));
  const shared = r.shared;
  box.append(
    el('p', { class: 'app-lead', i18n: r.sentByMe ? 'referral.sharedIntroSender' : 'referral.sharedIntroReceiver' }),
    el('ul', { class: 'app-plain-list app-shares' }, r.shares.map((s) => el('li', { 'data-share': s },
      badge('info', `referral.part.${s}`)))));
  if (!shared) {
    box.append(el('p', { class: 'app-muted', 'data-withdrawn': '', i18n: 'referral.sharedWithdrawn' }));
    return;
  }
  if (r.shares.includes('identity')) {
    box.append(part('referral.part.identity', 'identity', facts(identityFacts(r))));
  }
  if (shared.signals) {
    box.append(part('referral.part.signals', 'signals',
      el('ul', { class: 'app-cards' }, shared.signals.length ? shared.signals.map(signalCard) : el('li', { class: 'app-card', i18n: 'referral.noSignals' }))));
  }
  if (shared.careQuestion) {
    const k = shared.careQuestion;
    box.append(part('referral.part.care-question', 'care-question', facts([
      ['consult.question', el('span', { class: 'app-pre', text: k.question })],
      ['consult.questionType', k.questionType ? codeText('questionType', k.questionType) : null],
      ['consult.heldOn', k.heldOn ? el('time', { date: k.heldOn }) : null],
    ])));
  } else if (r.shares.includes('care-question')) {
    box.append(part('referral.part.care-question', 'care-question', el('p', { i18n: 'referral.noCareQuestion' })));
  }
  if (shared.consultations) {
    box.append(part('referral.part.consultation-notes', 'consultation-notes',
      el('ul', { class: 'app-cards' }, shared.consultations.length ? shared.consultations.map(consultationCard) : el('li', { class: 'app-card', i18n: 'consult.none' }))));
  }
  if (shared.meldcode) box.append(part('referral.part.meldcode', 'meldcode', meldcodeView(shared.meldcode)));
  if (shared.screening) box.append(part('referral.part.screening', 'screening', screeningFacts(shared.screening, ctx.rules)));
  if (shared.decision) {
    const fact = r.shares.includes('decision-fact');
    box.append(part(fact ? 'referral.part.decision-fact' : 'referral.part.decision', fact ? 'decision-fact' : 'decision',
      el('ul', { class: 'app-cards' }, decisionItem(shared.decision, ctx.prules))));
  }
  box.append(el('p', { class: 'app-disclaimer', i18n: 'referral.nothingElse' }));
}

// ---- actions -------------------------------------------------------------

// The actions open to this side in this status.
function actionsFor(r) {
  if (!mayRefer(ctx.session)) return [];
  if (r.sentByMe) return ['sent', 'acknowledged'].includes(r.status) ? ['revoked'] : [];
  switch (r.status) {
    case 'sent': return ['acknowledged', 'accepted', 'declined'];
    case 'acknowledged': return ['accepted', 'declined'];
    case 'accepted': return ['completed'];
    default: return [];
  }
}

async function act(status, reason) {
  const body = { status };
  if (reason) body.reason = reason;
  const fresh = await api.patch(`/referrals/${q(referralId)}`, body);
  render(fresh);
  announce(`referral.done.${status}`);
  byId('referral-heading').focus();
}

function actionButton(status) {
  const kind = status === 'accepted' ? 'primary-action' : 'secondary-action';
  const button = el('button', { type: 'button', class: `utrecht-button utrecht-button--${kind}`, i18n: `referral.action.${status}`, 'data-action': status });
  button.addEventListener('click', async () => {
    if (button.getAttribute('aria-busy') === 'true') return;
    button.setAttribute('aria-busy', 'true');
    try {
      await act(status);
    } catch (err) {
      pageError(err);
    } finally {
      button.removeAttribute('aria-busy');
    }
  });
  return button;
}

function declineForm() {
  const form = el('form', { id: 'decline-form', class: 'app-form' },
    field({ name: 'reason', label: 'referral.declineReason', hint: 'referral.declineHint', type: 'textarea', rows: 3, required: true, attrs: { maxlength: '2000' } }),
    submitButton('referral.action.declined'));
  onSubmit(form, (f) => act('declined', value(f, 'reason')), (f) => requireFilled(f, ['reason']));
  return el('details', { class: 'app-details', 'data-decline': '' },
    el('summary', { i18n: 'referral.declineSummary' }), form);
}

function renderActions(r) {
  const section = byId('actions-section');
  const box = clear(byId('referral-actions'));
  const actions = actionsFor(r);
  section.hidden = !actions.length;
  if (!actions.length) return;
  const hints = [];
  if (actions.includes('accepted') && r.transfer) hints.push(el('p', { i18n: 'referral.acceptTransferHint' }));
  if (actions.includes('accepted')) hints.push(el('p', { i18n: 'referral.acceptHint' }));
  if (actions.includes('revoked')) hints.push(el('p', { i18n: 'referral.revokeHint' }));
  if (actions.includes('completed')) hints.push(el('p', { i18n: 'referral.completeHint' }));
  fill(box, ...hints,
    el('p', { class: 'app-card__actions' }, actions.filter((a) => a !== 'declined').map(actionButton)),
    actions.includes('declined') ? declineForm() : null);
}

function render(r) {
  ctx.referral = r;
  renderSummary(r);
  renderActions(r);
  fill(byId('referral-clocks'), clockList(r.clocks));
  renderShared(r);
}

async function main() {
  ctx.session = await boot();
  if (!referralId) {
    notFound(null);
    return;
  }
  try {
    const [r, cat] = await Promise.all([api.get(`/referrals/${q(referralId)}`), api.get('/catalogue/indicators')]);
    ctx.catalogue = new Map(cat.items.map((i) => [i.id, i]));
    if (r.shared && r.shared.screening) ctx.rules = await screeningRules();
    if (r.shared && (r.shared.decision || r.shared.screening)) ctx.prules = await prosecutionRules();
    render(r);
    await readNotices(referralId);
  } catch (err) {
    loadFailed(err);
  }
}

main();
