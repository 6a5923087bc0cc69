// What the auditor's page knows besides the entries: who is who (the
// accounts of the auditor's scope, GET /audit/people, by the user id the
// entries carry) and the API query of the filters in the page's address.
import { getAll, q } from './api.js';
import { param } from './dom.js';

const people = new Map(); // user id -> {login, role, organisation}
const orgNames = new Map(); // organisation id -> name

export const FILTERS = ['user', 'child', 'action', 'from', 'until'];

export async function loadPeople() {
  for (const p of await getAll('/audit/people')) {
    people.set(p.id, p);
    orgNames.set(p.organisation.id, p.organisation.name);
  }
}

// [[id, person]] by organisation, then login.
export function peopleSorted() {
  return [...people.entries()].sort((a, b) => (a[1].organisation.name + a[1].login)
    .localeCompare(b[1].organisation.name + b[1].login));
}

export function personOf(userId) {
  return people.get(userId) || null;
}

export function orgName(orgId) {
  return orgNames.get(orgId) || '';
}

// The API's query for the filters in the address (user=, child=, ...).
export function trailQuery() {
  const names = { user: 'userId', child: 'personId', action: 'action', from: 'from', until: 'until' };
  return FILTERS.filter((f) => param(f)).map((f) => `${names[f]}=${q(param(f))}`).join('&');
}
