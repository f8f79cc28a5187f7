import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { applyFixes, Checker, readDocument, reviewDocx } from '@gongwen/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const fixture = (n: string) => new Uint8Array(readFileSync(join(root, 'corpora/fixtures/docx', `${n}.docx`)));
const DATE = '2026-01-02T03:04:05Z';

/** Text inside each comment's range, in document order, without what tracked insertions added. */
function commentedText(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  const starts = [...xml.matchAll(/<w:commentRangeStart w:id="(\d+)"\/>/g)];
  for (const s of starts) {
    const id = s[1]!;
    const end = xml.indexOf(`<w:commentRangeEnd w:id="${id}"/>`, s.index);
    const inner = xml.slice(s.index! + s[0].length, end).replace(/<w:ins\b[\s\S]*?<\/w:ins>/g, '');
    out.set(
      id,
      [...inner.matchAll(/<w:(?:t|delText)(?: [^>]*)?>([^<]*)<\/w:(?:t|delText)>/g)].map((m) => m[1]).join(''),
    );
  }
  return out;
}

describe('docx review copy', () => {
  const input = fixture('review-text-fixes');
  const checker = new Checker();
  const result = reviewDocx(input, { checker, date: DATE });
  const inParts = unzipSync(input);
  const outParts = unzipSync(result.bytes);
  const xml = strFromU8(outParts['word/document.xml']!);

  it('writes one comment per finding, anchored on exactly its characters, with rule id and clause', () => {
    const doc = readDocument(input, 'docx');
    expect(result.diagnostics.length).toBeGreaterThanOrEqual(2);
    expect(result.comments).toBe(result.diagnostics.length);
    const comments = strFromU8(outParts['word/comments.xml']!);
    const texts = commentedText(xml);
    result.diagnostics.forEach((d, i) => {
      expect(texts.get(String(i))).toBe(doc.text.slice(d.range[0], d.range[1]));
      expect(comments).toContain(`${d.message}（${d.standard}） [${d.ruleId}]`);
    });
    expect(comments).toContain('w:author="gongwen"');
    expect(strFromU8(outParts['[Content_Types].xml']!)).toContain('/word/comments.xml');
    expect(strFromU8(outParts['word/_rels/document.xml.rels']!)).toContain('Target="comments.xml"');
  });

  it('turns each deterministic fix into w:del + w:ins by gongwen, keeping the split runs’ formatting', () => {
    expect(result.trackedChanges).toBe(result.diagnostics.filter((d) => d.fix).length);
    expect(xml).toMatch(
      /<w:del w:id="\d+" w:author="gongwen" w:date="2026-01-02T03:04:05Z"><w:r><w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:hAnsi="仿宋_GB2312" w:eastAsia="仿宋_GB2312"\/><w:sz w:val="32"\/><w:szCs w:val="32"\/><\/w:rPr><w:delText>,<\/w:delText><\/w:r><\/w:del><w:ins w:id="\d+" w:author="gongwen" w:date="2026-01-02T03:04:05Z"><w:r><w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:hAnsi="仿宋_GB2312" w:eastAsia="仿宋_GB2312"\/><w:sz w:val="32"\/><w:szCs w:val="32"\/><\/w:rPr><w:t>，<\/w:t><\/w:r><\/w:ins>/,
    );
    // The run split around the comma keeps its text on both sides, and the bold run next to it stays bold.
    expect(xml).toContain('<w:t xml:space="preserve">为切实做好今年防汛工作</w:t>');
    expect(xml).toMatch(/<w:b\/>[\s\S]{0,80}<w:t xml:space="preserve">人民群众生命财产安全<\/w:t>/);
    // A 文号 typed over two runs ("某政发[20" + "24]5号") is deleted run by run and inserted once.
    const text = readDocument(input, 'docx').text;
    const docNo = result.diagnostics.find((d) => d.ruleId === 'element/doc-number')!;
    const original = text.slice(docNo.fix!.range[0], docNo.fix!.range[1]);
    const deleted = [...xml.matchAll(/<w:delText>([^<]*)<\/w:delText>/g)].map((m) => m[1]!);
    const i = deleted.findIndex((t) => original.startsWith(t));
    expect(deleted.slice(i, i + 2).join('')).toBe(original);
    expect(original).toContain('24]5号');
    expect(xml).toContain(`<w:t>${docNo.fix!.text}</w:t>`);
  });

  it('reads back with every change accepted as the fixed text, and leaves other parts byte-identical', () => {
    const before = readDocument(input, 'docx');
    const after = readDocument(result.bytes, 'docx');
    const fixes = result.diagnostics.flatMap((d) => (d.fix ? [d.fix] : []));
    expect(after.text).toBe(applyFixes(before.text, fixes).output);
    const changed = new Set([
      'word/document.xml',
      'word/comments.xml',
      'word/_rels/document.xml.rels',
      '[Content_Types].xml',
    ]);
    for (const [name, data] of Object.entries(inParts)) {
      if (changed.has(name)) continue;
      expect(Buffer.compare(Buffer.from(outParts[name]!), Buffer.from(data)), name).toBe(0);
    }
    expect(Object.keys(outParts).filter((n) => !(n in inParts))).toEqual(['word/comments.xml']);
  });

  it('keeps elements and attributes it does not know in the XML it touches', () => {
    const parts = unzipSync(input);
    const doc = strFromU8(parts['word/document.xml']!)
      .replace('<w:document ', '<w:document xmlns:foo="urn:example:foo" foo:root="1" ')
      .replace('<w:p><w:pPr><w:pBdr>', '<w:p foo:keep="yes"><foo:bar foo:a="1">内容</foo:bar><w:pPr><w:pBdr>');
    parts['word/document.xml'] = strToU8(doc);
    const out = strFromU8(unzipSync(reviewDocx(zipSync(parts), { checker, date: DATE }).bytes)['word/document.xml']!);
    expect(out).toContain('foo:root="1"');
    expect(out).toContain('<w:p foo:keep="yes"><foo:bar foo:a="1">内容</foo:bar>');
    expect(out.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>')).toBe(true);
  });

  it('round trip: a document with no findings comes back with the same parts, text and formatting', () => {
    const good = fixture('good-notice');
    const r = reviewDocx(good, { checker, date: DATE });
    expect(r.diagnostics).toEqual([]);
    expect(r.comments + r.trackedChanges).toBe(0);
    const a = unzipSync(good);
    const b = unzipSync(r.bytes);
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const n of Object.keys(a)) expect(Buffer.compare(Buffer.from(a[n]!), Buffer.from(b[n]!)), n).toBe(0);
    const da = readDocument(good, 'docx');
    const db = readDocument(r.bytes, 'docx');
    expect(db.text).toBe(da.text);
    expect(db.blocks.map((x) => x.format)).toEqual(da.blocks.map((x) => x.format));
  });

  it('--fix-layout corrects margins, fonts and sizes directly, so the copy passes those rules', () => {
    for (const name of ['bad-margins-word-default', 'bad-body-font', 'bad-title-size']) {
      const r = reviewDocx(fixture(name), { checker, date: DATE, fixLayout: true });
      expect(r.layoutFixes.length, name).toBeGreaterThan(0);
      const again = checker
        .check(readDocument(r.bytes, 'docx'))
        .diagnostics.filter((d) => d.ruleId === 'layout/margins' || d.ruleId === 'layout/element-font');
      expect(again, name).toEqual([]);
    }
  });
});

describe('docx review of one finding repeated in many paragraphs', () => {
  // Every run of the fixture set in 楷体: each of its three body paragraphs has the same font finding, and no fix.
  const parts = unzipSync(fixture('bad-body-indent-letter'));
  parts['word/document.xml'] = strToU8(strFromU8(parts['word/document.xml']!).replaceAll('仿宋_GB2312', '楷体_GB2312'));
  const input = zipSync(parts);
  const result = reviewDocx(input, { checker: new Checker(), date: DATE });
  const comments = strFromU8(unzipSync(result.bytes)['word/comments.xml']!);
  const same = result.diagnostics.filter((d) => d.message === '正文应使用仿宋（当前为“楷体_GB2312”）');

  it('writes one comment for them at the first place, saying how many there are and where the others begin', () => {
    expect(same.length).toBeGreaterThanOrEqual(3);
    expect(comments.split('正文应使用仿宋（当前为“楷体_GB2312”）').length - 1).toBe(1);
    expect(comments).toContain(`同一问题共 ${same.length} 处，只在此处批注，其余各处所在段落如“`);
    expect(result.comments).toBe(result.diagnostics.length - (same.length - 1));
  });

  it('still comments each of the other findings, and a finding with a fix where it is', () => {
    for (const d of result.diagnostics.filter((x) => !same.includes(x)))
      expect(comments, d.message).toContain(d.message);
    expect(result.trackedChanges).toBe(result.diagnostics.filter((d) => d.fix).length);
  });
});
