// Pieces of view the overseeing roles' pages share (admin.html,
// audit.html, privacy.html): a button that works with the API and shows
// itself busy meanwhile, a message box, a plain data table, and the
// translation of the API's refusals that these pages expect.
import { ApiError } from './api.js';
import { byId, el } from './dom.js';
import { pageError } from './page.js';

// A button that runs work() once per click, busy meanwhile; an error goes
// to the page's alert region (or to onError when given).  describedBy
// names the element that says what the button acts on (its card title),
// so that a screen reader hears "Disable, mentor.a" rather than "Disable".
export function actionButton(key, { describedBy, kind = 'secondary-action', work, onError, attrs = {} }) {
  const button = el('button', {
    type: 'button', class: `utrecht-button utrecht-button--${kind}`, i18n: key, 'aria-describedby': describedBy, ...attrs,
  });
  button.addEventListener('click', async () => {
    if (button.getAttribute('aria-busy') === 'true') return;
    button.setAttribute('aria-busy', 'true');
    try {
      await work(button);
    } catch (err) {
      if (onError) onError(err);
      else pageError(err);
    } finally {
      button.removeAttribute('aria-busy');
    }
  });
  return button;
}

// An NL Design System alert box (kind: info, ok, warning, error).
export function messageBox(kind, ...children) {
  return el('div', { class: `utrecht-alert utrecht-alert--${kind}` },
    el('div', { class: 'utrecht-alert__content' }, el('div', { class: 'utrecht-alert__message' }, children)));
}

// A data table in its own scrolling box (so that the page itself never
// scrolls sideways at 320 px): heads are text keys, rows arrays of cells.
// The box can take focus, so a keyboard can scroll it too.
export function dataTable({ id, caption, heads, rows, rowAttrs = () => ({}) }) {
  return el('div', { class: 'app-table-wrap', tabindex: '0', role: 'region', i18nAttr: { 'aria-label': caption } },
    el('table', { class: 'utrecht-table', id },
      el('caption', { class: 'utrecht-table__caption', i18n: caption }),
      el('thead', { class: 'utrecht-table__header' },
        el('tr', { class: 'utrecht-table__row' }, heads.map((k) => el('th', { class: 'utrecht-table__header-cell', scope: 'col', i18n: k })))),
      el('tbody', { class: 'utrecht-table__body' }, rows.map((cells, i) => el('tr', { class: 'utrecht-table__row', ...rowAttrs(i) },
        cells.map((c) => el('td', { class: 'utrecht-table__cell' }, c)))))));
}

// True when err is the API's 400 about field (its wire name).
export function isInvalid(err, field) {
  return err instanceof ApiError && err.status === 400 && err.invalidParams.some((p) => p.name === field);
}

// The page is not for this role: the message the API would give, and the
// way back, instead of forms that would be refused.
export function notForRole() {
  for (const node of document.querySelectorAll('[data-needs-record]')) node.hidden = true;
  pageError(new ApiError(403, null));
  byId('page-alert').append(el('p', {}, el('a', { href: '/', i18n: 'common.backToStart' })));
}

// The key of a text with a count: KEY.one for 1, KEY.other otherwise
// ("1 regel", "3 regels").
export function plural(key, n) {
  return `${key}.${Number(n) === 1 ? 'one' : 'other'}`;
}

// A long id shown short ("4f4050a0…"), while a screen reader and a
// search still get all of it (the rest is visually hidden).
export function shortId(id) {
  const text = String(id || '');
  if (text.length <= 12) return el('span', { class: 'app-code', text });
  return el('span', { class: 'app-code app-short-id', title: text },
    el('span', { text: text.slice(0, 8) }),
    el('span', { 'aria-hidden': 'true', text: '…' }),
    el('span', { class: 'app-visually-hidden', text: text.slice(8) }));
}

// The page's alert with our own words only: for a refusal this page
// expects and explains in full (the API's detail would add nothing).
export function pageRefusal(key) {
  const region = byId('page-alert');
  region.replaceChildren(messageBox('error', el('p', { class: 'app-alert-title', i18n: key })));
}
