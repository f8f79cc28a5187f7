import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { profileFor } from '../dist/batch.js';
import { absolute, displayPath, inFolder, sampleFiles } from '../dist/files.js';

describe('sampleFiles (the guess of a run’s profile before its files are listed)', () => {
  const root = mkdtempSync(join(tmpdir(), 'gongwen-sample-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const put = (rel: string) => {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), '');
  };
  for (let i = 0; i < 5; i++) put(`a/${i}.docx`);
  for (let i = 0; i < 3; i++) put(`b/c/${i}.txt`);
  put('notes.txt');
  put('image.png');
  put('.hidden/x.txt');
  put('node_modules/y.txt');

  it('takes a folder level by level, as far as the limit, leaving out what a walk leaves out', () => {
    expect(
      sampleFiles(['.'], root)
        .map((f) => f.slice(root.length + 1))
        .sort(),
    ).toEqual(
      [
        'a/0.docx',
        'a/1.docx',
        'a/2.docx',
        'a/3.docx',
        'a/4.docx',
        'b/c/0.txt',
        'b/c/1.txt',
        'b/c/2.txt',
        'notes.txt',
      ].sort(),
    );
    // The top level first, then the next: with room for six, the deepest folder is not reached.
    const six = sampleFiles([root], '/', 6).map((f) => f.slice(root.length + 1));
    expect(six).toHaveLength(6);
    expect(six).toContain('notes.txt');
    expect(six.some((f) => f.startsWith('b/c/'))).toBe(false);
  });

  it('looks at no glob and no missing path, and gives the profile of what it found', () => {
    expect(sampleFiles(['*.docx', 'missing', join(root, 'notes.txt')], root)).toEqual([]);
    expect(profileFor(sampleFiles(['a'], root))).toBe('package');
    expect(profileFor(sampleFiles(['b'], root))).toBe('text');
    expect(profileFor([])).toBe('text');
  });
});

describe('absolute and displayPath (paths a run meets thousands of times)', () => {
  it('give what resolve() and relative() give, for paths taken as they are and for paths that are not', () => {
    const parts = ['/', '.', '..', 'a', '中文', '\n', ' '];
    const cwd = '/tmp/档案';
    let seen = 0;
    // Every path of up to five parts: the quick test of a path resolve() leaves as it is must never say yes wrongly.
    const walk = (path: string, depth: number) => {
      expect(absolute(cwd, path), JSON.stringify(path)).toBe(resolve(cwd, path));
      // Under the working folder: the quick way (a slice) or relative(), as displayPath takes a path.
      const file = `${cwd}/${path}`;
      const rel = relative(cwd, file);
      expect(displayPath(file, cwd), JSON.stringify(file)).toBe(rel && !rel.startsWith('..') ? rel : file);
      // The quick test of a path's folder says yes only where dirname() gives that folder.
      for (const dir of [cwd, dirname(file), `${cwd}/a`, '/', `${cwd}/`])
        if (inFolder(file, dir)) expect(dirname(file), `${JSON.stringify(file)} in ${dir}`).toBe(dir);
      seen++;
      if (depth < 5) for (const p of parts) walk(path + p, depth + 1);
    };
    walk('', 0);
    expect(seen).toBeGreaterThan(19_000);
    // And it does say yes for the paths a listing gives, folder by folder.
    expect(inFolder(`${cwd}/a/中文 1.txt`, `${cwd}/a`)).toBe(true);
    expect(inFolder(`${cwd}/a/b/中文.txt`, `${cwd}/a`)).toBe(false);
    expect(inFolder(`${cwd}/ab.txt`, `${cwd}/a`)).toBe(false);
  });
});
