// Building the page from data without ever parsing HTML: every text goes
// in through textContent, so nothing the API returns can become markup.
import { apply, formatDate, formatTime, t } from './i18n.js';

// el('p', {i18n: 'key', args: {...}, class: 'x', onclick: fn, ...}, ...children)
//   i18n/args   a translated text (kept translated on a language switch)
//   bi          an API text {nl, en} (a plain string: the same in both)
//   date / time an ISO date or moment, shown the local way
//   text        a literal text from the data
//   on<event>   a listener; other keys become attributes (true: present,
//               false/null/undefined: left out).
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'i18n') {
      node.dataset.i18n = value;
      if (props.args) node.dataset.i18nArgs = JSON.stringify(props.args);
      node.textContent = t(value, props.args);
    } else if (key === 'args') {
      // used with i18n
    } else if (key === 'i18nAttr') {
      node.dataset.i18nAttr = Object.entries(value).map(([a, k]) => `${a}:${k}`).join(';');
      for (const [a, k] of Object.entries(value)) node.setAttribute(a, t(k));
    } else if (key === 'bi') {
      const both = typeof value === 'string' ? { nl: value, en: value } : value;
      node.dataset.nl = both.nl || '';
      node.dataset.en = both.en || '';
      apply(node);
    } else if (key === 'date') {
      node.dataset.date = value;
      if (tag === 'time') node.setAttribute('datetime', value);
      node.textContent = formatDate(value);
    } else if (key === 'time') {
      node.dataset.time = value;
      if (tag === 'time') node.setAttribute('datetime', value);
      node.textContent = formatTime(value);
    } else if (key === 'text') {
      node.textContent = String(value);
    } else if (key === 'class') {
      node.className = value;
    } else if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2), value);
    } else if (key === 'checked' || key === 'value' || key === 'selected') {
      node[key] = value;
    } else {
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// Replaces node's children; null, undefined and false are left out.
export function fill(node, ...children) {
  clear(node);
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export function byId(id) {
  return document.getElementById(id);
}

export function show(node, visible = true) {
  node.hidden = !visible;
}

// The query parameter name of this page's address, or null.
export function param(name) {
  return new URLSearchParams(window.location.search).get(name);
}

// Today as YYYY-MM-DD in the Netherlands, as the server counts it, also
// for a reader whose computer is set to another time zone.
export function today() {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit',
  }).format(new Date());
}

let uid = 0;
// A fresh id for pairing labels with controls.
export function nextId(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}

// A definition list from [labelKey, valueNode] pairs; pairs without a value
// are left out.
export function facts(pairs) {
  const dl = el('dl', { class: 'app-facts' });
  for (const [key, value] of pairs) {
    if (value === undefined || value === null || value === '') continue;
    dl.append(el('div', {}, el('dt', { i18n: key }), el('dd', {}, value)));
  }
  return dl;
}
