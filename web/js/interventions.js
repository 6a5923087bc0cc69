// Choosing an intervention for a child (?person=): the needs to match,
// every programme of the published catalogue with whether it fits and
// why (age, region, need), its recognition status and source; referring
// the child; and the child's enrolments with their status, attendance
// milestones and outcome, each with the forms to record the next step.
import { api, getAll, q } from './api.js';
import { byId, clear, el, facts, fill, param, today } from './dom.js';
import {
  checkedValue, checkedValues, choices, field, onSubmit, requireFilled, submitButton, value,
} from './forms.js';
import { apply } from './i18n.js';
import { announce, boot, loadFailed, notFound } from './page.js';
import { badge, codeText, userRef } from './views.js';

const personId = param('person');
const OUTCOMES = ['goals-met', 'partly-met', 'not-met', 'dropped-out', 'moved'];
const MILESTONES = ['attended', 'missed', 'milestone'];
// Region codes of the catalogue that are no municipality.
const REGION_KEYS = { national: 'intervention.national', 'ask-municipality': 'intervention.askMunicipality' };
const ctx = {
  person: null, fit: null, needs: (param('needs') || '').split(',').filter(Boolean), programmes: new Map(), enrolments: [],
};

function needsText(id) {
  const need = (ctx.fit.needs || []).find((n) => n.id === id);
  return need ? el('span', { bi: need }) : el('span', { text: id });
}

function renderAbout() {
  const f = ctx.fit;
  const heading = byId('intervention-heading');
  heading.dataset.i18n = 'intervention.headingOf';
  heading.dataset.i18nArgs = JSON.stringify({ name: ctx.person.name });
  apply(heading);
  fill(byId('intervention-about'),
    el('p', { i18n: 'intervention.intro' }),
    facts([
      ['intervention.age', el('span', { i18n: 'intervention.ageYears', args: { age: f.age } })],
      ['person.municipality', el('span', { text: f.municipality })],
      ['intervention.catalogueVersion', el('span', { text: f.catalogueVersion })],
    ]),
    el('p', {}, el('a', { href: `/person.html?id=${q(ctx.person.id)}`, i18n: 'intervention.toChronology' })));
}

function buildNeedsForm() {
  const form = el('form', { id: 'needs-form', class: 'app-form' });
  byId('needs-form').replaceWith(form);
  const needs = choices({
    name: 'needs', type: 'checkbox', legend: 'intervention.needs', hint: 'intervention.needsHint',
    options: (ctx.fit.needs || []).map((n) => ({ value: n.id, text: n.nl })), value: ctx.needs,
  });
  for (const label of needs.querySelectorAll('label')) {
    const n = ctx.fit.needs.find((x) => x.id === label.previousSibling.value);
    label.dataset.nl = n.nl;
    label.dataset.en = n.en;
  }
  needs.classList.add('app-choices--columns');
  form.append(needs, submitButton('intervention.match'));
  apply(form);
  onSubmit(form, async (f) => {
    ctx.needs = checkedValues(f, 'needs');
    // The choice stays in the address, for a reload or a link.
    const url = new URL(window.location.href);
    if (ctx.needs.length) url.searchParams.set('needs', ctx.needs.join(','));
    else url.searchParams.delete('needs');
    window.history.replaceState(null, '', url);
    await loadFit();
    renderProgrammes();
    announce('intervention.matched', { count: ctx.fit.items.filter((p) => p.fits).length });
    byId('programmes-heading').focus();
  });
}

function reasonItem(r) {
  return el('li', { class: `app-reason-item app-reason-item--${r.fits ? 'fits' : 'not'}`, 'data-criterion': r.criterion, 'data-fits': String(r.fits) },
    el('span', { class: 'app-reason-mark', i18n: r.fits ? 'intervention.criterionFits' : 'intervention.criterionNot' }), ' ',
    el('strong', { i18n: `intervention.criterion.${r.criterion}` }), ': ', el('span', { bi: r.text }));
}

function enrolForm(p) {
  let details = null;
  const form = el('form', { class: 'app-form', 'data-enrol': p.id },
    field({ name: 'reason', label: 'intervention.enrolReason', hint: 'intervention.enrolReasonHint', type: 'textarea', rows: 3, attrs: { maxlength: '2000' } }),
    submitButton('intervention.enrol'));
  onSubmit(form, async (f) => {
    const body = { personId: personId, programmeId: p.id };
    if (value(f, 'reason')) body.reason = value(f, 'reason');
    await api.post('/enrolments', body);
    f.reset();
    details.open = false;
    await loadEnrolments();
    renderEnrolments();
    announce('intervention.enrolled', { name: p.name });
    byId('enrolments-heading').focus();
  });
  details = el('details', { class: 'app-details' }, el('summary', { i18n: 'intervention.enrolSummary', args: { name: p.name } }), form);
  return details;
}

function programmeCard(p) {
  const titleId = `prog-${p.id}`;
  return el('li', { class: `app-card app-programme${p.fits ? ' app-programme--fits' : ''}`, 'data-programme': p.id, 'data-fits': String(p.fits) },
    el('h3', { class: 'app-card__title', id: titleId }, el('span', { text: p.name })),
    el('p', { class: 'app-card__meta' },
      badge(p.fits ? 'success' : 'neutral', p.fits ? 'intervention.fits' : 'intervention.notFits'),
      el('span', {}, el('span', { i18n: 'intervention.provider' }), ' ', el('span', { text: p.provider }))),
    p.verified === false ? el('div', { class: 'utrecht-alert utrecht-alert--warning', 'data-unverified': '' },
      el('div', { class: 'utrecht-alert__content' }, el('div', { class: 'utrecht-alert__message' },
        el('p', { class: 'app-alert-title', i18n: 'intervention.unverified' }),
        el('p', { i18n: 'intervention.unverifiedText' })))) : null,
    el('p', { bi: p.aim }),
    el('ul', { class: 'app-plain-list app-reasons' }, (p.reasons || []).map(reasonItem)),
    facts([
      ['intervention.ages', el('span', { i18n: 'intervention.agesRange', args: { min: p.minAge, max: p.maxAge } })],
      ['intervention.needsAddressed', el('span', {}, (p.needs || []).map((n, i) => [i ? ', ' : null, needsText(n)]).flat())],
      ['intervention.targetGroup', el('span', { bi: p.targetGroup })],
      ['intervention.howToReach', el('span', { bi: p.howToReach })],
      ['intervention.regions', el('span', {}, (p.regions || []).map((r, i) => [i ? ', ' : null,
        REGION_KEYS[r] ? el('span', { i18n: REGION_KEYS[r] }) : el('span', { text: r })]).flat())],
      ['intervention.recognition', el('span', { bi: p.recognition })],
      ['intervention.source', el('span', { bi: p.source })],
    ]),
    enrolForm(p));
}

function renderProgrammes() {
  const items = ctx.fit.items || [];
  const fitting = items.filter((p) => p.fits);
  fill(byId('programmes-summary'), el('span', {
    i18n: ctx.needs.length ? 'intervention.summaryNeeds' : 'intervention.summary',
    args: { fits: fitting.length, total: items.length },
  }));
  const list = clear(byId('programmes'));
  // Those that fit first; the rest stay visible with why they do not.
  for (const p of [...fitting, ...items.filter((x) => !x.fits)]) list.append(programmeCard(p));
  fill(byId('catalogue-source'), el('span', { i18n: 'intervention.catalogueSource' }), ' ', el('span', { bi: ctx.fit.source || '' }));
}

// ---- enrolments -------------------------------------------------------------

async function change(e, body, key) {
  await api.patch(`/enrolments/${q(e.id)}`, body);
  await loadEnrolments();
  renderEnrolments();
  announce(key);
  const card = document.querySelector(`[data-enrolment="${e.id}"] h3`);
  if (card) card.focus();
}

function startForm(e) {
  const form = el('form', { class: 'app-form', 'data-start': '' },
    field({ name: 'enrolledOn', label: 'intervention.enrolledOn', type: 'date', required: true, value: today(), attrs: { max: today() } }),
    submitButton('intervention.start'));
  onSubmit(form, (f) => change(e, { status: 'enrolled', enrolledOn: value(f, 'enrolledOn') }, 'intervention.startSaved'),
    (f) => requireFilled(f, ['enrolledOn']));
  return el('details', { class: 'app-details' }, el('summary', { i18n: 'intervention.startSummary' }), form);
}

function milestoneForm(e) {
  const kinds = choices({
    name: 'kind', legend: 'intervention.milestoneKind', required: true, value: 'attended',
    options: MILESTONES.map((k) => ({ value: k, label: `intervention.milestone.${k}` })),
  });
  kinds.classList.add('app-choices--inline');
  kinds.dataset.field = 'milestone.kind';
  const form = el('form', { class: 'app-form', 'data-milestone': '' },
    field({ name: 'on', errorName: 'milestone.on', label: 'intervention.milestoneOn', type: 'date', required: true, value: today(), attrs: { max: today() } }),
    kinds,
    field({ name: 'note', errorName: 'milestone.note', label: 'intervention.milestoneNote', type: 'textarea', rows: 2, attrs: { maxlength: '2000' } }),
    submitButton('intervention.milestoneSubmit'));
  onSubmit(form, (f) => {
    const milestone = { on: value(f, 'on'), kind: checkedValue(f, 'kind') };
    if (value(f, 'note')) milestone.note = value(f, 'note');
    return change(e, { milestone }, 'intervention.milestoneSaved');
  }, (f) => requireFilled(f, ['on', 'kind']));
  return el('details', { class: 'app-details' }, el('summary', { i18n: 'intervention.milestoneSummary' }), form);
}

function outcomeForm(e) {
  const ends = e.status === 'enrolled' ? ['completed', 'stopped'] : ['stopped'];
  const status = choices({
    name: 'status', legend: 'intervention.endAs', required: true, value: ends.length === 1 ? ends[0] : null,
    options: ends.map((s) => ({ value: s, label: `intervention.status.${s}` })),
  });
  status.classList.add('app-choices--inline');
  const form = el('form', { class: 'app-form', 'data-outcome': '' },
    status,
    field({
      name: 'outcome', label: 'intervention.outcome', type: 'select', required: true,
      options: [{ value: '', label: 'form.choose' }, ...OUTCOMES.map((o) => ({ value: o, label: `intervention.outcome.${o}` }))],
    }),
    field({ name: 'outcomeNote', label: 'intervention.outcomeNote', type: 'textarea', rows: 2, attrs: { maxlength: '2000' } }),
    submitButton('intervention.outcomeSubmit'));
  onSubmit(form, (f) => {
    const body = { status: checkedValue(f, 'status'), outcome: value(f, 'outcome') };
    if (value(f, 'outcomeNote')) body.outcomeNote = value(f, 'outcomeNote');
    return change(e, body, 'intervention.outcomeSaved');
  }, (f) => requireFilled(f, ['status', 'outcome']));
  return el('details', { class: 'app-details' }, el('summary', { i18n: e.status === 'enrolled' ? 'intervention.outcomeSummary' : 'intervention.stopSummary' }), form);
}

const STATUS_KINDS = { referred: 'warning', enrolled: 'info', completed: 'success', stopped: 'neutral' };

function enrolmentCard(e) {
  const p = ctx.programmes.get(e.programmeId);
  const milestones = e.milestones || [];
  return el('li', { class: 'app-card', 'data-enrolment': e.id, 'data-status': e.status },
    el('h3', { class: 'app-card__title', tabindex: '-1', text: p ? p.name : e.programmeId }),
    el('p', { class: 'app-card__meta' },
      badge(STATUS_KINDS[e.status] || 'neutral', `intervention.status.${e.status}`),
      el('span', {}, el('span', { i18n: 'intervention.referredBy' }), ' ', userRef(e.referredBy)),
      el('time', { time: e.createdAt })),
    facts([
      ['intervention.enrolReason', e.reason ? el('span', { class: 'app-pre', text: e.reason }) : null],
      ['intervention.enrolledOn', e.enrolledOn ? el('time', { date: e.enrolledOn }) : null],
      ['intervention.outcome', e.outcome ? codeText('intervention.outcome', e.outcome) : null],
      ['intervention.outcomeNote', e.outcomeNote ? el('span', { class: 'app-pre', text: e.outcomeNote }) : null],
    ]),
    el('h4', { i18n: 'intervention.milestones' }),
    milestones.length ? el('ol', { class: 'app-plain-list app-milestones' }, milestones.map((m) => el('li', { 'data-milestone-kind': m.kind },
      el('time', { date: m.on }), ' · ', el('strong', { i18n: `intervention.milestone.${m.kind}` }),
      m.note ? el('span', {}, ' — ', el('span', { text: m.note })) : null,
      el('span', { class: 'app-muted' }, ' (', userRef(m.recordedBy), ')'))))
      : el('p', { class: 'app-muted', i18n: 'intervention.noMilestones' }),
    e.status === 'referred' ? [startForm(e), outcomeForm(e)] : null,
    e.status === 'enrolled' ? [milestoneForm(e), outcomeForm(e)] : null);
}

function renderEnrolments() {
  const list = clear(byId('enrolments'));
  if (!ctx.enrolments.length) list.append(el('li', { class: 'app-card app-card--empty', i18n: 'intervention.noEnrolments' }));
  for (const e of ctx.enrolments) list.append(enrolmentCard(e));
}

async function loadFit() {
  const needs = ctx.needs.length ? `?needs=${q(ctx.needs.join(','))}` : '';
  ctx.fit = await api.get(`/persons/${q(personId)}/interventions${needs}`);
  for (const p of ctx.fit.items || []) ctx.programmes.set(p.id, p);
}

async function loadEnrolments() {
  ctx.enrolments = await getAll(`/enrolments?personId=${q(personId)}`);
}

async function main() {
  await boot();
  if (!personId) {
    notFound(null);
    return;
  }
  try {
    const [person] = await Promise.all([api.get(`/persons/${q(personId)}`), loadFit(), loadEnrolments()]);
    ctx.person = person;
    renderAbout();
    buildNeedsForm();
    renderProgrammes();
    renderEnrolments();
  } catch (err) {
    loadFailed(err);
  }
}

main();
