// The PDF reader on what LibreOffice prints from our own drafts: lines and paragraphs rebuilt, 版头 recognised, page
// numbers kept out of the text, findings placed by page and printed line; and on hostile or unreadable files.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_PDF_LIMITS, readPdf, recognizeStructure, type GovDocument, type PagedLayoutInfo } from '@gongwen/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gongwen, tempDir } from './helpers.js';
import { builtDrafts, cachedPdfs, imageOnlyPdf, imagePagesPdf, sofficeAvailable } from './pdf-render.js';

if (!sofficeAvailable && process.env.CI) throw new Error('LibreOffice (soffice) must be installed in CI');
if (!sofficeAvailable) console.warn('PDF suite skipped: soffice not installed');

const tmp = tempDir('gongwen-pdf-');
afterAll(() => tmp.done());

const blockText = (doc: GovDocument, role: string) =>
  doc.blocks.filter((b) => b.role === role).map((b) => doc.text.slice(b.range[0], b.range[1]));

describe.runIf(sofficeAvailable)('PDF printed by LibreOffice from the drafts', () => {
  let pdfs: Map<string, string>;
  let genres: Map<string, string>;
  beforeAll(async () => {
    const drafts = await builtDrafts();
    genres = new Map(drafts.map((d) => [d.genre, d.name]));
    pdfs = cachedPdfs(drafts);
  }, 300_000);

  it('reads the 通知 with its 版头, title, paragraphs and page numbers', async () => {
    const doc = await readPdf(readFileSync(pdfs.get(genres.get('通知')!)!));
    recognizeStructure(doc);
    expect(blockText(doc, 'issuer-mark')).toEqual(['某某市人民政府办公室文件']);
    expect(blockText(doc, 'doc-number')).toEqual(['某政办发〔2025〕8号']);
    expect(blockText(doc, 'title')).toEqual(['某某市人民政府办公室关于做好2025年春季森林防火工作的通知']);
    expect(blockText(doc, 'page-number')).toEqual(['— 1 —', '— 2 —']);
    // Lines of one paragraph join without spaces, and the paragraph runs on over the page break.
    expect(doc.text).toContain('当前正值春季森林防火关键期，为切实做好全市森林防火工作，经市人民政府同意');
    expect(doc.text).toContain('（一）加强火源管控。严格野外用火审批，严禁在林区吸烟、烧纸等违规用火行为。\n');
    expect(doc.text).not.toMatch(/— \d —[^\n]/);
    const body = doc.text.slice(0, doc.text.indexOf('— 1 —'));
    expect(body).not.toContain('— 1 —');
    const info = doc.extra!.paged as PagedLayoutInfo;
    expect(info.pages).toHaveLength(2);
    expect(Math.round(info.pages[0]!.width)).toBe(595);
    // The red 分隔线 under the 文号.
    expect(info.pages[0]!.rules.some((r) => r.color === '#ff0000' && r.x2 - r.x1 > 400)).toBe(true);
    const mark = doc.blocks.find((b) => b.role === 'issuer-mark')!;
    expect(mark.format?.runs?.[0]?.color).toBe('FF0000');
  });

  it('reads every draft with its title and no spaces inside Chinese text', async () => {
    for (const [genre, name] of genres) {
      const doc = await readPdf(readFileSync(pdfs.get(name)!));
      const s = recognizeStructure(doc);
      expect(doc.text.length, genre).toBeGreaterThan(100);
      // The one wide gap on a printed line that is a real separation: 文号 left, 签发人 right (上行文).
      expect(doc.text.replace(/号 签发人/g, ''), genre).not.toMatch(/[\u4e00-\u9fff] [\u4e00-\u9fff]/);
      if (genre !== '命令' && genre !== '纪要') expect(blockText(doc, 'title').join(''), genre).toContain(genre);
      expect(s).toBeDefined();
    }
  });

  it('places a finding by page and printed line in every report format', () => {
    const md = join(tmp.dir, 'e.md');
    const draft = gongwen(['new', '通知']).stdout.replace('当前正值春季', '当前正值春季，，');
    writeFileSync(md, draft);
    expect(gongwen(['build', md, '-o', join(tmp.dir, 'e.docx'), '--force']).code).toBe(0);
    const pdf = cachedPdfs([
      { name: 'e', genre: '通知', docx: new Uint8Array(readFileSync(join(tmp.dir, 'e.docx'))) },
    ]).get('e')!;
    const stylish = gongwen(['check', pdf]);
    expect(stylish.code).toBe(1);
    expect(stylish.stdout).toMatch(/第 1 页 第 \d+ 行 +错误 +点号“，，”连用/);
    expect(stylish.stdout).not.toContain('--fix');
    const json = JSON.parse(gongwen(['check', pdf, '--format', 'json']).stdout);
    const d = json.files[0].diagnostics.find((x: { ruleId: string }) => x.ruleId === 'punct/repeated-marks');
    expect(json.files[0].format).toBe('pdf');
    expect(d.page).toBe(1);
    expect(d.pageLine).toBeGreaterThan(3);
    expect(d.excerpt).toContain('，，');
    const sarif = JSON.parse(gongwen(['check', pdf, '--format', 'sarif']).stdout);
    const loc = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'punct/repeated-marks').locations[0];
    expect(loc.properties).toEqual({ page: 1, pageLine: d.pageLine });
    const html = gongwen(['check', pdf, '--format', 'html']).stdout;
    expect(html).toContain(`第 1 页 第 ${d.pageLine} 行`);
  });
});

const CHROMIUM = process.env.GONGWEN_CHROMIUM ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI) throw new Error(`chromium not found at ${CHROMIUM} (set GONGWEN_CHROMIUM)`);

describe.runIf(haveChromium)('PDF printed by another producer (Chromium, from HTML)', () => {
  it('rebuilds the paragraphs and finds the 版头 by print: a red 36 pt mark, a centred title', async () => {
    const html = join(tmp.dir, 'c.html');
    const pdf = join(tmp.dir, 'c.pdf');
    writeFileSync(
      html,
      `<html><head><meta charset="utf-8"><style>@page{size:A4;margin:37mm 26mm 35mm 28mm}body{font-size:16pt;line-height:28.95pt;margin:0}p{margin:0;text-indent:2em;text-align:justify}h1{font-size:22pt;text-align:center;font-weight:normal;margin:0 0 28.95pt}.mark{color:#f00;font-size:36pt;text-align:center;text-indent:0}</style></head><body>
<p class="mark">某某市人民政府文件</p><h1>某某市人民政府关于做好防汛工作的通知</h1>
<p style="text-indent:0">各区人民政府，市政府各部门：</p>
<p>为切实做好今年汛期各项防范应对工作，确保人民群众生命财产安全，经市人民政府同意，现将有关事项通知如下，请各单位认真贯彻执行，确保各项措施落实到位。</p>
<p>各区、各部门要严格落实以行政首长负责制为核心的防汛责任制，逐级明确责任人，层层传导压力，确保责任落实到位。</p>
<p>特此通知。</p></body></html>`,
    );
    spawnSync(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-pdf-header-footer',
        `--user-data-dir=${join(tmp.dir, 'chromium')}`,
        `--print-to-pdf=${pdf}`,
        pathToFileURL(html).href,
      ],
      { timeout: 60_000 },
    );
    const doc = await readPdf(readFileSync(pdf));
    recognizeStructure(doc);
    expect(blockText(doc, 'issuer-mark')).toEqual(['某某市人民政府文件']);
    expect(blockText(doc, 'title')).toEqual(['某某市人民政府关于做好防汛工作的通知']);
    expect(blockText(doc, 'addressee')).toEqual(['各区人民政府，市政府各部门：']);
    // Each HTML paragraph is one block, its lines joined without spaces.
    const body = doc.blocks.filter((b) => b.role === 'body').map((b) => doc.text.slice(b.range[0], b.range[1]));
    expect(body).toEqual([
      '为切实做好今年汛期各项防范应对工作，确保人民群众生命财产安全，经市人民政府同意，现将有关事项通知如下，请各单位认真贯彻执行，确保各项措施落实到位。',
      '各区、各部门要严格落实以行政首长负责制为核心的防汛责任制，逐级明确责任人，层层传导压力，确保责任落实到位。',
    ]);
    const mark = doc.blocks.find((b) => b.role === 'issuer-mark')!;
    expect(mark.format?.runs?.[0]?.color).toBe('FF0000');
  });
});

describe('PDF files that cannot be checked', () => {
  const write = (name: string, bytes: Uint8Array | string) => {
    const p = join(tmp.dir, name);
    writeFileSync(p, bytes);
    return p;
  };

  it('says a scanned PDF has no text layer, per file, never a clean pass', () => {
    const r = gongwen(['check', write('scan.pdf', imageOnlyPdf()), '--format', 'json']);
    expect(r.code).toBe(2);
    const f = JSON.parse(r.stdout).files[0];
    expect(f.error.code).toBe('no-text-layer');
    expect(f.error.message).toContain('没有文字层，需先进行文字识别（OCR）');
  });

  it('names a file that is no PDF, and a truncated one', () => {
    const json = (p: string) => JSON.parse(gongwen(['check', p, '--format', 'json']).stdout).files[0].error;
    expect(json(write('fake.pdf', 'hello')).code).toBe('not-a-pdf');
    const cut = imageOnlyPdf().subarray(0, 120);
    expect(json(write('cut.pdf', cut)).code).toMatch(/corrupt-pdf|no-text-layer/);
  });

  it('refuses a PDF with more pages than the limit, and reads one under it in linear time', async () => {
    const t0 = performance.now();
    await expect(readPdf(imagePagesPdf(2500))).rejects.toMatchObject({ code: 'too-many-pages' });
    expect(performance.now() - t0).toBeLessThan(5000);
    await expect(readPdf(imagePagesPdf(50), { ...DEFAULT_PDF_LIMITS, maxPages: 40 })).rejects.toMatchObject({
      code: 'too-many-pages',
    });
    // Scanned pages throughout: read page by page, the time grows with the pages, not faster.
    const time = async (n: number) => {
      const t = performance.now();
      await readPdf(imagePagesPdf(n)).catch((e) => expect(e.code).toBe('no-text-layer'));
      return performance.now() - t;
    };
    // The fastest of a few runs each: one run on a busy machine can take twice as long as the next.
    const fastest = async (n: number, runs: number) => {
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < runs; i++) best = Math.min(best, await time(n));
      return best;
    };
    await time(20);
    const small = await fastest(200, 3);
    const large = await fastest(800, 2);
    expect(large / small).toBeLessThan(8);
  });
});
