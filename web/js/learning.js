// Learning to recognise the signals.  One page, several views chosen by
// the address:
//   /learning.html                 the learning paths with my progress
//   /learning.html?path=ID         a path: its modules and cases, and the
//                                  expert group's resources to request
//   /learning.html?module=ID       a short module (see below)
//   /learning.html?case=ID         a fictional case (learning-case.js)
//   /learning.html?view=school     the care coordinator's counts and the
//                                  school's resilience lessons (learning-school.js)
//   /learning.html?view=requests   my requests to the expert group, or the
//                                  expert group's inbox (learning-expert.js)
// A user can stop and come back: what they finished is kept by the server.
import { api, q } from './api.js';
import { byId, el, fill, param } from './dom.js';
import { apply } from './i18n.js';
import { announce, boot, loadFailed, pageError } from './page.js';
import { badge } from './views.js';
import { renderCase } from './learning-case.js';
import { explanationDetails } from './learning-explain.js';
import { isExpertGroup, mayRequest, offersSection, renderRequests } from './learning-expert.js';
import { renderSchool } from './learning-school.js';
import { back, doneBadge, fictionalBadge, heading, itemHref, minutes, paragraphs, pathHref, section } from './learning-view.js';

let session;

function progressText(p) {
  return p.finished
    ? badge('success', 'learning.finished')
    : el('span', { i18n: 'learning.progress', args: { done: p.doneCount, total: p.itemCount } });
}

// Links to the other views, for the roles they are for.
function moreLinks() {
  const links = [];
  if (session.user.role === 'care-coordinator' && session.organisation.type === 'school') {
    links.push(el('a', { href: '/learning.html?view=school', i18n: 'learning.school.link' }));
  }
  if (isExpertGroup(session)) links.push(el('a', { href: '/learning.html?view=requests', i18n: 'learning.inbox.link' }));
  else if (mayRequest(session)) links.push(el('a', { href: '/learning.html?view=requests', i18n: 'learning.requests.link' }));
  if (!links.length) return null;
  return el('nav', { class: 'app-quick-links', i18nAttr: { 'aria-label': 'learning.moreLinks' } },
    el('ul', { class: 'app-card__actions' }, links.map((a) => el('li', {}, a))));
}

async function renderPaths() {
  const doc = await api.get('/learning/paths');
  const mine = doc.items.filter((p) => p.forYou);
  const others = doc.items.filter((p) => !p.forYou);
  const card = (p) => el('li', { class: 'app-card', 'data-path': p.id },
    el('h3', { class: 'app-card__title' }, el('a', { href: pathHref(p.id), bi: p.title })),
    el('p', { bi: p.summary }),
    el('p', { class: 'app-card__meta' }, p.forYou ? badge('neutral', 'learning.forYou') : null, progressText(p)));
  fill(byId('learning'),
    el('p', { class: 'app-lead', i18n: 'learning.intro' }),
    el('p', { class: 'app-note', bi: doc.fictionalNotice }),
    moreLinks(),
    section('paths-mine', 'learning.pathsMine',
      mine.length ? el('ul', { class: 'app-cards' }, mine.map(card)) : el('p', { i18n: 'learning.pathsNoneForYou' })),
    others.length ? section('paths-other', 'learning.pathsOther', el('ul', { class: 'app-cards' }, others.map(card))) : null);
}

async function renderPath(id) {
  const p = await api.get(`/learning/paths/${q(id)}`);
  heading(p.title);
  back('/learning.html', 'learning.back');
  const items = el('ol', { class: 'app-steps-list', id: 'path-items' }, p.items.map((item, i) => el('li', {
    class: `app-step${item.done ? ' app-step--done' : ''}`, 'data-item': item.id,
  },
    el('p', { class: 'app-step__title' },
      el('span', { text: `${i + 1}. ` }),
      el('a', { href: itemHref(item, p.id), bi: item.title })),
    el('p', { class: 'app-card__meta' },
      badge('neutral', `learning.kind.${item.kind}`),
      item.kind === 'case' ? fictionalBadge() : null,
      minutes(item.minutes),
      doneBadge(item.done)))));
  fill(byId('learning'),
    el('p', { class: 'app-lead', bi: p.summary }),
    el('p', { id: 'path-progress' }, progressText(p)),
    el('p', { class: 'app-note', bi: p.fictionalNotice }),
    section('path-steps', 'learning.itemsHeading', items),
    p.offers.length ? offersSection(session, p.offers, p.expertGroup) : null);
}

async function renderModule(id, from) {
  const m = await api.get(`/learning/modules/${q(id)}`);
  heading(m.title);
  const pathId = from && m.paths.includes(from) ? from : m.paths[0];
  if (pathId) back(pathHref(pathId), 'learning.backToPath');
  else back('/learning.html', 'learning.back');
  const indicators = m.indicators.map((ind) => el('li', { class: 'app-indicator', 'data-indicator': ind.id },
    el('p', {}, el('span', { class: 'app-code', text: ind.id }), ' ', ind.text ? el('span', { bi: ind.text }) : null),
    explanationDetails(ind.explanation, ind.id)));
  const status = el('p', { id: 'module-status' }, doneBadge(m.done));
  const button = el('button', { type: 'button', class: 'utrecht-button utrecht-button--primary-action', id: 'module-done', i18n: 'learning.module.markDone' });
  button.hidden = m.done;
  button.addEventListener('click', async () => {
    button.setAttribute('aria-busy', 'true');
    try {
      const r = await api.post(`/learning/modules/${q(id)}/completion`);
      fill(status, doneBadge(true));
      button.hidden = true;
      announce(r.finishedPaths.length ? 'learning.pathFinished' : 'learning.module.doneSaved');
      if (pathId) fill(byId('module-next'), el('a', { href: pathHref(pathId), i18n: 'learning.backToPath' }));
    } catch (err) {
      pageError(err);
    } finally {
      button.removeAttribute('aria-busy');
    }
  });
  fill(byId('learning'),
    el('p', { class: 'app-card__meta' }, minutes(m.minutes), status),
    el('div', {}, paragraphs(m.body)),
    m.indicators.length ? section('module-indicators', 'learning.module.indicators',
      el('ul', { class: 'app-indicator-list' }, indicators)) : null,
    el('p', { class: 'app-note' }, el('span', { i18n: 'learning.explain.source' }), ': ', el('span', { bi: m.source })),
    el('div', { class: 'app-actions' }, button),
    el('p', { id: 'module-next' }));
}

async function main() {
  session = await boot();
  const path = param('path');
  const moduleId = param('module');
  const caseId = param('case');
  const view = param('view');
  try {
    if (path) await renderPath(path);
    else if (moduleId) await renderModule(moduleId, param('from'));
    else if (caseId) await renderCase(caseId, param('from'));
    else if (view === 'school') await renderSchool(session);
    else if (view === 'requests') await renderRequests(session, param('request'));
    else if (param('request')) await renderRequests(session, param('request'));
    else await renderPaths();
    apply(byId('learning'));
  } catch (err) {
    loadFailed(err);
  }
}

main();
