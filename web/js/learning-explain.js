// The explanation of an indicator, as a small disclosure: what it looks
// like at school, on the street and online, why it may point to
// exploitation, what it does not mean, and its source.  Used where an
// indicator is chosen (the signal page) and where it is learned.
import { api } from './api.js';
import { el, nextId } from './dom.js';

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

// A small disclosure explaining one indicator: a button that shows and
// hides the explanation (aria-expanded); null without an explanation.
// label names the indicator for screen readers (the button's text is the
// same for every indicator).  A button rather than <details>, so that it
// can sit inside the signal page's category disclosures.
export function explanationDetails(explanation, label) {
  if (!explanation) return null;
  const list = el('dl', { class: 'app-facts' });
  for (const part of PARTS) {
    list.append(el('div', {},
      el('dt', { i18n: `learning.explain.${part}` }),
      el('dd', { bi: explanation[part] })));
  }
  list.append(el('div', {},
    el('dt', { i18n: 'learning.explain.source' }),
    el('dd', { class: 'app-note', bi: explanation.source })));
  const panel = el('div', { id: nextId('explain'), hidden: true }, list);
  const button = el('button', {
    type: 'button', class: 'utrecht-button utrecht-button--subtle', 'aria-expanded': 'false',
    'aria-controls': panel.id,
  }, el('span', { i18n: 'learning.explain.summary' }),
  label ? el('span', { class: 'app-visually-hidden', text: `: ${label}` }) : null);
  button.addEventListener('click', () => {
    const open = button.getAttribute('aria-expanded') === 'true';
    button.setAttribute('aria-expanded', open ? 'false' : 'true');
    panel.hidden = open;
  });
  return el('div', { class: 'app-explain', 'data-explain': explanation.id }, button, panel);
}
