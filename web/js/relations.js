// The analyst's page of the network's relations: find the relations of a
// person or entity, or those from one source (each search audited with the
// purpose given); record a relation; correct one (a new relation replaces
// it, the old one stays as history) or retire one, each with the reason;
// and import many from a CSV file, all or nothing, with the report of every
// rejected row.  Police officers record relations from their screenings,
// prosecutors with their decisions; this page is the analyst's.
import { api, ApiError, q } from './api.js';
import { byId, clear, el, fill, show, today } from './dom.js';
import { checkedValues, choices, field, onSubmit, requireFilled, showErrors, showProblem, submitButton, value } from './forms.js';
import { announce, boot, pageError } from './page.js';
import { nodeName, sourceText, typeText } from './network-draw.js';
import { otherRef } from './network-screening.js';
import { badge } from './views.js';

const TYPES = ['recruited_by', 'exploited_by', 'associates_with', 'co_offended_with', 'sibling_of',
  'uses_phone', 'lives_at', 'seen_at', 'member_of'];
const CONFIDENCES = ['unverified', 'probable', 'confirmed'];
// A logged-in caller's request body is at most 1 MiB; the file travels as
// JSON text, which escapes its line ends.  Larger files go through
// signaal network import.
const MAX_FILE = 900 * 1024;

let last = null; // the last search: {purpose, query}

function typeOptions() {
  return TYPES.map((type) => ({ value: type, label: `network.type.${type}` }));
}

function confidenceOptions() {
  return CONFIDENCES.map((c) => ({ value: c, label: `network.confidence.${c}` }));
}

function button(key, onclick, extra = {}) {
  return el('button', { type: 'button', class: 'utrecht-button utrecht-button--secondary-action', i18n: key, onclick, ...extra });
}

// ---- one relation --------------------------------------------------------

function history(r) {
  const lines = [];
  if (r.replaces) lines.push(el('p', { class: 'app-card__meta', i18n: 'relations.item.replaces' }));
  if (r.status !== 'current' && r.retired) {
    lines.push(el('p', { class: 'app-card__meta' },
      el('span', { i18n: r.replacedBy ? 'relations.item.corrected' : 'relations.item.retired' }), ' ',
      el('time', { time: r.retired.at })));
    if (r.retired.reason) lines.push(el('p', {}, el('span', { i18n: 'relations.item.reason' }), ' ', el('span', { text: r.retired.reason })));
  }
  return lines;
}

// The form that corrects r: what changes, and why.
function correctForm(r, done) {
  const form = el('form', { class: 'app-form relations-edit' },
    el('div', { class: 'app-error-summary', hidden: true, tabindex: -1 }),
    field({ name: 'type', label: 'network.col.type', type: 'select', options: typeOptions(), value: r.type }),
    field({ name: 'confidence', label: 'network.col.confidence', type: 'select', options: confidenceOptions(), value: r.confidence }),
    field({ name: 'firstSeen', label: 'relations.new.firstSeen', type: 'date', value: r.firstSeen, required: true }),
    field({ name: 'lastSeen', label: 'relations.new.lastSeen', type: 'date', value: r.lastSeen, required: true }),
    field({ name: 'reason', label: 'relations.correct.reason', hint: 'relations.correct.reasonHint', type: 'textarea', rows: 2, required: true, attrs: { maxlength: 380 } }),
    el('div', { class: 'app-form__actions' }, submitButton('relations.correct.submit'),
      button('relations.action.cancel', () => done(null))));
  onSubmit(form, async (f) => {
    const patch = { reason: value(f, 'reason') };
    for (const name of ['type', 'confidence', 'firstSeen', 'lastSeen']) {
      if (value(f, name) !== r[name]) patch[name] = value(f, name);
    }
    const now = await api.patch(`/relations/${q(r.id)}`, patch);
    announce('relations.corrected');
    await done(now);
  }, (f) => requireFilled(f, ['firstSeen', 'lastSeen', 'reason']));
  return form;
}

function retireForm(r, done) {
  const form = el('form', { class: 'app-form relations-edit' },
    el('div', { class: 'app-error-summary', hidden: true, tabindex: -1 }),
    field({ name: 'reason', label: 'relations.retire.reason', hint: 'relations.retire.reasonHint', type: 'textarea', rows: 2, required: true, attrs: { maxlength: 380 } }),
    el('div', { class: 'app-form__actions' }, submitButton('relations.retire.submit'),
      button('relations.action.cancel', () => done(null))));
  onSubmit(form, async (f) => {
    const now = await api.post(`/relations/${q(r.id)}/retirement`, { reason: value(f, 'reason') });
    announce('relations.retiredNow');
    await done(now);
  }, (f) => requireFilled(f, ['reason']));
  return form;
}

function statusOf(r) {
  if (r.status === 'current') return 'current';
  return r.replacedBy ? 'corrected' : 'retired';
}

function card(r) {
  const item = el('li', { class: 'app-card', 'data-relation': r.id, 'data-status': r.status });
  const render = () => {
    const recorded = r.recordedBy || {};
    const org = recorded.organisation ? recorded.organisation.name : '';
    const login = recorded.user && recorded.user.login ? ` (${recorded.user.login})` : '';
    const edit = el('div', { class: 'relations-edit-box' });
    // Closes the form; with a changed relation, shows the list anew.
    const done = async (now) => {
      if (!now) {
        clear(edit);
        item.querySelector('.app-card__actions').hidden = false;
        return;
      }
      if (last) await search(last);
      else {
        r = now;
        render();
      }
    };
    const open = (make) => {
      item.querySelector('.app-card__actions').hidden = true;
      fill(edit, make(r, done));
      edit.querySelector('select, input, textarea').focus();
    };
    fill(item,
      el('p', { class: 'app-card__title' }, el('span', { text: nodeName(r.from) }), ' ',
        el('span', { class: 'relations-type', text: typeText(r.type) }), ' ', el('span', { text: nodeName(r.to) })),
      el('p', { class: 'app-card__meta' },
        badge(r.status === 'current' ? 'success' : 'neutral', `relations.status.${statusOf(r)}`),
        el('span', { i18n: `network.confidence.${r.confidence}` }),
        el('span', {}, el('time', { date: r.firstSeen }), ' – ', el('time', { date: r.lastSeen })),
        el('span', { text: sourceText(r.source) })),
      el('p', { class: 'app-card__meta' },
        el('span', { i18n: 'relations.item.recorded', args: { by: `${org}${login}` } }), el('time', { time: r.createdAt })),
      history(r),
      r.status === 'current'
        ? el('p', { class: 'app-card__actions' },
          button('relations.action.correct', () => open(correctForm)),
          button('relations.action.retire', () => open(retireForm)))
        : null,
      edit);
  };
  render();
  return item;
}

// ---- finding relations ----------------------------------------------------

function queryOf(form) {
  const params = [`purpose=${q(value(form, 'purpose'))}`];
  const person = value(form, 'personId');
  const source = value(form, 'source');
  if (person) params.push(`personId=${q(otherRef(person))}`);
  if (source) params.push(`source=${q(source)}`);
  if (checkedValues(form, 'includeRetired').length) params.push('includeRetired=true');
  return params.join('&');
}

// Shows the first page of a search, and a button for each next one.
async function search(query) {
  last = query;
  const list = byId('relations-list');
  const more = byId('relations-more');
  let shown = 0;
  const page = async (cursor) => {
    const answer = await api.get(`/relations?${query}${cursor ? `&cursor=${q(cursor)}` : ''}`);
    if (!cursor) clear(list);
    list.append(...answer.items.map(card));
    shown += answer.items.length;
    const count = byId('relations-count');
    fill(count, el('span', { i18n: shown ? 'relations.find.count' : 'relations.find.none', args: { count: shown } }));
    show(count);
    fill(more, answer.nextCursor ? button('relations.find.more', async () => {
      try {
        await page(answer.nextCursor);
      } catch (err) {
        pageError(err);
      }
    }) : null);
    show(more, Boolean(answer.nextCursor));
  };
  await page(null);
}

function findForm(form) {
  fill(form,
    el('div', { class: 'app-error-summary', hidden: true, tabindex: -1 }),
    field({ name: 'purpose', label: 'network.form.purpose', hint: 'network.form.purposeHint', required: true, attrs: { maxlength: 200, autocomplete: 'off' } }),
    field({ name: 'personId', label: 'relations.find.person', hint: 'relations.find.personHint', attrs: { autocomplete: 'off', spellcheck: 'false', maxlength: 260 } }),
    field({ name: 'source', label: 'relations.find.source', hint: 'relations.find.sourceHint', attrs: { autocomplete: 'off', spellcheck: 'false', maxlength: 160 } }),
    choices({ type: 'checkbox', name: 'includeRetired', legend: 'relations.find.history',
      options: [{ value: 'true', label: 'relations.find.includeRetired' }] }),
    el('div', { class: 'app-form__actions' }, submitButton('relations.find.submit')));
  onSubmit(form, (f) => search(queryOf(f)), (f) => requireFilled(f, ['purpose']));
}

// ---- recording one ----------------------------------------------------------

function newForm(form) {
  fill(form,
    el('div', { class: 'app-error-summary', hidden: true, tabindex: -1 }),
    field({ name: 'from', label: 'relations.new.from', hint: 'relations.new.endHint', required: true, attrs: { autocomplete: 'off', spellcheck: 'false', maxlength: 260 } }),
    field({ name: 'type', label: 'network.col.type', hint: 'relations.new.typeHint', type: 'select', options: typeOptions() }),
    field({ name: 'to', label: 'relations.new.to', hint: 'relations.new.endHint', required: true, attrs: { autocomplete: 'off', spellcheck: 'false', maxlength: 260 } }),
    field({ name: 'confidence', label: 'network.col.confidence', type: 'select', options: confidenceOptions() }),
    field({ name: 'firstSeen', label: 'relations.new.firstSeen', type: 'date', value: today(), required: true }),
    field({ name: 'lastSeen', label: 'relations.new.lastSeen', hint: 'relations.new.lastSeenHint', type: 'date' }),
    field({ name: 'source', label: 'network.col.source', hint: 'relations.new.sourceHint', required: true, attrs: { autocomplete: 'off', spellcheck: 'false', maxlength: 160 } }),
    el('div', { class: 'app-form__actions' }, submitButton('relations.new.submit')));
  onSubmit(form, async (f) => {
    const body = {
      from: otherRef(value(f, 'from')), to: otherRef(value(f, 'to')), type: value(f, 'type'),
      confidence: value(f, 'confidence'), firstSeen: value(f, 'firstSeen'), source: value(f, 'source'),
    };
    if (value(f, 'lastSeen')) body.lastSeen = value(f, 'lastSeen');
    const made = await api.post('/relations', body);
    announce('relations.saved');
    f.reset();
    f.elements.firstSeen.value = today();
    if (last) {
      await search(last);
    } else {
      byId('relations-list').prepend(card(made));
    }
  }, (f) => requireFilled(f, ['from', 'to', 'firstSeen', 'source']));
}

// ---- importing a file -----------------------------------------------------------

// The rows the server refused: "row N: field" names in invalidParams.
function rejectedRows(err) {
  return err.invalidParams.map((p) => {
    const m = /^row (\d+)(?::\s*(.*))?$/.exec(p.name || '');
    return { row: m ? m[1] : '', field: m ? m[2] || '' : p.name || '', reason: p.reason || '' };
  });
}

function reportTable(rows) {
  const head = ['relations.import.col.row', 'relations.import.col.field', 'relations.import.col.reason'];
  return el('div', { class: 'app-table-wrap' },
    el('table', { class: 'utrecht-table utrecht-table--html-table', id: 'relations-rejected' },
      el('caption', { class: 'utrecht-table__caption', i18n: 'relations.import.caption' }),
      el('thead', { class: 'utrecht-table__header' }, el('tr', { class: 'utrecht-table__row' },
        head.map((k) => el('th', { class: 'utrecht-table__header-cell', scope: 'col', i18n: k })))),
      el('tbody', { class: 'utrecht-table__body' }, rows.map((r) => el('tr', { class: 'utrecht-table__row' },
        el('td', { class: 'utrecht-table__cell', text: r.row }),
        el('td', { class: 'utrecht-table__cell' }, el('code', { text: r.field })),
        el('td', { class: 'utrecht-table__cell', text: r.reason }))))));
}

function importForm(form) {
  fill(form,
    el('div', { class: 'app-error-summary', hidden: true, tabindex: -1 }),
    field({ name: 'file', label: 'relations.import.file', hint: 'relations.import.fileHint', type: 'file', required: true, attrs: { accept: '.csv,text/csv' } }),
    el('div', { class: 'app-form__actions' }, submitButton('relations.import.submit')));
  const progress = byId('relations-import-progress');
  const report = byId('relations-import-report');
  onSubmit(form, async (f) => {
    const file = f.elements.file.files[0];
    clear(report);
    if (file.size > MAX_FILE) {
      showErrors(f, [{ name: 'file', key: 'relations.import.tooBig' }]);
      return;
    }
    const content = await file.text();
    const rows = content.split(/\r?\n/).slice(1).filter((line) => line.trim()).length;
    fill(progress,
      el('label', { for: 'relations-import-bar', i18n: 'relations.import.storing', args: { rows } }),
      el('progress', { id: 'relations-import-bar', class: 'net-progress' }));
    try {
      const answer = await api.post('/relation-imports', { content });
      fill(progress, el('p', { i18n: 'relations.import.done', args: { imported: answer.imported, rows: answer.rows } }));
      f.reset();
      if (last) await search(last);
    } catch (err) {
      clear(progress);
      if (!(err instanceof ApiError) || err.status !== 400 || !err.invalidParams.some((p) => /^row \d+/.test(p.name || ''))) throw err;
      const rejected = rejectedRows(err);
      fill(report,
        el('p', { class: 'app-alert-title', role: 'alert', i18n: 'relations.import.rejected', args: { count: rejected.length } }),
        reportTable(rejected));
      byId('relations-rejected').scrollIntoView({ block: 'nearest' });
    }
  }, (f) => (f.elements.file.files.length ? [] : [{ name: 'file', key: 'relations.import.chooseFile' }]));
}

async function main() {
  const session = await boot();
  if (session.user.role !== 'analyst') {
    fill(byId('relations-intro'), el('span', { i18n: 'relations.notForYou' }));
    return;
  }
  fill(byId('relations-intro'), el('span', { i18n: 'relations.intro' }), ' ',
    el('a', { href: '/network.html', i18n: 'relations.toNetwork' }));
  findForm(byId('relations-find-form'));
  newForm(byId('relations-new-form'));
  importForm(byId('relations-import-form'));
  for (const id of ['relations-find', 'relations-new', 'relations-import']) show(byId(id));
}

main();
