import { describe, expect, it } from 'vitest';
import { extractDraft, guardFacts, indexSources } from '@gongwen/core';
// @ts-expect-error plain ESM script without types
import { evaluateGuard } from '../../../../scripts/eval-drafting.mjs';

interface Planted {
  flag: string;
  found: boolean;
  extra: string[];
}

describe('fact guard', () => {
  it('finds every planted invention of corpora/drafting and flags nothing in the clean drafts', () => {
    const { clean, planted } = evaluateGuard() as { clean: Array<{ flagged: string[] }>; planted: Planted[] };
    expect(planted.length).toBeGreaterThanOrEqual(30);
    expect(clean.length).toBeGreaterThanOrEqual(10);
    expect(planted.filter((p) => !p.found).map((p) => p.flag)).toEqual([]);
    expect(planted.flatMap((p) => p.extra)).toEqual([]);
    expect(clean.flatMap((c) => c.flagged)).toEqual([]);
  });

  it('wraps what the sources do not hold, says why and on which line, and leaves its own marks alone', () => {
    const index = indexSources(['需资金120万元，2026年6月底前完成。青川市财政局负责。', '青川市教育局']);
    const draft = '需资金1,200,000元，6月30日前完成。\n由市财政局、省财政厅负责，共需150万元。\n【待补：答复意见】';
    const r = guardFacts(draft, index);
    expect(r.text).toBe(
      '需资金1,200,000元，6月30日前完成。\n由市财政局、【待核：省财政厅】负责，共需【待核：150万元】。\n【待补：答复意见】',
    );
    expect(r.unverified.map((u) => [u.kind, u.text, u.line])).toEqual([
      ['organ', '省财政厅', 2],
      ['amount', '150万元', 2],
    ]);
    expect(r.unverified[1]!.why).toContain('已按万元、亿元、千分位和汉字数字换算比对');
    // A second pass over its own output changes nothing.
    expect(guardFacts(r.text, index).text).toBe(r.text);
  });

  it('lets a decision stand only when a material states one', () => {
    const none = indexSources(['请予批准。']);
    expect(guardFacts('同意拨付。', none).text).toBe('【待核：同意】拨付。');
    const some = indexSources(['经市政府常务会议研究，同意拨付。']);
    expect(guardFacts('同意拨付。', some).unverified).toEqual([]);
  });
});

describe('the draft in a model answer', () => {
  it('takes the fence out of prose, or the prose off a bare answer', () => {
    expect(extractDraft('好的，以下是草稿：\n```markdown\n# 标题\n\n正文。\n```\n以上仅供参考。')).toBe(
      '# 标题\n\n正文。\n',
    );
    expect(extractDraft('以下是草稿：\n\n# 标题\n\n正文。\n\n以上草稿请审阅。')).toBe('# 标题\n\n正文。\n');
    expect(extractDraft('# 标题\n\n正文。')).toBe('# 标题\n\n正文。\n');
    expect(extractDraft('---\n标题: x\n---\n# 标题\n正文。')).toBe('# 标题\n正文。\n');
    expect(extractDraft('好的。')).toBeUndefined();
  });
});
