// LibreOffice as the real client of the reviewed copy: it must open it, print every comment (ExportNotes), show the
// tracked changes, and — on a copy with every change accepted — print the corrected text. Also: a .doc converts and is
// checked. CI installs LibreOffice and poppler (.ci/run); elsewhere the suite is skipped when they are absent.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { hasCommand, sofficeConvert } from '../../../scripts/soffice.mjs';
import { gongwen, repoRoot, tempDir } from './helpers.js';

const available = hasCommand('soffice') && hasCommand('pdftotext');
if (!available && process.env.CI) throw new Error('LibreOffice (soffice) and pdftotext must be installed in CI');
if (!available) console.warn('LibreOffice suite skipped: soffice or pdftotext not installed');

/** One file converted by soffice into a fresh folder under `dir`. */
function soffice(dir: string, input: string, target: string, ext: string): string {
  return sofficeConvert([input], { outDir: mkdtempSync(join(dir, 'out-')), to: target, ext, timeout: 120_000 })[0]!;
}

const pdfText = (pdf: string) =>
  execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).replace(/\s+/g, '');

/** Text of the PDF's annotations: LibreOffice writes each comment as /Contents <FEFF…> (UTF-16BE hex). */
function annotations(pdf: string): string[] {
  const raw = readFileSync(pdf).toString('latin1');
  return [...raw.matchAll(/\/Contents\s*<FEFF([0-9A-Fa-f]*)>/g)].map((m) => {
    const hex = m[1]!;
    let s = '';
    for (let i = 0; i + 3 < hex.length; i += 4) s += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
    return s;
  });
}

/** All tracked changes accepted, done on the XML: w:del removed, w:ins unwrapped. */
function acceptAll(bytes: Uint8Array): Uint8Array {
  const parts = unzipSync(bytes);
  const xml = strFromU8(parts['word/document.xml']!)
    .replace(/<w:del\b[^>]*>[\s\S]*?<\/w:del>/g, '')
    .replace(/<w:ins\b[^>]*>([\s\S]*?)<\/w:ins>/g, '$1');
  parts['word/document.xml'] = strToU8(xml);
  return zipSync(parts);
}

describe.skipIf(!available)('LibreOffice opens the reviewed copy', () => {
  const t = tempDir('gongwen-lo-');
  afterAll(() => t.done());
  const input = join(t.dir, 'notice.docx');
  copyFileSync(join(repoRoot, 'corpora/fixtures/docx/review-text-fixes.docx'), input);
  const reviewed = join(t.dir, 'notice.reviewed.docx');

  it('prints every comment with ExportNotes and shows the tracked changes', () => {
    const r = gongwen(['review', input]);
    expect(r.code).toBe(1);
    const json = gongwen(['check', '--format', 'json', input]);
    const diags = (
      JSON.parse(json.stdout) as { files: Array<{ diagnostics: Array<{ ruleId: string; message: string }> }> }
    ).files[0]!.diagnostics;
    expect(diags.length).toBeGreaterThanOrEqual(2);
    const pdf = soffice(
      t.dir,
      reviewed,
      'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}',
      '.pdf',
    );
    const notes = annotations(pdf);
    for (const d of diags)
      expect(
        notes.some((n) => n.includes(`[${d.ruleId}]`) && n.includes(d.message)),
        d.ruleId,
      ).toBe(true);
    const text = pdfText(pdf);
    // Tracked changes are shown: the deleted and the inserted text are both on the page.
    expect(text).toContain('[2024]5号');
    expect(text).toContain('〔2024〕5号');
    expect(text).toContain('工作,，保障');
  });

  it('with every change accepted, the PDF shows only the corrected text', () => {
    const accepted = join(t.dir, 'accepted.docx');
    writeFileSync(accepted, acceptAll(readFileSync(reviewed)));
    const text = pdfText(soffice(t.dir, accepted, 'pdf', '.pdf'));
    expect(text).toContain('某政发〔2024〕5号');
    expect(text).toContain('今年防汛工作，保障人民群众');
    expect(text).not.toContain('[2024]');
    expect(text).not.toContain('工作,保障');
  });

  it('a .doc converts through LibreOffice and is checked and reviewed', () => {
    const doc = join(t.dir, 'legacy.doc');
    copyFileSync(soffice(t.dir, join(repoRoot, 'corpora/fixtures/docx/review-text-fixes.docx'), 'doc', '.doc'), doc);
    const check = gongwen(['check', '--format', 'json', doc]);
    const file = (
      JSON.parse(check.stdout) as { files: Array<{ error: unknown; diagnostics: Array<{ ruleId: string }> }> }
    ).files[0]!;
    expect(file.error).toBeNull();
    expect(file.diagnostics.map((d) => d.ruleId)).toContain('element/doc-number');
    const r = gongwen(['review', doc, '-q']);
    expect(r.stdout).toContain('legacy.reviewed.docx');
    expect(existsSync(join(t.dir, 'legacy.reviewed.docx'))).toBe(true);
  });
});
