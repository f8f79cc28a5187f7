import { defaultRegistry, type Rule } from '@gongwen/core';
// The error class alone: the package's index would load config, ignore and glob handling that listing rules never uses.
import { UsageError } from '@gongwen/node/errors';

const LEVEL_ZH = { error: '错误', warning: '警告', info: '提示' } as const;

function describe(rule: Rule, full: boolean): string {
  const m = rule.meta;
  const lines = [`${m.id}  [${LEVEL_ZH[m.level]}]${m.fixable ? (m.level === 'info' ? ' [给出修改建议]' : ' [可自动修正]') : ''}${m.standard ? `  ${m.standard}` : ''}`, `  ${m.description}`];
  if (full) {
    lines.push(`  提示语：${m.message}`);
    if (m.scope) lines.push(`  适用要素：${m.scope.join('、')}`);
    if (m.file) lines.push(`  定义：${m.file}`);
    lines.push('  错误示例：');
    for (const b of m.examples.bad) lines.push(`    ✗ ${b.text}${b.fixed !== undefined ? `  →  ${b.fixed}` : ''}`);
    lines.push('  正确示例：');
    for (const g of m.examples.good) lines.push(`    ✓ ${g}`);
  }
  return lines.join('\n');
}

export function runRules(id: string | undefined, opts: { format?: string }, stdout: NodeJS.WritableStream): number {
  const registry = defaultRegistry();
  let rules = registry.all();
  if (id) {
    rules = id.endsWith('/*') || !id.includes('/') ? rules.filter((r) => r.meta.id.startsWith(id.replace(/\*$/, '').replace(/\/?$/, '/'))) : rules.filter((r) => r.meta.id === id);
    if (rules.length === 0) throw new UsageError(`没有规则“${id}”（gongwen rules 列出全部规则） / no rule "${id}"`);
  }
  if (opts.format === 'json') {
    stdout.write(`${JSON.stringify(rules.map((r) => r.meta), null, 2)}\n`);
  } else {
    stdout.write(`${rules.map((r) => describe(r, Boolean(id))).join('\n\n')}\n`);
    if (!id) stdout.write(`\n共 ${rules.length} 条规则。gongwen rules <规则> 查看示例。\n`);
  }
  return 0;
}
