// What a reader must never see: a text in the other language than the
// page's, and a bare answer of the API.  The phrases of each language come
// from where signaal keeps its texts: the server's table of problem texts
// (src/http/messages*.c, the English of every refusal and its Dutch), the
// interface texts (web/i18n/*.json) and the texts of the published rules
// and catalogues (data/), each in Dutch and English.  A phrase counts when
// it is long enough to be a phrase, and is not also a text of the other
// language (a name, a code, "Meldcode").
import fs from 'node:fs';
import path from 'node:path';
import { repo } from './common.mjs';

const MIN_PHRASE = 14;

// The C string literals of the table, joined where clang-format split them.
function cStrings(text) {
  return [...text.matchAll(/"((?:[^"\\\n]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1].replace(/\\'/g, "'")}"`));
}

// [{en, nl}] of the server's message table.
export function messageTable(root = repo) {
  const pairs = [];
  for (const file of ['src/http/messages.c', 'src/http/messages_ops.c', 'src/http/messages_rules.c']) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    // Each entry is {"en" "…", "nl" "…"}: literals, a comma, literals.
    for (const m of text.matchAll(/\{((?:\s*"(?:[^"\\\n]|\\.)*")+)\s*,((?:\s*"(?:[^"\\\n]|\\.)*")+)\s*\}/g)) {
      pairs.push({ en: cStrings(m[1]).join(''), nl: cStrings(m[2]).join('') });
    }
  }
  return pairs;
}

const PLACEHOLDER = /%\d?\$?s|\{\w+\}/;

// How to find a text on a page: as it is, or, with placeholders (%s,
// %1$s, {name}), as a pattern in which each stands for a short value.
// Texts with too little of their own to be a phrase are left out.
function matchers(text) {
  const parts = text.split(PLACEHOLDER).map((c) => c.trim());
  const own = parts.join('').length;
  if (own < MIN_PHRASE) return [];
  if (parts.length === 1) return [{ text: parts[0], label: parts[0] }];
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(text.split(PLACEHOLDER).map(escape).join('.{1,80}?'));
  return [{ re, label: text }];
}

function found(m, haystack) {
  return m.text ? haystack.includes(m.text) : m.re.test(haystack);
}

function dataTexts(root) {
  const out = { nl: [], en: [] };
  const walk = (v) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      if (typeof v.nl === 'string' && typeof v.en === 'string' && v.nl !== v.en) {
        out.nl.push(v.nl);
        out.en.push(v.en);
      } else if (Array.isArray(v.nl) && Array.isArray(v.en)) {
        out.nl.push(...v.nl.filter((x) => typeof x === 'string'));
        out.en.push(...v.en.filter((x) => typeof x === 'string'));
      }
      Object.values(v).forEach(walk);
    }
  };
  const dir = path.join(root, 'data');
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    walk(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
  }
  const tsv = fs.readFileSync(path.join(dir, 'indicators.tsv'), 'utf8').trim().split('\n');
  const head = tsv[0].split('\t');
  for (const line of tsv.slice(1)) {
    const cols = line.split('\t');
    out.nl.push(cols[head.indexOf('indicator_nl')]);
    out.en.push(cols[head.indexOf('indicator_en')]);
  }
  return out;
}

// The names of the demo's organisations (src/cli/demo.c): a name is the
// same in either language, so it is taken out of a page's text before the
// phrases are looked for ("Demo: Landelijk beheer signaal" on an English
// page is a name, not an untranslated text).
let names = null;
export function organisationNames(root = repo) {
  if (names) return names;
  const text = fs.readFileSync(path.join(root, 'src/cli/demo.c'), 'utf8');
  const table = text.slice(text.indexOf('demo_orgs[]'), text.indexOf('demo_users[]'));
  names = [...table.matchAll(/\{"((?:[^"\\\n]|\\.)*)",\s*"[a-z-]+"[^}]*\}/g)].map((m) => m[1])
    .sort((x, y) => y.length - x.length);
  return names;
}

let cache = null;

// {nl: [...], en: [...]}: the phrases only that language has, as
// matchers ({text} or {re}, with the text as label).
export function phrases(web = path.join(repo, 'web'), root = repo) {
  if (cache) return cache;
  const nl = JSON.parse(fs.readFileSync(path.join(web, 'i18n/nl.json'), 'utf8'));
  const en = JSON.parse(fs.readFileSync(path.join(web, 'i18n/en.json'), 'utf8'));
  const texts = { nl: [], en: [] };
  for (const key of Object.keys(nl)) {
    if (nl[key] === en[key]) continue;
    texts.nl.push(nl[key]);
    texts.en.push(en[key]);
  }
  for (const { en: e, nl: n } of messageTable(root)) {
    if (e === n) continue;
    texts.en.push(e);
    texts.nl.push(n);
  }
  const data = dataTexts(root);
  texts.nl.push(...data.nl);
  texts.en.push(...data.en);
  const all = { nl: texts.nl.join('\n'), en: texts.en.join('\n') };
  const only = (mine, theirs) => [...new Set(mine)].flatMap(matchers).filter((m) => !found(m, theirs));
  cache = { nl: only(texts.nl, all.en), en: only(texts.en, all.nl) };
  return cache;
}

// The page's visible text, without the language switch (which names the
// other language on purpose), names (translate="no": an organisation's name
// is the same in either language) and a part the page marks as written in
// another language (lang="en" on the audit trail's purposes, which are
// shown as they were recorded).
function visibleText(page) {
  return page.evaluate(() => {
    const parts = [];
    const own = document.documentElement.lang;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
      acceptNode(node) {
        const el = node.parentElement;
        if (!el || el.closest('#lang-switch, script, style, [hidden], [translate="no"]')) return NodeFilter.FILTER_REJECT;
        const marked = el.closest('[lang]');
        if (marked && marked !== document.documentElement && marked.lang !== own) return NodeFilter.FILTER_REJECT;
        const style = getComputedStyle(el);
        if (style.display === 'none' || style.visibility === 'hidden') return NodeFilter.FILTER_REJECT;
        return NodeFilter.FILTER_ACCEPT;
      },
    });
    for (let n = walker.nextNode(); n; n = walker.nextNode()) parts.push(n.textContent);
    for (const el of document.querySelectorAll('[aria-label], [title], input[placeholder]')) {
      if (el.closest('#lang-switch')) continue;
      parts.push(el.getAttribute('aria-label') || '', el.getAttribute('title') || '', el.getAttribute('placeholder') || '');
    }
    parts.push(document.title);
    return parts.join('\n').replace(/\s+/g, ' ');
  });
}

// Fails when the page shows a phrase of the other language than its own
// (the lang of <html>).
export async function assertLanguage(page, name) {
  const lang = await page.evaluate(() => document.documentElement.lang);
  if (lang !== 'nl' && lang !== 'en') throw new Error(`${name}: the page's language is "${lang}"`);
  const other = lang === 'nl' ? 'en' : 'nl';
  let text = await visibleText(page);
  for (const name of organisationNames()) text = text.split(name).join(' ');
  const seen = phrases()[other].filter((m) => found(m, text));
  if (seen.length) {
    throw new Error(`${name}: the ${lang === 'nl' ? 'Dutch' : 'English'} page shows ${other === 'en' ? 'English' : 'Dutch'}: ${seen.slice(0, 5).map((m) => JSON.stringify(m.label)).join(', ')}`);
  }
}

// Fails when the browser shows an answer of the API as it is: a JSON
// document, or a problem's JSON in the page's text.
export async function assertNoRawJson(page, name) {
  const seen = await page.evaluate(() => ({
    type: document.contentType,
    text: (document.body ? document.body.innerText : '').trim(),
  }));
  let json = false;
  if (/^[[{]/.test(seen.text)) {
    try {
      JSON.parse(seen.text);
      json = true;
    } catch {
      json = false;
    }
  }
  if (seen.type.includes('json') || json || /"(type|status|title|invalidParams)"\s*:/.test(seen.text)) {
    throw new Error(`${name}: the browser shows raw JSON: ${seen.text.slice(0, 120)}`);
  }
}

// Fails when the page scrolls sideways at the width it has now.
export async function assertNoSidewaysScroll(page, name) {
  const size = await page.evaluate(() => ({
    width: document.documentElement.scrollWidth, limit: document.documentElement.clientWidth,
  }));
  if (size.width > size.limit) throw new Error(`${name}: ${size.width}px wide at ${size.limit}px: a horizontal scrollbar`);
}
