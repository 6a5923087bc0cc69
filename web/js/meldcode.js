// The Meldcode on the case page: the five steps with who, when and what,
// and the form for the next step.  Step 2 names the experts consulted;
// step 4 asks the afwegingskader's questions one by one, each only while
// no earlier answer has decided; step 5 takes the two decisions of 2019 (is
// reporting necessary, is help also possible), starting from the advice,
// asks that help be weighed with Veilig Thuis after a report for acute or
// structural unsafety, and asks for a written justification to decide
// otherwise.
import { api, q } from './api.js';
import { byId, clear, el, facts, fill } from './dom.js';
import {
  checkedValue, checkedValues, choices, field, onSubmit, requireFilled, submitButton, value,
} from './forms.js';
import { announce } from './page.js';
import { badge, codeText, userRef } from './views.js';
import {
  JUSTIFICATION_MIN, QUESTIONS, answersFor, answersToSend, deviates, justificationOk, needsVeiligThuis, pairOf, weigh,
} from './afweging.js';

// The experts step 2 may consult (meldcode_experts in src/domain/meldcode.c).
const EXPERTS = ['colleague', 'aandachtsfunctionaris', 'veilig-thuis', 'injury-expert', 'youth-doctor', 'expert-group', 'other'];

const STEPS = [1, 2, 3, 4, 5];

function answersList(answers) {
  const asked = answers.map((a, i) => [a, i + 1]).filter(([a]) => a);
  return el('ol', { class: 'app-plain-list' }, asked.map(([a, n]) => el('li', {},
    el('span', { i18n: `meldcode.q.${n}` }), ' — ', el('strong', {}, codeText('answer', a)))));
}

function stepItem(n, done, m) {
  const item = el('li', { class: 'app-step', 'data-step': n });
  const title = el('h3', { class: 'app-step__title' },
    el('span', { i18n: 'meldcode.stepN', args: { n } }), ' ', el('span', { i18n: `meldcode.name.${n}` }), ' ');
  item.append(title);
  if (done) {
    item.classList.add('app-step--done');
    title.append(badge('success', 'meldcode.done'));
    item.append(facts([
      ['meldcode.recordedBy', userRef(done.recordedBy)],
      ['meldcode.recordedAt', el('time', { time: done.recordedAt })],
      ['meldcode.summary', el('span', { class: 'app-pre', text: done.summary })],
      ['meldcode.consulted', done.consulted && done.consulted.length
        ? el('ul', { class: 'app-plain-list' }, done.consulted.map((c) => el('li', { bi: c.name })))
        : null],
      ['meldcode.answers', done.answers && done.answers.some(Boolean) ? answersList(done.answers) : null],
      ['meldcode.advised', done.advised ? codeText('decision', done.advised) : null],
      ['meldcode.reportDecided', done.step === 5 ? el('span', { i18n: done.report ? 'answer.yes' : 'answer.no' }) : null],
      ['meldcode.helpDecided', done.step === 5 ? el('span', { i18n: done.help ? 'answer.yes' : 'answer.no' }) : null],
      ['meldcode.withVeiligThuisDone', done.step === 5 && done.withVeiligThuis ? el('span', { i18n: 'answer.yes' }) : null],
      ['meldcode.decision', done.decision ? codeText('decision', done.decision) : null],
      ['meldcode.justification', done.justification ? el('span', { class: 'app-pre', text: done.justification }) : null],
    ]));
  } else if (m.nextStep === n) {
    item.classList.add('app-step--next');
    title.append(badge(m.overdue ? 'danger' : 'warning', m.overdue ? 'start.overdue' : 'meldcode.next'));
    if (m.nextStepDue) {
      item.append(el('p', { class: 'app-muted' }, el('span', { i18n: 'start.due' }), ' ', el('time', { date: m.nextStepDue })));
    }
  } else {
    item.classList.add('app-step--later');
    item.append(el('p', { class: 'app-muted', i18n: 'meldcode.later' }));
  }
  return item;
}

function questionFieldset(n) {
  const box = choices({
    name: `q${n}`, legend: 'meldcode.questionN', legendArgs: { n }, errorName: n === 1 ? 'answers' : `q${n}`,
    options: answersFor(n).map((a) => ({ value: a, label: `answer.${a}` })),
  });
  box.classList.add('app-question', 'app-choices--inline');
  box.dataset.question = String(n);
  // The legend reads "Question n: <the question>".
  const legend = box.querySelector('legend');
  delete legend.dataset.i18n;
  delete legend.dataset.i18nArgs;
  legend.replaceChildren(el('span', { i18n: 'meldcode.questionN', args: { n } }), ' ', el('span', { i18n: `meldcode.q.${n}` }));
  box.hidden = n !== 1;
  return box;
}

function currentAnswers(form) {
  return STEPS.slice(0, QUESTIONS).map((n) => checkedValue(form, `q${n}`) || null);
}

// Shows the questions still to ask, clears those no longer asked, and
// says what follows.
function refreshQuestions(form, outcome) {
  const answers = currentAnswers(form);
  const w = weigh(answers);
  for (const box of form.querySelectorAll('[data-question]')) {
    const n = Number(box.dataset.question);
    const asked = n <= w.asked;
    box.hidden = !asked;
    if (!asked) for (const input of box.querySelectorAll('input')) input.checked = false;
  }
  clear(outcome);
  if (w.decision) {
    outcome.dataset.decision = w.decision;
    outcome.append(el('strong', { i18n: 'meldcode.outcome' }), ' ', codeText('decision', w.decision), ' ',
      el('span', { i18n: 'meldcode.decidedBy', args: { n: w.decisive } }));
  } else {
    delete outcome.dataset.decision;
    outcome.append(el('span', { i18n: 'meldcode.answerNext', args: { n: w.next } }));
  }
  return w;
}

function step4Fields(form) {
  const outcome = el('p', { class: 'app-outcome', id: 'afweging-outcome', role: 'status', 'aria-live': 'polite' });
  const questions = STEPS.slice(0, QUESTIONS).map(questionFieldset);
  const frame = el('fieldset', { class: 'app-section' },
    el('legend', { class: 'app-legend-large', i18n: 'meldcode.afwegingskader' }),
    el('p', { i18n: 'meldcode.afwegingIntro' }), ...questions, outcome);
  frame.addEventListener('change', (ev) => {
    const box = ev.target.closest('[data-question]');
    const w = refreshQuestions(form, outcome);
    // Move on to the question that just appeared.
    if (box && !w.decision && w.next) {
      const next = form.querySelector(`[data-question="${w.next}"] input`);
      if (next && Number(box.dataset.question) === w.next - 1) next.focus();
    }
  });
  form.append(frame);
  refreshQuestions(form, outcome);
}

function step2Fields(form) {
  form.append(choices({
    name: 'consulted', type: 'checkbox', legend: 'meldcode.consultedLegend', hint: 'meldcode.consultedHint',
    options: EXPERTS.map((code) => ({ value: code, label: `meldcode.expert.${code}` })),
  }));
}

function yesNo(name, legend, hint, value) {
  return choices({
    name, legend, hint, required: true, value,
    options: [{ value: 'yes', label: 'answer.yes' }, { value: 'no', label: 'answer.no' }],
  });
}

// The two decisions, the record of weighing help with Veilig Thuis, and the
// justification: each shown when it applies.
function step5Fields(form, advised) {
  const advice = pairOf(advised);
  const report = yesNo('report', 'meldcode.reportLegend', advised ? `meldcode.reportHint.${advice.report ? 'yes' : 'no'}` : null,
    advised ? (advice.report ? 'yes' : 'no') : undefined);
  const helpHint = !advised ? null : advice.help === 'with-veilig-thuis' ? 'meldcode.helpHint.withVeiligThuis' : `meldcode.helpHint.${advice.help}`;
  const help = yesNo('help', 'meldcode.helpLegend', helpHint,
    advised && advice.help !== 'with-veilig-thuis' ? advice.help : undefined);
  const withVt = choices({
    name: 'withVeiligThuis', type: 'checkbox', legend: 'meldcode.withVeiligThuisLegend', hint: 'meldcode.withVeiligThuisHint',
    options: [{ value: 'yes', label: 'meldcode.withVeiligThuis' }],
  });
  const justification = field({
    name: 'justification', label: 'meldcode.justification', type: 'textarea', rows: 3, required: true,
    hint: 'meldcode.justificationHint', hintArgs: { min: JUSTIFICATION_MIN }, attrs: { maxlength: '5000' },
  });
  const sync = () => {
    const r = checkedValue(form, 'report'), h = checkedValue(form, 'help');
    const dev = Boolean(r && h) && deviates(r === 'yes', h === 'yes', advised);
    justification.hidden = !dev;
    justification.querySelector('textarea').setAttribute('aria-required', String(dev));
    withVt.hidden = !needsVeiligThuis(r === 'yes', advised);
  };
  form.addEventListener('change', sync);
  form.append(report, help, withVt, justification);
  sync();
}

function latestAdvice(c) {
  const steps = (c.meldcode.steps || []).filter((s) => s.step === 4);
  return steps.length ? steps[steps.length - 1].advised : null;
}

function stepForm(c, update) {
  const n = c.meldcode.nextStep;
  const advised = latestAdvice(c);
  const form = el('form', { id: 'meldcode-form', class: 'app-form', 'data-step': n, 'aria-labelledby': 'meldcode-form-heading' });
  form.append(el('p', { i18n: `meldcode.hint.${n}` }));
  if (n === 2) step2Fields(form);
  if (n === 4) step4Fields(form);
  if (n === 5) step5Fields(form, advised);
  form.append(
    field({ name: 'summary', label: `meldcode.summaryLabel.${n}`, hint: 'meldcode.summaryHint', type: 'textarea', required: true, rows: 4, attrs: { maxlength: '5000' } }),
    submitButton(n === 5 ? 'meldcode.submitDecision' : 'meldcode.submitStep'));
  onSubmit(form, async (f) => {
    const body = { step: n, summary: value(f, 'summary') };
    if (n === 2) body.consulted = checkedValues(f, 'consulted');
    if (n === 4) body.answers = answersToSend(currentAnswers(f));
    if (n === 5) {
      body.report = checkedValue(f, 'report') === 'yes';
      body.help = checkedValue(f, 'help') === 'yes';
      if (needsVeiligThuis(body.report, advised)) body.withVeiligThuis = checkedValue(f, 'withVeiligThuis') === 'yes';
      if (deviates(body.report, body.help, advised)) body.justification = value(f, 'justification');
    }
    const fresh = await api.post(`/cases/${q(c.id)}/meldcode-steps`, body);
    update(fresh);
    announce('meldcode.saved', { n });
    byId('meldcode-heading').focus();
  }, (f) => {
    const errors = requireFilled(f, ['summary']);
    if (n === 4 && !weigh(currentAnswers(f)).decision) {
      const w = weigh(currentAnswers(f));
      errors.unshift({ name: w.next === 1 ? 'answers' : `q${w.next}`, key: 'meldcode.answerAll' });
    }
    if (n === 5) {
      errors.push(...requireFilled(f, ['report', 'help']));
      const r = checkedValue(f, 'report') === 'yes', h = checkedValue(f, 'help') === 'yes';
      if (needsVeiligThuis(r, advised) && checkedValue(f, 'withVeiligThuis') !== 'yes') {
        errors.push({ name: 'withVeiligThuis', key: 'meldcode.withVeiligThuisNeeded' });
      }
      if (checkedValue(f, 'report') && checkedValue(f, 'help') && !justificationOk(r, h, advised, value(f, 'justification'))) {
        errors.push({ name: 'justification', key: 'meldcode.justificationTooShort', args: { min: JUSTIFICATION_MIN } });
      }
    }
    return errors;
  });
  return el('section', { class: 'app-next-step', 'aria-labelledby': 'meldcode-form-heading' },
    el('h3', { id: 'meldcode-form-heading' },
      el('span', { i18n: 'meldcode.recordStep', args: { n } }), ' ', el('span', { i18n: `meldcode.name.${n}` })),
    form);
}

// After step 5 decided to report: the way to the report to Veilig Thuis,
// prefilled from the case.
export function reportLink(c) {
  if (c.status !== 'open' || c.meldcode.decision !== 'report-to-veilig-thuis') return null;
  return el('a', {
    class: 'utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action', 'data-report-link': '',
    href: `/refer.html?person=${q(c.person.id)}&case=${q(c.id)}&report=veilig-thuis`, i18n: 'meldcode.reportNow',
  });
}

export function renderMeldcode(c, ctx, update) {
  const m = c.meldcode;
  const done = new Map((m.steps || []).map((s) => [s.step, s]));
  fill(byId('meldcode'), 
    el('p', { i18n: 'meldcode.intro' }),
    el('ol', { class: 'app-steps-list' }, STEPS.map((n) => stepItem(n, done.get(n), m))));
  const next = clear(byId('meldcode-next'));
  if (c.status === 'open' && m.nextStep > 0) next.append(stepForm(c, update));
  else next.append(el('p', { class: 'app-muted', i18n: m.decision ? 'meldcode.allDone' : 'meldcode.closed' }));
  const report = reportLink(c);
  if (report) next.append(el('div', { class: 'utrecht-alert utrecht-alert--info app-report-now' },
    el('div', { class: 'utrecht-alert__content' }, el('div', { class: 'utrecht-alert__message' },
      el('p', { i18n: 'meldcode.reportNowIntro' }), el('p', {}, report)))));
}
