import { describe, expect, it } from 'vitest';
import { chunkDocument, markdownFromText, parseAnswer, redactChunk, restoreText, textDocument } from '@gongwen/core';

const whole = (text: string) => ({
  index: 0,
  text,
  starts: [...text].map((_, i) => i),
  ends: [...text].map((_, i) => i + 1),
});

describe('redaction', () => {
  it('masks 身份证号, 手机号, 银行卡号 and e-mail addresses, and maps each placeholder onto the whole original', () => {
    const text =
      '身份证11010519491231002x，电话+86 138-1234-5678，卡号6222021234567890123，邮件a.b@gov.cn，文号2024年第12号。';
    const { chunk, redaction } = redactChunk(whole(text));
    expect(chunk.text).toBe('身份证{{ID_1}}，电话{{PHONE_1}}，卡号{{CARD_1}}，邮件{{EMAIL_1}}，文号2024年第12号。');
    const id = chunk.text.indexOf('{{ID_1}}');
    expect([chunk.starts[id + 3], chunk.ends[id + 3]]).toEqual([3, 21]);
    expect(restoreText('电话{{PHONE_1}}', redaction)).toBe('电话+86 138-1234-5678');
  });

  it('leaves ordinary numbers alone', () => {
    const text = '2024年全省完成投资1234567万元，同比增长12.5%，电话0571-87654321。';
    expect(redactChunk(whole(text)).chunk.text).toBe(text);
  });
});

describe('chunking', () => {
  it('keeps paragraphs whole, splits an overlong one at sentence ends, and never exceeds the maximum', () => {
    const sentence = '各地区各部门要认真贯彻落实党中央决策部署，切实加强组织领导。'; // 30 chars
    const text = `关于加强工作的通知\n${sentence.repeat(40)}\n${'无标点长段'.repeat(200)}\n短段。\n`;
    const doc = textDocument(text);
    const chunks = chunkDocument(doc);
    for (const c of chunks) expect(c.text.length).toBeLessThanOrEqual(800);
    for (const c of chunks) {
      for (let i = 0; i < c.text.length; i++)
        if (c.text[i] !== '\n') expect(doc.text.slice(c.starts[i], c.ends[i])).toBe(c.text[i]);
    }
    const firstBody = chunks.find((c) => c.text.includes('各地区'))!;
    expect(firstBody.text.endsWith('。')).toBe(true);
  });

  it('leaves out Markdown markup and front matter', () => {
    const md =
      '---\ntitle: 关于加强工作的通知\n---\n\n# 关于加强工作的通知\n\n各单位要**严格**落实[制度](https://example.org)。\n\n```\ncode here\n```\n';
    const doc = markdownFromText(md);
    const text = chunkDocument(doc)
      .map((c) => c.text)
      .join('\n');
    expect(text).toContain('各单位要严格落实制度');
    expect(text).not.toContain('code here');
    expect(text).not.toContain('title:');
    expect(text).not.toContain('\uFFFC');
  });
});

describe('parsing answers', () => {
  it('reads bare arrays, other key names and trailing commas; refuses prose', () => {
    expect(parseAnswer('[{"type":"typo","original":"正档","correction":"正当",}]')).toEqual({
      ok: true,
      findings: [{ category: 'typo', wrong: '正档', suggestion: '正当' }],
    });
    expect(parseAnswer('{"errors": []}')).toEqual({ ok: true, findings: [] });
    expect(parseAnswer('没有发现错误。').ok).toBe(false);
    expect(parseAnswer('{"findings": [').ok).toBe(false);
  });
});
