// Browser test of subject access (AVG art. 15), against a server of its
// own with the demo data, a child of school A with a BSN and a signal, a
// child of school B, and a privacy officer at the national office:
//   (a) school A's privacy officer enrols a second factor, opens
//       /subject-access.html, is told what is missing, finds the child by
//       the id the school knows them by, sees what the copy holds, downloads
//       it as JSON and opens the printable page in Dutch and English;
//   (b) finds the same child by BSN, which leaves the page once used;
//   (c) is refused school B's child with the ordinary "not found", and no
//       trace of it;
//   (d) in English, the page follows the language;
//   (e) a care coordinator is told the page is not for them, and gets no form;
//   (f) the national office's privacy officer makes a copy that holds every
//       organisation's records.
// Every page is checked with axe and for reflow at 320 px; a CSP violation
// or an uncaught error fails the run.
//
//   node tests/browser/subject.test.mjs --binary build/signaal --web web --out build/browser/subject
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { DESKTOP, PHONE, assertReflow, inspect, launch, watch } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { PASSWORD, login as signIn, logout as signOut, options, textOf, texts } from './lib/common.mjs';

const run = promisify(execFile);
const opts = options('build/browser/subject');
const out = opts.out;
const nl = texts(opts.web, 'nl');
const en = texts(opts.web, 'en');
const T = textOf(nl);
const E = textOf(en);
const CHILD = 'Inzage Kind (demo)';
const OTHER = 'Ander Kind (demo)';
const BSN = '111222333';
const NATIONAL = 'Demo: Landelijk beheer signaal';
const workdir = path.join(out, `work-${process.pid}`);

let server;
let browser;
let page;
let problems;
const violations = [];
const state = {};
const secrets = {};

// RFC 6238: the six-digit code of a base32 secret for a 30-second step.
function totp(secret, step) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of secret.replace(/[\s=]/g, '').toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = crypto.createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 15;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1000000).padStart(6, '0');
}

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

// A privacy officer logs in with a second factor: enrolled at the first
// log-in, a code of a later step at the next (a code is used once).
async function loginWithCode(user) {
  await page.context().clearCookies();
  await page.goto(`${server.url}/`);
  await page.waitForURL(/\/login\.html\?next=/);
  await page.getByLabel(T('login.login'), { exact: true }).fill(user);
  await page.getByLabel(T('login.password'), { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: T('login.submit') }).click();
  const step = Math.floor(Date.now() / 30000);
  if (!secrets[user]) {
    await page.getByRole('heading', { name: T('login.enrolHeading') }).waitFor();
    secrets[user] = { secret: (await page.locator('#enrol-secret').innerText()).replace(/\s/g, ''), step };
    await page.locator('#enrol-form').getByLabel(T('login.firstCode'), { exact: true })
      .fill(totp(secrets[user].secret, step));
    await page.locator('#enrol-form').getByRole('button', { name: T('login.confirm') }).click();
  } else {
    const next = Math.max(step, secrets[user].step + 1);
    secrets[user].step = next;
    await page.getByRole('heading', { name: T('login.otpHeading') }).waitFor();
    await page.locator('#otp-form').getByLabel(T('login.code'), { exact: true }).fill(totp(secrets[user].secret, next));
    await page.locator('#otp-form').getByRole('button', { name: T('login.submitCode') }).click();
  }
  await page.waitForURL(`${server.url}/`);
}

async function openPage() {
  await page.goto(`${server.url}/subject-access.html`);
  await page.locator('body[data-ready="true"]').waitFor();
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
    return { status: res.status, text: await res.text() };
  }, { method, url, body });
}

async function submit(fields) {
  const form = page.locator('#subject-form');
  for (const [label, value] of Object.entries(fields)) await form.getByLabel(label).fill(value);
  await form.getByRole('button', { name: T('subject.form.submit') }).press('Enter');
}

// The number the copy's table shows for a kind of record.
async function count(kind) {
  return (await page.locator(`#subject-sections tr[data-kind="${kind}"] td`).textContent()).trim();
}

before(async () => {
  fs.rmSync(path.join(out, 'screenshots'), { recursive: true, force: true });
  server = await startServer({ binary: path.resolve(opts.binary), web: path.resolve(opts.web), workdir });
  const db = path.join(workdir, 'signaal.db');
  const env = { ...process.env, SIGNAAL_PASSWORD_COST: 'minimal' };
  const user = run(path.resolve(opts.binary), ['user', 'add', '--db', db, '--org', NATIONAL,
    '--role', 'privacy-officer', '--name', 'privacy.nl', '--password-stdin'], { env });
  user.child.stdin.end(PASSWORD);
  await user;
  browser = await launch();
  page = browser.context.pages()[0] || await browser.context.newPage();
  problems = watch(page);
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
  assert.deepEqual(violations, []);
});

test('a child of school A with a BSN and a signal, and a child of school B', async () => {
  await signIn(page, server.url, T, 'zorg.a', '#persons li');
  const person = await api('POST', '/api/v1/persons', {
    name: CHILD, birthDate: '2011-05-05', gender: 'female', municipality: 'Utrecht', bsn: BSN,
  });
  assert.equal(person.status, 201, person.text);
  state.child = JSON.parse(person.text).id;
  const signal = await api('POST', '/api/v1/signals', {
    personId: state.child, observedOn: '2026-11-02', setting: 'school',
    observation: 'Inzage-Signaal: opgehaald door een onbekende auto.', indicators: ['SCH-06'],
  });
  assert.equal(signal.status, 201, signal.text);
  await signOut(page, T);
  await signIn(page, server.url, T, 'zorg.b', '#persons li');
  const other = await api('POST', '/api/v1/persons', {
    name: OTHER, birthDate: '2011-06-06', gender: 'male', municipality: 'Utrecht',
  });
  assert.equal(other.status, 201, other.text);
  state.other = JSON.parse(other.text).id;
  await signOut(page, T);
});

test('(a) school A\'s privacy officer makes the copy by the child\'s id, downloads and prints it', async () => {
  await loginWithCode('privacy.a');
  await openPage();
  await page.locator('#subject-intro').getByText(T('subject.intro.own', { name: 'Demo: Het Voorbeeld College' })).waitFor();
  await look('subject-form');
  await phone('subject-form', '#subject-form');

  // Nothing filled in: said at the field, and in the summary.
  await page.locator('#subject-form').getByRole('button', { name: T('subject.form.submit') }).click();
  await page.locator('#subject-form .app-error-summary').getByText(T('subject.form.oneOf')).waitFor();
  await look('subject-form-error');

  await submit({ [T('subject.form.id')]: state.child, [T('subject.form.reference')]: 'AVG-2026-021' });
  await page.locator('#subject-result').waitFor();
  await page.locator('#subject-summary').getByText(T('subject.result.children', { count: 1 })).waitFor();
  assert.equal(await count('persons'), '1');
  assert.equal(await count('signals'), '1');
  assert.equal(await count('referrals'), '0');
  assert.ok(Number(await count('access_log')) >= 2, 'the child was recorded and a signal made');
  await look('subject-copy');
  await phone('subject-copy', '#subject-sections');

  // The JSON download holds the copy itself.
  const json = page.locator('#subject-json');
  assert.match(await json.getAttribute('download'), /^inzage-\d{4}-\d{2}-\d{2}\.json$/);
  const [saved] = await Promise.all([page.waitForEvent('download'), json.click()]);
  const copy = JSON.parse(fs.readFileSync(await saved.path(), 'utf8'));
  assert.equal(copy.reference, 'AVG-2026-021');
  assert.deepEqual(copy.child.ids, [state.child]);
  assert.equal(copy.sections.find((s) => s.kind === 'persons').items[0].name, CHILD);

  // The printable page, in Dutch, then in English.
  for (const [lang, heading] of [['nl', 'Inzage in de gegevens over een kind'], ['en', 'Access to the data about a child']]) {
    const [printable] = await Promise.all([
      browser.context.waitForEvent('page'),
      page.locator(`#subject-actions a[data-print="${lang}"]`).click(),
    ]);
    await printable.waitForLoadState();
    const printProblems = watch(printable);
    await printable.getByRole('heading', { level: 1, name: heading }).waitFor();
    await printable.getByText(CHILD).first().waitFor();
    await printable.getByText('AVG-2026-021').first().waitFor();
    const main = page;
    page = printable;
    await look(`subject-printable-${lang}`);
    await page.setViewportSize(PHONE);
    await assertReflow(page, `printable copy (${lang})`);
    page = main;
    await printable.close();
    assert.deepEqual(printProblems, []);
  }
  assert.deepEqual(problems, []);
});

test('(b) by BSN, which does not stay on the page', async () => {
  await openPage();
  await submit({ [T('subject.form.bsn')]: BSN });
  await page.locator('#page-status').getByText(T('subject.result.ready')).waitFor();
  assert.equal(await count('persons'), '1');
  assert.equal(await page.locator('#subject-form').getByLabel(T('subject.form.bsn')).inputValue(), '');
  assert.equal(await page.getByText(BSN).count(), 0, 'the BSN is not shown on the page');
  assert.deepEqual(problems, []);
});

test('(c) school B\'s child is not found, and leaves no trace', async () => {
  await openPage();
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/subject-access-exports'));
  await submit({ [T('subject.form.id')]: state.other });
  assert.equal((await answer).status(), 404);
  await page.locator('#subject-form .app-error-summary').getByText(T('problem.404')).waitFor();
  assert.ok(await page.locator('#subject-result').isHidden());
  assert.equal(await page.getByText(OTHER).count(), 0);
  await look('subject-not-found');
  assert.deepEqual(problems, []);
});

test('(d) in English', async () => {
  await openPage();
  await page.locator('#lang-switch').click();
  await page.getByRole('heading', { level: 1, name: E('subject.heading') }).waitFor();
  await page.locator('#subject-form').getByLabel(E('subject.form.id')).fill(state.child);
  await page.locator('#subject-form').getByRole('button', { name: E('subject.form.submit') }).click();
  await page.locator('#subject-sections').getByRole('rowheader', { name: 'Signals', exact: true }).waitFor();
  await look('subject-copy-en');
  await page.locator('#lang-switch').click();
  await page.getByRole('heading', { level: 1, name: T('subject.heading') }).waitFor();
  await signOut(page, T);
  assert.deepEqual(problems, []);
});

test('(e) a care coordinator is told the page is not for them', async () => {
  await signIn(page, server.url, T, 'zorg.a', '#persons li');
  await openPage();
  await page.locator('#subject-intro').getByText(T('subject.notYours')).waitFor();
  assert.ok(await page.locator('#subject-search').isHidden());
  assert.equal((await api('POST', '/api/v1/subject-access-exports', { personId: state.child })).status, 403);
  await look('subject-not-yours');
  await signOut(page, T);
  assert.deepEqual(problems, []);
});

test('(f) the national office\'s privacy officer: every organisation\'s records', async () => {
  await loginWithCode('privacy.nl');
  await openPage();
  await page.locator('#subject-intro').getByText(T('subject.intro.national')).waitFor();
  await submit({ [T('subject.form.id')]: state.other });
  await page.locator('#subject-summary').getByText(T('subject.result.scopeAll')).waitFor();
  assert.equal(await count('persons'), '1');
  await look('subject-national');
  await phone('subject-national', '#subject-sections');
  await signOut(page, T);
  assert.deepEqual(problems, []);
});
