// The "niet pluis" case consultation: the record of earlier ones and the
// form for a new one, in a workable order: who took part; the observations
// as facts; life events and triggers; risk against protection; what is not
// known; the sharpened question and the outcome; the agreed actions.
import { api } from './api.js';
import { byId, clear, el, facts, fill, today } from './dom.js';
import { checkedValue, checkedValues, choices, field, onSubmit, requireFilled, submitButton, value } from './forms.js';
import { apply, t } from './i18n.js';
import { announce } from './page.js';
import { badge, codeText, userRef } from './views.js';

const PARTICIPANTS = ['mentor', 'care-coordinator', 'aandachtsfunctionaris', 'school-social-worker',
  'youth-doctor', 'youth-nurse', 'attendance-officer', 'neighbourhood-police', 'youth-care-worker',
  'teacher', 'other'];
const OUTCOMES = ['more-care', 'care-team', 'protective-factors-suffice'];
const TEXTS = ['life_events', 'triggers', 'risk_factors', 'protective_factors', 'unknowns'];

function textFact(key, text) {
  return [key, text ? el('span', { class: 'app-pre', text }) : null];
}

export function renderConsultations(c) {
  const box = clear(byId('consultations'));
  const list = c.consultations || [];
  if (!list.length) {
    box.append(el('p', { i18n: 'consult.none' }));
    return;
  }
  for (const k of list) {
    box.append(el('article', { class: 'app-card app-consultation', 'data-consultation': k.id },
      el('h3', { class: 'app-card__title' },
        el('span', { i18n: 'consult.of' }), ' ', el('time', { date: k.held_on })),
      el('p', { class: 'app-card__meta' },
        el('span', {}, el('span', { i18n: 'person.by' }), ' ', userRef(k.created_by)),
        k.anonymous ? badge('neutral', 'consult.anonymous') : null),
      facts([
        ['consult.participants', el('span', {}, k.participants.map((p, i) => [i ? ', ' : null, codeText('participant', p)]).flat())],
        textFact('consult.facts', k.facts),
        textFact('consult.lifeEvents', k.life_events),
        textFact('consult.triggers', k.triggers),
        textFact('consult.riskFactors', k.risk_factors),
        textFact('consult.protectiveFactors', k.protective_factors),
        textFact('consult.unknowns', k.unknowns),
        ['consult.question', el('span', {}, codeText('questionType', k.question_type), ': ', el('span', { class: 'app-pre', text: k.question }))],
        ['consult.outcome', codeText('outcome', k.outcome)],
        ['consult.nextMeeting', k.next_meeting ? el('time', { date: k.next_meeting }) : null],
      ])));
  }
}

// The users an action can be given to: me first, then the colleagues of my
// school (GET /colleagues), then anyone else the case names.
function possibleOwners(ctx) {
  const c = ctx.kase;
  const users = new Map();
  const add = (u) => { if (u && u.id && !users.has(u.id)) users.set(u.id, u); };
  add({ id: ctx.session.user.id, login: ctx.session.user.login, role: ctx.session.user.role });
  for (const u of ctx.colleagues || []) add(u);
  add(c.owner);
  for (const s of c.signals || []) add(s.observer);
  for (const a of c.actions || []) add(a.owner);
  return Array.from(users.values());
}

function section(legendKey, ...children) {
  return el('fieldset', { class: 'app-section' }, el('legend', { class: 'app-legend-large', i18n: legendKey }), ...children);
}

function actionRow(ctx, rows) {
  const row = el('fieldset', { class: 'app-action-row', 'data-action-row': '' }, el('legend'));
  const owners = possibleOwners(ctx).map((u) => ({ value: u.id, text: `${u.login} (${t(`role.${u.role}`)})` }));
  const remove = el('button', { type: 'button', class: 'utrecht-button utrecht-button--subtle' });
  remove.addEventListener('click', () => {
    row.remove();
    renumber(rows);
    const add = rows.parentNode.querySelector('[data-add-action]');
    if (add) add.focus();
  });
  row.append(
    field({ name: 'action-description', label: 'consult.actionDescription', required: true, attrs: { maxlength: '1000' } }),
    field({ name: 'action-owner', label: 'consult.actionOwner', type: 'select', required: true, options: owners }),
    field({ name: 'action-due', label: 'consult.actionDue', type: 'date', required: true }),
    el('p', {}, remove));
  rows.append(row);
  renumber(rows);
  return row;
}

// Legends, error names and the remove buttons' names follow the order.
function renumber(rows) {
  rows.querySelectorAll('[data-action-row]').forEach((row, i) => {
    const legend = row.querySelector('legend');
    legend.dataset.i18n = 'consult.actionN';
    legend.dataset.i18nArgs = JSON.stringify({ n: i + 1 });
    legend.textContent = '';
    row.dataset.field = `actions[${i}]`;
    for (const [name, key] of [['action-description', 'description'], ['action-owner', 'owner_id'], ['action-due', 'due_on']]) {
      row.querySelector(`[name="${name}"]`).closest('[data-field]').dataset.field = `actions[${i}].${key}`;
    }
    const remove = row.querySelector('button');
    remove.dataset.i18n = 'consult.removeAction';
    remove.dataset.i18nArgs = JSON.stringify({ n: i + 1 });
  });
  apply(rows);
}

function actionsFrom(form) {
  return Array.from(form.querySelectorAll('[data-action-row]')).map((row) => ({
    description: row.querySelector('[name="action-description"]').value.trim(),
    owner_id: row.querySelector('[name="action-owner"]').value,
    due_on: row.querySelector('[name="action-due"]').value,
  }));
}

function validate(form) {
  const errors = requireFilled(form, ['held_on', 'participants', 'facts', 'question', 'question_type', 'outcome']);
  actionsFrom(form).forEach((a, i) => {
    if (!a.description) errors.push({ name: `actions[${i}].description`, key: 'form.required' });
    if (!a.owner_id) errors.push({ name: `actions[${i}].owner_id`, key: 'form.chooseOne' });
    if (!a.due_on) errors.push({ name: `actions[${i}].due_on`, key: 'form.required' });
    else if (a.due_on < value(form, 'held_on')) errors.push({ name: `actions[${i}].due_on`, key: 'consult.dueAfterMeeting' });
  });
  return errors;
}

// (Re)builds the form, empty, in place of the old one.
export function buildConsultForm(ctx, reload) {
  const form = el('form', { id: 'consult-form', class: 'app-form' });
  byId('consult-form').replaceWith(form);
  const rows = el('div', { class: 'app-action-rows' });
  const add = el('button', { type: 'button', class: 'utrecht-button utrecht-button--secondary-action', i18n: 'consult.addAction', 'data-add-action': '' });
  add.addEventListener('click', () => actionRow(ctx, rows).querySelector('input').focus());
  const anonymous = ctx.kase.anonymous
    ? el('div', { class: 'utrecht-alert utrecht-alert--warning' }, el('div', { class: 'utrecht-alert__content' },
      el('p', { class: 'utrecht-alert__message', i18n: 'consult.anonymousWarning' })))
    : null;
  const participants = choices({
    name: 'participants', type: 'checkbox', legend: 'consult.participants', hint: 'consult.participantsHint',
    options: PARTICIPANTS.map((p) => ({ value: p, label: `participant.${p}` })), value: ['care-coordinator'],
  });
  participants.classList.add('app-choices--columns');
  fill(form,
    anonymous,
    section('consult.who',
      field({ name: 'held_on', label: 'consult.heldOn', type: 'date', required: true, value: today(), attrs: { max: today() } }),
      participants),
    section('consult.observations',
      field({ name: 'facts', label: 'consult.facts', hint: 'consult.factsHint', type: 'textarea', required: true, attrs: { maxlength: '5000' } })),
    section('consult.angles',
      el('p', { i18n: 'consult.anglesIntro' }),
      field({ name: 'life_events', label: 'consult.lifeEvents', hint: 'consult.lifeEventsHint', type: 'textarea', rows: 3 }),
      field({ name: 'triggers', label: 'consult.triggers', hint: 'consult.triggersHint', type: 'textarea', rows: 3 }),
      field({ name: 'risk_factors', label: 'consult.riskFactors', hint: 'consult.riskFactorsHint', type: 'textarea', rows: 3 }),
      field({ name: 'protective_factors', label: 'consult.protectiveFactors', hint: 'consult.protectiveFactorsHint', type: 'textarea', rows: 3 }),
      field({ name: 'unknowns', label: 'consult.unknowns', hint: 'consult.unknownsHint', type: 'textarea', rows: 3 })),
    section('consult.conclusion',
      field({ name: 'question', label: 'consult.question', hint: 'consult.questionHint', type: 'textarea', required: true, rows: 3 }),
      choices({ name: 'question_type', legend: 'consult.questionType', required: true, options: ['care', 'investigation'].map((v) => ({ value: v, label: `questionType.${v}` })) }),
      choices({ name: 'outcome', legend: 'consult.outcome', required: true, options: OUTCOMES.map((v) => ({ value: v, label: `outcome.${v}` })) }),
      field({ name: 'next_meeting', label: 'consult.nextMeeting', type: 'date' })),
    section('consult.actions', el('p', { i18n: 'consult.actionsIntro' }), rows, el('p', {}, add)),
    el('div', { class: 'app-actions' }, submitButton('consult.submit')));
  onSubmit(form, async (f) => {
    const body = {
      case_id: ctx.kase.id, held_on: value(f, 'held_on'), participants: checkedValues(f, 'participants'),
      facts: value(f, 'facts'), question: value(f, 'question'), question_type: checkedValue(f, 'question_type'),
      outcome: checkedValue(f, 'outcome'), next_meeting: value(f, 'next_meeting') || null, actions: actionsFrom(f),
    };
    for (const name of TEXTS) body[name] = value(f, name) || null;
    await api.post('/consultations', body);
    await reload(['consultations', 'actions', 'summary']);
    buildConsultForm(ctx, reload);
    announce('consult.saved');
    byId('consultations-heading').focus();
  }, validate);
}
