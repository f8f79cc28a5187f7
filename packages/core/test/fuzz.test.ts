// Property-based fuzzing of every reader and the rules: text, Markdown and .docx (valid packages whose XML is mutated
// with OOXML-aware edits, and packages whose bytes are damaged). Whatever the input, a reader returns a document or
// throws a DocumentError with a documented code; the rules then run without an internal error, within time, and every
// finding lies inside the text; a reviewed copy is a package the reader reads again.
//
// `npm test` runs a quick profile; `npm run fuzz` sets GONGWEN_FUZZ_RUNS (the cases per property scale with it: 10,050 in all) and
// prints the counts. GONGWEN_FUZZ_SEED replays a run.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import {
  Checker,
  DOCUMENT_ERROR_CODES,
  DocumentError,
  documentFromSource,
  readDocument,
  readZip,
  reviewDocx,
  type Diagnostic,
  type GovDocument,
  type SourceFormat,
} from '@gongwen/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const RUNS = Number(process.env.GONGWEN_FUZZ_RUNS ?? 25);
const SEED = process.env.GONGWEN_FUZZ_SEED ? Number(process.env.GONGWEN_FUZZ_SEED) : undefined;
// The full profile runs for minutes; each property gets time in proportion to its cases.
const TIMEOUT = 30_000 + RUNS * 600;
const params = (runs: number) => ({ numRuns: runs, ...(SEED !== undefined ? { seed: SEED } : {}) });

const checker = new Checker();
const counts = { text: 0, markdown: 0, docx: 0, review: 0, timing: 0, refused: new Map<string, number>() };

afterAll(() => {
  const refused = [...counts.refused].map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  const total = counts.text + counts.markdown + counts.docx + counts.timing;
  console.log(
    `fuzz: ${total} cases — text ${counts.text}, Markdown ${counts.markdown}, docx ${counts.docx} (reviewed ${counts.review}), ` +
      `timing ${counts.timing}; per-file errors: ${refused}; internal errors: 0`,
  );
});

/** A DocumentError with a documented code is an answer; anything else thrown is a failure of the property. */
function refused(e: unknown): void {
  if (!(e instanceof DocumentError)) throw e;
  expect(Object.keys(DOCUMENT_ERROR_CODES)).toContain(e.code);
  counts.refused.set(e.code, (counts.refused.get(e.code) ?? 0) + 1);
}

function expectSound(doc: GovDocument, diagnostics: Diagnostic[]): void {
  for (const d of diagnostics) {
    expect(d.range[0]).toBeGreaterThanOrEqual(0);
    expect(d.range[1]).toBeGreaterThanOrEqual(d.range[0]);
    expect(d.range[1]).toBeLessThanOrEqual(doc.text.length);
    // A rule that threw is turned into a finding that says 内部错误: the fuzz suite keeps that at zero.
    expect(d.message).not.toContain('内部错误');
    expect(d.message).not.toContain('已停止');
    if (d.fix) {
      expect(d.fix.range[0]).toBeGreaterThanOrEqual(0);
      expect(d.fix.range[1]).toBeLessThanOrEqual(doc.text.length);
    }
  }
}

function checkBytes(bytes: Uint8Array, format: SourceFormat): GovDocument | undefined {
  let doc: GovDocument;
  try {
    doc = readDocument(bytes, format);
  } catch (e) {
    refused(e);
    return undefined;
  }
  expectSound(doc, checker.check(doc).diagnostics);
  if (doc.source !== undefined) {
    // Fixing must work on anything that could be read, and the fixed text must read and check again.
    const fixed = checker.fix(doc.source, format);
    const again = documentFromSource(fixed.output, format);
    expectSound(again, checker.check(again).diagnostics);
  }
  return doc;
}

// Pieces official documents are made of, and the characters the rules and parsers treat specially.
const TEXT_PIECES = [
  '一',
  '通知',
  '关于',
  '的',
  '请示',
  '报告',
  '附件',
  '附件：',
  '1.',
  '（一）',
  '一、',
  '2025年4月8日',
  '年',
  '月',
  '日',
  '印发',
  '抄送：',
  '各区人民政府：',
  '特此通知。',
  '妥否，请批示。',
  '恳请批准',
  '。',
  '，',
  '；',
  '：',
  '、',
  '“',
  '”',
  '‘',
  '’',
  '《',
  '》',
  '〈',
  '〉',
  '（',
  '）',
  '(',
  ')',
  '〔',
  '〕',
  '【',
  '】',
  '…',
  '……',
  '——',
  '-',
  ',',
  '.',
  '!',
  '?',
  ' ',
  '\u3000',
  '\t',
  '\n',
  '\n\n',
  '\r\n',
  '\r',
  'a',
  'Z',
  '0',
  '9',
  '@',
  'www.',
  'http://',
  '.gov.cn',
  '.com',
  '/',
  '_',
  '%',
  '+',
  '￥',
  '%',
  '〇',
  '二〇二五',
  '号',
  '〔2025〕',
  '第',
  '条',
  '\u0000',
  '\u001b',
  '\ufeff',
  '\ud800',
  '😀',
  '秘密★1年',
  '特急',
  '签发人：',
  '国办发〔2025〕1号',
];
const MD_PIECES = [
  ...TEXT_PIECES,
  '#',
  '## ',
  '*',
  '**',
  '_',
  '__',
  '`',
  '```',
  '>',
  '> ',
  '- ',
  '* ',
  '1. ',
  '  ',
  '    ',
  '[',
  ']',
  '](',
  '<',
  '<!-- gongwen-disable -->',
  '<!-- gongwen-enable -->',
  '---\n',
  '标题: ',
  '|',
  '|---|',
  '![',
  '\\',
  '&amp;',
  '&#12345;',
];

const textOf = (pieces: string[], max: number) =>
  fc.array(fc.constantFrom(...pieces), { maxLength: max }).map((a) => a.join(''));

describe('fuzz: text and Markdown', () => {
  it(
    'text: any input is read and checked, or refused with a documented code',
    () => {
      fc.assert(
        fc.property(textOf(TEXT_PIECES, 120), fc.constantFrom('utf-8', 'utf-16le', 'gb18030'), (s, enc) => {
          counts.text++;
          const bytes =
            enc === 'utf-8'
              ? new TextEncoder().encode(s)
              : enc === 'utf-16le'
                ? new Uint8Array(Buffer.from(s, 'utf16le'))
                : gbk(s);
          checkBytes(bytes, 'text');
        }),
        params(RUNS * 5),
      );
    },
    TIMEOUT,
  );

  it(
    'Markdown: any input is read and checked, or refused with a documented code',
    () => {
      fc.assert(
        fc.property(textOf(MD_PIECES, 120), (s) => {
          counts.markdown++;
          checkBytes(new TextEncoder().encode(s), 'markdown');
        }),
        params(RUNS * 4),
      );
    },
    TIMEOUT,
  );

  it(
    'time grows linearly: any short pattern repeated to 40,000 characters takes at most ~4× its 10,000-character time',
    () => {
      // CPU time of this process, not wall time: other processes on a shared machine must not fail the property.
      const cpuMs = (s: string, format: SourceFormat) => {
        const c0 = process.cpuUsage();
        checkBytes(new TextEncoder().encode(s), format);
        const cpu = process.cpuUsage(c0);
        return (cpu.user + cpu.system) / 1000;
      };
      fc.assert(
        fc.property(
          textOf(MD_PIECES, 6).filter((u) => u.length > 0),
          fc.constantFrom<SourceFormat>('text', 'markdown'),
          (unit, format) => {
            counts.timing++;
            const small = cpuMs(unit.repeat(Math.ceil(10000 / unit.length)), format);
            const large = cpuMs(unit.repeat(Math.ceil(40000 / unit.length)), format);
            // Four times the text: linear work takes about 4× as long, a quadratic path 16× (a setext heading copying
            // the parser's event list: 1 s, then 16 s). 10× leaves room for noise; short runs are not judged.
            expect(large, `${small.toFixed(0)} ms at 10,000 characters`).toBeLessThan(Math.max(10 * small, 2000));
          },
        ),
        params(Math.max(4, Math.round(RUNS / 20))),
      );
    },
    TIMEOUT,
  );
});

/** GB18030 bytes through Node's own decoder table: the text reader must take them back. */
function gbk(s: string): Uint8Array {
  const out: number[] = [];
  const dec = new TextDecoder('gb18030');
  // Only characters that survive a round trip through the decoder are kept; the rest become '?'.
  for (const ch of s) {
    const b = GB.get(ch);
    if (b) out.push(...b);
    else if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else out.push(0x3f);
  }
  void dec;
  return new Uint8Array(out);
}
const GB = (() => {
  const m = new Map<string, number[]>();
  const dec = new TextDecoder('gb18030');
  for (let a = 0x81; a <= 0xfe; a++) {
    for (let b = 0x40; b <= 0xfe; b++) {
      if (b === 0x7f) continue;
      const ch = dec.decode(new Uint8Array([a, b]));
      if (ch.length === 1 && !m.has(ch)) m.set(ch, [a, b]);
    }
  }
  return m;
})();

// Seeds: valid packages from the project's own samples and fixtures.
const SEEDS = [
  'corpora/samples/某某市人民政府关于做好防汛工作的通知.docx',
  'corpora/fixtures/docx/bad-body-font.docx',
  'corpora/fixtures/docx/order-bad-number.docx',
].map((p) => unzipSync(new Uint8Array(readFileSync(join(root, p)))));

// Well-formed pieces of WordprocessingML (what Word and WPS write, and what they could but rarely do), and broken ones.
const BLOCKS = [
  '<w:p><w:r><w:t>文字“（《</w:t></w:r></w:p>',
  '<w:p/>',
  '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>表格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>',
  '<w:tbl><w:tblPr><w:tblStyle w:val="none"/></w:tblPr><w:tr><w:tc><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>',
  '<w:p><w:pPr><w:sectPr><w:pgSz w:w="-5" w:h="abc"/><w:type w:val="continuous"/></w:sectPr></w:pPr></w:p>',
  '<w:p><w:pPr><w:sectPr><w:headerReference r:id="rId999" w:type="default"/></w:sectPr></w:pPr></w:p>',
  '<w:sdt><w:sdtContent><w:p><w:r><w:t>控件</w:t></w:r></w:p></w:sdtContent></w:sdt>',
  '<w:p><w:pPr><w:numPr><w:ilvl w:val="99"/><w:numId w:val="999"/></w:numPr><w:pStyle w:val="nonexistent"/></w:pPr><w:r><w:t>一、</w:t></w:r></w:p>',
  '<w:p><w:r><w:t xml:space="preserve">某某市人民政府办公室  2025年4月8日印发</w:t></w:r></w:p>',
  '<w:p><w:r><w:br w:type="page"/></w:r></w:p>',
  '<w:customXml><w:p><w:r><w:t>x</w:t></w:r></w:p></w:customXml>',
  '<x:unknown xmlns:x="urn:x"><w:p/></x:unknown>',
];
const RUNS_XML = [
  '<w:r><w:t>附件：1.</w:t></w:r>',
  '<w:r><w:rPr><w:rFonts w:eastAsia="仿宋_GB2312"/><w:sz w:val="-1"/><w:color w:val="zzzzzz"/></w:rPr><w:t>字</w:t></w:r>',
  '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>',
  '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
  '<w:fldSimple w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>',
  '<w:ins w:id="1" w:author="a"><w:r><w:t>插入</w:t></w:r></w:ins>',
  '<w:del w:id="2" w:author="a"><w:r><w:delText>删</w:delText></w:r></w:del>',
  '<w:hyperlink r:id="rId999"><w:r><w:t>链接</w:t></w:r></w:hyperlink>',
  '<w:r><w:tab/><w:noBreakHyphen/><w:br/></w:r>',
  '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="wps"><w:r><w:t>选</w:t></w:r></mc:Choice><mc:Fallback/></mc:AlternateContent>',
  '<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:extent cx="-1" cy="0"/></wp:inline></w:drawing></w:r>',
  `<w:r><w:t>${'“'.repeat(200)}</w:t></w:r>`,
  `<w:r><w:t>${'a'.repeat(300)}@</w:t></w:r>`,
  '<w:smartTag><w:r><w:t>标记</w:t></w:r></w:smartTag>',
];
const BROKEN = [
  '<w:p>',
  '</w:p>',
  '<w:t>',
  '</w:r>',
  '&xxe;',
  '&#0;',
  '<!DOCTYPE x [<!ENTITY a "b">]>',
  '"',
  '<',
  '>',
  '\u0000',
  '<w:tbl><w:tr><w:tc>',
];
const VALUES = ['-1', '0', '99999999', 'abc', '', 'NaN', '1e400', 'auto', 'FF0000', 'center', 'both', 'eastAsia'];

type Mutation =
  | { kind: 'block' | 'run'; at: number; snippet: string }
  | { kind: 'text'; at: number; text: string }
  | { kind: 'attr'; at: number; value: string }
  | { kind: 'delete' | 'duplicate'; part: number; at: number; len: number }
  | { kind: 'raw'; part: number; at: number; snippet: string }
  | { kind: 'truncate'; part: number; at: number }
  | { kind: 'bytes'; at: number; value: number }
  | { kind: 'cut'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant('block' as const), at: fc.nat(), snippet: fc.constantFrom(...BLOCKS) }),
  },
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant('run' as const), at: fc.nat(), snippet: fc.constantFrom(...RUNS_XML) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('block' as const),
      at: fc.nat(),
      snippet: fc.constantFrom(...BLOCKS).map((b) => b.repeat(60)),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant('text' as const), at: fc.nat(), text: textOf(TEXT_PIECES, 40) }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('attr' as const), at: fc.nat(), value: fc.constantFrom(...VALUES) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom('delete' as const, 'duplicate' as const),
      part: fc.nat(),
      at: fc.nat(),
      len: fc.integer({ min: 1, max: 400 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('raw' as const),
      part: fc.nat(),
      at: fc.nat(),
      snippet: fc.constantFrom(...BROKEN),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), part: fc.nat(), at: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('bytes' as const),
      at: fc.nat(),
      value: fc.integer({ min: 0, max: 255 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }) },
);

const escapeXml = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Position of the k-th match of `re` in `text` (wrapping around), or -1. */
function nth(text: string, re: RegExp, k: number): RegExpExecArray | undefined {
  const all = [...text.matchAll(re)];
  return all.length ? (all[k % all.length] as RegExpExecArray) : undefined;
}

/** Applies the XML edits to a copy of the seed's parts (the document part, or any part for raw edits), then byte damage. */
function mutate(seed: number, muts: Mutation[]): Uint8Array {
  const parts = { ...SEEDS[seed % SEEDS.length]! };
  const names = Object.keys(parts).filter((n) => /\.(xml|rels)$/.test(n));
  const main = 'word/document.xml';
  for (const m of muts) {
    if (m.kind === 'bytes' || m.kind === 'cut') continue;
    const name = 'part' in m && m.part % 2 === 1 ? names[m.part % names.length]! : main;
    const text = strFromU8(parts[name]!);
    let next = text;
    if (m.kind === 'block') {
      const hit = nth(text, /<w:p[ >]|<w:sectPr[ >]/g, m.at);
      if (hit) next = text.slice(0, hit.index) + m.snippet + text.slice(hit.index);
    } else if (m.kind === 'run') {
      const hit = nth(text, /<\/w:p>/g, m.at);
      if (hit) next = text.slice(0, hit.index) + m.snippet + text.slice(hit.index);
    } else if (m.kind === 'text') {
      const hit = nth(text, /(<w:t(?: [^>]*)?>)([^<]*)(<\/w:t>)/g, m.at);
      if (hit)
        next = text.slice(0, hit.index) + hit[1] + escapeXml(m.text) + hit[3] + text.slice(hit.index + hit[0].length);
    } else if (m.kind === 'attr') {
      const hit = nth(text, /(w:(?:val|w|h|line|firstLine|left|sz)=")([^"]*)"/g, m.at);
      if (hit) next = `${text.slice(0, hit.index) + hit[1] + m.value}"${text.slice(hit.index + hit[0].length)}`;
    } else {
      const at = m.at % (text.length + 1);
      next =
        m.kind === 'delete'
          ? text.slice(0, at) + text.slice(at + m.len)
          : m.kind === 'duplicate'
            ? text.slice(0, at + m.len) + text.slice(at, at + m.len) + text.slice(at + m.len)
            : m.kind === 'raw'
              ? text.slice(0, at) + m.snippet + text.slice(at)
              : text.slice(0, at);
    }
    parts[name] = strToU8(next);
  }
  let zip = zipSync(parts);
  for (const m of muts) {
    if (m.kind === 'bytes') {
      zip = zip.slice();
      zip[m.at % zip.length] = m.value;
    }
    if (m.kind === 'cut') zip = zip.slice(0, m.at % (zip.length + 1));
  }
  return zip;
}

describe('fuzz: .docx', () => {
  it(
    'mutated packages are read, checked and reviewed, or refused with a documented code',
    () => {
      fc.assert(
        fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 5 }), fc.nat(9), (seed, muts, dice) => {
          counts.docx++;
          const bytes = mutate(seed, muts);
          const doc = checkBytes(bytes, 'docx');
          // Reviewing costs more than reading: one case in five.
          if (!doc || dice > 1) return;
          counts.review++;
          let out: Uint8Array;
          try {
            out = reviewDocx(bytes, { checker, date: '2025-01-01T00:00:00Z' }).bytes;
          } catch (e) {
            refused(e);
            return;
          }
          // The reviewed copy is a valid package the reader takes back.
          expect(Object.keys(readZip(out))).toContain('[Content_Types].xml');
          expect(() => readDocument(out, 'docx')).not.toThrow();
        }),
        params(RUNS),
      );
    },
    TIMEOUT,
  );
});
