// How a guidance rule's condition reads, for the guidance and rules pages.
import { el } from './dom.js';

// rule: {strengths, min_indicators, min_categories}, or {when: {...}}.
export function ruleCondition(rule) {
  const when = rule.when || rule;
  const strengths = Array.isArray(when.strengths) ? when.strengths : String(when.strengths || '').split(/[,\s]+/).filter(Boolean);
  return el('span', {
    i18n: when.min_categories > 1 ? 'rules.conditionCategories' : 'rules.condition',
    args: { count: when.min_indicators, strengths: strengths.join('/'), categories: when.min_categories },
  });
}
