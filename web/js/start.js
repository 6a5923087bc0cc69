// The start page: who I am, my tasks (overdue ones marked), my school's
// open cases for a care coordinator, the children to pick from, and a form
// to register a new child.
import { ApiError, api, getAll, q } from './api.js';
import { byId, clear, el, facts, fill, today } from './dom.js';
import { field, onSubmit, requireFilled, submitButton, value } from './forms.js';
import { announce, boot, pageError } from './page.js';
import { badge, caseLabel, personLink } from './views.js';
import { mayRefer, mayScreen } from './chain.js';
import { mayReadPersons, usesReferenceIndex, workCards } from './roles.js';

let session;

function isForbidden(err) {
  return err instanceof ApiError && err.status === 403;
}
let persons = [];

// Where a clock or a notice of the chain leads: the referral, the
// screening (the police's page, or the prosecutor's decision page).
function chainHref(type, id) {
  // A privacy officer is told of an override, and checks its reason on
  // the privacy page, not in the referral.
  if (!id) return null;
  if (session.user.role === 'privacy-officer') return type === 'referral' ? `/privacy.html#override-${q(id)}` : null;
  switch (type) {
    case 'referral': return `/referral.html?id=${q(id)}`;
    case 'screening':
      return session.user.role === 'prosecutor' ? `/decision.html?screening=${q(id)}` : `/screening.html?id=${q(id)}`;
    case 'case': return `/case.html?id=${q(id)}`;
    // A signal to consult about today: its guidance, with the child.
    case 'signal': return `/assessment.html?signal=${q(id)}`;
    case 'expert-request': return `/learning.html?request=${q(id)}`;
    default: return null;
  }
}

function taskHref(task) {
  if (task.type === 'clock') return chainHref(task.subjectType, task.subjectId) || (mayRefer(session) ? '/referrals.html' : null);
  if (task.type === 'notification') return chainHref(task.recordType, task.recordId) || (mayRefer(session) ? '/referrals.html' : null);
  // A privacy officer looks into a flag on the privacy page.
  if (task.type === 'concern-flagged' && session.user.role === 'privacy-officer') return '/privacy.html#flags-heading';
  if (task.matchId || task.type === 'concern-flagged') return '/concerns.html';
  // Only care coordinators may open a case; others follow the child, where
  // their own actions about the child are listed.
  if (session.user.role === 'care-coordinator' && task.caseId) {
    return `/case.html?id=${q(task.caseId)}${task.type === 'action' ? '#actions-heading' : task.type === 'meldcode-step' ? '#meldcode-heading' : ''}`;
  }
  return `/person.html?id=${q(task.personId)}${task.type === 'action' ? '#my-actions-heading' : ''}`;
}

// What the task is, and about which child when the reader may know that
// child (an action, a signal to consult about today).
function taskTitle(task) {
  const what = task.title && typeof task.title === 'object' ? el('span', { bi: task.title }) : el('span', { text: task.title || '' });
  const child = task.personId && ['action', 'notification'].includes(task.type)
    ? persons.find((p) => p.id === task.personId) : null;
  return child ? el('span', {}, what, el('span', { class: 'app-task-child', text: ` — ${child.name}` })) : what;
}

function renderTasks(tasks) {
  const list = clear(byId('tasks'));
  const summary = byId('tasks-summary');
  if (!tasks.items.length) {
    fill(summary, el('span', { i18n: 'start.noTasks' }));
    return;
  }
  fill(summary, el('span', {
    i18n: tasks.overdue ? 'start.tasksOverdue' : 'start.tasksCount',
    args: { count: tasks.items.length, overdue: tasks.overdue },
  }));
  for (const task of tasks.items) {
    const notice = task.type === 'notification';
    const meta = el('p', { class: 'app-card__meta' },
      el('span', { i18n: `task.type.${task.type}`, args: { step: task.step } }),
      notice ? el('time', { time: task.createdAt }) : null,
      task.dueOn && !notice ? el('span', {}, el('span', { i18n: 'start.due' }), ' ', el('time', { date: task.dueOn })) : null,
      task.type === 'clock' && task.responsible
        ? el('span', {}, el('span', { i18n: 'clock.responsible' }), ' ', el('span', { text: task.responsible.name })) : null,
      task.daysWithoutProgress !== undefined
        ? el('span', { i18n: 'start.daysWithoutProgress', args: { days: task.daysWithoutProgress } }) : null,
      task.overdue ? badge('danger', 'start.overdue') : null);
    list.append(el('li', { class: `app-card${task.overdue ? ' app-card--overdue' : ''}`, 'data-task': task.type },
      el('p', { class: 'app-card__title', id: notice || task.type === 'action' ? `task-${task.id}` : null },
        taskHref(task) ? el('a', { href: taskHref(task) }, taskTitle(task)) : taskTitle(task)),
      meta,
      notice ? el('p', {}, readButton(task)) : null,
      task.type === 'action' ? el('p', {}, doneButton(task)) : null));
  }
}

// An action agreed in a case consultation is marked done by its owner
// here, or where the child's record lists it.
function doneButton(task) {
  const button = el('button', {
    type: 'button', class: 'utrecht-button utrecht-button--secondary-action', i18n: 'case.markDone', 'aria-describedby': `task-${task.id}`,
  });
  button.addEventListener('click', async () => {
    button.setAttribute('aria-busy', 'true');
    try {
      await api.patch(`/actions/${q(task.id)}`, { done: true });
      renderTasks(await api.get('/tasks'));
      announce('case.actionDone', { action: task.title });
    } catch (err) {
      pageError(err);
    } finally {
      button.removeAttribute('aria-busy');
    }
  });
  return button;
}

// A notice is read by opening what it is about, or by this button.
function readButton(task) {
  const button = el('button', {
    type: 'button', class: 'utrecht-button utrecht-button--subtle', i18n: 'start.markRead', 'aria-describedby': `task-${task.id}`,
  });
  button.addEventListener('click', async () => {
    button.setAttribute('aria-busy', 'true');
    try {
      await api.patch(`/notifications/${q(task.id)}`, { read: true });
      renderTasks(await api.get('/tasks'));
      announce('start.markedRead');
    } catch (err) {
      pageError(err);
    } finally {
      button.removeAttribute('aria-busy');
    }
  });
  return button;
}

// Links to the chain's lists for the roles that work them.
function renderChainLinks() {
  const links = [];
  if (mayRefer(session)) links.push(el('a', { href: '/referrals.html', i18n: 'start.toReferrals' }));
  if (mayScreen(session)) links.push(el('a', { href: '/screenings.html', i18n: 'start.toScreenings' }));
  if (session.user.role === 'police-officer') links.push(el('a', { href: '/screening.html', i18n: 'start.newScreening' }));
  const nav = byId('chain-links');
  if (!nav || !links.length) return;
  fill(nav, el('ul', { class: 'app-card__actions' }, links.map((a) => el('li', {}, a))));
  nav.hidden = false;
}

// The pages of the role's own work (roles.js), and the reference index
// for those who work with it.
function renderWork() {
  const cards = workCards(session);
  if (cards.length) {
    fill(byId('work'), cards);
    byId('work-section').hidden = false;
  }
  byId('concerns-link').hidden = !usesReferenceIndex(session);
}

function renderCases(cases) {
  byId('cases-section').hidden = false;
  const list = clear(byId('cases'));
  if (!cases.length) {
    list.append(el('li', { class: 'app-card app-card--empty', i18n: 'start.noCases' }));
    return;
  }
  const names = new Map(persons.map((p) => [p.id, p.name]));
  for (const c of cases) {
    const meldcode = c.meldcode || {};
    const step = meldcode.decision
      ? el('span', {}, el('span', { i18n: 'case.decisionLabel' }), ' ', el('span', { i18n: `decision.${meldcode.decision}` }))
      : el('span', { i18n: 'start.nextStep', args: { step: meldcode.nextStep } });
    list.append(el('li', { class: `app-card${c.stale ? ' app-card--overdue' : ''}` },
      el('p', { class: 'app-card__title' },
        el('a', { href: `/case.html?id=${q(c.id)}` }, caseLabel(c, names.get(c.person.id)))),
      el('p', { class: 'app-card__meta' },
        step,
        el('span', {}, el('span', { i18n: 'start.opened' }), ' ', el('time', { time: c.openedAt })),
        el('span', { i18n: 'start.daysWithoutProgress', args: { days: c.daysWithoutProgress } }),
        meldcode.overdue ? badge('danger', 'start.stepOverdue') : null,
        c.stale ? badge('warning', 'start.stale') : null)));
  }
}

function renderPersons() {
  const filter = byId('person-filter').value.trim().toLowerCase();
  const list = clear(byId('persons'));
  const shown = persons.filter((p) => !filter || (p.name || '').toLowerCase().includes(filter));
  fill(byId('persons-count'), el('span', {
    i18n: 'start.personsCount', args: { shown: shown.length, total: persons.length },
  }));
  for (const p of shown) {
    list.append(el('li', { class: 'app-card app-person' },
      el('p', { class: 'app-card__title' }, personLink(p)),
      el('p', { class: 'app-card__meta' },
        el('span', {}, el('span', { i18n: 'person.born' }), ' ', el('time', { date: p.birthDate }))),
      el('p', { class: 'app-card__actions' },
        el('a', {
          class: 'utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action',
          href: `/signal.html?person=${q(p.id)}`, i18n: 'start.recordSignal', 'aria-describedby': `pname-${p.id}`,
        }),
        el('a', { href: `/person.html?id=${q(p.id)}`, i18n: 'start.chronology', 'aria-describedby': `pname-${p.id}` }))));
  }
}

function buildPersonForm() {
  const form = byId('person-form');
  form.append(
    field({ name: 'name', label: 'person.name', required: true, attrs: { autocomplete: 'off', maxlength: '200' } }),
    field({ name: 'birthDate', label: 'person.birthDate', type: 'date', required: true, attrs: { max: today() } }),
    field({
      name: 'gender', label: 'person.gender', type: 'select', required: true,
      options: [{ value: '', label: 'form.choose' }, ...['female', 'male', 'x', 'unknown'].map((g) => ({ value: g, label: `gender.${g}` }))],
    }),
    field({ name: 'municipality', label: 'person.municipality', required: true, attrs: { maxlength: '80' } }),
    field({ name: 'bsn', label: 'person.bsn', hint: 'person.bsnHint', attrs: { inputmode: 'numeric', maxlength: '9', autocomplete: 'off', class: 'app-input-short' } }),
    submitButton('start.registerPerson'));
  onSubmit(form, async (f) => {
    const body = {
      name: value(f, 'name'), birthDate: value(f, 'birthDate'), gender: value(f, 'gender'),
      municipality: value(f, 'municipality'), bsn: value(f, 'bsn') || null,
    };
    const person = await api.post('/persons', body);
    persons.unshift(person);
    f.reset();
    byId('person-filter').value = '';
    renderPersons();
    announce('start.personRegistered', { name: person.name });
    const link = document.querySelector(`#persons a[href="/signal.html?person=${q(person.id)}"]`);
    if (link) link.focus();
  }, (f) => requireFilled(f, ['name', 'birthDate', 'gender', 'municipality']));
}

async function main() {
  session = await boot();
  fill(byId('whoami'), facts([
    ['start.loggedInAs', el('span', { text: session.user.login })],
    ['start.role', el('span', { i18n: `role.${session.user.role}` })],
    ['start.organisation', el('span', { text: session.organisation.name })],
  ]));
  renderChainLinks();
  renderWork();
  buildPersonForm();
  byId('person-filter').addEventListener('input', renderPersons);
  const isCoordinator = session.user.role === 'care-coordinator';
  // Roles without access to children (administrators, auditors, analysts)
  // see no list, and do not ask for one.
  const readsPersons = mayReadPersons(session);
  const [tasks, list, cases] = await Promise.allSettled([
    api.get('/tasks'),
    readsPersons ? getAll('/persons') : Promise.resolve(null),
    isCoordinator ? getAll('/cases?status=open') : Promise.resolve(null),
  ]);
  if (list.status === 'fulfilled' && list.value) {
    persons = list.value;
    renderPersons();
  } else if (!readsPersons || isForbidden(list.reason)) {
    for (const id of ['persons-section', 'new-person-section']) byId(id).hidden = true;
  } else {
    pageError(list.reason);
  }
  if (tasks.status === 'fulfilled') renderTasks(tasks.value);
  else if (isForbidden(tasks.reason)) byId('tasks-section').hidden = true;
  else pageError(tasks.reason);
  if (cases.status === 'fulfilled' && cases.value) renderCases(cases.value);
  else if (cases.status === 'rejected') pageError(cases.reason);
}

main();
