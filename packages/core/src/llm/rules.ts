import type { Rule } from '../engine/types.js';
import { DEFAULT_LLM_SEVERITY, LLM_CATEGORIES, LLM_CATEGORY_NAMES, type LlmCategory } from './types.js';

/** What each category is about, shown by `gongwen rules llm/<category>` (the model's answer is never certain). */
const EXAMPLES: Record<LlmCategory, { bad: Array<{ text: string; fixed: string }>; good: string[] }> = {
  typo: {
    bad: [{ text: '这是程序正档原则的要求。', fixed: '这是程序正当原则的要求。' }],
    good: ['这是程序正当原则的要求。'],
  },
  grammar: {
    bad: [{ text: '通过这次活动，使广大干部受到了教育。', fixed: '这次活动使广大干部受到了教育。' }],
    good: ['这次活动使广大干部受到了教育。'],
  },
  wording: {
    bad: [{ text: '请各单位搞好材料报送。', fixed: '请各单位做好材料报送工作。' }],
    good: ['请各单位做好材料报送工作。'],
  },
  consistency: {
    bad: [{ text: '会议于3月5日召开……3月6日的会议要求', fixed: '会议于3月5日召开……3月5日的会议要求' }],
    good: ['会议于3月5日召开……3月5日的会议要求'],
  },
  logic: {
    bad: [{ text: '全市共有三个试点，即甲区、乙区。', fixed: '全市共有两个试点，即甲区、乙区。' }],
    good: ['全市共有两个试点，即甲区、乙区。'],
  },
  risk: {
    bad: [{ text: '依据《中华人民共和国合同法》的规定', fixed: '依据《中华人民共和国民法典》的规定' }],
    good: ['依据《中华人民共和国民法典》的规定'],
  },
};

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
 * only through `runLlmChecks` (the sync lint skips `kind: 'llm'`); their examples illustrate and are not run.
 */
export const LLM_RULES: Rule[] = LLM_CATEGORIES.map((c) => ({
  meta: {
    id: `llm/${c}`,
    kind: 'llm',
    file: 'packages/core/src/llm/rules.ts',
    level: DEFAULT_LLM_SEVERITY[c],
    description: DESCRIPTIONS[c],
    message: `AI 建议【${LLM_CATEGORY_NAMES[c]}】（须人工确认）`,
    hasSuggestions: true,
    examples: EXAMPLES[c],
  },
  create() {
    // Nothing to do synchronously: see runLlmChecks.
  },
}));
