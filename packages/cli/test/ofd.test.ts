// The OFD reader (GB/T 33190) on the corpus of real OFD files: every file read or refused with a clear error, the 红头
// 批复 read with its 版头, 文号 and title; and on hostile packages (truncated, zip bomb, too many pages).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readOfd, recognizeStructure, type GovDocument, type PagedLayoutInfo } from '@gongwen/core';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { gongwen, repoRoot, tempDir } from './helpers.js';

const corpus = join(repoRoot, '../shared/corpora/ofd');
const present = existsSync(join(corpus, 'manifest.tsv'));
if (!present && process.env.CI) throw new Error(`the OFD corpus is missing at ${corpus}`);
if (!present) console.warn('OFD corpus suite skipped: ../shared/corpora/ofd not present');

const roleText = (doc: GovDocument, role: string) =>
  doc.blocks.filter((b) => b.role === role).map((b) => doc.text.slice(b.range[0], b.range[1]));

describe.runIf(present)('OFD corpus', () => {
  const files = present ? readdirSync(corpus).filter((f) => f.endsWith('.ofd')) : [];

  it('reads every file or says clearly why not', () => {
    const outcome: string[] = [];
    for (const f of files) {
      try {
        const doc = readOfd(readFileSync(join(corpus, f)));
        const info = doc.extra!.paged as PagedLayoutInfo;
        outcome.push(`${f}\tread\t${info.pages.length} pages\t${doc.text.length} chars`);
        expect(doc.text.trim().length, f).toBeGreaterThan(0);
      } catch (e) {
        const err = e as { code?: string; message: string };
        outcome.push(`${f}\t${err.code}\t${err.message}`);
        expect(err.code, `${f}: ${err.message}`).toBeDefined();
        expect(err.message, f).toMatch(/[\u4e00-\u9fff]/);
      }
    }
    console.log(outcome.join('\n'));
    expect(outcome).toHaveLength(files.length);
  });

  it('reads the 红头 批复 with its 版头, 文号 and title', () => {
    const doc = readOfd(readFileSync(join(corpus, 'n.ofd')));
    const s = recognizeStructure(doc);
    expect(roleText(doc, 'issuer-mark').join('')).toContain('路桥区卫生局文件');
    expect(roleText(doc, 'doc-number').join('')).toContain('路卫发〔2011〕76号');
    expect(roleText(doc, 'title').join('')).toContain('关于同意张阿三同志辞职的批复');
    expect(s.genre).toBe('批复');
    const mark = doc.blocks.find((b) => b.role === 'issuer-mark')!;
    // Printed red (#EE2025 in this file): a strong red channel, weak green and blue.
    const c = Number.parseInt(mark.format!.runs![0]!.color!, 16);
    expect([c >> 16, (c >> 8) & 255, c & 255]).toSatisfy(
      ([r, g, b]: number[]) => r! >= 0xb0 && g! <= 0x60 && b! <= 0x60,
    );
  });

  it('reads a form whose template layer is drawn twice as one text (zsbk.ofd)', () => {
    const doc = readOfd(readFileSync(join(corpus, 'zsbk.ofd')));
    expect(doc.text).toContain('工程名称');
    expect(doc.text).toContain('注意事项：');
    expect(doc.text).not.toMatch(/工工程程|：：/);
  });

  it('says an image-only page has no text layer', () => {
    expect(() => readOfd(readFileSync(join(corpus, 'containsJPEG.ofd')))).toThrow(/没有文字层/);
  });

  it('reads a Chinese-named folder, non-standard resource paths and a signed document', () => {
    for (const f of ['chineseDir.ofd', 'path_unstd.ofd', 'SESV4SignDoc.ofd']) {
      const doc = readOfd(readFileSync(join(corpus, f)));
      expect(doc.text.length, f).toBeGreaterThan(0);
    }
    const signed = readOfd(readFileSync(join(corpus, 'SESV4SignDoc.ofd')));
    expect((signed.extra!.paged as { seals?: number }).seals).toBeGreaterThan(0);
  });

  it('converts an OFD to a Markdown draft; review says it takes Word files only', () => {
    const t = tempDir('gongwen-ofd-');
    try {
      const md = join(t.dir, 'n.md');
      const r = gongwen(['convert', join(corpus, 'n.ofd'), '-o', md]);
      expect(r.code, r.stderr).toBe(0);
      const draft = readFileSync(md, 'utf8');
      expect(draft).toMatch(/^---\n/);
      expect(draft).toContain('发文字号: 路卫发〔2011〕76号');
      expect(draft).toContain('标题: 关于同意张阿三同志辞职的批复');
      expect(draft).toContain('你院《关于给张阿三同志辞职的请示》');
      expect(draft).not.toContain('— 1 —');
      const review = gongwen(['review', join(corpus, 'n.ofd'), '-o', join(t.dir, 'out.docx')]);
      expect(review.code).toBe(2);
      expect(review.stderr).toContain('审阅只能处理 Word 文件');
    } finally {
      t.done();
    }
  });

  it('checks an OFD from the command line with findings placed by page', () => {
    const r = gongwen(['check', join(corpus, 'n.ofd'), '--format', 'json']);
    const f = JSON.parse(r.stdout).files[0];
    expect(f.format).toBe('ofd');
    expect(f.error).toBeNull();
    for (const d of f.diagnostics) expect(d.page).toBeGreaterThan(0);
  });
});

describe('hostile OFD packages', () => {
  const enc = new TextEncoder();
  const ofdXml =
    '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>';
  const page = (t: string) =>
    `<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="1"><ofd:TextObject ID="2" Boundary="28 40 150 10" Font="3" Size="5.6"><ofd:TextCode X="0" Y="5" DeltaX="g 3 5.6">${t}</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>`;
  const documentXml = (n: number) =>
    `<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages>${Array.from({ length: n }, (_, i) => `<ofd:Page ID="${i + 10}" BaseLoc="Pages/Page_0/Content.xml"/>`).join('')}</ofd:Pages></ofd:Document>`;
  const pkg = (n = 1, text = '各单位要认真落实') =>
    zipSync({
      'OFD.xml': enc.encode(ofdXml),
      'Doc_0/Document.xml': enc.encode(documentXml(n)),
      'Doc_0/Pages/Page_0/Content.xml': enc.encode(page(text)),
    });

  it('reads a minimal package, with DeltaX repeats placing the characters', () => {
    const doc = readOfd(pkg());
    expect(doc.text).toBe('各单位要认真落实');
  });

  it('refuses a truncated package, a zip bomb and too many pages, each with its code', () => {
    const whole = pkg();
    expect(() => readOfd(whole.subarray(0, whole.length - 30))).toThrow(
      expect.objectContaining({ code: 'corrupt-zip' }),
    );
    // 80 MB of zeros compress to a few hundred KB: more than the package may inflate to.
    const bomb = zipSync(
      { 'OFD.xml': enc.encode(ofdXml), 'Doc_0/big.xml': new Uint8Array(80 * 1024 * 1024) },
      { level: 9 },
    );
    expect(() => readOfd(bomb)).toThrow(
      expect.objectContaining({ code: expect.stringMatching(/zip-bomb|part-too-large/) }),
    );
    const t0 = performance.now();
    expect(() => readOfd(pkg(2500))).toThrow(expect.objectContaining({ code: 'too-many-pages' }));
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(() => readOfd(enc.encode('not a zip'))).toThrow(expect.objectContaining({ code: 'not-an-ofd' }));
  });
});
