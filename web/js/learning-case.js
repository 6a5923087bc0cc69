// A fictional case: the story, a choice of indicators (which ones are the
// signs is never shown before answering), and the feedback on every sign
// offered: noticed, missed, wrongly picked or rightly left out, each
// explained in the case's own words and by the indicator's explanation.
import { api, q } from './api.js';
import { byId, el, fill } from './dom.js';
import { CHOICE_CLASS, checkedValues, onSubmit, submitButton } from './forms.js';
import { announce } from './page.js';
import { badge } from './views.js';
import { explanationDetails } from './learning-explain.js';
import { back, doneBadge, fictionalBadge, heading, minutes, paragraphs, pathHref, section } from './learning-view.js';

const OUTCOME_KIND = {
  noticed: 'success', missed: 'danger', 'wrongly-picked': 'warning', 'rightly-left-out': 'neutral',
};

function optionsFieldset(c, picked) {
  const box = el('fieldset', { class: 'app-choices app-indicators', 'data-field': 'picked', 'aria-describedby': 'case-question-hint' },
    el('legend', { class: 'app-legend-large', i18n: 'learning.case.question' }),
    el('p', { class: 'utrecht-form-field-description', id: 'case-question-hint', i18n: 'learning.case.questionHint' }));
  const list = el('ul', { class: 'app-indicator-list' });
  for (const o of c.options) {
    const id = `opt-${o.id}`;
    list.append(el('li', { class: 'app-indicator', 'data-option': o.id },
      el('div', { class: 'app-choice app-choice--checkbox' },
        el('input', { type: 'checkbox', class: CHOICE_CLASS.checkbox, id, name: 'picked', value: o.id, checked: picked.includes(o.id) }),
        el('label', { for: id }, o.text ? el('span', { bi: o.text }) : el('span', { text: o.id }),
          ' ', el('span', { class: 'app-code', text: o.id })))));
  }
  box.append(list);
  return box;
}

// The feedback of an answer, with the lesson and a way to try again.
function feedbackView(fb, texts) {
  const summary = fb.complete
    ? el('p', { class: 'app-lead', i18n: 'learning.case.complete' })
    : el('p', { class: 'app-lead', i18n: 'learning.case.summary', args: { noticed: fb.noticed, expected: fb.expected, missed: fb.missed, wrong: fb.wronglyPicked } });
  const items = el('ul', { class: 'app-indicator-list', id: 'feedback-items' }, fb.items.map((item) => el('li', {
    class: 'app-indicator', 'data-feedback': item.indicator, 'data-outcome': item.outcome,
  },
    el('p', {},
      badge(OUTCOME_KIND[item.outcome] || 'neutral', `learning.outcome.${item.outcome}`), ' ',
      texts.get(item.indicator) ? el('span', { bi: texts.get(item.indicator) }) : null, ' ',
      el('span', { class: 'app-code', text: item.indicator })),
    el('p', { bi: item.explanation }),
    explanationDetails(item.about, item.indicator))));
  return el('section', { id: 'feedback', class: 'app-section', 'aria-labelledby': 'feedback-heading', tabindex: '-1' },
    el('h2', { id: 'feedback-heading', i18n: 'learning.case.feedbackHeading' }),
    summary,
    items,
    el('h3', { i18n: 'learning.case.lesson' }),
    el('p', { class: 'app-advice', bi: fb.lesson }));
}

export async function renderCase(id, from) {
  const c = await api.get(`/learning/cases/${q(id)}`);
  heading(c.title);
  const pathId = from && c.paths.includes(from) ? from : c.paths[0];
  if (pathId) back(pathHref(pathId), 'learning.backToPath');
  else back('/learning.html', 'learning.back');
  const texts = new Map(c.options.map((o) => [o.id, o.text]));
  const last = c.lastAnswer;
  const form = el('form', { id: 'case-form', class: 'app-form' },
    optionsFieldset(c, last ? last.picked : []),
    el('div', { class: 'app-actions' }, submitButton('learning.case.submit')));
  const status = el('p', { id: 'case-status', class: 'app-card__meta' }, fictionalBadge(), minutes(c.minutes), doneBadge(c.done));
  const result = el('div', { id: 'case-result' });
  fill(byId('learning'),
    status,
    el('p', { class: 'app-note', bi: c.fictionalNotice }),
    section('case-story', 'learning.case.story', paragraphs(c.story)),
    form,
    result);
  if (last && last.feedback) {
    fill(result, el('p', { class: 'app-muted', i18n: 'learning.case.lastAnswer' }), feedbackView(last.feedback, texts));
  }
  onSubmit(form, async (f) => {
    const picked = checkedValues(f, 'picked');
    const answer = await api.post(`/learning/cases/${q(id)}/answers`, { picked });
    fill(status, fictionalBadge(), minutes(c.minutes), doneBadge(true));
    fill(result,
      answer.finishedPaths.length ? el('p', { class: 'app-advice', i18n: 'learning.pathFinished' }) : null,
      feedbackView(answer.feedback, texts),
      pathId ? el('p', {}, el('a', { href: pathHref(pathId), i18n: 'learning.backToPath' })) : null);
    announce('learning.case.answered');
    byId('feedback').focus();
  });
}
