// The core's layers, read from the sources: the engine runs rules and knows nothing of the AI checks above it; the
// writers take findings and the fixes their rules declare, and know no rule by name.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = join(dirname(fileURLToPath(import.meta.url)), '../src');

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
    });
}

/** Every module a source file imports (static, re-exported or dynamic), as a path relative to src/. */
export function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+|declare module\s+)'([^']+)'/gm)].map(
    (m) => m[1]!,
  );
  return specs
    .filter((s) => s.startsWith('.'))
    .map((s) => relative(src, resolve(dirname(file), s)).replace(/\\/g, '/'));
}

describe('layers', () => {
  it('finds the imports it checks', () => {
    expect(importsOf(join(src, 'llm/check.ts'))).toContain('engine/checker.js');
  });

  it('nothing under engine/ imports from llm/', () => {
    const files = walk(join(src, 'engine'));
    expect(files.length).toBeGreaterThan(5);
    const offending = files.flatMap((f) =>
      importsOf(f)
        .filter((i) => i.startsWith('llm/'))
        .map((i) => `${relative(src, f)} → ${i}`),
    );
    expect(offending).toEqual([]);
  });

  it('writers/ import nothing from rules/ and switch on no rule id', () => {
    const files = walk(join(src, 'writers'));
    expect(files.length).toBeGreaterThan(2);
    const offending = files.flatMap((f) =>
      importsOf(f)
        .filter((i) => i.startsWith('rules/'))
        .map((i) => `${relative(src, f)} → ${i}`),
    );
    expect(offending).toEqual([]);
    const ids = files.flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/'(?:layout|element|genre|number|punct|typo|wording)\/[a-z0-9-]+'/g)].map(
        (m) => m[0],
      ),
    );
    expect(ids).toEqual([]);
  });
});
