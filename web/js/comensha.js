// Reports of a possible victim to CoMensha, for the police unit and the OM
// office of a screening: the registrations made (what, on which day, by
// whom, for which decision) and, while the published rules offer one (the
// police confirmed signs, or the OM marked a possible victim), the form to
// register one.
import { api } from './api.js';
import { byId, el, fill, today } from './dom.js';
import { checkedValue, choices, field, onSubmit, requireFilled, submitButton, value } from './forms.js';
import { announce } from './page.js';
import { orgLabel } from './chain.js';
import { userRef } from './views.js';

function whatText(prules, id) {
  const w = prules.comenshaWhat.find((x) => x.id === id);
  return w ? el('span', { bi: w }) : el('span', { text: id });
}

function reportCard(prules, r) {
  return el('li', { class: 'app-card', 'data-comensha-report': r.id },
    el('p', { class: 'app-card__title' }, whatText(prules, r.what)),
    el('p', { class: 'app-card__meta' },
      el('span', {}, el('span', { i18n: 'comensha.reportedOn' }), ' ', el('time', { date: r.reportedOn })),
      el('span', {}, el('span', { i18n: 'person.by' }), ' ', userRef(r.by)),
      orgLabel(r.org),
      r.decisionId ? el('span', { i18n: 'comensha.forDecision' }) : null),
    r.note ? el('p', { class: 'app-pre', text: r.note }) : null);
}

// Fills box for screening s; saved() reloads the page's record.  When the
// OM reports (byOm), the report names its last decision that marked a
// possible victim.
export function renderComensha(box, s, prules, { saved, byOm = false }) {
  const c = s.comensha || { offered: false, reports: [] };
  if (!c.offered && !c.reports.length) {
    fill(box);
    return;
  }
  const parts = [el('h3', { id: 'comensha-heading', tabindex: '-1', i18n: 'comensha.heading' })];
  parts.push(c.reports.length
    ? el('ul', { class: 'app-cards', id: 'comensha-reports' }, c.reports.map((r) => reportCard(prules, r)))
    : el('p', { class: 'app-muted', i18n: 'comensha.none' }));
  if (c.offered) {
    const marked = (s.decisions || []).filter((d) => d.possibleVictim);
    const form = el('form', { id: 'comensha-form', class: 'app-form' },
      el('p', { i18n: c.reports.length ? 'comensha.introAgain' : 'comensha.intro' }),
      choices({
        name: 'what', legend: 'comensha.what', required: true,
        value: prules.comenshaWhat.length ? prules.comenshaWhat[0].id : '',
        options: prules.comenshaWhat.map((w) => ({ value: w.id, bi: w })),
      }),
      field({ name: 'reportedOn', label: 'comensha.on', type: 'date', required: true, value: today(), attrs: { max: today(), min: s.arrestedOn } }),
      field({ name: 'note', label: 'comensha.note', hint: 'comensha.noteHint', type: 'textarea', rows: 2, attrs: { maxlength: '1000' } }),
      submitButton('comensha.submit'));
    onSubmit(form, async (f) => {
      const body = { screeningId: s.id, what: checkedValue(f, 'what'), reportedOn: value(f, 'reportedOn') };
      if (value(f, 'note')) body.note = value(f, 'note');
      if (marked.length && byOm) body.decisionId = marked[marked.length - 1].id;
      await api.post('/comensha-reports', body);
      await saved();
      announce('comensha.saved');
      const heading = byId('comensha-heading');
      if (heading) heading.focus();
    }, (f) => requireFilled(f, ['what', 'reportedOn']));
    parts.push(form);
  }
  fill(box, ...parts);
}
