#!/usr/bin/env node
// Builds the .docx fixtures of the layout rules and of bad input, each with `<name>.expected.json` beside it.
// The XML is written directly (not through a document library) so every OOXML detail a rule reads is explicit.
// Usage: node scripts/make-docx-fixtures.mjs [outDir]   (default corpora/fixtures/docx). Output is deterministic.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync, strToU8 } from 'fflate';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = process.argv[2] ?? join(root, 'corpora/fixtures/docx');
const MTIME = new Date('2024-01-01T00:00:00Z');

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// GB/T 9704 values in OOXML units (twentieths of a point, half-points, EMU): the builder below starts from a compliant document.
const FANG = '仿宋_GB2312';
const HEI = '黑体';
const KAI = '楷体_GB2312';
const XBS = '方正小标宋简体';
const SONG = '宋体';

function rPr(r) {
  let x = '';
  if (r.font) x += `<w:rFonts w:ascii="${r.ascii ?? r.font}" w:hAnsi="${r.ascii ?? r.font}" w:eastAsia="${r.font}"/>`;
  if (r.bold) x += '<w:b/>';
  if (r.color) x += `<w:color w:val="${r.color}"/>`;
  if (r.size) x += `<w:sz w:val="${r.size * 2}"/><w:szCs w:val="${r.size * 2}"/>`;
  if (r.highlight) x += `<w:highlight w:val="${r.highlight}"/>`;
  return x ? `<w:rPr>${x}</w:rPr>` : '';
}

function border(side, b) {
  return `<w:${side} w:val="${b.val ?? 'single'}" w:sz="${b.sz ?? 8}" w:space="${b.space ?? 1}" w:color="${b.color ?? '000000'}"/>`;
}

function pXml(p) {
  let ppr = '';
  if (p.pageBreakBefore) ppr += '<w:pageBreakBefore/>';
  if (p.border)
    ppr += `<w:pBdr>${['top', 'bottom']
      .filter((s) => p.border[s])
      .map((s) => border(s, p.border[s]))
      .join('')}</w:pBdr>`;
  ppr += `<w:spacing w:line="${p.line ?? 579}" w:lineRule="${p.lineRule ?? 'exact'}"/>`;
  if (p.ind)
    ppr += `<w:ind ${Object.entries(p.ind)
      .map(([k, v]) => `w:${k}="${v}"`)
      .join(' ')}/>`;
  if (p.jc) ppr += `<w:jc w:val="${p.jc}"/>`;
  const runs = (p.runs ?? (p.text ? [{ text: p.text }] : []))
    .map((r) => {
      const f = { font: p.font, size: p.size, color: p.color, bold: p.bold, ...r };
      if (r.page) {
        return (
          `<w:r>${rPr(f)}<w:fldChar w:fldCharType="begin"/></w:r><w:r>${rPr(f)}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
          `<w:r>${rPr(f)}<w:fldChar w:fldCharType="separate"/></w:r><w:r>${rPr(f)}<w:t>1</w:t></w:r><w:r>${rPr(f)}<w:fldChar w:fldCharType="end"/></w:r>`
        );
      }
      if (r.br) return `<w:r><w:br w:type="page"/></w:r>`;
      return `<w:r>${rPr(f)}<w:t xml:space="preserve">${esc(r.text)}</w:t></w:r>`;
    })
    .join('');
  return `<w:p><w:pPr>${ppr}</w:pPr>${runs}</w:p>`;
}

const blank = () => ({ text: '', font: FANG, size: 16 });
const body = (text) => ({ text, font: FANG, size: 16, jc: 'both', ind: { firstLineChars: 200, firstLine: 640 } });

/** A compliant 通知 with a red 版头, 版记 and page numbers: the base every variant changes one thing of. */
function base() {
  return {
    page: { w: 11906, h: 16838, top: 2098, bottom: 1984, left: 1587, right: 1474, header: 851, footer: 1134 },
    grid: { type: 'linesAndChars', linePitch: 579, charSpace: -849 },
    normal: { font: FANG, size: 16 },
    evenAndOdd: true,
    titlePg: false,
    header: null,
    footers: {
      default: {
        runs: [{ text: '— ' }, { page: true }, { text: ' —' }],
        font: SONG,
        ascii: SONG,
        size: 14,
        jc: 'right',
        ind: { right: 280 },
      },
      even: {
        runs: [{ text: '— ' }, { page: true }, { text: ' —' }],
        font: SONG,
        ascii: SONG,
        size: 14,
        jc: 'left',
        ind: { left: 280 },
      },
    },
    paras: [
      { text: '某某市人民政府文件', font: XBS, size: 36, color: 'FF0000', jc: 'center', line: 800 },
      blank(),
      blank(),
      {
        text: '某政发〔2024〕5号',
        font: FANG,
        size: 16,
        jc: 'center',
        border: { bottom: { sz: 12, color: 'FF0000', space: 11 } },
      },
      blank(),
      blank(),
      { text: '某某市人民政府关于做好2024年防汛工作的通知', font: XBS, size: 22, jc: 'center', line: 700 },
      blank(),
      { text: '各区人民政府，市政府各部门：', font: FANG, size: 16, jc: 'both' },
      body('为切实做好今年防汛工作，保障人民群众生命财产安全，现将有关事项通知如下。'),
      { ...body('一、压实防汛责任'), font: HEI },
      {
        ...body('（一）加强组织领导。'),
        runs: [{ text: '（一）加强组织领导。', font: KAI }, { text: '各区要把防汛工作摆上重要议事日程。' }],
      },
      body('1.健全工作机制。各部门要明确责任分工，落实值班制度。'),
      body('特此通知。'),
      blank(),
      blank(),
      blank(),
      { text: '某某市人民政府', font: FANG, size: 16, jc: 'right', ind: { right: 1280 } },
      { text: '2024年5月10日', font: FANG, size: 16, jc: 'right', ind: { right: 1280 } },
      { text: '（此件公开发布）', font: FANG, size: 16, jc: 'both', ind: { firstLineChars: 200, firstLine: 640 } },
      blank(),
      {
        text: '抄送：市委办公室，市人大常委会办公室。',
        font: FANG,
        size: 14,
        jc: 'both',
        ind: { left: 1120, right: 280, hanging: 840 },
        border: { top: { sz: 8 } },
      },
      {
        text: '某某市人民政府办公室　　　　　　　　2024年5月10日印发',
        font: FANG,
        size: 14,
        jc: 'both',
        ind: { left: 280, right: 280 },
        border: { top: { sz: 6 }, bottom: { sz: 8 } },
      },
    ],
  };
}

function sectPr(d) {
  const p = d.page;
  const refs = [
    ...(d.header ? ['<w:headerReference w:type="default" r:id="rIdHeader1"/>'] : []),
    ...Object.keys(d.footers).map((t) => `<w:footerReference w:type="${t}" r:id="rIdFooter${t}"/>`),
  ].join('');
  const grid = d.grid
    ? `<w:docGrid w:type="${d.grid.type}" w:linePitch="${d.grid.linePitch}"${d.grid.charSpace !== undefined ? ` w:charSpace="${d.grid.charSpace}"` : ''}/>`
    : '';
  return (
    `<w:sectPr>${refs}<w:pgSz w:w="${p.w}" w:h="${p.h}"${p.orient ? ` w:orient="${p.orient}"` : ''}/>` +
    `<w:pgMar w:top="${p.top}" w:right="${p.right}" w:bottom="${p.bottom}" w:left="${p.left}" w:header="${p.header}" w:footer="${p.footer}" w:gutter="0"/>` +
    `${d.titlePg ? '<w:titlePg/>' : ''}${grid}</w:sectPr>`
  );
}

function build(d) {
  const parts = {};
  const doc = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="${W}" xmlns:r="${R}"><w:body>${d.paras.map(pXml).join('')}${sectPr(d)}</w:body></w:document>`;
  const styles =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="${W}"><w:docDefaults><w:rPrDefault><w:rPr>` +
    `<w:rFonts w:ascii="${d.normal.font}" w:hAnsi="${d.normal.font}" w:eastAsia="${d.normal.font}"/><w:sz w:val="${d.normal.size * 2}"/><w:szCs w:val="${d.normal.size * 2}"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/>` +
    `</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr/></w:pPrDefault></w:docDefaults>` +
    `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:pPr><w:jc w:val="both"/></w:pPr></w:style></w:styles>`;
  const settings = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings xmlns:w="${W}">${d.evenAndOdd ? '<w:evenAndOddHeaders/>' : ''}</w:settings>`;
  const rels = [
    '<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>',
    '<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>',
    ...Object.keys(d.footers).map(
      (t) =>
        `<Relationship Id="rIdFooter${t}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer-${t}.xml"/>`,
    ),
    ...(d.header
      ? [
          '<Relationship Id="rIdHeader1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>',
        ]
      : []),
  ];
  const overrides = [
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>',
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>',
    '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>',
    ...Object.keys(d.footers).map(
      (t) =>
        `<Override PartName="/word/footer-${t}.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>`,
    ),
    ...(d.header
      ? [
          '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>',
        ]
      : []),
  ];
  parts['[Content_Types].xml'] =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
    `${overrides.join('')}</Types>`;
  parts['_rels/.rels'] =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';
  parts['word/document.xml'] = doc;
  parts['word/styles.xml'] = styles;
  parts['word/settings.xml'] = settings;
  parts['word/_rels/document.xml.rels'] =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`;
  for (const [t, f] of Object.entries(d.footers))
    parts[`word/footer-${t}.xml`] =
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr xmlns:w="${W}" xmlns:r="${R}">${pXml({ line: 240, lineRule: 'auto', ...f })}</w:ftr>`;
  if (d.header)
    parts['word/header1.xml'] =
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr xmlns:w="${W}" xmlns:r="${R}">${pXml({ line: 240, lineRule: 'auto', ...d.header })}</w:hdr>`;
  return zipParts(Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, strToU8(v)])));
}

function zipParts(parts) {
  return zipSync(Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, [v, { level: 6, mtime: MTIME }]])));
}

/** name → [document spec or raw bytes, expected layout rule ids (or expected error code)]. */
const fixtures = [];
const layout = (name, change, expected, note) => {
  const d = base();
  change(d);
  fixtures.push({ name, bytes: build(d), expected: { layout: expected.sort(), note } });
};

layout('good-notice', () => {}, [], '符合 GB/T 9704 的通知：版头、主体、版记、页码');
layout(
  'bad-margins-word-default',
  (d) => Object.assign(d.page, { top: 1440, bottom: 1440, left: 1800, right: 1800 }),
  ['layout/grid', 'layout/margins'],
  'Word 默认页边距（版心变大，每页行数和每行字数随之偏离）',
);
layout(
  'bad-paper-letter',
  (d) => Object.assign(d.page, { w: 12240, h: 15840 }),
  ['layout/grid', 'layout/margins', 'layout/paper-size'],
  'Letter 纸（版心随之偏离）',
);
layout(
  'bad-body-font',
  (d) => {
    d.paras[9] = { ...d.paras[9], font: SONG, size: 12 };
  },
  ['layout/element-font'],
  '正文用小四宋体',
);
layout(
  'bad-title-size',
  (d) => {
    d.paras[6] = { ...d.paras[6], size: 18 };
  },
  ['layout/element-font'],
  '标题小二号',
);
layout(
  'bad-heading-font',
  (d) => {
    d.paras[10] = { ...d.paras[10], font: FANG };
  },
  ['layout/element-font'],
  '一级标题用仿宋',
);
layout(
  'bad-text-color',
  (d) => {
    d.paras[9] = { ...d.paras[9], color: '0000FF' };
  },
  ['layout/text-color'],
  '正文蓝色',
);
layout(
  'bad-mark-black',
  (d) => {
    d.paras[0] = { ...d.paras[0], color: '000000', size: 36 };
    d.paras[0].runs = [{ text: '某某市人民政府文件' }];
  },
  ['layout/text-color'],
  '发文机关标志为黑色（按“……文件”文本识别为标志）',
);
layout(
  'bad-separator-missing',
  (d) => {
    delete d.paras[3].border;
  },
  ['layout/separator'],
  '没有红色分隔线',
);
layout(
  'bad-separator-black',
  (d) => {
    d.paras[3].border.bottom.color = '000000';
  },
  ['layout/separator'],
  '分隔线黑色',
);
layout(
  'bad-page-number-centred',
  (d) => {
    d.evenAndOdd = false;
    d.footers = { default: { runs: [{ page: true }], font: SONG, size: 14, jc: 'center' } };
  },
  ['layout/page-number'],
  '页码居中、无一字线',
);
layout(
  'bad-page-number-missing',
  (d) => {
    d.footers = {};
  },
  ['layout/page-number'],
  '没有页码',
);
layout(
  'bad-page-number-hyphen',
  (d) => {
    d.footers.default.runs = [{ text: '- ' }, { page: true }, { text: ' -' }];
  },
  ['layout/page-number'],
  '页码用连字符',
);
layout(
  'bad-record-lines',
  (d) => {
    delete d.paras[21].border;
    delete d.paras[22].border;
  },
  ['layout/record-lines'],
  '版记没有分隔线',
);
layout(
  'bad-grid-lines',
  (d) => {
    for (const p of d.paras) if (p.lineRule !== 'auto' && (p.line ?? 579) === 579) p.line = 312;
  },
  ['layout/grid'],
  '行距 15.6 磅，每页 40 行',
);
layout(
  'bad-grid-chars',
  (d) => {
    d.grid.charSpace = 1000;
  },
  ['layout/grid'],
  '字距过大，每行不足 28 字',
);
layout(
  'bad-header',
  (d) => {
    d.header = { text: '某某市人民政府', font: SONG, size: 9, jc: 'center' };
  },
  ['layout/header'],
  '有页眉文字',
);
layout(
  'bad-body-indent',
  (d) => {
    delete d.paras[9].ind;
  },
  ['layout/body-indent'],
  '正文没有首行缩进',
);
layout(
  'good-answer-options',
  (d) => {
    const flush = (text) => ({ text, font: FANG, size: 16, jc: 'both' });
    d.paras.splice(
      13,
      0,
      body('2.例题：下列说法正确的是（　）。'),
      flush('A．防汛工作应当常抓不懈'),
      flush('B．汛期值班可以不设专人'),
      flush('C．1　　　　　D．2'),
    );
  },
  [],
  '附件中的选择题选项顶格排列（选项不是正文自然段）',
);
layout(
  'bad-body-indent-letter',
  (d) => {
    d.paras.splice(13, 0, { text: 'A．防汛物资储备要充足。', font: FANG, size: 16, jc: 'both' });
  },
  ['layout/body-indent'],
  '以字母开头的正文段落没有首行缩进（前后没有其他选项，不是选择题选项）',
);
layout(
  'bad-addressee-indent',
  (d) => {
    d.paras[8] = { ...d.paras[8], ind: { firstLineChars: 200, firstLine: 640 } };
  },
  ['layout/body-indent'],
  '主送机关缩进了两字',
);
layout(
  'bad-attachment-note-indent',
  (d) => {
    d.paras.splice(14, 0, blank(), { text: '附件：防汛责任人名单', font: FANG, size: 16, jc: 'both' });
  },
  ['layout/body-indent'],
  '附件说明顶格（应左空二字）',
);
layout(
  'bad-record-entry-indent',
  (d) => {
    d.paras[21] = { ...d.paras[21], ind: { left: 0, right: 0 } };
  },
  ['layout/element-position'],
  '抄送机关顶格（应左空一字）',
);
layout(
  'bad-title-left',
  (d) => {
    d.paras[6] = { ...d.paras[6], jc: 'left' };
  },
  ['layout/element-position'],
  '标题居左',
);
layout(
  'bad-signer-on-notice',
  (d) => {
    d.paras[3] = { ...d.paras[3], text: '某政发〔2024〕5号　　　　签发人：张三' };
  },
  ['layout/signer'],
  '通知（下行文）标注了签发人',
);
layout(
  'bad-request-without-signer',
  (d) => {
    d.paras[6] = { ...d.paras[6], text: '某某市人民政府关于申请防汛专项资金的请示' };
    d.paras[8] = { ...d.paras[8], text: '省人民政府：' };
    d.paras[13] = body('妥否，请批示。');
  },
  ['layout/element-position', 'layout/signer'],
  '请示（上行文）没有签发人，发文字号仍居中',
);
layout(
  'bad-attachment-no-page-break',
  (d) => {
    d.paras.splice(
      21,
      0,
      { ...blank() },
      { text: '附件', font: HEI, size: 16, jc: 'left' },
      blank(),
      { text: '防汛责任人名单', font: XBS, size: 22, jc: 'center' },
      body('（略）'),
    );
  },
  ['layout/attachment-page'],
  '附件没有另面编排',
);
layout(
  'good-attachment',
  (d) => {
    d.paras.splice(
      21,
      0,
      { text: '附件', font: HEI, size: 16, jc: 'left', pageBreakBefore: true },
      blank(),
      { text: '防汛责任人名单', font: XBS, size: 22, jc: 'center' },
      body('（略）'),
    );
  },
  [],
  '附件另起一页',
);
layout(
  'letter-good',
  (d) => {
    d.paras[0] = { ...d.paras[0], text: '某某市人民政府办公室' };
    d.paras[3] = {
      ...d.paras[3],
      text: '某政办函〔2024〕8号',
      jc: 'right',
      border: { bottom: { val: 'thinThickSmallGap', sz: 24, color: 'FF0000' } },
    };
    d.paras[6] = { ...d.paras[6], text: '某某市人民政府办公室关于商请支持防汛物资调配的函' };
    d.paras[13] = body('特此函告。');
    d.paras.splice(21, 3);
    d.titlePg = true;
    d.footers.first = { text: '', font: SONG, size: 14 };
  },
  [],
  '信函格式：首页不显示页码，无版记',
);
layout(
  'letter-page-one-numbered',
  (d) => {
    d.paras[0] = { ...d.paras[0], text: '某某市人民政府办公室' };
    d.paras[3] = {
      ...d.paras[3],
      text: '某政办函〔2024〕8号',
      jc: 'right',
      border: { bottom: { val: 'thinThickSmallGap', sz: 24, color: 'FF0000' } },
    };
    d.paras[6] = { ...d.paras[6], text: '某某市人民政府办公室关于商请支持防汛物资调配的函' };
    d.paras[13] = body('特此函告。');
    d.paras.splice(21, 3);
  },
  ['layout/page-number'],
  '信函首页显示了页码',
);
layout(
  'order-bad-number',
  (d) => {
    d.paras[0] = { ...d.paras[0], text: '某某市人民政府令' };
    d.paras[3] = { text: '第05号', font: FANG, size: 16, jc: 'center' };
    d.paras[6] = { ...d.paras[6], text: '某某市防汛管理办法' };
    d.paras.splice(8, 1);
  },
  ['layout/special-format'],
  '令号编了虚位',
);
layout(
  'minutes-attendance-font',
  (d) => {
    d.paras[0] = { ...d.paras[0], text: '某某市人民政府常务会议纪要' };
    d.paras[3] = {
      text: '第5期',
      font: FANG,
      size: 16,
      jc: 'center',
      border: { bottom: { sz: 12, color: 'FF0000', space: 11 } },
    };
    d.paras[6] = { ...d.paras[6], text: '关于防汛工作的会议纪要' };
    d.paras.splice(17, 0, { text: '出席：张三、李四', font: FANG, size: 16, ind: { firstLine: 640 } });
  },
  ['layout/special-format'],
  '纪要“出席”未用黑体',
);

layout(
  'review-text-fixes',
  (d) => {
    d.paras[3] = { ...d.paras[3], runs: [{ text: '某政发[20' }, { text: '24]5号' }] };
    d.paras[9] = {
      ...d.paras[9],
      runs: [
        { text: '为切实做好今年防汛工作,保障' },
        { text: '人民群众生命财产安全', bold: true },
        { text: '，现将有关事项通知如下。' },
      ],
    };
  },
  [],
  '文本问题（文号括号、半角逗号）跨多个 run：审阅稿中的修订与批注',
);

// Bad input: each must give a clear error, never a crash.
const bad = (name, bytes, code, note) => fixtures.push({ name, bytes, expected: { error: code, note } });
const good = build(base());
bad('bad-input-not-zip', strToU8('这不是一个 Word 文档。\n'), 'not-a-zip', '纯文本改名为 .docx');
bad(
  'bad-input-no-document',
  zipParts({ 'word/styles.xml': strToU8('<w:styles/>') }),
  'no-document-part',
  'zip 中没有 word/document.xml',
);
const ole = new Uint8Array(2048);
ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
[...'EncryptedPackage'].forEach((c, i) => {
  ole[1024 + i * 2] = c.charCodeAt(0);
});
bad('bad-input-encrypted', ole, 'encrypted', '设有打开密码的 OLE 容器（EncryptedPackage）');
bad(
  'bad-input-doctype',
  zipParts({
    '[Content_Types].xml': strToU8('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    'word/document.xml': strToU8(
      `<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<w:document xmlns:w="${W}"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>`,
    ),
  }),
  'xml-doctype',
  'XML 含 DOCTYPE 与实体（拒绝展开）',
);
bad('bad-input-truncated', good.slice(0, Math.floor(good.length / 2)), 'corrupt-zip', '文件被截断');
bad(
  'bad-input-html',
  strToU8('<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body><p>某某通知</p></body></html>\n'),
  'html',
  '网页另存为 .docx 扩展名',
);
bad(
  'bad-input-rtf',
  strToU8('{\\rtf1\\ansi\\ansicpg936 {\\fonttbl{\\f0 SimSun;}} \\f0 test}\n'),
  'rtf',
  'RTF 改名为 .docx',
);
bad(
  'bad-input-zip-bomb',
  zipSync({
    '[Content_Types].xml': [strToU8('<Types/>'), { mtime: MTIME }],
    'word/document.xml': [new Uint8Array(80 * 1024 * 1024), { level: 9, mtime: MTIME }],
  }),
  'part-too-large',
  '一个部件解压后 80 MB（压缩炸弹）',
);

mkdirSync(outDir, { recursive: true });
for (const f of fixtures) {
  writeFileSync(join(outDir, `${f.name}.docx`), f.bytes);
  writeFileSync(join(outDir, `${f.name}.expected.json`), `${JSON.stringify(f.expected, null, 2)}\n`);
}
console.log(`make-docx-fixtures: ${fixtures.length} fixtures in ${outDir}`);
