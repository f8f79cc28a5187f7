import { describe, expect, it } from 'vitest';
import { classifiedMark, documentFromSource, textDocument } from '@gongwen/core';

const body = '青川市人民政府关于做好防汛工作的通知\n各区人民政府：\n请认真做好防汛工作。\n特此通知。\n';

describe('classified marks', () => {
  it('finds 绝密/机密/秘密 at the head, with or without ★ and a period, spaced, after a 份号 or labelled', () => {
    for (const [head, mark] of [
      ['机密', '机密'],
      ['秘密★5年', '秘密★5年'],
      ['绝密★长期', '绝密★长期'],
      ['000123\n机密★1年', '机密★1年'],
      ['000123  机密★1年', '机密★1年'],
      ['机　密', '机　密'],
      ['绝  密', '绝  密'],
      ['密级：秘密', '秘密'],
      ['秘密★6个月\n特急', '秘密★6个月'],
      ['机密 ★ 十年', '机密 ★ 十年'],
    ] as const) {
      const doc = textDocument(`${head}\n${body}`);
      const found = classifiedMark(doc);
      expect(found?.mark, head).toBe(mark);
      expect(doc.text.slice(found!.range[0], found!.range[1]).includes(mark.slice(0, 1)), head).toBe(true);
    }
  });

  it('reads the 密级 of a Markdown draft from its front matter', () => {
    const doc = documentFromSource(`---\n密级: 机密★1年\n---\n\n${body}`, 'markdown');
    expect(classifiedMark(doc)?.mark).toBe('机密★1年');
  });

  it('ignores the words in prose and an unmarked document', () => {
    expect(classifiedMark(textDocument(body))).toBeUndefined();
    expect(classifiedMark(textDocument(`${body}各单位要严格保守秘密。\n机密文件应当按规定管理。\n`))).toBeUndefined();
    expect(classifiedMark(textDocument(`关于加强秘密载体管理的通知\n${body}`))).toBeUndefined();
    // Far below the head (past 份号, 密级, 紧急程度 and the 版头), a lone 秘密 line is body text, not a mark.
    const long = `${Array.from({ length: 20 }, (_, i) => `第${i + 1}段内容。`).join('\n')}\n秘密\n`;
    expect(classifiedMark(textDocument(long))).toBeUndefined();
  });
});
