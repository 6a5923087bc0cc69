// Browser tests of the reference index (web/concerns.html), against a server
// of their own with the demo data:
//   (a) a school's care coordinator registers a youth and sees no match yet;
//   (b) youth care registers the same youth: both see the match, with the
//       other's login, organisation and contact and nothing else;
//   (c) a registration with the day and month of birth swapped is a
//       candidate that awaits confirmation and shows nobody;
//   (d) the school records the lead and shows the letter.
// Every page visited is screenshot (build/browser/screenshots/) and checked
// with axe-core; a CSP violation or an uncaught error fails the run.
//
//   node tests/browser/concerns.test.mjs --binary build/signaal --web web --out build/browser
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { PHONE, DESKTOP, assertReflow, inspect, launch, watch } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { login as signIn, logout as signOut, options, repo, textOf, texts } from './lib/common.mjs';

const opts = options('build/browser');
const out = opts.out;
const nl = texts(opts.web, 'nl');
const rules = JSON.parse(fs.readFileSync(path.join(repo, 'data/concern-grounds.json'), 'utf8'));
const groundNl = (code) => rules.grounds.find((g) => g.code === code).nl;
const workdir = path.join(out, `work-concerns-${process.pid}`);

let server;
let browser;
let page;
let problems;
const violations = [];

const T = textOf(nl);

async function look(name) {
  violations.push(...await inspect(page, out, name));
}

async function login(user) {
  await signIn(page, server.url, T, user, '#tasks-summary span');
}

async function logout() {
  await signOut(page, T);
}

async function openIndex() {
  await page.getByRole('link', { name: T('concerns.startLink') }).click();
  await page.waitForURL(/\/concerns\.html$/);
  await page.locator('#concern-form button[type="submit"]').waitFor();
}

// Fills and sends the registration form; resolves once it is announced.
async function register({ ground, given, surname, born, sex, bsn, postcode, number, contact, parent }) {
  const form = page.locator('#concern-form');
  // The youth's fields come first; the parents' have the same labels.
  await form.getByLabel(T('concerns.ground'), { exact: true }).selectOption({ label: groundNl(ground) });
  await form.getByLabel(T('concerns.givenNames'), { exact: true }).first().fill(given);
  await form.getByLabel(T('concerns.surname'), { exact: true }).first().fill(surname);
  await form.getByLabel(T('concerns.birthDate'), { exact: true }).first().fill(born);
  await form.getByLabel(T('concerns.sex'), { exact: true }).selectOption(sex);
  if (bsn) await form.getByLabel(T('concerns.bsn')).first().fill(bsn);
  if (parent) {
    await form.getByText(T('concerns.parents')).click();
    const first = form.locator('#parents fieldset').first();
    await first.getByLabel(T('concerns.givenNames')).fill(parent.given);
    await first.getByLabel(T('concerns.surname')).fill(parent.surname);
    await first.getByLabel(T('concerns.birthDate')).fill(parent.born);
  }
  if (postcode) {
    await form.getByLabel(T('concerns.postcode')).fill(postcode);
    await form.getByLabel(T('concerns.houseNumber')).fill(String(number));
  }
  await form.getByLabel(T('concerns.contact'), { exact: true }).fill(contact);
  await form.getByRole('button', { name: T('concerns.submit') }).click();
  // "Registered <name>, ..." whether or not there were matches.
  const prefix = nl['concerns.registered'].split('{name}')[0];
  await page.locator('#page-status').getByText(`${prefix}${given} ${surname}`).waitFor();
}

before(async () => {
  server = await startServer({ binary: path.resolve(opts.binary), web: path.resolve(opts.web), workdir });
  browser = await launch();
  page = browser.context.pages()[0] || await browser.context.newPage();
  problems = watch(page);
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

test('(a) the school registers a youth and sees no match yet', async () => {
  await login('zorg.a');
  await openIndex();
  await look('concerns-empty');
  // A missing field is shown next to it; without a BSN the address is asked for.
  const form = page.locator('#concern-form');
  await form.getByRole('button', { name: T('concerns.submit') }).click();
  await form.locator('.utrecht-form-field-error-message').first().waitFor();
  await form.getByText(T('concerns.addressRequired')).first().waitFor();
  await look('concerns-form-errors');
  await register({
    ground: 'school', given: 'Daan', surname: 'van der Proef', born: '2011-04-02', sex: 'male',
    bsn: '999990019', contact: 'Zorgcoördinator, 030-111 22 33',
  });
  const mine = page.locator('#concerns [data-concern]', { hasText: 'Daan van der Proef' });
  await mine.waitFor();
  assert.equal(await mine.getAttribute('data-status'), 'active');
  await page.locator('#matches').getByText(T('concerns.noMatches')).waitFor();
  await look('concerns-registered');
  await logout();
  assert.deepEqual(problems, []);
});

test('(b) youth care registers the same youth: both see the other\'s contact and nothing else', async () => {
  await login('jeugdzorg');
  await openIndex();
  await register({
    ground: 'criminal-activities', given: 'Daan', surname: 'Proef, van der', born: '2011-04-02', sex: 'male',
    bsn: '999990019', contact: 'team-oost@jeugdzorg.example',
  });
  const match = page.locator('#matches [data-match]');
  await match.waitFor();
  assert.equal(await match.getAttribute('data-kind'), 'identity');
  const text = await match.innerText();
  assert.match(text, /zorg\.a/);
  assert.match(text, /Demo: Het Voorbeeld College/);
  assert.match(text, /030-111 22 33/);
  assert.ok(!text.includes(groundNl('school')), 'not the other side\'s ground');
  assert.ok(!text.includes('van der Proef'), 'not the other side\'s spelling');
  assert.equal(await match.locator('dl > div').count(), 3, 'professional, organisation, contact: nothing else');
  await look('concerns-match-youth-care');

  // A second youth, without a BSN: by name, date of birth and address.
  await register({
    ground: 'neglect', given: 'Mila', surname: 'Voorbeeld', born: '2012-03-05', sex: 'female',
    postcode: '3511 AB', number: 7, contact: 'team-oost@jeugdzorg.example',
  });
  await page.locator('#concerns [data-concern]', { hasText: 'Mila Voorbeeld' }).waitFor();
  await logout();

  await login('zorg.a');
  await openIndex();
  const theirs = page.locator('#matches [data-match]');
  await theirs.waitFor();
  const seen = await theirs.innerText();
  assert.match(seen, /jeugdzorg/);
  assert.match(seen, /Demo: Jeugdzorg Voorbeeld/);
  assert.match(seen, /team-oost@jeugdzorg\.example/);
  assert.ok(!seen.includes(groundNl('criminal-activities')));
  await look('concerns-match-school');
  await logout();
  assert.deepEqual(problems, []);
});

test('(c) the day and month swapped: a candidate that awaits confirmation and shows nobody', async () => {
  await login('politie');
  await openIndex();
  await register({
    ground: 'criminal-activities', given: 'Mila', surname: 'Voorbeeld', born: '2012-05-03', sex: 'female',
    postcode: '3600 ZZ', number: 1, contact: 'wijkagent 0900-8844',
  });
  const candidate = page.locator('#matches [data-match][data-kind="candidate"]');
  await candidate.waitFor();
  assert.equal(await candidate.getAttribute('data-status'), 'awaiting-confirmation');
  const text = await candidate.innerText();
  assert.match(text, new RegExp(T('matches.reason.birth-date-transposed')));
  assert.ok(!/jeugdzorg/i.test(text), 'the other side stays hidden');
  assert.equal(await candidate.locator('dl').count(), 0);
  await look('concerns-candidate');
  await candidate.getByRole('button', { name: T('matches.confirm') }).click();
  await candidate.getByText(T('matches.confirmedByMe')).waitFor();
  assert.ok(!/jeugdzorg/i.test(await candidate.innerText()), 'still hidden until both confirm');
  await look('concerns-candidate-confirmed-once');
  await logout();
  assert.deepEqual(problems, []);
});

test('(d) the school records the lead and shows the letter', async () => {
  await login('zorg.a');
  await openIndex();
  const match = page.locator('#matches [data-match][data-kind="identity"]');
  await match.waitFor();
  await match.getByRole('button', { name: T('matches.leadMine') }).click();
  await page.locator('#page-status').getByText(T('matches.updated')).waitFor();
  await page.locator('#matches [data-match][data-status="lead-agreed"]').getByText(T('matches.lead.mine')).waitFor();
  const mine = page.locator('#concerns [data-concern]', { hasText: 'Daan van der Proef' });
  await mine.getByRole('button', { name: T('concerns.letterParents') }).click();
  const letter = page.locator('#letter');
  await letter.getByText('Melding in de verwijsindex', { exact: true }).waitFor();
  const body = await letter.innerText();
  assert.match(body, /Demo: Het Voorbeeld College/);
  assert.match(body, /Algemene verordening gegevensbescherming/);
  assert.ok(!body.includes('999990019'), 'no BSN in the letter');
  await look('concerns-letter');

  // The page fits a phone.
  await page.setViewportSize(PHONE);
  await page.reload();
  await page.locator('#matches [data-match]').first().waitFor();
  await assertReflow(page, 'concerns.html');
  await look('phone-concerns');
  await page.setViewportSize(DESKTOP);
  await logout();
  assert.deepEqual(problems, []);
});

test('(e) two youths with the same parent: a family match, and a parent begun must be finished', async () => {
  await login('zorg.a');
  await openIndex();
  // Half a parent is refused next to the field, before anything is sent.
  const form = page.locator('#concern-form');
  await form.getByText(T('concerns.parents')).click();
  await form.locator('#parents fieldset').first().getByLabel(T('concerns.givenNames')).fill('Sanne');
  await form.getByRole('button', { name: T('concerns.submit') }).click();
  await form.locator('[data-field="parents[0].surname"] .utrecht-form-field-error-message').waitFor();
  await look('concerns-parent-incomplete');
  await page.reload();
  await register({
    ground: 'school', given: 'Noor', surname: 'Gezin', born: '2010-09-09', sex: 'female',
    postcode: '3512 CD', number: 3, contact: 'Zorgcoördinator, 030-111 22 33',
    parent: { given: 'Sanne', surname: 'Gezin', born: '1980-01-01' },
  });
  await logout();

  await login('jeugdzorg');
  await openIndex();
  await register({
    ground: 'neglect', given: 'Sem', surname: 'Gezin', born: '2013-02-02', sex: 'male',
    postcode: '3600 AA', number: 9, contact: 'team-oost@jeugdzorg.example',
    parent: { given: 'Sanne', surname: 'Gezin', born: '1980-01-01' },
  });
  const family = page.locator('#matches [data-match][data-kind="family"]');
  await family.waitFor();
  const text = await family.innerText();
  assert.match(text, /Demo: Het Voorbeeld College/);
  assert.ok(!text.includes('Noor'), 'not the other youth');
  assert.ok(!text.includes(groundNl('school')), 'not the other side\'s ground');
  await look('concerns-family-match');
  await logout();
  assert.deepEqual(problems, []);
});

test('a role outside the index is told so', async () => {
  await login('mentor.a');
  await openIndexAnyway();
  await look('concerns-mentor');
  await logout();
  assert.deepEqual(problems, []);
});

// A role outside the index has no link to it; going there anyway, the
// page says why there is nothing to do.
async function openIndexAnyway() {
  assert.equal(await page.getByRole('link', { name: T('concerns.startLink') }).count(), 0, 'no link to the index');
  await page.goto(`${server.url}/concerns.html`);
  await page.getByText(T('concerns.notParticipating')).waitFor();
}

test('every page passes axe with no serious or critical violation', () => {
  assert.deepEqual(violations, []);
});

test('the server stops cleanly on SIGTERM', async () => {
  await browser.close();
  browser = null;
  const r = await server.finish(path.join(out, 'server-concerns.log'));
  server = null;
  assert.deepEqual(r, { code: 0, signal: null });
});
