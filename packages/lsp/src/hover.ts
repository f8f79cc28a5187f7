import type { Hover, HoverParams } from 'vscode-languageserver/node';
import { ruleAnchor, type Diagnostic, type Rule } from '@gongwen/core';
import type { DocumentStore } from './documents.js';
import { normalizedOffset } from './positions.js';
import type { Settings } from './settings.js';

function code(s: string): string {
  return `\`${s.replace(/`/g, 'ˋ')}\``;
}

/**
 * What the rule checks, its clause, and one bad and one good example. Not the finding's message: editors show the
 * diagnostic (message and clause) right above the hover, so the hover adds only what the diagnostic does not say.
 */
export function ruleHover(rule: Rule | undefined, d: Diagnostic, href: string): string {
  const standard = d.standard ?? rule?.meta.standard;
  const lines = [`**${d.ruleId}**${standard ? ` · ${standard}` : ''}`];
  if (!rule) lines.push('', d.message);
  if (rule) {
    lines.push('', `规则：${rule.meta.description}`);
    const bad = rule.meta.examples.bad[0];
    const good = rule.meta.examples.good[0];
    if (bad) lines.push('', `错误示例：${code(bad.text)}${bad.fixed !== undefined ? ` → ${code(bad.fixed)}` : ''}`);
    if (good) lines.push('', `正确示例：${code(good)}`);
  }
  lines.push('', `[规则说明](${href})`);
  return lines.join('\n');
}

/** The rules behind the findings under the cursor, each once, with a link to its docs. */
export function hover(params: HoverParams, docs: DocumentStore, settings: Settings, docsUri: string): Hover | null {
  const td = docs.get(params.textDocument.uri);
  const st = docs.current(params.textDocument.uri);
  if (!td || !st) return null;
  const at = normalizedOffset(td.getText(), td.offsetAt(params.position));
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const d of st.diagnostics) {
    if (d.range[0] > at || at > d.range[1] || seen.has(d.ruleId)) continue;
    seen.add(d.ruleId);
    parts.push(ruleHover(settings.registry.get(d.ruleId), d, `${docsUri}#${ruleAnchor(d.ruleId)}`));
  }
  return parts.length ? { contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') } } : null;
}
