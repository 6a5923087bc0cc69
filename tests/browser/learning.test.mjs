// Browser tests of learning (web/learning.html), against a server of their
// own with the demo data:
//   (a) a mentor opens the mentor path, reads a module with its indicator
//       explanations, and finishes a fictional case at desktop width and
//       again at 320 px phone width, seeing the feedback on every sign;
//   (b) the indicator explanations are shown where indicators are chosen
//       (the signal page), as a disclosure per indicator;
//   (c) the school's care coordinator sees counts only: staff who finished
//       the path and the signs most often missed, and records a resilience
//       lesson;
//   (d) the mentor requests the training film; the expert group finds the
//       request among its tasks, accepts it, and the mentor sees the status.
// Every page visited is screenshot (<out>/screenshots/) and checked with
// axe-core (no serious or critical violations); a CSP violation or an
// uncaught error fails the run.
//
//   node tests/browser/learning.test.mjs --binary build/signaal --web web --out build/browser/learning
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DESKTOP, PHONE, assertReflow, inspect, launch, watch } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { login as signIn, logout as signOut, options, textOf, texts } from './lib/common.mjs';

const opts = options('build/browser/learning');
const out = opts.out;
const nl = texts(opts.web, 'nl');
const workdir = path.join(out, `work-${process.pid}`);
const T = textOf(nl);

// Daan's case (data/learning.json): its signs and a vulnerability that is
// true in the story but never a sign.
const DAAN_SIGNS = ['MON-01', 'PHN-02', 'SCH-01', 'SCH-06'];

let server;
let browser;
let page;
let problems;
const violations = [];

async function look(name) {
  violations.push(...await inspect(page, out, name));
}

async function phone(name) {
  await page.setViewportSize(PHONE);
  await assertReflow(page, name);
  await inspect(page, out, `phone-${name}`, { axe: false });
}

async function login(user) {
  await signIn(page, server.url, T, user, '#tasks-summary span');
}

async function logout() {
  await signOut(page, T);
}

// A request made with the page's session (and its CSRF token).
async function apiCall(method, url, body) {
  return page.evaluate(async ({ m, u, b }) => {
    const session = await (await fetch('/api/v1/session', { credentials: 'same-origin' })).json();
    const res = await fetch(u, {
      method: m, credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrfToken || '' },
      body: b === undefined ? undefined : JSON.stringify(b),
    });
    return { status: res.status, json: res.status === 204 ? null : await res.json() };
  }, { m: method, u: url, b: body });
}

async function pick(codes) {
  const form = page.locator('#case-form');
  for (const box of await form.locator('input[name="picked"]').all()) {
    const want = codes.includes(await box.getAttribute('value'));
    if (want !== await box.isChecked()) await box.setChecked(want);
  }
  await form.getByRole('button', { name: T('learning.case.submit') }).click();
  await page.locator('#feedback').waitFor();
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

test('(a) a mentor reads a module and finishes a case at desktop and phone width', async () => {
  await login('mentor.a');
  await page.getByRole('navigation', { name: T('common.mainNav') }).getByRole('link', { name: T('common.nav.learning') }).click();
  await page.waitForURL(/\/learning\.html$/);
  const mine = page.locator('#paths-mine [data-path="mentor"]');
  await mine.getByText(T('learning.forYou')).waitFor();
  await look('learning-paths');

  await mine.getByRole('link').click();
  await page.waitForURL(/\/learning\.html\?path=mentor$/);
  await page.locator('#path-items [data-item="case-daan"]').waitFor();
  assert.equal(await page.locator('#path-items > li').count(), 8);
  await page.locator('#offers [data-offer="training-film"]').waitFor();
  await look('learning-path');

  // A module: its indicators explained in a disclosure, opened by keyboard.
  await page.locator('#path-items [data-item="reading-signs"] a').click();
  await page.waitForURL(/\?module=reading-signs/);
  const explain = page.locator('#module-indicators [data-explain="VUL-01"]');
  await explain.getByRole('button', { name: new RegExp(T('learning.explain.summary')) }).focus();
  await page.keyboard.press('Enter');
  assert.equal(await explain.getByRole('button').getAttribute('aria-expanded'), 'true');
  await explain.getByText(/nooit als verdenking/).first().waitFor();
  await page.getByRole('button', { name: T('learning.module.markDone') }).click();
  await page.locator('#page-status').getByText(T('learning.module.doneSaved')).waitFor();
  await look('learning-module');

  // The case at desktop width: the options never say which are the signs.
  await page.getByRole('link', { name: T('learning.backToPath') }).first().click();
  await page.locator('#path-items [data-item="case-daan"] a').click();
  await page.waitForURL(/\?case=case-daan/);
  await page.locator('#case-form input[name="picked"]').first().waitFor();
  assert.equal(await page.locator('#case-form input[name="picked"]').count(), 8);
  assert.ok(!(await page.locator('#case-form').innerText()).includes(T('learning.outcome.missed')));
  await look('learning-case');
  await pick(['SCH-06', 'VUL-05']);
  const feedback = page.locator('#feedback');
  assert.equal(await feedback.locator('[data-outcome="noticed"]').count(), 1);
  assert.equal(await feedback.locator('[data-outcome="missed"]').count(), 3);
  assert.equal(await feedback.locator('[data-feedback="VUL-05"]').getAttribute('data-outcome'), 'wrongly-picked');
  await feedback.locator('[data-feedback="VUL-05"]').getByText(/nooit als signaal|nooit een signaal/).first().waitFor();
  assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), 'feedback');
  await look('learning-case-feedback');

  // At 320 px: the case again, every sign and nothing else.
  await page.setViewportSize(PHONE);
  await page.reload();
  await page.locator('#case-form input[name="picked"]').first().waitFor();
  await assertReflow(page, 'learning-case');
  await pick(DAAN_SIGNS);
  await page.locator('#feedback').getByText(T('learning.case.complete')).waitFor();
  await phone('learning-case-feedback');
  await look('phone-learning-case-complete');
  await page.setViewportSize(DESKTOP);

  // Stopping and coming back: the path shows what was finished.
  await page.goto(`${server.url}/learning.html?path=mentor`);
  await page.locator('#path-items [data-item="case-daan"].app-step--done').waitFor();
  await page.locator('#path-items [data-item="reading-signs"].app-step--done').waitFor();
  await logout();
  assert.deepEqual(problems, []);
});

test('(b) the signal page explains each indicator where it is chosen', async () => {
  await login('mentor.a');
  const persons = await apiCall('GET', '/api/v1/persons');
  await page.goto(`${server.url}/signal.html?person=${persons.json.items[0].id}`);
  const item = page.locator('#signal-form [data-indicator="SCH-06"]');
  await page.locator('#signal-form details[data-category="school"] > summary').click();
  await item.locator('[data-explain="SCH-06"] button').click();
  await item.locator('[data-explain="SCH-06"]').getByText(T('learning.explain.street')).waitFor();
  // Opening an explanation does not pick the indicator.
  assert.equal(await item.locator('input[name="indicator"]').isChecked(), false);
  await look('signal-with-explanations');
  await page.setViewportSize(PHONE);
  await assertReflow(page, 'signal-with-explanations');
  await page.setViewportSize(DESKTOP);
  await logout();
  assert.deepEqual(problems, []);
});

test('(c) the care coordinator sees counts only, and records a resilience lesson', async () => {
  // The mentor finishes the rest of the mentor path.
  await login('mentor.a');
  for (const m of ['what-is-exploitation', 'at-school', 'online-recruitment', 'what-to-do']) {
    assert.equal((await apiCall('POST', `/api/v1/learning/modules/${m}/completion`, {})).status, 200);
  }
  for (const c of ['case-noor', 'case-yara']) {
    assert.equal((await apiCall('POST', `/api/v1/learning/cases/${c}/answers`, { picked: [] })).status, 201);
  }
  await logout();

  await login('zorg.a');
  await page.goto(`${server.url}/learning.html`);
  await page.getByRole('link', { name: T('learning.school.link') }).click();
  await page.waitForURL(/\?view=school$/);
  const counts = page.locator('#school-learning');
  await counts.locator('#school-paths [data-path="mentor"]').waitFor();
  assert.equal((await counts.locator('#school-paths [data-path="mentor"] td').last().innerText()).trim(), '1');
  await counts.locator('#school-missed [data-indicator="MON-01"]').waitFor();
  const text = await counts.innerText();
  assert.ok(!text.includes('mentor.a'), 'no names in the counts');
  await look('learning-school');

  const form = page.locator('#lesson-form');
  await form.getByRole('button', { name: T('learning.resilience.submit') }).click();
  await form.locator('.app-error-summary').waitFor();
  await form.getByLabel(T('learning.resilience.programme'), { exact: true }).selectOption('helder-op-school');
  await form.getByLabel(T('learning.resilience.yearGroup'), { exact: true }).selectOption('vo-2');
  await form.getByLabel(T('learning.resilience.classes'), { exact: true }).fill('3');
  await form.getByLabel(T('learning.resilience.lessons'), { exact: true }).fill('4');
  await form.getByRole('button', { name: T('learning.resilience.submit') }).click();
  await page.locator('#page-status').getByText(T('learning.resilience.saved')).waitFor();
  await page.locator('#lessons [data-lesson]').first().waitFor();
  assert.equal((await page.locator('#lesson-counts [data-programme="helder-op-school"] td').nth(3).innerText()).trim(), '4');
  await look('learning-school-lesson');
  await phone('learning-school');
  await page.setViewportSize(DESKTOP);
  await logout();
  assert.deepEqual(problems, []);
});

test('(d) a mentor requests the training film; the expert group accepts it', async () => {
  await login('mentor.a');
  await page.goto(`${server.url}/learning.html?path=mentor`);
  const offer = page.locator('#offers [data-offer="training-film"]');
  await offer.locator('summary').click();
  const form = offer.locator('form');
  await form.getByLabel(T('learning.request.purpose'), { exact: true }).fill('Teamvergadering in maart');
  await form.getByLabel(T('learning.request.contact'), { exact: true }).fill('mentor.a@school.example');
  await form.getByRole('button', { name: T('learning.request.submit') }).click();
  await page.locator('#page-status').getByText(T('learning.request.sent')).waitFor();
  await logout();

  await login('expert');
  const task = page.locator('#tasks li', { hasText: 'Nieuwe aanvraag bij de expertgroep' });
  await task.getByRole('link').first().click();
  await page.waitForURL(/\/learning\.html\?request=/);
  const card = page.locator('#requests [data-request]');
  await card.getByText('Teamvergadering in maart').waitFor();
  await look('learning-inbox');
  await card.getByLabel(T('learning.answerLabel')).fill('U krijgt een link per mail.');
  await card.getByRole('button', { name: T('learning.answer.accepted') }).click();
  await page.locator('#requests [data-request][data-status="accepted"]').waitFor();
  await logout();

  await login('mentor.a');
  await page.goto(`${server.url}/learning.html?view=requests`);
  const mine = page.locator('#requests [data-request][data-status="accepted"]');
  await mine.getByText('U krijgt een link per mail.').waitFor();
  await look('learning-my-requests');
  await phone('learning-my-requests');
  await page.setViewportSize(DESKTOP);
  await logout();
  assert.deepEqual(problems, []);
});

test('every page passes axe with no serious or critical violation', () => {
  assert.deepEqual(violations, []);
});

test('the server stops cleanly on SIGTERM', async () => {
  await browser.close();
  browser = null;
  const r = await server.finish(path.join(out, 'server-learning.log'));
  server = null;
  assert.deepEqual(r, { code: 0, signal: null });
});
