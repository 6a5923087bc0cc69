// Small pieces of view that several pages show the same way.
import { q } from './api.js';
import { el } from './dom.js';
import { has } from './i18n.js';

// A status badge: kind is danger, warning, success, neutral, ...
export function badge(kind, key, args) {
  return el('span', { class: `utrecht-status-badge utrecht-status-badge--${kind} app-badge`, i18n: key, args });
}

// "mentor.a (Mentor)" for a user reference {id, login, role}.
export function userRef(ref) {
  if (!ref) return el('span', { i18n: 'common.unknownUser' });
  return el('span', { class: 'app-user-ref' },
    el('span', { text: ref.login || ref.id }),
    ref.role ? el('span', {}, ' (', el('span', { i18n: `role.${ref.role}` }), ')') : null);
}

export function personLink(p) {
  return el('a', { href: `/person.html?id=${q(p.id)}`, id: `pname-${p.id}`, text: p.name });
}

// A case is named after its child only with consent; else it is anonymous.
export function caseLabel(c, name) {
  const consent = c.consent && c.consent.status === 'given';
  if (consent && (c.person.name || name)) {
    return el('span', {}, el('span', { i18n: 'case.caseOf' }), ' ', el('span', { text: c.person.name || name }));
  }
  return el('span', { i18n: 'case.anonymousCase' });
}

// S, M, W or C with its meaning.
export function strengthBadge(strength) {
  const kinds = { S: 'danger', M: 'warning', W: 'neutral', C: 'neutral' };
  return el('span', {
    class: `utrecht-status-badge utrecht-status-badge--${kinds[strength] || 'neutral'} app-badge app-strength`,
    i18n: `strength.short.${strength}`,
  });
}

// The label for an indicator id: its text from the catalogue when known.
export function indicatorText(id, catalogue) {
  const item = catalogue && catalogue.get(id);
  if (!item) return el('span', { text: id });
  return el('span', {}, el('span', { class: 'app-code', text: id }), ' ', el('span', { bi: item.text }));
}

// A translated text for a code, or the code itself when there is none.
export function codeText(prefix, code) {
  const key = `${prefix}.${code}`;
  return has(key) ? el('span', { i18n: key }) : el('span', { text: code });
}
