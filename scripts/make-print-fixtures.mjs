#!/usr/bin/env node
// Builds the OFD fixtures of the print/ rules (page geometry measured on printed files), each with
// `<name>.expected.json` beside it. An OFD is XML placed in millimetres, so every position, font, size and colour a
// rule measures is written here explicitly: one compliant 通知 laid out on the GB/T 9704 grid, and copies with one
// fault each. Usage: node scripts/make-print-fixtures.mjs [outDir] (default corpora/fixtures/print). Deterministic.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strToU8, zipSync } from 'fflate';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = process.argv[2] ?? join(root, 'corpora/fixtures/print');
const MTIME = new Date('2024-01-01T00:00:00Z');
const NS = 'http://www.ofdspec.org/2016';
const PT = 25.4 / 72; // millimetres per point
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const FONTS = { FANG: '仿宋_GB2312', HEI: '黑体', KAI: '楷体_GB2312', XBS: '方正小标宋简体', SONG: '宋体' };

const BODY = [
  '为切实做好今年汛期各项防范应对工作，确保人民群众生命财产安全，经市人民政府同意，现将有关事项通知如下。',
  { heading: '一、压实防汛责任' },
  '各区、各部门要严格落实以行政首长负责制为核心的防汛责任制，逐级明确责任人，层层传导压力，确保责任落实到位。',
  { heading: '二、强化隐患排查' },
  '各单位要对水库、河道、地质灾害隐患点和城市易涝点开展全面排查，建立问题清单，明确整改时限，及时消除各类隐患。',
  '特此通知。',
];

/** The compliant layout; each fault changes one of these. */
const BASE = {
  page: [210, 297],
  left: 28,
  top: 37,
  width: 156,
  pitch: 225 / 22,
  bodyPt: 16,
  chars: 28,
  markColor: '255 0 0',
  ruleColor: '255 0 0',
  titleFont: 'XBS',
  pageNumber: (n) => `— ${n} —`,
  pageNumberSide: (n) => (n % 2 ? 'right' : 'left'),
};

/** Lines of a paragraph on the grid: the first indented two characters. */
function wrap(text, chars, indent) {
  const lines = [];
  let rest = [...text];
  let first = true;
  while (rest.length) {
    const n = first ? chars - indent : chars;
    lines.push({ text: rest.slice(0, n).join(''), indent: first ? indent : 0 });
    rest = rest.slice(n);
    first = false;
  }
  return lines;
}

function textObject(id, { x, y, text, font, sizePt, color, step }) {
  const size = sizePt * PT;
  const n = [...text].length;
  const delta = n > 1 ? ` DeltaX="g ${n - 1} ${(step ?? size).toFixed(3)}"` : '';
  return `<ofd:TextObject ID="${id}" Boundary="${x.toFixed(3)} ${(y - size).toFixed(3)} ${(n * (step ?? size) + 1).toFixed(3)} ${(size * 1.3).toFixed(3)}" Font="${font}" Size="${size.toFixed(3)}"><ofd:FillColor Value="${color ?? '0 0 0'}"/><ofd:TextCode X="0" Y="${size.toFixed(3)}"${delta}>${esc(text)}</ofd:TextCode></ofd:TextObject>`;
}

function build(v) {
  const L = { ...BASE, ...v };
  const fontIds = { FANG: 11, HEI: 12, KAI: 13, XBS: 14, SONG: 15 };
  const objs = [[], []];
  let id = 100;
  const left = L.left;
  const right = L.left + L.width;
  const step = L.width / L.chars;
  const put = (page, o) => objs[page].push(textObject(id++, o));
  const centred = (page, y, text, font, sizePt, color) => {
    const w = [...text].length * sizePt * PT;
    put(page, { x: left + (L.width - w) / 2, y, text, font, sizePt, color });
  };
  // 版头: the mark 35 mm below the 版心's top, the 文号 two lines below, the red rule 4 mm under it, the title.
  centred(0, L.top + 35 + 12, '某某市人民政府文件', fontIds.XBS, 36, L.markColor);
  const numY = L.top + 35 + 12 + 3 * L.pitch;
  centred(0, numY, '某政发〔2025〕1号', fontIds.FANG, 16);
  const ruleY = numY + 4;
  objs[0].push(
    `<ofd:PathObject ID="${id++}" Boundary="${left} ${ruleY - 1} ${L.width} 2" LineWidth="0.5"><ofd:StrokeColor Value="${L.ruleColor}"/><ofd:AbbreviatedData>M 0 1 L ${L.width} 1</ofd:AbbreviatedData></ofd:PathObject>`,
  );
  let y = ruleY + 2 * L.pitch + 4;
  centred(0, y, '某某市人民政府关于做好防汛工作的通知', fontIds[L.titleFont], 22);
  y += 2 * L.pitch;
  put(0, { x: left, y, text: '各区人民政府，市政府各部门：', font: fontIds.FANG, sizePt: L.bodyPt, step });
  // Body on the grid, running on to page 2 when the 版心 is full.
  const bottom = L.top + 225;
  let page = 0;
  const next = () => {
    y += L.pitch;
    if (y > bottom && page === 0) {
      page = 1;
      y = L.top + L.pitch * 0.8;
    }
  };
  for (const p of BODY) {
    const heading = typeof p === 'object';
    for (const line of wrap(heading ? p.heading : p, L.chars, 2)) {
      next();
      put(page, {
        x: left + line.indent * step,
        y,
        text: line.text,
        font: heading ? fontIds.HEI : fontIds.FANG,
        sizePt: L.bodyPt,
        step,
      });
    }
  }
  // Six more paragraphs of body text so that page 2 has full lines too.
  for (let k = 0; k < 6; k++) {
    for (const line of wrap(BODY[2], L.chars, 2)) {
      next();
      put(page, { x: left + line.indent * step, y, text: line.text, font: fontIds.FANG, sizePt: L.bodyPt, step });
    }
  }
  // Page numbers 7 mm below the 版心, one character in from its side.
  const pages = page + 1;
  for (let p = 0; p < pages; p++) {
    const t = L.pageNumber(p + 1);
    const w = [...t].length * 14 * PT * 0.75;
    const side = L.pageNumberSide(p + 1);
    const x = side === 'right' ? right - 14 * PT - w : side === 'left' ? left + 14 * PT : left + (L.width - w) / 2;
    put(p, { x, y: bottom + 7 + 14 * PT, text: t, font: fontIds.SONG, sizePt: 14 });
  }
  const [pw, ph] = L.page;
  const parts = {
    'OFD.xml': `<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="${NS}" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>fixture</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`,
    'Doc_0/Document.xml': `<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="${NS}"><ofd:CommonData><ofd:MaxUnitID>${id}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 ${pw} ${ph}</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>${Array.from({ length: pages }, (_, p) => `<ofd:Page ID="${p + 1}" BaseLoc="Pages/Page_${p}/Content.xml"/>`).join('')}</ofd:Pages></ofd:Document>`,
    'Doc_0/PublicRes.xml': `<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="${NS}" BaseLoc="Res"><ofd:Fonts>${Object.entries(
      fontIds,
    )
      .map(([k, i]) => `<ofd:Font ID="${i}" FontName="${FONTS[k]}" FamilyName="${FONTS[k]}"/>`)
      .join('')}</ofd:Fonts></ofd:Res>`,
  };
  for (let p = 0; p < pages; p++) {
    parts[`Doc_0/Pages/Page_${p}/Content.xml`] =
      `<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="${NS}"><ofd:Content><ofd:Layer ID="${90 + p}">${objs[p].join('')}</ofd:Layer></ofd:Content></ofd:Page>`;
  }
  return zipSync(
    Object.fromEntries(Object.entries(parts).map(([k, s]) => [k, [strToU8(s), { level: 6, mtime: MTIME }]])),
  );
}

const FIXTURES = [
  {
    name: 'good',
    print: [],
    note: '合规的通知：A4，边距 37/28/26/35 mm，22 行 × 28 字，红色标志和分隔线，页码单右双左',
  },
  {
    name: 'bad-paper-size',
    v: { page: [215.9, 279.4] },
    print: ['print/paper-size', 'print/margins'],
    note: 'Letter 纸（版心未变：右边距和下白边随之不符）',
  },
  { name: 'bad-margins', v: { left: 20 }, print: ['print/margins'], note: '左边距 20 mm' },
  { name: 'bad-grid', v: { pitch: 8.5, chars: 30 }, print: ['print/grid'], note: '行距 8.5 mm、每行 30 字' },
  { name: 'bad-element-font', v: { titleFont: 'SONG' }, print: ['print/element-font'], note: '标题用宋体' },
  {
    name: 'bad-red-elements',
    v: { markColor: '0 0 0', ruleColor: '0 0 0' },
    print: ['print/red-elements'],
    note: '标志和分隔线为黑色',
  },
  {
    name: 'bad-page-number',
    v: { pageNumber: (n) => `- ${n} -`, pageNumberSide: () => 'centre' },
    print: ['print/page-number'],
    note: '页码“- 1 -”居中',
  },
];

mkdirSync(outDir, { recursive: true });
for (const f of FIXTURES) {
  writeFileSync(join(outDir, `${f.name}.ofd`), build(f.v ?? {}));
  writeFileSync(
    join(outDir, `${f.name}.expected.json`),
    `${JSON.stringify({ print: f.print, note: f.note }, null, 2)}\n`,
  );
}
