import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { Checker, normalizeLineBreaks, readDocument, type Diagnostic } from '@gongwen/core';
import { IncrementalChecker, documentOf, type TextFormat } from '@gongwen/lsp';
import { REPO } from './client.js';

const SHARED = join(REPO, '..', 'shared', 'corpora', 'gov-texts');
const key = (ds: Diagnostic[]) => JSON.stringify(ds);

function filesUnder(dir: string, re: RegExp): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p, re));
    else if (re.test(e)) out.push(p);
  }
  return out.sort();
}

/** Deterministic pseudo-random edits (a small LCG keeps the test reproducible). */
function* edits(text: string, n: number, seed = 7): Generator<string> {
  const pieces = [',', '。', '国办发[2024]5号', '\n', '', '各部门:', '“', '……', '1.', '（一）', ' '];
  let s = seed;
  const rnd = (m: number) => (s = (s * 1103515245 + 12345) & 0x7fffffff) % m;
  let t = text;
  for (let i = 0; i < n; i++) {
    const at = rnd(t.length + 1);
    const del = rnd(4) === 0 ? rnd(6) : 0;
    t = t.slice(0, at) + pieces[rnd(pieces.length)]! + t.slice(at + del);
    yield t;
  }
}

describe('per-line cache gives exactly the full check', () => {
  const checker = new Checker();
  const same = (source: string, format: TextFormat, ic: IncrementalChecker) =>
    expect(key(ic.check(source, format).diagnostics)).toBe(key(checker.check(documentOf(source, format)).diagnostics));

  it('on the bundled samples and fixtures, then after random edits (200 per sample, 30 per fixture)', () => {
    const files = [...filesUnder(join(REPO, 'corpora'), /\.(txt|md)$/)];
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) {
      const format: TextFormat = f.endsWith('.md') ? 'markdown' : 'text';
      const source = readDocument(readFileSync(f), format).source!;
      const ic = new IncrementalChecker(checker);
      same(source, format, ic);
      // One fixture per rule makes about a hundred files: fewer edits each keeps the test's time flat as rules are added.
      for (const t of edits(source, f.includes(`${sep}samples${sep}`) ? 200 : 30)) {
        try {
          same(t, format, ic);
        } catch (e) {
          if ((e as Error).name === 'DocumentError') continue; // an edit broke the front matter: both sides refuse it
          throw e;
        }
      }
    }
  });

  it('on real government documents (shared corpus)', (ctx) => {
    if (!existsSync(SHARED)) {
      if (process.env.CI) throw new Error(`corpus missing: ${SHARED}`);
      ctx.skip();
    }
    const files = filesUnder(SHARED, /\.txt$/).slice(0, 120);
    const ic = new IncrementalChecker(checker);
    let findings = 0;
    for (const f of files) {
      const source = normalizeLineBreaks(readFileSync(f, 'utf8')).text;
      const full = checker.check(documentOf(source, 'text')).diagnostics;
      findings += full.length;
      expect(key(ic.check(source, 'text').diagnostics)).toBe(key(full));
    }
    expect(findings).toBeGreaterThan(0);
  });

  it('keeps no old version of the document alive through cached findings', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    // Near misses of a long fixed expression on every line: findings whose text is long enough to be kept as a view
    // of the string it was found in.
    const lines = Array.from({ length: 400 }, (_, i) =>
      `第${i}段，深入学习习近平新时代中国特色社会主意思想，坚持和加强党的全面领到。`.repeat(4),
    );
    const ic = new IncrementalChecker(checker);
    ic.check(lines.join('\n'), 'text');
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let v = 0; v < 600; v++) {
      lines[v % 400] += '的';
      ic.check(lines.join('\n'), 'text');
    }
    gc();
    // A version is 0.12 MB; each cached line pinning the version it was checked in would add about 60 MB.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(20 * 1048576);
  }, 60_000);

  it('re-checks only the edited line', () => {
    const source = Array.from({ length: 300 }, (_, i) => `第${i}段，各地区,各部门要认真落实。`).join('\n');
    const ic = new IncrementalChecker(checker);
    ic.check(source, 'text');
    ic.check(source.replace('第150段', '第150段,'), 'text');
    expect(ic.stats.misses).toBe(1);
    expect(ic.localRuleCount).toBeGreaterThan(0);
  });

  it('keeps a whole-document rule right when it reuses what it found on unchanged lines (typo/homophone)', () => {
    // The rule keeps each line's candidates between runs but counts them over the whole text: a second 跟据 on
    // another line makes it a term of the document, and replacing that one makes it a slip again.
    const lines = Array.from({ length: 60 }, (_, i) => `第${i}段，各地区各部门要认真落实有关规定。`);
    lines[10] = '请跟据有关规定办理。';
    // In a long text the word meant must appear somewhere too.
    lines[20] = '根据工作安排，现通知如下。';
    const ic = new IncrementalChecker(checker);
    const homophones = (t: string) => {
      same(t, 'text', ic);
      return ic.check(t, 'text').diagnostics.filter((d) => d.ruleId === 'typo/homophone').length;
    };
    expect(homophones(lines.join('\n'))).toBe(1);
    lines[40] = '再跟据情况调整。';
    expect(homophones(lines.join('\n'))).toBe(0);
    lines[40] = '再根据情况调整。';
    expect(homophones(lines.join('\n'))).toBe(1);
    lines[10] = '请根据有关规定办理。';
    expect(homophones(lines.join('\n'))).toBe(0);
  });

  it('pairs marks across lines afresh when it reuses what it found on unchanged lines (punct/paired-marks)', () => {
    // The rule keeps each line's marks between runs and pairs them across lines at every run: a title wrapped over
    // two lines, and a quotation over several paragraphs, are judged again when a line they depend on changes.
    const lines = Array.from({ length: 60 }, (_, i) => `第${i}段，各地区各部门要认真落实（有关）规定。`);
    lines[10] = '学习《关于印发〈某某规则〉的';
    lines[11] = '通知》精神。';
    lines[30] = '将第三条修改为：“制定规章，应当遵循立法原则。';
    lines[31] = '“规章不得设定减损公民权利的规范。”';
    const ic = new IncrementalChecker(checker);
    const paired = (t: string) => {
      same(t, 'text', ic);
      return ic
        .check(t, 'text')
        .diagnostics.filter((d) => d.ruleId === 'punct/paired-marks')
        .map((d) => d.message);
    };
    expect(paired(lines.join('\n'))).toEqual([]);
    lines[11] = '通知精神。';
    expect(paired(lines.join('\n'))).toEqual(['书名号“《”缺少与之配对的后半个标点']);
    lines[11] = '通知》精神。';
    lines[31] = '规章不得设定减损公民权利的规范。”';
    expect(paired(lines.join('\n'))).toEqual([]);
    lines[31] = '规章不得设定减损公民权利的规范。';
    expect(paired(lines.join('\n'))).toEqual(['引号““”缺少与之配对的后半个标点']);
    lines[5] = '第5段，各地区各部门要认真落实（有关规定。';
    expect(paired(lines.join('\n'))).toEqual(['括号“（”缺少与之配对的后半个标点', '引号““”缺少与之配对的后半个标点']);
  });
});
