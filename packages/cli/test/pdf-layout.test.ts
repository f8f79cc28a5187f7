// Page geometry measured on real printed files: the 15 文种 drafts built by gongwen and printed by LibreOffice must
// give no print/ error (the stand-in fonts of a machine without the GB fonts are named, as warnings); copies with one
// injected fault each (margins, paper size, title font, body size, red → black), edited in the .docx before printing,
// must be found. Prints the table of what was found.
import { readFileSync } from 'node:fs';
import { Checker, readPdf, type Diagnostic } from '@gongwen/core';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtDrafts, cachedPdfs, sofficeAvailable, type Variant } from './pdf-render.js';

if (!sofficeAvailable && process.env.CI) throw new Error('LibreOffice (soffice) must be installed in CI');

/** The .docx with its parts' XML edited. */
function edit(docx: Uint8Array, f: (xml: string, part: string) => string): Uint8Array {
  const parts = unzipSync(docx);
  for (const name of Object.keys(parts)) {
    if (name === 'word/document.xml' || name === 'word/styles.xml')
      parts[name] = strToU8(f(strFromU8(parts[name]!), name));
  }
  return zipSync(parts);
}

interface Fault {
  id: string;
  what: string;
  apply: (xml: string) => string;
  /** The finding that shows the fault (and that the compliant print does not have). */
  shows: (d: Diagnostic) => boolean;
}

const FAULTS: Fault[] = [
  {
    id: 'margins',
    what: '左边距 20 mm、下边距 20 mm',
    apply: (x) =>
      x.replace(/(<w:pgMar[^>]*w:left=")\d+"/g, '$11134"').replace(/(<w:pgMar[^>]*w:bottom=")\d+"/g, '$11134"'),
    shows: (d) => d.ruleId === 'print/margins',
  },
  {
    id: 'paper',
    what: 'Letter 纸（215.9 × 279.4 mm）',
    apply: (x) => x.replace(/<w:pgSz w:w="\d+" w:h="\d+"/g, '<w:pgSz w:w="12240" w:h="15840"'),
    shows: (d) => d.ruleId === 'print/paper-size',
  },
  {
    id: 'title-font',
    what: '标题和标志改用楷体（AR PL UKai CN）',
    apply: (x) => x.replace(/方正小标宋简体/g, 'AR PL UKai CN'),
    shows: (d) => d.ruleId === 'print/element-font' && /标题|发文机关标志/.test(d.message) && /UKai/i.test(d.message),
  },
  {
    id: 'body-size',
    what: '正文四号（14 磅）',
    apply: (x) =>
      x.replace(/<w:sz w:val="32"\/>/g, '<w:sz w:val="28"/>').replace(/<w:szCs w:val="32"\/>/g, '<w:szCs w:val="28"/>'),
    shows: (d) =>
      (d.ruleId === 'print/element-font' && /(^|、)正文(、|字号为)/.test(d.message)) || d.ruleId === 'print/grid',
  },
  {
    id: 'red-to-black',
    what: '标志和分隔线改为黑色',
    apply: (x) => x.replace(/FF0000/gi, '000000'),
    shows: (d) => d.ruleId === 'print/red-elements',
  },
];

describe.runIf(sofficeAvailable)('page geometry of LibreOffice-printed drafts', () => {
  let drafts: Variant[];
  let pdfs: Map<string, string>;
  const checker = new Checker();
  const findings = async (name: string) => {
    const doc = await readPdf(readFileSync(pdfs.get(name)!));
    return checker.check(doc).diagnostics;
  };
  beforeAll(async () => {
    drafts = await builtDrafts();
    const variants: Variant[] = [...drafts];
    for (const d of drafts)
      for (const f of FAULTS)
        variants.push({ name: `${d.name}-${f.id}`, genre: d.genre, injected: f.id, docx: edit(d.docx, f.apply) });
    pdfs = cachedPdfs(variants);
  }, 600_000);

  it('finds no print error in the compliant drafts; stand-in fonts are named as warnings', async () => {
    const rows: string[] = [];
    for (const d of drafts) {
      const found = (await findings(d.name)).filter((x) => x.ruleId.startsWith('print/'));
      const errors = found.filter((x) => x.severity === 'error');
      const other = found.filter((x) => x.ruleId !== 'print/element-font');
      rows.push(`${d.genre}\t${found.map((x) => `${x.ruleId}:${x.severity}`).join(' ') || '—'}`);
      expect(errors, `${d.genre}: ${errors.map((x) => x.message).join(' / ')}`).toEqual([]);
      expect(
        other.map((x) => x.message),
        d.genre,
      ).toEqual([]);
      // Sizes are right; every font finding names the font the file really has.
      for (const x of found) expect(x.message).toMatch(/实际使用的字体为/);
    }
    console.log(`compliant drafts, print/ findings:\n${rows.join('\n')}`);
  });

  it('finds at least 95% of the injected faults', async () => {
    const table: string[] = [`文种\t${FAULTS.map((f) => f.id).join('\t')}`];
    let found = 0;
    let total = 0;
    for (const d of drafts) {
      const base = (await findings(d.name)).filter((x) => x.ruleId.startsWith('print/')).map((x) => x.message);
      const cells: string[] = [];
      for (const f of FAULTS) {
        const got = (await findings(`${d.name}-${f.id}`)).filter((x) => f.shows(x) && !base.includes(x.message));
        total++;
        if (got.length) found++;
        cells.push(got.length ? '✓' : '✗');
      }
      table.push(`${d.genre}\t${cells.join('\t')}`);
    }
    table.push(`found ${found}/${total} = ${((found / total) * 100).toFixed(1)}%`);
    console.log(table.join('\n'));
    expect(found / total).toBeGreaterThanOrEqual(0.95);
  });
});
