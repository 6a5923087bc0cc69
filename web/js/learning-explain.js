// The explanation of an indicator, as a small disclosure: what it looks
// like at school, on the street and online, why it may point to
// exploitation, what it does not mean, and its source.  Used where an
// indicator is chosen (the signal page) and where it is learned.
import { api } from './api.js';
import { el } from './dom.js';

const PARTS = ['school', 'street', 'online', 'why', 'not'];

let cached = null;

// The published explanations as a Map from indicator id; an empty Map when
// they cannot be read (the page works without them).
export async function loadExplanations() {
  if (!cached) {
    cached = api.get('/learning/explanations')
      .then((doc) => new Map(doc.items.map((item) => [item.id, item])))
      .catch(() => new Map());
  }
  return cached;
}

// A <details> explaining one indicator; null without an explanation.
// label names the indicator for screen readers (the summary text is the
// same for every indicator).
export function explanationDetails(explanation, label) {
  if (!explanation) return null;
  const list = el('dl', { class: 'app-facts app-explanation' });
  for (const part of PARTS) {
    list.append(el('div', {},
      el('dt', { i18n: `learning.explain.${part}` }),
      el('dd', { bi: explanation[part] })));
  }
  list.append(el('div', {},
    el('dt', { i18n: 'learning.explain.source' }),
    el('dd', { class: 'app-note', lang: 'en', text: explanation.source })));
  const summary = el('summary', {}, el('span', { i18n: 'learning.explain.summary' }));
  if (label) summary.append(el('span', { class: 'app-visually-hidden', text: `: ${label}` }));
  return el('details', { class: 'app-details app-explain', 'data-explain': explanation.id }, summary, list);
}
