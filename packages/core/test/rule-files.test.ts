// Every rule lives in one place: `meta.file` names the file that defines it, and a code rule's file is named after
// its id and defines nothing else.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '@gongwen/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const rulesSrc = join(root, 'packages/core/src/rules');

function walk(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Source files under rules/ that declare a rule id, by id. */
function declaringFiles(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of walk(rulesSrc)) {
    for (const m of readFileSync(p, 'utf8').matchAll(/^\s*id: '([a-z]+\/[a-z0-9-]+)'/gm)) {
      const rel = relative(root, p).replace(/\\/g, '/');
      out.set(m[1]!, [...(out.get(m[1]!) ?? []), rel]);
    }
  }
  return out;
}

describe('rule files', () => {
  const rules = defaultRegistry().all();
  const declared = declaringFiles();

  it('every rule names an existing file it is defined in', () => {
    for (const r of rules) {
      const { id, file, kind } = r.meta;
      expect(file, id).toBeTruthy();
      expect(existsSync(join(root, file!)), `${id}: ${file}`).toBe(true);
      if (kind === 'data') expect(file, id).toBe(`rules/${id}.yaml`);
    }
  });

  it('each code rule is alone in a module named after its id', () => {
    const code = rules.filter((r) => r.meta.kind === 'code');
    expect(code.length).toBeGreaterThan(30);
    for (const r of code) {
      const want = `packages/core/src/rules/${r.meta.id}.ts`;
      expect(r.meta.file, r.meta.id).toBe(want);
      expect(declared.get(r.meta.id), r.meta.id).toEqual([want]);
      const ids = [...declared].filter(([, files]) => files.includes(want)).map(([i]) => i);
      expect(ids, want).toEqual([r.meta.id]);
    }
    // Nothing under rules/ declares an id the registry does not know.
    for (const id of declared.keys()) expect(rules.some((r) => r.meta.id === id), id).toBe(true);
  });
});
