#!/usr/bin/env node
// Writes the seed corpora of tests/fuzz/corpus/ from the project's own data:
// the rule files and catalogue of data/ and the requests of the API
// scenarios (tests/api/*.json), so the fuzzers start from real inputs.
// Run it again after adding scenarios: node tests/fuzz/seeds.mjs
// (it rewrites only the files it makes, named api-* and data-*).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const corpus = (t) => path.join(here, 'corpus', t);

function write(target, name, text) {
  fs.mkdirSync(corpus(target), { recursive: true });
  fs.writeFileSync(path.join(corpus(target), name), text);
}

function clearGenerated(target) {
  if (!fs.existsSync(corpus(target))) return;
  for (const f of fs.readdirSync(corpus(target)))
    if (f.startsWith('api-') || f.startsWith('data-')) fs.unlinkSync(path.join(corpus(target), f));
}

const targets = ['names', 'dates', 'catalogue', 'guidance', 'clocks', 'screening',
  'concern_grounds', 'interventions', 'rulesets', 'learning', 'concern_batch', 'network_csv',
  'http_request', 'http_api'];
targets.forEach(clearGenerated);

// ---- data/ ------------------------------------------------------------------
const data = (f) => fs.readFileSync(path.join(root, 'data', f), 'utf8');
write('catalogue', 'data-indicators.tsv', data('indicators.tsv'));
for (const [target, file] of [['guidance', 'guidance.json'], ['clocks', 'clocks.json'],
  ['screening', 'screening.json'], ['concern_grounds', 'concern-grounds.json'],
  ['interventions', 'interventions.json']])
  write(target, `data-${file}`, data(file));
for (const kind of ['network-alerts', 'prosecution', 'monitor', 'regions', 'measures',
  'catalogue-safeguards', 'consent', 'retention'])
  write('rulesets', `data-${kind}`, `${kind}\n${data(kind + '.json')}`);
for (const kind of ['learning', 'indicator-explanations', 'expert-offers', 'resilience-programmes'])
  write('learning', `data-${kind}`, `${kind}\n${data(kind + '.json')}`);
const holidays = JSON.stringify({ holidays: JSON.parse(data('clocks.json')).holidays });
write('dates', 'data-holidays', `2024-02-29\n${holidays}`);

// ---- the API scenarios --------------------------------------------------------
// A demo user of signaal init --demo for each role (and organisation type).
const demoLogin = (role, type) => ({
  mentor: 'mentor.a', 'care-coordinator': 'zorg.a', 'police-officer': 'politie',
  prosecutor: 'officier', analyst: 'analist', administrator: 'beheer', auditor: 'auditor',
  'privacy-officer': 'privacy.a',
  'care-worker': { 'veilig-thuis': 'veiligthuis', 'youth-care': 'jeugdzorg',
    municipality: 'gemeente', 'expert-group': 'expert' }[type] || 'jeugdzorg',
}[role] || '');

// What a saved id stands for, by the path that answered it.
const entityOf = (p) => [
  [/^\/api\/v1\/persons$/, 'person'], [/^\/api\/v1\/signals$/, 'signal'],
  [/^\/api\/v1\/cases$/, 'case'], [/^\/api\/v1\/consultations$/, 'consultation'],
  [/^\/api\/v1\/referrals$/, 'referral'], [/^\/api\/v1\/screenings$/, 'screening'],
  [/^\/api\/v1\/concern/, 'concern'], [/^\/api\/v1\/matches/, 'match'],
  [/^\/api\/v1\/users$/, 'user'], [/^\/api\/v1\/organisations$/, 'org:school'],
  [/^\/api\/v1\/prosecution-decisions$/, 'decision'], [/^\/api\/v1\/enrolments$/, 'enrolment'],
].find(([re]) => re.test(p))?.[1];

const fixedIds = {};
const fixedId = (name) => (fixedIds[name] ??=
  `00000000-0000-4000-8000-${String(Object.keys(fixedIds).length + 1).padStart(12, '0')}`);

let made = { http_api: new Set(), http_request: new Set(), concern_batch: new Set(), names: new Set(),
  network_csv: new Set() };
let count = { http_api: 0, http_request: 0, concern_batch: 0, names: 0, network_csv: 0 };
const LIMIT = { http_api: 700, http_request: 400, concern_batch: 60, names: 80, network_csv: 20 };

function keep(target, key, name, text) {
  if (made[target].has(key) || count[target] >= LIMIT[target]) return;
  made[target].add(key);
  count[target]++;
  write(target, name, text);
}

// The shape of a body, to keep one seed per route and shape.
const shape = (v) => Array.isArray(v) ? `[${v.length ? shape(v[0]) : ''}]`
  : v && typeof v === 'object' ? `{${Object.keys(v).sort().map((k) => k + ':' + shape(v[k])).join(',')}}`
  : typeof v;

for (const file of fs.readdirSync(path.join(root, 'tests/api')).filter((f) => f.endsWith('.json')).sort()) {
  const scenario = JSON.parse(fs.readFileSync(path.join(root, 'tests/api', file), 'utf8'));
  const base = path.basename(file, '.json');
  const orgType = Object.fromEntries((scenario.setup?.orgs || []).map((o) => [o.name, o.type]));
  const users = Object.fromEntries((scenario.setup?.users || []).map((u) =>
    [u.login, { role: u.role, type: orgType[u.org] || 'school' }]));
  const vars = { today: '2026-01-15' };
  let n = 0;
  for (const step of scenario.steps || []) {
    const login = step.login || step.session;
    const user = users[login];
    if (step.login && step.save) {
      for (const [v, from] of Object.entries(step.save)) {
        if (from === 'user.id') vars[v] = '$user';
        if (from === 'organisation.id') vars[v] = `$org:${user?.type || 'school'}`;
      }
    }
    const r = step.request;
    if (!r || typeof r.path !== 'string') continue;
    const method = r.method || 'GET';
    if (step.save && r.method === 'POST') {
      for (const [v, from] of Object.entries(step.save)) {
        let e = from === 'id' ? entityOf(r.path) : undefined;
        if (e === 'person' && ['police-officer', 'prosecutor'].includes(user?.role)) e = 'person_police';
        if (e) vars[v] = `$${e}`;
      }
    }
    const subst = (text, forApi) => text.replace(/\$\{([a-z_0-9:]+)\}/g, (_, v) =>
      forApi ? (vars[v] || '$person') : (vars[v]?.startsWith('$') ? fixedId(v) : vars[v] || fixedId(v)));
    const body = r.json !== undefined ? JSON.stringify(r.json) : (typeof r.body === 'string' ? r.body : '');
    const who = user ? demoLogin(user.role, user.type) : '';
    const key = `${method} ${r.path.replace(/\$\{[^}]+\}/g, '{}').replace(/\?.*/, '?')} ${shape(r.json)}`;
    n++;
    const apiLine = `${method} ${subst(r.path, true)}${who ? ' ' + who : ''}`;
    keep('http_api', key + ' ' + (user?.role || ''), `api-${base}-${n}`, `${apiLine}\n${subst(body, true)}`);
    const forwarded = r.headers?.['X-Forwarded-For'] || r.headers?.['x-forwarded-for'] || '';
    const type = r.headers?.['Content-Type'] ?? (body ? 'application/json' : '');
    keep('http_request', key, `api-${base}-${n}`,
      `${method} ${subst(r.path, false)}\n${type}\n${forwarded}\n${subst(body, false)}`);
    // The network's CSV imports, with unknown ids as nicknames.
    if (method === 'POST' && r.path === '/api/v1/relation-imports' && typeof r.json?.content === 'string')
      keep('network_csv', r.json.content, `api-${base}-${n}`,
        r.json.content.replace(/\$\{([a-z_0-9]+)\}/g, (_, v) => `ext:nickname:${v}`));
    if (method === 'POST' && /^\/api\/v1\/concern(s|-batches)$/.test(r.path) && r.json)
      keep('concern_batch', key + JSON.stringify(r.json), `api-${base}-${n}`, subst(body, false));
    // Names, BSNs and addresses as professionals typed them.
    for (const item of r.json?.items || [r.json || {}]) {
      if (typeof item !== 'object' || !item) continue;
      const full = item.name || [item.givenNames, item.surname].filter(Boolean).join(' ');
      if (!full) continue;
      const ad = item.address || {};
      keep('names', full + item.bsn, `api-${base}-${n}`,
        `${item.givenNames || full}\n${item.surname || ''}\n${item.bsn || ''}\n` +
        `${ad.postcode || ''}|${ad.houseNumber || ''}|${ad.addition || ''}\n`);
    }
  }
}
console.log('seeds:', Object.entries(count).map(([t, c]) => `${t} ${c}`).join(', '));
