import { describe, expect, it } from 'vitest';
import { findings, fixed } from './helpers.js';

describe('element/date-format', () => {
  const id = 'element/date-format';
  it('rewrites a 成文日期 in Arabic numerals without zero padding', () => {
    expect(fixed(id, '某某市人民政府\n二〇二四年十二月三十一日')).toBe('某某市人民政府\n2024年12月31日');
    expect(fixed(id, '某某市人民政府\n2024-03-05')).toBe('某某市人民政府\n2024年3月5日');
  });
  it('suggests but does not fix a two-digit year', () => {
    const [d] = findings(id, '某某市人民政府\n24年3月5日');
    expect(d?.fix).toBeUndefined();
    expect(d?.suggestions?.[0]?.fix.text).toBe('2024年3月5日');
  });
  it('reports a date that does not exist without a fix', () => {
    const [d] = findings(id, '某某市人民政府\n2024年2月30日');
    expect(d?.message).toContain('不存在');
    expect(d?.fix).toBeUndefined();
  });
});

describe('element/title', () => {
  const id = 'element/title';
  it('removes final punctuation and doubled 关于', () => {
    expect(fixed(id, '某某市人民政府关于关于做好防汛工作的通知。\n各区人民政府：')).toBe(
      '某某市人民政府关于做好防汛工作的通知\n各区人民政府：',
    );
  });
  it('names the 发文字号 run into the title instead of calling the 文种 missing', () => {
    // As copied from a web page: the title over two lines, the number run on after its 文种.
    const [d, ...rest] = findings(
      id,
      '国务院办公厅关于调整\n\n2019年劳动节假期安排的通知国办发明电〔2019〕3号\n\n各省人民政府：\n现将有关事项通知如下。',
    );
    expect(rest).toEqual([]);
    expect(d?.severity).toBe('warning');
    expect(d?.message).toBe('标题后连写了发文字号“国办发明电〔2019〕3号”：发文字号应单独成行，编排在标题之上');
    expect(findings(id, '某某市人民政府关于做好防汛工作的安排\n各区人民政府：')[0]?.message).toContain('标题缺少文种');
    // A news agency's dateline above a published document is no title.
    expect(findings(id, '新华社北京9月27日电 \n中共北京市委、北京市人民政府：\n现就有关事项批复如下。')).toEqual([]);
  });
  it('gives only info when 关于 is missing', () => {
    expect(findings(id, '某某市人民政府防汛工作通知\n各区人民政府：').map((d) => d.severity)).toEqual(['info']);
  });
  it('does not take a one-sentence file citing a document, or a sentence with pauses, for a title', () => {
    for (const t of [
      '认真学习《关于印发〈某某市河长制工作规则〉的通知》。',
      '深入贯彻《关于印发《河长制工作规则》的通知》精神。',
      '经研究,同意你单位关于调整办公用房的请示。',
    ]) {
      expect(findings(id, t), t).toEqual([]);
    }
    expect(fixed(id, '某某市人民政府关于做好春季森林防火工作的通知。\n各区县人民政府：')).toBe(
      '某某市人民政府关于做好春季森林防火工作的通知\n各区县人民政府：',
    );
  });
});

describe('element/attachment-note', () => {
  const id = 'element/attachment-note';
  it('numbers with 1. and drops final marks', () => {
    expect(fixed(id, '正文。\n附件：1、会议议程；\n2、参会回执。')).toBe('正文。\n附件：1.会议议程\n2.参会回执');
  });
  it('reports gaps in numbering and a lone number', () => {
    expect(findings(id, '正文。\n附件：1.会议议程\n3.参会回执').some((d) => d.message.includes('不连续'))).toBe(true);
    expect(fixed(id, '正文。\n附件：1.会议议程')).toBe('正文。\n附件：会议议程');
  });
  it('treats a full-width point as a warning', () => {
    expect(findings(id, '正文。\n附件：1．会议议程\n2．参会回执').map((d) => d.severity)).toEqual([
      'warning',
      'warning',
    ]);
  });
});

describe('element/heading-sequence', () => {
  const id = 'element/heading-sequence';
  it('reports skipped and repeated numbers', () => {
    expect(findings(id, '一、总体要求\n二、主要任务\n四、保障措施')).toHaveLength(1);
    expect(findings(id, '一、总体要求\n二、主要任务\n二、保障措施')[0]?.message).toContain('重复');
  });
  it('accepts numbering restarted under each parent or run on through the document', () => {
    expect(findings(id, '一、甲\n（一）子\n（二）子\n二、乙\n（一）子')).toEqual([]);
    expect(findings(id, '一、甲\n（一）子\n（二）子\n二、乙\n（三）子')).toEqual([]);
  });
  it('names the numbers that would be right: restarted, or run on from the text before', () => {
    expect(findings(id, '一、甲\n（一）子\n（二）子\n二、乙\n（四）子')[0]?.message).toBe(
      '层次序号“（四）”不连续：应为“（一）”（在新的上级之下重新编号）或“（三）”（接续上文编号）',
    );
    expect(findings(id, '一、总体要求\n二、主要任务\n四、保障措施')[0]?.message).toBe(
      '层次序号“四、”不连续：应为“三、”',
    );
  });
});
