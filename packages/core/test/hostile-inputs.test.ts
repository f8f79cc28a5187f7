// Hostile and broken inputs found by fuzzing (../shared/corpora/fuzz-repro, read in place, never copied): each must give
// a report or a clear per-file error with a code, quickly and in bounded memory. The corpus sits beside the project in
// CI too, so the suite skips only where it is absent outside CI (a user's clone).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  Checker,
  DocumentError,
  lint,
  textDocument,
  type Rule,
  docxToMarkdown,
  encodeSource,
  readDocument,
  readText,
  readZip,
  reviewDocx,
  type GovDocument,
  type SourceFormat,
} from '@gongwen/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const repro = join(root, '../shared/corpora/fuzz-repro');
const skip = !process.env.CI && !existsSync(join(repro, 'README.md'));
if (skip) console.warn(`hostile-input suite skipped: ${repro} is absent`);

const file = (name: string) => new Uint8Array(readFileSync(join(repro, name)));
const checker = new Checker();

/** CPU time of this process in ms: other work on a shared machine slows the wall clock, not this. */
function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Runs fn and returns its DocumentError (failing when it returns or throws anything else) and the time it took. */
function refusal(fn: () => unknown): { error: DocumentError; ms: number } {
  const t0 = cpuNow();
  try {
    fn();
  } catch (e) {
    if (!(e instanceof DocumentError)) throw e;
    return { error: e, ms: cpuNow() - t0 };
  }
  throw new Error('expected a DocumentError');
}

async function refusalAsync(fn: () => Promise<unknown>): Promise<DocumentError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof DocumentError) return e;
    throw e;
  }
  throw new Error('expected a DocumentError');
}

/** Reads and checks; returns the document, its findings and the time taken. */
function check(
  bytes: Uint8Array,
  format: SourceFormat,
): { doc: GovDocument; ids: string[]; ms: number; messages: string[] } {
  const t0 = cpuNow();
  const doc = readDocument(bytes, format);
  const diagnostics = checker.check(doc).diagnostics;
  return {
    doc,
    ids: diagnostics.map((d) => d.ruleId),
    messages: diagnostics.map((d) => d.message),
    ms: cpuNow() - t0,
  };
}

// Generous bounds for a shared, loaded machine: each of these took 10 s to several minutes before.
const QUICK_MS = 8000;

describe.skipIf(skip)('hostile inputs: per-file errors instead of crashes', () => {
  it('C1: a part that is not well-formed XML names the part and line', () => {
    const { error } = refusal(() => readDocument(file('C1-malformed-xml-document.docx'), 'docx'));
    expect(error.code).toBe('corrupt-xml');
    expect(error.message).toMatch(/^word\/document\.xml 第 \d+ 行：XML 格式错误/);
  });

  it('C2: an empty styles part', () => {
    const { error } = refusal(() => readDocument(file('C2-empty-styles-part.docx'), 'docx'));
    expect(error.code).toBe('corrupt-xml');
    expect(error.message).toContain('word/styles.xml');
  });

  it('C3: 3,000 nested tables are refused before any tree is built', () => {
    const { error, ms } = refusal(() => readDocument(file('C3-nested-tables-3000.docx'), 'docx'));
    expect(error.code).toBe('xml-too-deep');
    expect(ms).toBeLessThan(QUICK_MS);
  });

  it('C4: Markdown 10,000 levels deep is read as plain text with a notice', () => {
    const r = check(file('C4-blockquote-depth-10000.md'), 'markdown');
    expect(r.ids).toContain('gongwen/markdown-plain');
    expect(r.ms).toBeLessThan(QUICK_MS);
  });

  it('C5: a YAML alias bomb in front matter is a front-matter error', () => {
    expect(refusal(() => readDocument(file('C5-yaml-alias-bomb.md'), 'markdown')).error.code).toBe('front-matter');
  });

  it('C10: deeply nested YAML flow collections, twice in one process, are front-matter errors', () => {
    for (const name of ['a.md', 'b.md']) {
      expect(refusal(() => readDocument(file(`C10-two-deep-yaml/${name}`), 'markdown')).error.code).toBe(
        'front-matter',
      );
    }
  });

  it('C7: review of WordprocessingML in the default namespace gives a valid package', async () => {
    const r = await reviewDocx(file('C7-default-namespace.docx'), { checker });
    expect(Object.keys(readZip(r.bytes))).toContain('word/document.xml');
    expect(() => readDocument(r.bytes, 'docx')).not.toThrow();
  });

  it('C8: review of a package with an empty [Content_Types].xml is a per-file error', async () => {
    const error = await refusalAsync(() => reviewDocx(file('C8-empty-content-types.docx'), { checker }));
    expect(error.code).toBe('corrupt-xml');
    expect(error.message).toContain('[Content_Types].xml');
  });

  it('C9: a DOCTYPE in a part only the Markdown converter reads is refused before it reads it', async () => {
    const error = await refusalAsync(() => docxToMarkdown(file('C9-doctype-in-footnotes.docx')));
    expect(error.code).toBe('xml-doctype');
    expect(error.message).toContain('word/footnotes.xml');
  });

  it('D3: a part whose CRC-32 does not match is a corrupt package', () => {
    const { error } = refusal(() => readDocument(file('D3-bad-crc-accepted.docx'), 'docx'));
    expect(error.code).toBe('corrupt-zip');
    expect(error.message).toContain('word/fontTable.xml');
  });

  it('S2: control characters of an entry name never reach a message', () => {
    const { error } = refusal(() => readDocument(file('S2-escape-sequences-in-entry-name.docx'), 'docx'));
    // eslint-disable-next-line no-control-regex
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for
    expect(error.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });

  it('S3: traversal and absolute entry names are not carried into a reviewed copy', async () => {
    const r = await reviewDocx(file('S3-traversal-entry-names.docx'), { checker });
    const names = Object.keys(readZip(r.bytes));
    expect(names).toContain('word/document.xml');
    expect(names.filter((n) => n.startsWith('/') || n.split('/').includes('..'))).toEqual([]);
  });
});

describe.skipIf(skip)('hostile inputs: zip bombs and large parts', () => {
  it('H8: 20 entries sharing one 1 GB stream behind lying sizes', () => {
    const { error, ms } = refusal(() => readDocument(file('H8-zipbomb-overlap-20x1GB-lying-sizes.docx'), 'docx'));
    expect(error.code).toBe('zip-bomb');
    expect(ms).toBeLessThan(QUICK_MS);
  });

  it('H9: a 4 GB stream that declares a small size stops at the declared size', () => {
    const { error, ms } = refusal(() => readDocument(file('H9-zipbomb-4GB-lying-size.docx'), 'docx'));
    expect(error.code).toBe('zip-bomb');
    expect(ms).toBeLessThan(QUICK_MS);
  });

  it('O1 and O2: document parts of 63 MB and 42 MB are refused by element count before parsing', () => {
    for (const name of ['O1-63MB-document-part-1.2MB.docx', 'O2-19599-paragraphs-270KB.docx']) {
      const { error, ms } = refusal(() => readDocument(file(name), 'docx'));
      expect(error.code).toBe('too-many-elements');
      expect(ms).toBeLessThan(QUICK_MS * 2);
    }
  });
});

describe.skipIf(skip)('hostile inputs: linear time', () => {
  for (const [id, name, format] of [
    ['H1', 'H1-ascii-run-100KB.txt', 'text'],
    ['H2', 'H2-blank-lines-40000.txt', 'text'],
    ['H3', 'H3-4000-attachment-labels.txt', 'text'],
    ['H4', 'H4-print-line-redos-15KB.txt', 'text'],
    ['H5', 'H5-emphasis-run-20KB.md', 'markdown'],
    ['H6', 'H6-nested-list-1000.md', 'markdown'],
    ['H7', 'H7-qingshi-long-paragraph-100K.txt', 'text'],
  ] as const) {
    it(`${id}: ${name} is checked in seconds`, () => {
      const r = check(file(name), format);
      expect(r.ms).toBeLessThan(QUICK_MS);
      // No rule may have been stopped by its time budget: the paths are linear, not merely cut off.
      expect(r.messages.filter((m) => m.includes('已停止'))).toEqual([]);
    });
  }

  it('C6: one line of megabytes (dates, commas, URLs) is checked, not a stack overflow', () => {
    const line = '各地区,各部门 2025年4月8日 http://x.y/z '.repeat(60000);
    const r = check(new TextEncoder().encode(line), 'text');
    expect(r.ms).toBeLessThan(QUICK_MS * 2);
  });

  it('O4: a run of 300,000 full-width digits gives one finding whose message quotes the run by its ends only', () => {
    const run = '１２３４５６７８９０'.repeat(30_000);
    const doc = readDocument(new TextEncoder().encode(`共${run}项。`), 'text');
    const [d] = checker.check(doc).diagnostics.filter((x) => x.ruleId === 'number/full-width-digit');
    expect(d?.range).toEqual([1, 1 + run.length]);
    expect(d?.message).toBe(
      `应使用半角数字“${'1234567890'.repeat(4)}…1234567890”，不用全角“${'１２３４５６７８９０'.repeat(4)}…１２３４５６７８９０”`,
    );
    // The paragraph is too long to check again: the fix is a suggestion, which holds the whole text, named by its ends.
    expect(d?.fix).toBeUndefined();
    expect(d?.suggestions?.[0]?.fix.text).toBe('1234567890'.repeat(30_000));
    expect(d?.suggestions?.[0]?.message).toBe(
      `改为“${'1234567890'.repeat(4)}…1234567890”（未自动修正：段落过长，未能复核修改）`,
    );
  });

  it('O3: one line of 300,000 “ gives at most 500 findings per rule and one that counts the rest', () => {
    const r = check(new TextEncoder().encode('“'.repeat(300000)), 'text');
    const counts = new Map<string, number>();
    for (const id of r.ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    for (const n of counts.values()) expect(n).toBeLessThanOrEqual(501);
    expect(r.messages.some((m) => /^另有 \d+ 处同类问题/.test(m))).toBe(true);
    expect(r.messages.filter((m) => m.includes('已停止'))).toEqual([]);
  });
});

describe('generated hostile inputs: linear time', () => {
  it('8 MB of straight quotes on one line are checked within a 64 MB heap', () => {
    // Each quote was kept in two plain arrays and the text outside them added to one string a quote at a time: some
    // 50 bytes of memory for each byte of such a line (403 MB for these 8 MB, past V8's heap near the input limit).
    const script = `import { Checker, readDocument } from '@gongwen/core';
const doc = readDocument(new TextEncoder().encode('"'.repeat(8 * 1024 * 1024)), 'text');
const d = new Checker().check(doc).diagnostics.filter((x) => x.ruleId === 'punct/straight-quotes');
process.stdout.write(String(d.length));`;
    const r = spawnSync(process.execPath, ['--max-old-space-size=64', '--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(r.stderr).not.toMatch(/heap out of memory/);
    expect([r.status, r.stdout]).toEqual([0, '0']);
  });

  it('thousands of underlined (setext) headings in Markdown are read as plain text with a notice, in seconds', () => {
    // Found by the fuzz suite: each setext heading made the parser copy its whole event list (40 KB took 16 s).
    const r = check(new TextEncoder().encode('---\n一\n'.repeat(6700)), 'markdown');
    expect(r.ids).toContain('gongwen/markdown-plain');
    expect(r.ms).toBeLessThan(QUICK_MS);
  });

  it('a few underlined headings are still headings', () => {
    const doc = readDocument(new TextEncoder().encode('关于开展检查的通知\n===\n\n正文。\n'), 'markdown');
    expect(doc.notices ?? []).toEqual([]);
    expect(doc.text.startsWith('关于开展检查的通知')).toBe(true);
  });
});

describe.skipIf(skip)('hostile inputs: writes that lose nothing', () => {
  it('D1: --fix on GBK text changes only the fixed span (0x80, A6 D9, FE 59 stay as they were)', () => {
    for (const name of ['euro-0x80.txt', 'a6d9.txt', 'fe59.txt']) {
      const bytes = file(`D1-gbk-roundtrip/${name}`);
      const doc = readText(bytes);
      expect(doc.encoding?.encoding).toBe('gb18030');
      expect(Buffer.from(encodeSource(doc.source!, doc.encoding))).toEqual(Buffer.from(bytes));
      const comma = bytes.indexOf(0x2c);
      const fixed = encodeSource(doc.source!.replace(',', '，'), doc.encoding);
      const expected = Buffer.concat([bytes.subarray(0, comma), Buffer.from([0xa3, 0xac]), bytes.subarray(comma + 1)]);
      expect(Buffer.from(fixed)).toEqual(expected);
    }
  });
});

describe('rule time budget', () => {
  const rule = (id: string, create: Rule['create']): Rule => ({
    meta: { id, level: 'warning', kind: 'code', description: id, message: id, examples: { bad: [], good: [] } },
    create,
  });
  it('stops a rule that runs past its budget, names it once, and still runs the others', () => {
    const slow = rule('test/slow', (ctx) => {
      for (;;) {
        const t = performance.now();
        while (performance.now() - t < 5);
        ctx.report({ range: [0, 1] });
      }
    });
    const fast = rule('test/fast', (ctx) => ctx.report({ range: [1, 2] }));
    const { registry, config, profile } = checker;
    const t0 = performance.now();
    const { diagnostics } = lint(textDocument('一二三'), {
      registry,
      config,
      profile,
      rules: [slow, fast],
      ruleBudgetMs: 50,
    });
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(diagnostics.filter((d) => d.ruleId === 'test/slow' && d.message.includes('已停止'))).toHaveLength(1);
    expect(diagnostics.filter((d) => d.ruleId === 'test/fast')).toHaveLength(1);
  });
});
