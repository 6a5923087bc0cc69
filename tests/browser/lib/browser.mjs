// Debian's chromium driven by playwright-core, with a fresh profile; each
// page visited is screenshot and checked with axe-core, and fails when it
// shows text of the other language, raw JSON or a horizontal scrollbar.
import AxeBuilder from '@axe-core/playwright';
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import { assertLanguage, assertNoRawJson, assertNoSidewaysScroll } from './language.mjs';
import os from 'node:os';
import path from 'node:path';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const DESKTOP = { width: 1280, height: 900 };
// WCAG 1.4.10 (Reflow): content fits 320 CSS pixels without scrolling sideways.
export const PHONE = { width: 320, height: 720 };

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
// only the screenshot (the same page at another width, say).  Either way
// it throws when the page shows text of the other language than its own,
// raw JSON of the API, or scrolls sideways.
export async function inspect(page, out, name, { axe = true } = {}) {
  const dir = path.join(out, 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  inspect.count = (inspect.count || 0) + 1;
  const file = path.join(dir, `${String(inspect.count).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await assertNoRawJson(page, name);
  await assertLanguage(page, name);
  await assertNoSidewaysScroll(page, name);
  if (!axe) return [];
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${name}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
}

// WCAG 1.4.12 (Text spacing): the reader may widen letters, words and lines.
// Wider than any ordinary font, so a page that fits with it fits with any.
const WIDE_TEXT = `* { letter-spacing: 0.12em !important; word-spacing: 0.16em !important;
  line-height: 1.5 !important; }`;

// Asserts that the page, at the viewport's width as it is now, scrolls no
// wider than the screen: with the installed fonts, and again with the text
// spacing of WCAG 1.4.12.  A failure names the elements that stick out.
export async function assertReflow(page, name) {
  const measure = () => page.evaluate(() => {
    const limit = document.documentElement.clientWidth;
    const wide = [];
    if (document.documentElement.scrollWidth > limit) {
      for (const node of document.querySelectorAll('body *')) {
        const r = node.getBoundingClientRect();
        if (r.width > 0 && r.right > limit + 0.5) {
          const id = node.id ? `#${node.id}` : '';
          const cls = node.classList.length ? `.${[...node.classList].join('.')}` : '';
          wide.push(`${node.tagName.toLowerCase()}${id}${cls} "${(node.textContent || '').trim().slice(0, 40)}" to ${Math.round(r.right)}px`);
        }
      }
    }
    return { width: document.documentElement.scrollWidth, limit, wide: wide.slice(-6) };
  });
  const plain = await measure();
  if (plain.width > plain.limit) {
    throw new Error(`${name} is ${plain.width}px wide at ${plain.limit}px: ${plain.wide.join('; ')}`);
  }
  // A constructed style sheet: the pages' CSP refuses inline <style>.
  const toggle = (css) => page.evaluate((text) => {
    if (text) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(text);
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    } else {
      document.adoptedStyleSheets = document.adoptedStyleSheets.slice(0, -1);
    }
  }, css);
  await toggle(WIDE_TEXT);
  const spaced = await measure();
  await toggle(null);
  if (spaced.width > spaced.limit) {
    throw new Error(`${name} is ${spaced.width}px wide at ${spaced.limit}px with wide text spacing: ${spaced.wide.join('; ')}`);
  }
}
