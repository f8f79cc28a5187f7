// The engine verifies every fix before offering it as one: a fix that would bring a new warning or error, or change
// text outside its finding, becomes a suggestion; info-level advice is never a fix.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  Checker,
  RuleRegistry,
  compileDataRule,
  defaultRegistry,
  lint,
  markdownFromText,
  normalizeConfig,
  textDocument,
  validateDataRuleSpec,
  type Diagnostic,
  type Rule,
} from '@gongwen/core';

/** The straight-quote rule as it was: a regex that skips a quoted mark and then pairs the wrong quotes. */
const oldQuotes = compileDataRule(
  validateDataRuleSpec(
    {
      id: 'test/old-quotes',
      kind: 'pattern',
      level: 'error',
      message: '中文引号应使用“”',
      description: '旧的直引号规则',
      pattern: '"([^"\\n]{0,80}\\p{Script=Han}[^"\\n]{0,80})"',
      fix: '“$1”',
      examples: { bad: [{ text: '坚持"以人民为中心"的发展思想。' }], good: ['坚持“以人民为中心”的发展思想。'] },
    },
    'rules/test/old-quotes.yaml',
  ),
);

/** A rule whose fix reaches past the characters it reports. */
const wide: Rule = {
  meta: {
    id: 'test/wide',
    level: 'warning',
    kind: 'code',
    description: '测试',
    message: '测试',
    fixable: true,
    examples: { bad: [], good: [] },
  },
  create(ctx) {
    const i = ctx.text.indexOf('甲乙');
    if (i >= 0) ctx.report({ range: [i, i + 1], fix: { range: [i, i + 2], text: '甲丙' } });
    const j = ctx.text.indexOf('丁戊');
    if (j >= 0) ctx.report({ range: [j, j + 2], fix: { range: [j, j + 2], text: '丁\n戊' } });
    const k = ctx.text.indexOf('己庚');
    // Rewrites the whole pair but changes only the character it reports: that is within its range.
    if (k >= 0) ctx.report({ range: [k + 1, k + 2], fix: { range: [k + 1, k + 2], text: '辛' } });
  },
};

function checkerWith(extra: Rule[], rules: Record<string, unknown> = {}): Checker {
  return new Checker({
    registry: new RuleRegistry([...defaultRegistry().all(), ...extra]),
    config: normalizeConfig({ rules }, 'test'),
  });
}

const byRule = (ds: Diagnostic[], id: string) => ds.filter((d) => d.ruleId === id);

describe('fix verification', () => {
  it('demotes a fix that brings a new error, keeps the finding, and --fix leaves the text as it was', () => {
    const checker = checkerWith([oldQuotes], { 'punct/straight-quotes': 'off' });
    const text = '注意序号后必须使用全角点"．"而非半角点"."。';
    const [d] = byRule(checker.check(textDocument(text)).diagnostics, 'test/old-quotes');
    expect(d).toBeDefined();
    expect(d!.fix).toBeUndefined();
    expect(d!.suggestions?.[0]?.fix.text).toBe('“而非半角点”');
    expect(d!.suggestions?.[0]?.message).toContain('修改后会出现新的问题');
    // Unverified, the same fix is offered (what the engine used to apply).
    const raw = lint(textDocument(text), {
      registry: checker.registry,
      config: checker.config,
      profile: checker.profile,
      unverified: true,
    });
    expect(byRule(raw.diagnostics, 'test/old-quotes')[0]?.fix).toBeDefined();
    const fixed = checker.fix(text, 'text');
    expect(fixed.output).toBe(text);
    expect(fixed.changes).toEqual([]);
  });

  it('keeps a fix on a paragraph that settles after follow-up fixes (full-width digits, then the separator)', () => {
    const checker = new Checker();
    const text = '国防费支出为６，１４１，３９１，０００元。';
    const ds = checker.check(textDocument(text)).diagnostics.filter((d) => d.ruleId === 'number/full-width-digit');
    expect(ds.length).toBe(4);
    expect(ds.every((d) => d.fix)).toBe(true);
    const fixed = checker.fix(text, 'text');
    expect(fixed.output).toBe('国防费支出为6,141,391,000元。');
    expect(fixed.changes.map((c) => c.ruleId)).toEqual([
      ...Array(4).fill('number/full-width-digit'),
      ...Array(3).fill('number/thousands-separator'),
    ]);
    expect(fixed.changes[0]).toMatchObject({
      line: 1,
      column: 7,
      before: '费支出为６，１４１',
      after: '费支出为6，１４１',
    });
  });

  it('demotes a fix that changes text outside its finding or adds a paragraph', () => {
    const checker = checkerWith([wide]);
    const ds = byRule(checker.check(textDocument('甲乙。\n丁戊。\n己庚。')).diagnostics, 'test/wide');
    expect(ds.map((d) => [d.range[0], Boolean(d.fix), d.suggestions?.[0]?.message ?? ''])).toEqual([
      [0, false, '改为“甲丙”（未自动修正：修改超出问题所在文字）'],
      [4, false, '改为“丁\n戊”（未自动修正：修改会增删段落）'],
      [9, true, ''],
    ]);
  });

  it('leaves the fixes of a paragraph over 50,000 characters as suggestions, unverified, and verifies one at the limit', () => {
    const checker = new Checker();
    const year = (pad: number) => textDocument(`${'加'.repeat(pad)}二零二零年。`);
    const at = checker.check(year(50_000 - 6)).diagnostics.find((d) => d.ruleId === 'number/year-zero');
    expect(at?.fix?.text).toBe('二〇二〇');
    const over = checker.check(year(50_000 - 5)).diagnostics.find((d) => d.ruleId === 'number/year-zero');
    expect(over?.fix).toBeUndefined();
    expect(over?.suggestions?.[0]?.message).toBe('改为“二〇二〇”（未自动修正：段落过长，未能复核修改）');
    expect(over?.suggestions?.[0]?.fix.text).toBe('二〇二〇');
  });

  it('never applies advice: info-level fixes are suggestions, outdated names and 顿号 between quotes stay', () => {
    const checker = new Checker();
    const text =
      '关于做好2025年秸秆禁烧工作的通知\n\n各市人民政府：\n\n根据环境保护部、农业部要求，学习“两学一做”、“三严三实”精神。\n';
    const ds = checker.check(textDocument(text)).diagnostics;
    const info = ds.filter((d) => d.severity === 'info');
    expect(info.map((d) => d.ruleId).sort()).toEqual([
      'punct/quote-enumeration',
      'wording/outdated-organ',
      'wording/outdated-organ',
    ]);
    for (const d of info) {
      expect(d.fix).toBeUndefined();
      expect(d.suggestions?.length).toBeGreaterThan(0);
    }
    expect(checker.fix(text, 'text').output).toBe(text);
    // Raised to a warning by a config, a rule's fix is a fix again (the level is the user's choice).
    const raised = checkerWith([], { 'punct/quote-enumeration': 'warning' });
    expect(raised.fix(text, 'text').output).toContain('“两学一做”“三严三实”');
  });

  it('no info-level finding of any bundled rule carries a fix', () => {
    const checker = new Checker();
    const examples = checker.registry.all().flatMap((r) => r.meta.examples.bad.map((b) => b.text));
    for (const t of examples)
      for (const d of checker.check(textDocument(t)).diagnostics)
        if (d.severity === 'info') expect(d.fix, `${d.ruleId} on ${t}`).toBeUndefined();
  });
});

describe('straight quotes paired in Chinese text', () => {
  const checker = new Checker();
  it('pairs a quoted mark like any quotation and fixes the paragraph cleanly', () => {
    const a = '注意序号后必须使用全角点"．"而非半角点"."。';
    expect(checker.fix(a, 'text').output).toBe('注意序号后必须使用全角点“．”而非半角点“.”。');
    const b = '序号为"（1）"。';
    expect(byRule(checker.check(textDocument(b)).diagnostics, 'punct/straight-quotes')).toHaveLength(1);
    expect(checker.fix(b, 'text').output).toBe('序号为“（1）”。');
  });
  it('uses single quotes inside double ones and gives no fix when the pairing is unknown', () => {
    expect(checker.fix('他说：“要落实"三个到位"的要求。”', 'text').output).toBe('他说：“要落实‘三个到位’的要求。”');
    const odd = byRule(checker.check(textDocument('要"落实"三个到位"的要求。')).diagnostics, 'punct/straight-quotes');
    expect(odd.length).toBe(3);
    expect(odd.every((d) => !d.fix)).toBe(true);
  });
  it('leaves code, English and inch marks alone', () => {
    for (const t of ['设置 name="value" 属性。', 'He said "yes" and left.', '屏幕尺寸为27"。']) {
      expect(byRule(checker.check(textDocument(t)).diagnostics, 'punct/straight-quotes'), t).toEqual([]);
    }
    // Code in Markdown is protected, and the quotes in it do not shift the pairing of the ones outside.
    const md = '运行 `echo "你好"` 即可，称为"示例"。';
    const ds = byRule(checker.check(markdownFromText(md)).diagnostics, 'punct/straight-quotes');
    expect(ds.map((d) => md.slice(d.range[0], d.range[1]))).toEqual(['"示例"']);
  });
});

// Real documents: --fix must leave no rule with more warnings or errors than before, on every document of gov-texts.
const corpora = join(dirname(fileURLToPath(import.meta.url)), '../../../../shared/corpora');
const present = existsSync(corpora);
if (!present && process.env.CI) throw new Error(`corpus missing in CI: ${corpora}`);

describe.skipIf(!present)('fixes on real documents', () => {
  it('gov-texts and the work reports: --fix never adds a warning or error of any rule', { timeout: 240_000 }, () => {
    const checker = new Checker();
    const texts: Array<[string, string]> = [];
    const dir = join(corpora, 'gov-texts/ecspell-web-dev');
    for (const f of readdirSync(dir)
      .filter((n) => n.endsWith('.txt'))
      .sort())
      texts.push([f, readFileSync(join(dir, f), 'utf8')]);
    for (const l of readFileSync(join(corpora, 'gov-texts/work-reports/government_work_reports.jsonl'), 'utf8').split(
      '\n',
    )) {
      if (l.trim())
        texts.push([(JSON.parse(l) as { title: string }).title, (JSON.parse(l) as { content: string }).content]);
    }
    const count = (ds: Diagnostic[]) => {
      const m = new Map<string, number>();
      for (const d of ds) if (d.severity !== 'info') m.set(d.ruleId, (m.get(d.ruleId) ?? 0) + 1);
      return m;
    };
    let changed = 0;
    let applied = 0;
    for (const [name, t] of texts) {
      const before = checker.check(textDocument(t)).diagnostics;
      if (!before.some((d) => d.fix)) continue;
      const r = checker.fix(t, 'text');
      changed++;
      applied += r.applied;
      expect(r.output.split('\n').length, name).toBe(t.split('\n').length);
      const was = count(before);
      for (const [id, n] of count(r.diagnostics)) expect(n, `${name}: ${id}`).toBeLessThanOrEqual(was.get(id) ?? 0);
    }
    expect(changed).toBeGreaterThan(50);
    expect(applied).toBeGreaterThan(1000);
  });
});
