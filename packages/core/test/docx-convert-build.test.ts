// A .docx converted to a Markdown draft and built again carries each 版记 line once: what went into the front matter
// is not left in the body as well, wherever it sat (a paragraph, a 版记 table) and however it was spaced.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildDocx, docxToMarkdown, markdownFromText, readDocument, readZip, resolveProfile } from '@gongwen/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const shared = join(root, '..', 'shared', 'corpora', 'docx');
const present = existsSync(shared);
if (!present && process.env.CI) throw new Error(`corpus missing in CI: ${shared}`);

const profile = resolveProfile(undefined);
const bodyOf = (md: string) => md.replace(/^---\n[\s\S]*?\n---\n/, '');
const frontOf = (md: string) => /^---\n([\s\S]*?)\n---\n/.exec(md)?.[1] ?? '';

async function roundTrip(bytes: Uint8Array): Promise<{ md: string; text: string }> {
  const { markdown } = await docxToMarkdown(bytes);
  const built = await buildDocx(markdownFromText(markdown), profile);
  return { md: markdown, text: readDocument(built.bytes, 'docx').text };
}

const lines = (text: string, re: RegExp) => text.split('\n').filter((l) => re.test(l.replace(/[\s\u3000]+/g, '')));

describe('convert → build keeps each 版记 line once', () => {
  it('the project’s own fixture', async () => {
    const { md, text } = await roundTrip(
      new Uint8Array(readFileSync(join(root, 'corpora/fixtures/docx/good-notice.docx'))),
    );
    expect(frontOf(md)).toContain('抄送');
    expect(bodyOf(md)).not.toMatch(/抄送|印发/);
    expect(lines(text, /^抄送/)).toHaveLength(1);
    expect(lines(text, /印发$/)).toHaveLength(1);
  });

  it.skipIf(!present)('templates with the 印发 line spaced with tabs or in a table', { timeout: 120_000 }, async () => {
    const files = readdirSync(shared, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.docx'))
      .sort();
    let checked = 0;
    for (const f of files) {
      const bytes = new Uint8Array(readFileSync(join(shared, f)));
      let xml = '';
      try {
        xml = new TextDecoder().decode(readZip(bytes)['word/document.xml']);
      } catch {
        continue;
      }
      if (!xml.includes('印发')) continue;
      let md: string;
      let text: string;
      try {
        ({ md, text } = await roundTrip(bytes));
      } catch {
        continue; // not a draft the builder takes (no title and the like): not what this test is about
      }
      const front = frontOf(md);
      if (/印发机关/.test(front)) {
        checked++;
        expect(lines(bodyOf(md), /印发$/), f).toEqual([]);
        expect(lines(text, /印发$/), f).toHaveLength(1);
      }
      if (/^抄送:/m.test(front)) expect(lines(bodyOf(md), /^抄送[：:]/), f).toEqual([]);
    }
    expect(checked).toBeGreaterThan(3);
  });
});
