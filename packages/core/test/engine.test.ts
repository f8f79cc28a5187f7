import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  Checker,
  ConfigError,
  ProfileError,
  RuleLoadError,
  RuleRegistry,
  applyFixes,
  builtinProfiles,
  checkRuleExamples,
  compileDataRule,
  defaultRegistry,
  fixUntilStable,
  lint,
  normalizeConfig,
  resolveProfile,
  textDocument,
  validateDataRuleSpec,
  validateProfile,
  type Rule,
} from '@gongwen/core';

const profile = resolveProfile(undefined);

function dataRule(extra: Record<string, unknown>, file = 'rules/test/sample.yaml') {
  return validateDataRuleSpec(
    {
      id: 'test/sample',
      kind: 'substitution',
      level: 'warning',
      message: '应为“{{fix}}”',
      description: '测试规则',
      swap: { 其它: '其他' },
      examples: { bad: [{ text: '其它工作', fixed: '其他工作' }], good: ['其他工作'] },
      ...extra,
    },
    file,
  );
}

describe('data rules', () => {
  it('loads a valid rule and runs its examples', () => {
    const rule = compileDataRule(dataRule({}));
    const registry = new RuleRegistry([rule]);
    expect(checkRuleExamples(rule, registry, profile)).toEqual([]);
  });

  it('fails on a bad example the rule does not report, a wrong fixed text, or a reported good example', () => {
    const r1 = compileDataRule(dataRule({ examples: { bad: [{ text: '其他工作' }], good: ['其他'] } }));
    expect(checkRuleExamples(r1, new RuleRegistry([r1]), profile)[0]).toMatch(/not reported/);
    const r2 = compileDataRule(
      dataRule({ examples: { bad: [{ text: '其它工作', fixed: '其它工作' }], good: ['其他'] } }),
    );
    expect(checkRuleExamples(r2, new RuleRegistry([r2]), profile)[0]).toMatch(/fixes to/);
    const r3 = compileDataRule(dataRule({ examples: { bad: [{ text: '其它' }], good: ['其它'] } }));
    expect(checkRuleExamples(r3, new RuleRegistry([r3]), profile)[0]).toMatch(/good example reported/);
  });

  it('refuses malformed rule files', () => {
    expect(() => dataRule({}, 'rules/other/name.yaml')).toThrow(RuleLoadError);
    expect(() => dataRule({ kind: 'magic' })).toThrow(/kind/);
    expect(() => dataRule({ level: 'fatal' })).toThrow(/level/);
    expect(() => dataRule({ examples: { bad: [], good: ['x'] } })).toThrow(/examples.bad/);
    expect(() => dataRule({ kind: 'pattern', pattern: '(' })).toThrow(/bad pattern/);
    expect(() => dataRule({ colour: 'red' })).toThrow(/unknown key/);
    expect(() => dataRule({ wrongFrom: { default: '2018-13-01' } })).toThrow(/YYYY-MM-DD/);
    expect(() => dataRule({ wrongFrom: { 其他: '2018-05-01' } })).toThrow(/not in "swap"/);
    expect(() => dataRule({ outsideTitles: 'yes' })).toThrow(/outsideTitles/);
  });

  it('wrongFrom: a document dated (or numbered) before the change is not reported; outsideTitles: a cited title is not', () => {
    const rule = compileDataRule(
      dataRule({ swap: { 国土资源部: '自然资源部' }, wrongFrom: { default: '2018-05-01' }, outsideTitles: true }),
    );
    const registry = new RuleRegistry([rule]);
    const hits = (text: string) =>
      lint(textDocument(text), { registry, config: normalizeConfig({}), profile }).diagnostics.length;
    const signed = (date: string) => `关于土地管理的通知\n\n由国土资源部负责。\n\n某某市人民政府\n${date}\n`;
    expect(hits(signed('2017年3月1日'))).toBe(0);
    expect(hits(signed('2018年4月30日'))).toBe(0);
    expect(hits(signed('2018年5月1日'))).toBe(1);
    expect(hits('由国土资源部负责。')).toBe(1);
    // No 成文日期 found: the year of the 发文字号.
    const numbered = (year: number) =>
      `某某市人民政府文件\n某政发〔${year}〕1号\n关于土地管理的通知\n由国土资源部负责。\n`;
    expect(hits(numbered(2016))).toBe(0);
    expect(hits(numbered(2019))).toBe(1);
    expect(hits('依据《国土资源部关于土地管理的通知》执行。')).toBe(0);
    expect(hits('依据《土地管理办法》，国土资源部负责。')).toBe(1);
  });

  it('the bundled registry loads, every rule documented with examples (run by rule-examples.test.ts)', () => {
    const registry = defaultRegistry();
    expect(registry.all().length).toBeGreaterThan(1);
    for (const rule of registry.all()) {
      expect(rule.meta.examples.bad.length, rule.meta.id).toBeGreaterThan(0);
      expect(rule.meta.examples.good.length, rule.meta.id).toBeGreaterThan(0);
      expect(rule.meta.description, rule.meta.id).toMatch(/\p{Script=Han}/u);
    }
  });
});

describe('engine pipeline', () => {
  const throwing: Rule = {
    meta: {
      id: 'test/throws',
      level: 'error',
      kind: 'code',
      description: '抛出异常',
      message: 'x',
      examples: { bad: [], good: [] },
    },
    create() {
      throw new Error('boom');
    },
  };
  const twice: Rule = {
    meta: {
      id: 'test/twice',
      level: 'warning',
      kind: 'code',
      description: '重复报告',
      message: '重复',
      fixable: true,
      examples: { bad: [], good: [] },
    },
    create(ctx) {
      ctx.report({ range: [2, 3], fix: { range: [2, 3], text: 'Z' } });
      ctx.report({ range: [0, 1] });
      ctx.report({ range: [2, 3], fix: { range: [2, 3], text: 'Z' } });
    },
  };
  const undeclared: Rule = {
    meta: {
      id: 'test/undeclared',
      level: 'info',
      kind: 'code',
      description: '未声明修正',
      message: 'u',
      examples: { bad: [], good: [] },
    },
    create(ctx) {
      ctx.report({ range: [0, 1], fix: { range: [0, 1], text: 'x' } });
    },
  };
  const config = { rules: {}, terms: [], ignore: [] };

  it('turns a throwing rule into a diagnostic that names it', () => {
    const r = lint(textDocument('正文。'), { registry: new RuleRegistry([throwing]), config, profile });
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ ruleId: 'test/throws', severity: 'error' });
    expect(r.diagnostics[0]!.message).toMatch(/test\/throws.*boom/);
  });

  it('refuses a fix the rule did not declare', () => {
    const r = lint(textDocument('正文。'), { registry: new RuleRegistry([undeclared]), config, profile });
    expect(r.diagnostics[0]!.message).toMatch(/meta.fixable/);
  });

  it('dedupes and sorts stably', () => {
    const r = lint(textDocument('甲乙丙丁'), { registry: new RuleRegistry([twice]), config, profile });
    expect(r.diagnostics.map((d) => d.range)).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it('applies config severities, wildcards and off', () => {
    const registry = new RuleRegistry([twice]);
    const doc = textDocument('甲乙丙丁');
    expect(
      lint(doc, { registry, config: { ...config, rules: { 'test/twice': { level: 'error' } } }, profile })
        .diagnostics[0]!.severity,
    ).toBe('error');
    expect(
      lint(doc, { registry, config: { ...config, rules: { 'test/*': { level: 'off' } } }, profile }).diagnostics,
    ).toEqual([]);
  });

  it('never reports inside a configured term', () => {
    const doc = textDocument('请联系某某科技,有限公司。其它事项。');
    const c = new Checker({ config: { rules: {}, terms: ['某某科技,有限公司'], ignore: [] } });
    expect(c.check(doc).diagnostics.filter((d) => d.ruleId === 'punct/half-width')).toEqual([]);
    expect(new Checker().check(doc).diagnostics.filter((d) => d.ruleId === 'punct/half-width')).toHaveLength(1);
  });

  it('takes a bare level for a rule, as .gongwenrc.yaml does, and refuses a level that is none', () => {
    const doc = textDocument('请联系某某科技,有限公司。');
    const rules = { 'punct/half-width': 'off' } as unknown as Record<string, { level: 'off' }>;
    const quiet = new Checker({ config: { rules, terms: [], ignore: [] } });
    expect(quiet.check(doc).diagnostics.filter((d) => d.ruleId === 'punct/half-width')).toEqual([]);
    const bad = { 'punct/half-width': 'loud' } as unknown as Record<string, { level: 'off' }>;
    expect(() => new Checker({ config: { rules: bad, terms: [], ignore: [] } })).toThrow(ConfigError);
  });

  it("checks a unit's terms as written now, also after its list was changed in place", () => {
    const terms = ['青川市数字经济发展中心'];
    const c = new Checker({ config: { rules: {}, terms, ignore: [] } });
    const hits = (text: string) =>
      c.check(textDocument(text)).diagnostics.filter((d) => d.ruleId === 'wording/fixed-expression').length;
    expect(hits('请青川市数字经济发辗中心牵头。')).toBe(1);
    terms[0] = '青川市营商环境建设中心';
    expect(hits('请青川市数字经济发辗中心牵头。')).toBe(0);
    expect(hits('请青川市营商环镜建设中心牵头。')).toBe(1);
  });

  it('refuses unknown rules in config', () => {
    expect(() => new Checker({ config: { rules: { 'nope/rule': { level: 'off' } }, terms: [], ignore: [] } })).toThrow(
      ConfigError,
    );
  });
});

describe('applyFixes', () => {
  it('applies sorted, non-overlapping fixes and skips overlaps', () => {
    const r = applyFixes('abcdef', [
      { range: [4, 5], text: 'E' },
      { range: [0, 2], text: 'AB' },
      { range: [1, 3], text: 'xx' },
      { range: [3, 3], text: '+' },
    ]);
    expect(r.output).toBe('ABc+dEf');
    expect(r.applied).toBe(3);
    expect(r.skipped).toBe(1);
  });

  it('ignores out-of-range fixes and exact duplicates', () => {
    const r = applyFixes('abc', [
      { range: [1, 2], text: 'B' },
      { range: [1, 2], text: 'B' },
      { range: [2, 9], text: '!' },
    ]);
    expect(r.output).toBe('aBc');
    expect(r.skipped).toBe(1);
  });

  it('fixUntilStable re-runs until nothing is left', () => {
    // Each pass can only fix the first "aa" pair it sees; overlapping fixes wait for the next pass.
    const fixesOf = (s: string) => {
      const out = [];
      for (let i = s.indexOf('aa'); i >= 0; i = s.indexOf('aa', i + 1))
        out.push({ range: [i, i + 2] as const, text: 'a' });
      return out;
    };
    const r = fixUntilStable('aaaa', fixesOf);
    expect(r.output).toBe('a');
    expect(r.stable).toBe(true);
    expect(r.passes).toBeGreaterThan(1);
  });
});

describe('config', () => {
  it('normalises levels and refuses bad values and keys', () => {
    expect(normalizeConfig({ rules: { 'a/b': 'warn', 'c/d': { level: 0 } } }).rules).toEqual({
      'a/b': { level: 'warning' },
      'c/d': { level: 'off' },
    });
    expect(() => normalizeConfig({ rules: { 'a/b': 'loud' } })).toThrow(ConfigError);
    expect(() => normalizeConfig({ rulez: {} })).toThrow(/rulez/);
    expect(() => normalizeConfig({ terms: 'x' })).toThrow(/terms/);
    expect(() => normalizeConfig({ llm: { apiKey: 'sk' } })).toThrow(/环境变量/);
    expect(() => normalizeConfig([1, 2])).toThrow(ConfigError);
  });

  it('layers a unit profile over the national one', () => {
    const p = resolveProfile({ extends: 'gbt9704', margins: { topMm: 35 } });
    expect(p.margins.topMm).toBe(35);
    expect(p.margins.leftMm).toBe(28);
    expect(p.id).toBe('gbt9704+custom');
    expect(() => resolveProfile('nope')).toThrow(ConfigError);
  });

  it('refuses a unit profile with a wrong key or value, naming the key', () => {
    const err = (over: Record<string, unknown>) => {
      try {
        normalizeConfig({ profile: over }, '.gongwenrc.yaml');
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as Error).message;
      }
      throw new Error('accepted');
    };
    expect(err({ margins: { topMM: 35 } })).toMatch(
      /^\.gongwenrc\.yaml：profile\.margins\.topMM.*unknown profile key profile\.margins\.topMM/,
    );
    expect(err({ margin: { topMm: 35 } })).toMatch(/profile\.margin：格式规范中没有这一项/);
    expect(err({ margins: { topMm: '35' } })).toMatch(
      /profile\.margins\.topMm 应为数值，而不是字符串 .*must be a number, not a string/,
    );
    expect(err({ margins: 37 })).toMatch(/profile\.margins 应为映射/);
    expect(err({ checks: { recordThinSz: [4] } })).toMatch(/profile\.checks\.recordThinSz .*pair/);
    expect(err({ fonts: { groups: { FANGSONG: ['仿宋', 3] } } })).toMatch(/profile\.fonts\.groups\.FANGSONG\[1\]/);
    expect(err({ elements: { bodyText: { sizePt: 16 } } })).toMatch(/profile\.elements\.bodyText/);
    expect(err({ extends: 9704 })).toMatch(/profile\.extends 应为字符串/);
    // A new font group and a unit's own name are not typos.
    const ok = normalizeConfig({
      profile: { name: '某单位', fonts: { groups: { LISHU: ['隶书'] }, write: { LISHU: '隶书' } } },
    });
    expect(resolveProfile(ok.profile).fonts.groups.LISHU).toEqual(['隶书']);
  });

  it('validates every built-in profile file and refuses one that lacks a number', () => {
    for (const name of builtinProfiles()) expect(resolveProfile(name).id).toBe(name);
    const file = parseYaml(
      readFileSync(new URL('../../../rules/profiles/gbt9704.yaml', import.meta.url), 'utf8'),
    ) as Record<string, unknown>;
    expect(validateProfile(file).grid.charsPerLine).toBe(28);
    const { margins, ...rest } = file as { margins: Record<string, unknown> };
    const { leftMm: _left, ...noLeft } = margins;
    expect(() => validateProfile({ ...rest, margins: noLeft })).toThrow(/margins\.leftMm/);
    expect(() => validateProfile({ ...file, grid: { ...(file.grid as object), charsPerLine: '28' } })).toThrow(
      ProfileError,
    );
    expect(() => validateProfile({ ...file, elements: { body: { sizePt: 16 } } })).toThrow(/elements\.body\.clause/);
    const body = (file.elements as Record<string, object>).body;
    expect(() =>
      validateProfile({
        ...file,
        elements: { ...(file.elements as object), body: { ...body, firstLineIndentChars: 'two' } },
      }),
    ).toThrow(/elements\.body\.firstLineIndentChars must be a number/);
  });
});
