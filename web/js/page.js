// The frame every page shares: header with who is logged in, the language
// switch and log-out; footer; the session check; page-level messages.
import { api, ApiError } from './api.js';
import { byId, clear, el } from './dom.js';
import { apply, initI18n, otherLang, setLanguage } from './i18n.js';
import { mayRefer, mayScreen } from './chain.js';
import { mayReadReports, workNav } from './roles.js';

function loginUrl() {
  const here = window.location.pathname + window.location.search;
  return `/login.html?next=${encodeURIComponent(here)}`;
}

// Where a log-in may send the user on: only a page of this site.  The
// value is resolved as the browser would resolve it (which drops tabs and
// newlines, so "/\t/evil.example" means "//evil.example") and accepted
// only when it stays on this origin; anything else goes to the start page.
export function safeNext(next) {
  if (typeof next !== 'string' || !next.startsWith('/')) return '/';
  // Control characters and backslashes have no place in our own paths.
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return '/';
  let url;
  try {
    url = new URL(next, window.location.origin);
  } catch {
    return '/';
  }
  if (url.origin !== window.location.origin) return '/';
  const path = url.pathname + url.search + url.hash;
  return path.startsWith('//') ? '/' : path;
}

function languageButton() {
  const button = el('button', {
    type: 'button', class: 'utrecht-button utrecht-button--subtle app-lang', id: 'lang-switch',
    i18n: 'common.switchLanguage', lang: otherLang(),
  });
  button.addEventListener('click', async () => {
    await setLanguage(otherLang());
    button.lang = otherLang();
  });
  return button;
}

function renderHeader(session) {
  const header = byId('app-header');
  if (!header) return;
  clear(header);
  const here = window.location.pathname === '/index.html' ? '/' : window.location.pathname;
  const link = (href, key) => el('a', { href, i18n: key, 'aria-current': href === here ? 'page' : null });
  // The chain's lists, for the roles that work them.
  const refers = session && mayRefer(session);
  const screens = session && mayScreen(session);
  const reports = session && mayReadReports(session);
  const nav = el('nav', { class: 'app-nav', i18nAttr: { 'aria-label': 'common.mainNav' } },
    el('ul', {},
      el('li', {}, link('/', 'common.nav.start')),
      refers ? el('li', {}, link('/referrals.html', 'common.nav.referrals')) : null,
      screens ? el('li', {}, link('/screenings.html', 'common.nav.screenings')) : null,
      session ? workNav(session).map((p) => el('li', {}, link(p.href, p.nav))) : null,
      reports ? el('li', {}, link('/monitor.html', 'common.nav.monitor')) : null,
      el('li', {}, link('/learning.html', 'common.nav.learning')),
      el('li', {}, link('/rules.html', 'common.nav.rules'))));
  const tools = el('div', { class: 'app-header__tools' }, languageButton());
  const bar = el('div', { class: 'app-header__content' },
    el('a', { class: 'app-brand', href: '/', i18n: 'common.appName' }),
    session ? nav : null,
    tools);
  if (session) {
    // Who is logged in and the log-out sit behind one button, so that the
    // header keeps to one row; on a phone that button opens the menu with
    // the links of the navigation as well.
    const phoneNav = nav.cloneNode(true);
    phoneNav.className = 'app-nav app-nav--menu';
    const panel = el('div', { class: 'app-menu', id: 'app-menu', hidden: true },
      phoneNav,
      el('dl', { class: 'app-who', id: 'who' },
        el('dt', { class: 'app-visually-hidden', i18n: 'start.loggedInAs' }),
        el('dd', { class: 'app-who__login', text: session.user.login }),
        el('dt', { class: 'app-visually-hidden', i18n: 'start.role' }),
        el('dd', { i18n: `role.${session.user.role}` }),
        el('dt', { class: 'app-visually-hidden', i18n: 'start.organisation' }),
        el('dd', { text: session.organisation.name, translate: 'no' })),
      el('button', {
        type: 'button', class: 'utrecht-button utrecht-button--secondary-action', id: 'logout',
        i18n: 'common.logout', onclick: logout,
      }));
    tools.append(menuButton(session, panel));
    bar.append(panel);
  }
  header.append(bar);
}

// The button that opens and closes the menu (a disclosure): the login name
// on a wide screen, "Menu" on a phone.  Escape or a click elsewhere closes.
function menuButton(session, panel) {
  const button = el('button', {
    type: 'button', class: 'utrecht-button utrecht-button--subtle app-menu-button', id: 'menu-button',
    'aria-expanded': 'false', 'aria-controls': 'app-menu',
  },
  el('span', { class: 'app-menu-button__who', text: session.user.login }),
  el('span', { class: 'app-menu-button__menu', i18n: 'common.menu' }),
  el('span', { class: 'app-visually-hidden', i18n: 'common.menuHint' }));
  const toggle = (open) => {
    panel.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
  };
  button.addEventListener('click', () => toggle(panel.hidden));
  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && !panel.hidden) {
      toggle(false);
      button.focus();
    }
  });
  document.addEventListener('click', (ev) => {
    if (!panel.hidden && !panel.contains(ev.target) && !button.contains(ev.target)) toggle(false);
  });
  return button;
}

function renderFooter() {
  const footer = byId('app-footer');
  if (!footer) return;
  clear(footer);
  footer.append(el('div', { class: 'app-footer__content' },
    el('p', { i18n: 'common.footer' })));
}

async function logout() {
  try {
    await api.del('/session');
  } catch {
    // Logged out already, or the server is gone: either way, go to log-in.
  }
  window.location.assign('/login.html');
}

// Sets up the page: texts, frame and session.  Resolves with the session,
// or sends the visitor to the log-in page (and never resolves).  With
// optional, a visitor who is not logged in stays, and the promise
// resolves with null.  With roles, a page only those roles may use: any
// other role sees that it is not allowed (and the promise never resolves).
export async function boot({ anonymous = false, optional = false, roles = null } = {}) {
  await initI18n();
  renderFooter();
  if (anonymous) {
    renderHeader(null);
    return null;
  }
  let session;
  try {
    session = await api.get('/session');
  } catch (err) {
    if (optional && err instanceof ApiError && [401, 403].includes(err.status)) {
      renderHeader(null);
      return null;
    }
    if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
      window.location.replace(loginUrl());
      return new Promise(() => {});
    }
    renderHeader(null);
    pageError(err);
    throw err;
  }
  if (session.mfaPending) {
    if (optional) {
      renderHeader(null);
      return null;
    }
    window.location.replace(loginUrl());
    return new Promise(() => {});
  }
  renderHeader(session);
  if (roles && !roles.includes(session.user.role)) {
    denied(null);
    return new Promise(() => {});
  }
  return session;
}

// The translated message for an API error, and the server's own words
// (in the language of the request) when they say more than the message.
// An error of the page's own code is told in general words; its message,
// in the browser's English, goes to the console only.
export function problemParts(err) {
  if (!(err instanceof ApiError)) {
    if (err) console.error(err);
    return { key: 'problem.unexpected', detail: '' };
  }
  const known = [0, 400, 401, 403, 404, 409, 413, 429, 503];
  let key = known.includes(err.status) ? `problem.${err.status}` : 'problem.server';
  if (err.is('mfa-enrolment')) key = 'problem.mfa';
  // 401 and 404 say nothing more than our own message does.
  const detail = [0, 401, 404].includes(err.status) ? '' : err.detail;
  return { key, detail, lang: err.lang };
}

function messageBox(kind, children) {
  return el('div', { class: `utrecht-alert utrecht-alert--${kind}` },
    el('div', { class: 'utrecht-alert__content' }, el('div', { class: 'utrecht-alert__message' }, children)));
}

// After a session ended: a way back in that returns here.
export function loginAgain(err) {
  if (!(err instanceof ApiError) || err.status !== 401) return null;
  return el('p', {}, el('a', { href: loginUrl(), i18n: 'common.loginAgain' }));
}

// Shows an error for the whole page in its alert region.
export function pageError(err, key) {
  const region = byId('page-alert');
  if (!region) return;
  const parts = problemParts(err);
  clear(region);
  region.append(messageBox('error', [
    el('p', { class: 'app-alert-title', i18n: key || parts.key }),
    parts.detail ? el('p', { class: 'app-detail', lang: parts.lang, text: parts.detail }) : null,
    loginAgain(err),
  ]));
}

// A short confirmation in the polite live region.
export function announce(key, args) {
  const region = byId('page-status');
  if (!region) return;
  clear(region);
  region.append(messageBox('ok', el('p', { i18n: key, args })));
}

// In place of the page's own content: that there is nothing to see here
// ('notFound'), that the reader's role may not use it ('denied'), or that
// the address belongs to the API ('api'); with the server's message when
// it has one, and a way back.  The address stays as it was.
export function problemPage(kind, err) {
  const main = byId('main');
  if (!main) return;
  const old = byId('problem-page');
  if (old) old.remove();
  for (const child of Array.from(main.children)) child.hidden = true;
  const title = document.querySelector('title');
  if (title) {
    title.dataset.i18n = `problemPage.${kind}.title`;
    apply(title);
  }
  const said = err instanceof ApiError && err.status === 403 && err.detail;
  const back = el('a', { href: '/', i18n: 'problemPage.back' });
  back.addEventListener('click', (ev) => {
    // The page before, when there is one of this site; else the start.
    if (window.history.length > 1 && document.referrer.startsWith(window.location.origin)) {
      ev.preventDefault();
      window.history.back();
    }
  });
  main.append(el('section', { id: 'problem-page', class: 'app-problem-page', 'data-problem': kind },
    el('h1', { id: 'problem-heading', tabindex: '-1', i18n: `problemPage.${kind}.heading` }),
    said ? el('p', { class: 'app-lead', lang: err.lang, text: err.detail }) : null,
    el('p', { i18n: `problemPage.${kind}.text` }),
    el('ul', { class: 'app-plain-list app-problem-page__ways' },
      el('li', {}, back),
      el('li', {}, el('a', { href: '/', i18n: 'problemPage.start' })))));
}

// The record of this page does not exist, or is not the reader's to see.
export function notFound(err) {
  problemPage('notFound', err);
}

// The reader's role may not use this page.
export function denied(err) {
  problemPage('denied', err);
}

export function isForbidden(err) {
  return err instanceof ApiError && err.status === 403;
}

// What a page shows when what it is about could not be loaded: not
// found, not allowed, or the error in the page's alert region.
export function loadFailed(err) {
  if (isNotFound(err)) notFound(err);
  else if (isForbidden(err)) denied(err);
  else pageError(err);
}

export function isNotFound(err) {
  return err instanceof ApiError && err.status === 404;
}

