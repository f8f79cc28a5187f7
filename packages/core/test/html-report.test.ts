import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  Checker,
  HtmlReport,
  defaultRegistry,
  escapeHtml,
  formatHtml,
  reportFile,
  textDocument,
  type FileResult,
} from '@gongwen/core';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const ARTIFACTS = join(REPO, 'test-artifacts');
const CHROMIUM = process.env.GONGWEN_CHROMIUM ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI) throw new Error(`chromium not found at ${CHROMIUM} (set GONGWEN_CHROMIUM)`);
if (!haveChromium) console.warn(`html report rendering skipped: no chromium at ${CHROMIUM}`);

const dir = mkdtempSync(join(tmpdir(), 'gongwen-html-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Chromium's DOM after the page's scripts ran (headless, no network, a throwaway profile). */
function render(file: string, hash = '', extra: string[] = []): string {
  const profile = mkdtempSync(join(dir, 'profile-'));
  const r = spawnSync(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      `--user-data-dir=${profile}`,
      '--virtual-time-budget=3000',
      ...extra,
      '--dump-dom',
      pathToFileURL(file).href + hash,
    ],
    { encoding: 'utf8', timeout: 90_000, maxBuffer: 256 * 1024 * 1024 },
  );
  if (r.error) throw r.error;
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

/** The text of the page as Chromium prints it (print CSS applies); undefined without pdftotext. */
function printText(file: string, extra: string[] = []): string | undefined {
  const pdf = join(mkdtempSync(join(dir, 'pdf-')), 'out.pdf');
  const profile = mkdtempSync(join(dir, 'profile-'));
  const r = spawnSync(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      `--user-data-dir=${profile}`,
      '--virtual-time-budget=3000',
      '--no-pdf-header-footer',
      ...extra,
      `--print-to-pdf=${pdf}`,
      pathToFileURL(file).href,
    ],
    { encoding: 'utf8', timeout: 90_000 },
  );
  expect(r.status, r.stderr).toBe(0);
  expect(statSync(pdf).size).toBeGreaterThan(1000);
  const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  if (text.error) {
    if (process.env.CI) throw text.error;
    return undefined;
  }
  return text.stdout;
}

const checker = new Checker();
function result(path: string, text: string): FileResult {
  const document = textDocument(text);
  return { path, format: 'text', error: null, document, diagnostics: checker.check(document).diagnostics };
}

// A hostile file name and document text: markup, entities and quotes must come out as text.
const HOSTILE = '<img src=x onerror="document.title=\'pwned\'">&amp;\'"';
const files: FileResult[] = [
  result('甲/通知.txt', '关于做好年度工作的通知\n\n各单位:\n    现将有关事项通知如下,请认真贯彻落实.\n'),
  result(`乙/${HOSTILE}.txt`, `各部门:\n    请于3月1日前报送<script>alert(1)</script>材料,谢谢.\n`),
  result(
    '甲/计划.txt',
    '各部门：\n    计划于2020-2021年完成，请于20日前报送“关于做好工作的通知”、“预案”等材料。\n    附件：1.实施方案\n',
  ),
  result('丙/干净.txt', '关于做好年度工作的通知\n'),
  {
    path: '丁/坏.docx',
    format: 'docx',
    error: { code: 'not-docx', message: '不是 .docx 文件 <zip>' },
    diagnostics: [],
  },
];

describe.skipIf(!haveChromium)('HTML report rendered by Chromium', () => {
  const html = formatHtml(files, { toolVersion: '0.0.0-test', registry: defaultRegistry() });
  const file = join(dir, 'report.html');
  writeFileSync(file, html);

  it('is one self-contained file: nothing to fetch', () => {
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/\b(src|href)=["']?(https?:|\/\/)/i);
    expect(html).not.toMatch(/@import|url\(/i);
  });

  it('shows totals, the chart, top rules, worst documents and every finding, with text escaped', () => {
    const dom = render(file);
    expect(dom).toContain('data-ready="1"');
    expect(dom).toContain('<title>公文检查报告</title>');
    // The hostile name is text, never an element; the document's <script> too.
    expect(dom).not.toMatch(/<img\b/);
    expect(dom).not.toContain('pwned</title>');
    expect(dom).toContain('&lt;img src=x onerror=');
    expect(dom).toContain('alert(1)&lt;/script&gt;材料');
    expect(dom).not.toMatch(/<script>alert/);
    expect(dom).toMatch(/<svg class="chart"[^>]*>.*<rect class="error"/s);
    expect(dom).toContain('punct/half-width');
    expect(dom).toContain('问题最多的文件');
    expect(dom).toContain('无法检查的文件');
    // The span is marked inside its excerpt.
    expect(dom).toMatch(/各单位<mark>:<\/mark>/);
    // The clean file is counted, not listed.
    expect(dom).toContain('另有 1 个文件未发现问题');
    expect(dom).not.toContain('丙/干净.txt');
    // The filter bar is shown by the script.
    expect(dom).toMatch(/<form id="filters">/);
  });

  it('filters by level, area and rule from the address, hiding other findings and documents', () => {
    const all = render(file);
    const count = (dom: string, re: RegExp) => (dom.match(re) ?? []).length;
    const shown = (dom: string) =>
      count(dom, /<li class="f [a-z]+" data-level="[a-z]+"[^>]*>/g) - count(dom, /<li [^>]*hidden=""/g);
    const total = count(all, /<li class="f /g);
    expect(total).toBeGreaterThan(3);
    expect(shown(all)).toBe(total);

    const errors = render(file, '#filter?level=error');
    const errorItems = count(all, /<li class="f error"/g);
    expect(errorItems).toBeGreaterThan(0);
    expect(errorItems).toBeLessThan(total);
    expect(shown(errors)).toBe(errorItems);
    // Every hidden item is a non-error, every shown item an error.
    for (const m of errors.matchAll(/<li class="f ([a-z]+)"[^>]*?( hidden="")?>/g))
      expect(m[1] === 'error').toBe(!m[2]);
    expect(errors).toMatch(new RegExp(`显示 ${errorItems} / ${total} 个问题`));

    const rule = render(file, '#filter?rule=punct%2Fhalf-width');
    for (const m of rule.matchAll(/<li class="f [a-z]+"[^>]*data-rule="([^"]+)"[^>]*?( hidden="")?>/g))
      expect(m[1] === 'punct/half-width').toBe(!m[2]);

    // A file-name filter hides the other documents as a whole.
    const byName = render(file, `#filter?q=${encodeURIComponent('通知')}`);
    expect(byName).toMatch(/<details class="doc" id="f0"[^>]*open=""/);
    expect(byName).toMatch(/<details class="doc" id="f1"[^>]*hidden=""/);
  });

  it('is fully readable with scripts off: every document open, no filter bar', () => {
    // As served, before any script: the filter bar hidden, every document open.
    expect(html).toMatch(/<form id="filters" hidden>/);
    expect(html.match(/<details /g)!.length).toBe(html.match(/<details [^>]* open>/g)!.length);
    // The page without its script, as Chromium lays it out (headless Chromium dumps nothing with scripts disabled).
    const bare = join(dir, 'bare.html');
    writeFileSync(bare, html.replace(/<script>[\s\S]*?<\/script>/, ''));
    const dom = render(bare, '#filter?level=error');
    expect(dom).not.toContain('data-ready');
    expect(dom).toMatch(/<form id="filters" hidden="">/);
    expect(dom).not.toMatch(/<(li|details) [^>]*hidden/);
    expect(dom.match(/<li class="f /g)!.length).toBe(html.match(/<li class="f /g)!.length);
  });

  it('renders a screenshot (kept as a test artifact)', () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const png = join(ARTIFACTS, 'html-report.png');
    rmSync(png, { force: true });
    const profile = mkdtempSync(join(dir, 'profile-'));
    const r = spawnSync(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--hide-scrollbars',
        `--user-data-dir=${profile}`,
        '--window-size=1200,1600',
        '--virtual-time-budget=3000',
        `--screenshot=${png}`,
        pathToFileURL(file).href,
      ],
      { encoding: 'utf8', timeout: 90_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(statSync(png).size).toBeGreaterThan(20_000);
  });

  it('shows findings alike once, with where the others are, and still counts and filters each of them', () => {
    const lines = Array.from({ length: 25 }, (_, i) => `第${i + 1}段正文。`);
    const text = lines.join('\n');
    const font = (i: number) => {
      const from = text.indexOf(lines[i]!);
      return {
        ruleId: 'layout/element-font',
        severity: 'error' as const,
        message: '正文应使用仿宋（当前为“楷体_GB2312”）',
        range: [from, from + lines[i]!.length] as [number, number],
        source: 'rule' as const,
        standard: 'GB/T 9704-2012 7.3.3',
      };
    };
    const other = { ...font(3), ruleId: 'layout/element-size', message: '正文字号应为三号' };
    // The same rule at another level: advice, not counted with the errors (and its level shown beside theirs).
    const advice = { ...font(4), severity: 'info' as const, message: '附件标题应使用小标宋（当前为“宋体”）' };
    const alike: FileResult = {
      path: '楷体.txt',
      format: 'text',
      error: null,
      document: textDocument(text),
      diagnostics: [advice, font(0), font(1), other, ...lines.slice(2).map((_, i) => font(i + 2))],
    };
    const page = formatHtml([alike], { toolVersion: '0.0.0-test' });
    const alikeFile = join(dir, 'alike.html');
    writeFileSync(alikeFile, page);
    // One full finding for the 25, one for the other rule; the 24 others by place and quote.
    expect(page.split('正文应使用仿宋').length - 1).toBe(1);
    expect(page).toContain('同一问题另有 24 处：第 2 行第 1 列、第 3 行第 1 列、第 4 行第 1 列');
    expect(page).toContain('第 21 行第 1 列等</summary>');
    expect(page).not.toContain('第 22 行第 1 列等');
    expect(page).toContain('<mark>第25段正文。</mark>');
    // As served, open (readable without scripts); the script folds it.
    expect(page).toContain('<details class="alike" open>');
    expect(page).toMatch(/layout\/element-font<\/code><\/a><\/td><td class="lvl">错误 25<br>提示 1<\/td>/);
    expect(page).toMatch(/layout\/element-size<\/code><\/a><\/td><td class="lvl">错误<\/td>/);
    const dom = render(alikeFile);
    expect(dom).toMatch(/<details class="alike">/);
    expect(dom).toContain('共 27 个问题，1 个文件');
    const errors = render(alikeFile, '#filter?level=error&rule=layout%2Felement-font');
    expect(errors).toContain('显示 25 / 27 个问题');
    expect(errors).toMatch(/<li class="f error"[^>]*data-rule="layout\/element-size"[^>]* hidden="">/);
  });

  it('prints every document, also the collapsed ones', () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      result(`文件${String(i).padStart(2, '0')}.txt`, `各单位:第${i}号,请落实.\n`),
    );
    const big = join(dir, 'many.html');
    writeFileSync(big, formatHtml(many, { toolVersion: '0.0.0-test' }));
    // With scripts on and more documents than the overview lists, documents start collapsed.
    expect(render(big)).not.toMatch(/<details class="doc"[^>]* open=""/);
    const text = printText(big);
    if (text === undefined) return; // poppler-utils absent
    for (const i of [0, 15, 29]) expect(text).toContain(`第${i}号`);
  });
});

describe('escapeHtml', () => {
  it('leaves no character that ends a text node or attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;',
    );
  });
});

describe('HtmlReport (the page made as the files come)', () => {
  it('keeps only the worst documents so far, yet lists the same ones, in the same order, as a sort of them all', () => {
    // Findings from 0 to 6 a file in a scrambled order, many ties broken by path: the kept list is displaced often.
    const many = Array.from({ length: 120 }, (_, i) => {
      const n = (i * 37) % 7;
      return result(`文件${String(i).padStart(3, '0')}.txt`, `各单位${'，请落实,'.repeat(n)}\n`);
    });
    const page = formatHtml(many, { toolVersion: '0.0.0-test' });
    const worst = /<section id="worst">[\s\S]*?<\/section>/.exec(page)![0];
    const shown = [...worst.matchAll(/<a href="#f(\d+)">([^<]+)<\/a>/g)].map((m) => [Number(m[1]), m[2]]);
    const count = (r: FileResult, level: string) => r.diagnostics.filter((d) => d.severity === level).length;
    const expected = many
      .map((r, id) => ({ r, id, e: count(r, 'error'), w: count(r, 'warning'), n: r.diagnostics.length }))
      .filter((x) => x.n > 0)
      .sort((a, b) => b.e - a.e || b.w - a.w || b.n - a.n || (a.r.path < b.r.path ? -1 : 1))
      .slice(0, 20)
      .map((x) => [x.id, x.r.path]);
    expect(expected.length).toBe(20);
    expect(shown).toEqual(expected);
  });

  it('is the page of all files whichever way it is put together: failed rows and sections written aside', () => {
    const report = new HtmlReport({ toolVersion: '0.0.0-test', registry: defaultRegistry() });
    const sections: string[] = [];
    const failed: string[] = [];
    for (const f of files.map(reportFile)) {
      const part = report.file(f);
      sections.push(part.section);
      if (part.failed) failed.push(part.failed);
    }
    expect(failed).toHaveLength(1);
    const [before, between, after] = report.frame({ interrupted: true });
    const page = before + failed.join('') + between + sections.join('') + after;
    expect(page).toBe(formatHtml(files, { toolVersion: '0.0.0-test', registry: defaultRegistry(), interrupted: true }));
    expect(page).toContain('<p class="warn-box">检查被中断');
    expect(page.indexOf('<section id="failed">')).toBeLessThan(page.indexOf('<section id="files">'));
  });
});
