import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Checker, textDocument } from '@gongwen/core';
import { findings, fixed } from './helpers.js';

describe('genre rules', () => {
  it('genre/report-request flags requests in a 报告 only', () => {
    expect(findings('genre/report-request', '某某局关于工作情况的报告\n市政府：\n妥否，请批示。')).toHaveLength(1);
    expect(findings('genre/report-request', '某某局关于增加经费的请示\n市政府：\n妥否，请批示。')).toEqual([]);
  });
  it('genre/closing fixes a closing of another 文种', () => {
    expect(fixed('genre/closing', '某某市人民政府关于防汛的通知\n各区：\n请执行。\n特此报告。')).toBe(
      '某某市人民政府关于防汛的通知\n各区：\n请执行。\n特此通知。',
    );
  });
  it('genre/request wants a closing request; several 主送 are genre/upward-recipients', () => {
    const two = '某某局关于增加经费的请示\n市财政局、市发展改革委：\n说明如下。\n妥否，请批示。';
    expect(findings('genre/request', two)).toEqual([]);
    expect(findings('genre/upward-recipients', two)).toHaveLength(1);
    expect(findings('genre/request', '某某局关于增加经费的请示\n市财政局：\n说明如下。\n特此说明。')).toHaveLength(1);
  });
  it('genre/request notes two separate requests at info level', () => {
    const d = findings(
      'genre/request',
      '某某局关于增加经费的请示\n市财政局：\n请批准增加经费。\n另恳请批准购车。\n妥否，请批示。',
    );
    expect(d.map((x) => x.severity)).toEqual(['info']);
  });
  it('a mixed 文种 is reported once and silences the other genre rules', () => {
    const all = new Checker()
      .check(textDocument('某某局关于增加经费的请示报告\n市财政局：\n妥否，请批示。'))
      .diagnostics.filter((d) => d.ruleId.startsWith('genre/'));
    expect(all.map((d) => d.ruleId)).toEqual(['genre/mixed-type']);
  });
});

describe('wording/fixed-expression', () => {
  const id = 'wording/fixed-expression';
  it('catches a same-sounding, missing or extra character', () => {
    expect(fixed(id, '学习习近平新时代中国特色社会主意思想')).toBe('学习习近平新时代中国特色社会主义思想');
    expect(fixed(id, '坚持以人民为忠心')).toBe('坚持以人民为中心');
    expect(fixed(id, '坚持以人民为中中心')).toBe('坚持以人民为中心');
    expect(fixed(id, '中华人民人共和国')).toBe('中华人民共和国');
  });
  it('reads characters by the prebuilt index: pinyin-pro is not loaded for a same-sound slip', () => {
    // In a process of its own: this one may have loaded pinyin-pro for other tests.
    const script = `
      import { createRequire } from 'node:module';
      import { Checker, textDocument } from '@gongwen/core';
      const found = new Checker().check(textDocument('坚持以人民为忠心。')).diagnostics
        .filter((d) => d.ruleId === 'wording/fixed-expression').length;
      const loaded = Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('pinyin-pro'));
      console.log(JSON.stringify({ found, loaded }));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('.', import.meta.url)),
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual({ found: 1, loaded: false });
  });
  it('leaves other names and ordinary grammar alone', () => {
    for (const t of [
      '全省人民代表大会',
      '中共中央、国务院',
      '乡村振兴的战略方向',
      '坚持加强党的全面领导',
      '党的十九大以来',
    ])
      expect(findings(id, t)).toEqual([]);
  });
  it('checks the unit’s own terms and never corrects them', () => {
    const checker = new Checker({ config: { rules: {}, terms: ['某某市数字政府建设领导小组'], ignore: [] } });
    const d = checker
      .check(textDocument('报某某市数字政府建社领导小组审定。'))
      .diagnostics.filter((x) => x.ruleId === id);
    expect(d[0]?.fix?.text).toBe('某某市数字政府建设领导小组');
    expect(
      checker.check(textDocument('报某某市数字政府建设领导小组审定。')).diagnostics.filter((x) => x.ruleId === id),
    ).toEqual([]);
  });
  it('typo/homophone passes over a pair the published documents use (因城施策, 抓实建强), not a slip', () => {
    for (const t of ['要因城施策，分类指导。', '抓实建强农村基层党组织。', '实施市场禁入措施。'])
      expect(findings('typo/homophone', t), t).toEqual([]);
    // Never next to each other there: still reported.
    expect(findings('typo/homophone', '答案正雀无误。')).toHaveLength(1);
  });
});

describe('typo rules', () => {
  it('typo/lexicon fixes listed miswritings', () => {
    expect(fixed('typo/lexicon', '决策布署，再接再励')).toBe('决策部署，再接再厉');
  });
  it('typo/homophone suggests, never fixes, and can be switched off', () => {
    const [d] = findings('typo/homophone', '请跟据有关规定办理。');
    expect(d?.severity).toBe('info');
    expect(d?.fix).toBeUndefined();
    expect(d?.suggestions?.[0]?.fix.text).toBe('根据');
    const off = new Checker({
      config: { rules: { 'typo/homophone': { options: { enabled: false } } }, terms: [], ignore: [] },
    });
    expect(
      off.check(textDocument('请跟据有关规定办理。')).diagnostics.filter((x) => x.ruleId === 'typo/homophone'),
    ).toEqual([]);
  });
});
