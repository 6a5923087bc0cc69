// Browser tests of the app's frame and everyday work, against a server of
// its own:
//   (a) the pages for "not found" and "not allowed", and the page a browser
//       gets for an address of the API: in the app's layout and the
//       reader's language, with a way back, never raw JSON;
//   (b) a mentor's signal that calls for consulting today is a task of the
//       care coordinator at once; the coordinator's case page has its
//       parts reachable from its navigation (also by address), and after
//       step 5 decides to report, the referral to Veilig Thuis comes
//       prefilled;
//   (c) the mentor finds the action agreed for them among their tasks,
//       opens it on the child's page and marks it done, and has no link to
//       a page their role cannot use;
//   (d) the header keeps to one row at 1280 px for every role and is one
//       short row on a phone, with its menu.
// Every page is seen in Dutch and English, at desktop and phone width;
// each is screenshot (build/browser/pages/screenshots/), checked with
// axe-core, and fails on text of the other language, raw JSON or a
// horizontal scrollbar (lib/browser.mjs).  The server's log must name no
// problem text that lacked its Dutch.
//
//   node tests/browser/pages.test.mjs --binary build/signaal --web web --out build/browser/pages
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DESKTOP, PHONE, assertReflow, inspect, launch, watch } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import {
  apiCall, isoDay, login as signIn, logout as signOut, options, PASSWORD, textOf, texts, totp,
} from './lib/common.mjs';

const opts = options('build/browser/pages');
const out = opts.out;
const nl = texts(opts.web, 'nl');
const en = texts(opts.web, 'en');
const T = textOf(nl, 'nl');
const E = textOf(en, 'en');
const workdir = path.join(out, `work-${process.pid}`);
const VEILIG_THUIS = 'Demo: Veilig Thuis Voorbeeldregio';

let server;
let browser;
let page;
let problems;
const violations = [];
const state = {};

async function look(name) {
  violations.push(...await inspect(page, out, name));
}

// The page as it is, again at phone width: nothing wider than the screen,
// and again checked with axe (a phone has its own header and menu).
async function phone(name, ready) {
  await page.setViewportSize(PHONE);
  if (ready) await page.locator(ready).first().waitFor();
  await assertReflow(page, name);
  violations.push(...await inspect(page, out, `phone-${name}`));
  await page.setViewportSize(DESKTOP);
}

// The page in English (the switch is remembered), then back in Dutch.
async function english(name, ready) {
  await page.locator('#lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  if (ready) await page.locator(ready).first().waitFor();
  await look(`${name}-english`);
  await page.locator('#lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'nl');
}

async function login(user) {
  await signIn(page, server.url, T, user, '#tasks-summary span');
}

async function logout() {
  await signOut(page, T);
}

async function api(method, url, body) {
  const r = await apiCall(page, method, url, body);
  assert.ok(r.status < 300, `${method} ${url}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

before(async () => {
  fs.rmSync(path.join(out, 'screenshots'), { recursive: true, force: true });
  server = await startServer({ binary: path.resolve(opts.binary), web: path.resolve(opts.web), workdir });
  browser = await launch();
  page = browser.context.pages()[0] || await browser.context.newPage();
  problems = watch(page);
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

test('(a) not found, not allowed and an API address: pages in the layout and the language, with a way back', async () => {
  // Not logged in: an unknown page.
  await page.context().clearCookies();
  const answer = await page.goto(`${server.url}/no-such-page.html`);
  assert.equal(answer.status(), 404);
  await page.getByRole('heading', { level: 1, name: T('problemPage.notFound.heading') }).waitFor();
  await page.getByRole('link', { name: T('problemPage.start') }).waitFor();
  await page.getByRole('link', { name: T('problemPage.back') }).waitFor();
  assert.equal(await page.title(), T('problemPage.notFound.title'));
  await look('not-found-anonymous');
  await english('not-found-anonymous', `h1:text("${E('problemPage.notFound.heading')}")`);
  await phone('not-found-anonymous');

  // Logged in, the header stays with its menu; a deeper unknown path too.
  await login('mentor.a');
  await page.goto(`${server.url}/cases/123`);
  await page.getByRole('heading', { level: 1, name: T('problemPage.notFound.heading') }).waitFor();
  await page.locator('#menu-button').waitFor();
  await look('not-found-mentor');

  // A page for other roles: the message, not an empty form.
  for (const [name, url] of [['screenings', '/screenings.html'], ['screening', '/screening.html'], ['decision', '/decision.html?screening=x'], ['refer', '/refer.html?person=x']]) {
    await page.goto(server.url + url);
    await page.getByRole('heading', { level: 1, name: T('problemPage.denied.heading') }).waitFor();
    assert.equal(await page.locator('main form:visible').count(), 0, `${url}: no form`);
    if (name === 'screenings') {
      await look('denied-mentor');
      await english('denied-mentor', `h1:text("${E('problemPage.denied.heading')}")`);
      await phone('denied-mentor');
    }
  }
  // The way back leads home.
  await page.getByRole('link', { name: T('problemPage.start') }).click();
  await page.waitForURL(`${server.url}/`);

  // A record that is not there, or not the reader's: not found.
  await page.goto(`${server.url}/person.html?id=00000000-0000-4000-8000-000000000000`);
  await page.getByRole('heading', { level: 1, name: T('problemPage.notFound.heading') }).waitFor();
  await look('not-found-record');

  // The browser going to an address of the API: a page, not JSON.
  for (const url of ['/api/v1/persons', '/api/v1/cases/00000000-0000-4000-8000-000000000000', '/api/v1/nothing']) {
    await page.goto(server.url + url);
    await page.getByRole('heading', { level: 1, name: T('problemPage.api.heading') }).waitFor();
  }
  await look('api-address');
  await english('api-address', `h1:text("${E('problemPage.api.heading')}")`);
  await phone('api-address');
  // The page's own scripts still get the API's JSON, with the problem in
  // the page's language.
  const refused = await apiCall(page, 'GET', '/api/v1/audit');
  assert.equal(refused.status, 403);
  assert.equal(refused.body.title, 'Niet toegestaan');
  await logout();
  assert.deepEqual(problems, []);
});

test('(b) consult today is the coordinator\'s task at once; the case page\'s parts; the report to Veilig Thuis prefilled', async () => {
  // The mentor records a signal with a strong indicator about a child.
  await login('mentor.a');
  const persons = await api('GET', '/api/v1/persons?limit=100');
  const child = persons.items[persons.items.length - 1];
  state.child = child;
  const signal = await api('POST', '/api/v1/signals', {
    personId: child.id, observedOn: isoDay(-1), setting: 'school',
    observation: 'Wordt na school opgehaald door een onbekende oudere jongen op een scooter.', indicators: ['SCH-06'],
  });
  state.signalId = signal.id;
  await logout();

  // At once a task of the care coordinator: the notice leads to the guidance.
  await login('zorg.a');
  const notice = page.locator('#tasks li[data-task="notification"]', { has: page.locator(`a[href="/assessment.html?signal=${signal.id}"]`) });
  await notice.waitFor();
  await look('start-coordinator-consult-today');
  await english('start-coordinator-consult-today', `#tasks a[href="/assessment.html?signal=${signal.id}"]`);
  await phone('start-coordinator-consult-today', '#tasks li');
  await notice.getByRole('link').click();
  await page.waitForURL(/\/assessment\.html\?signal=/);
  await page.locator('[data-advice="consult-today"], #assessment [data-advice]').first().waitFor();
  await look('assessment-coordinator');
  // Opening the guidance read the notice: it has left the tasks.
  await page.goto(`${server.url}/`);
  await page.locator('#tasks-summary span').waitFor();
  assert.equal(await page.locator(`#tasks a[href="/assessment.html?signal=${signal.id}"]`).count(), 0, 'the notice is read');

  // A case with a consultation that gives the mentor an action.
  const kase = await api('POST', '/api/v1/cases', { personId: child.id, signalIds: [signal.id] });
  state.caseId = kase.id;
  const colleagues = await api('GET', '/api/v1/colleagues');
  assert.ok(colleagues.items.every((u) => ['mentor', 'care-coordinator'].includes(u.role)), 'only mentors and care coordinators own actions');
  const mentor = colleagues.items.find((u) => u.login === 'mentor.a');
  await api('POST', '/api/v1/consultations', {
    caseId: kase.id, heldOn: isoDay(-1), participants: ['mentor', 'care-coordinator'],
    facts: 'Opgehaald door een onbekende op een scooter.', question: 'Wordt de leerling onder druk gezet?',
    questionType: 'care', outcome: 'care-team',
    actions: [{ description: 'Gesprek met de leerling voeren', ownerId: mentor.id, dueOn: isoDay(5) }],
  });

  // The case page: its parts reachable from the navigation, which says
  // where each stands; an address with a part opens at that part.
  await page.goto(`${server.url}/case.html?id=${kase.id}`);
  const nav = page.locator('#case-nav');
  await nav.waitFor();
  await page.locator('#nav-actions', { hasText: T('case.navOpen', { count: 1 }) }).waitFor();
  await look('case-navigation');
  await nav.getByRole('link', { name: new RegExp(T('case.actions')) }).click();
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'actions-heading');
  // On a wide screen the navigation stays in view while one reads on.
  await page.locator('#meldcode-heading').scrollIntoViewIfNeeded();
  assert.ok(await nav.isVisible() && (await nav.boundingBox()).y >= 0, 'the navigation stays in view');
  await page.goto(`${server.url}/case.html?id=${kase.id}#meldcode-heading`);
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'meldcode-heading');
  await english('case-navigation', '#case-nav a');
  // On a phone the navigation is above the parts, and each part leads back to it.
  await page.setViewportSize(PHONE);
  await page.locator('#actions-section .app-to-nav a').click();
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'case-nav');
  await page.setViewportSize(DESKTOP);
  await phone('case-navigation', '#case-nav');

  // The Meldcode to step 5, deciding to report: the way to the report.
  for (const n of [1, 2, 3]) await api('POST', `/api/v1/cases/${kase.id}/meldcode-steps`, { step: n, summary: `Stap ${n} gezet.` });
  await api('POST', `/api/v1/cases/${kase.id}/meldcode-steps`, { step: 4, summary: 'Afgewogen.', answers: ['yes', 'yes', null, null, null] });
  await api('POST', `/api/v1/cases/${kase.id}/meldcode-steps`, { step: 5, summary: 'Besloten te melden.', decision: 'report-to-veilig-thuis', withVeiligThuis: true });
  // (The same address with the same # would not load the page again.)
  await page.goto(`${server.url}/case.html?id=${kase.id}`);
  const report = page.locator('#meldcode-next [data-report-link]');
  await report.waitFor();
  assert.equal(await page.locator('#case-summary [data-report-link]').count(), 1, 'the decision in the summary leads there too');
  await look('case-report-now');
  await report.click();
  await page.waitForURL(/\/refer\.html\?person=.*&report=veilig-thuis/);
  const form = page.locator('#refer-form');
  await form.locator('[data-prefilled="report"]').waitFor();
  const to = await form.getByLabel(T('refer.to'), { exact: true }).evaluate((s) => s.options[s.selectedIndex].text);
  assert.equal(to, VEILIG_THUIS);
  assert.ok(await form.getByLabel(T('referral.purpose.report'), { exact: true }).isChecked(), 'purpose: report');
  assert.ok(await form.getByLabel(T('refer.basis.meldrecht'), { exact: true }).isChecked(), 'basis: meldrecht');
  for (const part of ['identity', 'signals', 'care-question', 'consultation-notes', 'meldcode']) {
    assert.ok(await form.locator(`input[name="shares"][value="${part}"]`).isChecked(), `shares ${part}`);
  }
  await look('refer-report-prefilled');
  await english('refer-report-prefilled', '#refer-form [data-prefilled]');
  await phone('refer-report-prefilled', '#refer-form');
  await form.getByRole('button', { name: T('refer.submit') }).click();
  await page.waitForURL(/\/referral\.html\?id=/);
  await look('referral-report-sent');
  await logout();
  assert.deepEqual(problems, []);
});

test('(c) the mentor opens the action from their tasks and marks it done; no link to a page the role cannot use', async () => {
  assert.ok(state.caseId, 'scenario (b) made the case');
  await login('mentor.a');
  const action = page.locator('#tasks li[data-task="action"]', { hasText: 'Gesprek met de leerling voeren' });
  await action.waitFor();
  await action.getByRole('button', { name: T('case.markDone') }).waitFor();
  await look('start-mentor-action');
  await english('start-mentor-action', '#tasks li[data-task="action"]');
  await phone('start-mentor-action', '#tasks li[data-task="action"]');

  // Every link of the mentor's pages leads to a page the mentor may use.
  const hrefs = await page.evaluate(() => Array.from(document.querySelectorAll('a[href]'))
    .filter((a) => a.offsetParent !== null || a.closest('#app-menu'))
    .map((a) => new URL(a.href).pathname));
  const allowed = ['/', '/index.html', '/learning.html', '/rules.html', '/person.html', '/signal.html', '/assessment.html'];
  assert.deepEqual(hrefs.filter((h) => !allowed.includes(h) && !h.startsWith('/#')), [], 'links the mentor cannot use');

  // Opening the action: the child's page, at the mentor's actions.
  await action.getByRole('link').click();
  await page.waitForURL(/\/person\.html\?id=.*#my-actions-heading/);
  const mine = page.locator('#my-actions [data-action]', { hasText: 'Gesprek met de leerling voeren' });
  await mine.waitFor();
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'my-actions-heading');
  await look('person-mentor-actions');
  await english('person-mentor-actions', '#my-actions [data-action]');
  await phone('person-mentor-actions', '#my-actions [data-action]');
  await mine.getByRole('button', { name: T('case.markDone') }).click();
  await page.locator('#page-status').getByText(T('case.actionDone', { action: 'Gesprek met de leerling voeren' })).waitFor();
  assert.ok(await page.locator('#my-actions-section').isHidden(), 'no open action left');
  await look('person-mentor-action-done');
  await page.goto(`${server.url}/`);
  await page.locator('#tasks-summary span').waitFor();
  assert.equal(await page.locator('#tasks li[data-task="action"]').count(), 0, 'the action left the tasks');
  // The chronology names the organisation, not "unknown", for what it did.
  await logout();
  assert.deepEqual(problems, []);
});

// The header's parts share one row: each one's vertical middle lies
// within the height of every other.
async function headerRows() {
  return page.evaluate(() => {
    const bar = document.querySelector('.app-header__content');
    const items = Array.from(bar.querySelectorAll(':scope > .app-brand, :scope > .app-nav li, :scope > .app-header__tools > *'))
      .filter((n) => n.offsetParent !== null).map((n) => n.getBoundingClientRect());
    let rows = 1;
    for (const a of items) {
      const middle = (a.top + a.bottom) / 2;
      if (items.some((b) => middle < b.top || middle > b.bottom)) rows = 2;
    }
    return { rows, height: Math.round(bar.getBoundingClientRect().height) };
  });
}

test('(d) the header keeps to one row at 1280 px for every role, and is short on a phone', async () => {
  const roles = ['mentor.a', 'zorg.a', 'politie', 'officier', 'veiligthuis', 'jeugdzorg', 'gemeente', 'analist', 'expert'];
  for (const user of roles) {
    await login(user);
    const desk = await headerRows();
    assert.equal(desk.rows, 1, `${user}: the header at 1280 px has ${desk.rows} rows`);
    await page.setViewportSize(PHONE);
    const small = await headerRows();
    assert.equal(small.rows, 1, `${user}: the header on a phone has ${small.rows} rows`);
    assert.ok(small.height <= 64, `${user}: the header on a phone is ${small.height}px high`);
    await page.setViewportSize(DESKTOP);
    await logout();
  }
  // The roles with a second factor: enrol, then the same.
  for (const user of ['beheer.a', 'auditor.a', 'privacy.a', 'beheer', 'auditor']) {
    await page.context().clearCookies();
    await page.goto(`${server.url}/login.html`);
    await page.getByLabel(T('login.login'), { exact: true }).fill(user);
    await page.getByLabel(T('login.password'), { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: T('login.submit') }).click();
    await page.getByRole('heading', { name: T('login.enrolHeading') }).waitFor();
    const secret = (await page.locator('#enrol-secret').innerText()).replace(/\s/g, '');
    await page.locator('#enrol-form').getByLabel(T('login.firstCode'), { exact: true }).fill(totp(secret));
    await page.locator('#enrol-form').getByRole('button', { name: T('login.confirm') }).click();
    await page.waitForURL(`${server.url}/`);
    await page.locator('#tasks-summary span').waitFor();
    const desk = await headerRows();
    assert.equal(desk.rows, 1, `${user}: the header at 1280 px has ${desk.rows} rows`);
    await logout();
  }

  // The phone's menu: the navigation, who is logged in and the log-out.
  await login('officier');
  await page.setViewportSize(PHONE);
  await page.locator('#menu-button').click();
  const menu = page.locator('#app-menu');
  await menu.getByRole('link', { name: T('common.nav.screenings') }).waitFor();
  await menu.getByText('officier', { exact: true }).waitFor();
  await menu.getByRole('button', { name: T('common.logout'), exact: true }).waitFor();
  assert.equal(await page.locator('#menu-button').getAttribute('aria-expanded'), 'true');
  await look('phone-menu-open');
  await page.keyboard.press('Escape');
  assert.ok(await menu.isHidden(), 'Escape closes the menu');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'menu-button');
  await page.setViewportSize(DESKTOP);
  // On a wide screen the same button, with the login, holds who and the log-out.
  await page.locator('#menu-button').click();
  await menu.getByText(T('role.prosecutor')).waitFor();
  assert.ok(await page.locator('.app-nav--menu').isHidden(), 'no second navigation on a wide screen');
  await look('desktop-menu-open');
  await logout();
  assert.deepEqual(problems, []);
});

test('checkboxes and radio buttons are the NL Design System\'s, in the theme\'s colours', async () => {
  await login('zorg.a');
  await page.goto(`${server.url}/person.html?id=${state.child ? state.child.id : ''}`);
  await page.locator('main').waitFor();
  await page.goto(`${server.url}/signal.html?person=${state.child.id}`);
  const box = page.locator('input[type="checkbox"][name="indicator"]').first();
  await box.waitFor({ state: 'attached' });
  assert.match(await box.getAttribute('class'), /utrecht-checkbox/);
  await page.goto(`${server.url}/case.html?id=${state.caseId}`);
  await page.locator('#consent-change > summary').click();
  const radio = page.locator('#consent-form input[type="radio"]').first();
  assert.match(await radio.getAttribute('class'), /utrecht-radio-button/);
  const look1 = await radio.evaluate((r) => getComputedStyle(r).appearance);
  assert.equal(look1, 'none', 'drawn by the theme, not the browser');
  await logout();
});

test('every page passes axe with no serious or critical violation', () => {
  assert.deepEqual(violations, []);
});

test('every problem the server answered had its Dutch', async () => {
  const log = fs.readFileSync(server.log, 'utf8');
  const missing = log.split('\n').filter((l) => l.includes('lang: no Dutch for'));
  assert.deepEqual(missing, []);
});

test('the server stops cleanly on SIGTERM', async () => {
  const result = await server.finish(path.join(out, 'server.log'));
  server = null;
  assert.deepEqual(result, { code: 0, signal: null });
});
