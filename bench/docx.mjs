// Per-document time on a typical 3-page 公文 (.docx): reading, checking and reviewing, against the floor of merely
// unzipping the package and parsing its XML parts. Prints plain lines.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { DOMParser } from '@xmldom/xmldom';
import { Checker, readDocument, reviewDocx } from '@gongwen/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const base = readFileSync(join(root, 'corpora/fixtures/docx/review-text-fixes.docx'));

/** The fixture notice grown to about three pages: its body paragraphs repeated, the 版头 and 版记 kept. */
function threePages() {
  const parts = unzipSync(base);
  const xml = strFromU8(parts['word/document.xml']);
  const paras = xml.match(/<w:p>[\s\S]*?<\/w:p>/g);
  const body = paras.filter((p) => /w:firstLineChars="200"/.test(p)).join('');
  const anchor = paras.find((p) => p.includes('特此通知'));
  parts['word/document.xml'] = strToU8(xml.replace(anchor, body.repeat(13) + anchor));
  return zipSync(parts);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Times several tasks round-robin, so a machine busy with other work slows them all alike; medians in ms. */
function timeAll(tasks, runs) {
  const samples = Object.fromEntries(Object.keys(tasks).map((k) => [k, []]));
  for (let i = 0; i < 5; i++) for (const fn of Object.values(tasks)) fn();
  for (let i = 0; i < runs; i++) {
    for (const [k, fn] of Object.entries(tasks)) {
      const t = process.hrtime.bigint();
      fn();
      samples[k].push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}

const bytes = threePages();
const checker = new Checker();
const doc = readDocument(bytes, 'docx');
const chars = doc.text.replace(/\s/g, '').length;
const RUNS = Number(process.env.BENCH_RUNS ?? 60);

const layoutOnly = new Checker({
  config: {
    rules: Object.fromEntries(
      checker.registry
        .all()
        .filter((r) => !r.meta.id.startsWith('layout/'))
        .map((r) => [r.meta.id, { level: 'off' }]),
    ),
    terms: [],
    ignore: [],
  },
});
const { floor, read, readLayout, readCheck, review } = timeAll(
  {
    floor: () => {
      const parts = unzipSync(bytes);
      for (const [name, data] of Object.entries(parts))
        if (/\.(xml|rels)$/.test(name)) new DOMParser().parseFromString(strFromU8(data), 'text/xml');
    },
    read: () => readDocument(bytes, 'docx'),
    readLayout: () => layoutOnly.check(readDocument(bytes, 'docx')),
    readCheck: () => checker.check(readDocument(bytes, 'docx')),
    review: () => reviewDocx(bytes, { checker }),
  },
  RUNS,
);

const f = (x) => x.toFixed(2);
console.log(
  `docx bench: 3-page notice, ${chars} characters, ${doc.blocks.length} blocks, ${bytes.length} bytes (median of ${RUNS} runs)`,
);
console.log(`docx floor (unzip + parse every XML part): ${f(floor)} ms`);
console.log(`docx read (GovDocument with resolved formats): ${f(read)} ms = ${f(read / floor)}x floor`);
console.log(`docx read + layout rules: ${f(readLayout)} ms = ${f(readLayout / floor)}x floor`);
const verdict = (ratio, target) => `(target ≤ ${target}x, ${ratio <= target ? 'met' : 'MISSED'})`;
console.log(
  `docx read + all rules (check): ${f(readCheck)} ms = ${f(readCheck / floor)}x floor ${verdict(readCheck / floor, 1.2)}`,
);
console.log(
  `docx review copy (read, check, comments, tracked changes, zip): ${f(review)} ms = ${f(review / floor)}x floor ${verdict(review / floor, 1.6)}`,
);
console.log(
  `docx: load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
