// The national expert group's resources (advice, a training film for
// professionals) shown with a learning path, how to request them, and the
// requests: a professional's own, with their status, or the expert
// group's inbox, where its care workers accept, decline and complete them.
import { api, getAll, q } from './api.js';
import { byId, el, fill, nextId } from './dom.js';
import { field, onSubmit, requireFilled, submitButton, value } from './forms.js';
import { announce } from './page.js';
import { badge } from './views.js';
import { back, heading, section } from './learning-view.js';

const REQUESTERS = ['mentor', 'care-coordinator', 'police-officer', 'prosecutor', 'care-worker',
  'youth-health-professional', 'child-protection-investigator', 'halt-professional', 'family-guardian',
  'youth-probation-officer'];
const STATUS_KIND = { requested: 'warning', accepted: 'neutral', declined: 'danger', done: 'success' };

export function isExpertGroup(session) {
  return session.organisation.type === 'expert-group' && session.user.role === 'care-worker';
}

export function mayRequest(session) {
  return session.organisation.type !== 'expert-group' && REQUESTERS.includes(session.user.role);
}

function requestForm(offer) {
  const form = el('form', { class: 'app-form', 'data-request-form': offer.id },
    field({ name: 'purpose', label: 'learning.request.purpose', hint: 'learning.request.purposeHint', type: 'textarea', required: true, rows: 3, attrs: { maxlength: '2000' } }),
    field({ name: 'contact', label: 'learning.request.contact', hint: 'learning.request.contactHint', required: true, attrs: { maxlength: '200', autocomplete: 'email' } }),
    el('div', { class: 'app-actions' }, submitButton('learning.request.submit')));
  onSubmit(form, async (f) => {
    await api.post('/expert-requests', { offerId: offer.id, purpose: value(f, 'purpose'), contact: value(f, 'contact') });
    f.reset();
    f.closest('details').open = false;
    announce('learning.request.sent');
  }, (f) => requireFilled(f, ['purpose', 'contact']));
  return form;
}

// The expert group's offers shown with a path.
export function offersSection(session, offers, group) {
  const cards = offers.map((o) => el('li', { class: 'app-card', 'data-offer': o.id },
    el('h3', { class: 'app-card__title', bi: o.title }),
    el('p', { bi: o.description }),
    el('p', {}, el('strong', { i18n: 'learning.howToRequest' }), ' ', el('span', { bi: o.howToRequest })),
    mayRequest(session)
      ? el('details', { class: 'app-details' },
        el('summary', {}, el('span', { i18n: 'learning.request.open' }), el('span', { class: 'app-visually-hidden', bi: o.title })),
        requestForm(o))
      : null));
  return section('offers', 'learning.offersHeading',
    group ? el('p', {}, el('strong', { bi: group.name }), ' — ', el('span', { bi: group.about })) : null,
    el('p', { i18n: 'learning.offersIntro' }),
    el('ul', { class: 'app-cards' }, cards),
    mayRequest(session) ? el('p', {}, el('a', { href: '/learning.html?view=requests', i18n: 'learning.requests.link' })) : null);
}

// The expert group's answer: accept or decline a new request, complete or
// decline an accepted one.
function answerForm(r, onDone) {
  const form = el('form', { class: 'app-form', 'data-answer-form': r.id });
  const steps = r.status === 'requested' ? ['accepted', 'declined'] : r.status === 'accepted' ? ['done', 'declined'] : [];
  if (!steps.length) return null;
  const answerField = field({ name: 'answer', label: 'learning.answerLabel', type: 'textarea', rows: 2, attrs: { maxlength: '2000' } });
  const buttons = steps.map((s, i) => el('button', {
    type: 'submit', value: s, class: `utrecht-button ${i === 0 ? 'utrecht-button--primary-action' : 'utrecht-button--secondary-action'}`,
    i18n: `learning.answer.${s}`,
  }));
  form.append(answerField, el('div', { class: 'utrecht-button-group app-actions' }, buttons));
  let chosen = steps[0];
  for (const b of buttons) b.addEventListener('click', () => { chosen = b.value; });
  onSubmit(form, async (f) => {
    const answer = value(f, 'answer');
    const body = { status: chosen };
    if (answer) body.answer = answer;
    const updated = await api.patch(`/expert-requests/${q(r.id)}`, body);
    announce('learning.requestUpdated');
    onDone(updated);
  });
  return form;
}

function requestCard(r, inbox) {
  const card = el('li', { class: 'app-card', 'data-request': r.id, 'data-status': r.status });
  const render = (req) => {
    const id = nextId('req');
    fill(card,
      el('h3', { class: 'app-card__title', id }, req.offer.title ? el('span', { bi: req.offer.title }) : el('span', { text: req.offer.id })),
      el('p', { class: 'app-card__meta' },
        badge(STATUS_KIND[req.status] || 'neutral', `learning.status.${req.status}`),
        el('time', { time: req.createdAt })),
      el('dl', { class: 'app-facts' },
        inbox ? el('div', {}, el('dt', { i18n: 'learning.requestFrom' }),
          el('dd', { text: `${req.requester.login} · ${req.requester.organisation ? req.requester.organisation.name : ''}` })) : null,
        el('div', {}, el('dt', { i18n: 'learning.requestPurpose' }), el('dd', { text: req.purpose })),
        el('div', {}, el('dt', { i18n: 'learning.requestContact' }), el('dd', { text: req.contact })),
        req.answer ? el('div', {}, el('dt', { i18n: 'learning.requestAnswer' }), el('dd', { text: req.answer })) : null),
      inbox ? answerForm(req, render) : null);
    card.dataset.status = req.status;
  };
  render(r);
  return card;
}

// My requests, or the expert group's inbox; one request when id is given.
export async function renderRequests(session, id) {
  const inbox = isExpertGroup(session);
  heading(inbox ? 'learning.inboxHeading' : 'learning.requestsHeading');
  back('/learning.html', 'learning.back');
  const items = id ? [await api.get(`/expert-requests/${q(id)}`)] : await getAll('/expert-requests');
  fill(byId('learning'),
    el('p', { i18n: inbox ? 'learning.inboxIntro' : 'learning.requestsIntro' }),
    id ? el('p', {}, el('a', { href: '/learning.html?view=requests', i18n: 'learning.requests.all' })) : null,
    items.length
      ? el('ul', { class: 'app-cards', id: 'requests' }, items.slice().reverse().map((r) => requestCard(r, inbox)))
      : el('p', { class: 'app-muted', i18n: 'learning.requestsNone' }));
}
