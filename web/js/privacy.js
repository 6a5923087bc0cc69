// The privacy officer's page: the referrals their organisation sent on an
// override of the legal basis, each with the reason its sender gave (the
// officer's notification of an override leads to its card here,
// #override-ID), never what was shared; the flags of unusual use of the
// reference index, which the officer acknowledges once looked into (never
// a flag about their own use: the API does not list it); how long records
// are kept; and the way to the requests of data subjects.
import { ApiError, api, q } from './api.js';
import { byId, el, facts, fill } from './dom.js';
import { announce, boot, pageError } from './page.js';
import { codeText, userRef } from './views.js';
import { orgLabel, referralStatus } from './chain.js';
import { isPrivacyOfficer } from './roles.js';
import { actionButton, dataTable, notForRole, plural } from './oversight-view.js';

const PAGE = 50;
let shown = [];

// ---- overrides ---------------------------------------------------------------

function overrideCard(o) {
  const titleId = `override-${o.id}-title`;
  return el('li', { class: 'app-card', id: `override-${o.id}`, tabindex: '-1', 'data-override': o.id },
    el('h3', { class: 'app-card__title', id: titleId },
      el('span', { i18n: 'privacy.overrides.cardTitle' }), ' ', el('time', { time: o.createdAt })),
    el('p', { class: 'app-card__meta' }, referralStatus(o.status), codeText('referral.purpose', o.purpose)),
    facts([
      ['privacy.overrides.to', orgLabel(o.to)],
      ['privacy.overrides.sentBy', userRef(o.sentBy)],
    ]),
    el('h4', { i18n: 'privacy.overrides.reason' }),
    el('blockquote', { class: 'app-quote', text: o.overrideReason || '' }));
}

async function loadOverrides(cursor) {
  const page = await api.get(`/referral-overrides?limit=${PAGE}${cursor ? `&cursor=${q(cursor)}` : ''}`);
  shown = shown.concat(page.items);
  // Newest first: the one most likely to be still unchecked on top.
  fill(byId('overrides'), shown.length
    ? [...shown].reverse().map(overrideCard)
    : el('li', { class: 'app-card app-card--empty', i18n: 'privacy.overrides.none' }));
  fill(byId('overrides-count'), el('span', { i18n: plural('privacy.overrides.count', shown.length), args: { count: shown.length } }));
  fill(byId('overrides-more'), page.nextCursor
    ? actionButton('privacy.overrides.more', { work: () => loadOverrides(page.nextCursor) })
    : null);
  return page;
}

// The notification of an override leads here: show and focus its card.
function focusLinked() {
  const target = window.location.hash.slice(1);
  if (!target.startsWith('override-')) return;
  const card = byId(target);
  if (card) {
    card.scrollIntoView();
    card.focus();
  }
}

// ---- flags on the reference index --------------------------------------------------

function flagCard(f) {
  const titleId = `flag-${f.id}-title`;
  return el('li', { class: 'app-card', 'data-flag': f.user.login },
    el('h3', { class: 'app-card__title', id: titleId, i18n: 'privacy.flags.cardTitle', args: { hits: f.hits } }),
    facts([
      ['privacy.flags.user', userRef(f.user)],
      ['privacy.flags.at', el('time', { time: f.flaggedAt })],
      ['privacy.flags.reason', codeText('privacy.flags.why', f.reason)],
    ]),
    el('p', { class: 'app-card__actions' }, actionButton('privacy.flags.acknowledge', {
      describedBy: titleId,
      work: async () => {
        await api.patch(`/concern-alerts/${q(f.id)}`, { acknowledged: true });
        await loadFlags();
        announce('privacy.flags.acknowledged', { login: f.user.login });
        byId('flags-heading').focus();
      },
    })));
}

async function loadFlags() {
  const alerts = await api.get('/concern-alerts');
  const flags = alerts.items.filter((a) => a.type === 'concern-flagged');
  fill(byId('flags'), flags.length
    ? flags.map(flagCard)
    : el('li', { class: 'app-card app-card--empty', i18n: 'privacy.flags.none' }));
}

// ---- retention -------------------------------------------------------------------------

function period(keep) {
  if (!keep) return el('span', {});
  for (const unit of ['years', 'months', 'days']) {
    if (keep[unit] !== undefined) {
      return keep[unit] === 0 && unit === 'days'
        ? el('span', { i18n: 'privacy.retention.atOnce' })
        : el('span', { i18n: plural(`privacy.retention.${unit}`, keep[unit]), args: { n: keep[unit] } });
    }
  }
  return el('span', {});
}

// A source as the data gives it: both languages, or a citation that
// reads the same in both.
function sourceText(s) {
  return el('span', { class: 'app-muted', bi: s || '' });
}

function retentionRow(r) {
  const holders = Object.entries(r.byHolder || {});
  return [
    el('span', { bi: { nl: r.nl, en: r.en } }),
    el('span', {}, period(r.keep), ' ', codeText('privacy.retention.after', r.after)),
    holders.length ? el('ul', { class: 'app-plain-list' }, holders.map(([type, h]) => el('li', {},
      codeText('referral.orgType', type), ': ', period(h.keep)))) : null,
    sourceText(r.source),
  ];
}

// The published retention rules when the server offers them; otherwise
// what the server removes by itself today, in words.
async function loadRetention() {
  let rules = null;
  try {
    rules = await api.get('/retention-rules');
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 404) throw err;
  }
  const box = byId('retention');
  if (!rules) {
    fill(box, el('ul', {},
      ['index', 'flags', 'daily', 'rest'].map((k) => el('li', { i18n: `privacy.retention.fallback.${k}` }))));
    box.dataset.source = 'explanation';
    return;
  }
  fill(box,
    el('p', { i18n: 'privacy.retention.version', args: { version: rules.publishedVersion || rules.version } }),
    dataTable({
      id: 'retention-table', caption: 'privacy.retention.caption',
      heads: ['privacy.retention.record', 'privacy.retention.kept', 'privacy.retention.byHolder', 'privacy.retention.source'],
      rows: rules.records.map(retentionRow),
      rowAttrs: (i) => ({ 'data-record': rules.records[i].type }),
    }),
    el('p', { i18n: 'privacy.retention.run' }));
  box.dataset.source = 'rules';
  await loadRuns(rules);
}

// What each kind's run did: deleted, and kept under a hold by reason;
// the kinds it left alone are left out.
function runKinds(report, names) {
  const items = Object.entries(report.kinds || {}).filter(([, k]) => k.purged || Object.keys(k.held || {}).length)
    .map(([kind, k]) => el('li', {}, el('span', { bi: names[kind] || { nl: kind, en: kind } }), ': ',
      el('span', { i18n: 'privacy.runs.purged', args: { n: k.purged || 0 } }),
      ...Object.entries(k.held || {}).map(([why, n]) => [', ', el('span', { i18n: `privacy.runs.held.${why}`, args: { n } })])));
  return items.length ? el('ul', { class: 'app-plain-list' }, items) : el('span', { class: 'app-muted', i18n: 'privacy.runs.nothing' });
}

// The last runs (counts only: every deletion itself is in the audit trail).
async function loadRuns(rules) {
  const runs = await api.get('/retention-runs');
  const names = Object.fromEntries(rules.records.map((r) => [r.type, { nl: r.nl, en: r.en }]));
  byId('retention').append(
    el('h3', { i18n: 'privacy.runs.heading' }),
    runs.items.length ? dataTable({
      id: 'retention-runs', caption: 'privacy.runs.caption',
      heads: ['privacy.runs.when', 'privacy.runs.asOf', 'privacy.runs.total', 'privacy.runs.kinds'],
      rows: runs.items.map((r) => [
        el('span', {}, el('time', { time: r.finishedAt }), r.status === 'done' ? null : [' ', el('strong', { i18n: 'privacy.runs.failed' })]),
        el('time', { date: r.asOf }),
        el('span', { i18n: 'privacy.runs.counts', args: { purged: r.report.purged || 0, held: r.report.held || 0 } }),
        runKinds(r.report, names)]),
    }) : el('p', { class: 'app-muted', i18n: 'privacy.runs.none' }));
}

async function main() {
  const session = await boot();
  if (!isPrivacyOfficer(session)) {
    notForRole();
    return;
  }
  const parts = await Promise.allSettled([loadOverrides(null), loadFlags(), loadRetention()]);
  for (const p of parts) if (p.status === 'rejected') pageError(p.reason);
  focusLinked();
  window.addEventListener('hashchange', focusLinked);
}

main();
