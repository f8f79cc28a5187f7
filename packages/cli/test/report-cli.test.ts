import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gongwen, repoRoot, tempDir } from './helpers.js';

const GOV = join(repoRoot, '../shared/corpora/gov-texts');
const haveGov = existsSync(GOV);
if (!haveGov && process.env.CI) throw new Error(`corpus missing: ${GOV}`);
if (!haveGov) console.warn(`shard test over gov-texts skipped: ${GOV} not found`);
const CHROMIUM = process.env.GONGWEN_CHROMIUM ?? '/usr/bin/chromium';

let t: ReturnType<typeof tempDir>;
beforeAll(() => {
  t = tempDir('gongwen-report-');
});
afterAll(() => t.done());

const json = (s: string) => JSON.parse(s);
/** A report without what may differ between runs of the same files (none today; timing would go here). */
// `sameAs` names an earlier file with the same content in the same run: a shard sees only its own files.
const comparable = (report: Record<string, unknown>) => {
  const { summary, files, ...rest } = report as {
    summary: Record<string, unknown>;
    files?: Array<Record<string, unknown>>;
  };
  const { durationMs: _d, ...counts } = summary ?? {};
  const plain = files?.map(({ sameAs: _s, ...f }) => f);
  return { ...rest, ...(plain ? { files: plain } : {}), summary: counts };
};

describe('baselines', () => {
  it('report only findings that are new; lines moving and edits elsewhere keep the old ones baselined', () => {
    const d = join(t.dir, 'base');
    mkdirSync(d, { recursive: true });
    const a = '关于做好年度工作的通知\n\n各单位:\n    现将有关事项通知如下,请认真贯彻落实.\n';
    writeFileSync(join(d, 'a.txt'), a);
    writeFileSync(join(d, 'b.txt'), '各部门：\n    计划于2020-2021年完成。\n');
    const first = gongwen(['check', '--format', 'json', '-o', 'base.json', 'base'], { cwd: t.dir });
    expect(first.code).toBe(1);
    const old = json(readFileSync(join(t.dir, 'base.json'), 'utf8'));
    const oldCount = old.summary.errors + old.summary.warnings + old.summary.infos;
    expect(oldCount).toBeGreaterThan(2);

    // Unchanged: nothing new, exit 0 although the files still have errors.
    const same = gongwen(['check', '--baseline', 'base.json', '--format', 'json', 'base'], { cwd: t.dir });
    expect(same.code).toBe(0);
    expect(json(same.stdout).summary).toMatchObject({ errors: 0, warnings: 0, infos: 0, baselined: oldCount });

    // Paragraphs added above, and one new error in a new sentence.
    writeFileSync(join(d, 'a.txt'), a.replace('各单位:\n', '各单位:\n    新加的一段。\n\n    另有新句子,需要注意。\n'));
    const r = gongwen(['check', '--baseline', 'base.json', '--format', 'json', 'base'], { cwd: t.dir });
    expect(r.code).toBe(1);
    const now = json(r.stdout);
    const fresh = now.files.flatMap((f: { diagnostics: Array<{ excerpt: string }> }) => f.diagnostics);
    expect(fresh.length).toBe(1);
    expect(fresh[0].excerpt).toContain('另有新句子');
    expect(now.summary.baselined).toBe(oldCount);

    // The stylish summary says how many were left out; a warning-only change exits 0 under --max-warnings.
    const stylish = gongwen(['check', '--baseline', 'base.json', 'base'], { cwd: t.dir });
    expect(stylish.stdout).toMatch(new RegExp(`${oldCount} 个.*基线`));

    // A baseline written now has the new finding too.
    gongwen(['check', '--format', 'json', '-o', 'base2.json', 'base'], { cwd: t.dir });
    const again = gongwen(['check', '--baseline', 'base2.json', '--format', 'json', 'base'], { cwd: t.dir });
    expect(json(again.stdout).summary.baselined).toBe(oldCount + 1);
    expect(again.code).toBe(0);
  });

  it('refuses a missing or foreign baseline with exit 2', () => {
    writeFileSync(join(t.dir, 'foreign.json'), '{"runs": []}');
    const r = gongwen(['check', '--baseline', 'foreign.json', 'base'], { cwd: t.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/foreign\.json/);
    expect(gongwen(['check', '--baseline', 'missing.json', 'base'], { cwd: t.dir }).code).toBe(2);
  });
});

describe.skipIf(!haveGov)('shards and merge', () => {
  let dir: string;
  beforeAll(() => {
    dir = join(t.dir, 'archive');
    cpSync(GOV, join(dir, 'gov'), { recursive: true });
    // Beside the corpus: a file with errors, an unreadable one, and two with the same content.
    writeFileSync(join(dir, 'a-bad.txt'), '各地区,各部门要认真落实.\n');
    writeFileSync(join(dir, 'broken.docx'), 'not a zip');
    writeFileSync(join(dir, 'gov', 'copy-1.txt'), '各单位:\n    请落实.\n');
    writeFileSync(join(dir, 'z-copy-2.txt'), '各单位:\n    请落实.\n');
  });

  it('merged shard outputs equal the full run: same findings, same order, same summary', () => {
    const full = gongwen(['check', '--format', 'json', 'archive'], { cwd: t.dir });
    expect(full.code).toBe(1);
    const fullJson = json(full.stdout);
    expect(fullJson.files.length).toBeGreaterThan(600);
    const parts: string[] = [];
    const sizes: number[] = [];
    for (let i = 1; i <= 3; i++) {
      const out = `part-${i}.json`;
      const r = gongwen(['check', '--shard', `${i}/3`, '--format', 'json', '-o', out, 'archive'], { cwd: t.dir });
      expect([0, 1]).toContain(r.code);
      parts.push(out);
      sizes.push(json(readFileSync(join(t.dir, out), 'utf8')).files.length);
    }
    // Every file in exactly one shard, the shards roughly even.
    expect(sizes.reduce((a, b) => a + b)).toBe(fullJson.files.length);
    for (const n of sizes) expect(n).toBeGreaterThan(fullJson.files.length / 5);

    const merged = gongwen(['merge', ...parts, '--format', 'json'], { cwd: t.dir });
    expect(merged.code).toBe(full.code);
    expect(comparable(json(merged.stdout))).toEqual(comparable(fullJson));

    // SARIF too.
    // (SARIF is written to files: it is larger than a child's output buffer.)
    gongwen(['check', '--format', 'sarif', '-o', 'full.sarif', 'archive'], { cwd: t.dir });
    expect(gongwen(['merge', ...parts, '--format', 'sarif', '-o', 'merged.sarif'], { cwd: t.dir }).code).toBe(1);
    const read = (f: string) => json(readFileSync(join(t.dir, f), 'utf8'));
    expect(read('merged.sarif')).toEqual(read('full.sarif'));
    // HTML from the merged shards, rendered.
    const html = gongwen(['merge', ...parts, '--format', 'html', '-o', 'merged.html'], { cwd: t.dir });
    expect(html.code).toBe(1);
    if (existsSync(CHROMIUM)) {
      const r = spawnSync(
        CHROMIUM,
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          `--user-data-dir=${join(t.dir, 'chromium')}`,
          '--dump-dom',
          pathToFileURL(join(t.dir, 'merged.html')).href,
        ],
        { encoding: 'utf8', timeout: 120_000, maxBuffer: 256 * 1024 * 1024 },
      );
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('data-ready="1"');
      const s = fullJson.summary;
      expect(r.stdout).toContain(`共 ${s.errors + s.warnings + s.infos} 个问题`);
      expect(r.stdout).toContain('broken.docx');
    }
  }, 300_000);

  it('refuses a file in two inputs, and bad --shard values', () => {
    const r = gongwen(['merge', 'part-1.json', 'part-1.json'], { cwd: t.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/同时出现在/);
    for (const bad of ['0/3', '4/3', '1/0', 'x'])
      expect(gongwen(['check', '--shard', bad, 'archive'], { cwd: t.dir }).code).toBe(2);
    expect(gongwen(['merge'], { cwd: t.dir }).code).toBe(2);
  });

  it('a shard with no files writes an empty, valid report and exits 0', () => {
    const one = join(t.dir, 'one');
    mkdirSync(one, { recursive: true });
    writeFileSync(join(one, 'a.txt'), '各地区,各部门要认真落实.\n');
    const codes = [1, 2, 3, 4, 5].map((i) => {
      const r = gongwen(['check', '--shard', `${i}/5`, '--format', 'json', 'one'], { cwd: t.dir });
      const files = json(r.stdout).files.length;
      return [r.code, files];
    });
    expect(codes.filter(([, n]) => n === 1)).toEqual([[1, 1]]);
    expect(codes.filter(([, n]) => n === 0).every(([c]) => c === 0)).toBe(true);
  });
});

describe('html', () => {
  it('check --format html -o writes one page with every finding', () => {
    const r = gongwen(['check', '--format', 'html', '-o', 'r.html', 'base'], { cwd: t.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const page = readFileSync(join(t.dir, 'r.html'), 'utf8');
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    const report = json(gongwen(['check', '--format', 'json', 'base'], { cwd: t.dir }).stdout);
    const n = report.files.reduce((a: number, f: { diagnostics: unknown[] }) => a + f.diagnostics.length, 0);
    expect(page.match(/<li class="f /g)!.length).toBe(n);
  });
});
