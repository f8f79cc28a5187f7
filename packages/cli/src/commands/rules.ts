import { RULE_DOCS_PATH, defaultRegistry, ruleAnchor, ruleDoc, type Rule } from '@gongwen/core';
// The error class alone: the package's index would load config, ignore and glob handling that listing rules never uses.
import { UsageError } from '@gongwen/node/errors';

const LEVEL_ZH = { error: '错误', warning: '警告', info: '提示' } as const;

/** One line per rule for the listing. */
function summary(rule: Rule): string {
  const m = rule.meta;
  const fix = m.fixable ? (m.level === 'info' ? ' [给出修改建议]' : ' [可自动修正]') : '';
  return [`${m.id}  [${LEVEL_ZH[m.level]}]${fix}${m.standard ? `  ${m.standard}` : ''}`, `  ${m.description}`].join(
    '\n',
  );
}

export function runRules(id: string | undefined, opts: { format?: string }, stdout: NodeJS.WritableStream): number {
  const registry = defaultRegistry();
  let rules = registry.all();
  if (id) {
    rules =
      id.endsWith('/*') || !id.includes('/')
        ? rules.filter((r) => r.meta.id.startsWith(id.replace(/\*$/, '').replace(/\/?$/, '/')))
        : rules.filter((r) => r.meta.id === id);
    if (rules.length === 0) throw new UsageError(`没有规则“${id}”（gongwen rules 列出全部规则） / no rule "${id}"`);
  }
  if (opts.format === 'json') {
    stdout.write(
      `${JSON.stringify(
        rules.map((r) => r.meta),
        null,
        2,
      )}\n`,
    );
  } else {
    if (id) {
      // The rule's own doc, the same section as in the generated rule docs.
      stdout.write(
        `${rules.map((r) => `${ruleDoc(r)}\n\n（${RULE_DOCS_PATH}#${ruleAnchor(r.meta.id)}）`).join('\n\n')}\n`,
      );
    } else {
      stdout.write(`${rules.map(summary).join('\n\n')}\n`);
      stdout.write(`\n共 ${rules.length} 条规则。gongwen rules <规则> 查看说明和示例。\n`);
    }
  }
  return 0;
}
