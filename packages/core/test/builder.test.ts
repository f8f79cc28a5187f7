import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { DOMParser } from '@xmldom/xmldom';
import {
  DRAFT_TEMPLATES,
  ProfileError,
  breakTitle,
  buildDocx,
  countLines,
  findDraftTemplate,
  readDraft,
  readMarkdown,
  resolveProfile,
  textWidth,
  titleUnits,
} from '@gongwen/core';

const md = (s: string) => readMarkdown(new TextEncoder().encode(s));
const documentXml = (bytes: Uint8Array) => strFromU8(unzipSync(bytes)['word/document.xml']!);

describe('line measurement', () => {
  it('counts 28 characters a line, the first line two characters in', () => {
    expect(countLines('字'.repeat(26), 28, 2)).toBe(1);
    expect(countLines('字'.repeat(27), 28, 2)).toBe(2);
    expect(countLines('字'.repeat(26 + 28), 28, 2)).toBe(2);
    expect(countLines('字'.repeat(26 + 29), 28, 2)).toBe(3);
    // Half-width digits count half a character (GB/T 9704-2012 7.3.5.1 measures in characters).
    expect(textWidth('2025年3月5日')).toBe(6);
  });

  it('lets a closing mark hang past the margin instead of breaking before it', () => {
    expect(countLines(`${'字'.repeat(26)}，`, 28, 2)).toBe(1);
    expect(countLines(`${'字'.repeat(26)}，字`, 28, 2)).toBe(2);
    // A mark that may not start a line and is not allowed to hang pulls the last character down.
    expect(countLines(`${'字'.repeat(26)}》字`, 28, 2)).toBe(2);
  });
});

describe('标题 line breaking', () => {
  it('keeps one line when the title fits', () => {
    expect(breakTitle('某某市人民政府关于印发工作要点的通知', 18)).toEqual(['某某市人民政府关于印发工作要点的通知']);
  });

  it('never splits a word, a name or a 《》 title, and no line ends in 的 or 关于', () => {
    const title = '某某市人民政府办公室关于印发《某某市数字政府建设三年行动方案》的通知';
    const lines = breakTitle(title, 18, ['某某市人民政府办公室']);
    expect(lines.join('')).toBe(title);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) {
      expect(textWidth(l)).toBeLessThanOrEqual(18);
      expect(l).not.toMatch(/(的|关于)$/);
    }
    // The book title stays on one line, and so does the organ's name.
    expect(lines.some((l) => l.includes('《某某市数字政府建设三年行动方案》'))).toBe(true);
    expect(lines.some((l) => l.includes('某某市人民政府办公室'))).toBe(true);
    const units = titleUnits(title, ['某某市人民政府办公室']);
    expect(units).toContain('《某某市数字政府建设三年行动方案》');
  });

  it('avoids a rectangle: two lines of different lengths', () => {
    const lines = breakTitle('某某省人民政府关于进一步加强和改进新形势下安全生产工作的实施意见', 18, [
      '某某省人民政府',
    ]);
    expect(lines).toHaveLength(2);
    expect(textWidth(lines[0]!)).not.toBe(textWidth(lines[1]!));
  });
});

describe('reading a draft', () => {
  it('takes keys and their aliases, joins 密级 and 保密期限, and warns about unknown keys', () => {
    const d = readDraft(
      md(`---
份号: 123
密级: 机密
保密期限: 1年
文号: 某政发〔2025〕3号
发文单位: 某某市人民政府
标题: 某某市人民政府关于某事项的请示
主送机关: 某某省人民政府
签发人: [张某某, 李某某]
落款: 某某市人民政府
日期: 2025年3月5日
盖章: 否
颜色: 红
---

正文。
`),
    );
    expect(d.copyNumber).toBe('000123');
    expect(d.warnings.some((w) => w.includes('份号'))).toBe(true);
    expect(d.warnings.some((w) => w.includes('颜色'))).toBe(true);
    expect(d.secrecy).toBe('机密★1年');
    expect(d.docNumber).toBe('某政发〔2025〕3号');
    expect(d.issuerMark).toEqual(['某某市人民政府文件']);
    expect(d.addressee).toBe('某某省人民政府：');
    expect(d.signers).toEqual(['张某某', '李某某']);
    expect(d.sealed).toBe(false);
    expect(d.genre).toBe('请示');
    expect(d.upward).toBe(true);
    expect(d.format).toBe('通用');
    expect(d.body.map((b) => b.text)).toEqual(['正文。']);
  });

  it('chooses the special format from the 文种 and reads 附件 pages and heading levels from the body', () => {
    expect(readDraft(md('---\n标题: 某某市人民政府办公室关于商请支持的函\n---\n\n正文。\n')).format).toBe('信函');
    expect(readDraft(md('---\n标题: 某某会议纪要\n---\n\n正文。\n')).format).toBe('纪要');
    const d = readDraft(
      md(`---
标题: 某某市人民政府关于某事项的通知
附件: [甲方案, 乙清单]
---

开头。

一、总体要求

（一）指导思想。内容。

附件1

甲方案

方案正文。
`),
    );
    expect(d.body.map((b) => [b.kind, b.level ?? 0])).toEqual([
      ['body', 0],
      ['heading', 1],
      ['heading', 2],
    ]);
    expect(d.attachmentPages).toEqual([
      { label: '附件1', title: '甲方案', paragraphs: [{ kind: 'body', text: '方案正文。' }] },
    ]);
    expect(d.attachments).toEqual(['甲方案', '乙清单']);
  });
});

describe('the writer', () => {
  const profile = resolveProfile(undefined);

  it('takes every page number from the profile', async () => {
    const draft = md(findDraftTemplate('通知')!.text);
    const xml = documentXml((await buildDocx(draft, profile)).bytes);
    expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    const custom = resolveProfile({ extends: 'gbt9704', margins: { topMm: 30 }, grid: { linePitchTwips: 560 } });
    const xml2 = documentXml((await buildDocx(draft, custom)).bytes);
    expect(xml2).toMatch(/<w:pgMar w:top="1701"/);
    expect(xml2).toContain('w:linePitch="560"');
    expect(xml2).toContain('w:line="560" w:lineRule="exact"');
  });

  it('says which number is missing from a profile', async () => {
    const broken = { ...resolveProfile(undefined), writer: undefined } as unknown as ReturnType<typeof resolveProfile>;
    await expect(buildDocx(md('---\n标题: 某通知\n---\n\n正文。\n'), broken)).rejects.toBeInstanceOf(ProfileError);
  });

  it('writes the 版头, the 主体 and the 版记 of every 文种 draft, the 版记 on an even page', async () => {
    for (const t of DRAFT_TEMPLATES) {
      const r = await buildDocx(md(t.text), profile);
      const xml = documentXml(r.bytes);
      expect(r.warnings, t.genre).toEqual([]);
      // Every XML part is well-formed (Word refuses a file with one broken part).
      for (const [name, data] of Object.entries(unzipSync(r.bytes))) {
        if (!/\.(xml|rels)$/.test(name)) continue;
        const errors: string[] = [];
        new DOMParser({
          onError: (level, msg) => {
            if (level !== 'warning') errors.push(`${name}: ${msg}`);
          },
        }).parseFromString(strFromU8(data), 'text/xml');
        expect(errors, t.genre).toEqual([]);
      }
      if (t.format !== '信函') expect(r.pages % 2, t.genre).toBe(0);
      expect(xml, t.genre).toContain('<w:color w:val="FF0000"/>'); // red mark
      if (t.format === '通用' || t.format === '纪要')
        expect(xml, t.genre).toMatch(/<w:bottom w:val="single" w:color="FF0000"/);
      if (t.format === '信函') expect(xml).toContain('thickThinMediumGap');
      if (t.format !== '信函') expect(xml, t.genre).toMatch(/印发<\/w:t>/);
      if (t.direction === '上行文') expect(xml, t.genre).toContain('签发人：');
    }
  });

  it('sets 签发人 on the 文号 line of an upward document, several names in rows of two', async () => {
    const one = documentXml((await buildDocx(md(findDraftTemplate('请示')!.text), profile)).bytes);
    // 文号 one character in, 签发人 ending one character from the right on the same line (7.2.5, 7.2.6).
    expect(one).toMatch(
      /<w:tabs><w:tab w:val="right" w:pos="8524"\/><\/w:tabs>.*?<w:ind w:left="320"\/>.*?某政〔2025〕10号.*?<w:tab\/>.*?签发人：.*?楷体_GB2312.*?张某某/,
    );
    const three = findDraftTemplate('报告')!.text.replace('  - 张某某', '  - 张某某\n  - 李某某\n  - 王某某');
    const xml = documentXml((await buildDocx(md(three), profile)).bytes);
    expect(xml.match(/签发人：/g)).toHaveLength(1);
    expect(xml).toMatch(/张某某　李某某/);
    expect(xml).toMatch(/某政报〔2025〕2号<\/w:t><\/w:r><w:r>.*?<w:tab\/>.*?王某某/);
  });

  it('leaves the 版头 blank for pre-printed paper when 版头 is 留空', async () => {
    const text = findDraftTemplate('通知')!.text.replace(/^版头: 打印/m, '版头: 留空');
    const xml = documentXml((await buildDocx(md(text), profile)).bytes);
    expect(xml).not.toContain('某某市人民政府办公室文件');
    expect(xml).not.toMatch(/<w:bottom w:val="single" w:color="FF0000"/);
    expect(xml).toContain('某政办发〔2025〕8号');
  });
});
