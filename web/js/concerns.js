// The reference index (verwijsindex): my matches first (a candidate to
// confirm or reject, contact and the lead to record), then a form to
// register a concern, then my own registrations with the letter for the
// youth or parents and a way to withdraw.  There is no search: the page
// shows only what the API gives the user about their own registrations.
import { api, getAll, q } from './api.js';
import { byId, clear, el, facts, fill, today } from './dom.js';
import { field, onSubmit, requireFilled, showProblem, submitButton, value } from './forms.js';
import { pick } from './i18n.js';
import { announce, boot, loadFailed, pageError } from './page.js';
import { badge, userRef } from './views.js';

const SEXES = ['female', 'male', 'x', 'unknown'];
let grounds = null;
let concerns = [];

function youthName(y) {
  return y ? `${y.givenNames} ${y.surname}` : '';
}

function groundText(code) {
  const g = grounds && grounds.items.find((i) => i.code === code);
  return g ? el('span', { bi: { nl: g.nl, en: g.en } }) : el('span', { text: code });
}

// ---- matches ---------------------------------------------------------------

function matchButton(m, key, body, kind = 'secondary-action') {
  return el('button', {
    type: 'button', class: `utrecht-button utrecht-button--${kind}`, i18n: key,
    'aria-describedby': `match-${m.id}-title`,
    onclick: async (ev) => {
      const button = ev.currentTarget;
      button.setAttribute('aria-busy', 'true');
      try {
        await api.patch(`/matches/${q(m.id)}`, body);
        announce('matches.updated');
        await refresh();
      } catch (err) {
        pageError(err);
      } finally {
        button.removeAttribute('aria-busy');
      }
    },
  });
}

function otherFacts(other) {
  return facts([
    ['matches.professional', userRef(other.professional)],
    ['matches.organisation', el('span', { text: other.organisation.name })],
    ['matches.contact', el('span', { class: 'app-pre', text: other.contact })],
  ]);
}

function matchActions(m) {
  const live = !['ended', 'rejected'].includes(m.status);
  if (!live) return null;
  if (m.kind === 'candidate') {
    if (m.confirmedByMe) return el('p', { i18n: 'matches.confirmedByMe' });
    return el('p', { class: 'app-card__actions' },
      matchButton(m, 'matches.confirm', { confirmation: 'confirmed' }, 'primary-action'),
      matchButton(m, 'matches.reject', { confirmation: 'rejected' }));
  }
  const buttons = [];
  if (!m.contactMade) buttons.push(matchButton(m, 'matches.markContact', { contactMade: true }));
  if (m.kind === 'identity' && !m.lead) {
    buttons.push(matchButton(m, 'matches.leadMine', { lead: 'mine' }, 'primary-action'),
      matchButton(m, 'matches.leadTheirs', { lead: 'theirs' }));
  }
  return buttons.length ? el('p', { class: 'app-card__actions' }, buttons) : null;
}

function renderMatches(matches) {
  const list = clear(byId('matches'));
  if (!matches.length) {
    list.append(el('li', { class: 'app-card app-card--empty', i18n: 'concerns.noMatches' }));
    return;
  }
  for (const m of matches) {
    const kindBadge = badge(m.kind === 'candidate' ? 'warning' : 'neutral', `matches.kind.${m.kind}`);
    const meta = el('p', { class: 'app-card__meta' },
      el('span', { i18n: `matches.reason.${m.reason}` }),
      el('span', { i18n: `matches.status.${m.status}` }),
      m.dueOn ? el('span', {}, el('span', { i18n: 'matches.due' }), ' ', el('time', { date: m.dueOn })) : null,
      m.lead ? el('span', { i18n: `matches.lead.${m.lead}` }) : null,
      m.escalated ? badge('danger', 'matches.escalated') : null);
    list.append(el('li', {
      class: `app-card${m.escalated ? ' app-card--overdue' : ''}`, 'data-match': m.id, 'data-kind': m.kind, 'data-status': m.status,
    },
    el('p', { class: 'app-card__title', id: `match-${m.id}-title` }, kindBadge, ' ',
      el('span', { i18n: 'matches.forYouth', args: { name: youthName(m.youth) } })),
    meta,
    m.other ? otherFacts(m.other) : null,
    m.kind === 'candidate' && m.status === 'awaiting-confirmation' ? el('p', { i18n: 'matches.candidateExplain' }) : null,
    matchActions(m)));
  }
}

// ---- alerts for the coordinating roles -------------------------------------------

async function acknowledge(alert, button) {
  button.setAttribute('aria-busy', 'true');
  try {
    await api.patch(`/concern-alerts/${q(alert.id)}`, { acknowledged: true });
    announce('concerns.acknowledged');
    await loadAlerts();
  } catch (err) {
    pageError(err);
  } finally {
    button.removeAttribute('aria-busy');
  }
}

function renderAlerts(items) {
  const list = clear(byId('alerts'));
  if (!items.length) {
    list.append(el('li', { class: 'app-card app-card--empty', i18n: 'concerns.noAlerts' }));
    return;
  }
  for (const a of items) {
    const escalated = a.type === 'match-escalated';
    const titleId = `alert-${a.id}-title`;
    list.append(el('li', { class: `app-card${escalated ? ' app-card--overdue' : ''}`, 'data-alert': a.type },
      el('p', { class: 'app-card__title', id: titleId }, escalated
        ? el('span', { i18n: 'concerns.alert.escalated', args: { days: a.daysOverdue } })
        : el('span', { i18n: 'concerns.alert.flagged', args: { hits: a.hits } })),
      facts([
        [escalated ? 'concerns.alert.registeredBy' : 'concerns.alert.user', userRef(escalated ? a.registeredBy : a.user)],
        [escalated ? 'matches.due' : 'concerns.alert.flaggedAt',
          escalated ? el('time', { date: a.dueOn }) : el('time', { time: a.flaggedAt })],
      ]),
      escalated ? null : el('p', { class: 'app-card__actions' }, el('button', {
        type: 'button', class: 'utrecht-button utrecht-button--secondary-action', i18n: 'concerns.acknowledge',
        'aria-describedby': titleId, onclick: (ev) => acknowledge(a, ev.currentTarget),
      }))));
  }
}

async function loadAlerts() {
  const alerts = await api.get('/concern-alerts');
  byId('alerts-section').hidden = false;
  renderAlerts(alerts.items);
}

// ---- my registrations --------------------------------------------------------

async function showLetter(c, to) {
  try {
    const letter = await api.get(`/concerns/${q(c.id)}/letter?to=${q(to)}`);
    const box = fill(byId('letter'),
      el('p', { class: 'app-card__title', text: letter.subject }),
      letter.paragraphs.map((p) => el('p', { class: 'app-pre', text: p })));
    box.dataset.concern = c.id;
    byId('letter-section').hidden = false;
    byId('letter-heading').focus();
  } catch (err) {
    pageError(err);
  }
}

async function withdraw(c, button) {
  button.setAttribute('aria-busy', 'true');
  try {
    await api.post(`/concerns/${q(c.id)}/withdrawal`, { reason: 'withdrawn' });
    announce('concerns.withdrawnDone', { name: youthName(c.youth) });
    await refresh();
  } catch (err) {
    pageError(err);
  } finally {
    button.removeAttribute('aria-busy');
  }
}

function renderConcerns() {
  const list = clear(byId('concerns'));
  if (!concerns.length) {
    list.append(el('li', { class: 'app-card app-card--empty', i18n: 'concerns.noConcerns' }));
    return;
  }
  for (const c of concerns) {
    const titleId = `concern-${c.id}-title`;
    const active = c.status === 'active';
    list.append(el('li', { class: 'app-card', 'data-concern': c.id, 'data-status': c.status },
      el('p', { class: 'app-card__title', id: titleId, text: youthName(c.youth) }),
      facts([
        ['concerns.birthDate', el('time', { date: c.youth.birthDate })],
        ['concerns.groundLabel', groundText(c.ground)],
        ['concerns.statusLabel', el('span', { i18n: `concerns.status.${c.status}` })],
        ['concerns.endsOn', el('time', { date: c.endedOn || c.endsOn })],
        ['concerns.matchCount', el('span', { text: String(c.matches.length) })],
      ]),
      active ? el('p', { class: 'app-card__actions' },
        el('button', {
          type: 'button', class: 'utrecht-button utrecht-button--secondary-action', i18n: 'concerns.letterParents',
          'aria-describedby': titleId, onclick: () => showLetter(c, 'parents'),
        }),
        el('button', {
          type: 'button', class: 'utrecht-button utrecht-button--secondary-action', i18n: 'concerns.letterYouth',
          'aria-describedby': titleId, onclick: () => showLetter(c, 'youth'),
        }),
        el('button', {
          type: 'button', class: 'utrecht-button utrecht-button--subtle', i18n: 'concerns.withdraw',
          'aria-describedby': titleId, onclick: (ev) => withdraw(c, ev.currentTarget),
        })) : null));
  }
}

// ---- registering ---------------------------------------------------------------

const PARENTS = 2;
const PARENT_FIELDS = ['givenNames', 'surname', 'birthDate', 'bsn'];

// Up to two parents, optional: registered, they let the index signal that
// two youths share a parent (a family match).
function parentFields() {
  const parent = (i) => el('fieldset', { class: 'app-choices' },
    el('legend', { i18n: 'concerns.parentN', args: { n: i + 1 } }),
    field({ name: `p${i}_givenNames`, errorName: `parents[${i}].givenNames`, label: 'concerns.givenNames', attrs: { autocomplete: 'off', maxlength: '200' } }),
    field({ name: `p${i}_surname`, errorName: `parents[${i}].surname`, label: 'concerns.surname', attrs: { autocomplete: 'off', maxlength: '200' } }),
    field({ name: `p${i}_birthDate`, errorName: `parents[${i}].birthDate`, label: 'concerns.birthDate', type: 'date', attrs: { max: today() } }),
    grounds.bsnAllowed
      ? field({ name: `p${i}_bsn`, errorName: `parents[${i}].bsn`, label: 'concerns.bsn', attrs: { inputmode: 'numeric', maxlength: '9', autocomplete: 'off', class: 'app-input-short' } })
      : null);
  return el('details', { class: 'app-details', id: 'parents' },
    el('summary', { i18n: 'concerns.parents' }),
    el('p', { class: 'utrecht-form-field-description', i18n: 'concerns.parentsHint' }),
    ...Array.from({ length: PARENTS }, (_, i) => parent(i)));
}

// The parents filled in, as the API takes them.
function parentsOf(f) {
  const parents = [];
  for (let i = 0; i < PARENTS; i++) {
    if (!PARENT_FIELDS.some((k) => value(f, `p${i}_${k}`))) continue;
    parents.push({
      givenNames: value(f, `p${i}_givenNames`), surname: value(f, `p${i}_surname`),
      birthDate: value(f, `p${i}_birthDate`), bsn: value(f, `p${i}_bsn`) || null,
    });
  }
  return parents;
}

// A parent begun is a parent to finish: names and date of birth.
function parentErrors(f) {
  const errors = [];
  for (let i = 0; i < PARENTS; i++) {
    if (!PARENT_FIELDS.some((k) => value(f, `p${i}_${k}`))) continue;
    for (const k of ['givenNames', 'surname', 'birthDate']) {
      if (!value(f, `p${i}_${k}`)) errors.push({ name: `parents[${i}].${k}`, key: 'form.required' });
    }
  }
  return errors;
}

function buildForm() {
  const form = byId('concern-form');
  form.append(
    field({
      name: 'ground', label: 'concerns.ground', type: 'select', required: true,
      options: [{ value: '', label: 'form.choose' }, ...grounds.items.map((g) => ({ value: g.code, text: pick(g) }))],
    }),
    field({ name: 'givenNames', label: 'concerns.givenNames', required: true, attrs: { autocomplete: 'off', maxlength: '200' } }),
    field({ name: 'surname', label: 'concerns.surname', hint: 'concerns.surnameHint', required: true, attrs: { autocomplete: 'off', maxlength: '200' } }),
    field({ name: 'birthDate', label: 'concerns.birthDate', type: 'date', required: true, attrs: { max: today() } }),
    field({
      name: 'sex', label: 'concerns.sex', type: 'select', required: true,
      options: [{ value: '', label: 'form.choose' }, ...SEXES.map((s) => ({ value: s, label: `gender.${s}` }))],
    }),
    grounds.bsnAllowed
      ? field({ name: 'bsn', label: 'concerns.bsn', hint: 'concerns.bsnHint', attrs: { inputmode: 'numeric', maxlength: '9', autocomplete: 'off', class: 'app-input-short' } })
      : null,
    el('fieldset', { class: 'app-choices', 'data-field': 'address', 'aria-describedby': 'address-hint' },
      el('legend', { i18n: 'concerns.address' }),
      el('div', { class: 'utrecht-form-field-description', id: 'address-hint', i18n: 'concerns.addressHint' }),
      field({ name: 'postcode', errorName: 'address.postcode', label: 'concerns.postcode', attrs: { autocomplete: 'off', maxlength: '7', class: 'app-input-short' } }),
      field({ name: 'houseNumber', errorName: 'address.houseNumber', label: 'concerns.houseNumber', attrs: { inputmode: 'numeric', maxlength: '5', class: 'app-input-short' } }),
      field({ name: 'addition', errorName: 'address.addition', label: 'concerns.addition', attrs: { maxlength: '10', class: 'app-input-short' } })),
    parentFields(),
    field({ name: 'contact', label: 'concerns.contact', hint: 'concerns.contactHint', required: true, attrs: { maxlength: '200' } }),
    submitButton('concerns.submit'));
  onSubmit(form, async (f) => {
    const body = {
      ground: value(f, 'ground'), givenNames: value(f, 'givenNames'), surname: value(f, 'surname'),
      birthDate: value(f, 'birthDate'), sex: value(f, 'sex'), contact: value(f, 'contact'),
      bsn: value(f, 'bsn') || null,
    };
    if (value(f, 'postcode') || value(f, 'houseNumber')) {
      body.address = {
        postcode: value(f, 'postcode'), houseNumber: Number.parseInt(value(f, 'houseNumber'), 10) || 0,
        addition: value(f, 'addition') || null,
      };
    }
    const parents = parentsOf(f);
    if (parents.length) body.parents = parents;
    const created = await api.post('/concerns', body);
    f.reset();
    announce(created.matches.length ? 'concerns.registeredWithMatches' : 'concerns.registered',
      { name: youthName(created.youth), count: created.matches.length });
    await refresh();
  }, (f) => {
    const errors = requireFilled(f, ['ground', 'givenNames', 'surname', 'birthDate', 'sex', 'contact']);
    if (!value(f, 'bsn') && !value(f, 'postcode')) errors.push({ name: 'address', key: 'concerns.addressRequired' });
    return errors.concat(parentErrors(f));
  });
}

async function refresh() {
  const [matches, mine] = await Promise.all([getAll('/matches'), getAll('/concerns')]);
  concerns = mine;
  renderMatches(matches);
  renderConcerns();
}

async function main() {
  const session = await boot();
  try {
    grounds = await api.get('/concern-grounds');
    if (['care-coordinator', 'administrator'].includes(session.user.role)) await loadAlerts();
  } catch (err) {
    loadFailed(err);
    return;
  }
  if (!grounds.mayRegister) {
    byId('not-participating').hidden = false;
    return;
  }
  for (const id of ['matches-section', 'new-concern-section', 'concerns-section']) byId(id).hidden = false;
  buildForm();
  try {
    await refresh();
  } catch (err) {
    showProblem(byId('concern-form'), err);
  }
}

main();
