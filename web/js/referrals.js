// The inbox of referrals: those received and those sent, each with its
// status, purpose, the other side, the child (by name only when the
// identity was shared) and its running clocks, late ones marked.
import { getAll, q } from './api.js';
import { byId, clear, el } from './dom.js';
import { boot, loadFailed } from './page.js';
import { codeText } from './views.js';
import { childLabel, clockSummary, personNames, referralStatus } from './chain.js';

const STATUSES = ['sent', 'acknowledged', 'accepted', 'declined', 'completed', 'revoked'];
const boxes = { in: [], out: [] };
let names = new Map();

function card(r, box) {
  const overdue = (r.clocks || []).some((c) => c.running && c.overdue);
  const other = box === 'in' ? r.from : r.to;
  return el('li', { class: `app-card${overdue ? ' app-card--overdue' : ''}`, 'data-referral': r.id, 'data-status': r.status },
    el('p', { class: 'app-card__title' },
      el('a', { href: `/referral.html?id=${q(r.id)}` },
        el('span', { i18n: box === 'in' ? 'inbox.from' : 'inbox.to' }), ' ', el('span', { text: other ? other.name : '' }))),
    el('p', { class: 'app-card__meta' },
      referralStatus(r.status),
      el('span', {}, el('span', { i18n: 'referral.purposeLabel' }), ' ', codeText('referral.purpose', r.purpose)),
      el('span', {}, el('span', { i18n: 'inbox.basis' }), ' ', codeText('referral.basis', r.legalBasis)),
      el('span', {}, el('span', { i18n: 'inbox.sentOn' }), ' ', el('time', { time: r.createdAt }))),
    el('p', { class: 'app-card__meta' },
      el('span', {}, el('span', { i18n: 'referral.child' }), ' ', childLabel(null, names.get(r.personId)))),
    clockSummary(r.clocks));
}

function render(box) {
  const filter = byId('status-filter').value;
  const shown = boxes[box].filter((r) => !filter || r.status === filter);
  const list = clear(byId(`${box}-list`));
  const count = clear(byId(`${box}-count`));
  count.append(el('span', { i18n: 'inbox.count', args: { shown: shown.length, total: boxes[box].length } }));
  if (!shown.length) list.append(el('li', { class: 'app-card app-card--empty', i18n: box === 'in' ? 'inbox.noneIn' : 'inbox.noneOut' }));
  for (const r of shown) list.append(card(r, box));
  // Late ones first: they need doing.
  const late = Array.from(list.querySelectorAll('.app-card--overdue'));
  for (const node of late.reverse()) list.prepend(node);
}

function buildFilter() {
  const select = byId('status-filter');
  select.append(el('option', { value: '', i18n: 'inbox.allStatuses' }),
    ...STATUSES.map((s) => el('option', { value: s, i18n: `referral.status.${s}` })));
  select.addEventListener('change', () => {
    render('in');
    render('out');
  });
}

async function main() {
  await boot();
  buildFilter();
  try {
    const [received, sent, known] = await Promise.all([
      getAll('/referrals?box=in'), getAll('/referrals?box=out'), personNames()]);
    boxes.in = received;
    boxes.out = sent;
    names = known;
    render('in');
    render('out');
  } catch (err) {
    loadFailed(err);
  }
}

main();
