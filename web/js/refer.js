// Sending a referral: to which organisation, for what purpose, on which
// legal basis (with what that basis needs), and exactly what the receiver
// will see: the parts ticked here and nothing else.  From a child's
// chronology (?person=), a case (&case=), or the OM's decision page
// (&decision= or &screening=, the record shared).
import { api, q } from './api.js';
import { byId, clear, el, fill, param, today } from './dom.js';
import {
  CHOICE_CLASS, checkedValue, checkedValues, choices, field, onSubmit, requireFilled, submitButton, value,
} from './forms.js';
import { apply, t } from './i18n.js';
import { boot, loadFailed, notFound } from './page.js';
import { REFERRING_ROLES, organisations, prosecutionRules } from './chain.js';
import { covers, requiredConsent } from './consent-rules.js';

const personId = param('person');
const caseId = param('case');
const subject = param('decision') ? { part: 'decision', id: param('decision') }
  : param('screening') ? { part: 'screening', id: param('screening') } : null;
// After the Meldcode decided to report (&report=veilig-thuis): the form
// comes filled in for that report.
const report = param('report') === 'veilig-thuis';

const PURPOSES = ['report', 'acute-report', 'advice', 'care', 'investigation', 'intervention', 'expert-advice', 'information'];
const BASES = ['consent', 'meldrecht', 'statutory-task', 'override'];
const CASE_PARTS = ['care-question', 'consultation-notes', 'meldcode'];
// Organisation types with a statutory task of their own in the chain
// (domain/sharing.c).
const STATUTORY = ['police', 'prosecution', 'veilig-thuis', 'youth-care', 'municipality', 'expert-group',
  'youth-health-care', 'child-protection-board', 'halt', 'certified-institution'];
const OVERRIDE_MIN = 20;
const ORG_TYPES = ['veilig-thuis', 'youth-care', 'youth-health-care', 'municipality', 'child-protection-board',
  'certified-institution', 'halt', 'police', 'prosecution', 'expert-group', 'school', 'national-analysis'];

const ctx = {
  session: null, person: null, kase: null, orgs: [], signals: [], prules: null, consentRules: null,
};

function ageOn(birth, on) {
  if (!birth || !on) return null;
  const [by, bm, bd] = birth.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age -= 1;
  return age;
}

// Which party consents at the child's age on the day consent was given, for
// the chosen receiver: the published consent rules.
function requiredParty(form) {
  const age = ageOn(ctx.person.birthDate, value(form, 'consentOn') || today());
  if (age === null) return null;
  const org = chosenOrg(form);
  const need = requiredConsent(ctx.consentRules, org ? org.type : '*', age);
  return need ? { age, party: need.party, source: need.source } : null;
}

function chosenOrg(form) {
  return ctx.orgs.find((o) => o.id === value(form, 'to')) || null;
}

function orgField() {
  const box = field({ name: 'to', label: 'refer.to', hint: 'refer.toHint', type: 'select', required: true, options: [{ value: '', label: 'form.choose' }] });
  const select = box.querySelector('select');
  for (const type of ORG_TYPES) {
    const orgs = ctx.orgs.filter((o) => o.type === type);
    if (!orgs.length) continue;
    select.append(el('optgroup', { i18nAttr: { label: `referral.orgType.${type}` } },
      orgs.map((o) => el('option', { value: o.id, text: o.name, 'data-type': o.type }))));
  }
  return box;
}

function basisDetails() {
  const consent = el('div', { class: 'app-conditional', 'data-for-basis': 'consent' },
    field({ name: 'consentOn', label: 'refer.consentOn', type: 'date', required: true, value: today(), attrs: { max: today() } }),
    choices({
      name: 'consentParty', legend: 'refer.consentParty', required: true,
      options: ['parent', 'pupil', 'pupil-and-parent'].map((p) => ({ value: p, label: `referral.consentBy.${p}` })),
    }),
    el('p', { class: 'app-required-party', id: 'required-party', role: 'status', 'aria-live': 'polite' }));
  const meldrecht = el('div', { class: 'app-conditional', 'data-for-basis': 'meldrecht' },
    el('p', { i18n: 'refer.meldrechtNeeds' }));
  const statutory = el('div', { class: 'app-conditional', 'data-for-basis': 'statutory-task' },
    el('p', { i18n: 'refer.statutoryNeeds' }));
  const override = el('div', { class: 'app-conditional', 'data-for-basis': 'override' },
    el('div', { class: 'utrecht-alert utrecht-alert--warning', 'data-override-warning': '' },
      el('div', { class: 'utrecht-alert__content' }, el('p', { class: 'utrecht-alert__message', i18n: 'refer.overrideWarning' }))),
    field({
      name: 'overrideReason', label: 'refer.overrideReason', hint: 'refer.overrideHint', hintArgs: { min: OVERRIDE_MIN },
      type: 'textarea', rows: 3, required: true, attrs: { maxlength: '2000' },
    }));
  return [consent, meldrecht, statutory, override];
}

const PART_ORDER = ['identity', 'signals', 'care-question', 'consultation-notes', 'meldcode', 'screening', 'decision', 'decision-fact'];
// Parts of a screening or decision: where they may go is in the published rules.
const JUSTICE_PARTS = ['screening', 'decision', 'decision-fact'];

function availableParts() {
  return PART_ORDER.filter((p) => {
    if (CASE_PARTS.includes(p)) return Boolean(ctx.kase);
    if (p === 'screening') return subject && subject.part === 'screening';
    if (p === 'decision' || p === 'decision-fact') return subject && subject.part === 'decision';
    if (p === 'signals') return ctx.signals.length > 0;
    return true;
  });
}

function partsField() {
  const box = choices({
    name: 'shares', type: 'checkbox', legend: 'refer.shares', hint: 'refer.sharesHint',
    options: availableParts().map((p) => ({ value: p, label: `refer.part.${p}` })),
    // The least a decision can share is its bare fact: that is the default.
    value: subject ? [subject.part === 'decision' ? 'decision-fact' : subject.part] : [],
  });
  box.append(el('div', { class: 'app-share-summary', id: 'share-summary', role: 'status', 'aria-live': 'polite' }));
  return box;
}

// The start of an observation, cut at a word.
function excerpt(text, max = 100) {
  const s = (text || '').trim();
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2))}…`;
}

function signalsField() {
  const box = choices({
    name: 'signalIds', type: 'checkbox', legend: 'refer.signals', hint: 'refer.signalsHint',
    options: ctx.signals.map((s) => ({ value: s.id, text: `${s.observedOn || s.at} · ${excerpt(s.observation)}` })),
    value: ctx.signals.map((s) => s.id),
  });
  box.classList.add('app-conditional');
  box.dataset.forPart = 'signals';
  return box;
}

// What the receiver will see, spelled out, and what not.
function renderShareSummary(form) {
  const chosen = checkedValues(form, 'shares');
  const rest = availableParts().filter((p) => !chosen.includes(p));
  const nsignals = checkedValues(form, 'signalIds').length;
  const box = clear(byId('share-summary'));
  box.append(el('p', { class: 'app-alert-title', i18n: 'refer.exactly' }));
  if (!chosen.length) {
    box.append(el('p', { i18n: 'refer.nothingChosen' }));
  } else {
    box.append(el('ul', {}, chosen.map((p) => el('li', { 'data-sees': p },
      el('span', { i18n: `referral.part.${p}` }),
      p === 'signals' ? el('span', { i18n: 'refer.signalCount', args: { count: nsignals } }) : null))));
  }
  if (rest.length) {
    box.append(el('p', {}, el('span', { i18n: 'refer.notSeen' }), ' ',
      el('span', {}, rest.map((p, i) => [i ? ', ' : null, el('span', { 'data-not-sees': p, i18n: `referral.part.${p}` })]).flat())));
  }
  if (!chosen.includes('identity')) box.append(el('p', { i18n: 'refer.noIdentity' }));
}

function sync(form) {
  const basis = checkedValue(form, 'legalBasis');
  for (const node of form.querySelectorAll('[data-for-basis]')) {
    const on = node.dataset.forBasis === basis;
    node.hidden = !on;
  }
  const shares = checkedValues(form, 'shares');
  for (const node of form.querySelectorAll('[data-for-part]')) node.hidden = !shares.includes(node.dataset.forPart);
  const need = requiredParty(form);
  const hint = clear(byId('required-party'));
  if (need) {
    hint.append(el('span', { i18n: `refer.requiredParty.${need.party}`, args: { age: need.age } }), ' ',
      el('span', { class: 'app-source', lang: 'nl', text: `(${need.source})` }));
    // Preselect the party the age and receiver require, until the user
    // chooses one: the choice is never overruled.
    if (!form.dataset.partyChosen) {
      const radio = form.querySelector(`input[name="consentParty"][value="${need.party}"]`);
      if (radio) radio.checked = true;
    }
  }
  renderShareSummary(form);
  apply(byId('share-summary'));
}

function validate(form) {
  const errors = requireFilled(form, ['to', 'purpose', 'legalBasis', 'shares']);
  const basis = checkedValue(form, 'legalBasis');
  const org = chosenOrg(form);
  if (basis === 'consent') {
    errors.push(...requireFilled(form, ['consentOn', 'consentParty']));
    const need = requiredParty(form);
    const party = checkedValue(form, 'consentParty');
    if (need && party && !covers(party, need.party)) {
      errors.push({ name: 'consentParty', key: `refer.requiredParty.${need.party}`, args: { age: need.age } });
    }
  }
  if (basis === 'meldrecht' && org && org.type !== 'veilig-thuis') errors.push({ name: 'legalBasis', key: 'refer.meldrechtOnlyVt' });
  if (basis === 'statutory-task' && !STATUTORY.includes(ctx.session.organisation.type)) {
    errors.push({ name: 'legalBasis', key: 'refer.noStatutoryTask' });
  }
  if (basis === 'override' && [...value(form, 'overrideReason')].length < OVERRIDE_MIN) {
    errors.push({ name: 'overrideReason', key: 'refer.overrideTooShort', args: { min: OVERRIDE_MIN } });
  }
  // A screening or decision goes only where the published rules let it.
  const rules = ctx.prules ? ctx.prules.doc.sharing || [] : [];
  for (const part of checkedValues(form, 'shares').filter((p) => JUSTICE_PARTS.includes(p))) {
    const rule = rules.find((r) => r.part === part);
    if (!rule || !org) continue;
    if (!rule.to.includes(org.type)) errors.push({ name: 'shares', key: 'refer.partNotTo', args: { types: rule.to.map((type) => t(`referral.orgType.${type}`)).join(', ') } });
    else if (rule.bases && rule.bases.length && basis && !rule.bases.includes(basis)) errors.push({ name: 'shares', key: 'refer.partNotOnBasis', args: { bases: rule.bases.join(', ') } });
  }
  if (checkedValues(form, 'shares').includes('signals') && !checkedValues(form, 'signalIds').length) {
    errors.push({ name: 'signalIds', key: 'refer.chooseSignals' });
  }
  return errors;
}

function bodyOf(form) {
  const basis = checkedValue(form, 'legalBasis');
  const shares = checkedValues(form, 'shares');
  const body = {
    personId: personId, to: value(form, 'to'), purpose: checkedValue(form, 'purpose'), legalBasis: basis, shares,
  };
  if (ctx.kase) body.caseId = ctx.kase.id;
  if (value(form, 'note')) body.note = value(form, 'note');
  if (basis === 'consent') {
    body.consentParty = checkedValue(form, 'consentParty');
    body.consentOn = value(form, 'consentOn');
  }
  if (basis === 'override') body.overrideReason = value(form, 'overrideReason');
  if (shares.includes('signals')) body.signalIds = checkedValues(form, 'signalIds');
  if (subject && shares.some((p) => JUSTICE_PARTS.includes(p))) body.subjectId = subject.id;
  if (ctx.kase) body.transfer = Boolean(form.querySelector('input[name="transfer"]:checked'));
  return body;
}

// The report to Veilig Thuis the Meldcode decided on: to Veilig Thuis (the
// first, when there are several), purpose report, on the meldrecht, with
// what the case knows; the professional checks it all before sending.
function prefillReport(form) {
  const vt = ctx.orgs.find((o) => o.type === 'veilig-thuis');
  if (vt) form.elements.namedItem('to').value = vt.id;
  const check = (name, val) => {
    const input = form.querySelector(`input[name="${name}"][value="${val}"]`);
    if (input) input.checked = true;
  };
  check('purpose', 'report');
  check('legalBasis', 'meldrecht');
  for (const part of ['identity', 'signals', 'care-question', 'consultation-notes', 'meldcode']) check('shares', part);
  form.prepend(el('div', { class: 'utrecht-alert utrecht-alert--info', 'data-prefilled': 'report' },
    el('div', { class: 'utrecht-alert__content' }, el('p', { class: 'utrecht-alert__message', i18n: 'refer.reportPrefilled' }))));
}

function section(key, ...children) {
  return el('fieldset', { class: 'app-section' }, el('legend', { class: 'app-legend-large', i18n: key }), ...children);
}

function buildForm() {
  const form = byId('refer-form');
  const purposes = choices({
    name: 'purpose', legend: 'refer.purpose', required: true,
    options: PURPOSES.map((p) => ({ value: p, label: `referral.purpose.${p}` })),
  });
  purposes.classList.add('app-choices--columns');
  const bases = choices({
    name: 'legalBasis', legend: 'refer.basis', hint: 'refer.basisHint', required: true,
    options: BASES.map((b) => ({ value: b, label: `refer.basis.${b}` })),
  });
  const transfer = ctx.kase ? el('div', { class: 'app-choice app-choice--checkbox', 'data-field': 'transfer' },
    el('input', { type: 'checkbox', class: CHOICE_CLASS.checkbox, id: 'transfer', name: 'transfer', value: 'yes', 'aria-describedby': 'transfer-hint' }),
    el('label', { for: 'transfer', i18n: 'refer.transfer' })) : null;
  form.append(
    section('refer.whoWhy', orgField(), purposes,
      field({ name: 'note', label: 'refer.note', hint: 'refer.noteHint', type: 'textarea', rows: 3, attrs: { maxlength: '2000' } })),
    section('refer.basisSection', bases, ...basisDetails()),
    section('refer.whatSection', partsField(), ctx.signals.length ? signalsField() : null,
      transfer, transfer ? el('p', { class: 'utrecht-form-field-description', id: 'transfer-hint', i18n: 'refer.transferHint' }) : null),
    el('div', { class: 'app-actions' }, submitButton('refer.submit')));
  if (report) prefillReport(form);
  form.addEventListener('change', (ev) => {
    if (ev.target.name === 'consentParty') form.dataset.partyChosen = 'true';
    sync(form);
  });
  form.addEventListener('input', (ev) => {
    if (ev.target.name === 'consentOn') sync(form);
  });
  sync(form);
  onSubmit(form, async (f) => {
    const created = await api.post('/referrals', bodyOf(f));
    window.location.assign(`/referral.html?id=${q(created.id)}`);
  }, validate);
}

function renderAbout() {
  const about = byId('refer-about');
  fill(about, el('span', { i18n: 'refer.about' }), ' ',
    el('a', { href: `/person.html?id=${q(ctx.person.id)}`, text: ctx.person.name }),
    ctx.kase ? el('span', {}, ' — ', el('a', { href: `/case.html?id=${q(ctx.kase.id)}`, i18n: 'refer.fromCase' })) : null);
}

async function main() {
  ctx.session = await boot({ roles: REFERRING_ROLES });
  if (!personId) {
    notFound(null);
    return;
  }
  try {
    const [person, orgs, kase, timeline, prules, consentRules] = await Promise.all([
      api.get(`/persons/${q(personId)}`),
      organisations(),
      caseId ? api.get(`/cases/${q(caseId)}`) : Promise.resolve(null),
      api.get(`/persons/${q(personId)}/timeline`),
      subject ? prosecutionRules() : Promise.resolve(null),
      api.get('/consent-rules'),
    ]);
    ctx.prules = prules;
    ctx.consentRules = consentRules;
    ctx.person = person;
    ctx.kase = kase;
    ctx.orgs = orgs.filter((o) => o.id !== ctx.session.organisation.id);
    ctx.signals = kase ? kase.signals || [] : timeline.items.filter((e) => e.type === 'signal');
    renderAbout();
    buildForm();
    apply(byId('refer-form'));
  } catch (err) {
    loadFailed(err);
  }
}

main();
