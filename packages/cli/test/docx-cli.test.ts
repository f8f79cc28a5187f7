import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDocument } from '@gongwen/core';
import { gongwen, repoRoot, tempDir } from './helpers.js';

const fx = (n: string) => join(repoRoot, 'corpora/fixtures/docx', `${n}.docx`);
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

describe('gongwen review / convert / check on .docx', () => {
  const t = tempDir('gongwen-docx-cli-');
  afterAll(() => t.done());

  it('review writes in.reviewed.docx beside the input and never touches the input', () => {
    const input = join(t.dir, '通知.docx');
    copyFileSync(fx('review-text-fixes'), input);
    const before = sha(input);
    const r = gongwen(['review', input]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/通知\.reviewed\.docx：\d+ 条批注，2 处修订/);
    expect(sha(input)).toBe(before);
    const out = join(t.dir, '通知.reviewed.docx');
    expect(readDocument(readFileSync(out), 'docx').text).toContain('某政发〔2024〕5号');
  });

  it('review -o and --fix-layout report the direct corrections', () => {
    const out = join(t.dir, 'fixed.docx');
    const r = gongwen(['review', fx('bad-margins-word-default'), '-o', out, '--fix-layout', '-q']);
    expect(r.stdout).toContain('已直接修正 / fixed: 页边距改为上 37 mm、下 35 mm、左 28 mm、右 26 mm');
    const check = gongwen(['check', '--format', 'json', out]);
    const json = JSON.parse(check.stdout) as { files: Array<{ diagnostics: Array<{ ruleId: string }> }> };
    expect(json.files[0]!.diagnostics.map((d) => d.ruleId)).not.toContain('layout/margins');
  });

  it('refuses to overwrite the input', () => {
    const input = join(t.dir, 'same.docx');
    copyFileSync(fx('good-notice'), input);
    const r = gongwen(['review', input, '-o', input]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('不能覆盖输入文件');
  });

  it('check reports docx findings with paragraph, column, excerpt and clause', () => {
    const r = gongwen(['check', '--format', 'json', fx('bad-body-font')]);
    expect(r.code).toBe(1);
    const d = (JSON.parse(r.stdout) as { files: Array<{ diagnostics: Array<Record<string, unknown>> }> }).files[0]!
      .diagnostics[0]!;
    expect(d).toMatchObject({ ruleId: 'layout/element-font', line: 10, column: 1, standard: 'GB/T 9704-2012 7.3.3' });
    expect(d.excerpt).toContain('为切实做好今年防汛工作');
  });

  it('bad files get one clear line each; the batch goes on; exit 2 only when nothing could be checked', () => {
    const bad = [
      'bad-input-not-zip',
      'bad-input-encrypted',
      'bad-input-doctype',
      'bad-input-truncated',
      'bad-input-html',
      'bad-input-rtf',
      'bad-input-no-document',
      'bad-input-zip-bomb',
    ];
    const mixed = gongwen(['check', fx('good-notice'), ...bad.map(fx)]);
    expect(mixed.code).toBe(1);
    const lines = mixed.stderr.trim().split('\n');
    expect(lines).toHaveLength(bad.length);
    for (const l of lines) expect(l).toMatch(/^gongwen: .*bad-input-.*\.docx: [^\n]*[\u4e00-\u9fff][^\n]* \/ [a-zA-Z]/);
    expect(mixed.stderr).not.toMatch(/at .*\.js:\d+/);
    const onlyBad = gongwen(['review', ...bad.map(fx), '-q']);
    expect(onlyBad.code).toBe(2);
    expect(onlyBad.stderr.trim().split('\n')).toHaveLength(bad.length);
  });

  it('.doc without LibreOffice: a clear error that says how to convert', () => {
    const doc = join(t.dir, 'old.doc');
    writeFileSync(doc, readFileSync(fx('bad-input-encrypted')));
    // GONGWEN_SOFFICE names the LibreOffice binary; pointing it nowhere is how a machine without LibreOffice looks.
    const env = { GONGWEN_SOFFICE: join(t.dir, 'no-such-soffice') };
    for (const cmd of ['check', 'review']) {
      const r = gongwen([cmd, doc], { env });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('安装 LibreOffice 后重试，或用 Word/WPS 另存为 .docx');
    }
  });

  it('convert gives a Markdown draft with the 版头 and 版记 in front matter, which checks as Markdown', () => {
    const out = join(t.dir, 'draft.md');
    const r = gongwen(['convert', fx('good-notice'), '-o', out]);
    expect(r.code).toBe(0);
    const md = readFileSync(out, 'utf8');
    expect(md).toMatch(/^---\n/);
    expect(md).toContain('发文字号: 某政发〔2024〕5号');
    expect(md).toContain('标题: 某某市人民政府关于做好2024年防汛工作的通知');
    expect(md).toContain('印发日期: 2024年5月10日');
    expect(md).toContain('为切实做好今年防汛工作');
    expect(md).not.toContain('抄送：市委办公室');
    expect(existsSync(out)).toBe(true);
    expect(md).toContain('\n1.健全工作机制。');
    const check = gongwen(['check', out]);
    expect(check.code).toBe(0);
    // And back: the draft builds into a .docx that passes every rule and carries the same text.
    const rebuilt = join(t.dir, 'rebuilt.docx');
    expect(gongwen(['build', out, '-o', rebuilt, '-q']).code).toBe(0);
    expect(gongwen(['check', rebuilt]).code).toBe(0);
    const before = readDocument(readFileSync(fx('good-notice')), 'docx').text.replace(/\s+/g, '');
    const after = readDocument(readFileSync(rebuilt), 'docx').text.replace(/\s+/g, '');
    for (const piece of ['某政发〔2024〕5号', '为切实做好今年防汛工作', '1.健全工作机制', '抄送：市委办公室']) {
      expect(before).toContain(piece);
      expect(after).toContain(piece);
    }
  });
});

describe('a unit profile in .gongwenrc.yaml', () => {
  const t = tempDir('gongwen-docx-profile-');
  afterAll(() => t.done());

  it('changes the margins the layout rules expect, without code', () => {
    const file = join(t.dir, 'notice.docx');
    copyFileSync(fx('good-notice'), file);
    expect(gongwen(['check', file]).code).toBe(0);
    writeFileSync(
      join(t.dir, '.gongwenrc.yaml'),
      'profile:\n  extends: gbt9704\n  id: unit\n  margins:\n    topMm: 30\n',
    );
    const r = gongwen(['check', '--format', 'json', file]);
    expect(r.code).toBe(1);
    const d = (JSON.parse(r.stdout) as { files: Array<{ diagnostics: Array<{ ruleId: string; message: string }> }> })
      .files[0]!.diagnostics;
    expect(d.map((x) => x.ruleId)).toEqual(['layout/margins']);
    expect(d[0]!.message).toContain('上边距（天头）37.0 mm，应为 30 mm');
  });
});
