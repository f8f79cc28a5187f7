// The .docx reader parses the parts it only reads into a light tree (its own tokenizer, saxes for what that does not
// accept), and the main part with xmldom where the review writer edits it. Every .docx of the project's corpora and of the real-file corpus beside the project
// (and the hostile files, for the errors) must read exactly as with xmldom's DOM for every part: the same text,
// blocks, formats, source map and findings, or the same error. The corpora beside the project are there in CI; the
// suite skips them only where they are absent outside CI (a user's clone).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Checker, DocumentError, parseDocx } from '@gongwen/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const shared = join(root, '../shared/corpora');
const sharedDirs = [join(shared, 'docx'), join(shared, 'fuzz-repro')];
const skipShared = !process.env.CI && !sharedDirs.every((d) => existsSync(d));
if (skipShared) console.warn(`docx XML paths: ${sharedDirs.join(', ')} absent, only the project's corpora are read`);

function docxUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...docxUnder(path));
    else if (name.toLowerCase().endsWith('.docx')) out.push(path);
  }
  return out;
}

// Zip bombs and the 63 MB part are refused by the zip reader before any XML is parsed, at a cost of seconds each.
const files = [join(root, 'corpora'), ...(skipShared ? [] : sharedDirs)]
  .flatMap(docxUnder)
  .filter((f) => !/zipbomb|63MB/i.test(f));

type Outcome = { error: string } | { doc: string; findings?: string };

function outcome(read: () => ReturnType<typeof parseDocx>, checker: Checker | undefined): Outcome {
  let parsed: ReturnType<typeof parseDocx>;
  try {
    parsed = read();
  } catch (e) {
    if (!(e instanceof DocumentError)) throw e;
    return { error: `${e.code}: ${e.message}` };
  }
  const d = parsed.doc;
  return {
    doc: JSON.stringify({
      text: d.text,
      blocks: d.blocks,
      extra: d.extra,
      sourceMap: d.sourceMap,
      protectedRanges: d.protectedRanges,
      paragraphs: parsed.paragraphs.map((r) => [r.part, r.offset, r.text, r.pieces.map((p) => [p.start, p.end])]),
    }),
    ...(checker ? { findings: JSON.stringify(checker.check(d).diagnostics) } : {}),
  };
}

describe('docx reading: the light saxes tree reads as xmldom’s DOM', () => {
  const checker = new Checker();

  it('finds the corpora', () => {
    expect(files.length).toBeGreaterThan(skipShared ? 10 : 60);
  });

  it.each(files.map((f) => [relative(root, f), f]))('%s', (_name, path) => {
    const bytes = new Uint8Array(readFileSync(path));
    const old = outcome(() => parseDocx(bytes, { dom: 'all' }), checker);
    expect(outcome(() => parseDocx(bytes), checker)).toEqual(old);
    // The review's reading (main part in xmldom): the same document, hence the same findings.
    const main = outcome(() => parseDocx(bytes, { dom: 'main' }), undefined);
    expect(main).toEqual('error' in old ? old : { doc: old.doc });
  });
});
