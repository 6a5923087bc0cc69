// Whose consent counts, by the child's age and the receiver: the published
// rule table (GET /api/v1/consent-rules), read the way src/domain/consent.c
// reads it.  Pure: no DOM, no I/O.

// The rule for receiver (an organisation type, or 'school-care-team'), or
// the rule for every other receiver ('*').
function ruleFor(rules, receiver) {
  const list = (rules && rules.rules) || [];
  return list.find((r) => r.receivers.includes(receiver)) || list.find((r) => r.receivers.includes('*')) || null;
}

// {party, source, rule, from, to} for receiver at age, or null.
export function requiredConsent(rules, receiver, age) {
  if (age === null || age === undefined || age < 0) return null;
  const rule = ruleFor(rules, receiver);
  if (!rule) return null;
  const band = rule.bands.find((b) => age >= b.fromAge && (b.toAge === undefined || b.toAge === null || age <= b.toAge));
  if (!band) return null;
  return { party: band.consent, source: band.source, rule: rule.id, from: band.fromAge, to: band.toAge ?? null };
}

// Whether consent given by `given` covers what `need` asks: the young person
// and a parent together cover every age.
export function covers(given, need) {
  return given === need || given === 'pupil-and-parent';
}
