// The results of the network analyses as tables and lists: chains and
// victim-recruiters with their evidence, components, communities, key
// actors with what explains their scores, suggested links (leads only),
// disruption and change over time.  Drawings come from network-draw.js.
import { el, facts } from './dom.js';
import { t } from './i18n.js';
import { drawing, kindText, relationTable, sourceText, typeText } from './network-draw.js';

const short = (id) => String(id || '').slice(0, 8);

// A node as people read it: an entity by its kind and key ("Bijnaam kay"),
// a person by the start of the pseudonymous id.
function nodeText(node) {
  if (!node) return '';
  const kind = node.kind ? `${kindText(node.kind)} ` : '';
  return node.label ? `${kind}${node.label}` : `${kind}${short(node.id)}`;
}

function nodeRef(node) {
  if (node && node.label) return el('span', { text: nodeText(node) });
  return el('span', {}, node && node.kind ? `${kindText(node.kind)} ` : '', el('code', { text: short(node && node.id) }));
}

// The node of an id that the result names (its "nodes"), or the bare id.
const named = (res, id) => (res.nodes && res.nodes[id]) || { id };

function table(captionKey, headKeys, rows) {
  return el('div', { class: 'app-table-wrap' },
    el('table', { class: 'utrecht-table utrecht-table--html-table' },
      el('caption', { class: 'utrecht-table__caption', i18n: captionKey }),
      el('thead', { class: 'utrecht-table__header' }, el('tr', { class: 'utrecht-table__row' },
        headKeys.map((k) => el('th', { class: 'utrecht-table__header-cell', scope: 'col', i18n: k })))),
      el('tbody', { class: 'utrecht-table__body' }, rows.map((cells) => el('tr', { class: 'utrecht-table__row' },
        cells.map((c) => el('td', { class: 'utrecht-table__cell' }, c)))))));
}

const num = (v, digits = 0) => (typeof v === 'number' ? v.toFixed(digits) : '');

function chainsPart(res) {
  const chains = res.chains || [];
  return [
    el('h3', { i18n: 'network.chains.heading', args: { count: res.chainsTotal ?? chains.length } }),
    chains.length
      ? table('network.chains.caption', ['network.col.root', 'network.col.depth', 'network.col.size', 'network.col.fanOut', 'network.col.recruits'],
        chains.map((c) => [nodeRef(named(res, c.root)), num(c.depth), num(c.size), num(c.fanOut), num(c.recruits)]))
      : el('p', { class: 'app-muted', i18n: 'network.chains.none' }),
  ];
}

function victimRecruitersPart(res) {
  const vr = res.victimRecruiters || [];
  return [
    el('h3', { i18n: 'network.vr.heading', args: { count: res.victimRecruitersTotal ?? vr.length } }),
    el('p', { i18n: 'network.vr.intro' }),
    vr.length ? el('ul', { class: 'app-cards', id: 'net-victim-recruiters' }, vr.map((v) => el('li', { class: 'app-card', 'data-person': v.person },
      el('p', { class: 'app-card__title' }, nodeRef(named(res, v.person)),
        v.minor ? el('span', {}, ' (', el('span', { i18n: 'network.minor' }), ')') : null),
      el('p', { class: 'app-card__meta', i18n: 'network.vr.generation', args: { generation: v.generation } }),
      el('p', { i18n: 'network.vr.evidence' }),
      el('ol', { class: 'net-path' }, (v.path || []).map((r) => el('li', { text:
        `${nodeText(named(res, r.from))} — ${typeText(r.type)} — ${nodeText(named(res, r.to))}; ${t(`network.confidence.${r.confidence}`)}; ${sourceText(r.source)}` })))))) : el('p', { class: 'app-muted', i18n: 'network.vr.none' }),
  ];
}

function componentsPart(res) {
  const comps = res.components || [];
  return [
    el('h3', { i18n: 'network.components.heading', args: { count: res.componentsTotal ?? comps.length } }),
    comps.length ? table('network.components.caption', ['network.col.size', 'network.col.minors', 'network.col.members'],
      comps.map((c) => [num(c.size), num(c.minors), (c.members || []).slice(0, 6).map(short).join(', ') + ((c.members || []).length > 6 ? ' …' : '')]))
      : el('p', { class: 'app-muted', i18n: 'network.components.none' }),
  ];
}

function communitiesPart(res) {
  const c = res.communities;
  if (!c) return [];
  const cores = res.kCores;
  return [
    el('h3', { i18n: 'network.communities.heading', args: { count: c.count } }),
    el('p', { i18n: 'network.communities.summary', args: { method: c.method, modularity: num(c.modularity, 3) } }),
    c.items && c.items.length ? table('network.communities.caption', ['network.col.index', 'network.col.size', 'network.col.members'],
      c.items.map((g) => [num(g.index), num(g.size), (g.members || []).slice(0, 6).map(short).join(', ')])) : null,
    cores ? el('p', { i18n: 'network.cores.summary', args: { k: cores.maxK } }) : null,
  ];
}

function explanation(x) {
  if (!x) return '';
  const parts = (x.relationsByType || []).map((r) => `${typeText(r.type)}: ${r.count}`);
  if (typeof x.communitiesTouched === 'number') parts.push(t('network.actors.touches', { count: x.communitiesTouched }));
  if (x.withoutItSplitsInto) parts.push(t('network.actors.splits', { sizes: x.withoutItSplitsInto.join(', ') }));
  return parts.join('; ');
}

function actorsPart(res) {
  const k = res.keyActors;
  if (!k) return [];
  const b = k.betweenness || {};
  return [
    el('h3', { i18n: 'network.actors.heading' }),
    el('p', { i18n: b.sampledComponents ? 'network.actors.sampled' : 'network.actors.exact', args: { max: b.exactMax, samples: b.samples, count: b.sampledComponents } }),
    table('network.actors.caption', ['network.col.node', 'network.col.degree', 'network.col.betweenness', 'network.col.pagerank', 'network.col.broker', 'network.col.why'],
      (k.items || []).map((a) => [
        nodeRef(a.node),
        num(a.degree), el('span', {}, num(a.betweenness, 1), a.betweennessExact ? '' : ` (${t('network.actors.estimated')})`),
        num(a.pagerank, 4), a.articulationPoint ? t('network.actors.yes') : '', explanation(a.explanation)])),
    el('p', { i18n: 'network.actors.brokers', args: { points: k.brokers?.articulationPointsTotal ?? 0, bridges: k.brokers?.bridgesTotal ?? 0 } }),
  ];
}

function linksPart(res) {
  const s = res.suggestions || [];
  return [
    el('div', { class: 'utrecht-alert utrecht-alert--warning' }, el('div', { class: 'utrecht-alert__content' },
      el('p', { class: 'utrecht-alert__message', i18n: 'network.links.leads' }))),
    s.length ? table('network.links.caption', ['network.col.node', 'network.col.score', 'network.col.common'],
      s.map((l) => [nodeRef(l.node),
        num(l.score, 3), num(l.commonNeighbours)])) : el('p', { class: 'app-muted', i18n: 'network.links.none' }),
  ];
}

function disruptionPart(res) {
  return [el('p', { i18n: 'network.disruption.intro' }),
    ...(res.strategies || []).map((s) => table(`network.strategy.${s.strategy}`,
      ['network.col.removed', 'network.col.largest', 'network.col.components', 'network.col.cut', 'network.col.reached'],
      (s.steps || []).map((st) => [num(st.removed), num(st.largestComponent), num(st.components), num(st.chainLinksCut), num(st.recruitsReached)])))];
}

function changesPart(res) {
  const w = res.windows || {};
  const changes = res.communities || [];
  return [
    el('p', { i18n: 'network.changes.windows', args: { bf: w.before?.from, bt: w.before?.to, af: w.after?.from, at: w.after?.to } }),
    changes.length ? table('network.changes.caption', ['network.col.change', 'network.col.sizeBefore', 'network.col.sizeAfter', 'network.col.members'],
      changes.map((c) => [t(`network.change.${c.change}`), num(c.sizeBefore), num(c.sizeAfter), (c.members || []).slice(0, 6).map(short).join(', ')]))
      : el('p', { class: 'app-muted', i18n: 'network.changes.none' }),
    el('h3', { i18n: 'network.changes.newChains', args: { count: (res.newChains || []).length } }),
    (res.newChains || []).length ? table('network.chains.caption', ['network.col.root', 'network.col.depth', 'network.col.size'],
      res.newChains.map((c) => [nodeRef(named(res, c.root)), num(c.depth), num(c.size)])) : null,
    el('p', { i18n: 'network.changes.newVictimRecruiters', args: { count: (res.newVictimRecruiters || []).length } }),
  ];
}

// The whole result of a finished analysis.
export function result(kind, res) {
  const net = res.network;
  const head = net ? facts([['network.fact.nodes', String(net.nodes)], ['network.fact.relations', String(net.relations)]]) : null;
  switch (kind) {
    case 'overview':
      return [head, ...componentsPart(res), ...chainsPart(res), ...victimRecruitersPart(res), ...communitiesPart(res), ...actorsPart(res)];
    case 'chains':
      return [head, ...chainsPart(res), ...victimRecruitersPart(res)];
    case 'key-actors':
      return [head, ...actorsPart(res)];
    case 'communities':
      return [head, ...communitiesPart(res)];
    case 'links':
      return linksPart(res);
    case 'disruption':
      return disruptionPart(res);
    case 'changes':
      return changesPart(res);
    case 'paths':
      if (res.found === false) return [el('p', { i18n: 'network.paths.none' })];
      return [el('p', { i18n: 'network.paths.length', args: { count: res.length } }), drawing(res)];
    default:
      return [drawing(res)];
  }
}

export { relationTable };
