import { describe, expect, it } from 'vitest';
import { excerpt, findings, fixed } from './helpers.js';

describe('punct/paired-marks', () => {
  const id = 'punct/paired-marks';
  it('accepts balanced and correctly nested marks', () => {
    for (const t of [
      '要坚持“以人民为中心”的发展思想。',
      '学习《关于印发〈工作规则〉的通知》。',
      '他说：“要落实‘三个到位’的要求。”',
    ])
      expect(findings(id, t)).toEqual([]);
  });
  it('accepts a title wrapped over two lines and a quotation running over several paragraphs', () => {
    expect(findings(id, '国务院关于修改《国务院对确需保留的\n行政审批项目设定行政许可的决定》的决定')).toEqual([]);
    expect(findings(id, '将第三条修改为：“制定规章，应当遵循立法原则。\n第二款修改为：规章应当明确。”')).toEqual([]);
    expect(findings(id, '“第一段。\n“第二段。”')).toEqual([]);
  });
  it('lets a quotation run on past a paragraph holding only a sequence number, and nothing else', () => {
    // Text copied from a web page: the item's number set on a line of its own, between the quotation's paragraphs.
    expect(findings(id, '增加一条，作为第四条：“制定规章，应当报告。\n二、\n“制定重大规章，应当报告。”')).toEqual([]);
    expect(findings(id, '增加一条：“制定规章，应当报告。\n（二）\n“制定重大规章，应当报告。”')).toEqual([]);
    // A number with text after it is a paragraph like any other: the quotation before it is still open.
    expect(findings(id, '增加一条：“制定规章，应当报告。\n二、其他事项\n“制定重大规章，应当报告。”')).toHaveLength(1);
  });
  it('reports an unclosed quote (warning), a stray closer and a 书名号 inside a 书名号 (errors)', () => {
    const t = '要坚持“以人民为中心的发展思想。';
    const [d] = findings(id, t);
    expect(d?.severity).toBe('warning');
    expect(excerpt(t, d!)).toBe('“');
    expect(findings(id, '学习《宪法》》。').map((x) => x.severity)).toEqual(['error']);
    expect(findings(id, '学习《关于印发《工作规则》的通知》。')[0]?.message).toContain('〈〉');
  });
  it('names a paragraph number with one bracket (1）) as the fourth level missing its first half, or leaves it below （1）', () => {
    const t = '1.字型的选择\n1）使用非内嵌字型\n2）使用内嵌字型';
    const found = findings(id, t);
    expect(found.map((d) => [excerpt(t, d), d.severity, d.message])).toEqual([
      ['1）', 'error', '序次语“1）”缺少前半个括号：第四层序数应写作“（1）”（GB/T 9704-2012 7.3.3）'],
      ['2）', 'error', '序次语“2）”缺少前半个括号：第四层序数应写作“（2）”（GB/T 9704-2012 7.3.3）'],
    ]);
    expect(fixed(id, t)).toBe('1.字型的选择\n（1）使用非内嵌字型\n（2）使用内嵌字型');
    // Under a document's own （1）: a level below it.
    expect(findings(id, '（1）字型的选择\n1）使用非内嵌字型')).toEqual([]);
    // Not at the paragraph's start, or after other text: a stray bracket as before.
    expect(findings(id, '见第1）项')[0]?.message).toBe('括号“）”缺少与之配对的“（”');
  });
  it('fixes a half-width closer after a full-width opener', () => {
    expect(fixed(id, '各县（市、区)要落实。')).toBe('各县（市、区）要落实。');
  });
});

describe('punct/sequence-marker', () => {
  const id = 'punct/sequence-marker';
  it('fixes wrong marks after 序次语', () => {
    expect(fixed(id, '1、加强组织领导')).toBe('1.加强组织领导');
    expect(fixed(id, '（一）、总体要求')).toBe('（一）总体要求');
    expect(fixed(id, '一．总体要求')).toBe('一、总体要求');
    expect(fixed(id, '(1)明确责任')).toBe('（1）明确责任');
    expect(fixed(id, '第一、要提高认识。')).toBe('第一，要提高认识。');
  });
  it('leaves correct markers, enumerations and set phrases alone', () => {
    for (const t of ['1.加强组织领导', '（一）总体要求', '1、2月份完成', '第一、二章', '坚持质量第一、效益优先。'])
      expect(findings(id, t)).toEqual([]);
  });
  it('reports half-width brackets as a warning only', () => {
    expect(findings(id, '(一)总体要求')[0]?.severity).toBe('warning');
  });
});

describe('punct data rules', () => {
  it('keeps URLs, times and standard numbers out of punct/half-width', () => {
    for (const t of ['会议定于9:30召开。', '执行ISO/IEC 27001:2022标准。', '详见https://www.gov.cn/zhengce/,请查看。'])
      expect(findings('punct/half-width', t)).toEqual([]);
  });
  it('collapses doubled marks but only reports clashing ones', () => {
    expect(fixed('punct/repeated-marks', '认真落实，，确保完成。')).toBe('认真落实，确保完成。');
    const clash = findings('punct/repeated-marks', '请认真贯彻执行，。');
    expect(clash).toHaveLength(1);
    expect(clash[0]!.fix).toBeUndefined();
  });
  it('does not take words beginning with 等 for the closing 等', () => {
    expect(findings('punct/comma-before-deng', '加强生物活性、等效性研究。')).toEqual([]);
    expect(fixed('punct/comma-before-deng', '水利、交通、等设施')).toBe('水利、交通等设施');
  });
});
