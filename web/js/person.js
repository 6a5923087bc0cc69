// A child's chronology: everything the user may see about one child, oldest
// first, each with who and when.  A care coordinator opens a case here.
import { api, getAll, q } from './api.js';
import { byId, clear, el, facts, fill, param } from './dom.js';
import { checkedValues, choices, onSubmit, submitButton } from './forms.js';
import { apply } from './i18n.js';
import { announce, boot, loadFailed, notFound, pageError } from './page.js';
import { badge, codeText, indicatorText, userRef } from './views.js';
import { mayChooseInterventions, mayRefer, orgLabel } from './chain.js';

const personId = param('id');
let catalogue = new Map();

function signalDetails(e) {
  return [
    el('p', { class: 'app-pre', text: e.observation || '' }),
    facts([
      ['signal.setting', e.setting ? codeText('setting', e.setting) : null],
      ['person.indicators', (e.indicators || []).length
        ? el('ul', { class: 'app-plain-list' }, e.indicators.map((i) => el('li', {},
          indicatorText(i.id, catalogue), ' (', codeText('kind', i.kind), ')')))
        : null],
    ]),
    el('p', {}, el('a', { href: `/assessment.html?signal=${q(e.id)}`, i18n: 'person.toGuidance' })),
  ];
}

function caseLink(e, isCoordinator) {
  if (!isCoordinator || !e.caseId) return null;
  return el('p', {}, el('a', { href: `/case.html?id=${q(e.caseId)}`, i18n: 'person.toCase' }));
}

function eventDetails(e, isCoordinator) {
  switch (e.type) {
    case 'signal':
      return signalDetails(e);
    case 'consent':
      return [facts([
        ['consent.status', codeText('consent.status', e.status)],
        ['consent.party', e.party ? codeText('consent.party', e.party) : null],
      ]), caseLink(e, isCoordinator)];
    case 'consultation':
      return [facts([
        ['consult.heldOn', e.heldOn ? el('time', { date: e.heldOn }) : null],
        ['consult.outcome', e.outcome ? codeText('outcome', e.outcome) : null],
        ['consult.question', e.question ? el('span', { class: 'app-pre', text: e.question }) : null],
      ]), caseLink(e, isCoordinator)];
    case 'meldcode-step':
    case 'decision':
      return [facts([
        ['meldcode.step', e.step ? el('span', {}, `${e.step}. `, e.name ? el('span', { bi: e.name }) : null) : null],
        ['meldcode.summary', e.summary ? el('span', { class: 'app-pre', text: e.summary }) : null],
        ['meldcode.advised', e.advised ? codeText('decision', e.advised) : null],
        ['meldcode.decision', e.decision ? codeText('decision', e.decision) : null],
      ]), caseLink(e, isCoordinator)];
    case 'referral-sent':
    case 'referral-received':
      return [facts([
        ['person.referralFrom', e.from ? e.from.name : null],
        ['person.referralTo', e.to ? e.to.name : null],
        ['person.referralPurpose', codeText('referral.purpose', e.purpose)],
        ['person.referralStatus', codeText('referral.status', e.status)],
      ]), el('p', {}, el('a', { href: `/referral.html?id=${q(e.referralId)}`, i18n: 'person.toReferral' }))];
    default:
      return [caseLink(e, isCoordinator)];
  }
}

// Who did it: the user, or for what another organisation did (whose
// people stay unnamed: a referral it sent, a signal it passed on) that
// organisation.
function byWhom(e) {
  if (['referral-received', 'signal-passed-on'].includes(e.type) && e.from) return orgLabel(e.from);
  return userRef(e.by);
}

function renderTimeline(items, isCoordinator) {
  const list = clear(byId('timeline'));
  if (!items.length) {
    list.append(el('li', { class: 'app-event', i18n: 'person.noEvents' }));
    return;
  }
  for (const e of items) {
    const when = e.at && e.at.length > 10 ? el('time', { time: e.at }) : el('time', { date: e.at });
    list.append(el('li', { class: `app-event app-event--${e.type}`, 'data-type': e.type },
      el('h3', { class: 'app-event__title' }, when, ' · ', codeText('event', e.type)),
      el('p', { class: 'app-event__by' }, el('span', { i18n: 'person.by' }), ' ', byWhom(e)),
      ...eventDetails(e, isCoordinator)));
  }
}

// The reader's own open actions about this child, agreed in a case
// consultation: each with its due date, marked done here.
function renderMyActions(tasks) {
  const mine = (tasks.items || []).filter((t) => t.type === 'action' && t.personId === personId);
  const section = byId('my-actions-section');
  section.hidden = !mine.length;
  const list = clear(byId('my-actions'));
  for (const a of mine) {
    const titleId = `my-action-${a.id}`;
    const button = el('button', {
      type: 'button', class: 'utrecht-button utrecht-button--secondary-action', i18n: 'case.markDone', 'aria-describedby': titleId,
    });
    button.addEventListener('click', async () => {
      button.setAttribute('aria-busy', 'true');
      try {
        await api.patch(`/actions/${q(a.id)}`, { done: true });
        renderMyActions(await api.get('/tasks'));
        announce('case.actionDone', { action: a.title });
        byId('my-actions-heading').focus();
      } catch (err) {
        pageError(err);
      } finally {
        button.removeAttribute('aria-busy');
      }
    });
    list.append(el('li', { class: `app-card${a.overdue ? ' app-card--overdue' : ''}`, 'data-action': a.id },
      el('p', { class: 'app-card__title', id: titleId, text: a.title }),
      el('p', { class: 'app-card__meta' },
        el('span', {}, el('span', { i18n: 'start.due' }), ' ', el('time', { date: a.dueOn })),
        a.overdue ? badge('danger', 'start.overdue') : null),
      el('p', {}, button)));
  }
}

function renderOpenCase(openCases, signals) {
  const section = byId('open-case-section');
  const box = clear(byId('open-case'));
  section.hidden = false;
  if (openCases.length) {
    box.append(el('p', {}, el('a', { href: `/case.html?id=${q(openCases[0].id)}`, i18n: 'person.toOpenCase' })));
    return;
  }
  if (!signals.length) {
    box.append(el('p', { i18n: 'person.noSignalsForCase' }));
    return;
  }
  const form = el('form', { id: 'case-form', class: 'app-form' },
    choices({
      name: 'signalIds', type: 'checkbox', legend: 'person.caseSignals', hint: 'person.caseSignalsHint',
      options: signals.map((s) => ({ value: s.id, text: `${s.at} · ${(s.observation || '').slice(0, 80)}` })),
      value: signals.map((s) => s.id),
    }),
    submitButton('person.openCase'));
  onSubmit(form, async (f) => {
    const created = await api.post('/cases', { personId: personId, signalIds: checkedValues(f, 'signalIds') });
    window.location.assign(`/case.html?id=${q(created.id)}`);
  });
  box.append(el('p', { i18n: 'person.openCaseIntro' }), form);
}

async function main() {
  const session = await boot();
  const isCoordinator = session.user.role === 'care-coordinator';
  if (!personId) {
    notFound(null);
    return;
  }
  try {
    const [person, timeline, cat, openCases, tasks] = await Promise.all([
      api.get(`/persons/${q(personId)}`),
      api.get(`/persons/${q(personId)}/timeline`),
      api.get('/catalogue/indicators'),
      isCoordinator ? getAll(`/cases?personId=${q(personId)}&status=open`) : Promise.resolve([]),
      api.get('/tasks').catch(() => ({ items: [] })),
    ]);
    catalogue = new Map(cat.items.map((i) => [i.id, i]));
    const heading = byId('person-heading');
    heading.dataset.i18n = 'person.headingOf';
    heading.dataset.i18nArgs = JSON.stringify({ name: person.name });
    apply(heading);
    fill(byId('person-facts'), facts([
      ['person.birthDate', el('time', { date: person.birthDate })],
      ['person.gender', codeText('gender', person.gender)],
      ['person.municipality', el('span', { text: person.municipality })],
    ]));
    fill(byId('person-actions'),
      el('a', {
        class: 'utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action',
        href: `/signal.html?person=${q(person.id)}`, i18n: 'start.recordSignal',
      }),
      mayRefer(session) ? el('a', { href: `/refer.html?person=${q(person.id)}`, i18n: 'referral.referLink' }) : null,
      mayChooseInterventions(session) ? el('a', { href: `/interventions.html?person=${q(person.id)}`, i18n: 'intervention.link' }) : null);
    renderTimeline(timeline.items, isCoordinator);
    renderMyActions(tasks);
    if (isCoordinator) renderOpenCase(openCases, timeline.items.filter((e) => e.type === 'signal'));
    const target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (target && !target.closest('[hidden]')) {
      target.scrollIntoView();
      target.focus({ preventScroll: true });
    }
  } catch (err) {
    loadFailed(err);
  }
}

main();
