// The published guidance rules, readable: in order, the first that fires
// gives the advice; C indicators never count.
import { api, q } from './api.js';
import { byId, el, facts, fill, param } from './dom.js';
import { boot, loadFailed } from './page.js';
import { strengthBadge } from './views.js';
import { ruleCondition } from './rules-view.js';

function strengths() {
  return el('section', { 'aria-labelledby': 'strengths-heading' },
    el('h2', { id: 'strengths-heading', i18n: 'rules.strengths' }),
    el('dl', { class: 'app-strengths' }, ['S', 'M', 'W', 'C'].map((s) => el('div', {},
      el('dt', {}, strengthBadge(s)), el('dd', { i18n: `strength.long.${s}` })))));
}

function render(r) {
  const rules = el('ol', { class: 'app-rules' });
  for (const rule of r.rules) {
    rules.append(el('li', { id: `rule-${rule.id}`, class: 'app-card', tabindex: '-1' },
      el('h3', { class: 'app-card__title' }, el('span', { class: 'app-code', text: rule.id }), ' ', ruleCondition(rule)),
      facts([
        ['rules.advice', el('span', { bi: rule.text })],
        ['rules.why', el('span', { bi: rule.why })],
      ])));
  }
  rules.append(el('li', { id: 'rule-otherwise', class: 'app-card' },
    el('h3', { class: 'app-card__title', i18n: 'rules.otherwise' }),
    facts([['rules.advice', el('span', { bi: r.otherwise.text })]])));
  fill(byId('rules'), 
    el('p', { class: 'app-disclaimer', bi: r.disclaimer }),
    facts([
      ['rules.version', el('span', { i18n: 'rules.versionOf', args: { version: r.version, published: r.publishedVersion } })],
      ['rules.window', el('span', { i18n: 'rules.windowDays', args: { days: r.windowDays } })],
      ['rules.source', r.source ? el('span', { bi: r.source }) : null],
    ]),
    el('section', { 'aria-labelledby': 'order-heading' },
      el('h2', { id: 'order-heading', i18n: 'rules.order' }),
      el('p', { i18n: 'rules.orderIntro' }),
      rules),
    strengths());
  if (window.location.hash) {
    const target = document.getElementById(window.location.hash.slice(1));
    if (target) target.focus();
  }
}

async function main() {
  await boot();
  const version = param('version');
  try {
    render(await api.get(`/guidance-rules${version ? `?version=${q(version)}` : ''}`));
  } catch (err) {
    loadFailed(err);
  }
}

main();
