// The drawing of a part of the network, from the positions the server's
// igraph layout gave: entity kinds as shapes, relation types as line
// styles, victim-recruiters with a second ring.  Every node can be reached
// with the keyboard and shows its relations; a table of the same nodes and
// relations is the drawing's text alternative.  No graph library: SVG
// elements made one by one, texts through textContent only.
import { el } from './dom.js';
import { t } from './i18n.js';

const NS = 'http://www.w3.org/2000/svg';
const W = 800;
const H = 560;
const MARGIN = 40;

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== null && v !== undefined && v !== false) node.setAttribute(k, String(v));
  }
  for (const c of children) if (c) node.append(c);
  return node;
}

// Line styles per relation type: colour, width, dashes; arrows for types
// with a direction ("A recruited_by B": the arrow points at B).
export const LINE = {
  recruited_by: { stroke: '#8a1538', width: 3, dash: null },
  exploited_by: { stroke: '#8a1538', width: 3, dash: '10 4' },
  associates_with: { stroke: '#4d4d4d', width: 1.5, dash: null },
  co_offended_with: { stroke: '#1f4e96', width: 2, dash: '6 4' },
  sibling_of: { stroke: '#1b6e34', width: 2, dash: '2 3' },
  uses_phone: { stroke: '#5c4a00', width: 1.5, dash: '1 3' },
  lives_at: { stroke: '#5c4a00', width: 1.5, dash: '8 3 2 3' },
  seen_at: { stroke: '#5c4a00', width: 1.5, dash: '4 2' },
  member_of: { stroke: '#4b2a84', width: 1.5, dash: '12 3' },
};
const DIRECTED = new Set(['recruited_by', 'exploited_by', 'uses_phone', 'lives_at', 'seen_at', 'member_of']);

// A shape per kind of entity, centred on (0, 0).
function shape(kind, r = 10) {
  const common = { fill: kind === 'person' ? '#ffffff' : '#e8e8e8', stroke: '#1d1d1d', 'stroke-width': 2 };
  const poly = (pts) => svg('polygon', { ...common, points: pts.map((p) => p.join(',')).join(' ') });
  switch (kind) {
    case 'nickname':
      return svg('circle', { ...common, r, 'stroke-dasharray': '3 2' });
    case 'phone':
      return svg('rect', { ...common, x: -r * 0.7, y: -r, width: r * 1.4, height: r * 2, rx: 2 });
    case 'address':
      return poly([[0, -r], [r, -r * 0.1], [r * 0.8, r], [-r * 0.8, r], [-r, -r * 0.1]]);
    case 'vehicle':
      return svg('rect', { ...common, x: -r * 1.3, y: -r * 0.6, width: r * 2.6, height: r * 1.2, rx: 3 });
    case 'place':
      return poly([[0, -r * 1.1], [r, r * 0.8], [-r, r * 0.8]]);
    case 'account':
      return svg('rect', { ...common, x: -r, y: -r, width: r * 2, height: r * 2, rx: r * 0.5 });
    case 'group':
      return poly([[r, 0], [r / 2, r * 0.87], [-r / 2, r * 0.87], [-r, 0], [-r / 2, -r * 0.87], [r / 2, -r * 0.87]]);
    case 'person':
    default:
      return svg('circle', { ...common, r });
  }
}

export function kindText(kind) {
  return t(`network.kind.${kind}`);
}

export function typeText(type) {
  return t(`network.type.${type}`);
}

// How a node is named for people: an entity by its key, a person by the
// first part of the pseudonymous id (and minor or not).
export function nodeName(n) {
  if (!n) return '';
  if (n.label) return `${kindText(n.kind)} ${n.label}`;
  const short = String(n.id || '').slice(0, 8);
  return `${kindText(n.kind)} ${short}${n.minor ? ` (${t('network.minor')})` : ''}`;
}

function position(n) {
  return [MARGIN + (W - 2 * MARGIN) * (typeof n.x === 'number' ? n.x : 0.5),
    MARGIN + (H - 2 * MARGIN) * (typeof n.y === 'number' ? n.y : 0.5)];
}

function legend() {
  const items = [];
  for (const kind of ['person', 'nickname', 'phone', 'address', 'vehicle', 'place', 'account', 'group']) {
    const icon = svg('svg', { width: 28, height: 24, viewBox: '-14 -12 28 24', 'aria-hidden': 'true', focusable: 'false' }, shape(kind, 8));
    items.push(el('li', {}, icon, el('span', { text: kindText(kind) })));
  }
  for (const [type, s] of Object.entries(LINE)) {
    const icon = svg('svg', { width: 40, height: 12, viewBox: '0 0 40 12', 'aria-hidden': 'true', focusable: 'false' },
      svg('line', { x1: 2, y1: 6, x2: 38, y2: 6, stroke: s.stroke, 'stroke-width': s.width, 'stroke-dasharray': s.dash }));
    items.push(el('li', {}, icon, el('span', { text: typeText(type) })));
  }
  const ring = svg('svg', { width: 28, height: 28, viewBox: '-14 -14 28 28', 'aria-hidden': 'true', focusable: 'false' },
    svg('circle', { r: 12, fill: 'none', stroke: '#b35900', 'stroke-width': 3 }), shape('person', 7));
  items.push(el('li', {}, ring, el('span', { i18n: 'network.draw.victimRecruiter' })));
  return el('ul', { class: 'net-legend', i18nAttr: { 'aria-label': 'network.draw.legend' } }, items);
}

function relationRow(r, names) {
  return el('tr', { class: 'utrecht-table__row' },
    el('td', { class: 'utrecht-table__cell', text: names.get(r.from) || r.from }),
    el('td', { class: 'utrecht-table__cell', text: typeText(r.type) }),
    el('td', { class: 'utrecht-table__cell', text: names.get(r.to) || r.to }),
    el('td', { class: 'utrecht-table__cell', i18n: `network.confidence.${r.confidence}` }),
    el('td', { class: 'utrecht-table__cell' }, el('time', { date: r.firstSeen }), ' – ', el('time', { date: r.lastSeen })),
    el('td', { class: 'utrecht-table__cell', text: sourceText(r.source) }));
}

export function sourceText(s) {
  if (!s) return '';
  if (s.type === 'report') return `${t('network.source.report')} ${s.reference}`;
  return `${t(`network.source.${s.type}`)} ${String(s.id || '').slice(0, 8)}`;
}

export function relationTable(relations, names, captionKey) {
  const head = ['network.col.from', 'network.col.type', 'network.col.to', 'network.col.confidence', 'network.col.period', 'network.col.source'];
  return el('div', { class: 'app-table-wrap' },
    el('table', { class: 'utrecht-table utrecht-table--html-table' },
      el('caption', { class: 'utrecht-table__caption', i18n: captionKey }),
      el('thead', { class: 'utrecht-table__header' }, el('tr', { class: 'utrecht-table__row' },
        head.map((k) => el('th', { class: 'utrecht-table__header-cell', scope: 'col', i18n: k })))),
      el('tbody', { class: 'utrecht-table__body' }, relations.map((r) => relationRow(r, names)))));
}

function nodeRow(n) {
  return el('tr', { class: 'utrecht-table__row', 'data-node': n.id },
    el('td', { class: 'utrecht-table__cell', text: nodeName(n) }),
    el('td', { class: 'utrecht-table__cell', text: kindText(n.kind) }),
    el('td', { class: 'utrecht-table__cell' }, el('code', { text: n.id })),
    el('td', { class: 'utrecht-table__cell' },
      n.victimRecruiter ? el('span', { i18n: 'network.draw.victimRecruiter' }) : null,
      n.center ? el('span', { i18n: 'network.draw.center' }) : null));
}

function nodeTable(nodes) {
  const head = ['network.col.node', 'network.col.kind', 'network.col.id', 'network.col.marks'];
  return el('div', { class: 'app-table-wrap' },
    el('table', { class: 'utrecht-table utrecht-table--html-table', id: 'net-node-table' },
      el('caption', { class: 'utrecht-table__caption', i18n: 'network.draw.nodesCaption' }),
      el('thead', { class: 'utrecht-table__header' }, el('tr', { class: 'utrecht-table__row' },
        head.map((k) => el('th', { class: 'utrecht-table__header-cell', scope: 'col', i18n: k })))),
      el('tbody', { class: 'utrecht-table__body' }, nodes.map(nodeRow))));
}

// The drawing, its legend, the details of a chosen node and the text
// alternative, for a result with nodes (x, y in 0..1) and relations.
export function drawing(result) {
  const nodes = result.nodes || [];
  const relations = result.relations || [];
  if (!nodes.length) return el('p', { class: 'app-muted', i18n: 'network.draw.empty' });
  const names = new Map(nodes.map((n) => [n.id, nodeName(n)]));
  const at = new Map(nodes.map((n) => [n.id, position(n)]));
  const details = el('div', { class: 'net-details', id: 'net-details', 'aria-live': 'polite' },
    el('p', { i18n: 'network.draw.choose' }));
  const defs = svg('defs', {},
    ...Object.entries(LINE).filter(([type]) => DIRECTED.has(type)).map(([type, s]) =>
      svg('marker', { id: `net-arrow-${type}`, viewBox: '0 0 10 10', refX: 22, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
        svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: s.stroke }))));
  const lines = svg('g', { 'aria-hidden': 'true' });
  for (const r of relations) {
    const a = at.get(r.from);
    const b = at.get(r.to);
    if (!a || !b) continue;
    const s = LINE[r.type] || LINE.associates_with;
    lines.append(svg('line', { x1: a[0], y1: a[1], x2: b[0], y2: b[1], stroke: s.stroke, 'stroke-width': s.width,
      'stroke-dasharray': s.dash, 'marker-end': DIRECTED.has(r.type) ? `url(#net-arrow-${r.type})` : null,
      'data-relation': r.id }));
  }
  const dots = svg('g', {});
  const pressed = [];
  const choose = (n, g) => {
    for (const p of pressed.splice(0)) p.setAttribute('aria-pressed', 'false');
    g.setAttribute('aria-pressed', 'true');
    pressed.push(g);
    const mine = relations.filter((r) => r.from === n.id || r.to === n.id);
    details.replaceChildren(
      el('p', { class: 'app-alert-title', text: names.get(n.id) }),
      n.victimRecruiter ? el('p', { i18n: 'network.draw.victimRecruiterNote' }) : null,
      el('p', { i18n: 'network.draw.relationCount', args: { count: mine.length } }),
      mine.length ? el('ul', {}, mine.map((r) => el('li', { text:
        `${names.get(r.from)} — ${typeText(r.type)} — ${names.get(r.to)} (${t(`network.confidence.${r.confidence}`)}; ${sourceText(r.source)})` }))) : null);
  };
  for (const n of nodes) {
    const [x, y] = at.get(n.id);
    const g = svg('g', { class: 'net-node', transform: `translate(${x.toFixed(1)},${y.toFixed(1)})`, tabindex: 0,
      role: 'button', 'aria-pressed': 'false', 'data-node': n.id,
      'aria-label': `${names.get(n.id)}${n.victimRecruiter ? `, ${t('network.draw.victimRecruiter')}` : ''}` });
    g.append(svg('circle', { class: 'net-focus', r: 18, fill: 'none', stroke: 'none' }));
    if (n.victimRecruiter) g.append(svg('circle', { r: 15, fill: 'none', stroke: '#b35900', 'stroke-width': 3 }));
    const body = shape(n.kind, n.center ? 12 : 10);
    if (n.center) body.setAttribute('stroke-width', '4');
    g.append(body);
    // A short visible name; the group's aria-label says it in full.
    g.append(svg('text', { y: 26, 'text-anchor': 'middle', 'font-size': 12, fill: '#1d1d1d', 'aria-hidden': 'true' },
      document.createTextNode(n.label ? String(n.label).slice(0, 18) : String(n.id).slice(0, 8))));
    g.addEventListener('click', () => choose(n, g));
    g.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault();
        choose(n, g);
      }
    });
    dots.append(g);
  }
  const picture = svg('svg', { class: 'net-drawing', viewBox: `0 0 ${W} ${H}`, role: 'group',
    'aria-label': t('network.draw.label', { nodes: nodes.length, relations: relations.length }),
    'aria-describedby': 'net-node-table' }, defs, lines, dots);
  return el('div', { class: 'net-view' },
    legend(), picture, details,
    el('h3', { i18n: 'network.draw.textAlternative' }),
    nodeTable(nodes),
    relationTable(relations, names, 'network.draw.relationsCaption'));
}
