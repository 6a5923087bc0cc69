// The school's care coordinator: how many of the staff finished which
// learning path and which signs staff most often miss in the cases (counts
// only, never names or a ranking of people), and the resilience lessons the
// school gave: which programme, to which year group, when.
import { api, getAll, q } from './api.js';
import { byId, el, fill, today } from './dom.js';
import { field, onSubmit, requireFilled, submitButton, value } from './forms.js';
import { apply } from './i18n.js';
import { announce, pageError } from './page.js';
import { back, heading, section } from './learning-view.js';

function table(id, captionKey, headKeys, rows) {
  return el('div', { class: 'app-table-wrap' },
    el('table', { class: 'utrecht-table', id },
      el('caption', { class: 'utrecht-table__caption', i18n: captionKey }),
      el('thead', { class: 'utrecht-table__header' },
        el('tr', { class: 'utrecht-table__row' }, headKeys.map((k) => el('th', { class: 'utrecht-table__header-cell', scope: 'col', i18n: k })))),
      el('tbody', { class: 'utrecht-table__body' }, rows)));
}

function cell(...children) {
  return el('td', { class: 'utrecht-table__cell' }, ...children);
}

function countsView(o) {
  const facts = el('dl', { class: 'app-facts', id: 'school-counts' },
    el('div', {}, el('dt', { i18n: 'learning.school.staff' }), el('dd', { text: o.staff })),
    el('div', {}, el('dt', { i18n: 'learning.school.learners' }), el('dd', { text: o.learners })),
    el('div', {}, el('dt', { i18n: 'learning.school.answers' }), el('dd', { text: o.answers })));
  const paths = table('school-paths', 'learning.school.pathsHeading', ['learning.school.path', 'learning.school.finishedCount'],
    o.paths.map((p) => el('tr', { class: 'utrecht-table__row', 'data-path': p.id },
      cell(el('span', { bi: p.title })), cell(el('span', { text: p.finished })))));
  const missed = o.mostMissed.length
    ? el('ol', { id: 'school-missed' }, o.mostMissed.map((m) => el('li', { 'data-indicator': m.id },
      el('span', { class: 'app-code', text: m.id }), ' ', m.text ? el('span', { bi: m.text }) : null, ' — ',
      el('span', { i18n: 'learning.school.missedCount', args: { missed: m.missed, asked: m.asked } }))))
    : el('p', { class: 'app-muted', id: 'school-missed', i18n: 'learning.school.missedNone' });
  return section('school-learning', 'learning.school.countsHeading',
    el('p', { i18n: 'learning.school.intro' }), facts, paths,
    el('h3', { i18n: 'learning.school.missedHeading' }),
    el('p', { i18n: 'learning.school.missedIntro' }), missed);
}

function lessonForm(catalogue, onSaved) {
  const programmes = catalogue.items.map((p) => ({ value: p.id, text: p.name }));
  const groups = catalogue.yearGroups.map((g) => ({ value: g.id, text: g.nl }));
  const form = el('form', { class: 'app-form', id: 'lesson-form' },
    field({ name: 'programmeId', label: 'learning.resilience.programme', type: 'select', required: true, options: [{ value: '', label: 'form.choose' }, ...programmes] }),
    field({ name: 'yearGroup', label: 'learning.resilience.yearGroup', type: 'select', required: true, options: [{ value: '', label: 'form.choose' }, ...groups] }),
    field({ name: 'classes', label: 'learning.resilience.classes', type: 'number', required: true, value: '1', attrs: { min: '1', max: '100', inputmode: 'numeric', class: 'app-input-short' } }),
    field({ name: 'lessons', label: 'learning.resilience.lessons', type: 'number', required: true, value: '1', attrs: { min: '1', max: '200', inputmode: 'numeric', class: 'app-input-short' } }),
    field({ name: 'givenFrom', label: 'learning.resilience.givenFrom', type: 'date', required: true, value: today(), attrs: { max: today() } }),
    field({ name: 'givenUntil', label: 'learning.resilience.givenUntil', hint: 'learning.resilience.givenUntilHint', type: 'date', attrs: { max: today() } }),
    el('div', { class: 'app-actions' }, submitButton('learning.resilience.submit')));
  onSubmit(form, async (f) => {
    const body = {
      programmeId: value(f, 'programmeId'), yearGroup: value(f, 'yearGroup'),
      classes: Number(value(f, 'classes')), lessons: Number(value(f, 'lessons')), givenFrom: value(f, 'givenFrom'),
    };
    if (value(f, 'givenUntil')) body.givenUntil = value(f, 'givenUntil');
    await api.post('/learning/resilience-lessons', body);
    announce('learning.resilience.saved');
    await onSaved();
  }, (f) => requireFilled(f, ['programmeId', 'yearGroup', 'classes', 'lessons', 'givenFrom']));
  return form;
}

async function refreshLessons() {
  const [lessons, counts] = await Promise.all([getAll('/learning/resilience-lessons'), api.get('/learning/resilience-counts')]);
  const list = lessons.length
    ? el('ul', { class: 'app-cards', id: 'lessons' }, lessons.slice().reverse().map((l) => {
      const remove = el('button', { type: 'button', class: 'utrecht-button utrecht-button--secondary-action', i18n: 'learning.resilience.delete' });
      remove.addEventListener('click', async () => {
        try {
          await api.del(`/learning/resilience-lessons/${q(l.id)}`);
          announce('learning.resilience.deleted');
          await refreshLessons();
        } catch (err) {
          pageError(err);
        }
      });
      return el('li', { class: 'app-card', 'data-lesson': l.id },
        el('p', { class: 'app-card__title' }, el('span', { text: l.programme.name || l.programme.id }), ' — ',
          el('span', { bi: { nl: l.yearGroup.nl || l.yearGroup.id, en: l.yearGroup.en || l.yearGroup.id } })),
        el('p', { class: 'app-card__meta' },
          el('span', {}, el('span', { i18n: 'learning.resilience.summary', args: { classes: l.classes } }), ', ',
            el('span', { i18n: 'learning.resilience.lessonCount', args: { lessons: l.lessons } })),
          el('span', {}, el('time', { date: l.givenFrom }), l.givenUntil !== l.givenFrom ? ' – ' : null,
            l.givenUntil !== l.givenFrom ? el('time', { date: l.givenUntil }) : null)),
        el('p', { class: 'app-card__actions' }, remove));
    }))
    : el('p', { class: 'app-muted', id: 'lessons', i18n: 'learning.resilience.none' });
  const countTable = table('lesson-counts', 'learning.resilience.counts',
    ['learning.resilience.programme', 'learning.resilience.records', 'learning.resilience.classes', 'learning.resilience.lessons'],
    counts.items.map((c) => el('tr', { class: 'utrecht-table__row', 'data-programme': c.programme.id },
      cell(el('span', { text: c.programme.name || c.programme.id })), cell(el('span', { text: c.records })),
      cell(el('span', { text: c.classes })), cell(el('span', { text: c.lessons })))));
  fill(byId('lessons-list'), list, counts.items.length ? countTable : null);
  apply(byId('lessons-list'));
}

export async function renderSchool(session) {
  heading('learning.school.heading');
  back('/learning.html', 'learning.back');
  if (session.user.role !== 'care-coordinator') {
    fill(byId('learning'), el('p', { i18n: 'problem.403' }));
    return;
  }
  const [overview, catalogue] = await Promise.all([api.get('/learning/overview'), api.get('/learning/resilience-programmes')]);
  fill(byId('learning'),
    countsView(overview),
    section('resilience', 'learning.resilience.heading',
      el('p', { i18n: 'learning.resilience.intro' }),
      lessonForm(catalogue, refreshLessons),
      el('div', { id: 'lessons-list' }),
      el('details', { class: 'app-details' },
        el('summary', { i18n: 'learning.resilience.catalogue' }),
        el('ul', { class: 'app-plain-list' }, catalogue.items.map((p) => el('li', {},
          el('strong', { text: p.name }), ' (', el('span', { text: p.provider }), '): ', el('span', { bi: p.aim }), ' ',
          el('span', { class: 'app-note' }, el('span', { bi: p.recognition }), '. ', el('span', { bi: p.source }))))))));
  await refreshLessons();
}
