import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { displayWidth } from '@gongwen/core';
import { gongwen, repoRoot, tempDir } from './helpers.js';

const require = createRequire(import.meta.url);
const BAD = '各地区,各部门要认真落实。\n';
const GOOD = '各地区，各部门要认真落实。\n';
let t: ReturnType<typeof tempDir>;

beforeAll(() => {
  t = tempDir();
  writeFileSync(join(t.dir, 'bad.txt'), BAD);
  writeFileSync(join(t.dir, 'good.txt'), GOOD);
});
afterAll(() => t.done());

describe('exit codes', () => {
  it('0 for a clean file, 1 for errors, 2 for usage problems', () => {
    expect(gongwen(['check', join(t.dir, 'good.txt')]).code).toBe(0);
    const bad = gongwen(['check', join(t.dir, 'bad.txt')]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('punct/half-width');
    const unknownOption = gongwen(['check', '--nope', join(t.dir, 'good.txt')]);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toMatch(/unknown option/);
    expect(gongwen(['check']).code).toBe(2);
    expect(gongwen(['check', '--format', 'xml', join(t.dir, 'good.txt')]).code).toBe(2);
  });

  it('2 with a one-line reason for a missing path', () => {
    const r = gongwen(['check', join(t.dir, 'missing.txt')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/找不到路径.*no such file/);
  });

  it('1 when warnings exceed --max-warnings, 0 when they do not', () => {
    expect(gongwen(['check', '--rule', 'punct/half-width=warning', join(t.dir, 'bad.txt')]).code).toBe(0);
    expect(
      gongwen(['check', '--rule', 'punct/half-width=warning', '--max-warnings', '0', join(t.dir, 'bad.txt')]).code,
    ).toBe(1);
    expect(
      gongwen(['check', '--rule', 'punct/half-width=warning', '--max-warnings', '1', join(t.dir, 'bad.txt')]).code,
    ).toBe(0);
    expect(gongwen(['check', '--max-warnings', 'many', join(t.dir, 'bad.txt')]).code).toBe(2);
  });

  it('--rule off and --quiet', () => {
    expect(gongwen(['check', '--rule', 'punct/half-width=off', join(t.dir, 'bad.txt')]).code).toBe(0);
    expect(gongwen(['check', '--rule', 'punct/*=off', join(t.dir, 'bad.txt')]).code).toBe(0);
    expect(gongwen(['check', '--rule', 'nope/rule=off', join(t.dir, 'bad.txt')]).code).toBe(2);
    expect(gongwen(['check', '--rule', 'punct/half-width', join(t.dir, 'bad.txt')]).code).toBe(2);
    const q = gongwen(['check', '--quiet', '--rule', 'punct/half-width=warning', join(t.dir, 'bad.txt')]);
    expect(q.stdout).not.toContain('punct/half-width');
  });
});

describe('bad input never crashes', () => {
  it('a binary file, an empty file, and a folder of mixed files', () => {
    const d = join(t.dir, 'mixed');
    mkdirSync(join(d, 'sub'), { recursive: true });
    writeFileSync(join(d, 'a.txt'), BAD);
    writeFileSync(join(d, 'sub', 'b.md'), '# 标题\n\n甲,乙。\n');
    writeFileSync(join(d, 'empty.txt'), '');
    writeFileSync(join(d, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]));
    writeFileSync(join(d, 'fake.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 0, 0]));
    const r = gongwen(['check', '--format', 'json', d]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.files.map((f: { path: string }) => f.path.replace(/\\/g, '/').split('/').slice(-2).join('/'))).toEqual([
      'mixed/a.txt',
      'mixed/empty.txt',
      'mixed/fake.txt',
      'sub/b.md',
    ]);
    const fake = json.files.find((f: { path: string }) => f.path.endsWith('fake.txt'));
    expect(fake.error.code).toBe('binary-file');
    expect(json.files.find((f: { path: string }) => f.path.endsWith('empty.txt'))).toMatchObject({
      error: null,
      diagnostics: [],
    });
    expect(json.summary).toMatchObject({ files: 4, failedFiles: 1, errors: 2 });
    expect(r.stderr).toMatch(/fake\.txt.*二进制文件/);
  });

  it('2 when nothing could be checked', () => {
    const f = join(t.dir, 'only-binary.txt');
    writeFileSync(f, Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0, 0, 7]));
    const r = gongwen(['check', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/二进制/);
  });

  it('an unreadable file gets a clear error', () => {
    // Root reads any file, so run the CLI as an unprivileged user when the tests run as root.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) chmodSync(t.dir, 0o755);
    const f = join(t.dir, 'secret.txt');
    writeFileSync(f, BAD);
    chmodSync(f, 0o000);
    const r = gongwen(['check', f], asRoot ? { uid: 65534, cwd: '/' } : {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/无法读取文件.*EACCES/);
  });

  it('a bad config file is a usage error', () => {
    const d = join(t.dir, 'badconfig');
    mkdirSync(d);
    writeFileSync(join(d, 'a.txt'), GOOD);
    writeFileSync(join(d, '.gongwenrc.yaml'), 'rules:\n  punct/half-width: loud\n');
    const r = gongwen(['check', join(d, 'a.txt')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/级别“loud”无效/);
    writeFileSync(join(d, '.gongwenrc.yaml'), 'rules: [\n');
    expect(gongwen(['check', join(d, 'a.txt')]).stderr).toMatch(/不是有效的 YAML/);
  });
});

describe('config', () => {
  it('is found upward and applies rules, terms and ignore', () => {
    const d = join(t.dir, 'proj');
    mkdirSync(join(d, 'docs', 'old'), { recursive: true });
    writeFileSync(
      join(d, '.gongwenrc.yaml'),
      'rules:\n  punct/half-width: warning\nterms:\n  - 某某,科技\nignore:\n  - docs/old/**\n',
    );
    writeFileSync(join(d, 'docs', 'a.txt'), '请联系某某,科技。甲,乙。\n');
    writeFileSync(join(d, 'docs', 'old', 'b.txt'), BAD);
    const r = gongwen(['check', '--format', 'json', d]);
    const json = JSON.parse(r.stdout);
    expect(json.files).toHaveLength(1);
    expect(
      json.files[0].diagnostics.map((x: { severity: string; excerpt: string; column: number }) => [
        x.severity,
        x.column,
      ]),
    ).toEqual([['warning', 11]]);
    expect(r.code).toBe(0);
    // --config replaces discovery.
    writeFileSync(join(t.dir, 'strict.yaml'), 'rules:\n  punct/half-width: error\n');
    expect(gongwen(['check', '--config', join(t.dir, 'strict.yaml'), join(d, 'docs', 'a.txt')]).code).toBe(1);
  });
});

describe('formats', () => {
  it('json follows the documented contract', () => {
    const r = gongwen(['check', '--format', 'json', join(t.dir, 'bad.txt')]);
    const json = JSON.parse(r.stdout);
    expect(json.version).toBe(1);
    expect(json.summary).toEqual({ files: 1, errors: 1, warnings: 0, infos: 0, failedFiles: 0 });
    const f = json.files[0];
    expect(f).toMatchObject({ format: 'text', error: null });
    expect(f.diagnostics[0]).toEqual({
      ruleId: 'punct/half-width',
      severity: 'error',
      message: expect.stringContaining('，'),
      line: 1,
      column: 4,
      endLine: 1,
      endColumn: 5,
      offset: 3,
      endOffset: 4,
      excerpt: '各地区,各部门要认真落实。',
      fix: { range: [3, 4], text: '，' },
      source: 'rule',
      standard: expect.stringContaining('GB/T 15834-2011'),
      fingerprint: expect.stringMatching(/^[0-9a-f]{16}:0$/),
    });
  });

  it('sarif is valid SARIF 2.1.0', () => {
    const Ajv = require('ajv');
    const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    const ajv = new Ajv({ schemaId: 'auto', allErrors: true });
    ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json'));
    const validate = ajv.compile(schema);
    const d = join(t.dir, 'sarif');
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'a.txt'), BAD);
    writeFileSync(join(d, 'b.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]));
    const r = gongwen(['check', '--format', 'sarif', d]);
    const log = JSON.parse(r.stdout);
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((x: { id: string }) => x.id)).toContain('punct/half-width');
    expect(run.results[0]).toMatchObject({
      ruleId: 'punct/half-width',
      level: 'error',
      locations: [{ physicalLocation: { region: { startLine: 1, startColumn: 4 } } }],
      partialFingerprints: { 'gongwen/v1': expect.stringMatching(/^[0-9a-f]{16}:0$/) },
    });
    // The same fingerprint as the JSON output's, so either can serve as a baseline.
    const json = JSON.parse(gongwen(['check', '--format', 'json', join(d, 'a.txt')]).stdout);
    expect(run.results[0].partialFingerprints['gongwen/v1']).toBe(json.files[0].diagnostics[0].fingerprint);
    expect(run.invocations[0].toolExecutionNotifications[0].message.text).toMatch(/二进制/);
  });

  it('stylish underlines the span under CJK text', () => {
    const r = gongwen(['check', join(t.dir, 'bad.txt')]);
    const lines = r.stdout.split('\n');
    const src = lines.findIndex((l) => l.includes('各地区,各部门'));
    const caret = lines[src + 1]!;
    // Three CJK characters (6 columns) precede the comma.
    expect(caret.indexOf('^') - lines[src]!.indexOf('各')).toBe(6);
    expect(r.stdout).toMatch(/1:4 .*错误.*punct\/half-width/);
    expect(r.stdout).toMatch(/检查了 1 个文件，发现 1 个问题/);
  });

  it('--output writes the report to a file', () => {
    const out = join(t.dir, 'report.json');
    const r = gongwen(['check', '--format', 'json', '--output', out, join(t.dir, 'bad.txt')]);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).summary.errors).toBe(1);
  });
});

describe('stdin', () => {
  it('checks piped text, named by --stdin-filename', () => {
    const r = gongwen(['check', '--stdin', '--stdin-filename', '通知.md', '--format', 'json'], {
      input: '# 标题\n\n甲,乙。`a,b`\n',
    });
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.files[0]).toMatchObject({ path: '通知.md', format: 'markdown' });
    expect(json.files[0].diagnostics).toHaveLength(1);
  });

  it('decodes GBK on stdin and prints the fixed text with --fix-dry-run', () => {
    const r = gongwen(['check', '--stdin', '--fix-dry-run'], { input: iconv.encode(BAD, 'gbk') });
    expect(r.stdout).toBe(GOOD);
    expect(gongwen(['check', '--stdin', '--fix'], { input: BAD }).code).toBe(2);
    const binary = gongwen(['check', '--stdin'], { input: Buffer.from([0, 1, 2, 0, 0xff]) });
    expect(binary.code).toBe(2);
    expect(binary.stderr).toMatch(/^gongwen: 这是二进制文件/);
  });
});

describe('--fix', () => {
  it('round-trips a GBK file with CRLF and stays GBK', () => {
    const f = join(t.dir, 'gbk.txt');
    const before = iconv.encode(`${BAD}第二行,也要改。\n`.replace(/\n/g, '\r\n'), 'gbk');
    writeFileSync(f, before);
    const r = gongwen(['check', '--fix', f]);
    expect(r.code).toBe(0);
    const after = readFileSync(f);
    expect(iconv.decode(after, 'gbk')).toBe(`${GOOD}第二行，也要改。\n`.replace(/\n/g, '\r\n'));
    expect(after.includes(Buffer.from('\r\n'))).toBe(true);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(after)).toThrow();
  });

  it('keeps UTF-8 BOM and writes Markdown fixes at the exact place', () => {
    const f = join(t.dir, 'draft.md');
    writeFileSync(f, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('# 一、要求\n\n甲,乙`c,d`。\n')]));
    expect(gongwen(['check', '--fix', f]).code).toBe(0);
    expect(readFileSync(f)).toEqual(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('# 一、要求\n\n甲，乙`c,d`。\n')]),
    );
  });

  it('--fix-dry-run leaves the file untouched and returns the output in JSON', () => {
    const f = join(t.dir, 'dry.txt');
    writeFileSync(f, BAD);
    const r = gongwen(['check', '--fix-dry-run', '--format', 'json', f]);
    expect(JSON.parse(r.stdout).files[0].output).toBe(GOOD);
    expect(readFileSync(f, 'utf8')).toBe(BAD);
  });

  it('the bundled samples fix cleanly in a copy', () => {
    const d = join(t.dir, 'samples');
    mkdirSync(d);
    for (const n of [
      '关于做好2025年防汛工作的通知.txt',
      '关于新建第二实验小学的请示.txt',
      '关于召开全市安全生产工作会议的通知.md',
    ]) {
      copyFileSync(join(repoRoot, 'corpora/samples', n), join(d, n));
    }
    const before = gongwen(['check', '--format', 'json', d]);
    expect(JSON.parse(before.stdout).summary.errors).toBeGreaterThan(0);
    gongwen(['check', '--fix', d]);
    const after = JSON.parse(gongwen(['check', '--format', 'json', d]).stdout);
    for (const f of after.files) expect(f.diagnostics.filter((x: { fix?: unknown }) => x.fix)).toEqual([]);
  });
});

describe('rules and help', () => {
  it('lists rules with clauses and shows one with examples', () => {
    const all = gongwen(['rules']);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/punct\/half-width .*GB\/T 15834/);
    const one = gongwen(['rules', 'element/doc-number']);
    expect(one.stdout).toMatch(/错误示例 \/ bad:[\s\S]*`国办发\[2024\]5号` → `国办发〔2024〕5号`/);
    expect(one.stdout).toContain('- 依据 / clause: GB/T 9704-2012 7.2.5');
    expect(one.stdout).toContain('- 定义 / file: `packages/core/src/rules/element/doc-number.ts`');
    // The rule's doc is its section of the generated rule docs, word for word.
    const docs = readFileSync(join(repoRoot, 'rules/README.md'), 'utf8');
    const section = one.stdout.slice(0, one.stdout.indexOf('\n\n（rules/README.md#element-doc-number）'));
    expect(section.startsWith('## element/doc-number\n')).toBe(true);
    expect(docs).toContain(`<a id="element-doc-number"></a>\n\n${section}\n`);
    expect(gongwen(['rules', 'nope/x']).code).toBe(2);
    expect(JSON.parse(gongwen(['rules', '--format', 'json']).stdout).length).toBeGreaterThan(1);
  });

  it('--version and --help in Chinese and English', () => {
    // The bin answers these before loading the engine; the figure must still be the package's.
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'packages/cli/package.json'), 'utf8')) as {
      version: string;
    };
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    for (const flag of ['--version', '-v'])
      expect(gongwen([flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    const h = gongwen(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/检查文件.*check\s+files/s);
  });

  it('lays help out by the cells Chinese takes: aligned, within 80 columns, no line begun by a closing mark', () => {
    for (const args of [['--help'], ['check', '--help'], ['review', '--help'], ['new', '--help']]) {
      const { code, stdout } = gongwen(args);
      expect(code).toBe(0);
      const lines = stdout.split('\n');
      for (const line of lines) {
        expect(displayWidth(line), line).toBeLessThanOrEqual(80);
        expect(line.trimStart(), line).not.toMatch(/^[，。、；：？！）》”]/);
      }
      // Every description of a list begins in the same column, whatever the width of the term before it.
      const starts = new Set(
        lines.filter((l) => /^ {2}\S.*? {2,}\S/.test(l)).map((l) => displayWidth(/^ {2}\S.*? {2,}/.exec(l)![0])),
      );
      expect(starts.size, args.join(' ')).toBe(1);
    }
    // `new [options] [文种]`: the term holds Chinese, and its description lines up with the others.
    const top = gongwen(['--help']).stdout.split('\n');
    const column = (l: string) => displayWidth(/^ {2}\S.*? {2,}/.exec(l)![0]);
    expect(column(top.find((l) => l.startsWith('  new '))!)).toBe(column(top.find((l) => l.startsWith('  check '))!));
  });
});
