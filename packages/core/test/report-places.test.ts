import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  Checker,
  displayWidth,
  formatJson,
  formatStylish,
  readDocument,
  textDocument,
  type FileResult,
} from '@gongwen/core';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

function docx(body: string): Uint8Array {
  const parts: Record<string, string> = {
    '[Content_Types].xml': '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    '_rels/.rels':
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    'word/document.xml': `<w:document xmlns:w="${W}"><w:body>${body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`,
  };
  return zipSync(Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, strToU8(v)])));
}
const p = (inner: string, ppr = '') => `<w:p><w:pPr>${ppr}</w:pPr>${inner}</w:p>`;
const r = (t: string) => `<w:r><w:t xml:space="preserve">${t}</w:t></w:r>`;
const RENDERED = '<w:r><w:lastRenderedPageBreak/></w:r>';
const PAGE_BREAK = '<w:r><w:br w:type="page"/></w:r>';
const NEW_SECTION = '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>';

const pageAt = (bytes: Uint8Array, needle: string) => {
  const doc = readDocument(bytes, 'docx');
  return doc.sourceMap.position(doc.text.indexOf(needle));
};

describe('pages of docx findings', () => {
  it('follows Word’s rendered page breaks, also inside a paragraph', () => {
    const bytes = docx(
      p(r('第一页甲')) +
        p(RENDERED + r('第二页乙')) +
        p(r('仍在第二页丙') + RENDERED + r('第三页丁')) +
        p(r('第三页戊')),
    );
    expect(pageAt(bytes, '甲')).toMatchObject({ line: 1, page: 1 });
    expect(pageAt(bytes, '乙')).toMatchObject({ line: 2, page: 2 });
    expect(pageAt(bytes, '丙')).toMatchObject({ line: 3, page: 2 });
    expect(pageAt(bytes, '丁')).toMatchObject({ line: 3, page: 3 });
    expect(pageAt(bytes, '戊')).toMatchObject({ line: 4, page: 3 });
    expect(pageAt(bytes, '戊').pageEstimated).toBeUndefined();
  });

  it('counts typed page breaks and new-page sections as the least page when Word recorded no layout', () => {
    const bytes = docx(
      p(r('首页甲')) +
        p(r('首页乙') + PAGE_BREAK) +
        p(r('次页丙')) +
        p(r('次页丁'), NEW_SECTION) +
        p(r('三页戊')) +
        p(r('前') + PAGE_BREAK + r('后')),
    );
    expect(pageAt(bytes, '甲')).toMatchObject({ page: 1, pageEstimated: true });
    expect(pageAt(bytes, '乙')).toMatchObject({ page: 1 });
    expect(pageAt(bytes, '丙')).toMatchObject({ page: 2 });
    expect(pageAt(bytes, '丁')).toMatchObject({ page: 2 });
    expect(pageAt(bytes, '戊')).toMatchObject({ page: 3 });
    expect(pageAt(bytes, '前')).toMatchObject({ page: 3 });
    expect(pageAt(bytes, '后')).toMatchObject({ page: 4 });
  });

  it('puts page and paragraph with a short quote in the terminal output, and the page in JSON', () => {
    const long = '为进一步加强安全生产工作，切实保障人民群众生命财产安全，经研究决定在全市范围内开展专项整治行动';
    const bytes = docx(p(r('某某市人民政府办公室')) + p(RENDERED + r(`${long},请各单位认真贯彻落实。`)));
    const doc = readDocument(bytes, 'docx');
    const diagnostics = new Checker().check(doc).diagnostics.filter((d) => d.ruleId === 'punct/half-width');
    expect(diagnostics).toHaveLength(1);
    const result: FileResult = { path: '通知.docx', format: 'docx', error: null, diagnostics, document: doc };
    const out = formatStylish([result]);
    expect(out).toMatch(/第2页 第2段 错误/);
    const quote = out.split('\n').find((l) => l.includes('请各单位'))!;
    expect(quote).toContain('…');
    expect(displayWidth(quote.trim())).toBeLessThan(displayWidth(long));
    const json = JSON.parse(formatJson([result]));
    expect(json.files[0].diagnostics[0]).toMatchObject({ ruleId: 'punct/half-width', line: 2, page: 2 });
    expect(json.files[0].diagnostics[0].pageEstimated).toBeUndefined();
  });
});

describe('terminal output for people', () => {
  const text = '各地区,各部门要高度重视。\n全年安排专项资金3千万元,同比增长5～8%。';
  const doc = textDocument(text);
  const diagnostics = new Checker().check(doc).diagnostics;
  const result: FileResult = { path: 'a.txt', format: 'text', error: null, diagnostics, document: doc };

  it('wraps long messages to the terminal width, under themselves', () => {
    const out = formatStylish([result], { width: 50 });
    const lines = out.split('\n');
    for (const l of lines) expect(displayWidth(l), l).toBeLessThanOrEqual(50);
    // The rule id is never split.
    for (const d of diagnostics) expect(out).toContain(d.ruleId);
    const wide = formatStylish([result]);
    expect(wide.split('\n').some((l) => displayWidth(l) > 50)).toBe(true);
  });

  it('ends each file with a summary by area and the most frequent rules', () => {
    const out = formatStylish([result]);
    const summary = out.split('\n').find((l) => l.includes('小结'))!;
    expect(summary).toContain(`${diagnostics.length} 个问题`);
    expect(summary).toMatch(/标点 \d/);
    expect(summary).toMatch(/数字 \d/);
    expect(summary).toContain('punct/half-width（2）');
  });
});

describe('stylish: one finding repeated', () => {
  const text = ['正文甲。', '正文乙。', '正文丙。', '正文丁。', '正文戊。'].join('\n');
  const doc = textDocument(text);
  const at = (s: string) => [text.indexOf(s), text.indexOf(s) + 2] as [number, number];
  const same = (s: string) => ({
    ruleId: 'layout/element-font',
    severity: 'error' as const,
    message: '正文应使用仿宋（当前为“楷体_GB2312”）',
    range: at(s),
    source: 'rule' as const,
    standard: 'GB/T 9704-2012 7.3.3',
  });
  const result = (diagnostics: FileResult['diagnostics']): FileResult => ({
    path: 'a.txt',
    format: 'text',
    error: null,
    diagnostics,
    document: doc,
  });

  it('shows the first of three or more alike, then where the others are, and counts them all', () => {
    const out = formatStylish([result(['正文甲', '正文乙', '正文丙', '正文丁'].map(same))]);
    expect(out.split('正文应使用仿宋').length - 1).toBe(1);
    expect(out).toContain('同一问题另有 3 处：2:1、3:1、4:1');
    expect(out).toContain('发现 4 个问题（4 个错误');
  });

  it('shows each of two alike, and each finding with a fix', () => {
    expect(formatStylish([result(['正文甲', '正文乙'].map(same))]).split('正文应使用仿宋').length - 1).toBe(2);
    const fixed = ['正文甲', '正文乙', '正文丙'].map((s) => ({ ...same(s), fix: { range: at(s), text: '正文' } }));
    const out = formatStylish([result(fixed)]);
    expect(out.split('正文应使用仿宋').length - 1).toBe(3);
    expect(out).not.toContain('同一问题');
  });
});

describe('stylish: a finding over a whole long paragraph', () => {
  it('quotes the paragraph by its beginning, and the carets stay under what is quoted', () => {
    const para = `${'各省、自治区、直辖市人民政府，国务院各部委、各直属机构'.repeat(6)}：`;
    const doc = textDocument(para);
    const out = formatStylish([
      {
        path: 'a.txt',
        format: 'text',
        error: null,
        document: doc,
        diagnostics: [
          {
            ruleId: 'layout/element-font',
            severity: 'error',
            message: '主送机关应使用仿宋',
            range: [0, para.length],
            source: 'rule',
          },
        ],
      },
    ]);
    const [quote, carets] = out.split('\n').slice(2, 4);
    expect(quote!.trim().endsWith('…')).toBe(true);
    expect(displayWidth(quote!.trim())).toBeLessThanOrEqual(2 * 40 + 1 + 40);
    expect(carets!.trim().length).toBeLessThanOrEqual(displayWidth(quote!.trim()));
    expect(out).not.toContain(para);
  });
});
