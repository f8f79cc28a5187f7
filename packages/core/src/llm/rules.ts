import type { Rule } from '../engine/types.js';
import { DEFAULT_LLM_SEVERITY } from './run.js';
import { LLM_CATEGORIES, LLM_CATEGORY_NAMES, type LlmCategory } from './types.js';

const DESCRIPTIONS: Record<LlmCategory, string> = {
  typo: 'AI 校对（可选）：错别字。结果是须人工确认的建议，不会自动修正。',
  grammar: 'AI 校对（可选）：语病（成分残缺、搭配不当、语序不当、重复）。结果是须人工确认的建议。',
  wording: 'AI 校对（可选）：表述不规范。结果是须人工确认的建议。',
  consistency: 'AI 校对（可选）：文内人名、机关名称、数字、日期前后不一致。结果是须人工确认的建议。',
  logic: 'AI 校对（可选）：逻辑问题。结果是须人工确认的建议。',
  risk: 'AI 校对（可选）：政治或法律风险表述。结果是须人工确认的建议。',
};

/**
 * The ids AI findings carry, registered so `gongwen rules`, SARIF and `rules:` in the config know them. They run
 * only through `runLlmChecks` (the sync lint skips `kind: 'llm'`), so they have no examples to check.
 */
export const LLM_RULES: Rule[] = LLM_CATEGORIES.map((c) => ({
  meta: {
    id: `llm/${c}`,
    kind: 'llm',
    level: DEFAULT_LLM_SEVERITY[c],
    description: DESCRIPTIONS[c],
    message: `AI 建议【${LLM_CATEGORY_NAMES[c]}】（须人工确认）`,
    hasSuggestions: true,
    examples: { bad: [], good: [] },
  },
  create() {
    // Nothing to do synchronously: see runLlmChecks.
  },
}));
