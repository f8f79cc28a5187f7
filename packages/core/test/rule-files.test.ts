// Every rule lives in one place: `meta.file` names the file that defines it, a code rule's file is named after its
// id and defines nothing else, and the rule has one fixture named after it.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULE_DOCS_PATH, defaultRegistry, renderRuleDocs, ruleAnchor, ruleDoc } from '@gongwen/core';
import { ruleMetas } from '@gongwen/core/rule-meta';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const rulesSrc = join(root, 'packages/core/src/rules');

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
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
    for (const id of declared.keys())
      expect(
        rules.some((r) => r.meta.id === id),
        id,
      ).toBe(true);
  });

  it('each rule has one fixture named after it that marks it', () => {
    const fixtures = join(root, 'corpora/fixtures');
    const docx = join(fixtures, 'docx');
    const docxRules = new Set(
      readdirSync(docx)
        .filter((n) => n.endsWith('.expected.json'))
        .flatMap((n) => (JSON.parse(readFileSync(join(docx, n), 'utf8')).layout ?? []) as string[]),
    );
    const print = join(fixtures, 'print');
    const printRules = new Set(
      readdirSync(print)
        .filter((n) => n.endsWith('.expected.json'))
        .flatMap((n) => (JSON.parse(readFileSync(join(print, n), 'utf8')).print ?? []) as string[]),
    );
    const missing: string[] = [];
    for (const {
      meta: { id, kind },
    } of rules) {
      // AI findings come from a model: their tests run against a local fake endpoint (test/llm), not a fixture.
      if (kind === 'llm') continue;
      if (id.startsWith('layout/')) {
        // .docx fixtures keep their generator and expected.json; tracked changes are not generated yet.
        if (!docxRules.has(id) && id !== 'layout/revisions') missing.push(`${id}: no docx fixture expects it`);
        continue;
      }
      if (id.startsWith('print/')) {
        // Page geometry is measured on printed files: OFD fixtures built by their generator, with expected.json.
        if (!printRules.has(id)) missing.push(`${id}: no print fixture expects it`);
        continue;
      }
      const [area, name] = id.split('/') as [string, string];
      const found = ['txt', 'md'].map((ext) => join(fixtures, area, `${name}.${ext}`)).filter((p) => existsSync(p));
      if (found.length !== 1) {
        missing.push(`${id}: ${found.length} fixtures`);
        continue;
      }
      if (!readFileSync(found[0]!, 'utf8').includes(`{${id}}`))
        missing.push(`${id}: its fixture marks no finding of it`);
    }
    expect(missing).toEqual([]);
  });

  it('the metadata written at build time for `gongwen rules` is the registry’s, in its order', () => {
    expect(ruleMetas()).toEqual(JSON.parse(JSON.stringify(rules.map((r) => r.meta))));
  });

  it('the rule docs beside the rules match the registry (npm run docs regenerates them)', () => {
    const docs = readFileSync(join(root, RULE_DOCS_PATH), 'utf8');
    expect(docs).toBe(renderRuleDocs(defaultRegistry()));
    for (const r of rules)
      expect(docs, r.meta.id).toContain(`<a id="${ruleAnchor(r.meta.id)}"></a>\n\n${ruleDoc(r)}\n`);
  });
});
