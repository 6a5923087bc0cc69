// A case: the child (by name only with consent), consent, signals and the
// advice, agreed actions, the "niet pluis" consultations and the Meldcode.
// Each part re-renders from the case the API returns after a change.  The
// record stays one page; a navigation (beside the sections on a wide
// screen, above them on a phone) leads to each part and says where it
// stands, and an address such as case.html?id=…#meldcode-heading opens
// at that part.
import { api, q } from './api.js';
import { byId, clear, el, facts, fill, param, today } from './dom.js';
import { checkedValue, choices, field, onSubmit, requireFilled, submitButton, value } from './forms.js';
import { apply } from './i18n.js';
import { announce, boot, loadFailed, notFound, pageError } from './page.js';
import { badge, codeText, indicatorText, userRef } from './views.js';
import { buildConsultForm, renderConsultations } from './consult.js';
import { renderMeldcode, reportLink } from './meldcode.js';

const caseId = param('id');
const ctx = { session: null, kase: null, catalogue: new Map(), personName: null, colleagues: [] };

function renderSummary(c) {
  const heading = byId('case-heading');
  const named = !c.anonymous && c.person.name;
  heading.dataset.i18n = named ? 'case.headingOf' : 'case.headingAnonymous';
  heading.dataset.i18nArgs = JSON.stringify({ name: c.person.name || '' });
  apply(heading);
  const m = c.meldcode;
  const box = byId('case-summary');
  fill(box, 
    c.anonymous ? el('div', { class: 'utrecht-alert utrecht-alert--info', 'data-anonymous': 'true' },
      el('div', { class: 'utrecht-alert__content' }, el('p', { class: 'utrecht-alert__message', i18n: 'case.anonymousNote' }))) : null,
    m.decision ? el('div', { class: 'utrecht-alert utrecht-alert--ok app-decision', 'data-decision': m.decision },
      el('div', { class: 'utrecht-alert__content' }, el('div', { class: 'utrecht-alert__message' },
        el('p', {}, el('strong', { i18n: 'case.decisionLabel' }), ' ', codeText('decision', m.decision)),
        reportLink(c) ? el('p', {}, reportLink(c)) : null))) : null,
    facts([
      ['case.status', el('span', {}, codeText('case.status', c.status), c.stale ? ' ' : null, c.stale ? badge('warning', 'start.stale') : null)],
      ['case.owner', userRef(c.owner)],
      ['case.child', named ? el('span', { text: c.person.name }) : el('span', { i18n: 'case.anonymousChild' })],
      ['case.born', c.person.birthYear ? el('span', { text: `${String(c.person.birthMonth || '').padStart(2, '0')}-${c.person.birthYear}` }) : null],
      ['case.opened', el('time', { time: c.openedAt })],
      ['case.lastProgress', el('span', {}, el('time', { time: c.lastProgressAt }), ' ',
        el('span', { i18n: 'case.daysWithoutProgress', args: { days: c.daysWithoutProgress } }))],
      ['case.nextStep', m.nextStep ? el('span', {},
        el('span', { text: `${m.nextStep}. ` }), m.nextStepName ? el('span', { bi: m.nextStepName }) : null,
        m.nextStepDue ? el('span', {}, ' — ', el('span', { i18n: 'start.due' }), ' ', el('time', { date: m.nextStepDue })) : null,
        m.overdue ? ' ' : null, m.overdue ? badge('danger', 'start.overdue') : null) : null],
    ]),
    el('p', { class: 'app-card__actions' },
      el('a', { href: `/person.html?id=${q(c.person.id)}`, i18n: 'case.toChronology' }),
      c.status === 'open' ? el('a', { href: `/refer.html?person=${q(c.person.id)}&case=${q(c.id)}`, i18n: 'referral.referCaseLink' }) : null,
      el('a', { href: `/interventions.html?person=${q(c.person.id)}`, i18n: 'intervention.link' })));
}

// The navigation's short state of each part: how many, what is next.
function renderNav(c) {
  const openActions = (c.actions || []).filter((a) => !a.doneAt).length;
  const m = c.meldcode;
  fill(byId('nav-consent'), el('span', { class: 'app-muted' }, '(', codeText('consent.status', c.consent.status), ')'));
  fill(byId('nav-signals'), el('span', { class: 'app-muted', text: `(${(c.signals || []).length})` }));
  fill(byId('nav-actions'), el('span', { class: 'app-muted' }, '(', el('span', { i18n: 'case.navOpen', args: { count: openActions } }), ')'));
  fill(byId('nav-consultations'), el('span', { class: 'app-muted', text: `(${(c.consultations || []).length})` }));
  fill(byId('nav-meldcode'), el('span', { class: 'app-muted' }, '(',
    m.decision ? codeText('decision', m.decision) : el('span', { i18n: 'case.navStep', args: { n: m.nextStep } }), ')'));
}

function renderConsent(c) {
  const consent = c.consent;
  fill(byId('consent'), 
    el('p', { i18n: 'case.consentIntro' }),
    facts([
      ['consent.status', codeText('consent.status', consent.status)],
      ['consent.party', consent.party ? codeText('consent.party', consent.party) : null],
      ['consent.on', consent.on ? el('time', { date: consent.on }) : null],
      ['consent.required', consent.requiredParty ? el('span', { i18n: `consent.requiredBecause.${consent.requiredParty}` }) : null],
    ]));
}

function buildConsentForm() {
  const form = byId('consent-form');
  const c = ctx.kase;
  form.append(
    choices({
      name: 'status', legend: 'consent.status', required: true, value: c.consent.status === 'none' ? 'given' : c.consent.status,
      options: ['given', 'refused', 'none'].map((s) => ({ value: s, label: `consent.status.${s}` })),
    }),
    choices({
      name: 'party', legend: 'consent.party', required: true, hint: c.consent.requiredParty ? `consent.requiredBecause.${c.consent.requiredParty}` : null,
      value: c.consent.party || c.consent.requiredParty,
      options: ['parent', 'pupil', 'pupil-and-parent'].map((p) => ({ value: p, label: `consent.party.${p}` })),
    }),
    field({ name: 'on', label: 'consent.on', type: 'date', required: true, value: c.consent.on || today(), attrs: { max: today() } }),
    submitButton('consent.submit'));
  byId('consent-change').open = c.consent.status === 'none';
  onSubmit(form, async (f) => {
    const status = checkedValue(f, 'status');
    const body = { status };
    if (status !== 'none') {
      body.party = checkedValue(f, 'party');
      body.on = value(f, 'on');
    }
    const wasAnonymous = ctx.kase.anonymous;
    // Consent names the child everywhere on the page: every part is drawn
    // again, and the consultation form loses its warning.
    update(await api.put(`/cases/${q(caseId)}/consent`, body));
    if (ctx.kase.anonymous !== wasAnonymous) buildConsultForm(ctx, reload);
    byId('consent-change').open = false;
    announce('consent.saved');
    byId('consent-heading').focus();
  }, (f) => {
    const errors = requireFilled(f, ['status']);
    if (checkedValue(f, 'status') !== 'none') errors.push(...requireFilled(f, ['party', 'on']));
    return errors;
  });
}

function renderSignals(c) {
  const adviceBox = clear(byId('advice'));
  if (c.advice) {
    adviceBox.append(el('div', { class: 'utrecht-alert utrecht-alert--info', 'data-advice': c.advice.advice.code },
      el('div', { class: 'utrecht-alert__content' }, el('div', { class: 'utrecht-alert__message' },
        el('p', {}, el('strong', { i18n: 'case.advice' }), ' ', el('span', { bi: c.advice.advice.text })),
        c.advice.rule ? el('p', { bi: c.advice.rule.why }) : null,
        c.advice.signalId ? el('p', {}, el('a', { href: `/assessment.html?signal=${q(c.advice.signalId)}`, i18n: 'case.adviceMore' })) : null))));
  }
  const list = clear(byId('signals'));
  if (!(c.signals || []).length) list.append(el('li', { class: 'app-card', i18n: 'case.noSignals' }));
  // In date order, as the chronology: the first observed first.
  const inOrder = [...(c.signals || [])].sort((a, b) => a.observedOn.localeCompare(b.observedOn)
    || String(a.recordedAt || a.createdAt || '').localeCompare(String(b.recordedAt || b.createdAt || '')));
  for (const s of inOrder) {
    list.append(el('li', { class: 'app-card' },
      el('p', { class: 'app-card__title' }, el('time', { date: s.observedOn }), ' · ', codeText('setting', s.setting)),
      el('p', { class: 'app-card__meta' }, el('span', {}, el('span', { i18n: 'person.by' }), ' ', userRef(s.observer))),
      el('p', { class: 'app-pre', text: s.observation }),
      s.indicators.length ? el('ul', { class: 'app-plain-list' }, s.indicators.map((i) => el('li', {},
        indicatorText(i.id, ctx.catalogue), ' (', codeText('kind', i.kind), ')'))) : null,
      el('p', {}, el('a', { href: `/assessment.html?signal=${q(s.id)}`, i18n: 'person.toGuidance' }))));
  }
}

function renderActions(c) {
  const list = clear(byId('actions'));
  if (!(c.actions || []).length) {
    list.append(el('li', { class: 'app-card', i18n: 'case.noActions' }));
    return;
  }
  for (const a of c.actions) {
    const descId = `action-${a.id}`;
    const done = Boolean(a.doneAt);
    const button = done ? null : el('button', {
      type: 'button', class: 'utrecht-button utrecht-button--secondary-action', i18n: 'case.markDone',
      'aria-describedby': descId,
    });
    if (button) {
      button.addEventListener('click', async () => {
        button.setAttribute('aria-busy', 'true');
        try {
          await api.patch(`/actions/${q(a.id)}`, { done: true });
          await reload(['actions', 'summary', 'nav']);
          announce('case.actionDone', { action: a.description });
        } catch (err) {
          pageError(err);
        } finally {
          button.removeAttribute('aria-busy');
        }
      });
    }
    list.append(el('li', { class: `app-card${a.overdue && !done ? ' app-card--overdue' : ''}`, 'data-action': a.id },
      el('p', { class: 'app-card__title', id: descId, text: a.description }),
      el('p', { class: 'app-card__meta' },
        el('span', {}, el('span', { i18n: 'case.actionOwner' }), ' ', userRef(a.owner)),
        el('span', {}, el('span', { i18n: 'start.due' }), ' ', el('time', { date: a.dueOn })),
        done ? badge('success', 'case.done') : null,
        a.overdue && !done ? badge('danger', 'start.overdue') : null),
      done ? el('p', { class: 'app-muted' }, el('span', { i18n: 'case.doneAt' }), ' ', el('time', { time: a.doneAt })) : null,
      button ? el('p', {}, button) : null));
  }
}

const renderers = {
  nav: renderNav,
  summary: renderSummary,
  consent: renderConsent,
  signals: renderSignals,
  actions: renderActions,
  consultations: (c) => renderConsultations(c),
  meldcode: (c) => renderMeldcode(c, ctx, update),
};

// Takes a fresh case from the API and redraws the named parts.
function update(c, parts = Object.keys(renderers)) {
  ctx.kase = c;
  for (const part of parts) renderers[part](c);
}

async function reload(parts) {
  update(await api.get(`/cases/${q(caseId)}`), parts);
}

// The part of the address after # (a section's heading): shown once the
// case is drawn, as the browser would have done on a page drawn at once.
function goToHash() {
  const target = window.location.hash && document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
  if (!target) return;
  target.scrollIntoView();
  target.focus({ preventScroll: true });
}

// Marks the navigation's link of the part being read (aria-current).
function followNav() {
  const links = new Map(Array.from(document.querySelectorAll('#case-nav a[data-section]'))
    .map((a) => [`${a.dataset.section}-section`, a]));
  if (!('IntersectionObserver' in window)) return;
  const seen = new Map();
  const observer = new IntersectionObserver((entries) => {
    for (const e of entries) seen.set(e.target.id, e.isIntersecting);
    const first = Array.from(links.keys()).find((id) => seen.get(id));
    for (const [id, a] of links) {
      if (id === first) a.setAttribute('aria-current', 'location');
      else a.removeAttribute('aria-current');
    }
  }, { rootMargin: '0px 0px -60% 0px' });
  for (const id of links.keys()) observer.observe(byId(id));
}

async function main() {
  ctx.session = await boot({ roles: ['care-coordinator'] });
  if (!caseId) {
    notFound(null);
    return;
  }
  try {
    const [c, cat, colleagues] = await Promise.all([
      api.get(`/cases/${q(caseId)}`), api.get('/catalogue/indicators'), api.get('/colleagues')]);
    ctx.catalogue = new Map(cat.items.map((i) => [i.id, i]));
    ctx.colleagues = colleagues.items;
    update(c);
    buildConsentForm();
    buildConsultForm(ctx, reload);
    followNav();
    goToHash();
    window.addEventListener('hashchange', goToHash);
  } catch (err) {
    loadFailed(err);
  }
}

main();
