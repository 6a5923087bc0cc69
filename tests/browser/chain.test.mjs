// Browser tests of the chain, against a server of their own:
//   (a) a school's care coordinator refers a child to Veilig Thuis with a
//       restricted view (signals only, on the meldrecht); Veilig Thuis sees
//       it in its inbox with its clocks, sees exactly the signals and not
//       the name, and accepts; the school sees the status and the notice;
//   (b) the police screen an arrested youth with strong signs and hand the
//       screening to the OM; a Halt is refused before completion and, with
//       those signs, after it until the OM has decided; the police register
//       the report to CoMensha; the OM records the receipt and decides
//       dismissal on the non-punishment principle with its legal ground and
//       a financial investigation, the youth a possible victim; the police
//       see the decision;
//   (c) the school, which knows a child of the same name, sees nothing of
//       the screening or the decision;
//   (d) the care coordinator sees which programmes fit the child and why,
//       and enrols the child.
// Every page visited is screenshot (<out>/screenshots/) at desktop width,
// the new pages also at 360 px, and checked with axe-core; a CSP violation
// or an uncaught error fails the run.
//
//   node tests/browser/chain.test.mjs --binary build/signaal --web web --out build/browser/chain
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DESKTOP, PHONE, assertReflow, inspect, launch, watch } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { isoDay, login as signIn, logout as signOut, options, textOf, texts } from './lib/common.mjs';

const opts = options('build/browser/chain');
const out = opts.out;
const nl = texts(opts.web, 'nl');
const en = texts(opts.web, 'en');
// The first demo child of school A, with one signal (src/cli/demo.c).
const CHILD = 'Sam Proef (demo)';
const SCHOOL = 'Demo: Het Voorbeeld College';
const VEILIG_THUIS = 'Demo: Veilig Thuis Voorbeeldregio';
const POLICE = 'Demo: Politie Eenheid Voorbeeld';
const workdir = path.join(out, `work-${process.pid}`);

let server;
let browser;
let page;
let problems;
const violations = [];
const state = {};

const T = textOf(nl);
// The published rules after a screening: the names the pages show.
const prosecution = JSON.parse(fs.readFileSync(path.resolve(opts.web, '../data/prosecution.json'), 'utf8'));
const HALT = prosecution.diversions.find((d) => d.id === 'halt').nl;
const UNCONDITIONAL = 'dismissal-non-punishment-unconditional';
const UNCONDITIONAL_NL = prosecution.decisions.find((d) => d.id === UNCONDITIONAL).nl;


async function look(name) {
  violations.push(...await inspect(page, out, name));
}

// The same page at phone width: nothing wider than the screen.  Axe saw
// the page at desktop width already; here only the screenshot.
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

// The status of an API request made with the page's session.
async function apiStatus(url) {
  return page.evaluate(async (u) => (await fetch(u, { credentials: 'same-origin' })).status, url);
}

async function apiJson(url) {
  return page.evaluate(async (u) => (await fetch(u, { credentials: 'same-origin' })).json(), url);
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

test('(a) a school refers to Veilig Thuis with a restricted view; Veilig Thuis accepts', async () => {
  await login('zorg.a');
  await page.locator('#chain-links').getByRole('link', { name: T('start.toReferrals') }).waitFor();

  // From the child's chronology to the referral form.
  await page.locator('#persons li', { hasText: CHILD }).getByRole('link', { name: T('start.chronology') }).click();
  await page.waitForURL(/\/person\.html\?id=/);
  state.personId = new URL(page.url()).searchParams.get('id');
  state.person = await apiJson(`/api/v1/persons/${state.personId}`);
  await page.getByRole('link', { name: T('referral.referLink') }).click();
  await page.waitForURL(/\/refer\.html\?person=/);
  const form = page.locator('#refer-form');
  await form.locator('input[name="signalIds"]').first().waitFor({ state: 'attached' });

  // Nothing chosen: every required part is named.
  await form.getByRole('button', { name: T('refer.submit') }).click();
  await form.locator('.app-error-summary').waitFor();
  assert.equal(await form.getByLabel(T('refer.to'), { exact: true }).getAttribute('aria-invalid'), 'true');

  // Consent to youth care for a child of 12: the young person and a parent
  // (the published consent rules, with the law); to the municipality a
  // parent's consent, as the AVG has it.
  await form.getByLabel(T('refer.to'), { exact: true }).selectOption({ label: 'Demo: Jeugdzorg Voorbeeld' });
  await form.getByLabel(T('refer.basis.consent'), { exact: true }).check();
  const hint = form.locator('#required-party');
  await hint.getByText(T('refer.requiredParty.pupil-and-parent', { age: 12 })).waitFor();
  assert.match(await hint.innerText(), /7:450/);
  assert.ok(await form.getByLabel(T('referral.consentBy.pupil-and-parent'), { exact: true }).isChecked(), 'the party the rules need is preselected');
  await form.getByLabel(T('refer.to'), { exact: true }).selectOption({ label: 'Demo: Gemeente Voorbeeld' });
  await hint.getByText(T('refer.requiredParty.parent', { age: 12 })).waitFor();
  assert.ok(await form.getByLabel(T('referral.consentBy.parent'), { exact: true }).isChecked(), 'until the user chooses, the preselection follows the receiver');
  await form.getByLabel(T('referral.consentBy.pupil'), { exact: true }).check();
  await form.getByRole('button', { name: T('refer.submit') }).click();
  await form.locator('.app-error-summary').getByText(T('refer.requiredParty.parent', { age: 12 })).waitFor();

  // The meldrecht is for Veilig Thuis only; an override warns it is audited.
  await form.getByLabel(T('refer.to'), { exact: true }).selectOption({ label: 'Demo: Jeugdzorg Voorbeeld' });
  await form.getByLabel(T('referral.purpose.report'), { exact: true }).check();
  await form.getByLabel(T('refer.basis.override'), { exact: true }).check();
  await form.locator('[data-override-warning]').getByText(/auditlogboek/).waitFor();
  await form.getByLabel(T('refer.basis.meldrecht'), { exact: true }).check();
  assert.ok(await form.locator('[data-override-warning]').isHidden(), 'the override warning goes with the override');
  await form.getByLabel(T('refer.part.signals'), { exact: true }).check();
  await form.getByRole('button', { name: T('refer.submit') }).click();
  await form.locator('.app-error-summary').getByText(T('refer.meldrechtOnlyVt')).waitFor();

  // To Veilig Thuis: the signals only, and the form says so.
  await form.getByLabel(T('refer.to'), { exact: true }).selectOption({ label: VEILIG_THUIS });
  const summary = page.locator('#share-summary');
  await summary.locator('[data-sees="signals"]').waitFor();
  assert.equal(await summary.locator('[data-sees]').count(), 1);
  await summary.locator('[data-not-sees="identity"]').waitFor();
  await summary.getByText(T('refer.exactly')).waitFor();
  await form.getByLabel(T('refer.note')).fill('Zorgen over ophalen door onbekende oudere jongen; graag triage.');
  await look('refer-filled');
  await form.getByRole('button', { name: T('refer.submit') }).click();

  // The sender's view: sent, with the clocks Veilig Thuis is responsible for.
  await page.waitForURL(/\/referral\.html\?id=/);
  state.referralId = new URL(page.url()).searchParams.get('id');
  await page.getByRole('heading', { level: 1, name: T('referral.headingTo', { org: VEILIG_THUIS }) }).waitFor();
  await page.locator('#referral-summary [data-status="sent"]').waitFor();
  const triage = page.locator('#referral-clocks [data-clock="veilig-thuis-triage"]');
  await triage.waitFor();
  assert.match(await triage.innerText(), /Veilig Thuis Voorbeeldregio/);
  await page.locator('#referral-clocks [data-clock="referral-acknowledge"]').waitFor();
  assert.deepEqual(await page.locator('[data-share]').evaluateAll((n) => n.map((x) => x.dataset.share)), ['signals']);
  await page.getByRole('button', { name: T('referral.action.revoked') }).waitFor();
  await look('referral-sent');
  await logout();

  // Veilig Thuis: the notice and the clocks among the tasks.
  await login('veiligthuis');
  await page.locator('#tasks li[data-task="notification"]', { hasText: `Nieuwe verwijzing van ${SCHOOL}` }).waitFor();
  await page.locator('#tasks li[data-task="clock"]', { hasText: 'Triage door Veilig Thuis' }).waitFor();
  await look('start-veilig-thuis');

  // The inbox: received, status sent, with its running clocks.
  await page.getByRole('link', { name: T('common.nav.referrals'), exact: true }).click();
  await page.waitForURL(/\/referrals\.html$/);
  const card = page.locator(`#in-list [data-referral="${state.referralId}"]`);
  await card.waitFor();
  assert.equal(await card.getAttribute('data-status'), 'sent');
  await card.locator('[data-clock="veilig-thuis-triage"]').waitFor();
  assert.match(await card.innerText(), new RegExp(T('referral.identityNotShared')));
  await look('inbox-veilig-thuis');
  await phone('inbox', `#in-list [data-referral="${state.referralId}"]`);

  // Exactly the signals, not the name.
  await card.getByRole('link').click();
  await page.waitForURL(/\/referral\.html\?id=/);
  await page.locator('[data-part="signals"] [data-signal]').first().waitFor();
  assert.equal(await page.locator('[data-part]').count(), 1, 'only the signals are shown');
  assert.match(await page.locator('[data-part="signals"]').innerText(), /Synthetisch demo-voorbeeld/);
  assert.equal(await page.getByText(CHILD).count(), 0, 'the name is not shared');
  await page.locator('#referral-summary').getByText(T('referral.identityNotShared')).waitFor();
  assert.equal(await apiStatus(`/api/v1/persons/${state.personId}`), 404, 'Veilig Thuis cannot open the child');
  await look('referral-received');
  await phone('referral', '[data-part="signals"]');

  // Acknowledge, then accept.
  await page.getByRole('button', { name: T('referral.action.acknowledged') }).click();
  await page.locator('#referral-summary [data-status="acknowledged"]').waitFor();
  await page.locator('#page-status').getByText(T('referral.done.acknowledged')).waitFor();
  await page.getByRole('button', { name: T('referral.action.accepted') }).click();
  await page.locator('#referral-summary [data-status="accepted"]').waitFor();
  // Triage stops; the ten weeks of Veilig Thuis's investigation start.
  await page.locator('#referral-clocks [data-clock="veilig-thuis-investigation"][data-running="true"]').waitFor();
  const running = await page.locator('#referral-clocks [data-running="true"]').evaluateAll((n) => n.map((x) => x.dataset.clock));
  assert.deepEqual(running, ['veilig-thuis-investigation'], 'triage stopped, the investigation runs');
  await page.getByRole('button', { name: T('referral.action.completed') }).waitFor();
  await look('referral-accepted');
  await logout();

  // The school sees the change and the notice, and opening it reads it.
  await login('zorg.a');
  const notice = page.locator('#tasks li[data-task="notification"]', { hasText: `${VEILIG_THUIS} heeft uw verwijzing aanvaard` });
  await notice.waitFor();
  await notice.getByRole('link').click();
  await page.waitForURL(/\/referral\.html\?id=/);
  await page.locator('#referral-summary [data-status="accepted"]').waitFor();
  assert.ok(await page.locator('#actions-section').isHidden(), 'nothing left for the sender to do');
  await page.getByRole('link', { name: T('common.nav.start'), exact: true }).click();
  await page.locator('#tasks-summary span').waitFor();
  assert.equal(await page.locator('#tasks li', { hasText: 'heeft uw verwijzing aanvaard' }).count(), 0, 'the notice is read');
  await page.getByRole('link', { name: T('common.nav.referrals'), exact: true }).click();
  await page.locator(`#out-list [data-referral="${state.referralId}"][data-status="accepted"]`).waitFor();
  await look('inbox-coordinator');
  await logout();
  assert.deepEqual(problems, []);
});

test('(b) the police screen an arrested youth; the OM decides non-punishment; the police see it', async () => {
  assert.ok(state.person, 'scenario (a) found the child');
  await login('politie');
  await page.locator('#chain-links').getByRole('link', { name: T('start.newScreening') }).click();
  await page.waitForURL(/\/screening\.html$/);
  const form = page.locator('#screening-form');
  await form.locator('[data-question]').first().waitFor();
  await look('screening-new');
  await phone('screening-new', '#screening-form [data-question]');

  // The youth, registered by the police: the same name as the school's
  // pupil, but a record of the police's own.
  await form.getByLabel(T('screening.whoNew'), { exact: true }).check();
  await form.getByLabel(T('person.name'), { exact: true }).fill(CHILD);
  await form.getByLabel(T('person.birthDate'), { exact: true }).fill(state.person.birthDate);
  await form.getByLabel(T('person.gender'), { exact: true }).selectOption(state.person.gender);
  await form.getByLabel(T('person.municipality'), { exact: true }).fill(state.person.municipality);
  await form.getByLabel(T('screening.arrestedOn'), { exact: true }).fill(isoDay(0));
  await form.getByLabel(T('screening.offence'), { exact: true }).selectOption('drugs-courier');
  await form.getByLabel(T('screening.outsideRegion'), { exact: true }).check();
  const answer = async (question, value, note) => {
    const box = form.locator(`[data-question="${question}"]`);
    await box.getByLabel(T(`screening.answer.${value}`), { exact: true }).check();
    if (note) await box.locator('input[type="text"]').fill(note);
  };
  await answer('debt', 'yes', 'Zegt een schuld van 800 euro af te moeten werken.');
  await answer('threats', 'unknown');
  await answer('controlled', 'yes', 'Een ander heeft zijn telefoon.');
  for (const q of ['recruited', 'rewarded-in-kind', 'professional-offence', 'drugs-in-body', 'withdrawn-disclosure']) await answer(q, 'no');
  await form.getByLabel(T('screening.account')).fill('Ik moest het pakketje naar Utrecht brengen, anders zou mijn broertje iets overkomen.');
  await form.getByRole('button', { name: T('screening.createDraft') }).click();

  // The advice: strong signs, by rule R1, and that it is advice.
  await page.waitForURL(/\/screening\.html\?id=/);
  state.screeningId = new URL(page.url()).searchParams.get('id');
  const advice = page.locator('#complete [data-advice]');
  await advice.waitFor();
  assert.equal(await advice.getAttribute('data-advice'), 'strong');
  assert.match(await advice.innerText(), /R1/);
  await advice.getByText(/Dit is een advies aan u/).waitFor();
  await look('screening-draft');

  // A diversion is not offered before completion: the page says when it is.
  const diversion = page.locator('#diversion-form[data-diversion-state="after-completion"]');
  await diversion.getByText(T('screening.diversionState.after-completion')).waitFor();
  assert.equal(await diversion.getByLabel(HALT, { exact: true }).count(), 0, 'no diversion form in a draft');
  await look('screening-diversion-refused');

  // Confirm the signs with a reason and hand over to the OM.
  const complete = page.locator('#complete-form');
  assert.ok(await complete.getByLabel(T('screening.signs.strong'), { exact: true }).isChecked(), 'the advice is preselected');
  await complete.getByLabel(T('screening.confirmReason'), { exact: true }).fill('Schuld en controle over zijn telefoon; dreiging tegen het gezin.');
  await complete.getByLabel(T('screening.omOffice'), { exact: true }).selectOption({ label: 'Demo: OM Arrondissementsparket Voorbeeld' });
  await complete.getByRole('button', { name: T('screening.complete') }).click();
  await page.locator('#screening-summary [data-non-punishment]').waitFor();
  await page.locator('#screening-clocks [data-clock="om-informed"]').waitFor();
  await page.locator('#screening-clocks [data-clock="comensha-report"]').waitFor();
  assert.match(await page.locator('#screening-clocks [data-clock="om-informed"]').innerText(), /OM Arrondissementsparket/);
  // With strong signs the Halt still waits: for the OM's decision, not only
  // the completion; the completion form, its work done, is gone.
  const waiting = page.locator('#diversion-form[data-diversion-state="waits-for-om"]');
  await waiting.getByText(T('screening.diversionState.waits-for-om')).waitFor();
  assert.equal(await waiting.getByLabel(HALT, { exact: true }).count(), 0, 'no diversion form while it waits for the OM');
  assert.ok(await page.locator('#complete-form').isHidden(), 'no completion form after the hand-over');
  assert.equal((await apiJson(`/api/v1/screenings/${state.screeningId}`)).diversions.length, 0, 'no diversion was recorded');
  await look('screening-diversion-waits');
  // The report to CoMensha: a registration of what, when and by whom.
  const comensha = page.locator('#comensha-form');
  assert.ok(await comensha.getByLabel(prosecution.comensha.what[0].nl, { exact: true }).isChecked(), 'the first kind is preselected');
  await comensha.getByLabel(T('comensha.note')).fill('Telefonisch gemeld bij CoMensha.');
  await comensha.getByRole('button', { name: T('comensha.submit') }).click();
  const report = page.locator('#comensha [data-comensha-report]');
  await report.waitFor();
  assert.match(await report.innerText(), /Telefonisch gemeld/);
  await page.locator('#screening-clocks [data-clock="comensha-report"]').waitFor();
  await page.locator('#screening-decisions').getByText(T('screening.noDecision')).waitFor();
  await look('screening-completed');
  await logout();

  // The OM: the notice, the same-day clock, the list and the inbox.
  await login('officier');
  await page.locator('#tasks li[data-task="notification"]', { hasText: `Screening van een aangehouden minderjarige van ${POLICE}` }).waitFor();
  await page.locator('#tasks li[data-task="clock"]', { hasText: 'non-punishmentbeginsel' }).waitFor();
  await look('start-prosecutor');
  await page.getByRole('link', { name: T('common.nav.referrals'), exact: true }).click();
  await page.locator('#in-list [data-referral]', { hasText: POLICE }).waitFor();
  await page.getByRole('link', { name: T('common.nav.screenings'), exact: true }).click();
  const item = page.locator(`#screenings [data-screening="${state.screeningId}"]`);
  await item.waitFor();
  assert.match(await item.innerText(), new RegExp(CHILD.replace(/[()]/g, '\\$&')), 'the identity came with the hand-over');
  await look('screenings-prosecutor');
  await phone('screenings', `#screenings [data-screening="${state.screeningId}"]`);

  // The screening as handed over; the receipt; the decision.
  await item.getByRole('link').click();
  await page.waitForURL(/\/decision\.html\?screening=/);
  await page.locator('#decision-flag [data-non-punishment]').waitFor();
  await page.locator('#handed [data-question="debt"]').getByText('800 euro').waitFor();
  await page.locator('#handed [data-confirmed="strong"]').waitFor();
  await page.getByRole('button', { name: T('decision.receive') }).click();
  await page.locator('#receipt [data-received]').waitFor();
  const decide = page.locator('#decision-form');
  await decide.getByRole('button', { name: T('decision.submit') }).click();
  await decide.locator('.app-error-summary').waitFor();
  await decide.getByLabel(UNCONDITIONAL_NL, { exact: true }).check();
  assert.ok(await decide.getByLabel(T('decision.dueOn'), { exact: true }).isHidden(), 'no due date but for further investigation');
  // The legal ground comes from the decision's list; a single one is chosen, with its source shown.
  assert.equal(await decide.getByLabel(T('decision.ground'), { exact: true }).inputValue(), 'victim-trafficking-minor-culpability');
  await decide.locator('#ground-source').getByText(/273f Sr/).waitFor();
  await decide.getByLabel(T('decision.reasoning'), { exact: true }).fill('De verdachte is vermoedelijk slachtoffer van criminele uitbuiting (art. 273f Sr); sepot op grond van het non-punishmentbeginsel.');
  await decide.getByLabel(T('decision.financialLabel'), { exact: true }).check();
  // A dismissal on the non-punishment principle treats the youth as a possible victim.
  const victim = decide.getByLabel(T('decision.possibleVictim'), { exact: true });
  assert.ok(await victim.isChecked() && await victim.isDisabled(), 'a non-punishment dismissal marks a possible victim');
  await decide.getByLabel(T('decision.victimOf')).fill('Onbekende oudere man die zijn telefoon beheert');
  await look('decision-form');
  await decide.getByRole('button', { name: T('decision.submit') }).click();
  const decided = page.locator(`#decisions [data-decision="${UNCONDITIONAL}"]`);
  await decided.waitFor();
  await decided.getByText(T('decision.possibleVictimBadge'), { exact: true }).waitFor();
  await decided.getByText(T('decision.financialYes'), { exact: true }).waitFor();
  // The OM sees the police's report to CoMensha: none to add.
  await page.locator('#comensha [data-comensha-report]').waitFor();
  // The decision is final: no form to decide again, no receipt to record.
  await page.locator(`#decision-settled [data-settled="${UNCONDITIONAL}"]`).waitFor();
  assert.ok(await page.locator('#decision-form').isHidden(), 'no decision form after the final decision');
  assert.equal(await page.getByRole('button', { name: T('decision.receive') }).count(), 0, 'no receipt button');
  await look('decision-recorded');
  await phone('decision', '#decisions [data-decision]');
  await logout();

  // The police see the decision.
  await login('politie');
  const notice = page.locator('#tasks li[data-task="notification"]', { hasText: 'Beslissing van Demo: OM Arrondissementsparket Voorbeeld over een screening' });
  await notice.waitFor();
  await notice.getByRole('link').click();
  await page.waitForURL(/\/screening\.html\?id=/);
  const seen = page.locator(`#screening-decisions [data-decision="${UNCONDITIONAL}"]`);
  await seen.waitFor();
  assert.match(await seen.innerText(), /Onbekende oudere man/);
  // The OM dismissed the case on the non-punishment principle: no diversion applies.
  await page.locator('#diversion-form[data-diversion-state="settled-otherwise"]').getByText(T('screening.diversionState.settled-otherwise')).waitFor();
  state.decisionId = (await apiJson(`/api/v1/screenings/${state.screeningId}`)).decisions[0].id;
  await look('screening-decided');
  await phone('screening', '#screening-decisions [data-decision]');
  await page.getByRole('link', { name: T('common.nav.screenings'), exact: true }).click();
  await page.locator(`#screenings [data-screening="${state.screeningId}"][data-status="completed"]`).waitFor();
  await look('screenings-police');
  await logout();
  assert.deepEqual(problems, []);
});

test('(c) the school that knows the child sees nothing of the screening or the decision', async () => {
  assert.ok(state.decisionId, 'scenario (b) made the screening and the decision');
  await login('zorg.a');
  assert.equal(await page.getByRole('link', { name: T('common.nav.screenings'), exact: true }).count(), 0, 'no screenings in the menu');
  const screening = await apiStatus(`/api/v1/screenings/${state.screeningId}`);
  assert.ok([403, 404].includes(screening), `GET /screenings/{id} answers ${screening}`);
  const answer = await apiJson(`/api/v1/screenings/${state.screeningId}`);
  assert.equal(JSON.stringify(answer).includes('800 euro'), false);
  assert.ok([403, 404].includes(await apiStatus('/api/v1/screenings')), 'no list of screenings');
  // The police's record of a youth of the same name stays the police's.
  const persons = await apiJson('/api/v1/persons?limit=100');
  assert.deepEqual(persons.items.filter((p) => p.name === CHILD).map((p) => p.id), [state.personId]);
  const received = await apiJson('/api/v1/referrals?box=in');
  assert.equal(received.items.length, 0, 'nothing was referred to the school');
  // The decision's id, as the police know it, is no key for the school.
  const decision = await apiStatus(`/api/v1/prosecution-decisions/${state.decisionId}`);
  assert.ok([403, 404].includes(decision), `GET /prosecution-decisions/{id} answers ${decision}`);

  for (const [name, url] of [
    ['school-screening', `/screening.html?id=${state.screeningId}`],
    ['school-decision', `/decision.html?screening=${state.screeningId}`],
  ]) {
    await page.goto(server.url + url);
    // Pages of the police and the OM: the school is told it has no access.
    await page.getByRole('heading', { level: 1, name: T('problemPage.denied.heading') }).waitFor();
    // What is shown, not the page's own hidden help texts.
    assert.doesNotMatch(await page.locator('body').innerText(), /non-punishment|Drugs vervoeren|800 euro/, 'no trace of the screening');
    await look(name);
  }

  // The chronology of the school's pupil of the same name holds only the school's own.
  await page.goto(`${server.url}/person.html?id=${state.personId}`);
  await page.locator('#timeline li').first().waitFor();
  const types = await page.locator('#timeline [data-type]').evaluateAll((n) => n.map((x) => x.dataset.type));
  assert.ok(types.every((t) => !/screening|diversion|prosecution/.test(t)), `timeline types ${types}`);
  const text = await page.locator('#timeline').innerText();
  assert.equal(/Drugs vervoeren|non-punishment|OM Arrondissementsparket|800 euro/.test(text), false, 'nothing of the police or the OM');
  await look('school-chronology');
  await logout();
  assert.deepEqual(problems, []);
});

test('(d) the care coordinator sees which programmes fit and why, and enrols the child', async () => {
  await login('zorg.a');
  await page.goto(`${server.url}/person.html?id=${state.personId}`);
  await page.getByRole('link', { name: T('intervention.link') }).click();
  await page.waitForURL(/\/interventions\.html\?person=/);
  await page.locator('#programmes [data-programme]').first().waitFor();

  // The published catalogue holds the programmes of the letter to
  // parliament, no invented example.
  const ids = await page.locator('#programmes [data-programme]').evaluateAll((n) => n.map((x) => x.dataset.programme));
  assert.deepEqual([...ids].sort(), ['alleen-jij-bepaalt-wie-je-bent', 'alles-kidzzz', 'basta', 'gelijke-kansen-alliantie', 'pit']);

  // Matching a need: resilience.  The programme against recruitment fits
  // (the child is 12), with its reasons; where it is offered is the
  // municipality's choice, and its description could not be verified.
  const needs = page.locator('#needs-form');
  await needs.getByLabel('Weerbaarheid tegen ronselen', { exact: true }).check();
  await needs.getByRole('button', { name: T('intervention.match') }).click();
  const programme = page.locator('#programmes [data-programme="alleen-jij-bepaalt-wie-je-bent"]');
  await programme.locator('[data-criterion="need"][data-fits="true"]').waitFor();
  assert.equal(await programme.getAttribute('data-fits'), 'true');
  for (const criterion of ['age', 'region']) await programme.locator(`[data-criterion="${criterion}"][data-fits="true"]`).waitFor();
  assert.match(await programme.innerText(), /vraag de gemeente/);
  await programme.locator('[data-unverified]').getByText(T('intervention.unverified')).waitFor();
  await programme.getByText(T('intervention.howToReach')).waitFor();
  const other = page.locator('#programmes [data-programme="alles-kidzzz"]');
  assert.equal(await other.getAttribute('data-fits'), 'false');
  await other.locator('[data-criterion="need"][data-fits="false"]').waitFor();
  assert.equal(await other.locator('[data-unverified]').count(), 0, 'a verified description carries no warning');
  assert.equal(await page.locator('#programmes [data-programme]').first().getAttribute('data-programme'), 'alleen-jij-bepaalt-wie-je-bent', 'what fits comes first');
  await look('interventions-matched');

  // Enrol; record the start, a session attended, and the outcome.
  await programme.locator('summary').click();
  await programme.getByLabel(T('intervention.enrolReason')).fill('Past bij leeftijd en de vraag om weerbaarheid.');
  await programme.getByRole('button', { name: T('intervention.enrol') }).click();
  const enrolment = page.locator('#enrolments [data-enrolment][data-status="referred"]');
  await enrolment.waitFor();
  await enrolment.locator('summary', { hasText: T('intervention.startSummary') }).click();
  await enrolment.getByRole('button', { name: T('intervention.start') }).click();
  const enrolled = page.locator('#enrolments [data-enrolment][data-status="enrolled"]');
  await enrolled.waitFor();
  await enrolled.locator('summary', { hasText: T('intervention.milestoneSummary') }).click();
  await enrolled.getByLabel(T('intervention.milestoneNote')).fill('Eerste groepsbijeenkomst.');
  await enrolled.getByRole('button', { name: T('intervention.milestoneSubmit') }).click();
  await page.locator('#enrolments [data-milestone-kind="attended"]').waitFor();
  await look('interventions-enrolled');
  await phone('interventions', '#enrolments [data-milestone-kind="attended"]');

  // In English: the reasons come in the user's language.
  await page.getByRole('button', { name: nl['common.switchLanguage'] }).click();
  await page.getByRole('heading', { level: 1, name: en['intervention.headingOf'].replace('{name}', CHILD) }).waitFor();
  await page.locator('#programmes [data-programme="alleen-jij-bepaalt-wie-je-bent"]').getByText('Offered where the municipality chose it: ask the municipality.').waitFor();
  await look('interventions-english');
  await page.getByRole('button', { name: en['common.switchLanguage'] }).click();
  await page.getByRole('heading', { level: 1, name: T('intervention.headingOf', { name: CHILD }) }).waitFor();

  // The referral form and page at phone width.
  await page.goto(`${server.url}/refer.html?person=${state.personId}`);
  await page.locator('#refer-form input[name="shares"]').first().waitFor();
  await phone('refer', '#refer-form input[name="shares"]');
  await logout();
  assert.deepEqual(problems, []);
});

test('every page passes axe with no serious or critical violation', () => {
  assert.deepEqual(violations, []);
});

test('the server stops cleanly on SIGTERM', async () => {
  await browser.close();
  browser = null;
  const r = await server.finish(path.join(out, 'server-chain.log'));
  server = null;
  assert.deepEqual(r, { code: 0, signal: null });
});
