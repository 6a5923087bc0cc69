// Browser test of the progress monitor, against a server of its own with
// the demo data, a municipality's analyst added, and fifteen children of
// school A with a signal on one day two years ago (twelve girls, three
// boys), so that the figures of that year are known exactly:
//   (a) the national analyst reaches the monitor from the menu, chooses the
//       year, and sees the national figures: twelve girls, the three boys
//       suppressed (marked x, read as "suppressed", never 0), fifteen in
//       all; each figure with its definition; the CSV and the printable
//       report with server-made charts; the measures with their status;
//       then chooses Utrecht;
//   (b) the municipality's analyst sees Utrecht only, with no choice of
//       area, and is refused another municipality;
//   (c) the school's care coordinator sees the school's own figures;
//   (d) a mentor has no menu entry and is told the figures are not for
//       them, while the measures stay readable;
//   (e) in English, the tables' names follow the language.
// Every page is checked with axe at desktop width and for reflow at
// 320 px; a CSP violation or an uncaught error fails the run.
//
//   node tests/browser/monitor.test.mjs --binary build/signaal --web web --out build/browser/monitor
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { DESKTOP, PHONE, assertReflow, inspect, launch, watch } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { PASSWORD, login as signIn, logout as signOut, options, textOf, texts } from './lib/common.mjs';

const run = promisify(execFile);
const opts = options('build/browser/monitor');
const out = opts.out;
const nl = texts(opts.web, 'nl');
const en = texts(opts.web, 'en');
const T = textOf(nl);
const SCHOOL = 'Demo: Het Voorbeeld College';
// Two years back: the demo's own signals (of the last weeks) never fall in it.
const YEAR = String(new Date().getFullYear() - 2);
const workdir = path.join(out, `work-${process.pid}`);

let server;
let browser;
let page;
let problems;
const violations = [];

async function look(name) {
  violations.push(...await inspect(page, out, name));
}

// The same page at 320 px: nothing wider than the screen.
async function phone(name, ready) {
  await page.setViewportSize(PHONE);
  await page.locator(ready).first().waitFor();
  await assertReflow(page, name);
  await inspect(page, out, `phone-${name}`, { axe: false });
  await page.setViewportSize(DESKTOP);
}

async function login(user) {
  await signIn(page, server.url, T, user, '#tasks-summary span');
}

async function logout() {
  await signOut(page, T);
}

// A request with the page's session (and its CSRF token for a write).
async function api(method, url, body) {
  return page.evaluate(async ({ method, url, body }) => {
    const session = await (await fetch('/api/v1/session', { credentials: 'same-origin' })).json();
    const res = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrfToken || '' },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type'), text };
  }, { method, url, body });
}

// The cell of table name at row code and column code ('total' for a margin).
async function cell(name, row, col) {
  const td = page.locator(`table[data-table="${name}"] td[data-row="${row}"][data-col="${col}"]`);
  return {
    text: (await td.textContent()).trim(),
    suppressed: await td.evaluate((node) => node.classList.contains('app-cell-suppressed')),
  };
}

async function openMonitor() {
  await page.locator('#app-header nav').getByRole('link', { name: T('common.nav.monitor') }).click();
  await page.waitForURL(/\/monitor\.html/);
  await page.locator('body[data-ready="true"]').waitFor();
}

async function choose(year, area) {
  const form = page.locator('#monitor-filter');
  await form.getByLabel(T('monitor.year'), { exact: true }).selectOption(year);
  if (area !== undefined) await form.getByLabel(T('monitor.area'), { exact: true }).selectOption({ label: area });
  await form.getByRole('button', { name: T('monitor.show') }).press('Enter');
  await page.waitForURL((u) => u.searchParams.get('year') === year);
  await page.locator('body[data-ready="true"]').waitFor();
}

// Every suppressed cell on the page says so, and none reads as a number.
async function assertSuppressedMarked() {
  const marks = await page.locator('.app-cell-suppressed').evaluateAll((cells) => cells.map((c) => c.textContent.trim()));
  assert.ok(marks.length > 0, 'some cells are suppressed');
  for (const text of marks) assert.equal(text, `x${T('monitor.suppressed')}`, `a suppressed cell reads "${text}"`);
}

before(async () => {
  fs.rmSync(path.join(out, 'screenshots'), { recursive: true, force: true });
  server = await startServer({ binary: path.resolve(opts.binary), web: path.resolve(opts.web), workdir });
  // A municipality's analyst: the administrator says which municipality its organisation is.
  const db = path.join(workdir, 'signaal.db');
  const env = { ...process.env, SIGNAAL_PASSWORD_COST: 'minimal' };
  await run(path.resolve(opts.binary), ['org', 'add', '--db', db, '--name', 'Gemeente Utrecht', '--type', 'municipality',
    '--municipality', 'Utrecht'], { env });
  const user = run(path.resolve(opts.binary), ['user', 'add', '--db', db, '--org', 'Gemeente Utrecht', '--role', 'analyst',
    '--name', 'gm.utrecht', '--password-stdin'], { env });
  user.child.stdin.end(PASSWORD);
  await user;
  browser = await launch();
  page = browser.context.pages()[0] || await browser.context.newPage();
  problems = watch(page);
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

test('fifteen children of school A get a signal on one day, two years ago', async () => {
  await login('zorg.a');
  for (let i = 0; i < 15; i++) {
    const person = await api('POST', '/api/v1/persons', {
      name: `Monitor Kind ${i}`, birthDate: '2010-01-15', gender: i < 12 ? 'female' : 'male', municipality: 'Utrecht',
    });
    assert.equal(person.status, 201, person.text);
    const signal = await api('POST', '/api/v1/signals', {
      personId: JSON.parse(person.text).id, observedOn: `${YEAR}-06-15`, setting: 'school',
      observation: 'Synthetisch: na school opgehaald door een onbekende auto.', indicators: ['SCH-06'],
    });
    assert.equal(signal.status, 201, signal.text);
  }
  await logout();
});

test('(a) the national analyst sees the national figures, protected, with definitions, CSV, print and measures', async () => {
  await login('analist');
  await openMonitor();
  await page.locator('#monitor-intro').getByText(T('monitor.intro.national', { year: new Date().getFullYear() })).waitFor();
  await choose(YEAR);
  await page.locator('#monitor-intro').getByText(T('monitor.intro.national', { year: YEAR })).waitFor();

  // Twelve girls shown, the three boys suppressed and marked, fifteen in all.
  assert.deepEqual(await cell('signals.age-gender', 'total', 'female'), { text: '12', suppressed: false });
  assert.equal((await cell('signals.age-gender', 'total', 'male')).suppressed, true);
  assert.deepEqual(await cell('signals.age-gender', 'total', 'total'), { text: '15', suppressed: false });
  assert.deepEqual(await cell('signals.organisation-type', 'school', 'children'), { text: '15', suppressed: false });
  await assertSuppressedMarked();
  // Each figure names its definition; the table names its dimensions.
  const signals = page.locator('#figure-signals');
  await signals.getByRole('heading', { level: 2, name: 'Kinderen met signalen' }).waitFor();
  await signals.locator('.app-definition').first().getByText(/Unieke kinderen/).waitFor();
  await signals.getByRole('table', { name: 'Kinderen met signalen — Leeftijd × Geslacht' }).waitFor();
  await page.locator('#monitor-summary').getByText(T('monitor.protection', { k: 10 })).waitFor();
  // The lead times rest on no one here: suppressed, not zero.
  assert.equal(await page.locator('#monitor-lead-list [data-lead] .app-suppressed').count(), 4);
  // The measures, each with its status.
  const measures = page.locator('#monitor-measure-list > li');
  assert.equal(await measures.count(), 7);
  await page.locator('[data-measure="non-punishment"]').getByText(T('monitor.status.implemented')).waitFor();
  await look('monitor-national');
  await phone('monitor-national', '#figure-signals table');

  // The CSV: every cell, suppressed ones marked.
  const csvHref = await page.locator('#monitor-csv').getAttribute('href');
  const csv = await api('GET', csvHref);
  assert.equal(csv.status, 200);
  assert.match(csv.type, /text\/csv/);
  assert.match(csv.text, /^table,row,column,value\r\n/);
  assert.match(csv.text, /signals\.age-gender,total,female,12\r\n/);
  assert.match(csv.text, /signals\.age-gender,total,male,suppressed\r\n/);

  // The printable report: server-made charts, the same protection.
  const [printable] = await Promise.all([
    browser.context.waitForEvent('page'),
    page.locator('#monitor-printable').click(),
  ]);
  await printable.waitForLoadState();
  const printProblems = watch(printable);
  await printable.getByRole('heading', { level: 1, name: new RegExp(`Voortgangsrapportage ${YEAR}: Nederland`) }).waitFor();
  assert.ok(await printable.locator('svg[role="img"]').count() > 20, 'charts');
  await printable.getByRole('heading', { level: 2, name: 'Maatregelen' }).waitFor();
  const printPage = page;
  page = printable;
  await look('monitor-printable');
  await page.setViewportSize(PHONE);
  await assertReflow(page, 'printable report');
  page = printPage;
  await printable.close();
  assert.deepEqual(printProblems, []);

  // One municipality.
  await choose(YEAR, 'Utrecht');
  await page.locator('#monitor-intro').getByText(T('monitor.intro.municipality', { name: 'Utrecht', year: YEAR })).waitFor();
  assert.deepEqual(await cell('signals.age-gender', 'total', 'total'), { text: '15', suppressed: false });
  assert.equal((await cell('signals.age-gender', 'total', 'male')).suppressed, true);
  await logout();
  assert.deepEqual(problems, []);
});

test('(b) a municipality\'s analyst sees its own municipality only', async () => {
  await login('gm.utrecht');
  await openMonitor();
  await choose(YEAR);
  await page.locator('#monitor-intro').getByText(T('monitor.intro.municipality', { name: 'Utrecht', year: YEAR })).waitFor();
  assert.equal(await page.locator('#monitor-filter select[name="municipality"]').count(), 0, 'no choice of area');
  assert.deepEqual(await cell('signals.age-gender', 'total', 'female'), { text: '12', suppressed: false });
  await assertSuppressedMarked();
  await look('monitor-municipality');
  // Another municipality: refused by the server, and the page says so.
  assert.equal((await api('GET', `/api/v1/reports/progress?year=${YEAR}&municipality=Rotterdam`)).status, 403);
  await page.goto(`${server.url}/monitor.html?year=${YEAR}&municipality=Rotterdam`);
  await page.locator('#page-alert').getByText(T('monitor.forbidden')).waitFor();
  assert.equal(await page.locator('#monitor-figures table').count(), 0);
  await look('monitor-municipality-refused');
  await logout();
  assert.deepEqual(problems, []);
});

test('(c) a school\'s care coordinator sees the school\'s own figures', async () => {
  await login('zorg.a');
  await openMonitor();
  await choose(YEAR);
  await page.locator('#monitor-intro').getByText(T('monitor.intro.organisation', { name: SCHOOL, year: YEAR })).waitFor();
  assert.equal(await page.locator('#monitor-filter select[name="municipality"]').count(), 0);
  assert.deepEqual(await cell('signals.age-gender', 'total', 'total'), { text: '15', suppressed: false });
  await look('monitor-organisation');
  await phone('monitor-organisation', '#figure-signals table');
  await logout();
  assert.deepEqual(problems, []);
});

test('(d) a mentor reads no reports, but may read the measures', async () => {
  await login('mentor.a');
  assert.equal(await page.locator('#app-header nav').getByRole('link', { name: T('common.nav.monitor') }).count(), 0);
  await page.goto(`${server.url}/monitor.html`);
  await page.locator('#page-alert').getByText(T('monitor.forbidden')).waitFor();
  await page.locator('#monitor-measure-list > li').first().waitFor();
  assert.equal(await page.locator('#monitor-figures table').count(), 0);
  await look('monitor-mentor');
  await logout();
  assert.deepEqual(problems, []);
});

test('(e) in English the names follow the language', async () => {
  await login('analist');
  await page.goto(`${server.url}/monitor.html?year=${YEAR}`);
  await page.locator('body[data-ready="true"]').waitFor();
  await page.getByRole('button', { name: nl['common.switchLanguage'] }).click();
  await page.getByRole('heading', { level: 1, name: en['monitor.heading'] }).waitFor();
  await page.locator('#figure-signals').getByRole('table', { name: 'Children with signals — Age × Gender' }).waitFor();
  await page.locator('#figure-signals').getByRole('heading', { level: 2, name: 'Children with signals' }).waitFor();
  assert.equal(await page.locator('.app-cell-suppressed').first().textContent(), `x${en['monitor.suppressed']}`);
  await look('monitor-english');
  await page.getByRole('button', { name: en['common.switchLanguage'] }).click();
  await page.getByRole('heading', { level: 1, name: T('monitor.heading') }).waitFor();
  await logout();
  assert.deepEqual(problems, []);
});

test('every page passes axe with no serious or critical violation', () => {
  assert.deepEqual(violations, []);
});

test('the server stops cleanly on SIGTERM', async () => {
  await browser.close();
  browser = null;
  const r = await server.finish(path.join(out, 'server-monitor.log'));
  server = null;
  assert.deepEqual(r, { code: 0, signal: null });
});
