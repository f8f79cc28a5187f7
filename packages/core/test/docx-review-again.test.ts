// A review copy a clerk can work with: reviewing an already reviewed copy replaces our earlier comments and tracked
// changes instead of stacking them, keeps the user's own, and page-setup findings sit in one comment at the start.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { Checker, readDocument, reviewDocx } from '@gongwen/core';
import { hasCommand, sofficeConvert } from '../../../scripts/soffice.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const fixture = (n: string) => new Uint8Array(readFileSync(join(root, 'corpora/fixtures/docx', `${n}.docx`)));
const DATE = '2026-01-02T03:04:05Z';
const checker = new Checker();

const commentsOf = (bytes: Uint8Array) => {
  const xml = unzipSync(bytes)['word/comments.xml'];
  if (!xml) return [] as Array<{ author: string; text: string }>;
  return [...strFromU8(xml).matchAll(/<w:comment\b([^>]*)>([\s\S]*?)<\/w:comment>/g)].map((m) => ({
    author: /w:author="([^"]*)"/.exec(m[1]!)?.[1] ?? '',
    text: [...m[2]!.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('\n'),
  }));
};
const documentXml = (bytes: Uint8Array) => strFromU8(unzipSync(bytes)['word/document.xml']!);
const count = (s: string, re: RegExp) => [...s.matchAll(re)].length;

/** The user's own comment (author 张三) on the first run of the first paragraph, and a change of theirs. */
function withUserReview(bytes: Uint8Array): Uint8Array {
  const parts = unzipSync(bytes);
  const xml = strFromU8(parts['word/document.xml']!);
  const at = xml.indexOf('<w:r>', xml.indexOf('<w:body>'));
  parts['word/document.xml'] = strToU8(
    `${xml.slice(0, at)}<w:commentRangeStart w:id="900"/><w:ins w:id="901" w:author="张三" w:date="${DATE}"><w:r><w:t>（张三加）</w:t></w:r></w:ins><w:commentRangeEnd w:id="900"/><w:r><w:commentReference w:id="900"/></w:r>${xml.slice(at)}`,
  );
  const comment = `<w:comment w:id="900" w:author="张三" w:date="${DATE}" w:initials="ZS"><w:p><w:r><w:t>请再核对</w:t></w:r></w:p></w:comment>`;
  if (parts['word/comments.xml']) {
    parts['word/comments.xml'] = strToU8(
      strFromU8(parts['word/comments.xml']!).replace('</w:comments>', `${comment}</w:comments>`),
    );
  }
  return zipSync(parts);
}

describe('reviewing a reviewed copy', () => {
  const input = fixture('review-text-fixes');
  const once = reviewDocx(input, { checker, date: DATE });

  it('replaces our comments and tracked changes instead of stacking them', () => {
    const twice = reviewDocx(once.bytes, { checker, date: DATE });
    expect(once.comments).toBeGreaterThan(1);
    expect(once.trackedChanges).toBeGreaterThan(0);
    expect(twice.comments).toBe(once.comments);
    expect(twice.trackedChanges).toBe(once.trackedChanges);
    expect(commentsOf(twice.bytes)).toEqual(commentsOf(once.bytes));
    const x1 = documentXml(once.bytes);
    const x2 = documentXml(twice.bytes);
    for (const re of [/<w:commentRangeStart /g, /<w:commentReference /g, /<w:ins /g, /<w:del /g])
      expect(count(x2, re), String(re)).toBe(count(x1, re));
    // The second review checked the author's text, not the text with our changes accepted.
    expect(twice.diagnostics.map((d) => d.ruleId)).toEqual(once.diagnostics.map((d) => d.ruleId));
    // And the text read with every change accepted is the same.
    expect(readDocument(twice.bytes, 'docx').text).toBe(readDocument(once.bytes, 'docx').text);
  });

  it('keeps the user’s own comments and tracked changes', () => {
    const mine = withUserReview(once.bytes);
    const again = reviewDocx(mine, { checker, date: DATE });
    const cs = commentsOf(again.bytes);
    expect(cs.filter((c) => c.author === '张三').map((c) => c.text)).toEqual(['请再核对']);
    expect(cs.filter((c) => c.author === 'gongwen').length).toBe(again.comments);
    const xml = documentXml(again.bytes);
    expect(xml).toContain('<w:commentRangeStart w:id="900"/>');
    expect(xml).toContain('w:author="张三"');
    expect(xml).toContain('（张三加）');
  });

  it('says the message first, then the clause, the rule id last', () => {
    const cs = commentsOf(once.bytes);
    for (const d of once.diagnostics) {
      const text = `${d.message}（${d.standard}） [${d.ruleId}]`;
      expect(
        cs.some((c) => c.text.includes(text)),
        text,
      ).toBe(true);
    }
  });
});

describe('page-setup findings in a review copy', () => {
  it('gathers paper, margin and grid findings in one comment at the start of the document', () => {
    const input = fixture('bad-margins-word-default');
    const r = reviewDocx(input, { checker, date: DATE });
    const wide = r.diagnostics.filter((d) => checker.registry.get(d.ruleId)?.meta.extent === 'document');
    expect(wide.length).toBeGreaterThan(0);
    const cs = commentsOf(r.bytes);
    const first = cs.find((c) => c.text.startsWith('全文问题'));
    expect(first).toBeDefined();
    for (const d of wide) expect(first!.text).toContain(`${d.message}`);
    // No other comment repeats them, and the comment has no text range: its anchors are next to each other.
    expect(cs.filter((c) => wide.some((d) => c.text.includes(d.message))).length).toBe(1);
    expect(r.comments).toBe(r.diagnostics.length - wide.length + 1);
    const xml = documentXml(r.bytes);
    const id =
      /<w:commentRangeStart w:id="(\d+)"\/><w:commentRangeEnd w:id="\1"\/><w:r><w:commentReference w:id="\1"\/><\/w:r>/.exec(
        xml,
      );
    expect(id).not.toBeNull();
    expect(xml.indexOf(id![0])).toBeLessThan(xml.indexOf('<w:t'));
  });
});

const real = join(root, '..', 'shared', 'corpora', 'docx', 'real');
const present = existsSync(real);
if (!present && process.env.CI) throw new Error(`corpus missing in CI: ${real}`);

describe.skipIf(!present)('reviewing real documents twice', () => {
  it('gives the same comments and tracked changes the second time, for every .docx', { timeout: 240_000 }, () => {
    const files = readdirSync(real)
      .filter((f) => f.endsWith('.docx'))
      .sort();
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) {
      const input = new Uint8Array(readFileSync(join(real, f)));
      const once = reviewDocx(input, { checker, date: DATE });
      const twice = reviewDocx(once.bytes, { checker, date: DATE });
      expect([twice.comments, twice.trackedChanges], f).toEqual([once.comments, once.trackedChanges]);
      expect(commentsOf(twice.bytes).length, f).toBe(commentsOf(once.bytes).length);
    }
  });
});

// LibreOffice as the real client: the copy reviewed twice prints each of our comments once, the user's comment, and
// the page-setup comment once.
const hasLo = ['soffice', 'pdftotext'].every(hasCommand);
if (!hasLo && process.env.CI) throw new Error('LibreOffice (soffice) and pdftotext must be installed in CI');

/** Comment texts LibreOffice writes into the PDF (/Contents <FEFF…>, UTF-16BE hex). */
function pdfNotes(pdf: string): string[] {
  const raw = readFileSync(pdf).toString('latin1');
  return [...raw.matchAll(/\/Contents\s*<FEFF([0-9A-Fa-f]*)>/g)].map((m) => {
    let out = '';
    for (let i = 0; i + 3 < m[1]!.length; i += 4) out += String.fromCharCode(parseInt(m[1]!.slice(i, i + 4), 16));
    return out;
  });
}

describe.skipIf(!hasLo)('LibreOffice shows a copy reviewed twice', () => {
  it('with each comment once, the user’s comment kept and the page-setup comment first', { timeout: 240_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongwen-again-'));
    try {
      const once = reviewDocx(fixture('bad-margins-word-default'), { checker, date: DATE });
      const twice = reviewDocx(withUserReview(once.bytes), { checker, date: DATE });
      const file = join(dir, 'twice.docx');
      writeFileSync(file, twice.bytes);
      const [pdf] = sofficeConvert([file], {
        outDir: dir,
        to: 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}',
        timeout: 120_000,
      });
      const notes = pdfNotes(pdf);
      expect(notes.length).toBe(twice.comments + 1);
      expect(notes.filter((n) => n.includes('请再核对'))).toHaveLength(1);
      expect(notes.filter((n) => n.startsWith('全文问题'))).toHaveLength(1);
      for (const d of twice.diagnostics)
        expect(notes.filter((n) => n.includes(`[${d.ruleId}]`) && n.includes(d.message)).length, d.ruleId).toBe(1);
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      expect(text.replace(/\s+/g, '')).toContain('（张三加）');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
