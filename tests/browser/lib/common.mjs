// What every browser test file shares: its command line, the interface
// texts, dates, and logging in and out through the pages.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
// Every demo account's password (src/cli/demo.c).
export const PASSWORD = 'signaal-demo-2026';

// --binary, --web and --out, with the build's defaults; out is absolute.
export function options(outDefault = 'build/browser') {
  const { values } = parseArgs({
    options: {
      binary: { type: 'string', default: path.join(repo, 'build/signaal') },
      web: { type: 'string', default: path.join(repo, 'web') },
      out: { type: 'string', default: path.join(repo, outDefault) },
    },
  });
  return { ...values, out: path.resolve(values.out) };
}

// The interface texts of one language (web/i18n/LANG.json).
export function texts(web, lang) {
  return JSON.parse(fs.readFileSync(path.join(web, `i18n/${lang}.json`), 'utf8'));
}

// A function giving the text of a key, with {name} filled in from args;
// a key that does not exist fails the test.  A text with plural forms
// ("key.one", "key.other") takes the form for the first number in args,
// as the pages do (web/js/i18n.js).
export function textOf(dict, lang = dict['common.switchLanguage'] === 'English' ? 'nl' : 'en') {
  return (key, args = {}) => {
    let k = key;
    if (!(key in dict) && `${key}.other` in dict) {
      const names = (dict[`${key}.other`].match(/\{(\w+)\}/g) || []).map((m) => m.slice(1, -1));
      const name = names.find((n) => typeof args[n] === 'number');
      const form = name === undefined ? 'other' : new Intl.PluralRules(lang).select(args[name]);
      k = `${key}.${form}` in dict ? `${key}.${form}` : `${key}.other`;
    }
    assert.ok(k in dict, `no text ${key}`);
    return dict[k].replace(/\{(\w+)\}/g, (m, n) => (n in args ? String(args[n]) : m));
  };
}

// The date in the Netherlands (where the server's "today" is, and the
// browser's time zone) offset days from today, as YYYY-MM-DD, whatever the
// time zone of the machine that runs the test.
export function isoDay(offset = 0) {
  const d = new Date(Date.now() + offset * 86400000);
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit',
  }).format(d);
}

// Logs user in by keyboard (Enter in the password field sends the form)
// and waits for the start page to show ready.  Cookies are cleared first:
// a scenario that failed half-way may have left a session behind.
export async function login(page, url, T, user, ready) {
  await page.context().clearCookies();
  await page.goto(`${url}/`);
  await page.waitForURL(/\/login\.html\?next=/);
  await page.getByLabel(T('login.login'), { exact: true }).fill(user);
  await page.getByLabel(T('login.password'), { exact: true }).fill(PASSWORD);
  await page.getByLabel(T('login.password'), { exact: true }).press('Enter');
  await page.waitForURL(`${url}/`);
  await page.locator(ready).first().waitFor();
}

// Logs out through the menu of the header (where the log-out button is).
export async function logout(page, T) {
  const button = page.getByRole('button', { name: T('common.logout'), exact: true });
  if (!await button.isVisible()) await page.locator('#menu-button').click();
  await button.click();
  await page.waitForURL(/\/login\.html$/);
}

// RFC 6238: the six-digit code of a base32 secret for a 30-second step.
export function totp(secret, step = Math.floor(Date.now() / 30000)) {
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

// A request to the API with the page's session (and its CSRF token for a
// change): {status, body}.
export async function apiCall(page, method, url, body) {
  return page.evaluate(async ({ m, u, b }) => {
    const headers = { Accept: 'application/json' };
    if (m !== 'GET') {
      const s = await (await fetch('/api/v1/session', { credentials: 'same-origin' })).json();
      headers['X-CSRF-Token'] = s.csrfToken;
      headers['Content-Type'] = 'application/json';
    }
    const r = await fetch(u, { method: m, headers, credentials: 'same-origin', body: b === undefined ? undefined : JSON.stringify(b) });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  }, { m: method, u: url, b: body });
}
