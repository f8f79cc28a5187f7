import { describe, expect, it } from 'vitest';
import { Checker, excerptSpan, fingerprintContext, reportFile, textDocument } from '@gongwen/core';

const checker = new Checker();
const prints = (text: string) => {
  const r = reportFile({ path: 'a.txt', format: 'text', error: null, ...check(text) });
  return r.diagnostics.map((d) => ({ rule: d.ruleId, at: d.excerpt, fp: d.fingerprint! }));
};
const check = (text: string) => {
  const document = textDocument(text);
  return { document, diagnostics: checker.check(document).diagnostics };
};

const BODY = [
  '关于做好年度工作的通知',
  '',
  '各单位:',
  '    现将有关事项通知如下,请认真贯彻落实.',
  '    二是加强管理,确保安全.',
  '',
].join('\n');

describe('finding fingerprints', () => {
  it('stay the same when paragraphs are inserted above and lines move', () => {
    const before = prints(BODY);
    expect(before.length).toBeGreaterThanOrEqual(4);
    const moved = BODY.replace('各单位:\n', '各单位:\n    新增的一段说明文字，与上下文无关。\n\n    又一段。\n');
    const after = prints(moved);
    for (const f of before) expect(after.map((a) => a.fp)).toContain(f.fp);
  });

  it('change when the finding’s sentence is edited, and only there', () => {
    const before = prints(BODY);
    const edited = prints(BODY.replace('二是加强管理,确保安全.', '二是强化监督管理,确保安全.'));
    const gone = before.filter((f) => !edited.some((e) => e.fp === f.fp));
    expect(gone.length).toBeGreaterThan(0);
    for (const g of gone) expect(g.at).toContain('加强管理');
    // The findings in other sentences keep theirs.
    for (const f of before.filter((b) => !b.at.includes('加强管理'))) expect(edited.map((e) => e.fp)).toContain(f.fp);
  });

  it('count repeated identical findings, and ignore whitespace changes', () => {
    const twice = prints(`${BODY}    二是加强管理,确保安全.\n`);
    const fps = twice.map((f) => f.fp);
    expect(new Set(fps).size).toBe(fps.length);
    expect(fps.some((f) => f.endsWith(':1'))).toBe(true);
    const spaced = prints(BODY.replace('    二是', '\t  二是'));
    expect(spaced.map((f) => f.fp)).toEqual(prints(BODY).map((f) => f.fp));
  });

  it('take the sentence around the finding, cut at sentence and line ends, and stay bounded for long spans', () => {
    const text = '上一句话结束了。这里有问题的词语在中间，后面还有。下一句。';
    const at = text.indexOf('问题');
    expect(fingerprintContext(text, [at, at + 2])).toBe('这里有\u0001问题\u0001的词语在中间，后面还有。');
    const long = 'x'.repeat(1_000_000);
    expect(fingerprintContext(long, [0, long.length]).length).toBeLessThan(300);
  });

  it('mark the span in the excerpt from the located fields alone', () => {
    const r = reportFile({ path: 'a.txt', format: 'text', error: null, ...check(BODY) });
    for (const d of r.diagnostics) {
      const [s, e] = excerptSpan(d);
      const line = BODY.split('\n')[d.line - 1]!;
      expect(d.excerpt.slice(s, e)).toBe(line.slice(d.column - 1, d.endLine === d.line ? d.endColumn - 1 : undefined));
    }
    const longLine = `${'甲'.repeat(60)},${'乙'.repeat(60)}……`;
    const r2 = reportFile({ path: 'b.txt', format: 'text', error: null, ...check(`${longLine}\n`) });
    const d = r2.diagnostics.find((x) => x.ruleId === 'punct/half-width')!;
    const [s, e] = excerptSpan(d);
    expect(d.excerpt.slice(s, e)).toBe(',');
  });
});
