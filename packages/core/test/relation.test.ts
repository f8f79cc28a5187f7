// 行文关系: the config's `organization` block and the relation guessed from organ names.
import { describe, expect, it } from 'vitest';
import { Checker, ConfigError, normalizeConfig, textDocument } from '@gongwen/core';

const LETTER =
  '青川市教育局关于商请协助开展防溺水安全教育的函\n青川市第一中学：\n恳请贵校组织学生参加防溺水安全教育活动。\n特此函告。\n\n青川市教育局\n2026年6月2日\n';

function findings(text: string, config = normalizeConfig(undefined)) {
  return new Checker({ config })
    .check(textDocument(text))
    .diagnostics.filter((d) => d.ruleId.startsWith('genre/'))
    .map((d) => `${d.ruleId}@${text.slice(d.range[0], d.range[1])}`);
}

describe('organization config', () => {
  it('is validated: a mapping of name, superiors and subordinates', () => {
    const c = normalizeConfig({
      organization: { name: '青川市 教育局', superiors: ['青川市人民政府'], subordinates: ['青川市第一中学'] },
    });
    expect(c.organization).toEqual({
      name: '青川市教育局',
      superiors: ['青川市人民政府'],
      subordinates: ['青川市第一中学'],
    });
    expect(() => normalizeConfig({ organization: ['x'] })).toThrow(ConfigError);
    expect(() => normalizeConfig({ organization: { parents: ['x'] } })).toThrow(/organization/);
    expect(() => normalizeConfig({ organization: { superiors: 'x' } })).toThrow(/organization\.superiors/);
  });

  it('names a relation the organ names do not tell: 贵校 to a school the unit directs', () => {
    // A school may or may not be under the writer: without the config nothing is said.
    expect(findings(LETTER)).toEqual([]);
    const config = normalizeConfig({ organization: { name: '青川市教育局', subordinates: ['青川市第一中学'] } });
    expect(findings(LETTER, config)).toEqual(['genre/address-term@贵校']);
  });

  it('tells superiors, subordinates and organs of other lines apart by name', () => {
    const up = '青川市教育局关于追加经费的请示\n青川市人民政府：\n恳请贵府追加经费。\n妥否，请批示。\n';
    expect(findings(up)).toEqual(['genre/address-term@贵府']);
    const other =
      '青川市交通运输局关于商请提供施工计划的函\n青川市住房和城乡建设局：\n请你局提供施工计划。\n特此函告。\n';
    expect(findings(other)).toEqual(['genre/address-term@你局']);
    // 市场监督管理局 and 城乡建设 hold 市 and 乡 that are no places: still two departments of one city.
    const market =
      '青川市市场监督管理局关于商请提供施工许可信息的函\n青川市住房和城乡建设局：\n请你局提供施工许可信息。\n特此函告。\n';
    expect(findings(market)).toEqual(['genre/address-term@你局']);
    const down =
      '青川市人民政府办公室关于做好防汛工作的通知\n各区人民政府，市政府各部门：\n请你们认真做好防汛工作。\n特此通知。\n';
    expect(findings(down)).toEqual([]);
  });
});
