// The progress report on the page: each figure's tables with their
// definitions, the lead times and the programme's measures.  The report
// comes protected from the server; a suppressed cell has no value, and is
// shown as a marked "x" (with "suppressed" for screen readers), never as 0.
// Every name of a dimension or code comes from the report's own
// "dimensions" (Dutch and English), so it follows the language switch.
import { el } from './dom.js';
import { badge } from './views.js';

// Dimension id -> {name: {nl, en}, codes: Map(code -> {nl, en})}.
export function dimensionIndex(report) {
  const index = new Map();
  for (const d of report.dimensions || []) {
    const codes = new Map((d.codes || []).map((c) => [c.code, { nl: c.nl, en: c.en }]));
    index.set(d.id, { name: { nl: d.nl, en: d.en }, codes });
  }
  return index;
}

function dimName(dims, id) {
  const d = dims.get(id);
  return d ? el('span', { bi: d.name }) : el('span', { text: id });
}

function codeName(dims, dim, code) {
  if (code === 'total') return el('span', { i18n: 'monitor.total' });
  const c = dims.get(dim) && dims.get(dim).codes.get(code);
  return c ? el('span', { bi: c }) : el('span', { text: code });
}

export function suppressedMark() {
  return el('span', { class: 'app-suppressed', 'data-suppressed': '' },
    el('abbr', { 'aria-hidden': 'true', i18nAttr: { title: 'monitor.suppressedTitle' } }, 'x'),
    el('span', { class: 'app-visually-hidden', i18n: 'monitor.suppressed' }));
}

// A cell carries its row and column codes, for tests and for scripts.
function cellNode(cell, row, col) {
  const suppressed = !cell || cell.suppressed || typeof cell.value !== 'number';
  return el('td', { class: suppressed ? 'app-num app-cell-suppressed' : 'app-num', 'data-row': row, 'data-col': col },
    suppressed ? suppressedMark() : String(cell.value));
}

// One table: a heading naming the figure and its dimensions (outside the
// scrolling box, so it always fits), the dimensions' codes as headers,
// totals marked, suppressed cells marked.
function tableNode(t, dims, id) {
  const single = t.columnDimension === 'children';
  const heading = el('h3', { id: `${id}-h`, class: 'app-table-title' },
    el('span', { bi: t.definition ? { nl: t.definition.nl, en: t.definition.en } : { nl: t.figure, en: t.figure } }),
    ' — ', dimName(dims, t.rowDimension),
    single ? null : [' × ', dimName(dims, t.columnDimension)]);
  const head = el('tr', {}, el('th', { scope: 'col' }, dimName(dims, t.rowDimension)),
    t.columns.map((c) => el('th', { scope: 'col', class: 'app-num' },
      single ? el('span', { i18n: 'monitor.children' }) : codeName(dims, t.columnDimension, c))));
  const body = t.cells.map((line, r) => el('tr', { class: t.rows[r] === 'total' ? 'app-total' : null },
    el('th', { scope: 'row' }, codeName(dims, t.rowDimension, t.rows[r])),
    line.map((cell, c) => cellNode(cell, t.rows[r], t.columns[c]))));
  const table = el('table', { class: 'utrecht-table app-report-table', id, 'data-table': t.name, 'aria-labelledby': `${id}-h` },
    el('thead', {}, head), el('tbody', {}, body));
  // A wide table scrolls in its own box, which the keyboard can reach.
  return [heading,
    el('div', { class: 'app-table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': `${id}-h` }, table),
    el('p', { class: 'app-muted app-table-note' },
      el('span', { i18n: 'monitor.tableName', args: { name: t.name } }),
      t.totals ? null : [' · ', el('span', { i18n: 'monitor.noTotals' })])];
}

// The tables grouped by figure, each figure with its definition and, for
// the roles that work with the records, a way to the ordinary lists.
export function figureSections(report, dims, drillDown) {
  const sections = [];
  let current = null;
  report.tables.forEach((t, i) => {
    if (!current || current.figure !== t.figure) {
      const def = t.definition || {};
      const id = `figure-${t.figure}`;
      const link = drillDown(t.figure);
      current = {
        figure: t.figure,
        id,
        title: { nl: def.nl || t.figure, en: def.en || t.figure },
        node: el('section', { class: 'app-section app-figure', id, 'data-figure': t.figure, 'aria-labelledby': `${id}-h` },
          el('h2', { id: `${id}-h`, bi: { nl: def.nl || t.figure, en: def.en || t.figure } }),
          def.definition ? el('p', {}, el('strong', { i18n: 'monitor.definition' }), ' ',
            el('span', { class: 'app-definition', bi: def.definition })) : null,
          link ? el('p', {}, el('a', { href: link, i18n: 'monitor.drillDown' })) : null),
      };
      sections.push(current);
    }
    current.node.append(...tableNode(t, dims, `table-${i}`));
  });
  return sections;
}

export function contents(sections) {
  return el('ul', {}, sections.map((s) => el('li', {}, el('a', { href: `#${s.id}`, bi: s.title }))),
    el('li', {}, el('a', { href: '#monitor-leads', i18n: 'monitor.leadTimes' })),
    el('li', {}, el('a', { href: '#monitor-measures', i18n: 'monitor.measures' })));
}

function leadValue(item) {
  const v = (x) => (x && typeof x.value === 'number' ? x.value : null);
  if (v(item.medianDays) === null || v(item.p90Days) === null) return suppressedMark();
  return el('span', {
    i18n: 'monitor.leadValue',
    args: { median: v(item.medianDays), p90: v(item.p90Days), children: v(item.children) },
  });
}

export function leadTimes(report) {
  return report.leadTimes.map((item) => el('div', { 'data-lead': item.name },
    el('dt', {}, item.label ? el('span', { bi: item.label }) : el('span', { text: item.name })),
    el('dd', {}, leadValue(item),
      item.label && item.label.definition ? el('p', { class: 'app-muted', bi: item.label.definition }) : null)));
}

const STATUS_BADGE = { implemented: 'success', 'in-progress': 'info', planned: 'neutral', 'to-confirm': 'warning' };

function dated(list, key) {
  if (!list || !list.length) return null;
  return el('div', {}, el('h4', { i18n: key }),
    el('ul', { class: 'app-plain-list' }, list.map((n) => el('li', {},
      el('time', { date: n.on }), ': ', el('span', { bi: n }),
      n.source ? el('span', { class: 'app-muted' }, ' (', el('span', { i18n: 'monitor.source' }), ' ', el('span', { bi: n.source }), ')') : null))));
}

export function measureCards(measures) {
  return measures.items.map((m) => el('li', { class: 'app-card', 'data-measure': m.id, 'data-status': m.status },
    el('h3', { class: 'app-card__title', bi: m }),
    el('p', { class: 'app-card__meta' }, badge(STATUS_BADGE[m.status] || 'neutral', `monitor.status.${m.status}`)),
    el('p', {}, el('strong', { i18n: 'monitor.responsible' }), ' ', el('span', { bi: m.responsible })),
    dated(m.milestones, 'monitor.milestones'),
    dated(m.notes, 'monitor.notes'),
    el('p', { class: 'app-muted' }, el('span', { i18n: 'monitor.source' }), ' ', el('span', { bi: m.source })),
    m.verification ? el('p', { class: 'app-muted', 'data-verification': '' },
      el('span', { i18n: 'monitor.verification' }), ' ', el('span', { bi: m.verification })) : null));
}
