import { describe, expect, it } from 'vitest';
import { recognizeStructure, textDocument, markdownFromText } from '@gongwen/core';

function roles(text: string) {
  const doc = textDocument(text);
  const s = recognizeStructure(doc);
  return {
    s,
    list: doc.blocks
      .filter((b) => b.role !== 'blank')
      .map((b) => [b.role, doc.text.slice(b.range[0], b.range[1]), b.level ?? 0]),
  };
}

describe('structure recognition', () => {
  it('labels the elements of a complete notice', () => {
    const { s, list } = roles(
      [
        '000123',
        '机密★1年',
        '特急',
        '某某市人民政府文件',
        '某政发〔2025〕3号',
        '关于加强安全生产工作的通知',
        '各区人民政府，市政府各部门：',
        '为做好安全生产工作，现通知如下。',
        '一、总体要求',
        '（一）压实责任。各单位要落实。',
        '1.明确分工',
        '（1）建立台账',
        '特此通知。',
        '附件：1.安全生产责任清单',
        '2.联系人名单',
        '某某市人民政府',
        '2025年3月1日',
        '（此件公开发布）',
        '附件1',
        '安全生产责任清单',
        '内容。',
        '抄送：市委办公厅。',
        '某某市人民政府办公室    2025年3月2日印发',
      ].join('\n'),
    );
    expect(list).toEqual([
      ['copy-number', '000123', 0],
      ['secrecy', '机密★1年', 0],
      ['urgency', '特急', 0],
      ['issuer-mark', '某某市人民政府文件', 0],
      ['doc-number', '某政发〔2025〕3号', 0],
      ['title', '关于加强安全生产工作的通知', 0],
      ['addressee', '各区人民政府，市政府各部门：', 0],
      ['body', '为做好安全生产工作，现通知如下。', 0],
      ['heading', '一、总体要求', 1],
      ['heading', '（一）压实责任。各单位要落实。', 2],
      ['heading', '1.明确分工', 3],
      ['heading', '（1）建立台账', 4],
      ['closing', '特此通知。', 0],
      ['attachment-note', '附件：1.安全生产责任清单', 0],
      ['attachment-note', '2.联系人名单', 0],
      ['signature', '某某市人民政府', 0],
      ['date', '2025年3月1日', 0],
      ['annotation', '（此件公开发布）', 0],
      ['attachment-label', '附件1', 0],
      ['attachment-title', '安全生产责任清单', 0],
      ['attachment-body', '内容。', 0],
      ['cc', '抄送：市委办公厅。', 0],
      ['print-line', '某某市人民政府办公室    2025年3月2日印发', 0],
    ]);
    expect(s.genre).toBe('通知');
    expect(s.direction).toBe('down');
  });

  it('keeps an 附件说明 line wrapped by hand with the 附件说明, not the 署名 (a blank line after it)', () => {
    const end = (note: string[]) =>
      roles(
        ['关于公布拟录用人员名单的公告', '现将名单公布如下。', '', ...note, '某某市人民政府', '2023年5月17日'].join(
          '\n',
        ),
      ).list.slice(2);
    // As in a real Word file: `附件：…拟录用公` / `务员名单（第一批）`, then blank lines, then the organ.
    expect(end(['附件：某某市2023年度拟录用公', '务员名单（第一批）', '', ''])).toEqual([
      ['attachment-note', '附件：某某市2023年度拟录用公', 0],
      ['attachment-note', '务员名单（第一批）', 0],
      ['signature', '某某市人民政府', 0],
      ['date', '2023年5月17日', 0],
    ]);
    // After a numbered item too.
    expect(end(['附件：1.名单', '2.某某市2023年度拟录用公', '务员名单（第一批）', '']).map((r) => r[0])).toEqual([
      'attachment-note',
      'attachment-note',
      'attachment-note',
      'signature',
      'date',
    ]);
    // Without a blank line after it, a short line above the date is a 署名 (joint documents), as before.
    expect(end(['附件：某某方案', '某某市财政局']).map((r) => r[0])).toEqual([
      'attachment-note',
      'signature',
      'signature',
      'date',
    ]);
    // With a blank line between it and the 附件说明, it is no continuation of it.
    expect(end(['附件：某某方案', '', '某某市财政局', '']).map((r) => r[0])).toEqual([
      'attachment-note',
      'signature',
      'signature',
      'date',
    ]);
  });

  it('joins a title over two lines and finds the genre of a 请示', () => {
    const { s } = roles('某某县教育局关于新建第二实验小学\n的请示\n\n县人民政府：\n正文。\n');
    expect(s.title).toBe('某某县教育局关于新建第二实验小学的请示');
    expect(s.genre).toBe('请示');
    expect(s.direction).toBe('up');
  });

  it('takes the title from Markdown front matter', () => {
    const doc = markdownFromText('---\n标题: 关于召开会议的通知\n主送: 各单位\n---\n\n一、会议时间\n\n正文内容。\n');
    const s = recognizeStructure(doc);
    expect(s.title).toBe('关于召开会议的通知');
    expect(s.genre).toBe('通知');
    expect(doc.blocks.find((b) => b.level === 1)).toBeDefined();
  });

  it('takes a short first line above an addressee for the title, even without 关于 and 文种', () => {
    const { s, list } = roles('某某市教育局暑期学生安全工作安排\n各区教育局：\n现将有关事项通知如下。\n');
    expect(s.title).toBe('某某市教育局暑期学生安全工作安排');
    expect(list[1]).toEqual(['addressee', '各区教育局：', 0]);
    // A first line that is an addressee itself, or a sentence, is no title.
    expect(roles('各区人民政府，\n市政府各部门：\n现将有关事项通知如下。\n').s.title).toBeUndefined();
    expect(roles('为做好防汛工作，现通知如下\n各区人民政府：\n正文。\n').s.title).toBeUndefined();
  });

  it('starts the 附件 pages of a Markdown draft whose date is in the front matter at the first 附件N line', () => {
    const doc = markdownFromText(
      '---\n标题: 关于召开会议的通知\n成文日期: "2025年3月1日"\n附件:\n  - 会议议程\n---\n\n请准时参加。\n\n附件\n\n会议议程\n\n一、开幕\n',
    );
    recognizeStructure(doc);
    const role = (t: string) => doc.blocks.find((b) => doc.text.slice(b.range[0], b.range[1]) === t)?.role;
    expect(role('请准时参加。')).toBe('body');
    expect(role('附件')).toBe('attachment-label');
    expect(role('会议议程')).toBe('attachment-note');
    expect(doc.blocks.filter((b) => b.role === 'attachment-title').length).toBe(1);
  });

  it('leaves prose without a title alone', () => {
    const { s, list } = roles('新华社北京3月5日电\n国务院日前印发通知，要求各地做好工作。\n');
    expect(s.title).toBeUndefined();
    expect(list.every(([r]) => r === 'body')).toBe(true);
  });

  it('takes a title by its shape, not by being the first line', () => {
    for (const one of [
      '关于进一步加强安全生产工作的通知。',
      '请各单位于3月5日前报送材料的通知。',
      '会议强调，要认真做好防汛工作的通知',
    ]) {
      expect(roles(one).s.title, one).toBeUndefined();
    }
    expect(roles('会议研究了防汛工作的通知。\n大家一致同意。').s.title).toBeUndefined();
    expect(roles('某某市人民政府关于做好防汛工作的通知。\n各区人民政府：\n现通知如下。').s.title).toBe(
      '某某市人民政府关于做好防汛工作的通知。',
    );
  });

  it('reads a file that is one 附件 by its label and title, not as title and addressee', () => {
    const { s, list } = roles('附件3:\n公安机关录用人民警察体能测评标准\n体能测评按照有关规定进行。\n一、往返跑');
    expect(s.title).toBeUndefined();
    expect(list.slice(0, 3)).toEqual([
      ['attachment-label', '附件3:', 0],
      ['attachment-title', '公安机关录用人民警察体能测评标准', 0],
      ['body', '体能测评按照有关规定进行。', 0],
    ]);
    expect(roles('大纲1\n公共科目笔试考试大纲\n为便于报考者了解，特制定本大纲。').list[0]![0]).toBe('attachment-label');
  });

  it('does not take field labels for the addressee', () => {
    for (const line of ['签发：张三', '附件3:', '联系人：']) {
      const { list } = roles(`关于做好防汛工作的通知\n${line}\n现通知如下。`);
      expect(list[1]![0], line).not.toBe('addressee');
    }
  });

  it('finds the 发文字号 in the forms offices type', () => {
    for (const n of ['编号：××站〔2025〕3号', '某某发2020[0902]号', 'XXXX发〔    〕  号']) {
      const { list } = roles(`某某市人民政府文件\n${n}\n关于做好防汛工作的通知\n各区人民政府：\n现通知如下。`);
      expect(list[1], n).toEqual(['doc-number', n, 0]);
    }
  });
});
