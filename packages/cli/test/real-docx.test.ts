// Real Word files sent by other offices (../shared/corpora/docx/real: .doc converted by LibreOffice the way the CLI
// does, and .docx from Word and WPS) and the third-party templates beside them. Every finding at warning or error on
// them, of any rule, has been judged by reading the file's XML; real-docx-verdicts.json keeps the verdicts,
// keyed by the file's SHA-256 (first 12 hex digits), the rule, the paragraph:character and the kind of problem, so
// no document text enters the project. The corpus sits beside the project in CI; elsewhere the suite skips when it is
// absent, and the .doc files are left out when LibreOffice is not installed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Checker, readDocument, type Diagnostic, type GovDocument } from '@gongwen/core';
import { repoRoot } from './helpers.js';
import { findingKey, lostTrue, problemOf, tally, type Verdicts } from './verdicts.js';

const corpus = join(repoRoot, '../shared/corpora/docx');
const real = join(corpus, 'real');
const skip = !process.env.CI && !existsSync(real);
if (skip) console.warn(`real docx suite skipped: ${real} is absent`);
const soffice = spawnSync('sh', ['-c', 'command -v soffice']).status === 0;
if (!soffice && process.env.CI) throw new Error('LibreOffice (soffice) must be installed in CI');

const verdicts = JSON.parse(
  readFileSync(join(repoRoot, 'packages/cli/test/real-docx-verdicts.json'), 'utf8'),
) as Verdicts;

interface Finding {
  key: string;
  rule: string;
  severity: string;
  message: string;
  block: number;
}

function findings(doc: GovDocument, diagnostics: Diagnostic[]): Finding[] {
  const out: Finding[] = [];
  for (const d of diagnostics) {
    if (d.severity !== 'warning' && d.severity !== 'error') continue;
    const block = doc.blocks.findIndex((b) => b.range[0] <= d.range[0] && d.range[0] <= b.range[1]);
    out.push({
      key: findingKey(doc.text, d),
      rule: d.ruleId,
      severity: d.severity,
      message: d.message,
      block,
    });
  }
  return out;
}

/** All .doc files converted in one LibreOffice run, with the arguments the CLI's legacy path uses. */
function convertAll(files: string[], dir: string): Map<string, string> {
  const out = join(dir, 'out');
  if (files.length) {
    const args = [
      '--headless',
      '--norestore',
      '--nologo',
      `-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`,
      '--convert-to',
      'docx',
      '--outdir',
      out,
      ...files,
    ];
    spawnSync('soffice', args, { timeout: 600_000, stdio: 'ignore' });
  }
  return new Map(files.map((f) => [f, join(out, basename(f).replace(/\.doc$/i, '.docx'))]));
}

describe.skipIf(skip)('real Word files: judged findings at warning and error', () => {
  const files: string[] = [];
  const results: Array<{ file: string; hash: string; found: Finding[] }> = [];
  let tmp = '';
  beforeAll(() => {
    for (const f of readdirSync(real).sort())
      if (/\.docx?$/i.test(f) && (soffice || !/\.doc$/i.test(f))) files.push(join(real, f));
    for (const d of readdirSync(corpus).sort()) {
      if (d === 'real' || !statSync(join(corpus, d)).isDirectory()) continue;
      for (const f of readdirSync(join(corpus, d)).sort()) if (/\.docx$/i.test(f)) files.push(join(corpus, d, f));
    }
    tmp = mkdtempSync(join(tmpdir(), 'gongwen-real-'));
    const converted = convertAll(
      files.filter((f) => /\.doc$/i.test(f)),
      tmp,
    );
    const checker = new Checker();
    for (const f of files) {
      const source = readFileSync(f);
      const hash = createHash('sha256').update(source).digest('hex').slice(0, 12);
      const docx = converted.get(f);
      if (docx && !existsSync(docx)) throw new Error(`LibreOffice did not convert ${basename(f)}`);
      const doc = readDocument(docx ? readFileSync(docx) : source, 'docx');
      results.push({ file: basename(f), hash, found: findings(doc, checker.check(doc).diagnostics) });
    }
  }, 900_000);
  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('reads every file', () => {
    expect(results.length).toBeGreaterThanOrEqual(soffice ? 40 : 28);
  });

  it('at least 95% of the warning and error findings are judged true, and every finding is judged', () => {
    const { unjudged, right, total } = tally(results, verdicts);
    expect(unjudged, 'findings nobody has judged yet: read the XML and add them to real-docx-verdicts.json').toEqual(
      [],
    );
    expect(right / total, `${right} of ${total} true`).toBeGreaterThanOrEqual(0.95);
  });

  it('still reports every finding judged true', () => {
    expect(lostTrue(results, verdicts)).toEqual([]);
  });

  it('never contradicts itself and says each problem of an element once', () => {
    const bad: string[] = [];
    for (const r of results) {
      const seen = new Set<string>();
      for (const f of r.found) {
        // “应居左（当前居左）”, “应使用宋体（当前为“宋体”）”: the message names the wanted state as the current one.
        const m = /应(?:为|使用|居)?([^（，；]{1,12})（当前(?:为)?“?([^”）]+)”?）/.exec(f.message);
        const [want, now] = m ? [m[1]!.replace(/^居/, ''), m[2]!.replace(/^居/, '')] : ['', '-'];
        if (want === now || now.startsWith(`${want};`)) bad.push(`${r.file} ${f.key}: ${f.message}`);
        // A layout or element problem is one per element; a mark (a half-width comma) may be wrong many times in it.
        if (!/^(layout|element)\//.test(f.rule)) continue;
        const once = `${f.rule}|${f.block}|${problemOf(f.message)}`;
        if (seen.has(once)) bad.push(`${r.file} ${f.key}: repeated`);
        seen.add(once);
      }
    }
    expect(bad).toEqual([]);
  });
});
