import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { DRAFT_TEMPLATES } from '@gongwen/core';
import { hasCommand, sofficeConvert } from '../../../scripts/soffice.mjs';
import { gongwen, tempDir } from './helpers.js';

let t: ReturnType<typeof tempDir>;
beforeAll(() => {
  t = tempDir('gongwen-build-');
});
afterAll(() => t.done());

/** Realistic body text of our own, without digits, so a full line is exactly 28 characters. */
const FILLER = [
  '各地区、各部门要把思想和行动统一到党中央、国务院的决策部署上来，切实增强责任感和紧迫感，主要负责同志要亲自研究部署，分管负责同志要具体抓好落实，确保各项工作有力有序推进。',
  '要坚持问题导向，围绕群众反映强烈的突出问题，深入开展调查研究，摸清底数，找准症结，制定切实可行的工作措施，做到底数清、情况明、措施实，努力在重点领域和关键环节取得突破。',
  '要加强统筹协调，建立健全部门协同、上下联动的工作机制，及时研究解决工作中遇到的困难和问题，形成工作合力。对工作推进不力、落实不到位的，要严肃追究有关单位和人员的责任。',
  '要加强宣传引导，充分利用报刊、广播、电视和网络等多种渠道，广泛宣传有关政策措施和工作成效，及时回应社会关切，营造全社会共同关心、支持和参与的良好氛围。',
];

function fill(text: string, paragraphs: number): string {
  const body = Array.from({ length: paragraphs }, (_, i) => FILLER[i % FILLER.length]).join('\n\n');
  // Extra paragraphs go right after the first body paragraph, before headings and closings.
  const end = text.indexOf('\n---\n', 4) + 5;
  const rest = text.slice(end).trimStart();
  const firstBreak = rest.indexOf('\n\n');
  return `${text.slice(0, end)}\n${rest.slice(0, firstBreak)}\n\n${body}${rest.slice(firstBreak)}`;
}

function docxPart(file: string, part: string): string {
  return strFromU8(unzipSync(readFileSync(file))[part]!);
}

interface Checked {
  errors: Array<{ ruleId: string; message: string }>;
  known: number;
}

/**
 * Errors of the layout/ and element/ rules per built document (one check run for all). One known checker problem is
 * counted apart: the element-font rule reads the 签发人's 楷体 name as part of the 发文字号 when both share the line of
 * an upward document, as GB/T 9704-2012 7.2.6 lays out 签发人 for an upward document.
 */
function layoutErrors(docx: string[]): Map<string, Checked> {
  const r = gongwen(['check', '--format', 'json', ...docx]);
  const json = JSON.parse(r.stdout) as {
    files: Array<{
      path: string;
      error: unknown;
      diagnostics: Array<{ ruleId: string; severity: string; message: string }>;
    }>;
  };
  const out = new Map<string, Checked>();
  for (const f of json.files) {
    expect(f.error, f.path).toBeNull();
    const errs = f.diagnostics.filter((d) => d.severity === 'error' && /^(layout|element)\//.test(d.ruleId));
    const known = errs.filter(
      (d) => d.ruleId === 'layout/element-font' && /^发文字号应使用仿宋（当前为“楷体/.test(d.message),
    );
    out.set(f.path.replace(/^.*\//, ''), {
      errors: errs.filter((d) => !known.includes(d)).map(({ ruleId, message }) => ({ ruleId, message })),
      known: known.length,
    });
  }
  return out;
}

describe('gongwen new', () => {
  it('lists the 15 文种 with their format', () => {
    const r = gongwen(['new', '--list']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(15);
    for (const g of [
      '决议',
      '决定',
      '命令',
      '公报',
      '公告',
      '通告',
      '意见',
      '通知',
      '通报',
      '报告',
      '请示',
      '批复',
      '议案',
      '函',
      '纪要',
    ]) {
      expect(lines.some((l) => l.startsWith(g))).toBe(true);
    }
    expect(r.stdout).toMatch(/函.*信函格式/);
    expect(r.stdout).toMatch(/纪要.*纪要格式/);
    expect(r.stdout).toMatch(/命令.*命令格式/);
  });

  it('writes a commented draft, refuses to overwrite, rejects an unknown 文种', () => {
    const out = join(t.dir, 'n.md');
    expect(gongwen(['new', '请示', '-o', out]).code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^---\n# 公文草稿：请示/);
    expect(text).toContain('签发人:');
    expect(gongwen(['new', '请示', '-o', out]).code).toBe(2);
    expect(gongwen(['new', '请示', '-o', out, '--force']).code).toBe(0);
    const bad = gongwen(['new', '便条']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/未知的文种/);
    expect(gongwen(['new', '令']).stdout).toContain('格式: 命令');
  });
});

describe('gongwen build', () => {
  it('stops on errors in the draft unless --force', () => {
    const md = join(t.dir, 'bad.md');
    writeFileSync(
      md,
      DRAFT_TEMPLATES.find((x) => x.genre === '通知')!.text.replace('某政办发〔2025〕8号', '某政办发[2025]第08号'),
    );
    const r = gongwen(['build', md]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('element/doc-number');
    expect(existsSync(join(t.dir, 'bad.docx'))).toBe(false);
    const forced = gongwen(['build', md, '--force', '-o', join(t.dir, 'forced.docx')]);
    expect(forced.code).toBe(0);
    expect(existsSync(join(t.dir, 'forced.docx'))).toBe(true);
  });

  it('gives a clear error for a missing draft, a non-Markdown input or a wrong output name', () => {
    expect(gongwen(['build', join(t.dir, 'none.md')]).stderr).toMatch(/找不到草稿/);
    writeFileSync(join(t.dir, 'x.txt'), '通知');
    expect(gongwen(['build', join(t.dir, 'x.txt')]).code).toBe(2);
    expect(gongwen(['build', join(t.dir, 'n.md'), '-o', join(t.dir, 'x.pdf')]).code).toBe(2);
  });

  it('writes the page, grid, fonts, page numbers and 版记 from the profile', () => {
    const md = join(t.dir, 'tz.md');
    writeFileSync(md, DRAFT_TEMPLATES.find((x) => x.genre === '通知')!.text);
    expect(gongwen(['build', md]).code).toBe(0);
    const docx = join(t.dir, 'tz.docx');
    const doc = docxPart(docx, 'word/document.xml');
    expect(doc).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(doc).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    expect(doc).toMatch(/<w:docGrid w:type="lines" w:linePitch="579"\/>/);
    // 28 characters of 3号 on a 156 mm line: 320 twips − 5 = 315 ≤ 8844 / 28.
    expect(doc).toContain('<w:spacing w:val="-5"/>');
    expect(doc).toContain('w:eastAsia="方正小标宋简体"');
    expect(doc).toMatch(/<w:pBdr><w:bottom w:val="single" w:color="FF0000"/);
    expect(doc).toContain('抄送：市委办公室，市人大常委会办公室，市政协办公室。');
    expect(docxPart(docx, 'word/settings.xml')).toContain('<w:evenAndOddHeaders/>');
    const footers = Object.keys(unzipSync(readFileSync(docx)))
      .filter((k) => /word\/footer\d+\.xml/.test(k))
      .map((k) => docxPart(docx, k));
    const odd = footers.find((f) => f.includes('<w:jc w:val="right"/>'))!;
    const even = footers.find((f) => f.includes('<w:jc w:val="left"/>'))!;
    for (const f of [odd, even]) {
      expect(f).toMatch(/<w:instrText xml:space="preserve"> PAGE <\/w:instrText>/);
      expect(f).toMatch(/fldCharType="separate"\/><\/w:r><w:r>.*?<w:t>1<\/w:t>/); // a field result, not a bare code
      expect(f).toContain('— ');
    }
    expect(odd).toContain('w:right="280"');
    expect(even).toContain('w:left="280"');
    expect(docxPart(docx, 'word/fontTable.xml')).toMatch(/<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"\/>/);
  });

  it('builds every 文种 with realistic content into a document the checker finds no layout or element error in', () => {
    const built: string[] = [];
    for (const tpl of DRAFT_TEMPLATES) {
      const md = join(t.dir, `${tpl.genre}.md`);
      writeFileSync(md, fill(tpl.text, tpl.genre === '通知' ? 12 : 3));
      const r = gongwen(['build', md]);
      expect(r.code, `${tpl.genre}: ${r.stderr}`).toBe(0);
      built.push(join(t.dir, `${tpl.genre}.docx`));
    }
    const checked = layoutErrors(built);
    expect(checked.size).toBe(15);
    let known = 0;
    for (const [file, c] of checked) {
      expect(c.errors, file).toEqual([]);
      known += c.known;
    }
    // Only the three upward documents carry 签发人 beside the 文号.
    expect(known).toBeLessThanOrEqual(3);
  }, 300_000);
});

// ---- LibreOffice as the real client ---------------------------------------------------------------------------------

const hasSoffice = ['soffice', 'pdftotext', 'pdftoppm'].every(hasCommand);
const lo = hasSoffice ? describe : process.env.CI ? describe : describe.skip;
if (!hasSoffice && !process.env.CI)
  console.warn('LibreOffice (soffice) or poppler-utils missing: rendering tests skipped');

const FONTS_CONF = `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>
${[
  ['仿宋_GB2312', 'AR PL UKai CN'],
  ['楷体_GB2312', 'AR PL UKai CN'],
  ['黑体', 'Noto Sans CJK SC'],
  ['宋体', 'Noto Serif CJK SC'],
  ['方正小标宋简体', 'Noto Serif CJK SC'],
]
  .map(([a, b]) => `<alias binding="strong"><family>${a}</family><prefer><family>${b}</family></prefer></alias>`)
  .join('\n')}
<include ignore_missing="yes">/etc/fonts/fonts.conf</include></fontconfig>`;

function render(docx: string, outDir: string): string {
  return sofficeConvert([docx], {
    outDir,
    env: { ...process.env, FONTCONFIG_FILE: join(t.dir, 'fonts.conf'), HOME: outDir },
    timeout: 120_000,
  })[0]!;
}

interface Line {
  y: number;
  x0: number;
  x1: number;
  text: string;
}

/** Lines of each page from `pdftotext -bbox-layout` (points from the top-left corner). */
function pdfLines(pdf: string): Line[][] {
  const r = spawnSync('pdftotext', ['-bbox-layout', pdf, '-'], { encoding: 'utf8' });
  const pages: Line[][] = [];
  for (const page of r.stdout.split('<page ').slice(1)) {
    const lines: Line[] = [];
    for (const m of page.matchAll(
      /<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([\s\S]*?)<\/line>/g,
    )) {
      const words = [...m[4]!.matchAll(/<word [^>]*>([^<]*)<\/word>/g)].map((w) => w[1]!);
      lines.push({ x0: Number(m[1]), y: Number(m[2]), x1: Number(m[3]), text: words.join('') });
    }
    pages.push(lines);
  }
  return pages;
}

/** Horizontal rules on a page: rows of a 72-dpi rendering with a long run of red or dark pixels. */
function pageRules(pdf: string, page: number): Array<{ y: number; x: number; width: number; red: boolean }> {
  const r = spawnSync('pdftoppm', ['-r', '72', '-f', String(page), '-l', String(page), pdf], { maxBuffer: 64 << 20 });
  const buf = r.stdout as Buffer;
  const header = buf.subarray(0, 40).toString('latin1').split(/\s+/);
  const [w, h] = [Number(header[1]), Number(header[2])];
  const offset = buf.indexOf(0x0a, buf.indexOf(0x0a, buf.indexOf(0x0a) + 1) + 1) + 1;
  const rules: Array<{ y: number; x: number; width: number; red: boolean }> = [];
  for (let y = 0; y < h; y++) {
    let run = 0,
      best = 0,
      start = 0,
      bestStart = 0,
      red = false,
      bestRed = false;
    for (let x = 0; x < w; x++) {
      const i = offset + (y * w + x) * 3;
      const [R, G, B] = [buf[i]!, buf[i + 1]!, buf[i + 2]!];
      const isRed = R > 170 && G < 120 && B < 120;
      const isDark = R < 110 && G < 110 && B < 110;
      if (isRed || isDark) {
        if (run === 0) {
          start = x;
          red = isRed;
        }
        run++;
        if (run > best) {
          best = run;
          bestStart = start;
          bestRed = red;
        }
      } else run = 0;
    }
    if (best > w * 0.6 && !(rules.length && y - rules[rules.length - 1]!.y <= 1 && (rules[rules.length - 1]!.y = y))) {
      rules.push({ y, x: bestStart, width: best, red: bestRed });
    }
  }
  return rules;
}

const MM = 72 / 25.4;
const TOP = 37 * MM;
const BOTTOM = (297 - 35) * MM;
const LEFT = 28 * MM;
const RIGHT = (210 - 26) * MM;

lo('rendered by LibreOffice', () => {
  beforeAll(() => {
    writeFileSync(join(t.dir, 'fonts.conf'), FONTS_CONF);
  });

  it('a page of body text has 22 lines of 28 characters; page numbers odd right, even left; 版记 at the foot of an even page', () => {
    const md = join(t.dir, 'full.md');
    writeFileSync(md, fill(DRAFT_TEMPLATES.find((x) => x.genre === '通知')!.text, 14));
    expect(gongwen(['build', md]).code).toBe(0);
    const pdf = render(join(t.dir, 'full.docx'), t.dir);
    const pages = pdfLines(pdf);
    expect(pages.length % 2).toBe(0);
    // Page 2 is all body text.
    const body = pages[1]!.filter((l) => l.y > TOP - 8 && l.y < BOTTOM);
    expect(body).toHaveLength(22);
    // Full lines run from margin to margin (lines ending in a hanging mark stick out and are left aside).
    const full = body.filter((l) => l.x0 < LEFT + 2 && l.x1 > RIGHT - 12 && l.x1 < RIGHT + 2);
    expect(full.length).toBeGreaterThanOrEqual(8);
    for (const l of full) expect([...l.text].length, l.text).toBe(28);
    // First lines start two characters in.
    const first = body.filter((l) => Math.abs(l.x0 - LEFT - 2 * 15.75) < 2 && l.x1 > RIGHT - 12 && l.x1 < RIGHT + 2);
    expect(first.length).toBeGreaterThanOrEqual(3);
    for (const l of first) expect([...l.text].length, l.text).toBe(26);
    // Page numbers "— N —": odd pages right, even pages left, one 4号 character (14 pt) in.
    pages.forEach((lines, i) => {
      const num = lines.find((l) => l.y > BOTTOM && new RegExp(`^—${i + 1}—$`).test(l.text));
      expect(num, `page ${i + 1} number`).toBeDefined();
      if ((i + 1) % 2) expect(Math.abs(RIGHT - 14 - num!.x1)).toBeLessThan(2);
      else expect(Math.abs(LEFT + 14 - num!.x0)).toBeLessThan(2);
      // The dash sits about 7 mm below the 版心.
      expect(num!.y - BOTTOM).toBeGreaterThan(2 * MM);
      expect(num!.y - BOTTOM).toBeLessThan(9 * MM);
    });
    // Red separator on page 1, as wide as the 版心.
    const head = pageRules(pdf, 1).filter((r) => r.red);
    expect(head).toHaveLength(1);
    expect(Math.abs(head[0]!.width - 156 * MM)).toBeLessThan(2 * MM);
    // 版记: three black rules on the last page, the last one on the lower edge of the 版心.
    const last = pageRules(pdf, pages.length).filter((r) => !r.red);
    expect(last).toHaveLength(3);
    for (const r of last) expect(Math.abs(r.width - 156 * MM)).toBeLessThan(2 * MM);
    expect(Math.abs(last[2]!.y - BOTTOM)).toBeLessThan(1.5 * MM);
    expect(pages[pages.length - 1]!.some((l) => l.text.startsWith('抄送：'))).toBe(true);
  });

  it('renders the 信函, 命令 and 纪要 formats with their own marks and lines', () => {
    for (const genre of ['函', '命令', '纪要']) {
      const md = join(t.dir, `lo-${genre}.md`);
      writeFileSync(md, fill(DRAFT_TEMPLATES.find((x) => x.genre === genre)!.text, 10));
      expect(gongwen(['build', md]).code).toBe(0);
      const pdf = render(join(t.dir, `lo-${genre}.docx`), t.dir);
      const pages = pdfLines(pdf);
      const rules = pageRules(pdf, 1);
      if (genre === '函') {
        // Two red double lines of 170 mm; the mark 30 mm from the page top; no page number on page 1.
        expect(rules.filter((r) => r.red && Math.abs(r.width - 170 * MM) < 2 * MM).length).toBeGreaterThanOrEqual(4);
        const mark = pages[0]!.find((l) => l.text === '某某市人民政府办公室')!;
        expect(Math.abs(mark.y - 30 * MM)).toBeLessThan(3 * MM);
        expect(pages[0]!.some((l) => /^—\d+—$/.test(l.text))).toBe(false);
      } else {
        const mark = pages[0]!.find((l) => /(令|纪要)$/.test(l.text))!;
        expect(mark).toBeDefined();
        const below = genre === '命令' ? 20 : 35;
        expect(Math.abs(mark.y - TOP - below * MM)).toBeLessThan(3 * MM);
        expect(pages.length % 2).toBe(0);
      }
      // Page 2 is all body text here too: 22 lines, 28 characters to a full line.
      const body = pages[1]?.filter((l) => l.y > TOP - 8 && l.y < BOTTOM) ?? [];
      expect(body, `${genre} page 2`).toHaveLength(22);
      const full = body.filter((l) => l.x0 < LEFT + 2 && l.x1 > RIGHT - 12 && l.x1 < RIGHT + 2);
      expect(full.length, genre).toBeGreaterThanOrEqual(8);
      for (const l of full) expect([...l.text].length, `${genre}: ${l.text}`).toBe(28);
    }
  });
});
