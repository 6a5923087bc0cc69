// Browser tests of the school path, against a server of their own:
//   (a) a mentor records a signal with one S indicator and sees the advice
//       to consult today, and why;
//   (b) the care coordinator opens a case, records consent, holds a
//       consultation with an action, walks the Meldcode to a report and
//       decides to report;
//   (c) a care coordinator of another school cannot open that child or case.
// Every page visited is screenshot (build/browser/screenshots/) and checked
// with axe-core; a CSP violation or an uncaught error fails the run.
//
//   node tests/browser/school.test.mjs --binary build/signaal --web web --out build/browser
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DESKTOP, PHONE, assertReflow, inspect, launch, watch } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import {
  isoDay, login as signIn, logout as signOut, options, PASSWORD, textOf, texts, totp,
} from './lib/common.mjs';

const opts = options('build/browser');
const out = opts.out;
const nl = texts(opts.web, 'nl');
const en = texts(opts.web, 'en');
const CHILD = 'Test Leerling (demo)';
// A work directory per run (database, key, server log), kept when a run fails.
const workdir = path.join(out, `work-${process.pid}`);

let server;
let browser;
let page;
let problems;
const violations = [];
const state = {};

const T = textOf(nl);


async function look(name) {
  violations.push(...await inspect(page, out, name));
}

async function login(user) {
  await signIn(page, server.url, T, user, '#persons li');
}

async function logout() {
  await signOut(page, T);
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

test('texts exist in Dutch and English alike', () => {
  assert.deepEqual(Object.keys(en).sort(), Object.keys(nl).sort());
  for (const [key, text] of Object.entries(nl)) {
    const want = (text.match(/\{\w+\}/g) || []).sort().join();
    const got = (en[key].match(/\{\w+\}/g) || []).sort().join();
    assert.equal(got, want, `placeholders of ${key}`);
  }
});

test('the afwegingskader of the page follows the Meldcode', async () => {
  const a = await import(pathToFileURL(path.resolve(opts.web, 'js/afweging.js')).href);
  const cases = [
    [['no'], a.CLOSE, 1],
    [['yes', 'yes'], a.REPORT_WEIGH, 2],
    [['yes', 'no', 'no'], a.REPORT, 3],
    [['yes', 'no', 'yes', 'no'], a.REPORT, 4],
    [['yes', 'no', 'yes', 'yes', 'no'], a.REPORT_AND_HELP, 5],
    [['yes', 'no', 'yes', 'yes', 'yes'], a.HELP, 5],
    [['yes', 'no', 'yes', 'yes', 'unknown'], a.HELP, 5],
  ];
  for (const [answers, decision, decisive] of cases) {
    const w = a.weigh(answers);
    assert.equal(w.decision, decision, answers.join());
    assert.equal(w.decisive, decisive, answers.join());
    assert.deepEqual(a.answersToSend([...answers, 'yes', 'yes']), [...answers, null, null, null, null, null].slice(0, 5));
  }
  assert.equal(a.weigh(['yes', 'no']).next, 3);
  assert.equal(a.weigh(['unknown']).decision, null, 'only question 5 may be not yet known');
  // Step 5's two decisions against the advice (src/domain/meldcode.c).
  assert.ok(a.justificationOk(true, false, a.REPORT, ''));
  assert.ok(!a.justificationOk(false, true, a.REPORT, 'too short'));
  assert.ok(a.justificationOk(false, true, a.REPORT, 'x'.repeat(a.JUSTIFICATION_MIN)));
  assert.ok(!a.justificationOk(true, true, a.REPORT, ''), 'help where none was advised deviates');
  assert.ok(a.justificationOk(true, true, a.REPORT_AND_HELP, ''));
  assert.ok(a.justificationOk(true, true, a.REPORT_WEIGH, ''), 'help is weighed with Veilig Thuis');
  assert.ok(a.needsVeiligThuis(true, a.REPORT_WEIGH));
  assert.ok(!a.needsVeiligThuis(false, a.REPORT_WEIGH));
  assert.ok(!a.needsVeiligThuis(true, a.REPORT));
  assert.equal(a.decisionOf(true, true), a.REPORT_AND_HELP);
  assert.deepEqual(a.pairOf(a.REPORT_WEIGH), { report: true, help: 'with-veilig-thuis' });
});

test('(a) a mentor records a signal with one S indicator and sees the advice and why', async () => {
  await page.goto(`${server.url}/`);
  await page.waitForURL(/\/login\.html\?next=/);
  await page.getByLabel(T('login.login'), { exact: true }).waitFor();
  await look('login');
  await login('mentor.a');
  await page.locator('#tasks-summary span').waitFor();
  await look('start-mentor');

  // By keyboard, the first stop is the skip link, and it leads to the content.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'utrecht-skip-link utrecht-skip-link--visible-on-focus');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');

  // The language switch translates in place and is remembered.
  await page.getByRole('button', { name: nl['common.switchLanguage'] }).click();
  await page.getByRole('heading', { level: 1, name: en['start.heading'] }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.reload();
  await page.getByRole('heading', { level: 1, name: en['start.heading'] }).waitFor();
  await page.locator('#persons li').first().waitFor();
  await look('start-mentor-english');
  await page.getByRole('button', { name: en['common.switchLanguage'] }).click();
  await page.getByRole('heading', { level: 1, name: T('start.heading') }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'nl');

  // Register a new child; a missing field is shown next to it.
  const form = page.locator('#person-form');
  await form.getByRole('button', { name: T('start.registerPerson') }).click();
  await form.locator('.utrecht-form-field-error-message').first().waitFor();
  assert.equal(await form.getByLabel(T('person.name'), { exact: true }).getAttribute('aria-invalid'), 'true');
  await form.getByLabel(T('person.name'), { exact: true }).fill(CHILD);
  await form.getByLabel(T('person.birthDate'), { exact: true }).fill('2012-05-01');
  await form.getByLabel(T('person.gender'), { exact: true }).selectOption('female');
  await form.getByLabel(T('person.municipality'), { exact: true }).fill('Utrecht');
  await form.getByRole('button', { name: T('start.registerPerson') }).click();
  await page.locator('#page-status').getByText(T('start.personRegistered', { name: CHILD })).waitFor();
  const card = page.locator('#persons li', { hasText: CHILD });
  state.personId = new URL(await card.getByRole('link', { name: CHILD }).getAttribute('href'), server.url).searchParams.get('id');

  // Record a signal: the observation and one S indicator, ticked by keyboard.
  await card.getByRole('link', { name: T('start.recordSignal') }).click();
  await page.waitForURL(/\/signal\.html\?person=/);
  await page.locator('input[name="indicator"]').first().waitFor({ state: 'attached' });
  await look('signal-empty');
  await page.getByLabel(T('signal.observation'), { exact: true }).fill('Na de les stapte de leerling achter op een scooter bij een onbekende oudere jongen. Zei tegen een klasgenoot dat hij "moet" rijden, anders krijgt hij een boete.');
  const coercion = page.locator('details[data-category="coercion"]');
  await coercion.locator('summary').click();
  const box = coercion.locator('input[value="COE-01"]');
  await box.focus();
  await page.keyboard.press('Space');
  assert.ok(await box.isChecked(), 'Space ticks the indicator');
  await page.locator('#ind-COE-01-kind').waitFor();
  assert.ok(await page.locator('#ind-COE-01-kind input[value="fact"]').isChecked(), 'a fact by default');
  await page.locator('#picked-count').getByText(T('signal.picked', { count: 1 })).waitFor();
  await look('signal-filled');
  await page.getByRole('button', { name: T('signal.submit') }).click();

  // The guidance: consult today, by rule G1, with COE-01 counted.
  await page.waitForURL(/\/assessment\.html\?signal=/);
  state.signalId = new URL(page.url()).searchParams.get('signal');
  const advice = page.locator('[data-advice]');
  await advice.waitFor();
  assert.equal(await advice.getAttribute('data-advice'), 'consult-today');
  assert.match(await advice.innerText(), /Overleg vandaag nog/);
  assert.equal(await page.locator('[data-rule]').getAttribute('data-rule'), 'G1');
  const counted = page.locator('[data-list="counted-heading"] [data-indicator="COE-01"]');
  await counted.waitFor();
  assert.match(await counted.innerText(), /S · sterk/);
  await page.getByText(/geen oordeel over het kind/).first().waitFor();
  await look('assessment');

  // The rules, readable, from the rule's link.
  await page.locator('[data-rule] a').click();
  await page.waitForURL(/\/rules\.html/);
  await page.locator('#rule-G1').waitFor();
  await look('rules');

  // The mentor's view of the chronology: the signal, no case form.
  await page.goto(`${server.url}/person.html?id=${state.personId}`);
  await page.locator('#timeline [data-type="signal"]').waitFor();
  assert.ok(await page.locator('#open-case-section').isHidden());
  await look('person-mentor');
  await logout();
  assert.deepEqual(problems, []);
});

test('(b) the care coordinator holds a consultation, walks the Meldcode and decides to report', async () => {
  assert.ok(state.personId, 'scenario (a) made the child');
  await login('zorg.a');
  await page.locator('#cases-section').waitFor();
  await look('start-coordinator');

  // From the chronology, open a case with the child's signal.
  await page.locator('#persons li', { hasText: CHILD }).getByRole('link', { name: T('start.chronology') }).click();
  await page.waitForURL(/\/person\.html\?id=/);
  const caseForm = page.locator('#case-form');
  await caseForm.waitFor();
  assert.ok(await caseForm.locator(`input[value="${state.signalId}"]`).isChecked());
  await look('person-coordinator');
  await caseForm.getByRole('button', { name: T('person.openCase') }).click();
  await page.waitForURL(/\/case\.html\?id=/);
  state.caseId = new URL(page.url()).searchParams.get('id');
  await page.locator('[data-anonymous]').waitFor();
  await page.getByRole('heading', { level: 1, name: T('case.headingAnonymous') }).waitFor();
  await look('case-opened');

  // Consent of a parent (the pupil is under 16).
  const consent = page.locator('#consent-form');
  assert.ok(await consent.getByLabel(T('consent.party.parent'), { exact: true }).isChecked(), 'the required party is preselected');
  await consent.getByLabel(T('consent.status.given'), { exact: true }).check();
  await consent.getByRole('button', { name: T('consent.submit') }).click();
  await page.getByRole('heading', { level: 1, name: T('case.headingOf', { name: CHILD }) }).waitFor();

  // Consent names the child at once: the case's parts are drawn again
  // without a reload, and the consent form folds away.
  await page.locator('#nav-consent', { hasText: T('consent.status.given') }).waitFor();
  assert.ok(await consent.isHidden(), 'the consent form folds away once recorded');

  // The parts of the case are reachable directly from its navigation.
  await page.locator('#case-nav').getByRole('link', { name: new RegExp(T('case.meldcode')) }).click();
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'meldcode-heading');

  // A "niet pluis" consultation with one action for the mentor; the
  // privacy officer is not offered as the owner of an action.
  await page.locator('#consult-new > summary').click();
  const consult = page.locator('#consult-form');
  await consult.getByLabel(T('consult.heldOn'), { exact: true }).fill(isoDay(-10));
  await consult.getByLabel(T('participant.mentor'), { exact: true }).check();
  await consult.getByLabel(T('consult.facts'), { exact: true }).fill('Mentor zag de leerling drie keer opgehaald worden door onbekenden op een scooter.');
  await consult.getByLabel(T('consult.lifeEvents')).fill('Verhuisd in de zomer.');
  await consult.getByLabel(T('consult.riskFactors')).fill('Weinig vrienden in de klas.');
  await consult.getByLabel(T('consult.protectiveFactors')).fill('Goede band met de mentor.');
  await consult.getByLabel(T('consult.unknowns')).fill('Wie de jongen op de scooter is.');
  await consult.getByLabel(T('consult.question'), { exact: true }).fill('Is de leerling onder druk gezet om klusjes te doen?');
  await consult.getByLabel(T('questionType.investigation'), { exact: true }).check();
  await consult.getByLabel(T('outcome.care-team'), { exact: true }).check();
  await consult.getByRole('button', { name: T('consult.addAction') }).click();
  const row = consult.locator('[data-action-row]').first();
  await row.getByLabel(T('consult.actionDescription'), { exact: true }).fill('Gesprek met ouders plannen');
  const owners = await row.getByLabel(T('consult.actionOwner'), { exact: true }).locator('option').allInnerTexts();
  assert.ok(owners.some((o) => o.startsWith('mentor.a')), `the mentor is offered: ${owners}`);
  assert.ok(!owners.some((o) => o.startsWith('privacy.a') || o.includes(T('role.privacy-officer'))), `no privacy officer: ${owners}`);
  await row.getByLabel(T('consult.actionOwner'), { exact: true }).selectOption({ label: `mentor.a (${T('role.mentor')})` });
  await row.getByLabel(T('consult.actionDue'), { exact: true }).fill(isoDay(7));
  await consult.getByRole('button', { name: T('consult.addAction') }).click();
  const late = consult.locator('[data-action-row]').nth(1);
  await late.getByLabel(T('consult.actionDescription'), { exact: true }).fill('Verslag van het overleg delen');
  await late.getByLabel(T('consult.actionOwner'), { exact: true }).selectOption({ label: `zorg.a (${T('role.care-coordinator')})` });
  await late.getByLabel(T('consult.actionDue'), { exact: true }).fill(isoDay(-3));
  await look('case-consultation-form');
  await consult.getByRole('button', { name: T('consult.submit') }).click();
  await page.locator('#consultations [data-consultation]').waitFor();
  const action = page.locator('#actions [data-action]', { hasText: 'Gesprek met ouders plannen' });
  await action.waitFor();
  assert.match(await action.innerText(), /mentor\.a/);

  // Meldcode steps 1 to 3; step 2 names the experts consulted.
  for (const [n, text] of [[1, 'Signalen als feiten op een rij gezet.'], [2, 'Overlegd met de aandachtsfunctionaris.'], [3, 'Gesprek met de leerling en de moeder gevoerd.']]) {
    const step = page.locator(`#meldcode-form[data-step="${n}"]`);
    if (n === 2) {
      await step.getByLabel(T('meldcode.expert.aandachtsfunctionaris'), { exact: true }).check();
      await step.getByLabel(T('meldcode.expert.veilig-thuis'), { exact: true }).check();
      await look('case-meldcode-step2');
    }
    await step.getByLabel(T(`meldcode.summaryLabel.${n}`), { exact: true }).fill(text);
    await step.getByRole('button', { name: T('meldcode.submitStep') }).click();
    await page.locator(`#meldcode-form[data-step="${n + 1}"]`).waitFor();
  }

  // Step 4: one question at a time until one decides.
  const weigh = page.locator('#meldcode-form[data-step="4"]');
  const q = (n) => weigh.locator(`[data-question="${n}"]`);
  assert.ok(await q(2).isHidden(), 'question 2 waits for question 1');
  await q(1).getByLabel(T('answer.yes'), { exact: true }).focus();
  await page.keyboard.press('Space');
  await q(2).waitFor();
  await q(2).getByLabel(T('answer.no'), { exact: true }).check();
  await q(3).waitFor();
  await q(3).getByLabel(T('answer.yes'), { exact: true }).check();
  await q(4).waitFor();
  await q(4).getByLabel(T('answer.no'), { exact: true }).check();
  await page.locator('#afweging-outcome[data-decision="report-to-veilig-thuis"]').waitFor();
  assert.ok(await q(5).isHidden(), 'question 5 is not asked once question 4 decided');
  await weigh.getByLabel(T('meldcode.summaryLabel.4'), { exact: true }).fill('Hulp wordt niet aanvaard: melden.');
  await look('case-meldcode-step4');
  await weigh.getByRole('button', { name: T('meldcode.submitStep') }).click();

  // Step 2's experts are shown with the step.
  assert.match(await page.locator('#meldcode [data-step="2"]').innerText(), new RegExp(T('meldcode.expert.veilig-thuis').replace(/[()]/g, '.')));

  // Step 5: two decisions.  The advice (report, no help of one's own) is
  // preselected; deciding otherwise needs a justification.
  const decide = page.locator('#meldcode-form[data-step="5"]');
  await decide.waitFor();
  const report = decide.locator('[data-field="report"]'), help = decide.locator('[data-field="help"]');
  assert.ok(await report.getByLabel(T('answer.yes'), { exact: true }).isChecked());
  assert.ok(await help.getByLabel(T('answer.no'), { exact: true }).isChecked());
  assert.ok(await decide.getByLabel(T('meldcode.justification'), { exact: true }).isHidden());
  assert.ok(await decide.locator('[data-field="withVeiligThuis"]').isHidden(), 'no acute unsafety: no weighing with Veilig Thuis');
  await help.getByLabel(T('answer.yes'), { exact: true }).check();
  await decide.getByLabel(T('meldcode.justification'), { exact: true }).fill('te kort');
  await decide.getByLabel(T('meldcode.summaryLabel.5'), { exact: true }).fill('Gemeld bij Veilig Thuis; de school biedt ook hulp.');
  await look('case-meldcode-step5');
  await decide.getByRole('button', { name: T('meldcode.submitDecision') }).click();
  await decide.getByText(T('meldcode.justificationTooShort', { min: 20 })).first().waitFor();
  await decide.getByLabel(T('meldcode.justification'), { exact: true }).fill('De leerling wil hulp van de school naast de melding.');
  await decide.getByRole('button', { name: T('meldcode.submitDecision') }).click();
  await page.locator('#case-summary [data-decision="report-and-help"]').waitFor();
  assert.match(await page.locator('#case-summary').innerText(), new RegExp(T('decision.report-and-help')));

  // The action is done.
  await action.getByRole('button', { name: T('case.markDone') }).click();
  await action.getByText(T('case.done'), { exact: true }).waitFor();
  await look('case-decided');

  // The start page lists the overdue action first, marked.
  await page.getByRole('link', { name: T('common.nav.start') }).click();
  const overdue = page.locator('#tasks li.app-card--overdue', { hasText: 'Verslag van het overleg delen' });
  await overdue.waitFor();
  await overdue.getByText(T('start.overdue'), { exact: true }).waitFor();
  await look('start-coordinator-overdue');

  // The chronology shows the decision.
  await page.goto(`${server.url}/person.html?id=${state.personId}`);
  await page.locator('#timeline [data-type="decision"]').waitFor();
  await look('person-chronology');

  // The same pages at phone width: nothing wider than the screen.
  await page.setViewportSize(PHONE);
  for (const [name, url, ready] of [
    ['phone-start', '/', '#persons li'],
    ['phone-signal', `/signal.html?person=${state.personId}`, 'details[data-category]'],
    ['phone-assessment', `/assessment.html?signal=${state.signalId}`, '[data-advice]'],
    ['phone-person', `/person.html?id=${state.personId}`, '#timeline li'],
    ['phone-case', `/case.html?id=${state.caseId}`, '#case-summary [data-decision]'],
  ]) {
    await page.goto(server.url + url);
    await page.locator(ready).first().waitFor();
    await assertReflow(page, name);
    await look(name);
  }
  await page.setViewportSize(DESKTOP);
  await logout();
  assert.deepEqual(problems, []);
});

test('(c) a care coordinator of another school cannot open the child or the case', async () => {
  assert.ok(state.caseId, 'scenario (b) opened the case');
  await login('zorg.b');
  for (const [name, url, api] of [
    ['other-school-person', `/person.html?id=${state.personId}`, `/api/v1/persons/${state.personId}`],
    ['other-school-case', `/case.html?id=${state.caseId}`, `/api/v1/cases/${state.caseId}`],
  ]) {
    const answer = page.waitForResponse((r) => new URL(r.url()).pathname === api);
    await page.goto(server.url + url);
    assert.equal((await answer).status(), 404, `${api} answers 404`);
    // The not-found page in the app's layout, with a way back.
    await page.getByRole('heading', { level: 1, name: T('problemPage.notFound.heading') }).waitFor();
    await page.getByRole('link', { name: T('problemPage.start') }).waitFor();
    assert.equal(await page.getByText(CHILD).count(), 0, 'no trace of the child');
    await look(name);
  }
  await logout();
  assert.deepEqual(problems, []);
});

test('an administrator enrols an authenticator app, then logs in with a code', async () => {
  await page.goto(`${server.url}/`);
  await page.waitForURL(/\/login\.html\?next=/);
  await page.getByLabel(T('login.login'), { exact: true }).fill('beheer');
  await page.getByLabel(T('login.password'), { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: T('login.submit') }).click();
  await page.getByRole('heading', { name: T('login.enrolHeading') }).waitFor();
  const qr = await page.locator('#enrol-qr').getAttribute('src');
  assert.match(qr, /^data:image\/svg\+xml;base64,/);
  const secret = (await page.locator('#enrol-secret').innerText()).replace(/\s/g, '');
  await look('login-enrol');
  const step = Math.floor(Date.now() / 30000);
  const enrol = page.locator('#enrol-form');
  await enrol.getByLabel(T('login.firstCode'), { exact: true }).fill(totp(secret, step));
  await enrol.getByRole('button', { name: T('login.confirm') }).click();
  await page.waitForURL(`${server.url}/`);
  await page.getByRole('heading', { level: 1, name: T('start.heading') }).waitFor();
  await page.locator('#tasks-summary span').waitFor();
  assert.ok(await page.locator('#persons-section').isHidden(), 'an administrator sees no children');
  await look('start-administrator');
  await logout();

  // The next log-in asks for the code (a later step: a code is used once).
  await page.getByLabel(T('login.login'), { exact: true }).fill('beheer');
  await page.getByLabel(T('login.password'), { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: T('login.submit') }).click();
  const otp = page.locator('#otp-form');
  await page.getByRole('heading', { name: T('login.otpHeading') }).waitFor();
  await look('login-otp');
  await otp.getByLabel(T('login.code'), { exact: true }).fill(totp(secret, step + 1));
  await otp.getByRole('button', { name: T('login.submitCode') }).click();
  await page.waitForURL(`${server.url}/`);
  await page.getByRole('heading', { level: 1, name: T('start.heading') }).waitFor();
  await logout();
  assert.deepEqual(problems, []);
});

test('a log-in never sends the user on to another site', async () => {
  // Each of these is a way out of the site after log-in; safeNext keeps
  // every one of them at home, and a same-site path is kept as it is.
  await page.goto(`${server.url}/login.html`);
  const verdicts = await page.evaluate(async (tries) => {
    const { safeNext } = await import('/js/page.js');
    return tries.map((t) => safeNext(t));
  }, ['/\t/evil.example/', '//evil.example/', '/\\evil.example', '/\n/evil.example',
    'https://evil.example/', 'javascript:alert(1)', '/%09/evil.example', '/case.html?id=1#x']);
  assert.deepEqual(verdicts, ['/', '/', '/', '/', '/', '/', '/%09/evil.example', '/case.html?id=1#x']);
  // And the real flow: the tab-smuggled address lands on the start page.
  await page.context().clearCookies();
  await page.goto(`${server.url}/login.html?next=%2F%09%2Fevil.example%2F`);
  await page.getByLabel(T('login.login'), { exact: true }).fill('mentor.a');
  await page.getByLabel(T('login.password'), { exact: true }).fill(PASSWORD);
  await page.getByLabel(T('login.password'), { exact: true }).press('Enter');
  await page.waitForURL(`${server.url}/`);
  assert.equal(new URL(page.url()).origin, server.url);
  await logout();
});

test('every page passes axe with no serious or critical violation', () => {
  assert.deepEqual(violations, []);
});

test('the server stops cleanly on SIGTERM', async () => {
  await browser.close();
  browser = null;
  const r = await server.finish(path.join(out, 'server-school.log'));
  server = null;
  assert.deepEqual(r, { code: 0, signal: null });
});
