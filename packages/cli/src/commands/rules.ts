// The rules' metadata as written at build time: listing them loads nothing of the engine.
import { RULE_DOCS_PATH, ruleAnchor, ruleDoc, ruleMetas, type RuleMeta } from '@gongwen/core/rule-meta';
// The error class alone: the package's index would load config, ignore and glob handling that listing rules never uses.
import { UsageError } from '@gongwen/node/errors';

const LEVEL_ZH = { error: '错误', warning: '警告', info: '提示' } as const;

/** One line per rule for the listing. */
function summary(m: RuleMeta): string {
  const fix = m.fixable ? (m.level === 'info' ? ' [给出修改建议]' : ' [可自动修正]') : '';
  return [`${m.id}  [${LEVEL_ZH[m.level]}]${fix}${m.standard ? `  ${m.standard}` : ''}`, `  ${m.description}`].join(
    '\n',
  );
}

export function runRules(id: string | undefined, opts: { format?: string }, stdout: NodeJS.WritableStream): number {
  let rules = ruleMetas();
  if (id) {
    rules =
      id.endsWith('/*') || !id.includes('/')
        ? rules.filter((r) => r.id.startsWith(id.replace(/\*$/, '').replace(/\/?$/, '/')))
        : rules.filter((r) => r.id === id);
    if (rules.length === 0) throw new UsageError(`没有规则“${id}”（gongwen rules 列出全部规则） / no rule "${id}"`);
  }
  if (opts.format === 'json') {
    stdout.write(`${JSON.stringify(rules, null, 2)}\n`);
  } else {
    if (id) {
      // The rule's own doc, the same section as in the generated rule docs.
      stdout.write(
        `${rules.map((m) => `${ruleDoc({ meta: m })}\n\n（${RULE_DOCS_PATH}#${ruleAnchor(m.id)}）`).join('\n\n')}\n`,
      );
    } else {
      stdout.write(`${rules.map(summary).join('\n\n')}\n`);
      stdout.write(`\n共 ${rules.length} 条规则。gongwen rules <规则> 查看说明和示例。\n`);
    }
  }
  return 0;
}
