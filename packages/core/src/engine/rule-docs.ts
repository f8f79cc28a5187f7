import type { RuleMeta } from './types.js';
import type { RuleRegistry } from './registry.js';

/** Where the generated rule docs live in the repository (`npm run docs` writes them; a test fails when they drift). */
export const RULE_DOCS_PATH = 'rules/README.md';

/** The HTML anchor of a rule in the rule docs (`punct/half-width` → `punct-half-width`). */
export function ruleAnchor(id: string): string {
  return id.replace(/[^a-z0-9-]/gi, '-');
}

function fence(s: string): string {
  return `\`${s.replace(/`/g, 'ˋ')}\``;
}

/** One rule's doc in Markdown: what it checks, level, clause, message, fixability, scope, defining file, examples. */
export function ruleDoc(rule: { meta: RuleMeta }): string {
  const m = rule.meta;
  const out = [`## ${m.id}`, '', m.description, ''];
  out.push(`- 级别 / level: \`${m.level}\``);
  if (m.standard) out.push(`- 依据 / clause: ${m.standard}`);
  out.push(`- 提示 / message: ${m.message}`);
  // Advice is never applied unattended: an info-level rule's fixes are offered as suggestions.
  const fixable = !m.fixable
    ? '否 / no'
    : m.level === 'info'
      ? '否，提示级的修改只作为建议 / no, info-level fixes are suggestions'
      : '是（经复核） / yes (verified)';
  out.push(`- 自动修正 / fixable: ${fixable}`);
  if (m.scope?.length) out.push(`- 适用要素 / scope: ${m.scope.join(', ')}`);
  if (m.file) out.push(`- 定义 / file: \`${m.file}\``);
  if (m.examples.bad.length) {
    out.push('', '错误示例 / bad:', '');
    for (const b of m.examples.bad)
      out.push(`- ${fence(b.text)}${b.fixed !== undefined ? ` → ${fence(b.fixed)}` : ''}`);
  }
  if (m.examples.good.length) {
    out.push('', '正确示例 / good:', '');
    for (const g of m.examples.good) out.push(`- ${fence(g)}`);
  }
  return out.join('\n');
}

/** The rule docs: an index, then one anchored section per rule, all from the registry. */
export function renderRuleDocs(registry: RuleRegistry): string {
  const rules = registry.all();
  const head = [
    '# gongwen 规则 / rules',
    '',
    '<!-- Generated from the rule registry by `npm run docs` (scripts/gen-rule-docs.mjs). Do not edit. -->',
    '',
    ...rules.map((r) => `- [${r.meta.id}](#${ruleAnchor(r.meta.id)})${r.meta.standard ? ` — ${r.meta.standard}` : ''}`),
  ];
  const sections = rules.map((r) => `<a id="${ruleAnchor(r.meta.id)}"></a>\n\n${ruleDoc(r)}`);
  return `${[head.join('\n'), ...sections].join('\n\n')}\n`;
}
