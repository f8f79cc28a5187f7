import { parseLevel, type Config } from '@gongwen/core';
import { UsageError } from '@gongwen/node';

/** `--rule id=level` (repeatable) as a config merged over every file's. */
export function parseRuleOverrides(values: string[] = []): Config {
  const rules: Config['rules'] = {};
  for (const v of values) {
    const m = /^([^=]+)=(.+)$/.exec(v.trim());
    if (!m)
      throw new UsageError(`--rule 的格式应为 规则=级别（如 punct/half-width=off）：${v} / --rule expects id=level`);
    rules[m[1]!.trim()] = { level: parseLevel(m[2]!.trim(), `--rule ${m[1]}`) };
  }
  return { rules, terms: [], ignore: [] };
}
