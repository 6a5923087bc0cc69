// Browser tests of the pages of the roles without casework, against a
// server of its own with the demo data (and a low limit on the reference
// index's registrations, so that one user's burst raises a flag):
//   (a) the privacy officer follows the notification of an override to its
//       reason, never the child's story, acknowledges a flag about a
//       colleague's use of the index, reads the retention periods and finds
//       the requests of data subjects;
//   (b) the organisation's auditor reads their own organisation's trail,
//       filters it by who and action, exports it as CSV, verifies the
//       chain and sees who saw one child's record;
//   (c) the organisation's administrator adds an account (a one-time code,
//       shown once) and disables it, revokes a colleague's API token,
//       resets a second factor, and is refused a second reset of an
//       account whose password they reset (four eyes);
//   (d) the national administrator adds an organisation, requires a second
//       factor there, gives it an account with a role that fits it, and
//       does the other half of the four-eyes reset;
//   (e) the national auditor reads every organisation's entries;
//   (f) the analysts: police and national analysts have the network and
//       the monitor, a municipality's analyst the monitor only.
// For every role: the start page offers its work and no page the role
// cannot use; every page is checked with axe (no serious or critical
// violation), for reflow at 320 px, in Dutch and once in English, for
// raw JSON and for the API's English words in a Dutch page.  Screenshots
// in build/browser/roles/screenshots/.
//
//   node tests/browser/roles.test.mjs --binary build/signaal --web web --out build/browser/roles
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DESKTOP, PHONE, assertReflow, inspect, launch, watch } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { PASSWORD, login as signIn, logout as signOut, options, textOf, texts } from './lib/common.mjs';

const opts = options('build/browser/roles');
const out = opts.out;
const nl = texts(opts.web, 'nl');
const en = texts(opts.web, 'en');
const T = textOf(nl);
const E = textOf(en);
const SCHOOL = 'Demo: Het Voorbeeld College';
const workdir = path.join(out, `work-${process.pid}`);
// Every page the header or the start page can link to, by who may use it.
const ROLE_PAGES = ['/admin.html', '/audit.html', '/privacy.html', '/subject-access.html', '/network.html',
  '/monitor.html', '/referrals.html', '/screenings.html', '/concerns.html'];
// The API's own English words, which a Dutch page never shows as its text.
const ENGLISH = ['Forbidden', 'Not Found', 'Bad Request', 'not a known', 'is required', 'Internal Server Error'];

let server;
let browser;
let page;
let problems;
const violations = [];
const state = {};
const secrets = new Map(); // login -> {secret, step}: each TOTP step is used once

// ---- the API, for setting up what the pages then show ---------------------------

async function apiSession(login) {
  const res = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login, password: PASSWORD }),
  });
  assert.equal(res.status, 200, `${login} logs in through the API`);
  const body = await res.json();
  return { cookie: res.headers.get('set-cookie').split(';')[0], csrf: body.csrfToken, who: body };
}

async function apiCall(s, method, url, body) {
  const res = await fetch(`${server.url}/api/v1${url}`, {
    method,
    headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrf, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

// ---- logging in ---------------------------------------------------------------------

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

// A step for this account that was never used: now, or the next one (the
// server allows a step of drift), or else wait for the clock.
async function freshStep(login) {
  const used = secrets.get(login).step;
  for (;;) {
    const now = Math.floor(Date.now() / 30000);
    if (now > used) return now;
    if (now + 1 > used) return now + 1;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

// Logs a user in through the log-in page: enrolling an authenticator app
// the first time when the role needs one, with a code after that.
async function login(user, ready = '#work li') {
  await page.context().clearCookies();
  await page.goto(`${server.url}/`);
  await page.waitForURL(/\/login\.html\?next=/);
  await page.getByLabel(T('login.login'), { exact: true }).fill(user);
  await page.getByLabel(T('login.password'), { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: T('login.submit') }).click();
  const enrol = page.getByRole('heading', { name: T('login.enrolHeading') });
  const otp = page.getByRole('heading', { name: T('login.otpHeading') });
  const start = page.waitForURL(`${server.url}/`).then(() => 'start');
  const what = await Promise.race([enrol.waitFor().then(() => 'enrol'), otp.waitFor().then(() => 'otp'), start]);
  if (what === 'enrol') {
    const secret = (await page.locator('#enrol-secret').innerText()).replace(/\s/g, '');
    const step = Math.floor(Date.now() / 30000);
    secrets.set(user, { secret, step });
    const form = page.locator('#enrol-form');
    await form.getByLabel(T('login.firstCode'), { exact: true }).fill(totp(secret, step));
    await form.getByRole('button', { name: T('login.confirm') }).click();
  } else if (what === 'otp') {
    const step = await freshStep(user);
    secrets.get(user).step = step;
    const form = page.locator('#otp-form');
    await form.getByLabel(T('login.code'), { exact: true }).fill(totp(secrets.get(user).secret, step));
    await form.getByRole('button', { name: T('login.submitCode') }).click();
  }
  await page.waitForURL(`${server.url}/`);
  await page.locator(ready).first().waitFor();
}

async function logout() {
  await signOut(page, T);
}

// ---- checks every page gets ------------------------------------------------------------

async function look(name) {
  violations.push(...await inspect(page, out, name));
}

// No raw JSON, and none of the API's English words outside a part marked
// as English, in a Dutch page.
async function assertDutchText(name) {
  const { text, json } = await page.evaluate(() => {
    const clone = document.body.cloneNode(true);
    for (const node of clone.querySelectorAll('[lang="en"], script, style')) node.remove();
    return { text: clone.innerText, json: /[{[]\s*"[A-Za-z]+"\s*:/.test(document.body.innerText) };
  });
  assert.equal(json, false, `${name}: no raw JSON`);
  for (const word of ENGLISH) assert.ok(!text.includes(word), `${name}: "${word}" in the Dutch page`);
}

// The same page at 320 px: nothing wider than the screen.
async function phone(name, ready) {
  await page.setViewportSize(PHONE);
  await page.locator(ready).first().waitFor();
  await assertReflow(page, name);
  await inspect(page, out, `phone-${name}`, { axe: false });
  await page.setViewportSize(DESKTOP);
}

// Desktop: axe and reflow; then the phone; then once in English, where
// the heading is the English one and axe finds nothing either.
async function checkPage(name, ready, headingKey) {
  await page.locator(ready).first().waitFor();
  await assertDutchText(name);
  await look(name);
  await assertReflow(page, name);
  await phone(name, ready);
  await page.getByRole('button', { name: nl['common.switchLanguage'] }).click();
  await page.getByRole('heading', { level: 1, name: E(headingKey) }).waitFor();
  await look(`${name}-en`);
  await assertReflow(page, `${name}-en`);
  await page.getByRole('button', { name: en['common.switchLanguage'] }).click();
  await page.getByRole('heading', { level: 1, name: T(headingKey) }).waitFor();
}

// The header and the start page link to exactly these of ROLE_PAGES.
async function assertLinks(allowed) {
  const hrefs = await page.evaluate(() => Array.from(document.querySelectorAll('#app-header a, #main a'))
    .filter((a) => !a.closest('[hidden]')).map((a) => new URL(a.href).pathname));
  for (const p of ROLE_PAGES) {
    assert.equal(hrefs.includes(p), allowed.includes(p), `${p} ${allowed.includes(p) ? 'is' : 'is not'} linked`);
  }
}

async function navTo(key, url) {
  await page.locator('#app-header nav').getByRole('link', { name: T(key) }).click();
  await page.waitForURL(url);
}

// ---- set-up ------------------------------------------------------------------------------

before(async () => {
  fs.rmSync(path.join(out, 'screenshots'), { recursive: true, force: true });
  // Three registrations an hour: the third is refused and raises a flag.
  process.env.SIGNAAL_CONCERN_RATE = '2';
  server = await startServer({ binary: path.resolve(opts.binary), web: path.resolve(opts.web), workdir });
  delete process.env.SIGNAAL_CONCERN_RATE;
  browser = await launch();
  page = browser.context.pages()[0] || await browser.context.newPage();
  problems = watch(page);

  // The school's care coordinator: a referral on an override, an API token
  // for a connected system, and a burst of registrations in the index.
  const zorg = await apiSession('zorg.a');
  state.schoolId = zorg.who.organisation.id;
  const persons = await apiCall(zorg, 'GET', '/persons?limit=1');
  state.child = persons.json.items[0];
  const police = (await apiCall(zorg, 'GET', '/organisation-directory?limit=100')).json.items.find((o) => o.type === 'police');
  const referral = await apiCall(zorg, 'POST', '/referrals', {
    personId: state.child.id, to: police.id, purpose: 'investigation', legalBasis: 'override',
    overrideReason: 'Acuut gevaar: hij wordt vandaag opgehaald door onbekenden.', shares: ['identity'],
  });
  assert.equal(referral.status, 201, JSON.stringify(referral.json));
  state.override = referral.json.id;
  assert.equal((await apiCall(zorg, 'POST', '/session/tokens', { label: 'Leerlingvolgsysteem', days: 30 })).status, 201);
  for (let i = 0; i < 3; i++) {
    await apiCall(zorg, 'POST', '/concerns', {
      ground: 'neglect', givenNames: `Test${i}`, surname: 'Ritme', birthDate: '2011-04-02', sex: 'male',
      address: { postcode: '3511 AB', houseNumber: 10 + i }, contact: 'Zorgcoördinator, 030-123 45 67',
    });
  }
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

test('the texts of the role pages exist in Dutch and English alike', () => {
  const mine = (k) => /^(admin|audit|privacy|work)\./.test(k);
  assert.deepEqual(Object.keys(nl).filter(mine).sort(), Object.keys(en).filter(mine).sort());
});

test('(a) the privacy officer checks an override, acknowledges a flag and reads the retention', async () => {
  await login('privacy.a');
  await assertLinks(['/privacy.html', '/subject-access.html']);
  await look('start-privacy');
  // The notification of the override leads to its reason.
  const task = page.locator('#tasks a[href^="/privacy.html#override-"]');
  await task.click();
  await page.waitForURL(/\/privacy\.html#override-/);
  const card = page.locator(`#override-${state.override}`);
  await card.waitFor();
  await card.getByText('Acuut gevaar: hij wordt vandaag opgehaald door onbekenden.').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), `override-${state.override}`, 'the card has the focus');
  assert.ok((await card.innerText()).includes('zorg.a'), 'who sent it');
  assert.equal(await page.getByText(state.child.name).count(), 0, 'never the child');
  // The flag about zorg.a's burst of registrations, acknowledged.
  const flag = page.locator('#flags li[data-flag="zorg.a"]');
  await flag.waitFor();
  await checkPage('privacy', '#flags li', 'privacy.heading');
  await flag.getByRole('button', { name: T('privacy.flags.acknowledge') }).click();
  await page.getByText(T('privacy.flags.acknowledged', { login: 'zorg.a' })).waitFor();
  await page.getByText(T('privacy.flags.none')).waitFor();
  // How long records are kept: the published periods, or else in words.
  const retention = page.locator('#retention');
  assert.ok(['rules', 'explanation'].includes(await retention.getAttribute('data-source')));
  assert.ok((await retention.innerText()).length > 100, 'the retention is explained');
  // The server's run at its start is listed, with nothing to do in fresh demo data.
  const runs = page.locator('#retention-runs tbody tr');
  await runs.first().waitFor();
  await runs.first().getByText(T('privacy.runs.nothing')).waitFor();
  // The requests of data subjects are one click away.
  assert.equal(await page.locator('#requests-link').getAttribute('href'), '/subject-access.html');
  await assertLinks(['/privacy.html', '/subject-access.html']);
  await logout();
  assert.deepEqual(problems, []);
});

test('(b) the organisation\'s auditor filters the trail, exports it, verifies the chain and sees who saw a record', async () => {
  await login('auditor.a');
  await assertLinks(['/audit.html']);
  await look('start-auditor');
  await navTo('common.nav.audit', /\/audit\.html$/);
  await page.locator('#trail-table').waitFor();
  const intro = await page.locator('#audit-intro').innerText();
  assert.ok(intro.includes(SCHOOL), 'the scope is the own organisation');
  // Only the own organisation's people to choose from.
  const who = page.locator('#trail-filter select[name="user"]');
  const names = await who.locator('option').allInnerTexts();
  assert.ok(names.includes('zorg.a') && names.includes('privacy.a') && names.includes('beheer.a'), names.join());
  for (const other of ['politie', 'beheer', 'auditor', 'analist', 'zorg.b']) assert.ok(!names.includes(other), names.join());
  assert.equal(await page.locator('th', { hasText: T('audit.col.org') }).count(), 0, 'no organisation column');
  // The chain.
  await page.getByRole('button', { name: T('audit.verify.run') }).click();
  await page.locator('#verify-result[data-intact="true"]').waitFor();
  // Filter: the care coordinator's override.
  await who.selectOption({ label: 'zorg.a' });
  await page.getByLabel(T('audit.filter.action')).fill('referral.override');
  await page.getByRole('button', { name: T('audit.filter.show') }).click();
  await page.waitForURL(/action=referral\.override/);
  const rows = page.locator('#trail-table tbody tr');
  await page.locator('#trail-table tbody tr[data-action="referral.override"]').first().waitFor();
  assert.equal(await rows.count(), 1);
  assert.ok((await rows.first().innerText()).includes('zorg.a'));
  await checkPage('audit', '#trail-table', 'audit.heading');
  // The export: the filtered entries as CSV.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: T('audit.export.run') }).click();
  const file = await (await download).path();
  const csv = fs.readFileSync(file, 'utf8').replace(/^\ufeff/, '').trim().split('\r\n');
  assert.match(csv[0], /^seq,at,userId,login,role,organisationId,organisation,action,/);
  assert.equal(csv.length, 2, csv.join('\n'));
  assert.ok(csv[1].includes(',zorg.a,care-coordinator,') && csv[1].includes(',referral.override,'), csv[1]);
  await page.getByText(T('audit.export.done.one', { count: 1 })).waitFor();
  // Who saw the child's record: from the entry's child.
  await rows.first().locator(`a[href^="/audit.html?saw=${state.child.id}"]`).click();
  await page.waitForURL(/saw=/);
  const saw = page.locator('#saw-table tbody tr[data-user="zorg.a"]');
  await saw.waitFor();
  const sawText = await page.locator('#saw-table').innerText();
  assert.ok(sawText.includes('referral.override'), sawText);
  await look('audit-who-saw');
  await phone('audit-who-saw', '#saw-table');
  await logout();
  assert.deepEqual(problems, []);
});

test('(c) the administrator adds and disables an account, revokes a token and resets a second factor, four eyes kept', async () => {
  await login('beheer.a');
  await assertLinks(['/admin.html', '/monitor.html', '/concerns.html']);
  await look('start-administrator');
  await navTo('common.nav.admin', /\/admin\.html$/);
  await page.locator('#users li[data-user="zorg.a"]').waitFor();
  await page.getByRole('heading', { name: T('admin.org.heading', { name: SCHOOL }) }).waitFor();
  assert.ok(await page.locator('#orgs-section').isHidden(), 'no list of organisations');
  // Only the roles of a school, and no national role.
  const roles = await page.getByLabel(T('admin.newUser.role')).locator('option').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(roles.filter(Boolean).sort(), ['administrator', 'auditor', 'care-coordinator', 'mentor', 'privacy-officer']);
  await checkPage('admin', '#users li', 'admin.heading');

  // Add an account: a one-time code, shown once; then disable it.
  const form = page.locator('#user-form');
  await form.getByLabel(T('admin.newUser.login')).fill('mentor.nieuw');
  await form.getByLabel(T('admin.newUser.role')).selectOption('mentor');
  await form.getByRole('button', { name: T('admin.newUser.submit') }).click();
  await page.getByText(T('admin.reset.title', { login: 'mentor.nieuw' })).waitFor();
  assert.match(await page.locator('#reset-code').innerText(), /^\S{16,}$/);
  const fresh = page.locator('#users li[data-user="mentor.nieuw"]');
  await fresh.getByText(T('admin.users.resetPending')).waitFor();
  await look('admin-new-user');
  await page.getByRole('button', { name: T('admin.reset.hide') }).click();
  assert.equal(await page.locator('#reset-code').count(), 0, 'the code is gone');
  await fresh.getByRole('button', { name: T('admin.users.disable') }).click();
  await fresh.getByText(T('admin.users.isDisabled')).waitFor();
  await page.getByText(T('admin.users.disabled', { login: 'mentor.nieuw' })).waitFor();
  // A taken login is named on its field, in Dutch.
  await form.getByLabel(T('admin.newUser.login')).fill('zorg.a');
  await form.getByLabel(T('admin.newUser.role')).selectOption('mentor');
  await form.getByRole('button', { name: T('admin.newUser.submit') }).click();
  await form.locator('.utrecht-form-field-error-message', { hasText: T('admin.newUser.loginTaken') }).waitFor();
  await assertDutchText('admin-errors');

  // The care coordinator's API token, revoked.
  const zorg = page.locator('#users li[data-user="zorg.a"]');
  await zorg.getByRole('button', { name: T('admin.users.tokens') }).click();
  const token = zorg.locator('li[data-token="Leerlingvolgsysteem"]');
  await token.getByText(T('admin.tokens.active')).waitFor();
  await token.getByRole('button', { name: T('admin.tokens.revoke') }).click();
  await token.getByText(T('admin.tokens.revoked')).waitFor();

  // The auditor's second factor reset: they enrol again next time.
  const auditor = page.locator('#users li[data-user="auditor.a"]');
  await auditor.getByRole('button', { name: T('admin.users.resetTotp') }).click();
  await auditor.getByText(T('admin.users.noTotp')).waitFor();
  secrets.delete('auditor.a');
  // ... and then not their password too: that is another administrator's.
  await auditor.getByRole('button', { name: T('admin.users.resetPassword') }).click();
  await page.locator('#page-alert').getByText(T('admin.users.fourEyes')).waitFor();
  assert.equal(await page.locator('#reset-code').count(), 0, 'no code');

  // Four eyes: the privacy officer's password, then not their second factor.
  const privacy = page.locator('#users li[data-user="privacy.a"]');
  await privacy.getByRole('button', { name: T('admin.users.resetPassword') }).click();
  await page.getByText(T('admin.reset.title', { login: 'privacy.a' })).waitFor();
  await privacy.getByRole('button', { name: T('admin.users.resetTotp') }).click();
  await page.locator('#page-alert').getByText(T('admin.users.fourEyes')).waitFor();
  await privacy.getByText(T('admin.users.hasTotp')).waitFor();
  await look('admin-four-eyes');
  await phone('admin-four-eyes', '#users li');
  await logout();
  assert.deepEqual(problems, []);
});

test('(d) the national administrator adds an organisation, sets its second factor and gives it an account', async () => {
  await login('beheer');
  await assertLinks(['/admin.html']);
  await navTo('common.nav.admin', /\/admin\.html$/);
  await page.locator('#orgs li[data-org="Gemeente Tilburg"]').waitFor();
  await checkPage('admin-national', '#orgs li', 'admin.heading');
  // The list is searched by name.
  await page.getByLabel(T('admin.orgs.filter')).fill('tilburg');
  assert.deepEqual(await page.locator('#orgs li').evaluateAll((ls) => ls.map((l) => l.dataset.org)), ['Gemeente Tilburg']);
  await page.getByLabel(T('admin.orgs.filter')).fill('');
  await page.locator('#new-org summary').click();
  const orgForm = page.locator('#org-form');
  await orgForm.getByLabel(T('admin.orgs.name')).fill('Demo: Gemeente Nieuwdorp');
  await orgForm.getByLabel(T('admin.orgs.type')).selectOption('municipality');
  await orgForm.getByRole('button', { name: T('admin.orgs.add') }).click();
  await page.getByText(T('admin.orgs.added', { name: 'Demo: Gemeente Nieuwdorp' })).waitFor();
  const card = page.locator('#orgs li[data-org="Demo: Gemeente Nieuwdorp"]');
  await card.getByRole('link', { name: 'Demo: Gemeente Nieuwdorp' }).click();
  await page.waitForURL(/\/admin\.html\?org=/);
  await page.getByRole('heading', { name: T('admin.org.heading', { name: 'Demo: Gemeente Nieuwdorp' }) }).waitFor();
  // Its second factor, required for everyone.
  await page.locator('#mfa-form').getByLabel(T('admin.org.requireMfa')).check();
  await page.locator('#mfa-form').getByRole('button', { name: T('admin.org.save') }).click();
  await page.getByText(T('admin.org.mfaSavedOn', { name: 'Demo: Gemeente Nieuwdorp' })).waitFor();
  await page.locator('#org-facts').getByText(T('admin.org.mfaOn')).waitFor();
  // A municipality's roles: an analyst, not a mentor, no national role.
  const roles = await page.getByLabel(T('admin.newUser.role')).locator('option').evaluateAll((os) => os.map((o) => o.value));
  assert.ok(roles.includes('analyst') && roles.includes('care-worker'));
  assert.ok(!roles.includes('mentor') && !roles.includes('national-auditor'));
  const form = page.locator('#user-form');
  await form.getByLabel(T('admin.newUser.login')).fill('analist.nieuwdorp');
  await form.getByLabel(T('admin.newUser.role')).selectOption('analyst');
  await form.getByRole('button', { name: T('admin.newUser.submit') }).click();
  await page.locator('#users li[data-user="analist.nieuwdorp"]').waitFor();
  await page.locator('#reset-code').waitFor();
  // The other half of the four eyes: another administrator resets the
  // privacy officer's second factor.
  await page.locator(`#orgs li[data-org="${SCHOOL}"] a`).click();
  await page.waitForURL(`${server.url}/admin.html?org=${state.schoolId}`);
  const privacy = page.locator('#users li[data-user="privacy.a"]');
  await privacy.getByRole('button', { name: T('admin.users.resetTotp') }).click();
  await privacy.getByText(T('admin.users.noTotp')).waitFor();
  await page.getByText(T('admin.users.totpReset', { login: 'privacy.a' })).waitFor();
  await logout();
  assert.deepEqual(problems, []);
});

test('(e) the national auditor reads every organisation\'s entries', async () => {
  await login('auditor');
  await assertLinks(['/audit.html']);
  await navTo('common.nav.audit', /\/audit\.html$/);
  await page.locator('#trail-table').waitFor();
  await page.locator('th', { hasText: T('audit.col.org') }).waitFor();
  const who = page.locator('#trail-filter select[name="user"]');
  const names = await who.locator('option').allInnerTexts();
  assert.ok(names.some((n) => n.startsWith('politie — ')) && names.some((n) => n.startsWith('beheer.a — ')), names.join());
  await who.selectOption({ label: `beheer.a — ${SCHOOL}` });
  await page.getByLabel(T('audit.filter.action')).fill('user.create');
  await page.getByRole('button', { name: T('audit.filter.show') }).click();
  await page.locator('#trail-table tbody tr[data-action="user.create"]').first().waitFor();
  assert.ok((await page.locator('#trail-table').innerText()).includes(SCHOOL));
  await checkPage('audit-national', '#trail-table', 'audit.heading');
  await page.getByRole('button', { name: T('audit.verify.run') }).click();
  await page.locator('#verify-result[data-intact="true"]').waitFor();
  await logout();
  assert.deepEqual(problems, []);
});

test('(f) each analyst is offered their own work and nothing else', async () => {
  // The pages an analyst is offered ask the API for nothing it refuses
  // (the start page asked for the list of children once).
  const refused = [];
  const onResponse = (r) => {
    if (r.status() === 403 && r.url().includes('/api/')) refused.push(`${r.request().method()} ${new URL(r.url()).pathname}`);
  };
  page.on('response', onResponse);
  for (const [user, pages] of [
    ['analist', ['/network.html', '/monitor.html']],
    ['analist.politie', ['/network.html', '/monitor.html']],
    ['analist.gemeente', ['/monitor.html']],
  ]) {
    await signIn(page, server.url, T, user, '#work li');
    await assertLinks(pages);
    assert.deepEqual(await page.locator('#work li').evaluateAll((ls) => ls.map((l) => l.dataset.work)), pages);
    await checkPage(`start-${user}`, '#work li', 'start.heading');
    for (const href of pages) {
      await page.locator('#work').locator(`a[href="${href}"]`).click();
      await page.waitForURL(new RegExp(href.replace('.', '\\.')));
      await page.locator('h1').waitFor();
      assert.equal(await page.locator('#page-alert .utrecht-alert').count(), 0, `${user} may use ${href}`);
      await page.goBack();
      await page.locator('#work li').first().waitFor();
    }
    await signOut(page, T);
  }
  page.off('response', onResponse);
  assert.deepEqual(refused, []);
  assert.deepEqual(problems, []);
});

test('a page is not offered to a role it is not for', async () => {
  await signIn(page, server.url, T, 'mentor.a', '#tasks-summary span');
  // A mentor cannot use the reference index either: no link to it.
  await assertLinks([]);
  for (const [url, name] of [['/admin.html', 'admin-mentor'], ['/audit.html', 'audit-mentor'], ['/privacy.html', 'privacy-mentor']]) {
    await page.goto(server.url + url);
    await page.locator('#page-alert').getByText(T('problem.403')).waitFor();
    assert.equal(await page.locator('form button[type="submit"]:visible').count(), 0, `${url}: no form`);
    await look(name);
  }
  await signOut(page, T);
  assert.deepEqual(problems, []);
});

test('every page passes axe with no serious or critical violation', () => {
  assert.deepEqual(violations, []);
});

test('the server stops cleanly on SIGTERM', async () => {
  await browser.close();
  browser = null;
  const r = await server.finish(path.join(out, 'server-roles.log'));
  server = null;
  assert.deepEqual(r, { code: 0, signal: null });
});
