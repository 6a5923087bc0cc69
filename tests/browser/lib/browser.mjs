// Debian's chromium driven by playwright-core, with a fresh profile; each
// page visited is screenshot and checked with axe-core.
import AxeBuilder from '@axe-core/playwright';
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 360, height: 780 };

export async function launch() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'signaal-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.SIGNAAL_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    viewport: DESKTOP,
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
  });
  // Generous: on a loaded 2-core machine a first page can take seconds.
  context.setDefaultTimeout(30000);
  context.setDefaultNavigationTimeout(30000);
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

// Collects what the page reports: CSP violations and uncaught errors.
export function watch(page) {
  const problems = [];
  page.on('console', (msg) => {
    const text = msg.text();
    if (/Content Security Policy|Content-Security-Policy/i.test(text)) problems.push(`CSP: ${text}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  return problems;
}

// Screenshot and accessibility check of the page as it is now.  Returns
// the axe violations of impact serious or critical.  With {axe: false}
// only the screenshot (the same page at another width, say).
export async function inspect(page, out, name, { axe = true } = {}) {
  const dir = path.join(out, 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  inspect.count = (inspect.count || 0) + 1;
  const file = path.join(dir, `${String(inspect.count).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  if (!axe) return [];
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${name}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
}
