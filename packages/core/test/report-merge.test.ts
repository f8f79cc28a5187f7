import { describe, expect, it } from 'vitest';
import {
  Baseline,
  Checker,
  comparePaths,
  formatJson,
  formatStylishFiles,
  JsonReport,
  mergeReports,
  parseShard,
  readReport,
  reportFile,
  ReportFormatError,
  selectDiagnostics,
  summarize,
  textDocument,
  type FileResult,
} from '@gongwen/core';

const checker = new Checker();
function result(path: string, text: string): FileResult {
  const document = textDocument(text);
  return { path, format: 'text', error: null, document, diagnostics: checker.check(document).diagnostics };
}
const A = result('a/一.txt', '各单位:\n    请认真贯彻落实.\n');
const B = result('a-b.txt', '各部门:\n    计划于2020-2021年完成.\n');

describe('reading outputs back', () => {
  it('reads json and jsonl outputs into the same files', () => {
    const json = formatJson([A, B]);
    const fromJson = readReport(json, 'x.json');
    expect(fromJson.complete).toBe(true);
    expect(fromJson.files).toEqual(JSON.parse(json).files);
    const jsonl = `${JSON.parse(json)
      .files.map((f: unknown) => JSON.stringify(f))
      .join('\n')}\n${JSON.stringify({ summary: JSON.parse(json).summary })}\n`;
    expect(readReport(jsonl, 'x.jsonl')).toEqual(fromJson);
    // Additive fields of a file (a copy of an earlier file) are kept.
    const copy = `{"type":"file","path":"b.txt","error":null,"diagnostics":[],"sameAs":"a.txt"}\n`;
    expect(readReport(copy, 'c.jsonl').files[0]).toMatchObject({ path: 'b.txt', sameAs: 'a.txt' });
    // Cut short: no summary line.
    expect(readReport(jsonl.split('\n')[0]!, 'x.jsonl').complete).toBe(false);
  });

  it('refuses what is not an output of check, saying where', () => {
    expect(() =>
      readReport('{"type":"file","path":"a.txt","error":null,"diagnostics":[]}\n{"b": [', 'bad.jsonl'),
    ).toThrow(/bad\.jsonl:2/);
    expect(() => readReport('{\n  "version": 2,\n  "files": []\n}', 'v2.json')).toThrow(ReportFormatError);
    expect(() => readReport('', 'e.json')).toThrow(/为空/);
    expect(() => readReport('{"runs": []}', 'x.sarif')).toThrow(/x\.sarif:1/);
  });

  it('merges in folder-walk order and refuses a file in two inputs', () => {
    const r1 = readReport(formatJson([B]));
    const r2 = readReport(formatJson([A]));
    const merged = mergeReports([
      { name: '1.json', report: r1 },
      { name: '2.json', report: r2 },
    ]);
    // A folder's files come before a file whose name extends the folder's ("a/…" before "a-b.txt").
    expect(merged.files.map((f) => f.path)).toEqual(['a/一.txt', 'a-b.txt']);
    expect(() =>
      mergeReports([
        { name: '1.json', report: r1 },
        { name: '3.json', report: r1 },
      ]),
    ).toThrow(/a-b\.txt.*1\.json.*3\.json/);
    expect(['b/c', 'a-b', 'a/z', 'a/b/c', 'a'].sort(comparePaths)).toEqual(['a', 'a/b/c', 'a/z', 'a-b', 'b/c']);
  });

  it('stylish output of read-back files underlines the span in the excerpt', () => {
    const out = formatStylishFiles(readReport(formatJson([A])).files);
    const lines = out.split('\n');
    const i = lines.findIndex((l) => l.trim() === '各单位:');
    expect(lines[i + 1]!.indexOf('^')).toBe(lines[i]!.indexOf('各') + 6);
    expect(out).toMatch(/检查了 1 个文件，发现 2 个问题/);
  });
});

describe('baselines', () => {
  it('leave out the findings the baseline has, keeping the fingerprints of the whole list', () => {
    const twice = result('t.txt', '各单位:\n    请落实,谢谢.\n    请落实,谢谢.\n');
    const old = result('t.txt', '各单位:\n    请落实,谢谢.\n');
    const base = new Baseline(readReport(formatJson([old])).files);
    const { result: left, dropped } = selectDiagnostics(twice, (_d, fp) => !base.has('t.txt', fp));
    expect(dropped).toBe(base.size);
    const shown = JSON.parse(formatJson([left])).files[0].diagnostics;
    // The repeated sentence's findings are new, and keep their repeat count.
    expect(shown.length).toBe(twice.diagnostics.length - base.size);
    expect(shown.every((d: { fingerprint: string }) => d.fingerprint.endsWith(':1'))).toBe(true);
    // Another path is another file.
    expect(base.has('other.txt', shown[0].fingerprint.replace(/:1$/, ':0'))).toBe(false);
  });

  it('refuse an output without fingerprints', () => {
    const json = JSON.parse(formatJson([A]));
    for (const d of json.files[0].diagnostics) delete d.fingerprint;
    expect(() => new Baseline(readReport(JSON.stringify(json)).files, 'old.json')).toThrow(/old\.json.*fingerprint/);
  });
});

describe('shards', () => {
  it('parses i/n, 1-based', () => {
    expect(parseShard('1/3')).toEqual({ index: 1, count: 3 });
    expect(parseShard(' 3 / 3 ')).toEqual({ index: 3, count: 3 });
    for (const bad of ['0/3', '4/3', '1/0', 'a/b', '1', '-1/2', '1.5/3']) expect(parseShard(bad)).toBeUndefined();
  });
});

describe('JsonReport in parts', () => {
  it('fileAround + fileBody is byte for byte what file() writes, with and without sameAs, first or later', () => {
    const E: FileResult = {
      path: 'e.docx',
      format: 'docx',
      error: { code: 'corrupt-zip', message: '损坏' },
      diagnostics: [],
    };
    const files = [A, { ...B, sameAs: 'a/一.txt' }, E, { ...A, path: 'x "引号".txt' }].map(reportFile);
    const whole = new JsonReport();
    const parts = new JsonReport();
    let a = whole.start();
    let b = parts.start();
    for (const f of files) {
      a += whole.file(f);
      const [before, after] = parts.fileAround(f.path, f.sameAs);
      // The body is made from the file under another path: it holds none of it.
      b += before + parts.fileBody({ ...f, path: 'elsewhere' }) + after;
    }
    const summary = summarize(files);
    expect(b + parts.end(summary)).toBe(a + whole.end(summary));
    expect(JSON.parse(a + whole.end(summary)).files).toHaveLength(4);
  });
});
