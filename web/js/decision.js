// The prosecutor's decision on the offence of a screened minor
// (?screening=): the screening as the police handed it over, the receipt
// (the OM is informed), and the decision with its legal reasoning, whether
// the youth is treated as a possible victim (and of whom), and a referral
// of a complex case to the national expert group.
import { api, q } from './api.js';
import { byId, clear, el, fill, param, today } from './dom.js';
import { CHOICE_CLASS, checkedValue, choices, field, onSubmit, requireFilled, submitButton, value } from './forms.js';
import { apply } from './i18n.js';
import { announce, boot, loadFailed, notFound, pageError } from './page.js';
import {
  clockList, decisionList, organisations, prosecutionRules, readNotices, screeningFacts, screeningRules,
} from './chain.js';
import { renderComensha } from './comensha.js';
import { exploiterRefs } from './network-screening.js';

const screeningId = param('screening');
const ctx = { session: null, s: null, rules: null, prules: null, person: null, experts: [], received: false };

// Received once the same-day clock has stopped, or once recorded here.
function received(s) {
  if (ctx.received) return true;
  const informed = (s.clocks || []).find((c) => c.rule.id === 'om-informed');
  return Boolean(informed && !informed.running);
}

function renderFlag(s) {
  const flagged = s.nonPunishmentAssessment;
  fill(byId('decision-flag'), flagged ? el('div', { class: 'utrecht-alert utrecht-alert--warning', 'data-non-punishment': '' },
    el('div', { class: 'utrecht-alert__content' }, el('div', { class: 'utrecht-alert__message' },
      el('p', { class: 'app-alert-title', i18n: 'decision.flagTitle' }),
      el('p', { i18n: 'decision.flagText' })))) : null);
}

// The OM's last final decision on the screening, or null: after it the
// decision form is no longer offered.
function finalDecision(s) {
  const finals = (s.decisions || []).filter((d) => {
    const rule = ctx.prules.decision.get(d.decision);
    return !rule || rule.final !== false;
  });
  return finals.length ? finals[finals.length - 1] : null;
}

function renderReceipt(s) {
  const box = clear(byId('receipt'));
  if (received(s) || finalDecision(s)) {
    box.append(el('p', { 'data-received': '' }, el('span', { i18n: 'decision.received' })));
    return;
  }
  if (ctx.session.user.role !== 'prosecutor') {
    box.append(el('p', { class: 'app-muted', i18n: 'decision.notReceived' }));
    return;
  }
  const button = el('button', { type: 'button', class: 'utrecht-button utrecht-button--primary-action', id: 'receipt-button', i18n: 'decision.receive' });
  button.addEventListener('click', async () => {
    if (button.getAttribute('aria-busy') === 'true') return;
    button.setAttribute('aria-busy', 'true');
    try {
      const fresh = await api.post(`/screenings/${q(s.id)}/receipt`);
      ctx.received = true;
      render(fresh);
      announce('decision.receivedSaved');
      byId('receipt-heading').focus();
    } catch (err) {
      pageError(err);
    } finally {
      button.removeAttribute('aria-busy');
    }
  });
  box.append(el('p', { i18n: 'decision.receiptIntro' }), el('p', {}, button));
}

function buildForm() {
  const s = ctx.s;
  const form = el('form', { id: 'decision-form', class: 'app-form' });
  byId('decision-form').replaceWith(form);
  const kinds = ctx.prules.decisions;
  const codes = choices({
    name: 'decision', legend: 'decision.decisionLegend', required: true,
    hint: s.nonPunishmentAssessment ? 'decision.decisionHintFlagged' : 'decision.decisionHint',
    options: kinds.map((k) => ({ value: k.id, bi: k })),
  });
  // The legal ground, from the chosen decision's list in the rules.
  const ground = field({
    name: 'ground', label: 'decision.ground', hint: 'decision.groundHint', type: 'select', required: true,
    options: [{ value: '', label: 'form.choose' }],
  });
  const groundSource = el('p', { class: 'utrecht-form-field-description', id: 'ground-source', 'aria-live': 'polite' });
  ground.append(groundSource);
  const chosen = () => kinds.find((k) => k.id === checkedValue(form, 'decision')) || null;
  const fillGrounds = () => {
    const select = ground.querySelector('select');
    const k = chosen();
    const grounds = k ? k.grounds || [] : [];
    fill(select, el('option', { value: '', i18n: 'form.choose' }),
      grounds.map((g) => el('option', { value: g.id, bi: g })));
    if (grounds.length === 1) select.value = grounds[0].id;
  };
  const showSource = () => {
    const k = chosen();
    const g = k && (k.grounds || []).find((x) => x.id === value(form, 'ground'));
    fill(groundSource, g ? el('span', {}, el('span', { i18n: 'decision.groundSource' }), ' ', el('span', { text: g.source })) : null);
  };
  const financial = el('div', { class: 'app-choice app-choice--checkbox', 'data-field': 'financialInvestigation' },
    el('input', { type: 'checkbox', class: CHOICE_CLASS.checkbox, id: 'financialInvestigation', name: 'financialInvestigation', value: 'yes', 'aria-describedby': 'financial-hint' }),
    el('label', { for: 'financialInvestigation', i18n: 'decision.financialLabel' }));
  const due = field({ name: 'dueOn', label: 'decision.dueOn', hint: 'decision.dueHint', type: 'date', required: true, attrs: { min: today() } });
  const victim = el('div', { class: 'app-choice app-choice--checkbox', 'data-field': 'possibleVictim' },
    el('input', { type: 'checkbox', class: CHOICE_CLASS.checkbox, id: 'possibleVictim', name: 'possibleVictim', value: 'yes', 'aria-describedby': 'possible-victim-hint' }),
    el('label', { for: 'possibleVictim', i18n: 'decision.possibleVictim' }));
  const victimOf = field({ name: 'victimOf', label: 'decision.victimOf', hint: 'decision.victimOfHint', attrs: { maxlength: '1000', autocomplete: 'off' } });
  const exploiters = field({ name: 'victimOfIds', label: 'network.decision.exploiters', hint: 'network.decision.exploitersHint', attrs: { maxlength: '1000', autocomplete: 'off' } });
  const expert = el('div', { class: 'app-choice app-choice--checkbox', 'data-field': 'toExperts' },
    el('input', { type: 'checkbox', class: CHOICE_CLASS.checkbox, id: 'toExperts', name: 'toExperts', value: 'yes', 'aria-describedby': 'experts-hint' }),
    el('label', { for: 'toExperts', i18n: 'decision.toExperts' }));
  const experts = ctx.experts;
  const expertOrg = field({
    name: 'expertGroup', label: 'decision.expertGroup', type: 'select', required: true, value: experts.length === 1 ? experts[0].id : '',
    options: [{ value: '', label: 'form.choose' }, ...experts.map((o) => ({ value: o.id, text: o.name }))],
  });
  form.append(
    codes, ground, due,
    field({ name: 'reasoning', label: 'decision.reasoning', hint: 'decision.reasoningHint', type: 'textarea', rows: 5, required: true, attrs: { maxlength: '5000' } }),
    el('fieldset', { class: 'app-section' }, el('legend', { class: 'app-legend-large', i18n: 'decision.financialSection' }),
      financial, el('p', { class: 'utrecht-form-field-description', id: 'financial-hint', i18n: 'decision.financialHint' })),
    el('fieldset', { class: 'app-section' }, el('legend', { class: 'app-legend-large', i18n: 'decision.victimSection' }),
      victim, el('p', { class: 'utrecht-form-field-description', id: 'possible-victim-hint', i18n: 'decision.possibleVictimHint' }), victimOf, exploiters),
    el('fieldset', { class: 'app-section' }, el('legend', { class: 'app-legend-large', i18n: 'decision.expertSection' }),
      expert, el('p', { class: 'utrecht-form-field-description', id: 'experts-hint', i18n: 'decision.toExpertsHint' }), expertOrg),
    el('div', { class: 'app-actions' }, submitButton('decision.submit')));
  let lastKind = null;
  const sync = () => {
    const k = chosen();
    if (k !== lastKind) {
      lastKind = k;
      fillGrounds();
    }
    showSource();
    due.hidden = !k || k.final !== false;
    // A dismissal on the non-punishment principle treats the youth as a possible victim.
    const victimBox = form.elements.namedItem('possibleVictim');
    if (k && k.nonPunishment) victimBox.checked = true;
    victimBox.disabled = Boolean(k && k.nonPunishment);
    victimOf.hidden = !form.elements.namedItem('possibleVictim').checked;
    exploiters.hidden = victimOf.hidden;
    expertOrg.hidden = !form.elements.namedItem('toExperts').checked;
  };
  form.addEventListener('change', sync);
  sync();
  apply(form);
  onSubmit(form, async (f) => {
    const k = chosen();
    const body = {
      screeningId: s.id, decision: checkedValue(f, 'decision'), ground: value(f, 'ground'), reasoning: value(f, 'reasoning'),
      possibleVictim: f.elements.namedItem('possibleVictim').checked,
      financialInvestigation: f.elements.namedItem('financialInvestigation').checked,
    };
    if (k && k.final === false) body.dueOn = value(f, 'dueOn');
    if (body.possibleVictim && value(f, 'victimOf')) body.victimOf = value(f, 'victimOf');
    if (body.possibleVictim && value(f, 'victimOfIds')) body.victimOfIds = exploiterRefs(value(f, 'victimOfIds'));
    if (f.elements.namedItem('toExperts').checked) body.expertGroup = value(f, 'expertGroup');
    await api.post('/prosecution-decisions', body);
    render(await api.get(`/screenings/${q(s.id)}`));
    if (!finalDecision(ctx.s)) buildForm();
    announce('decision.saved');
    byId('decisions-heading').focus();
  }, (f) => {
    const errors = requireFilled(f, ['decision', 'ground', 'reasoning']);
    const k = chosen();
    if (k && k.final === false) errors.push(...requireFilled(f, ['dueOn']));
    if (f.elements.namedItem('toExperts').checked) errors.push(...requireFilled(f, ['expertGroup']));
    return errors;
  });
}

function render(s) {
  ctx.s = s;
  const heading = byId('decision-heading');
  heading.dataset.i18n = ctx.person ? 'decision.headingOf' : 'decision.heading';
  heading.dataset.i18nArgs = JSON.stringify({ name: ctx.person ? ctx.person.name : '' });
  apply(heading);
  fill(byId('decision-about'), el('span', { i18n: 'decision.about', args: { police: s.police ? s.police.name : '' } }), ' ',
    el('a', { href: '/screenings.html', i18n: 'decision.toList' }));
  renderFlag(s);
  renderReceipt(s);
  fill(byId('handed'), screeningFacts(s, ctx.rules));
  fill(byId('decision-clocks'), clockList(s.clocks));
  fill(byId('decisions'), decisionList(s.decisions, 'decision.none', ctx.prules));
  if (ctx.session.user.role === 'prosecutor') {
    renderComensha(byId('comensha'), s, ctx.prules, { saved: async () => render(await api.get(`/screenings/${q(s.id)}`)), byOm: true });
  }
  // After the final decision there is nothing more to decide here.
  const settled = finalDecision(s);
  const formSection = byId('form-section');
  if (settled) {
    formSection.hidden = true;
    fill(byId('decision-settled'), el('p', { 'data-settled': settled.decision, i18n: 'decision.settled' }));
  } else {
    formSection.hidden = ctx.session.user.role !== 'prosecutor';
    fill(byId('decision-settled'));
  }
  const last = (s.decisions || [])[s.decisions.length - 1];
  fill(byId('share-outcome'), last ? el('p', {},
    el('a', { href: `/refer.html?person=${q(s.personId)}&decision=${q(last.id)}`, i18n: 'decision.shareOutcome' }), ' ',
    el('span', { class: 'app-muted', i18n: 'decision.shareOutcomeHint' })) : null);
}

async function main() {
  ctx.session = await boot({ roles: ['prosecutor'] });
  if (!screeningId) {
    notFound(null);
    return;
  }
  try {
    const [s, rules, prules, orgs] = await Promise.all([
      api.get(`/screenings/${q(screeningId)}`), screeningRules(), prosecutionRules(), organisations(),
    ]);
    ctx.rules = rules;
    ctx.prules = prules;
    ctx.experts = orgs.filter((o) => o.type === 'expert-group');
    try {
      ctx.person = await api.get(`/persons/${q(s.personId)}`);
    } catch {
      ctx.person = null;
    }
    render(s);
    if (ctx.session.user.role === 'prosecutor' && !finalDecision(s)) buildForm();
    await readNotices(s.id);
  } catch (err) {
    loadFailed(err);
  }
}

main();
