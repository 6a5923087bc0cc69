// The guidance on a signal: the advice, the rule that fired and why, every
// indicator that counted and those that never count, the period and the
// versions it rests on, and that it is advice to a professional.
import { api, q } from './api.js';
import { byId, el, facts, fill, param } from './dom.js';
import { boot, loadFailed, notFound } from './page.js';
import { codeText, strengthBadge } from './views.js';
import { ruleCondition } from './rules-view.js';
import { readNotices } from './chain.js';

const signalId = param('signal');

function advice(a) {
  const urgent = a.advice.code === 'consult-today';
  return el('section', { class: `utrecht-alert utrecht-alert--${urgent ? 'warning' : 'info'} app-advice`, 'aria-labelledby': 'advice-heading', 'data-advice': a.advice.code },
    el('div', { class: 'utrecht-alert__content' },
      el('div', { class: 'utrecht-alert__message' },
        el('h2', { id: 'advice-heading', i18n: 'assessment.advice' }),
        el('p', { class: 'app-advice__text', bi: a.advice.text }))));
}

function why(a) {
  const section = el('section', { 'aria-labelledby': 'why-heading' },
    el('h2', { id: 'why-heading', i18n: 'assessment.why' }));
  if (a.rule) {
    section.append(
      el('p', { class: 'app-rule', 'data-rule': a.rule.id },
        el('span', { i18n: 'assessment.ruleFired' }), ' ',
        el('a', { href: `/rules.html?version=${q(a.rulesVersion)}#rule-${a.rule.id}`, class: 'app-code', text: a.rule.id }),
        ': ', ruleCondition(a.rule)),
      el('p', { bi: a.rule.why }));
  } else {
    section.append(el('p', { i18n: 'assessment.noRule' }));
  }
  return section;
}

function indicatorRow(item) {
  return el('li', { class: 'app-card', 'data-indicator': item.indicator },
    el('p', { class: 'app-card__title' },
      el('span', { class: 'app-code', text: item.indicator }), ' ', el('span', { bi: item.text })),
    el('p', { class: 'app-card__meta' },
      strengthBadge(item.strength),
      item.category ? el('span', { bi: item.category }) : null,
      el('span', {}, codeText('kind', item.kind)),
      el('span', {}, el('span', { i18n: 'assessment.observedOn' }), ' ', el('time', { date: item.observedOn }))),
    item.reason ? el('p', { class: 'app-reason', bi: item.reason }) : null);
}

function list(id, headingKey, introKey, items) {
  if (!items.length) return null;
  return el('section', { 'aria-labelledby': id },
    el('h3', { id, i18n: headingKey }),
    introKey ? el('p', { i18n: introKey }) : null,
    el('ul', { class: 'app-cards', 'data-list': id }, items.map(indicatorRow)));
}

function basis(a) {
  const window = a.window || {};
  return el('section', { 'aria-labelledby': 'basis-heading' },
    el('h2', { id: 'basis-heading', i18n: 'assessment.basis' }),
    facts([
      ['assessment.window', el('span', {},
        window.from ? el('span', {}, el('time', { date: window.from }), ' – ', el('time', { date: window.to }), ' ') : null,
        el('span', { i18n: 'assessment.windowDays', args: { days: a.windowDays } }))],
      ['assessment.signalsConsidered', el('span', { text: a.signalsConsidered })],
      ['assessment.catalogueVersions', el('span', { text: (a.catalogueVersions || []).join(', ') })],
      ['assessment.rulesVersion', el('a', { href: `/rules.html?version=${q(a.rulesVersion)}`, text: a.rulesVersion })],
    ]));
}

function observation(signal) {
  return el('section', { 'aria-labelledby': 'observation-heading' },
    el('h2', { id: 'observation-heading', i18n: 'assessment.yourObservation' }),
    facts([
      ['signal.observedOn', el('time', { date: signal.observedOn })],
      ['signal.setting', codeText('setting', signal.setting)],
      ['signal.observation', el('span', { class: 'app-pre', text: signal.observation })],
    ]));
}

function render(a, person, signal) {
  const counted = a.counted.filter((i) => i.counted !== false);
  const alsoSeen = a.counted.filter((i) => i.counted === false);
  const root = byId('assessment');
  fill(root, 
    advice(a),
    el('p', { class: 'app-disclaimer', bi: a.disclaimer }),
    why(a),
    el('section', { 'aria-labelledby': 'indicators-heading' },
      el('h2', { id: 'indicators-heading', i18n: 'assessment.indicators' }),
      counted.length ? null : el('p', { i18n: 'assessment.noneCounted' }),
      list('counted-heading', 'assessment.counted', 'assessment.countedIntro', counted),
      list('also-heading', 'assessment.alsoSeen', 'assessment.alsoSeenIntro', alsoSeen),
      list('never-heading', 'assessment.neverCounted', 'assessment.neverCountedIntro', a.notCounted)),
    basis(a),
    signal ? observation(signal) : null,
    el('p', { class: 'app-card__actions' },
      el('a', { href: `/person.html?id=${q(person.id)}`, i18n: 'assessment.toChronology' }),
      el('a', { href: `/signal.html?person=${q(person.id)}`, i18n: 'assessment.anotherSignal' }),
      el('a', { href: '/', i18n: 'common.backToStart' })));
}

async function main() {
  const session = await boot();
  if (!signalId) {
    notFound(null);
    return;
  }
  try {
    const [a, signal] = await Promise.all([
      api.get(`/signals/${q(signalId)}/assessment`),
      api.get(`/signals/${q(signalId)}`),
    ]);
    const person = await api.get(`/persons/${q(a.personId || signal.personId)}`);
    fill(byId('assessment-about'), el('span', { i18n: 'assessment.about' }), ' ',
      el('a', { href: `/person.html?id=${q(person.id)}`, text: person.name }));
    render(a, person, signal);
    // A care coordinator told to consult today about this signal has now seen it.
    if (session.user.role === 'care-coordinator') readNotices(signalId);
  } catch (err) {
    loadFailed(err);
  }
}

main();
