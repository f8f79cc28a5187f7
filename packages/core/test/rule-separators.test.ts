// Text pasted from web pages and word processors carries separators a `.` in a regex does not match (U+2028,
// U+2029, a lone CR, vertical tab, form feed, NEL). A rule that assumes `.*` reaches the end of a line throws on them,
// and a throwing rule becomes an internal-error finding. Every rule runs here over a full document with such
// separators inside and at the end of each line.
import { describe, expect, it } from 'vitest';
import { Checker, textDocument } from '@gongwen/core';

const DOC = [
  '某某市人民政府文件',
  '某政发〔2024〕5号',
  '关于做好2024年安全生产工作的通知',
  '各区人民政府，市政府各部门：',
  '一、总体要求',
  '（一）加强组织领导。各单位要高度重视，于2024年3月31日前报送“安全生产责任清单”。',
  '1.落实责任。',
  '二、工作措施',
  '特此通知。',
  '附件：1.安全生产责任清单',
  '2.联系人名单',
  '某某市人民政府',
  '2024年3月5日',
  '抄送：市委办公室，市人大常委会办公室',
  '某某市人民政府办公室        2024年3月5日印发',
];

describe('rules over text with unusual separators', () => {
  const checker = new Checker();
  for (const [name, sep] of [
    ['U+2028', '\u2028'],
    ['U+2029', '\u2029'],
    ['lone CR', '\r'],
    ['vertical tab', '\v'],
    ['form feed', '\f'],
    ['NEL', '\u0085'],
  ] as const) {
    it(`no rule throws on ${name}`, () => {
      const variants = [
        DOC.map((l) => l + sep).join('\n'),
        DOC.map((l) => l.slice(0, 3) + sep + l.slice(3)).join('\n'),
        DOC.join(sep),
      ];
      for (const text of variants) {
        const broken = checker.check(textDocument(text)).diagnostics.filter((d) => d.message.includes('执行出错'));
        expect(broken.map((d) => `${d.ruleId}: ${d.message}`)).toEqual([]);
      }
    });
  }
});
