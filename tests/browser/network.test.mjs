// Browser test of the analyst's network page, against a server of its own
// with a small network imported through the command line:
//   (a) the analyst asks for an analysis without a purpose and is told to
//       give one; the overview lists the chain and its victim-recruiter
//       with the evidence;
//   (b) the component of a person is drawn: nodes are reached with the
//       keyboard and show their relations, the victim-recruiter is marked,
//       and a table holds the same nodes and relations;
//   (c) the published alert rules raise a task, which the analyst marks as
//       looked into;
//   (d) a police officer gets only the neighbourhood of their own youths,
//       a school nothing;
//   (e) the analyst's relations page: find, record, correct, retire and
//       import (a file with a bad row stores nothing and names the row).
// Every page visited is screenshot and checked with axe-core, also at
// 320 px; a CSP violation or an uncaught error fails the run.
//
//   node tests/browser/network.test.mjs --binary build/signaal --web web --out build/browser/network
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { DESKTOP, PHONE, assertReflow, inspect, launch, watch } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { isoDay, login as signIn, logout as signOut, options, textOf, texts } from './lib/common.mjs';

const run = promisify(execFile);
const opts = options('build/browser/network');
const out = opts.out;
const T = textOf(texts(opts.web, 'nl'));
const workdir = path.join(out, `work-${process.pid}`);

let server;
let browser;
let page;
let problems;
const violations = [];

async function look(name) {
  violations.push(...await inspect(page, out, name));
}

async function phone(name, ready) {
  await page.setViewportSize(PHONE);
  await page.locator(ready).first().waitFor();
  await assertReflow(page, name);
  await inspect(page, out, `phone-${name}`, { axe: false });
  await page.setViewportSize(DESKTOP);
}

async function login(user) {
  await signIn(page, server.url, T, user, '#app-header');
}

// A chain: De Baas recruited K1; K1 recruited K2, K3 and K4 (so K1 was
// recruited and recruits: a victim-recruiter); K2 uses a phone.
function networkCsv() {
  const d = (n) => isoDay(-n);
  return ['from,to,type,confidence,first_seen,last_seen,source',
    `ext:nickname:k1,ext:nickname:de baas,recruited_by,confirmed,${d(40)},,report:PV-2026-7`,
    `ext:nickname:k2,ext:nickname:k1,recruited_by,confirmed,${d(30)},,report:PV-2026-7`,
    `ext:nickname:k3,ext:nickname:k1,recruited_by,probable,${d(20)},,report:PV-2026-7`,
    `ext:nickname:k4,ext:nickname:k1,exploited_by,unverified,${d(10)},,report:PV-2026-8`,
    `ext:nickname:k2,ext:phone:0687654321,uses_phone,confirmed,${d(10)},,report:PV-2026-8`,
    ''].join('\n');
}

before(async () => {
  fs.rmSync(path.join(out, 'screenshots'), { recursive: true, force: true });
  server = await startServer({ binary: path.resolve(opts.binary), web: path.resolve(opts.web), workdir });
  const csv = path.join(workdir, 'network.csv');
  fs.writeFileSync(csv, networkCsv());
  await run(path.resolve(opts.binary), ['network', 'import', '--db', path.join(workdir, 'signaal.db'), '--as', 'analist',
    '--purpose', 'browser test', csv], { env: { ...process.env, SIGNAAL_PASSWORD_COST: 'minimal' } });
  browser = await launch();
  page = browser.context.pages()[0] || await browser.context.newPage();
  problems = watch(page);
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function ask(kind, person) {
  const form = page.locator('#network-form');
  await form.getByLabel(T('network.form.kind')).selectOption(kind);
  if (person !== undefined) await form.getByLabel(T('network.form.person')).fill(person);
  await form.getByRole('button', { name: T('network.form.submit') }).click();
  await page.locator('#network-result-body').getByText(T('network.result.kind', { kind }), { exact: true }).waitFor();
}

test('(a) the overview: the chain and its victim-recruiter with evidence', async () => {
  await login('analist');
  await page.locator('#app-header').getByRole('link', { name: T('common.nav.network') }).click();
  await page.waitForURL(/\/network\.html$/);
  await page.getByRole('heading', { level: 1, name: T('network.heading') }).waitFor();
  const form = page.locator('#network-form');
  await form.getByRole('button', { name: T('network.form.submit') }).click();
  await form.locator('.app-error-summary').waitFor();
  assert.equal(await form.getByLabel(T('network.form.purpose'), { exact: false }).getAttribute('aria-invalid'), 'true');
  await form.getByLabel(T('network.form.purpose'), { exact: false }).fill('Analyse BT-1');
  await ask('overview');
  const result = page.locator('#network-result');
  // The demo's own chain (two victim-recruiters) and this test's (one).
  await result.getByRole('heading', { name: T('network.chains.heading', { count: 2 }) }).waitFor();
  await result.getByRole('heading', { name: T('network.vr.heading', { count: 3 }) }).waitFor();
  const vr = result.locator('#net-victim-recruiters > li').filter({ hasText: 'k1' });
  assert.equal(await vr.count(), 1);
  assert.equal(await vr.locator('.net-path li').count(), 2, 'the evidence: recruited, then recruits');
  assert.match(await vr.innerText(), /PV-2026-7/);
  await look('network-overview');
  await phone('network-overview', '#net-victim-recruiters');
});

test('(b) a component drawn, keyboard-reachable, with its text alternative', async () => {
  await ask('component', 'ext:nickname:k2');
  const svg = page.locator('svg.net-drawing');
  await svg.waitFor();
  const nodes = svg.locator('g.net-node');
  assert.equal(await nodes.count(), 6);
  assert.equal(await page.locator('#net-node-table tbody tr').count(), 6, 'the same nodes as a table');
  assert.equal(await page.locator('.net-view table').nth(1).locator('tbody tr').count(), 5, 'and the relations');
  // The victim-recruiter is marked, in the drawing and in the table.
  const marked = svg.locator(`g.net-node[aria-label*="${T('network.draw.victimRecruiter')}"]`);
  assert.equal(await marked.count(), 1);
  // Tab reaches the nodes; Enter shows a node's relations.
  await marked.focus();
  await page.keyboard.press('Enter');
  assert.equal(await marked.getAttribute('aria-pressed'), 'true');
  await page.locator('#net-details').getByText(T('network.draw.relationCount', { count: 4 })).waitFor();
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.getAttribute('data-node'));
  assert.ok(focused, 'the next node takes the focus');
  await look('network-component');
  await phone('network-component', 'svg.net-drawing');
});

test('(c) the alert rules raise a task that the analyst looks into', async () => {
  const alerts = page.locator('#network-alerts');
  await alerts.getByRole('button', { name: T('network.alerts.check') }).click();
  await page.locator('#page-status').getByText(T('network.alerts.checked', { count: 1 })).waitFor();
  const item = page.locator('#network-alert-list li[data-alert]');
  await item.first().waitFor();
  assert.equal(await item.count(), 1);
  await look('network-alert');
  await item.getByRole('button', { name: T('network.alerts.acknowledge') }).click();
  await page.locator('#network-alert-list').getByText(T('network.alerts.none')).waitFor();
  await signOut(page, T);
});

test('(d) police: the neighbourhood of their own youths only; a school: nothing', async () => {
  await login('politie');
  await page.goto(`${server.url}/network.html`);
  await page.getByText(T('network.introScoped')).waitFor();
  const kinds = page.locator('#network-form select[name="kind"] option');
  assert.equal(await kinds.count(), 1);
  const form = page.locator('#network-form');
  await form.getByLabel(T('network.form.purpose'), { exact: false }).fill('PV 2026-9');
  await form.getByLabel(T('network.form.person')).fill('ext:nickname:k1');
  await form.getByRole('button', { name: T('network.form.submit') }).click();
  await form.locator('.app-error-summary').getByText(T('problem.404')).waitFor();
  await look('network-police');
  await signOut(page, T);
  await login('zorg.a');
  assert.equal(await page.locator('#app-header').getByRole('link', { name: T('common.nav.network') }).count(), 0);
  await page.goto(`${server.url}/network.html`);
  await page.getByText(T('network.notForYou')).waitFor();
  await look('network-school');
  await signOut(page, T);
});

test('(e) the analyst finds, records, corrects, retires and imports relations', async () => {
  await login('analist');
  await page.goto(`${server.url}/network.html`);
  await page.locator('#network-intro').getByRole('link', { name: T('network.toRelations') }).click();
  await page.waitForURL(/\/relations\.html$/);
  await page.getByRole('heading', { level: 1, name: T('relations.heading') }).waitFor();
  const find = page.locator('#relations-find-form');
  const cards = page.locator('#relations-list > li[data-relation]');
  // A search needs its purpose; then K1's relations: one recruiter, three recruits.
  await find.getByRole('button', { name: T('relations.find.submit') }).click();
  await find.locator('.app-error-summary').waitFor();
  await find.getByLabel(T('network.form.purpose'), { exact: false }).fill('Analyse BT-2');
  await find.getByLabel(T('relations.find.person'), { exact: false }).fill('k1');
  await find.getByRole('button', { name: T('relations.find.submit') }).click();
  await page.locator('#relations-count').getByText(T('relations.find.count', { count: 4 })).waitFor();
  assert.equal(await cards.count(), 4);
  // Record: K5 recruited by K1; the list shows it at once.
  const add = page.locator('#relations-new-form');
  await add.getByLabel(T('relations.new.from'), { exact: false }).fill('k5');
  await add.getByLabel(T('network.col.type'), { exact: false }).selectOption('recruited_by');
  await add.getByLabel(T('relations.new.to'), { exact: false }).fill('ext:nickname:k1');
  await add.getByLabel(T('network.col.source'), { exact: false }).fill('report:BT-2');
  await add.getByRole('button', { name: T('relations.new.submit') }).click();
  await page.locator('#page-status').getByText(T('relations.saved')).waitFor();
  await page.locator('#relations-count').getByText(T('relations.find.count', { count: 5 })).waitFor();
  await look('relations-list');
  await phone('relations-list', '#relations-list > li');
  // Correct it: probable instead of unverified, with the reason.
  const k5 = cards.filter({ hasText: /k5/ });
  await k5.getByRole('button', { name: T('relations.action.correct') }).click();
  await k5.getByLabel(T('network.col.confidence')).selectOption('probable');
  await k5.getByLabel(T('relations.correct.reason'), { exact: false }).fill('Bevestigd door een tweede getuige');
  await look('relations-correct');
  await k5.getByRole('button', { name: T('relations.correct.submit') }).click();
  await page.locator('#page-status').getByText(T('relations.corrected')).waitFor();
  const corrected = cards.filter({ hasText: /k5/ });
  await corrected.getByText(T('network.confidence.probable'), { exact: true }).waitFor();
  await corrected.getByText(T('relations.item.replaces')).waitFor();
  // Retire K4's relation; with the history shown, it stays, retired, with the reason.
  const k4 = cards.filter({ hasText: /k4/ });
  await k4.getByRole('button', { name: T('relations.action.retire') }).click();
  await k4.getByLabel(T('relations.retire.reason'), { exact: false }).fill('Verwisseld met een andere jongen');
  await k4.getByRole('button', { name: T('relations.retire.submit') }).click();
  await page.locator('#page-status').getByText(T('relations.retiredNow')).waitFor();
  await page.locator('#relations-count').getByText(T('relations.find.count', { count: 4 })).waitFor();
  assert.equal(await cards.filter({ hasText: /k4/ }).count(), 0, 'a retired relation leaves the current list');
  await find.getByLabel(T('relations.find.includeRetired')).check();
  await find.getByRole('button', { name: T('relations.find.submit') }).click();
  await page.locator('#relations-count').getByText(T('relations.find.count', { count: 6 })).waitFor();
  const history = cards.filter({ hasText: /k4/ });
  await history.getByText('Verwisseld met een andere jongen').waitFor();
  assert.equal(await history.getByRole('button', { name: T('relations.action.retire') }).count(), 0);
  assert.equal(await cards.filter({ hasText: T('relations.status.corrected') }).count(), 1, 'the corrected relation, kept as history');
  // An import with a bad row stores nothing and names the row; a good one is stored.
  const file = page.locator('#relations-import-form');
  const upload = async (name, text) => {
    await file.getByLabel(T('relations.import.file'), { exact: false })
      .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
    await file.getByRole('button', { name: T('relations.import.submit') }).click();
  };
  const head = 'from,to,type,confidence,first_seen,last_seen,source';
  await upload('bad.csv', [head, `ext:nickname:k6,ext:nickname:k5,recruited_by,probable,${isoDay(-3)},,report:BT-3`,
    `ext:nickname:k7,ext:nickname:k7,recruited_by,probable,${isoDay(-3)},,report:BT-3`, ''].join('\n'));
  const rejected = page.locator('#relations-rejected tbody tr');
  await rejected.first().waitFor();
  assert.equal(await rejected.count(), 1);
  assert.equal((await rejected.locator('td').first().innerText()).trim(), '3', 'the row at fault, counting the header');
  await look('relations-import-rejected');
  await upload('good.csv', [head, `ext:nickname:k6,ext:nickname:k5,recruited_by,probable,${isoDay(-3)},,report:BT-3`,
    `ext:nickname:k7,ext:nickname:k5,recruited_by,unverified,${isoDay(-2)},,report:BT-3`, ''].join('\n'));
  await page.locator('#relations-import-progress').getByText(T('relations.import.done', { imported: 2, rows: 2 })).waitFor();
  assert.equal(await rejected.count(), 0, 'the report of the refused file is gone');
  await find.getByLabel(T('relations.find.person'), { exact: false }).fill('k5');
  await find.getByLabel(T('relations.find.includeRetired')).uncheck();
  await find.getByRole('button', { name: T('relations.find.submit') }).click();
  await page.locator('#relations-count').getByText(T('relations.find.count', { count: 3 })).waitFor();
  await phone('relations-import', '#relations-list > li');
  await signOut(page, T);
  // A police officer is told this page is the analyst's.
  await login('politie');
  await page.goto(`${server.url}/relations.html`);
  await page.getByText(T('relations.notForYou')).waitFor();
  assert.equal(await page.locator('#relations-find').isHidden(), true);
  await signOut(page, T);
});

test('no accessibility violations, CSP reports or page errors', () => {
  assert.deepEqual(problems, []);
  assert.deepEqual(violations, []);
});
