import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DocumentError, formatJson } from '@gongwen/core';
import { Gongwen, LLM_ENV, contextHash, displayPath, lintFiles, lintText, resolveLlmSettings } from '@gongwen/node';

const BIN = fileURLToPath(new URL('../../cli/bin/gongwen.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'gongwen-node-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BAD = '关于做好防汛工作的通知\n\n各区人民政府:\n　　根据国办发[2024]5号文件精神，现将有关事项通知如下。\n';

function cli(args: string[], input?: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

function folder(name: string): string {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  return d;
}

describe('lintFiles', () => {
  it('yields every file in path order, failing ones with their error code, and goes on after them', async () => {
    const d = folder('batch');
    writeFileSync(join(d, 'a.txt'), BAD);
    writeFileSync(join(d, 'b.doc'), 'not really a Word file');
    writeFileSync(join(d, 'c.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 0, 0]));
    writeFileSync(join(d, 'd.md'), '# 标题\n\n甲,乙。\n');
    const results = await collect(lintFiles([d], { cwd: dir, convertLegacy: null }));
    expect(results.map((r) => displayPath(r.path, d))).toEqual(['a.txt', 'b.doc', 'c.txt', 'd.md']);
    expect(results.map((r) => r.error?.code ?? null)).toEqual([null, 'legacy-format', 'binary-file', null]);
    expect(results[0]!.diagnostics.map((d) => d.ruleId)).toContain('punct/half-width');
    expect(results[3]!.diagnostics.map((d) => d.ruleId)).toContain('punct/half-width');
  });

  it('gives each result as soon as it is ready, before later files are read', async () => {
    const d = folder('stream');
    writeFileSync(join(d, 'a.txt'), BAD);
    writeFileSync(join(d, 'b.doc'), 'x');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let converted = false;
    // The second file's conversion waits until the first result has been received by the caller.
    const convertLegacy = async () => {
      await gate;
      converted = true;
      throw new DocumentError('legacy-convert-failed', 'LibreOffice could not convert the file');
    };
    const it = new Gongwen({ cwd: dir, convertLegacy }).lintFiles([d]);
    const first = await it.next();
    expect(first.value).toMatchObject({ error: null });
    expect(converted).toBe(false);
    release();
    const second = await it.next();
    expect(second.value).toMatchObject({ error: { code: 'legacy-convert-failed' } });
    expect((await it.next()).done).toBe(true);
  });

  it('with concurrency, that many files are read at once and the results still come in path order', async () => {
    const d = folder('parallel');
    const delay: Record<string, number> = { a: 120, b: 80, c: 40, d: 10 };
    for (const n of Object.keys(delay)) writeFileSync(join(d, `${n}.doc`), n);
    let inFlight = 0;
    let peak = 0;
    // Later files finish first.
    const convertLegacy = async (path: string): Promise<Uint8Array> => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, delay[basename(path, '.doc')]));
      inFlight--;
      throw new DocumentError('legacy-convert-failed', basename(path));
    };
    const results = await collect(new Gongwen({ cwd: dir, convertLegacy }).lintFiles([d], { concurrency: 3 }));
    expect(results.map((r) => r.error?.message)).toEqual(['a.doc', 'b.doc', 'c.doc', 'd.doc']);
    expect(peak).toBe(3);
    peak = 0;
    await collect(new Gongwen({ cwd: dir, convertLegacy }).lintFiles([d]));
    expect(peak).toBe(1);
  });

  it('with workers, a run of many more files than fit in the first batches gives each file once, as in this thread', async () => {
    const d = folder('many-batches');
    // More batches than the ramp of the first ones (1, 2, 4, then 8 files) could ever count up to by doubling.
    for (let i = 0; i < 700; i++) writeFileSync(join(d, `${String(i).padStart(3, '0')}.txt`), `${BAD}${i}\n`);
    const g = new Gongwen({ cwd: dir });
    const seen = (rs: Awaited<ReturnType<typeof collect>>) =>
      rs.map((r) => [basename(r.path), r.diagnostics.map((x) => [x.ruleId, x.range])]);
    const pooled = seen(await collect(g.lintFiles([d], { concurrency: 2 })));
    expect(pooled).toHaveLength(700);
    expect(pooled).toEqual(seen(await collect(g.lintFiles([d]))));
  });

  it('with workers, files of several MB (each sent alone, read ahead only within a byte budget) give what this thread gives', async () => {
    const d = folder('large-files');
    for (let i = 0; i < 12; i++) {
      const big = i % 6 === 0 ? ' '.repeat(5 * 1024 * 1024) : '';
      writeFileSync(join(d, `${String(i).padStart(2, '0')}.txt`), `${BAD}${i}${big}\n${BAD}\n`);
    }
    const g = new Gongwen({ cwd: dir });
    const seen = (rs: Awaited<ReturnType<typeof collect>>) =>
      rs.map((r) => [basename(r.path), r.error, r.diagnostics.map((x) => [x.ruleId, x.range])]);
    const pooled = seen(await collect(g.lintFiles([d], { concurrency: 2 })));
    expect(pooled).toHaveLength(12);
    expect(pooled).toEqual(seen(await collect(g.lintFiles([d]))));
  }, 60_000);

  it('a file too large for a worker heap is checked again in a thread of its own, with the same findings', async () => {
    const d = folder('worker-heap');
    // About 24 MB of text: the worker runs out of a 40 MB old generation, and so does the other file it holds. In
    // 54,000 lines of 148 characters (a text of more than 100,000 lines is refused before it is checked).
    const line = `${BAD.replace(/\n/g, '').repeat(3)}\n`;
    writeFileSync(join(d, 'big.txt'), line.repeat(Math.ceil(8e6 / line.length)));
    for (const n of ['a', 'b', 'c']) writeFileSync(join(d, `${n}.txt`), `${BAD}${n}\n`);
    const g = new Gongwen({ cwd: dir });
    const pooled = await collect(g.lintFiles([d], { concurrency: 2, workerHeapMb: 40 }));
    const here = await collect(g.lintFiles([d]));
    expect(pooled.map((r) => r.error)).toEqual([null, null, null, null]);
    const seen = (rs: typeof here) => rs.map((r) => [basename(r.path), r.diagnostics.map((x) => [x.ruleId, x.range])]);
    expect(seen(pooled)).toEqual(seen(here));
    expect(here.find((r) => r.path.endsWith('big.txt'))!.diagnostics.length).toBeGreaterThan(1000);

    // Past the limit of that thread too, the file fails alone and the run goes on, with a pool or without one (where a
    // file of 16 MB and more is checked in such a thread as well, not in the thread of the run).
    for (const options of [{ concurrency: 2, workerHeapMb: 40 }, {}]) {
      const out = await collect(g.lintFiles([d], { ...options, largeHeapMb: 24 }));
      expect(out.map((r) => [basename(r.path), r.error?.code ?? null])).toEqual([
        ['a.txt', null],
        ['b.txt', null],
        ['big.txt', 'out-of-memory'],
        ['c.txt', null],
      ]);
      expect(out.find((r) => r.path.endsWith('big.txt'))!.error!.message).toContain('内存超过上限（24 MB）');
      expect(out.filter((r) => !r.error).every((r) => r.diagnostics.length > 0)).toBe(true);
    }
  }, 180_000);

  it('a large text (standard input) is checked in a thread of its own: the same findings, or out-of-memory alone', async () => {
    // 8.4 million characters (16 MB at two bytes each): from there lintTextApart checks in a thread of its own.
    const line = `${BAD.replace(/\n/g, '').repeat(3)}\n`;
    const big = line.repeat(Math.ceil((8 * 1024 * 1024 + 1) / line.length));
    const g = new Gongwen({ cwd: dir });
    const apart = await g.lintTextApart(big, { filePath: 'in.txt' });
    const here = await g.lintText(big, { filePath: 'in.txt' });
    const seen = (r: { diagnostics: Array<{ ruleId: string; range: readonly number[] }> }) =>
      r.diagnostics.map((x) => [x.ruleId, x.range]);
    expect(apart.error).toBeNull();
    expect(seen(apart)).toEqual(seen(here));
    expect(apart.diagnostics.length).toBeGreaterThan(1000);
    const failed = await g.lintTextApart(big, { filePath: 'in.txt', largeHeapMb: 24 });
    expect([failed.format, failed.error?.code, failed.diagnostics]).toEqual(['text', 'out-of-memory', []]);
    // A small text is checked here, as lintText does.
    expect(seen(await g.lintTextApart(BAD, { largeHeapMb: 1 }))).toEqual(seen(await g.lintText(BAD)));
  }, 180_000);

  it('skips files a config ignores unless named, and applies the config found upward', async () => {
    const d = folder('configured');
    writeFileSync(join(d, '.gongwenrc.yaml'), 'rules:\n  punct/half-width: off\nignore:\n  - drafts/\n');
    mkdirSync(join(d, 'drafts'));
    writeFileSync(join(d, 'drafts', 'x.txt'), BAD);
    writeFileSync(join(d, 'a.txt'), BAD);
    const seen = await collect(new Gongwen({ cwd: d }).lintFiles(['.']));
    expect(seen.map((r) => displayPath(r.path, d))).toEqual(['a.txt']);
    expect(seen[0]!.diagnostics.map((x) => x.ruleId)).not.toContain('punct/half-width');
    const named = await collect(new Gongwen({ cwd: d }).lintFiles(['drafts/x.txt']));
    expect(named).toHaveLength(1);
    // --config wins over discovery, and overrides (--rule, editor settings) win over both.
    writeFileSync(join(dir, 'other.yaml'), 'rules:\n  punct/half-width: info\n');
    const explicit = await new Gongwen({ cwd: d, configFile: join(dir, 'other.yaml') }).lintFile('a.txt');
    expect(explicit.diagnostics.find((x) => x.ruleId === 'punct/half-width')?.severity).toBe('info');
    const over = await new Gongwen({
      cwd: d,
      overrides: { rules: { 'punct/half-width': { level: 'error' } }, terms: [], ignore: [] },
    }).lintFile('a.txt');
    expect(over.diagnostics.find((x) => x.ruleId === 'punct/half-width')?.severity).toBe('error');
  });

  it('a unit’s superseded documents in .gongwenrc.yaml reach element/superseded-basis', async () => {
    const d = folder('superseded');
    writeFileSync(
      join(d, '.gongwenrc.yaml'),
      'superseded:\n  - titles: [某某市公文管理办法]\n    until: 2020-01-01\n    successor: 《某某市公文处理规定》\n',
    );
    writeFileSync(
      join(d, 'a.txt'),
      '某某市人民政府关于规范公文的通知\n各区人民政府：\n依据《某某市公文管理办法》，现通知如下。\n某某市人民政府\n2024年3月5日\n',
    );
    const r = await new Gongwen({ cwd: d }).lintFile('a.txt');
    const hit = r.diagnostics.filter((x) => x.ruleId === 'element/superseded-basis');
    expect(hit.map((x) => x.message)).toEqual([expect.stringContaining('《某某市公文处理规定》')]);
  });

  it('the organization block of a config found upward names the relation for the 行文关系 rules', async () => {
    const d = folder('organization');
    const letter =
      '青川市教育局关于商请协助开展防溺水安全教育的函\n青川市第一中学：\n恳请贵校组织学生参加防溺水安全教育活动。\n特此函告。\n';
    writeFileSync(join(d, 'a.txt'), letter);
    const ids = async () =>
      (await new Gongwen({ cwd: d }).lintFile('a.txt')).diagnostics.map((x) => `${x.ruleId} ${x.severity}`);
    expect(await ids()).not.toContain('genre/address-term warning');
    writeFileSync(
      join(d, '.gongwenrc.yaml'),
      'organization:\n  name: 青川市教育局\n  superiors: [青川市人民政府]\n  subordinates: [青川市第一中学]\n',
    );
    expect(await ids()).toContain('genre/address-term warning');
    writeFileSync(join(d, '.gongwenrc.yaml'), 'organization:\n  parent: 青川市人民政府\n');
    await expect(new Gongwen({ cwd: d }).lintFile('a.txt')).rejects.toThrow(/organization\.parent/);
  });

  it('asks for the V8 flags of what the files mostly are (text or packages) before the first result, once', async () => {
    const d = folder('profile');
    writeFileSync(join(d, 'a.txt'), BAD);
    writeFileSync(join(d, 'b.txt'), BAD);
    writeFileSync(join(d, 'c.docx'), 'PK');
    const seen: Array<[string, number]> = [];
    let results = 0;
    const run = (patterns: string[]) =>
      collect(
        new Gongwen({ cwd: d }).lintFiles(patterns, {
          v8Flags: (p) => {
            seen.push([p, results]);
            return [];
          },
          concurrency: 1,
        }),
      ).then((r) => (results += r.length));
    await run(['.']);
    await run(['c.docx']);
    expect(seen).toEqual([
      ['text', 0],
      ['package', 3],
    ]);
  });

  it('a path that matches nothing is a usage error, not a result', async () => {
    const run = async () => {
      for await (const _ of lintFiles(['no-such-file.txt'], { cwd: dir })) void _;
    };
    await expect(run()).rejects.toMatchObject({ name: 'UsageError' });
  });
});

describe('the CLI and the API give the same answer', () => {
  it('lintText equals `gongwen check --stdin` for the same input', async () => {
    const text = '# 关于做好防汛工作的通知\n\n各区人民政府:\n\n根据国办发[2024]5号文件精神,现将有关事项通知如下。\n';
    const r = await lintText(text, { cwd: dir, filePath: 'draft.md' });
    const viaCli = cli(['check', '--stdin', '--stdin-filename', 'draft.md', '--format', 'json'], text);
    expect(viaCli.code).toBe(1);
    expect(r.diagnostics.length).toBeGreaterThan(1);
    expect(formatJson([r])).toBe(viaCli.stdout.trimEnd());
  });

  it('lintFiles with fix equals `gongwen check --fix-dry-run` for a file', async () => {
    const d = folder('same');
    writeFileSync(join(d, 'a.txt'), BAD);
    const [r] = await collect(new Gongwen({ cwd: d }).lintFiles(['a.txt'], { fix: true }));
    const viaCli = JSON.parse(cli(['check', '--fix-dry-run', '--format', 'json', join('same', 'a.txt')]).stdout);
    expect(viaCli.files[0].output).toBe(r!.output);
    expect(r!.output).not.toBe(BAD);
    const ours = JSON.parse(formatJson([{ ...r!, path: viaCli.files[0].path }]));
    expect(ours.files[0].diagnostics).toEqual(viaCli.files[0].diagnostics);
    expect(readFileSync(join(d, 'a.txt'), 'utf8')).toBe(BAD);
  });

  it('fixText leaves an ignored occurrence alone, as the editor and the CLI do', async () => {
    const d = folder('ignored');
    const text = '甲,乙。\n丙,丁。\n';
    const at = text.indexOf(',', 4);
    mkdirSync(join(d, '.gongwen'));
    const hash = contextHash('punct/half-width', text, [at, at + 1]);
    writeFileSync(
      join(d, '.gongwen', 'ignores.json'),
      JSON.stringify({ version: 1, ignores: [{ rule: 'punct/half-width', hash }] }),
    );
    const r = await new Gongwen({ cwd: d }).fixText(text, { filePath: 'a.txt' });
    expect(r.output).toBe('甲，乙。\n丙,丁。\n');
    expect(r.diagnostics.filter((x) => x.ruleId === 'punct/half-width')).toEqual([]);
  });
});

describe('AI endpoint settings, resolved in one place', () => {
  const config = {
    rules: {},
    terms: [],
    ignore: [],
    llm: { baseURL: 'http://cfg.example/v1', model: 'cfg-model', timeoutMs: 30000, cacheDir: 'cache' },
  };

  it('flags, then GONGWEN_LLM_*, then the config, then OPENAI_*', () => {
    const env = {
      [LLM_ENV.baseURL]: 'http://env.example/v1',
      [LLM_ENV.model]: 'env-model',
      OPENAI_API_KEY: 'sk-openai',
      HOME: dir,
    };
    expect(resolveLlmSettings(config, '/p', env)).toMatchObject({
      baseURL: 'http://env.example/v1',
      model: 'env-model',
      apiKey: 'sk-openai',
    });
    const flags = { llmBaseUrl: 'http://flag.example/v1', llmModel: 'flag-model' };
    expect(resolveLlmSettings(config, '/p', env, flags)).toMatchObject({
      baseURL: 'http://flag.example/v1',
      model: 'flag-model',
    });
    const openai = resolveLlmSettings(config, '/p', { OPENAI_BASE_URL: 'http://openai.example/v1' });
    expect(openai).toMatchObject({ baseURL: 'http://cfg.example/v1', model: 'cfg-model' });
    const noConfig = { rules: {}, terms: [], ignore: [] };
    expect(
      resolveLlmSettings(noConfig, '/p', { OPENAI_BASE_URL: 'http://openai.example/v1', [LLM_ENV.model]: 'm' }).baseURL,
    ).toBe('http://openai.example/v1');
    expect(() => resolveLlmSettings(noConfig, '/p', {})).toThrow(/GONGWEN_LLM_BASE_URL/);
    expect(() => resolveLlmSettings(noConfig, '/p', { [LLM_ENV.baseURL]: 'ftp://x', [LLM_ENV.model]: 'm' })).toThrow(
      /http/,
    );
  });

  it('GONGWEN_LLM_TIMEOUT_MS and GONGWEN_LLM_CACHE_DIR override the config; the cache folder is relative to the config', () => {
    expect(resolveLlmSettings(config, '/p', { [LLM_ENV.timeoutMs]: '200' }).timeoutMs).toBe(200);
    expect(resolveLlmSettings(config, '/p', {}).timeoutMs).toBe(30000);
    expect(resolveLlmSettings(config, '/p', {}).cacheDir).toBe(join('/p', 'cache'));
    expect(resolveLlmSettings(config, '/p', { [LLM_ENV.cacheDir]: '/c' }).cacheDir).toBe('/c');
    const noCacheDir = { ...config, llm: { ...config.llm, cacheDir: undefined } };
    expect(resolveLlmSettings(noCacheDir, '/p', { XDG_CACHE_HOME: '/x' }).cacheDir).toBe(join('/x', 'gongwen', 'llm'));
    expect(resolveLlmSettings(config, '/p', { [LLM_ENV.retryBaseMs]: '5' }).retryBaseMs).toBe(5);
  });

  it("the instance reads its own environment, not the process's", () => {
    const g = new Gongwen({
      cwd: dir,
      env: { [LLM_ENV.baseURL]: 'http://127.0.0.1:9/v1', [LLM_ENV.model]: 'm', [LLM_ENV.timeoutMs]: '1234' },
    });
    const options = g.llm.options({ rules: {}, terms: [], ignore: [] }, dir);
    expect(options).toMatchObject({ timeoutMs: 1234 });
    expect(options.backend.model).toBe('m');
  });
});
