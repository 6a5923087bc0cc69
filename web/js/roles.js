// Which pages of their own each role works on, for the header's
// navigation and the start page's "your work": one list, so that a role
// is never offered a page its API refuses (the route table's roles, and
// the organisation types of service/network and service/monitor).
import { el } from './dom.js';
import { CHAIN_PROFESSIONAL_ROLES } from './chain.js';

// The roles that read the progress report (the server's REPORT_ROLES).
export const REPORT_ROLES = ['analyst', 'care-coordinator', 'prosecutor', 'administrator'];

// The network's analysts work at a police unit or the national analysis
// organisation (service/network/access.c); a municipality's analyst reads
// only the monitor.
export function mayAnalyseNetwork(session) {
  return session.user.role === 'analyst' && ['police', 'national-analysis'].includes(session.organisation.type);
}

// The roles that read and record children (the server's CASEWORK_ROLES,
// access_may_read_persons); others are refused GET /persons.
export const CASEWORK_ROLES = ['mentor', 'care-coordinator', 'police-officer', 'prosecutor',
  ...CHAIN_PROFESSIONAL_ROLES];

export function mayReadPersons(session) {
  return CASEWORK_ROLES.includes(session.user.role);
}

export function mayReadReports(session) {
  return REPORT_ROLES.includes(session.user.role);
}

export function isAdministrator(session) {
  return ['administrator', 'national-administrator'].includes(session.user.role);
}

export function isAuditor(session) {
  return ['auditor', 'national-auditor'].includes(session.user.role);
}

export function isPrivacyOfficer(session) {
  return session.user.role === 'privacy-officer';
}

// The pages of the overseeing roles and the analysts, each with the key of
// its entry in the header (nav), of its card on the start page (title,
// text) and its address.  The chain's lists (referrals, screenings) and
// the monitor for the casework roles stay where page.js puts them.
export function workPages(session) {
  const pages = [];
  if (isAdministrator(session)) pages.push({ href: '/admin.html', nav: 'common.nav.admin', card: 'work.admin' });
  if (isAuditor(session)) pages.push({ href: '/audit.html', nav: 'common.nav.audit', card: 'work.audit' });
  if (isPrivacyOfficer(session)) {
    pages.push({ href: '/privacy.html', nav: 'common.nav.privacy', card: 'work.privacy' },
      { href: '/subject-access.html', nav: 'common.nav.subjectAccess', card: 'work.subjectAccess' });
  }
  if (mayAnalyseNetwork(session)) pages.push({ href: '/network.html', nav: 'common.nav.network', card: 'work.network' });
  // The monitor's own entry in the header serves the other reading roles.
  if (session.user.role === 'analyst' || session.user.role === 'administrator') {
    pages.push({ href: '/monitor.html', nav: null, card: session.user.role === 'analyst' ? 'work.monitor' : 'work.monitorAdmin' });
  }
  return pages;
}

// The header's entries for these pages (the monitor has its own).
export function workNav(session) {
  return workPages(session).filter((p) => p.nav);
}

// The start page's cards: what the role does here, and where.
export function workCards(session) {
  return workPages(session).map((p) => el('li', { class: 'app-card', 'data-work': p.href },
    el('h3', { class: 'app-card__title' }, el('a', { href: p.href, i18n: `${p.card}.title` })),
    el('p', { i18n: `${p.card}.text` })));
}

// Who is offered the reference index's page: those who register (the
// API's REGISTRARS) and the organisation's administrator, who follows its
// escalations and flags there; a privacy officer reads the flags on the
// privacy page.  A mentor, who cannot use the index, gets no link to it.
const INDEX_ROLES = ['care-coordinator', ...CHAIN_PROFESSIONAL_ROLES, 'police-officer', 'administrator'];

export function usesReferenceIndex(session) {
  return INDEX_ROLES.includes(session.user.role);
}
