// The screenings of arrested minors: a police unit's own, or those handed
// to an OM office, newest first, each with the offence, the advised and
// confirmed signs and where it stands.
import { getAll, q } from './api.js';
import { byId, clear, el, fill } from './dom.js';
import { boot, loadFailed } from './page.js';
import { badge } from './views.js';
import { childLabel, offenceText, orgLabel, personNames, screeningRules, signsBadge } from './chain.js';

function card(s, role, names, rules) {
  const href = role === 'prosecutor' ? `/decision.html?screening=${q(s.id)}` : `/screening.html?id=${q(s.id)}`;
  const completed = s.status === 'completed';
  return el('li', { class: 'app-card', 'data-screening': s.id, 'data-status': s.status },
    el('p', { class: 'app-card__title' },
      el('a', { href }, childLabel(null, names.get(s.personId)), ' — ', offenceText(rules, s.offence))),
    el('p', { class: 'app-card__meta' },
      badge(completed ? 'success' : 'warning', `screening.status.${s.status}`),
      el('span', {}, el('span', { i18n: 'screening.arrestedOn' }), ' ', el('time', { date: s.arrestedOn })),
      el('span', {}, el('span', { i18n: 'screening.advisedShort' }), ' ', signsBadge(s.advisedSigns)),
      completed ? el('span', {}, el('span', { i18n: 'screening.confirmedShort' }), ' ', signsBadge(s.confirmedSigns)) : null),
    el('p', { class: 'app-card__meta' },
      role === 'prosecutor'
        ? el('span', {}, el('span', { i18n: 'screening.police' }), ' ', orgLabel(s.police))
        : s.om ? el('span', {}, el('span', { i18n: 'screening.om' }), ' ', orgLabel(s.om)) : el('span', { class: 'app-muted', i18n: 'screening.notHandedOver' })));
}

async function main() {
  const session = await boot({ roles: ['police-officer', 'prosecutor'] });
  const role = session.user.role;
  fill(byId('screenings-intro'), el('span', { i18n: role === 'prosecutor' ? 'screenings.introOm' : 'screenings.introPolice' }));
  if (role === 'police-officer') {
    fill(byId('screenings-new'), el('a', {
      class: 'utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action',
      href: '/screening.html', i18n: 'screenings.new',
    }));
  }
  try {
    const [items, names, rules] = await Promise.all([getAll('/screenings'), personNames(), screeningRules()]);
    const list = clear(byId('screenings'));
    fill(byId('screenings-count'), el('span', { i18n: 'screenings.count', args: { count: items.length } }));
    if (!items.length) list.append(el('li', { class: 'app-card app-card--empty', i18n: 'screenings.none' }));
    for (const s of items.reverse()) list.append(card(s, role, names, rules));
  } catch (err) {
    loadFailed(err);
  }
}

main();
