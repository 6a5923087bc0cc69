// The progress monitor: the yearly report for the reader's own area (the
// national analysis organisation: the country, or a municipality it
// chooses; a municipality: itself; any other organisation: its own
// figures), with a link to the printable report and the CSV, and the
// programme's measures.  The server decides who sees what; this page only
// shows what it is given.  Every view is a release the server records.
import { api, ApiError, q } from './api.js';
import { byId, clear, el, fill, param, show } from './dom.js';
import { field, submitButton } from './forms.js';
import { boot, pageError } from './page.js';
import { mayRefer, mayScreen } from './chain.js';
import { contents, dimensionIndex, figureSections, leadTimes, measureCards } from './monitor-view.js';

const YEARS = 10;

function reportQuery(year, municipality) {
  return `year=${q(year)}${municipality ? `&municipality=${q(municipality)}` : ''}`;
}

// The year and area to show, chosen in a plain GET form: the page's
// address names the view, so it can be bookmarked and shared.
function filterForm(report, year, municipality) {
  const form = clear(byId('monitor-filter'));
  const now = new Date().getFullYear();
  const years = Array.from({ length: YEARS }, (_, i) => String(now - i));
  const yearField = field({
    name: 'year', type: 'select', label: 'monitor.year', required: true,
    options: years.map((y) => ({ value: y, text: y })), value: String(year),
  });
  form.append(yearField);
  if (report.areas.length > 1) {
    form.append(field({
      name: 'municipality', type: 'select', label: 'monitor.area', required: true,
      options: [{ value: '', label: 'monitor.national' }, ...report.areas.map((a) => ({ value: a, text: a }))],
      value: municipality || '',
    }));
  }
  form.append(el('div', { class: 'app-actions' }, submitButton('monitor.show')));
  show(form, true);
}

function printable(query) {
  const lang = document.documentElement.lang === 'en' ? 'en' : 'nl';
  return `/api/v1/reports/progress?${query}&format=html&lang=${lang}`;
}

function introKey(level) {
  return { national: 'monitor.intro.national', municipality: 'monitor.intro.municipality' }[level] || 'monitor.intro.organisation';
}

function summary(report, year, municipality) {
  const query = reportQuery(year, municipality);
  const release = report.release;
  return [
    el('p', {}, el('span', {
      i18n: 'monitor.protection', args: { k: report.threshold },
    })),
    release.furtherSuppressed > 0
      ? el('div', { class: 'utrecht-alert utrecht-alert--warning' },
        el('div', { class: 'utrecht-alert__content' }, el('div', { class: 'utrecht-alert__message' },
          el('p', { i18n: 'monitor.further', args: { cells: release.furtherSuppressed } }))))
      : null,
    el('p', { class: 'app-muted', id: 'monitor-release', 'data-release': release.id },
      el('span', { i18n: 'monitor.released' }), ' ', el('time', { time: release.releasedAt }),
      ' · ', el('span', { i18n: 'monitor.release', args: { id: release.id } })),
    el('ul', { class: 'app-plain-list app-report-links' },
      el('li', {}, el('a', {
        id: 'monitor-printable', href: printable(query), target: '_blank', rel: 'noopener',
        i18n: 'monitor.printable',
        // In the language the page is in when it is followed.
        onclick: (e) => { e.currentTarget.href = printable(query); },
      })),
      el('li', {}, el('a', {
        id: 'monitor-csv', href: `/api/v1/reports/progress?${query}&format=csv`, download: `voortgang-${year}.csv`,
        i18n: 'monitor.csv',
      }))),
  ];
}

// The ordinary list behind a figure, for the roles that work those
// records; it shows only what the reader may see, and audits each read.
function drillDown(session) {
  return (figure) => {
    if (figure === 'referrals' && mayRefer(session)) return '/referrals.html';
    if (['screenings', 'decisions', 'diversions'].includes(figure) && mayScreen(session)) return '/screenings.html';
    return null;
  };
}

async function showMeasures() {
  try {
    const measures = await api.get('/measures');
    fill(byId('monitor-measures-intro'), el('span', { i18n: 'monitor.measuresIntro', args: { version: measures.version } }));
    fill(byId('monitor-measure-list'), measureCards(measures));
    show(byId('monitor-measures'), true);
  } catch (err) {
    pageError(err);
  }
}

async function main() {
  const session = await boot();
  const now = new Date().getFullYear();
  const asked = param('year');
  const year = asked && /^\d{4}$/.test(asked) ? asked : String(now);
  const municipality = param('municipality') || '';
  const measures = showMeasures();
  fill(byId('page-status'), el('p', { i18n: 'monitor.loading' }));
  let report;
  try {
    report = await api.get(`/reports/progress?${reportQuery(year, municipality)}`);
  } catch (err) {
    clear(byId('page-status'));
    for (const node of document.querySelectorAll('[data-needs-record]')) node.hidden = true;
    const forbidden = err instanceof ApiError && err.status === 403;
    pageError(err, forbidden ? 'monitor.forbidden' : undefined);
    // A bad year or area: the reader can choose again.
    if (!forbidden) filterForm({ areas: [] }, year, municipality);
    await measures;
    return;
  }
  clear(byId('page-status'));
  fill(byId('monitor-intro'), el('span', { i18n: introKey(report.scope.level), args: { name: report.scope.name, year: report.year } }));
  filterForm(report, report.year, report.scope.municipality || '');
  fill(byId('monitor-summary'), summary(report, report.year, report.scope.municipality || ''));
  const sections = figureSections(report, dimensionIndex(report), drillDown(session));
  fill(byId('monitor-contents'), el('h2', { i18n: 'monitor.contents' }), contents(sections));
  fill(byId('monitor-figures'), sections.map((s) => s.node));
  fill(byId('monitor-lead-list'), leadTimes(report));
  show(byId('monitor-leads'), true);
  document.body.dataset.ready = 'true';
  await measures;
}

main();
