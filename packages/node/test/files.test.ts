import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { profileFor } from '../dist/batch.js';
import { absolute, displayPath, inFolder } from '../dist/files.js';

describe('profileFor (what a pool’s workers are set up for)', () => {
  it('is for packages when most files are Word, PDF or OFD files, else for text', () => {
    expect(profileFor(['/a/1.docx', '/a/2.DOCX', '/a/3.txt'])).toBe('package');
    expect(profileFor(['/a/1.pdf', '/a/2.ofd', '/a/3.md'])).toBe('package');
    expect(profileFor(['/a/1.docx', '/a/2.txt'])).toBe('text');
    expect(profileFor(['/b/c/0.txt', '/b/c/1.md'])).toBe('text');
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
