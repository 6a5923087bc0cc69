// Two reads of the auditor's page over many pages of the trail: the
// export of the filtered entries as a CSV file made in the browser (the
// API's pages, up to EXPORT_MAX entries, each page read recorded in the
// trail like any other), and "who saw this child's record": the entries
// about one child, summed up per person and organisation.
import { api, getAll, q } from './api.js';
import { byId, el, fill, today } from './dom.js';
import { field, onSubmit, requireFilled, submitButton, value } from './forms.js';
import { announce } from './page.js';
import { actionButton, dataTable, plural } from './oversight-view.js';
import { orgName, personOf, trailQuery } from './audit-data.js';

const EXPORT_MAX = 10000;
const PAGE = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// ---- the export ------------------------------------------------------------------

// One CSV field (RFC 4180): quoted when it must be; a text that a
// spreadsheet would take for a formula is kept as text.
function csvField(v) {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const COLUMNS = ['seq', 'at', 'userId', 'login', 'role', 'organisationId', 'organisation', 'action',
  'recordType', 'recordId', 'personId', 'client', 'purpose', 'hash'];

function csvLine(e) {
  const p = personOf(e.userId);
  const row = { ...e, login: p ? p.login : '', organisation: orgName(e.organisationId) };
  return COLUMNS.map((c) => csvField(row[c])).join(',');
}

// Every entry the filters select, newest first; stops at EXPORT_MAX.
async function collect() {
  const entries = [];
  let cursor = null;
  const base = trailQuery();
  do {
    const query = [base, `limit=${PAGE}`, cursor ? `cursor=${q(cursor)}` : ''].filter(Boolean).join('&');
    const page = await api.get(`/audit?${query}`);
    entries.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && entries.length < EXPORT_MAX);
  return { entries: entries.slice(0, EXPORT_MAX), complete: !cursor };
}

function download(text, name) {
  // The byte order mark lets a spreadsheet read the file as UTF-8.
  const blob = new Blob(['\ufeff', text], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

export function exportButton() {
  return actionButton('audit.export.run', {
    work: async () => {
      const { entries, complete } = await collect();
      const text = [COLUMNS.join(','), ...entries.map(csvLine)].join('\r\n');
      download(`${text}\r\n`, `audittrail-${today()}.csv`);
      fill(byId('export-result'), el('span', {
        i18n: complete ? plural('audit.export.done', entries.length) : 'audit.export.capped',
        args: { count: entries.length, max: EXPORT_MAX },
      }));
    },
  });
}

// ---- who saw this child's record -------------------------------------------------

// The entries per person: how many, which actions, first and last.  The
// auditors' own reading of the trail is left out: they read the trail,
// not the record.
function summarise(entries) {
  const byUser = new Map();
  for (const e of entries) {
    if (e.action.startsWith('audit.')) continue;
    const key = e.userId || '';
    const s = byUser.get(key) || { userId: e.userId, role: e.role, org: e.organisationId, count: 0, actions: new Set(), first: e.at, last: e.at };
    s.count += 1;
    s.actions.add(e.action);
    if (e.at < s.first) s.first = e.at;
    if (e.at > s.last) s.last = e.at;
    byUser.set(key, s);
  }
  return [...byUser.values()].sort((a, b) => b.last.localeCompare(a.last));
}

function sawRow(s) {
  const p = personOf(s.userId);
  return [
    p ? el('span', { text: p.login }) : el('span', { i18n: s.userId ? 'common.unknownUser' : 'audit.system' }),
    s.role ? el('span', { i18n: `role.${s.role}` }) : null,
    el('span', { text: orgName(s.org) }),
    el('span', { text: String(s.count) }),
    el('span', {}, [...s.actions].sort().flatMap((a, i) => [i ? ', ' : '', el('code', { class: 'app-code', text: a })])),
    el('time', { time: s.first }),
    el('time', { time: s.last }),
  ];
}

async function showWhoSaw(personId) {
  const entries = await getAll(`/audit?personId=${q(personId)}`, EXPORT_MAX / PAGE);
  const rows = summarise(entries);
  const orgs = new Set(rows.map((r) => r.org));
  fill(byId('saw-result'),
    rows.length
      ? el('p', { 'data-child': personId },
        el('span', { i18n: plural('audit.saw.people', rows.length), args: { count: rows.length } }), ' ',
        el('span', { i18n: plural('audit.saw.orgs', orgs.size), args: { count: orgs.size } }))
      : el('p', { 'data-child': personId, i18n: 'audit.saw.nobody' }),
    rows.length ? dataTable({
      id: 'saw-table', caption: 'audit.saw.caption',
      heads: ['audit.col.who', 'audit.col.role', 'audit.col.org', 'audit.col.count', 'audit.col.actions', 'audit.col.first', 'audit.col.last'],
      rows: rows.map(sawRow),
      rowAttrs: (i) => ({ 'data-user': (personOf(rows[i].userId) || {}).login || '' }),
    }) : null);
  announce('audit.saw.shown');
}

export function whoSaw(initial) {
  const form = byId('saw-form');
  form.append(
    field({
      name: 'person', label: 'audit.saw.person', hint: 'audit.filter.childHint', required: true, value: initial || '',
      attrs: { autocomplete: 'off', spellcheck: 'false', maxlength: '36' },
    }),
    submitButton('audit.saw.run'));
  onSubmit(form, async (f) => showWhoSaw(value(f, 'person')), (f) => {
    const errors = requireFilled(f, ['person']);
    if (!errors.length && !UUID.test(value(f, 'person'))) errors.push({ name: 'person', key: 'audit.filter.childFormat' });
    return errors;
  });
  if (initial && UUID.test(initial)) form.requestSubmit();
}
