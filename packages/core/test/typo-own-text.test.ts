// Where the typo rules leave characters alone as the text's own: names, a list's one-character items, parallel
// phrases (ownText), measured on the published documents each typo model did not read.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Checker, textDocument } from '@gongwen/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const typoDir = join(root, 'packages/core/dist/rules/typo');
const { ownText } = await import(join(typoDir, 'own-text.js'));
const { languageModel } = await import(join(typoDir, 'lm-model.js'));

const at = (text: string, mark: string) => {
  const i = text.indexOf(mark);
  if (i < 0) throw new Error(`${mark} not in ${text}`);
  return i;
};

describe('ownText', () => {
  it('reads a short run with a common surname, standing on its own, as a name', () => {
    for (const [line, names] of [
      ['陈淑琴', ['陈淑琴']],
      ['参会人员：王建国、李淑芬、张伟。', ['王建国', '李淑芬', '张伟']],
      ['　　　　吴清海　　质检总局副局长', ['吴清海']],
    ] as const)
      for (const name of names)
        for (let k = 0; k < name.length; k++)
          expect(ownText(line, line.indexOf(name) + k, 1), `${name[k]} in ${line}`).toBe(true);
    // The words of the same line are not names.
    expect(ownText('参会人员：王建国、李淑芬、张伟。', 1, 1)).toBe(false);
    // Not a name: a longer run, or a run not bounded by marks, or no surname.
    expect(ownText('推动陈述制度改革。', at('推动陈述制度改革。', '述'), 1)).toBe(false);
    expect(ownText('请示：淑琴', at('请示：淑琴', '琴'), 1)).toBe(false);
  });

  it('takes the characters after a post as a name only where the first is a surname (主席团 is none)', () => {
    const lm = languageModel();
    expect(ownText('由市委书记毛生武同志主持', at('由市委书记毛生武同志主持', '生'), 1, lm)).toBe(true);
    expect(ownText('由大会主席团绍集', at('由大会主席团绍集', '绍'), 1, lm)).toBe(false);
    expect(ownText('由村民委员汇主任提出', at('由村民委员汇主任提出', '汇'), 1, lm)).toBe(false);
  });

  it('leaves the one-character items of a list marked with 、', () => {
    const t = '要有计划地安排钨、钼、锡、铝、铜等有色金属的综合利用';
    for (const ch of '钨钼锡铝铜') expect(ownText(t, at(t, ch), 1), ch).toBe(true);
    // A character of a longer item is not one of them (煤碳 → 煤炭 is a slip to catch).
    const longer = '加强煤碳、钢铁、水泥等行业';
    expect(ownText(longer, at(longer, '碳'), 1)).toBe(false);
    expect(ownText(longer, at(longer, '铁'), 1)).toBe(false);
  });

  it('leaves a character of a parallel phrase, and a pair the model knows written again a few places on', () => {
    const lm = languageModel();
    const t = '做到应教尽教，确保学生达标';
    expect(ownText(t, t.indexOf('教'), 1, lm)).toBe(true);
    expect(ownText(t, t.lastIndexOf('教'), 1, lm)).toBe(true);
    expect(ownText('同岗同薪同待遇', 3, 1, lm)).toBe(true);
    // 越来越希薄: 越 two apart frames nothing the character belongs to.
    expect(ownText('关系越来越希薄了', at('关系越来越希薄了', '希'), 1, lm)).toBe(false);
    // The same slip made twice makes a pair the training text never had: still questioned.
    const twice = '最重要的是身么？我们为身么过日子？';
    expect(ownText(twice, twice.indexOf('身'), 1, lm)).toBe(false);
  });
});

describe('typo/lm on names and lists', () => {
  const checker = new Checker();
  const lm = (text: string) => checker.check(textDocument(text)).diagnostics.filter((d) => d.ruleId === 'typo/lm');
  it('says nothing of a name in a cell or a list of members', () => {
    expect(lm('陈淑琴')).toEqual([]);
    expect(lm('　　　　吴清海　　质检总局副局长\n　　　　宫蒲光　　民政部副部长')).toEqual([]);
  });
  it('still corrects a slip in running text', () => {
    expect(lm('坚持防微杜惭，抓早抓小。').map((d) => d.severity)).toEqual(['warning']);
  });
});
