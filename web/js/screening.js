// The screening of an arrested minor, for the police: new, or ?id= to go
// on with a draft.  The youth (known, or registered here), the arrest,
// the protocol's questions each answered yes, no or unknown with a note,
// and the youth's own account.  Saving shows the advice of the published
// rules with the rule and why; the officer confirms the signs with a
// reason and hands the screening to an OM office.  Afterwards: the
// non-punishment flag, the clocks, the report to CoMensha, diversions
// (refused before completion, with the reason) and the OM's decisions.
import { ApiError, api, getAll, q } from './api.js';
import { byId, clear, el, facts, fill, param, today } from './dom.js';
import {
  checkedValue, choices, field, onSubmit, requireFilled, showErrors, submitButton, value,
} from './forms.js';
import { apply } from './i18n.js';
import { announce, boot, loadFailed } from './page.js';
import { badge, userRef } from './views.js';
import {
  adviceBox, clockList, decisionList, offenceText, orgLabel, organisations, prosecutionRules, readNotices,
  screeningFacts, screeningRules, signsBadge,
} from './chain.js';
import { renderComensha } from './comensha.js';
import { screeningRelations } from './network-screening.js';

const ctx = { session: null, rules: null, prules: null, s: null, persons: [], oms: [], person: null };

async function reload() {
  render(await api.get(`/screenings/${q(ctx.s.id)}`));
}
const ANSWERS = ['yes', 'no', 'unknown'];
const SIGNS = ['none', 'possible', 'strong'];

function section(key, ...children) {
  return el('fieldset', { class: 'app-section' }, el('legend', { class: 'app-legend-large', i18n: key }), ...children);
}

// ---- the youth -----------------------------------------------------------

function youthFields() {
  const existing = ctx.persons.length > 0;
  const who = choices({
    name: 'who', legend: 'screening.who', required: true, value: existing ? 'known' : 'new',
    options: [{ value: 'known', label: 'screening.whoKnown' }, { value: 'new', label: 'screening.whoNew' }],
  });
  who.classList.add('app-choices--inline');
  const known = el('div', { 'data-for-who': 'known' },
    field({
      name: 'personId', label: 'screening.youth', type: 'select', required: true,
      options: [{ value: '', label: 'form.choose' }, ...ctx.persons.map((p) => ({ value: p.id, text: `${p.name} (${p.birthDate})` }))],
    }));
  const fresh = el('div', { 'data-for-who': 'new' },
    field({ name: 'name', label: 'person.name', required: true, attrs: { autocomplete: 'off', maxlength: '200' } }),
    field({ name: 'birthDate', label: 'person.birthDate', type: 'date', required: true, attrs: { max: today() } }),
    field({
      name: 'gender', label: 'person.gender', type: 'select', required: true,
      options: [{ value: '', label: 'form.choose' }, ...['female', 'male', 'x', 'unknown'].map((g) => ({ value: g, label: `gender.${g}` }))],
    }),
    field({ name: 'municipality', label: 'person.municipality', required: true, attrs: { maxlength: '80' } }),
    field({ name: 'bsn', label: 'person.bsn', hint: 'person.bsnHint', attrs: { inputmode: 'numeric', maxlength: '9', autocomplete: 'off', class: 'app-input-short' } }));
  const sync = () => {
    const mode = checkedValue(who.closest('form') || who, 'who') || 'known';
    known.hidden = mode !== 'known';
    fresh.hidden = mode !== 'new';
  };
  who.addEventListener('change', sync);
  return { nodes: [who, known, fresh], sync };
}

// ---- the questions ---------------------------------------------------------

function questionBox(question, n, current) {
  const box = choices({
    name: `q-${question.id}`, legend: 'screening.questionN', legendArgs: { n },
    errorName: n === 1 ? 'answers' : `q-${question.id}`,
    options: ANSWERS.map((a) => ({ value: a, label: `screening.answer.${a}` })),
    value: current ? current.answer : null,
  });
  box.classList.add('app-question', 'app-choices--inline');
  box.dataset.question = question.id;
  const legend = box.querySelector('legend');
  delete legend.dataset.i18n;
  delete legend.dataset.i18nArgs;
  legend.replaceChildren(el('span', { i18n: 'screening.questionN', args: { n } }), ' ', el('span', { bi: question }));
  const note = field({
    name: `note-${question.id}`, label: 'screening.noteFor', value: current && current.note ? current.note : '',
    attrs: { maxlength: '1000', autocomplete: 'off' },
  });
  note.querySelector('label > span').dataset.i18nArgs = JSON.stringify({ n });
  note.classList.add('app-question-note');
  box.append(note);
  return box;
}

function answersOf(form) {
  const answers = {};
  for (const question of ctx.rules.questions) {
    const answer = checkedValue(form, `q-${question.id}`);
    const note = value(form, `note-${question.id}`);
    if (answer) answers[question.id] = note ? { answer, note } : { answer };
  }
  return answers;
}

function buildForm() {
  const s = ctx.s;
  const form = el('form', { id: 'screening-form', class: 'app-form' });
  byId('screening-form').replaceWith(form);
  const current = new Map(((s && s.answers) || []).map((a) => [a.question, a]));
  const youth = s ? null : youthFields();
  const place = choices({
    name: 'outsideRegion', legend: 'screening.placeLegend', required: true,
    value: s ? (s.outsideRegion ? 'yes' : 'no') : null,
    options: [{ value: 'no', label: 'screening.insideRegion' }, { value: 'yes', label: 'screening.outsideRegion' }],
  });
  fill(form,
    youth ? section('screening.youthSection', el('p', { i18n: 'screening.youthIntro' }), ...youth.nodes) : null,
    section('screening.arrestSection',
      field({ name: 'arrestedOn', label: 'screening.arrestedOn', type: 'date', required: true, value: s ? s.arrestedOn : today(), attrs: { max: today() } }),
      field({
        name: 'offence', label: 'screening.offence', type: 'select', required: true, value: s ? s.offence : '',
        options: [{ value: '', label: 'form.choose' }, ...(ctx.rules.doc.offences || []).map((o) => ({ value: o.id, text: o.nl, bi: o }))],
      }),
      place),
    section('screening.questionsSection', el('p', { i18n: 'screening.questionsIntro' }),
      ...ctx.rules.questions.map((question, i) => questionBox(question, i + 1, current.get(question.id)))),
    section('screening.accountSection',
      field({ name: 'account', label: 'screening.account', hint: 'screening.accountHint', type: 'textarea', rows: 5, value: s ? s.account : '', attrs: { maxlength: '5000' } })),
    el('div', { class: 'app-actions' }, submitButton(s ? 'screening.saveDraft' : 'screening.createDraft')));
  // Offence names come in both languages: show the page's.
  for (const option of form.querySelectorAll('select[name="offence"] option')) {
    const o = (ctx.rules.doc.offences || []).find((x) => x.id === option.value);
    if (o) {
      option.dataset.nl = o.nl;
      option.dataset.en = o.en;
    }
  }
  if (youth) youth.sync();
  apply(form);
  onSubmit(form, async (f) => {
    const body = {
      arrestedOn: value(f, 'arrestedOn'), offence: value(f, 'offence'),
      outsideRegion: checkedValue(f, 'outsideRegion') === 'yes', answers: answersOf(f), account: value(f, 'account'),
    };
    if (ctx.s) {
      render(await api.patch(`/screenings/${q(ctx.s.id)}`, body));
      announce('screening.saved');
      byId('screening-heading').focus();
      return;
    }
    let personId = value(f, 'personId');
    if (checkedValue(f, 'who') === 'new') {
      const person = await api.post('/persons', {
        name: value(f, 'name'), birthDate: value(f, 'birthDate'), gender: value(f, 'gender'),
        municipality: value(f, 'municipality'), bsn: value(f, 'bsn') || null,
      });
      ctx.persons.push(person);
      personId = person.id;
    }
    const created = await api.post('/screenings', { personId: personId, ...body });
    window.history.replaceState(null, '', `/screening.html?id=${encodeURIComponent(created.id)}`);
    render(created);
    announce('screening.created');
    byId('screening-heading').focus();
  }, (f) => {
    const errors = [];
    if (!ctx.s) {
      errors.push(...requireFilled(f, ['who']));
      if (checkedValue(f, 'who') === 'new') errors.push(...requireFilled(f, ['name', 'birthDate', 'gender', 'municipality']));
      else errors.push(...requireFilled(f, ['personId']));
    }
    errors.push(...requireFilled(f, ['arrestedOn', 'offence', 'outsideRegion']));
    return errors;
  });
}

// ---- completion -------------------------------------------------------------

function buildCompletion() {
  const s = ctx.s;
  const box = clear(byId('complete'));
  const form = el('form', { id: 'complete-form', class: 'app-form' });
  const deviation = el('p', { class: 'app-deviation', role: 'status', 'aria-live': 'polite' });
  const signs = choices({
    name: 'signs', legend: 'screening.confirmSigns', required: true, value: s.advice.signs,
    hint: 'screening.confirmSignsHint',
    options: SIGNS.map((v) => ({ value: v, label: `screening.signs.${v}` })),
  });
  const oms = ctx.oms;
  form.append(
    signs,
    deviation,
    field({ name: 'reason', label: 'screening.confirmReason', hint: 'screening.confirmReasonHint', type: 'textarea', rows: 3, required: true, attrs: { maxlength: '5000' } }),
    field({
      name: 'om', label: 'screening.omOffice', hint: 'screening.omOfficeHint', type: 'select', required: true, value: oms.length === 1 ? oms[0].id : '',
      options: [{ value: '', label: 'form.choose' }, ...oms.map((o) => ({ value: o.id, text: o.name }))],
    }),
    el('div', { class: 'utrecht-alert utrecht-alert--info' }, el('div', { class: 'utrecht-alert__content' },
      el('p', { class: 'utrecht-alert__message', i18n: 'screening.completeWarning' }))),
    el('div', { class: 'app-actions' }, submitButton('screening.complete')));
  const syncDeviation = () => {
    clear(deviation);
    const chosen = checkedValue(form, 'signs');
    if (chosen && chosen !== s.advice.signs) deviation.append(el('span', { i18n: 'screening.deviates' }));
  };
  signs.addEventListener('change', syncDeviation);
  syncDeviation();
  onSubmit(form, async (f) => {
    const done = await api.post(`/screenings/${q(s.id)}/completion`, {
      signs: checkedValue(f, 'signs'), reason: value(f, 'reason'), om: value(f, 'om'),
    });
    render(done);
    announce('screening.completed', { om: done.om ? done.om.name : '' });
    byId('screening-heading').focus();
  }, (f) => requireFilled(f, ['signs', 'reason', 'om']));
  fill(box, el('p', { i18n: 'screening.completeIntro' }), adviceBox(s, ctx.rules), form);
}

// ---- after completion -----------------------------------------------------

function diversionText(kind) {
  const k = ctx.prules.diversions.find((x) => x.id === kind);
  return k ? el('span', { bi: k }) : el('span', { text: kind });
}

function offenceName(id) {
  const o = ctx.rules.offences.get(id);
  return o ? (document.documentElement.lang === 'en' ? o.en : o.nl) : id;
}

// Whether a diversion (Halt, reprimand) can be recorded now, as the
// published rules say: 'after-completion' while the screening is a draft;
// with signs the rules make wait for the OM ('waits-for-om') until the
// OM's final decision, which either diverts ('open') or settles otherwise
// ('settled-otherwise'); 'done' once one is recorded.
function diversionState(s) {
  if (s.status === 'draft') return 'after-completion';
  if ((s.diversions || []).length) return 'done';
  const finals = (s.decisions || []).filter((d) => {
    const rule = ctx.prules.decision.get(d.decision);
    return rule && rule.final !== false;
  });
  const last = finals[finals.length - 1];
  if (last) return ctx.prules.decision.get(last.decision).diversion ? 'open' : 'settled-otherwise';
  const signs = s.confirmed ? s.confirmed.signs : (s.advice || {}).signs;
  const waits = (ctx.prules.doc.diversionWaits || {})[signs];
  return waits === 'om-decision' ? 'waits-for-om' : 'open';
}

function renderDiversions() {
  const s = ctx.s;
  const list = (s.diversions || []);
  fill(byId('diversions'), list.length
    ? el('ul', { class: 'app-cards' }, list.map((d) => el('li', { class: 'app-card', 'data-diversion': d.kind },
      el('p', { class: 'app-card__title' }, diversionText(d.kind)),
      el('p', { class: 'app-card__meta' },
        el('span', {}, el('span', { i18n: 'person.by' }), ' ', userRef(d.recordedBy)),
        el('time', { time: d.recordedAt })))))
    : el('p', { class: 'app-muted', i18n: 'screening.noDiversions' }));
  const form = el('form', { id: 'diversion-form', class: 'app-form' });
  byId('diversion-form').replaceWith(form);
  // The form only while a diversion can be recorded; else why not (yet).
  const state = diversionState(s);
  form.dataset.diversionState = state;
  if (state !== 'open') {
    if (state !== 'done') form.append(el('p', { class: 'app-muted', i18n: `screening.diversionState.${state}` }));
    return;
  }
  const kinds = choices({
    name: 'kind', legend: 'screening.diversionKind', required: true,
    options: ctx.prules.diversions.map((k) => ({ value: k.id, bi: k })),
  });
  // Each kind says when it applies.
  for (const input of kinds.querySelectorAll('input')) {
    const k = ctx.prules.diversions.find((x) => x.id === input.value);
    const id = `${input.id}-hint`;
    input.setAttribute('aria-describedby', id);
    input.closest('.app-choice').append(el('p', {
      class: 'app-choice__hint utrecht-form-field-description', id,
      i18n: k.offences && k.offences.length ? 'screening.diversionWhenOffences' : 'screening.diversionWhen',
      args: { min: k.minAge, max: k.maxAge, offences: (k.offences || []).map((o) => offenceName(o)).join(', ') },
    }));
  }
  form.append(kinds,
    field({ name: 'note', label: 'screening.diversionNote', type: 'textarea', rows: 2, attrs: { maxlength: '1000' } }),
    submitButton('screening.diversionSubmit'));
  onSubmit(form, async (f) => {
    try {
      const body = { screeningId: s.id, kind: checkedValue(f, 'kind') };
      if (value(f, 'note')) body.note = value(f, 'note');
      render(await api.post('/diversions', body));
      announce('screening.diversionSaved');
      byId('diversions-heading').focus();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        showErrors(f, [{ key: 'screening.diversionRefused' }, { reason: err.detail }], 'screening.diversionRefusedTitle');
        return;
      }
      throw err;
    }
  }, (f) => requireFilled(f, ['kind']));
}

function renderSummary() {
  const s = ctx.s;
  const heading = byId('screening-heading');
  heading.dataset.i18n = s ? 'screening.headingOf' : 'screening.headingNew';
  heading.dataset.i18nArgs = JSON.stringify({ name: ctx.person ? ctx.person.name : '' });
  apply(heading);
  const about = byId('screening-about');
  if (!s) {
    fill(about, el('span', { i18n: 'screening.newIntro' }));
    fill(byId('screening-summary'));
    return;
  }
  fill(about, el('a', { href: `/screenings.html`, i18n: 'screening.toList' }));
  const completed = s.status === 'completed';
  // A draft shows where it stands; a completed screening is shown in full below.
  fill(byId('screening-summary'),
    completed && s.nonPunishmentAssessment ? el('div', { class: 'utrecht-alert utrecht-alert--warning', 'data-non-punishment': '' },
      el('div', { class: 'utrecht-alert__content' }, el('div', { class: 'utrecht-alert__message' },
        el('p', { class: 'app-alert-title', i18n: 'screening.nonPunishment' }),
        el('p', { i18n: 'screening.nonPunishmentText' })))) : null,
    facts([
      ['screening.statusLabel', badge(completed ? 'success' : 'warning', `screening.status.${s.status}`)],
      ['screening.offence', completed ? null : offenceText(ctx.rules, s.offence)],
      ['screening.arrestedOn', completed ? null : el('time', { date: s.arrestedOn })],
      ['screening.advisedLabel', signsBadge(s.advice.signs)],
      ['screening.confirmedLabel', s.confirmed ? signsBadge(s.confirmed.signs) : null],
      ['screening.omLabel', s.om ? orgLabel(s.om) : null],
    ]));
}

function render(s) {
  ctx.s = s;
  if (s && !ctx.person) ctx.person = ctx.persons.find((p) => p.id === s.personId) || null;
  renderSummary();
  const draft = !s || s.status === 'draft';
  byId('form-section').hidden = !draft;
  byId('complete-section').hidden = !s || !draft;
  byId('view-section').hidden = !s || draft;
  byId('clocks-section').hidden = !s || draft;
  byId('decisions-section').hidden = !s || draft;
  byId('diversions-section').hidden = !s;
  if (draft) buildForm();
  if (s && draft) buildCompletion();
  if (s && !draft) {
    fill(byId('screening-view'), screeningFacts(s, ctx.rules));
    fill(byId('screening-clocks'), clockList(s.clocks));
    renderComensha(byId('comensha'), s, ctx.prules, { saved: reload });
    fill(byId('screening-decisions'), decisionList(s.decisions, 'screening.noDecision', ctx.prules));
  }
  if (s) renderDiversions();
  byId('relations-section').hidden = !s;
  if (s) screeningRelations(byId('relations'), s, render);
}

async function main() {
  ctx.session = await boot({ roles: ['police-officer', 'prosecutor'] });
  const id = param('id');
  if (ctx.session.user.role === 'prosecutor' && id) {
    window.location.replace(`/decision.html?screening=${encodeURIComponent(id)}`);
    return;
  }
  try {
    const [rules, prules, persons, orgs, s] = await Promise.all([
      screeningRules(), prosecutionRules(), getAll('/persons'), organisations(),
      id ? api.get(`/screenings/${q(id)}`) : Promise.resolve(null),
    ]);
    ctx.rules = rules;
    ctx.prules = prules;
    ctx.persons = persons;
    ctx.oms = orgs.filter((o) => o.type === 'prosecution');
    if (s) ctx.person = persons.find((p) => p.id === s.personId) || await api.get(`/persons/${q(s.personId)}`);
    render(s);
    if (s) await readNotices(s.id);
  } catch (err) {
    loadFailed(err);
  }
}

main();
