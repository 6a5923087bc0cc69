// How a guidance rule's condition reads, for the guidance and rules pages:
// a whole sentence, "There are at least 2 indicators of strength M, in at
// least 2 categories."
import { el } from './dom.js';

// rule: {strengths, minIndicators, minCategories}, or {when: {...}}.
export function ruleCondition(rule) {
  const when = rule.when || rule;
  const strengths = Array.isArray(when.strengths) ? when.strengths : String(when.strengths || '').split(/[,\s]+/).filter(Boolean);
  return el('span', {
    i18n: when.minCategories > 1 ? 'rules.conditionCategories' : 'rules.condition',
    args: { count: when.minIndicators, strengths: strengths.join('/'), categories: when.minCategories },
  });
}
