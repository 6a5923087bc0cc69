// The analyst's page of the network of recruitment chains: ask an
// analysis (with the purpose it serves, which is audited), follow its
// progress on the graph worker or cancel it, and read the result; open
// alerts are tasks to look into.  Police officers and prosecutors see the
// neighbourhood of the youths of their own screenings only.
import { api, ApiError, q } from './api.js';
import { byId, clear, el, fill, param, show } from './dom.js';
import { CHOICE_CLASS, field, onSubmit, requireFilled, showProblem, submitButton, value } from './forms.js';
import { t } from './i18n.js';
import { boot, pageError, announce } from './page.js';
import { result } from './network-results.js';

const ANALYST_KINDS = ['overview', 'neighbourhood', 'component', 'chains', 'key-actors', 'communities',
  'paths', 'links', 'disruption', 'changes'];
const NEEDS_PERSON = new Set(['neighbourhood', 'component', 'paths', 'links']);

let running = null; // the job being followed: {id, cancelled}

// The worker's phases, in the reader's language.
const PHASES = {
  queued: 'queued', 'loading the network': 'loading', 'building the graph': 'building',
  'recruitment chains': 'chains', betweenness: 'betweenness', pagerank: 'pagerank', brokers: 'brokers',
  communities: 'communities', 'k-cores': 'cores', layout: 'layout', disruption: 'disruption',
  'writing the result': 'writing', done: 'done',
};

function phaseText(phase) {
  return PHASES[phase] ? t(`network.phase.${PHASES[phase]}`) : phase || '';
}

function progressView(job) {
  const pct = job.progress ? job.progress.fraction : 0;
  return [
    el('p', { i18n: `network.status.${job.status}` }),
    el('label', { for: 'net-progress-bar', i18n: 'network.job.progress', args: { phase: phaseText(job.progress ? job.progress.phase : '') } }),
    el('progress', { id: 'net-progress-bar', class: 'net-progress', max: 100, value: pct }),
    job.status === 'queued' || job.status === 'running'
      ? el('p', {}, el('button', { type: 'button', class: 'utrecht-button utrecht-button--secondary-action', id: 'net-cancel',
        i18n: 'network.job.cancel', onclick: () => cancel(job.id) }))
      : null,
    job.error ? el('p', { class: 'app-detail', text: job.error }) : null,
  ];
}

async function cancel(id) {
  if (running && running.id === id) running.cancelled = true;
  try {
    await api.del(`/network/analyses/${q(id)}`);
    announce('network.job.cancelled');
  } catch (err) {
    pageError(err);
  }
}

// Follows a job until it is finished, showing its progress; resolves with
// the finished job.
async function follow(job) {
  running = { id: job.id, cancelled: false };
  show(byId('network-job'));
  let now = job;
  fill(byId('network-progress'), progressView(now));
  // The answer to the request that started it never holds the result, even
  // when the worker was quick enough to finish first: read it back.
  while (now.status === 'queued' || now.status === 'running' || (now.status === 'done' && !now.result)) {
    // eslint-disable-next-line no-await-in-loop
    now = await api.get(`/network/analyses/${q(job.id)}?wait=2`);
    fill(byId('network-progress'), progressView(now));
  }
  running = null;
  return now;
}

function showResult(kind, job) {
  const section = byId('network-result');
  const body = clear(byId('network-result-body'));
  show(section);
  if (job.status !== 'done') {
    body.append(el('p', { i18n: `network.status.${job.status}` }));
    return;
  }
  body.append(el('p', { class: 'app-muted', i18n: 'network.result.kind', args: { kind: job.kind } }), ...result(kind, job.result));
  byId('network-result-heading').focus?.();
}

function request(form, kinds) {
  const kind = value(form, 'kind');
  const body = { kind, purpose: value(form, 'purpose').trim() };
  const person = value(form, 'personId').trim();
  const target = value(form, 'targetId').trim();
  if (person) body.personId = person;
  if (target && kind === 'paths') body.targetId = target;
  if (kind === 'neighbourhood') body.depth = Number(value(form, 'depth') || 1);
  if (kind === 'communities' && value(form, 'method')) body.method = value(form, 'method');
  if (kind === 'paths' && form.elements.directed && form.elements.directed.checked) body.directed = true;
  if (kind === 'paths' && form.elements.timeOrdered && form.elements.timeOrdered.checked) body.timeOrdered = true;
  if (kind === 'disruption' && person) {
    body.personIds = [person];
    body.strategies = ['betweenness', 'degree', 'random', 'chosen'];
    delete body.personId;
  }
  if (!kinds.includes(kind)) body.kind = kinds[0];
  return body;
}

function checkbox(name, key) {
  const id = `net-${name}`;
  return el('div', { class: 'utrecht-form-field utrecht-form-field--checkbox app-field' },
    el('input', { type: 'checkbox', id, name, class: CHOICE_CLASS.checkbox }),
    el('label', { for: id, class: 'utrecht-form-label utrecht-form-label--checkbox', i18n: key }));
}

function buildForm(form, kinds, analyst) {
  fill(form,
    el('div', { class: 'app-error-summary', hidden: true, tabindex: -1 }),
    field({ name: 'purpose', label: 'network.form.purpose', hint: 'network.form.purposeHint', required: true, attrs: { maxlength: 200, autocomplete: 'off' } }),
    field({ name: 'kind', label: 'network.form.kind', type: 'select', options: kinds.map((k) => ({ value: k, label: `network.kind-of.${k}` })) }),
    field({ name: 'personId', label: 'network.form.person', hint: 'network.form.personHint', value: param('person') || undefined, attrs: { autocomplete: 'off', spellcheck: 'false' } }),
    analyst ? field({ name: 'targetId', label: 'network.form.target', hint: 'network.form.targetHint', attrs: { autocomplete: 'off', spellcheck: 'false' } }) : null,
    field({ name: 'depth', label: 'network.form.depth', type: 'select', options: (analyst ? [1, 2, 3] : [1, 2]).map((d) => ({ value: String(d), text: String(d) })) }),
    analyst ? field({ name: 'method', label: 'network.form.method', type: 'select', options: [
      { value: 'leiden', label: 'network.method.leiden' }, { value: 'louvain', label: 'network.method.louvain' },
      { value: 'label-propagation', label: 'network.method.label-propagation' }] }) : null,
    analyst ? checkbox('directed', 'network.form.directed') : null,
    analyst ? checkbox('timeOrdered', 'network.form.timeOrdered') : null,
    el('div', { class: 'app-form__actions' }, submitButton('network.form.submit')));
  if (!analyst) form.elements.kind.value = 'neighbourhood';
}

async function ask(form, kinds) {
  const body = request(form, kinds);
  show(byId('network-result'), false);
  const job = await api.post('/network/analyses', body);
  const done = await follow(job);
  showResult(body.kind, done);
}

function alertItem(a, refresh) {
  const title = a.title || {};
  return el('li', { class: 'app-card', 'data-alert': a.id },
    el('p', { class: 'app-card__title', bi: { nl: title.nl || a.rule, en: title.en || a.rule } }),
    el('p', { class: 'app-card__meta' }, el('span', { i18n: 'network.alerts.raised' }), ' ', el('time', { time: a.raisedAt })),
    a.summary && a.summary.why ? el('p', { bi: a.summary.why }) : null,
    el('p', { class: 'app-card__meta', i18n: 'network.alerts.persons', args: { count: (a.summary && a.summary.persons ? a.summary.persons.length : 0) } }),
    el('p', { class: 'app-card__actions' }, el('button', {
      type: 'button', class: 'utrecht-button utrecht-button--secondary-action', i18n: 'network.alerts.acknowledge',
      onclick: async () => {
        try {
          await api.patch(`/network/alerts/${q(a.id)}`, { status: 'acknowledged' });
          announce('network.alerts.acknowledged');
          await refresh();
        } catch (err) {
          pageError(err);
        }
      },
    })));
}

async function alerts(form) {
  const list = byId('network-alert-list');
  const refresh = async () => {
    const page = await api.get('/network/alerts');
    fill(list, page.items.length ? page.items.map((a) => alertItem(a, refresh)) : el('li', { class: 'app-card app-card--empty', i18n: 'network.alerts.none' }));
  };
  show(byId('network-alerts'));
  fill(byId('network-alerts-actions'), el('button', {
    type: 'button', class: 'utrecht-button utrecht-button--secondary-action', id: 'net-check', i18n: 'network.alerts.check',
    onclick: async () => {
      const purpose = value(form, 'purpose').trim();
      if (purpose.length < 3) {
        showProblem(form, new ApiError(400, { invalidParams: [{ name: 'purpose', reason: 'required' }] }));
        form.elements.purpose.focus();
        return;
      }
      try {
        const job = await api.post('/network/alert-checks', { purpose });
        const done = await follow(job);
        announce('network.alerts.checked', { count: done.result ? done.result.raised.length : 0 });
        await refresh();
      } catch (err) {
        pageError(err);
      }
    },
  }));
  await refresh();
}

async function main() {
  const session = await boot();
  const role = session.user.role;
  const analyst = role === 'analyst';
  if (!analyst && role !== 'police-officer' && role !== 'prosecutor') {
    fill(byId('network-intro'), el('span', { i18n: 'network.notForYou' }));
    show(byId('network-ask'), false);
    return;
  }
  fill(byId('network-intro'), el('span', { i18n: analyst ? 'network.introAnalyst' : 'network.introScoped' }),
    analyst ? [' ', el('a', { href: '/relations.html', i18n: 'network.toRelations' })] : null);
  const kinds = analyst ? ANALYST_KINDS : ['neighbourhood'];
  const form = byId('network-form');
  buildForm(form, kinds, analyst);
  onSubmit(form, (f) => ask(f, kinds), (f) => {
    const errors = requireFilled(f, ['purpose']);
    if (NEEDS_PERSON.has(value(f, 'kind')) && !value(f, 'personId').trim()) errors.push({ name: 'personId', key: 'form.required' });
    if (value(f, 'kind') === 'paths' && !value(f, 'targetId').trim()) errors.push({ name: 'targetId', key: 'form.required' });
    return errors;
  });
  if (analyst) {
    try {
      await alerts(form);
    } catch (err) {
      pageError(err);
    }
  }
}

main();
