// Texts in Dutch (the default) and English.  Every text shown lives in
// web/i18n/<lang>.json; elements carry their text's key, so switching the
// language re-translates the page in place without losing what was typed:
//   data-i18n="key"            the element's text (data-i18n-args: JSON parameters)
//   data-i18n-attr="a:key;…"   attributes such as aria-label
//   data-nl / data-en          a text the API gave in both languages
//   data-date / data-time      a date or a moment, written the local way
// The choice is remembered in localStorage.

const STORE_KEY = 'signaal.lang';
const LANGS = ['nl', 'en'];

let lang = 'nl';
let texts = {};

function stored() {
  try {
    return localStorage.getItem(STORE_KEY);
  } catch {
    return null;
  }
}

async function load(l) {
  const res = await fetch(`/i18n/${l}.json`, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`texts for ${l}: ${res.status}`);
  return res.json();
}

// The language the page is in now: 'nl' or 'en'.
export function language() {
  return lang;
}

export function otherLang() {
  return lang === 'nl' ? 'en' : 'nl';
}

// A text that depends on a number has a key per plural form of the
// language, "key.one" and "key.other" (Intl.PluralRules): "1 taak",
// "3 taken".  The number is the first argument that is one, in the order
// the text names them.
function pluralKey(key, args) {
  const other = `${key}.other`;
  if (Object.prototype.hasOwnProperty.call(texts, key) || !Object.prototype.hasOwnProperty.call(texts, other)) return key;
  if (!args) return other;
  const names = (texts[other].match(/\{(\w+)\}/g) || []).map((m) => m.slice(1, -1));
  const name = names.find((n) => typeof args[n] === 'number') || Object.keys(args).find((n) => typeof args[n] === 'number');
  if (name === undefined) return other;
  const form = `${key}.${new Intl.PluralRules(lang).select(args[name])}`;
  return Object.prototype.hasOwnProperty.call(texts, form) ? form : other;
}

// The text of key with {name} placeholders filled from args.  A missing
// key shows itself, so that it is noticed rather than hidden.
export function t(key, args) {
  const k = pluralKey(key, args);
  let s = Object.prototype.hasOwnProperty.call(texts, k) ? texts[k] : key;
  if (args) {
    s = s.replace(/\{(\w+)\}/g, (m, name) => (name in args ? String(args[name]) : m));
  }
  return s;
}

export function has(key) {
  return Object.prototype.hasOwnProperty.call(texts, key) || Object.prototype.hasOwnProperty.call(texts, `${key}.other`);
}

// The current language's part of an API text {nl, en}.
export function pick(both) {
  if (!both) return '';
  if (typeof both === 'string') return both;
  return both[lang] || both.nl || both.en || '';
}

export function formatDate(iso) {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso.slice(0, 10));
  if (!m) return iso;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', {
    day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC',
  }).format(d);
}

export function formatTime(iso) {
  if (!iso) return '';
  if (iso.length <= 10) return formatDate(iso);
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', {
    day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit',
  }).format(d);
}

// Translates root and everything in it.
export function apply(root = document) {
  const all = (sel) => {
    const list = Array.from(root.querySelectorAll(sel));
    if (root.matches && root.matches(sel)) list.unshift(root);
    return list;
  };
  for (const node of all('[data-i18n]')) {
    const args = node.dataset.i18nArgs ? JSON.parse(node.dataset.i18nArgs) : undefined;
    node.textContent = t(node.dataset.i18n, args);
  }
  for (const node of all('[data-i18n-attr]')) {
    for (const pair of node.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':');
      if (attr && key) node.setAttribute(attr, t(key));
    }
  }
  for (const node of all('[data-nl]')) {
    node.textContent = lang === 'en' && node.dataset.en ? node.dataset.en : node.dataset.nl;
  }
  for (const node of all('[data-date]')) node.textContent = formatDate(node.dataset.date);
  for (const node of all('[data-time]')) node.textContent = formatTime(node.dataset.time);
}

export async function initI18n() {
  const want = stored();
  lang = LANGS.includes(want) ? want : 'nl';
  texts = await load(lang);
  document.documentElement.lang = lang;
  apply(document);
}

export async function setLanguage(l) {
  if (!LANGS.includes(l)) return;
  texts = await load(l);
  lang = l;
  try {
    localStorage.setItem(STORE_KEY, l);
  } catch {
    // Private modes may refuse; the choice then lasts for this page only.
  }
  document.documentElement.lang = l;
  apply(document);
}
