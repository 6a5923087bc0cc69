// The auditor's page: the audit trail of their scope (their own
// organisation's entries; a national auditor's, everyone's: the API
// decides), filtered by who, which child, which action and period, page
// by page, newest first; the check of the hash chain; an export of the
// filtered entries (audit-export.js); and who saw one child's record.
// The filters live in the address, so a view can be bookmarked.
import { api, q } from './api.js';
import { byId, el, fill, param, today } from './dom.js';
import { field, onSubmit, submitButton, value } from './forms.js';
import { boot, pageError } from './page.js';
import { isAuditor } from './roles.js';
import { actionButton, dataTable, messageBox, notForRole, plural, shortId } from './oversight-view.js';
import { FILTERS, loadPeople, orgName, peopleSorted, personOf, trailQuery } from './audit-data.js';
import { exportButton, whoSaw } from './audit-export.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ACTION = /^[a-z0-9._-]{1,60}$/;
// Actions an auditor often looks for; the list grows with what the pages show.
const COMMON_ACTIONS = ['person.read', 'person.create', 'signal.create', 'signal.read', 'case.read',
  'referral.send', 'referral.read', 'referral.override', 'screening.read', 'concern.create',
  'session.login', 'session.login-failed', 'user.create', 'user.update', 'user.password-reset',
  'user.totp-reset', 'token.revoke', 'audit.read'];

let session;
let national = false;
const actions = new Set(COMMON_ACTIONS);
const paging = { cursors: [null], index: 0 };

function whoCell(entry) {
  const p = personOf(entry.userId);
  if (!entry.userId) return el('span', { i18n: 'audit.system' });
  if (!p) return shortId(entry.userId);
  return el('span', {}, el('span', { text: p.login }), ' (', el('span', { i18n: `role.${entry.role || p.role}` }), ')');
}

// ---- the filters -----------------------------------------------------------------

function filterErrors(f) {
  const errors = [];
  if (value(f, 'child') && !UUID.test(value(f, 'child'))) errors.push({ name: 'child', key: 'audit.filter.childFormat' });
  if (value(f, 'action') && !ACTION.test(value(f, 'action'))) errors.push({ name: 'action', key: 'audit.filter.actionFormat' });
  if (value(f, 'from') && value(f, 'until') && value(f, 'from') > value(f, 'until')) {
    errors.push({ name: 'until', key: 'audit.filter.periodOrder' });
  }
  return errors;
}

function buildFilter() {
  const form = byId('trail-filter');
  const sorted = peopleSorted();
  form.append(
    field({
      name: 'user', label: 'audit.filter.user', type: 'select', value: param('user') || '',
      options: [{ value: '', label: 'audit.filter.everyone' },
        ...sorted.map(([id, p]) => ({ value: id, text: national ? `${p.login} — ${p.organisation.name}` : p.login }))],
    }),
    field({
      name: 'child', label: 'audit.filter.child', hint: 'audit.filter.childHint', value: param('child') || '',
      attrs: { autocomplete: 'off', spellcheck: 'false', maxlength: '36' },
    }),
    field({
      name: 'action', label: 'audit.filter.action', hint: 'audit.filter.actionHint', value: param('action') || '',
      attrs: { autocomplete: 'off', spellcheck: 'false', maxlength: '60', list: 'audit-actions' },
    }),
    el('datalist', { id: 'audit-actions' }),
    field({ name: 'from', label: 'audit.filter.from', type: 'date', value: param('from') || '', attrs: { max: today() } }),
    field({ name: 'until', label: 'audit.filter.until', type: 'date', value: param('until') || '', attrs: { max: today() } }),
    el('div', { class: 'app-actions app-card__actions' },
      submitButton('audit.filter.show'),
      el('a', { href: '/audit.html', i18n: 'audit.filter.clear' })));
  refreshActions();
  onSubmit(form, async (f) => {
    const params = new URLSearchParams();
    for (const name of FILTERS) if (value(f, name)) params.set(name, value(f, name));
    const search = params.toString();
    window.history.pushState(null, '', `/audit.html${search ? `?${search}` : ''}`);
    paging.cursors = [null];
    paging.index = 0;
    await loadPage();
  }, filterErrors);
}

function refreshActions() {
  fill(byId('audit-actions'), [...actions].sort().map((a) => el('option', { value: a })));
}

// ---- the entries -------------------------------------------------------------------

function entryRow(e) {
  return [
    el('time', { time: e.at }),
    whoCell(e),
    national ? el('span', { text: orgName(e.organisationId) }) : null,
    el('code', { class: 'app-code', text: e.action }),
    e.personId ? el('a', { href: `/audit.html?saw=${q(e.personId)}#saw-heading` }, shortId(e.personId)) : null,
    el('span', {}, el('span', { text: e.recordType }), e.recordId ? [' ', shortId(e.recordId)] : null),
    el('span', { lang: 'en', text: e.purpose }),
  ].filter((c, i) => national || i !== 2);
}

function renderEntries(page) {
  const heads = ['audit.col.at', 'audit.col.who', 'audit.col.org', 'audit.col.action', 'audit.col.child', 'audit.col.record', 'audit.col.purpose']
    .filter((h) => national || h !== 'audit.col.org');
  for (const e of page.items) actions.add(e.action);
  refreshActions();
  fill(byId('trail-count'), el('span', {
    i18n: page.items.length ? plural('audit.trail.count', page.items.length) : 'audit.trail.none',
    args: { count: page.items.length, page: paging.index + 1 },
  }));
  fill(byId('trail'), page.items.length ? dataTable({
    id: 'trail-table', caption: 'audit.trail.caption', heads, rows: page.items.map(entryRow),
    rowAttrs: (i) => ({ 'data-seq': String(page.items[i].seq), 'data-action': page.items[i].action }),
  }) : null);
  const nav = [];
  if (paging.index > 0) {
    nav.push(actionButton('audit.trail.newer', {
      work: async () => { paging.index -= 1; await loadPage(); },
    }));
  }
  if (page.nextCursor) {
    nav.push(actionButton('audit.trail.older', {
      work: async () => {
        paging.cursors[paging.index + 1] = page.nextCursor;
        paging.index += 1;
        await loadPage();
      },
    }));
  }
  fill(byId('trail-paging'), nav);
}

async function loadPage() {
  const cursor = paging.cursors[paging.index];
  const query = [trailQuery(), 'limit=50', cursor ? `cursor=${q(cursor)}` : ''].filter(Boolean).join('&');
  try {
    renderEntries(await api.get(`/audit?${query}`));
  } catch (err) {
    pageError(err);
  }
}

// ---- the chain -----------------------------------------------------------------------

async function verify() {
  const r = await api.get('/audit/verification');
  const box = fill(byId('verify-result'), r.intact
    ? messageBox('ok', el('p', { class: 'app-alert-title', i18n: plural('audit.verify.intact', r.checked), args: { checked: r.checked } }),
      el('p', {}, el('span', { i18n: 'audit.verify.at' }), ' ', el('time', { time: new Date().toISOString() })))
    : messageBox('error', el('p', { class: 'app-alert-title', i18n: 'audit.verify.broken', args: { seq: r.brokenAt, checked: r.checked } }),
      el('p', { i18n: 'audit.verify.brokenWhat' }),
      r.reason ? el('p', { class: 'app-detail', text: r.reason }) : null));
  box.dataset.intact = String(r.intact);
  box.focus();
}

// ---- the page ---------------------------------------------------------------------------

async function main() {
  session = await boot();
  if (!isAuditor(session)) {
    notForRole();
    return;
  }
  national = session.user.role === 'national-auditor';
  fill(byId('audit-intro'), el('span', {
    i18n: national ? 'audit.introNational' : 'audit.intro', args: { org: session.organisation.name },
  }));
  fill(byId('verify-action'), actionButton('audit.verify.run', { kind: 'primary-action', work: verify }));
  try {
    await loadPeople();
  } catch (err) {
    pageError(err);
    return;
  }
  buildFilter();
  fill(byId('export-action'), exportButton());
  whoSaw(param('saw'));
  window.addEventListener('popstate', () => window.location.reload());
  await loadPage();
  if (param('saw')) byId('saw-heading').focus();
}

main();
