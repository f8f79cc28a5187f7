// PDFs for the PDF reader's tests, made the way archives get them: the 15 文种 drafts built to .docx by gongwen and
// printed to PDF by LibreOffice (one soffice process for all files). Kept under .cache/ keyed by the .docx bytes, so
// a second run reuses them and a change to the builder renders them again.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DRAFT_TEMPLATES } from '@gongwen/core';
import { Gongwen } from '@gongwen/node';
import { hasCommand, sofficeConvert } from '../../../scripts/soffice.mjs';
import { repoRoot, tempDir } from './helpers.js';

export const sofficeAvailable = hasCommand('soffice');

/** Renders .docx files to PDF with one soffice run; returns the PDF path of each input (same base name). */
export function renderPdfs(files: string[], outDir: string): string[] {
  return sofficeConvert(files, { outDir });
}

export interface Variant {
  /** File stem, e.g. `d08-margins`. */
  name: string;
  genre: string;
  /** What was done to the .docx before printing; undefined for the compliant draft. */
  injected?: string;
  docx: Uint8Array;
}

/** The 15 drafts built to .docx (in memory). */
export async function builtDrafts(): Promise<Variant[]> {
  const t = tempDir('gongwen-pdf-drafts-');
  try {
    const g = new Gongwen({ cwd: t.dir });
    const out: Variant[] = [];
    let i = 0;
    for (const tpl of DRAFT_TEMPLATES) {
      i++;
      const name = `d${String(i).padStart(2, '0')}`;
      const md = join(t.dir, `${name}.md`);
      writeFileSync(md, tpl.text);
      const r = await g.buildDocx(md, { force: true, output: join(t.dir, `${name}.docx`) });
      if (!r.built) throw new Error(`draft ${tpl.genre} did not build`);
      out.push({ name, genre: tpl.genre, docx: new Uint8Array(readFileSync(r.output)) });
    }
    return out;
  } finally {
    t.done();
  }
}

/** Each variant printed to PDF, cached by content. */
export function cachedPdfs(variants: Variant[]): Map<string, string> {
  const h = createHash('sha256');
  for (const v of variants) h.update(v.name).update(v.docx);
  const dir = join(repoRoot, '.cache/pdf-tests', h.digest('hex').slice(0, 16));
  const want = variants.map((v) => join(dir, `${v.name}.pdf`));
  if (!want.every((p) => existsSync(p))) {
    const src = join(dir, 'docx');
    mkdirSync(src, { recursive: true });
    const files = variants.map((v) => {
      const f = join(src, `${v.name}.docx`);
      writeFileSync(f, v.docx);
      return f;
    });
    renderPdfs(files, dir);
  }
  return new Map(variants.map((v) => [v.name, join(dir, `${v.name}.pdf`)]));
}

/** A PDF file from its objects (numbered from 1, the first the catalog), with a correct cross-reference table. */
export function pdfFile(objs: string[]): Uint8Array {
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) pdf += `${String(o).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(pdf);
}

/** A page showing an 8×8 grey inline image scaled over it, as a scanner's page is, and no text. */
const IMAGE_PAGE = `q 595 0 0 842 0 0 cm\nBI /W 8 /H 8 /BPC 8 /CS /G /F /AHx ID\n${'ff'.repeat(64)}>\nEI\nQ\n`;

/** `pages` pages sharing one content stream (objects: catalog, page tree, content, then the pages). */
export function imagePagesPdf(pages: number, content = IMAGE_PAGE): Uint8Array {
  const kids = Array.from({ length: pages }, (_, i) => `${i + 4} 0 R`).join(' ');
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`,
    `<< /Length ${content.length} >>\nstream\n${content}endstream`,
  ];
  for (let i = 0; i < pages; i++)
    objs.push('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R /Resources << >> >>');
  return pdfFile(objs);
}

/** A one-page PDF holding only an image: what a scanner produces. */
export function imageOnlyPdf(): Uint8Array {
  return imagePagesPdf(1);
}
