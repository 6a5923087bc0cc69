// On a screening: who recruited or directed the youth, and who was
// arrested with them, recorded as relations of the network (the police
// record them with their own screening, also after completion), and the
// way to the network around the youth.
import { api, q } from './api.js';
import { el, fill } from './dom.js';
import { field, onSubmit, requireFilled, submitButton, value } from './forms.js';
import { announce } from './page.js';
import { kindText, nodeName, typeText } from './network-draw.js';

const TYPES = ['recruited_by', 'exploited_by', 'co_offended_with'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// A person's id or ext:KIND:KEY as it is; anything else is a nickname.
export function otherRef(text) {
  const s = text.trim();
  return UUID.test(s) || s.startsWith('ext:') ? s : `ext:nickname:${s}`;
}

// The exploiters a prosecutor names with a decision: ids, ext:KIND:KEY or
// nicknames, separated by commas or new lines.
export function exploiterRefs(text) {
  return text.split(/[,\n]/).map((s) => s.trim()).filter(Boolean).map(otherRef);
}

export function screeningRelations(box, s, render) {
  const list = s.relations || [];
  const form = el('form', { id: 'relation-form', class: 'app-form' },
    el('div', { class: 'app-error-summary', hidden: true, tabindex: -1 }),
    field({ name: 'type', label: 'network.screening.type', type: 'select', required: true,
      options: TYPES.map((t) => ({ value: t, label: `network.screening.type.${t}` })) }),
    field({ name: 'relations', label: 'network.screening.other', hint: 'network.screening.otherHint', required: true,
      attrs: { autocomplete: 'off', maxlength: '200' } }),
    field({ name: 'confidence', label: 'network.col.confidence', type: 'select',
      options: ['unverified', 'probable', 'confirmed'].map((c) => ({ value: c, label: `network.confidence.${c}` })) }),
    submitButton('network.screening.submit'));
  onSubmit(form, async (f) => {
    const relation = { type: value(f, 'type'), other: otherRef(value(f, 'relations')), confidence: value(f, 'confidence') };
    render(await api.patch(`/screenings/${q(s.id)}`, { relations: [relation] }));
    announce('network.screening.saved');
  }, (f) => requireFilled(f, ['relations']));
  fill(box,
    list.length ? el('ul', { class: 'app-cards', id: 'screening-relations' }, list.map((r) => el('li', { class: 'app-card', 'data-relation': r.type },
      el('p', { class: 'app-card__title', text: `${typeText(r.type)}: ${nodeName(r.other)}` }),
      el('p', { class: 'app-card__meta' }, el('span', { text: kindText(r.other.kind) }), ' · ',
        el('span', { i18n: `network.confidence.${r.confidence}` })))))
      : el('p', { class: 'app-muted', i18n: 'network.screening.none' }),
    form,
    el('p', {}, el('a', { href: `/network.html?person=${q(s.personId)}`, i18n: 'network.screening.around' })));
}
