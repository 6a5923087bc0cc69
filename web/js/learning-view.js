// What the views of the learning page share: the heading, the way back,
// and small labels.
import { q } from './api.js';
import { byId, el, fill } from './dom.js';
import { badge } from './views.js';

// Sets the page's h1 to a translated key or an API text {nl, en}.
export function heading(text) {
  const h1 = byId('learning-heading');
  const node = typeof text === 'string' ? el('h1', { id: 'learning-heading', i18n: text }) : el('h1', { id: 'learning-heading', bi: text });
  h1.replaceWith(node);
  return node;
}

// A link back (to the paths, or to a path) above the heading.
export function back(href, key) {
  const p = byId('learning-back');
  fill(p, el('a', { href, i18n: key }));
  p.hidden = false;
}

export function pathHref(id) {
  return `/learning.html?path=${q(id)}`;
}

export function itemHref(item, pathId) {
  const kind = item.kind === 'case' ? 'case' : 'module';
  return `/learning.html?${kind}=${q(item.id)}${pathId ? `&from=${q(pathId)}` : ''}`;
}

export function fictionalBadge() {
  return badge('warning', 'learning.fictional');
}

export function doneBadge(done) {
  return done ? badge('success', 'learning.done') : badge('neutral', 'learning.notDone');
}

export function minutes(n) {
  return el('span', { i18n: 'learning.minutes', args: { minutes: n } });
}

// Paragraphs of an API text {nl: [...], en: [...]}, kept in both
// languages so that a language switch changes them in place.
export function paragraphs(both) {
  const nl = both.nl || [];
  const en = both.en || [];
  const n = Math.max(nl.length, en.length);
  const out = [];
  for (let i = 0; i < n; i += 1) out.push(el('p', { bi: { nl: nl[i] || '', en: en[i] || '' } }));
  return out;
}

export function section(id, headingKey, ...children) {
  return el('section', { id, class: 'app-section', 'aria-labelledby': `${id}-heading` },
    el('h2', { id: `${id}-heading`, i18n: headingKey }), ...children);
}
