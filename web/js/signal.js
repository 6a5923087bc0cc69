// Recording a signal: when and where, what was seen (as facts), and the
// indicators of the current catalogue, grouped by category, each marked
// as an observed fact or an impression.  Then on to the guidance.
import { api, q } from './api.js';
import { byId, clear, el, param, today } from './dom.js';
import { CHOICE_CLASS, checkedValue, choices, field, onSubmit, requireFilled, submitButton, value } from './forms.js';
import { apply } from './i18n.js';
import { boot, loadFailed, notFound } from './page.js';
import { strengthBadge } from './views.js';
import { explanationDetails, loadExplanations } from './learning-explain.js';

const SETTINGS = ['school', 'street', 'online', 'home', 'care', 'other'];
const STRENGTHS = ['S', 'M', 'W', 'C'];
const personId = param('person');

function strengthLegend() {
  const dl = el('dl', { class: 'app-strengths' });
  for (const s of STRENGTHS) {
    dl.append(el('div', {},
      el('dt', {}, strengthBadge(s)),
      el('dd', { id: `strength-${s}`, i18n: `strength.long.${s}` })));
  }
  return el('details', { class: 'app-details' },
    el('summary', { i18n: 'signal.strengthsSummary' }), dl);
}

function kindToggle(item, domId) {
  const box = choices({
    name: `kind-${item.id}`, legend: 'signal.kindLegend', legendArgs: { id: item.id },
    options: [{ value: 'fact', label: 'kind.fact' }, { value: 'impression', label: 'kind.impression' }],
    value: 'fact',
  });
  box.classList.add('app-kind', 'app-choices--inline');
  box.id = `${domId}-kind`;
  box.hidden = true;
  return box;
}

// Each indicator's explanation (learning-explain.js), shown where it is chosen.
let explanations = new Map();

function indicatorItem(item) {
  const domId = `ind-${item.id}`;
  const box = el('input', {
    type: 'checkbox', class: CHOICE_CLASS.checkbox, id: domId, name: 'indicator', value: item.id,
    'aria-describedby': `${domId}-strength strength-${item.strength}`,
  });
  const kinds = kindToggle(item, domId);
  box.addEventListener('change', () => {
    kinds.hidden = !box.checked;
    updateCounts();
  });
  return el('li', { class: 'app-indicator', 'data-indicator': item.id, 'data-search': `${item.id} ${item.text.nl} ${item.text.en}`.toLowerCase() },
    el('div', { class: 'app-choice app-choice--checkbox' }, box,
      el('label', { for: domId }, el('span', { bi: item.text }))),
    el('p', { class: 'app-indicator__strength', id: `${domId}-strength` },
      strengthBadge(item.strength), el('span', { i18n: `strength.hint.${item.strength}` }),
      el('span', { class: 'app-code', text: item.id }),
      item.strengthNote ? el('span', { class: 'app-note' }, ' (', el('span', { bi: item.strengthNote }), ')') : null),
    explanationDetails(explanations.get(item.id), item.id),
    kinds);
}

function groupByCategory(items) {
  const groups = new Map();
  for (const item of items) {
    const key = item.category.id;
    if (!groups.has(key)) groups.set(key, { category: item.category, items: [] });
    groups.get(key).items.push(item);
  }
  return Array.from(groups.values());
}

function indicatorSection(catalogue) {
  const section = el('fieldset', { class: 'app-indicators', 'data-field': 'indicators' },
    el('legend', { class: 'app-legend-large', i18n: 'signal.indicatorsLegend' }),
    el('p', { class: 'utrecht-form-field-description', i18n: 'signal.indicatorsHint', args: { version: catalogue.version } }),
    strengthLegend());
  const search = field({ name: 'indicator-search', label: 'signal.search', type: 'search', attrs: { autocomplete: 'off' } });
  search.classList.add('app-filter');
  section.append(search);
  for (const group of groupByCategory(catalogue.items)) {
    const list = el('ul', { class: 'app-indicator-list' }, group.items.map(indicatorItem));
    section.append(el('details', { class: 'app-category', 'data-category': group.category.id },
      el('summary', {},
        el('span', { bi: group.category }), ' ',
        el('span', { class: 'app-count', 'data-count': group.category.id })),
      el('fieldset', {},
        el('legend', { class: 'app-visually-hidden', bi: group.category }),
        list)));
  }
  section.append(el('p', { id: 'picked-count', class: 'app-picked', role: 'status', 'aria-live': 'polite' }));
  search.querySelector('input').addEventListener('input', (ev) => filterIndicators(ev.target.value));
  return section;
}

function filterIndicators(text) {
  const needle = text.trim().toLowerCase();
  for (const details of document.querySelectorAll('.app-category')) {
    let matches = 0;
    for (const item of details.querySelectorAll('.app-indicator')) {
      const hit = !needle || item.dataset.search.includes(needle);
      item.hidden = !hit;
      if (hit) matches += 1;
    }
    details.hidden = matches === 0;
    if (needle) details.open = matches > 0;
  }
}

function updateCounts() {
  let total = 0;
  for (const details of document.querySelectorAll('.app-category')) {
    const n = details.querySelectorAll('input[name="indicator"]:checked').length;
    total += n;
    const count = details.querySelector('[data-count]');
    clear(count);
    if (n) count.append(el('span', { i18n: 'signal.pickedInCategory', args: { count: n } }));
  }
  const picked = byId('picked-count');
  clear(picked);
  picked.append(el('span', { i18n: 'signal.picked', args: { count: total } }));
}

function buildForm(catalogue) {
  const form = byId('signal-form');
  form.append(
    field({ name: 'observedOn', label: 'signal.observedOn', type: 'date', required: true, value: today(), attrs: { max: today() } }),
    choices({
      name: 'setting', legend: 'signal.setting', required: true, value: 'school',
      options: SETTINGS.map((s) => ({ value: s, label: `setting.${s}` })),
    }),
    field({ name: 'observation', label: 'signal.observation', hint: 'signal.observationHint', type: 'textarea', required: true, rows: 5, attrs: { maxlength: '10000' } }),
    indicatorSection(catalogue),
    el('div', { class: 'app-actions' }, submitButton('signal.submit')));
  form.querySelector('[data-field="setting"]').classList.add('app-choices--inline');
  updateCounts();
  onSubmit(form, async (f) => {
    const indicators = Array.from(f.querySelectorAll('input[name="indicator"]:checked')).map((box) => ({
      id: box.value, kind: checkedValue(f, `kind-${box.value}`) || 'fact',
    }));
    const signal = await api.post('/signals', {
      personId: personId, observedOn: value(f, 'observedOn'), setting: checkedValue(f, 'setting'),
      observation: value(f, 'observation'), indicators,
    });
    window.location.assign(`/assessment.html?signal=${q(signal.id)}`);
  }, (f) => requireFilled(f, ['observedOn', 'setting', 'observation']));
}

async function main() {
  await boot({ roles: ['mentor', 'care-coordinator', 'police-officer', 'prosecutor', 'care-worker'] });
  if (!personId) {
    notFound(null);
    return;
  }
  try {
    const [person, catalogue, explained] = await Promise.all([
      api.get(`/persons/${q(personId)}`),
      api.get('/catalogue/indicators'),
      loadExplanations(),
    ]);
    explanations = explained;
    const about = byId('signal-about');
    about.replaceChildren(el('span', { i18n: 'signal.about' }), ' ',
      el('a', { href: `/person.html?id=${q(person.id)}`, text: person.name }));
    buildForm(catalogue);
    apply(byId('signal-form'));
  } catch (err) {
    loadFailed(err);
  }
}

main();
