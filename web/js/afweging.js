// The afwegingskader of the Meldcode (step 4): five questions asked in
// order; the first decisive answer settles what step 5 must be.  The same
// rules as src/domain/meldcode.c, so that the page shows the outcome while
// the professional answers.  Pure: no DOM, no I/O.
//   1 Is there a suspicion?                      no  -> close and record
//   2 Acute or structural unsafety?              yes -> report to Veilig Thuis
//   3 Can I offer or organise effective help?    no  -> report
//   4 Do those involved accept the help?         no  -> report
//   5 Does the help bring results in time?       no  -> report;
//                                                yes or not yet known -> organise help and monitor

export const QUESTIONS = 5;
export const CLOSE = 'close-and-record';
export const REPORT = 'report-to-veilig-thuis';
export const HELP = 'organise-help-and-monitor';
export const DECISIONS = [CLOSE, REPORT, HELP];
export const JUSTIFICATION_MIN = 20;

// The answers question q (1..5) may have.
export function answersFor(q) {
  return q === QUESTIONS ? ['yes', 'no', 'unknown'] : ['yes', 'no'];
}

// The decision an answer to question q settles, or null to go on.
export function settles(q, answer) {
  switch (q) {
    case 1: return answer === 'no' ? CLOSE : null;
    case 2: return answer === 'yes' ? REPORT : null;
    case 3:
    case 4: return answer === 'no' ? REPORT : null;
    default:
      if (answer === 'no') return REPORT;
      return answer === 'yes' || answer === 'unknown' ? HELP : null;
  }
}

// Weighs answers (index 0 is question 1; missing or null: not answered).
// Returns {decision, decisive, asked, next}: the decision once settled and
// the question that settled it, how many questions are asked, and the next
// question to ask (0 when settled).
export function weigh(answers) {
  for (let q = 1; q <= QUESTIONS; q++) {
    const a = answers[q - 1];
    if (!a || !answersFor(q).includes(a)) return { decision: null, decisive: 0, asked: q, next: q };
    const decision = settles(q, a);
    if (decision) return { decision, decisive: q, asked: q, next: 0 };
  }
  return { decision: null, decisive: 0, asked: QUESTIONS, next: 0 };
}

// The five answers to send: those asked, then null.
export function answersToSend(answers) {
  const { decisive } = weigh(answers);
  return Array.from({ length: QUESTIONS }, (_, i) => (i < decisive ? answers[i] : null));
}

// Whether deciding `decision` when `advised` was advised needs a written
// justification, and whether the one given is long enough.
export function needsJustification(decision, advised) {
  return Boolean(advised) && decision !== advised;
}

export function justificationOk(decision, advised, text) {
  return !needsJustification(decision, advised) || [...(text || '').trim()].length >= JUSTIFICATION_MIN;
}
