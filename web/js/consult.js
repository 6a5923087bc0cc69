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
const TEXTS = ['lifeEvents', 'triggers', 'riskFactors', 'protectiveFactors', 'unknowns'];

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
        el('span', { i18n: 'consult.of' }), ' ', el('time', { date: k.heldOn })),
      el('p', { class: 'app-card__meta' },
        el('span', {}, el('span', { i18n: 'person.by' }), ' ', userRef(k.createdBy)),
        k.anonymous ? badge('neutral', 'consult.anonymous') : null),
      facts([
        ['consult.participants', el('span', {}, k.participants.map((p, i) => [i ? ', ' : null, codeText('participant', p)]).flat())],
        textFact('consult.facts', k.facts),
        textFact('consult.lifeEvents', k.lifeEvents),
        textFact('consult.triggers', k.triggers),
        textFact('consult.riskFactors', k.riskFactors),
        textFact('consult.protectiveFactors', k.protectiveFactors),
        textFact('consult.unknowns', k.unknowns),
        ['consult.question', el('span', {}, codeText('questionType', k.questionType), ': ', el('span', { class: 'app-pre', text: k.question }))],
        ['consult.outcome', codeText('outcome', k.outcome)],
        ['consult.nextMeeting', k.nextMeeting ? el('time', { date: k.nextMeeting }) : null],
      ])));
  }
}

// The roles that carry out a case's actions (as the API allows).
const OWNER_ROLES = ['mentor', 'care-coordinator'];

// The users an action can be given to: me first, then the colleagues of my
// school (GET /colleagues), then anyone else the case names; mentors and
// care coordinators only.
function possibleOwners(ctx) {
  const c = ctx.kase;
  const users = new Map();
  const add = (u) => { if (u && u.id && OWNER_ROLES.includes(u.role) && !users.has(u.id)) users.set(u.id, u); };
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
    for (const [name, key] of [['action-description', 'description'], ['action-owner', 'ownerId'], ['action-due', 'dueOn']]) {
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
    ownerId: row.querySelector('[name="action-owner"]').value,
    dueOn: row.querySelector('[name="action-due"]').value,
  }));
}

function validate(form) {
  const errors = requireFilled(form, ['heldOn', 'participants', 'facts', 'question', 'questionType', 'outcome']);
  actionsFrom(form).forEach((a, i) => {
    if (!a.description) errors.push({ name: `actions[${i}].description`, key: 'form.required' });
    if (!a.ownerId) errors.push({ name: `actions[${i}].ownerId`, key: 'form.chooseOne' });
    if (!a.dueOn) errors.push({ name: `actions[${i}].dueOn`, key: 'form.required' });
    else if (a.dueOn < value(form, 'heldOn')) errors.push({ name: `actions[${i}].dueOn`, key: 'consult.dueAfterMeeting' });
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
      field({ name: 'heldOn', label: 'consult.heldOn', type: 'date', required: true, value: today(), attrs: { max: today() } }),
      participants),
    section('consult.observations',
      field({ name: 'facts', label: 'consult.facts', hint: 'consult.factsHint', type: 'textarea', required: true, attrs: { maxlength: '5000' } })),
    section('consult.angles',
      el('p', { i18n: 'consult.anglesIntro' }),
      field({ name: 'lifeEvents', label: 'consult.lifeEvents', hint: 'consult.lifeEventsHint', type: 'textarea', rows: 3 }),
      field({ name: 'triggers', label: 'consult.triggers', hint: 'consult.triggersHint', type: 'textarea', rows: 3 }),
      field({ name: 'riskFactors', label: 'consult.riskFactors', hint: 'consult.riskFactorsHint', type: 'textarea', rows: 3 }),
      field({ name: 'protectiveFactors', label: 'consult.protectiveFactors', hint: 'consult.protectiveFactorsHint', type: 'textarea', rows: 3 }),
      field({ name: 'unknowns', label: 'consult.unknowns', hint: 'consult.unknownsHint', type: 'textarea', rows: 3 })),
    section('consult.conclusion',
      field({ name: 'question', label: 'consult.question', hint: 'consult.questionHint', type: 'textarea', required: true, rows: 3 }),
      choices({ name: 'questionType', legend: 'consult.questionType', required: true, options: ['care', 'investigation'].map((v) => ({ value: v, label: `questionType.${v}` })) }),
      choices({ name: 'outcome', legend: 'consult.outcome', required: true, options: OUTCOMES.map((v) => ({ value: v, label: `outcome.${v}` })) }),
      field({ name: 'nextMeeting', label: 'consult.nextMeeting', type: 'date' })),
    section('consult.actions', el('p', { i18n: 'consult.actionsIntro' }), rows, el('p', {}, add)),
    el('div', { class: 'app-actions' }, submitButton('consult.submit')));
  onSubmit(form, async (f) => {
    const body = {
      caseId: ctx.kase.id, heldOn: value(f, 'heldOn'), participants: checkedValues(f, 'participants'),
      facts: value(f, 'facts'), question: value(f, 'question'), questionType: checkedValue(f, 'questionType'),
      outcome: checkedValue(f, 'outcome'), nextMeeting: value(f, 'nextMeeting') || null, actions: actionsFrom(f),
    };
    for (const name of TEXTS) body[name] = value(f, name) || null;
    await api.post('/consultations', body);
    await reload(['consultations', 'actions', 'summary', 'nav']);
    buildConsultForm(ctx, reload);
    byId('consult-new').open = false;
    announce('consult.saved');
    byId('consultations-heading').focus();
  }, validate);
}
