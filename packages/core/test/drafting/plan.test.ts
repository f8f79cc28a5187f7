import { describe, expect, it } from 'vitest';
import { planDraft } from '@gongwen/core';
// @ts-expect-error plain ESM script without types
import { evaluatePlans } from '../../../../scripts/eval-drafting.mjs';

interface Row {
  request: string;
  genreRight: boolean;
  refusalRight: boolean;
  refuseExpected?: string;
}

describe('draft plan', () => {
  it('chooses the 文种 and refuses as the written requests of corpora/drafting expect', () => {
    const rows = evaluatePlans() as Row[];
    expect(rows.length).toBeGreaterThanOrEqual(30);
    expect(rows.filter((r) => r.refuseExpected).length).toBeGreaterThanOrEqual(4);
    expect(rows.filter((r) => !r.genreRight).map((r) => r.request)).toEqual([]);
    expect(rows.filter((r) => !r.refusalRight).map((r) => r.request)).toEqual([]);
  });

  it('says why when it chooses another 文种 than asked, and lists facts with file and line', () => {
    const plan = planDraft({
      request: '写一份报告，申请追加校舍维修资金',
      from: '青川市教育局',
      to: '青川市人民政府',
      materials: [{ name: '情况.md', text: '# 情况说明\n\n全市12所学校需维修，需资金120万元。' }],
    });
    expect(plan.genre).toBe('请示');
    expect(plan.asked).toBe('报告');
    expect(plan.reason).toContain('第十五条（四）');
    expect(plan.direction).toBe('上行文');
    expect(plan.structure.closing[0]).toBe('妥否，请批示');
    expect(plan.facts).toEqual([
      { kind: 'number', text: '12', source: { file: '情况.md', line: 3 } },
      { kind: 'amount', text: '120万元', source: { file: '情况.md', line: 3 } },
    ]);
    expect(plan.decisions).toBe(false);
    expect(plan.refusal).toBeUndefined();
  });

  it('keeps 【待补：答复意见】 for a 批复 whose materials hold no decision', () => {
    const plan = planDraft({
      request: '答复临江县教育局关于维修校舍资金的请示',
      from: '青川市教育局',
      to: '临江县教育局',
      materials: [{ name: '请示.docx', text: '临江县教育局关于维修校舍资金的请示\n需资金80万元。\n妥否，请批示。' }],
    });
    expect(plan.genre).toBe('批复');
    expect(plan.missing).toContain('答复意见');
  });
});
