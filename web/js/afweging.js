// The afwegingskader of the Meldcode (step 4) and step 5's two decisions,
// as the Besluit verplichte meldcode has them since 2019.  Five questions
// asked in order; the first decisive answer settles the advice for step 5.
// The same rules as src/domain/meldcode.c, so that the page shows the
// outcome while the professional answers.  Pure: no DOM, no I/O.
//   1 Is there a suspicion?                      no  -> close and record
//   2 Acute or structural unsafety?              yes -> report; weigh help with Veilig Thuis
//   3 Can I offer or organise proper help?       no  -> report
//   4 Do those involved accept the help?         no  -> report
//   5 Does the help bring results in time?       no  -> report again and go on helping;
//                                                yes or not yet known -> help and monitor
// Step 5 decides two things: is reporting necessary, is offering or
// organising help (also) possible; both may be yes ("melden én hulp").

export const QUESTIONS = 5;
export const CLOSE = 'close-and-record';
export const REPORT = 'report-to-veilig-thuis';
export const HELP = 'organise-help-and-monitor';
export const REPORT_AND_HELP = 'report-and-help';
export const REPORT_WEIGH = 'report-and-weigh-help-with-veilig-thuis';
export const DECISIONS = [CLOSE, REPORT, HELP, REPORT_AND_HELP];
export const JUSTIFICATION_MIN = 20;

// The answers question q (1..5) may have.
export function answersFor(q) {
  return q === QUESTIONS ? ['yes', 'no', 'unknown'] : ['yes', 'no'];
}

// The advice an answer to question q settles, or null to go on.
export function settles(q, answer) {
  switch (q) {
    case 1: return answer === 'no' ? CLOSE : null;
    case 2: return answer === 'yes' ? REPORT_WEIGH : null;
    case 3:
    case 4: return answer === 'no' ? REPORT : null;
    default:
      if (answer === 'no') return REPORT_AND_HELP;
      return answer === 'yes' || answer === 'unknown' ? HELP : null;
  }
}

// Weighs answers (index 0 is question 1; missing or null: not answered).
// Returns {decision, decisive, asked, next}: the advice once settled and
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

// The two decisions a code stands for: {report, help} with help 'yes', 'no'
// or 'with-veilig-thuis' (to be weighed together with Veilig Thuis).
export function pairOf(code) {
  switch (code) {
    case REPORT: return { report: true, help: 'no' };
    case HELP: return { report: false, help: 'yes' };
    case REPORT_AND_HELP: return { report: true, help: 'yes' };
    case REPORT_WEIGH: return { report: true, help: 'with-veilig-thuis' };
    default: return { report: false, help: 'no' };
  }
}

// The code of a pair of decisions (booleans).
export function decisionOf(report, help) {
  if (report) return help ? REPORT_AND_HELP : REPORT;
  return help ? HELP : CLOSE;
}

// Whether deciding (report, help) when `advised` was advised differs from
// the advice; help is not compared when it is to be weighed with Veilig Thuis.
export function deviates(report, help, advised) {
  if (!advised) return false;
  const a = pairOf(advised);
  return report !== a.report || (a.help !== 'with-veilig-thuis' && help !== (a.help === 'yes'));
}

// Whether step 5 must record that help was weighed with Veilig Thuis.
export function needsVeiligThuis(report, advised) {
  return Boolean(report) && pairOf(advised).help === 'with-veilig-thuis';
}

export function justificationOk(report, help, advised, text) {
  return !deviates(report, help, advised) || [...(text || '').trim()].length >= JUSTIFICATION_MIN;
}
