import type { Block, RunFormat } from '../../document/types.js';
import type { Rule, Severity } from '../../engine/types.js';
import {
  GROUP_NAMES, type LayoutProfile, isPlaceholder, isSeparatorStar, blockText, bodyBlocks, docxInfo, documentFormat, elementKey, fontGroupOf, inkRuns, isBlack, isRed,
  layoutProfile, sizeName, spanOf,
} from './common.js';


const ROLE_NAMES: Record<string, string> = {
  copyNumber: '份号', secrecy: '密级和保密期限', urgency: '紧急程度', issuerMark: '发文机关标志', docNumber: '发文字号', title: '标题',
  addressee: '主送机关', body: '正文', heading1: '一级标题', heading2: '二级标题', heading3: '三级标题', heading4: '四级标题',
  attachmentNote: '附件说明', signature: '署名', date: '成文日期', annotation: '附注', attachmentLabel: '附件标识',
  attachmentTitle: '附件标题', recordEntries: '版记', pageNumber: '页码',
};

/** How wrong fonts and sizes weigh per element (spec F-PAGE-06, F-HEAD-03/04/07, F-BODY-01/10, F-END-03, F-PGNO-02). */
function severities(key: string): { font: Severity; size: Severity } {
  switch (key) {
    case 'issuerMark': return { font: 'warning', size: 'info' };
    case 'title': return { font: 'warning', size: 'error' };
    case 'attachmentTitle': return { font: 'info', size: 'info' };
    case 'recordEntries': case 'pageNumber': return { font: 'warning', size: 'warning' };
    default: return { font: 'error', size: 'error' };
  }
}

/** The runs a heading's font applies to: up to and including the first 。 when the heading runs into the body. */
function headingRuns(text: string, b: Block, runs: RunFormat[]): RunFormat[] {
  const t = text.slice(b.range[0], b.range[1]);
  const stop = t.indexOf('。');
  if (stop < 0) return runs;
  const end = b.range[0] + stop + 1;
  return runs.filter((r) => r.start < end);
}

function checkFont(
  lp: LayoutProfile, runs: RunFormat[], want: string, report: (runs: RunFormat[], message: string, severity: Severity) => void,
  what: string, severity: Severity,
): void {
  const wrong: RunFormat[] = [];
  const subs: RunFormat[] = [];
  let seen = '';
  for (const r of runs) {
    if (!r.font) continue;
    const g = fontGroupOf(lp, r.font);
    if (g?.group === want && !g.substitute) continue;
    if (g?.group === want && g.substitute) subs.push(r);
    else { wrong.push(r); seen ||= r.font; }
  }
  if (wrong.length) report(wrong, `${what}应使用${GROUP_NAMES[want] ?? want}（当前为“${seen}”）`, severity);
  else if (subs.length) report(subs, `${what}使用了替代字体“${subs[0]!.font}”，应使用${GROUP_NAMES[want] ?? want}`, 'warning');
}

/** Fonts and sizes of every element (spec §0.8): 标题 2号小标宋, 正文 3号仿宋, heading levels 黑体/楷体/仿宋, 版记 4号仿宋 … */
export const elementFontRule: Rule = {
  meta: {
    id: 'layout/element-font', level: 'error', kind: 'code', formats: ['docx'],
    description: '各要素的字体字号：正文 3号仿宋，标题 2号小标宋，一级标题黑体、二级楷体、三四级仿宋，版记 4号仿宋，页码 4号宋体等（GB/T 9704-2012 第 7 章）。',
    message: '字体或字号不符合规定', standard: 'GB/T 9704-2012 5.2.2', hasSuggestions: false, examples: { bad: [{ text: '正文用小四号宋体' }], good: ['正文用三号仿宋_GB2312，标题用二号方正小标宋简体'] },
  },
  create(ctx) {
    const doc = ctx.document;
    const info = docxInfo(doc);
    if (!info) return;
    const lp = layoutProfile(ctx.profile);
    const tol = lp.sizeTolerancePt;
    const blocks = doc.blocks.filter((b) => b.role !== 'blank' && (b.kind !== 'table-cell'));
    const kind = documentFormat(doc, ctx.structure, lp);
    const minutes = kind === 'minutes';
    // The 令号 right below a 命令 mark is not body text (F-ORD-02 checks it).
    const marks = ctx.structure.byRole('issuer-mark');
    const orderNo = kind === 'order' ? blocks.find((b) => b.index > marks[marks.length - 1]!.index && b.kind !== 'header' && b.kind !== 'footer') : undefined;
    for (const b of blocks) {
      const key = elementKey(b);
      if (!key || b === orderNo || isSeparatorStar(doc, b) || isPlaceholder(doc, b)) continue;
      // A centred paragraph among the body is a caption or a sub-title, not 正文 (the standard sets no face for it).
      if (key === 'body' && (b.format?.alignment === 'center' || b.kind === 'textbox')) continue;
      const spec = lp.elements[key];
      if (!spec) continue;
      const sev = severities(key);
      const name = ROLE_NAMES[key] ?? key;
      let runs = inkRuns(doc, b).filter((r) => !r.hidden);
      if (b.role === 'heading') runs = headingRuns(doc.text, b, runs);
      // 签发人 shares the 文号 line in 上行文; its label and names have their own faces (layout/signer checks them).
      const signerAt = blockText(doc, b).search(/签发人[：:]/);
      if (signerAt >= 0 && b.role !== 'signer') runs = runs.filter((r) => r.end <= b.range[0] + signerAt);
      if (!runs.length) continue;
      const report = (rs: RunFormat[], message: string, severity: Severity) =>
        ctx.report({ range: spanOf(rs), message, severity, standard: spec.clause });
      // 纪要 attendance lines (出席/请假/列席) have their own typefaces (F-MIN-02).
      if (minutes && /^(出席|请假|列席)[：:]/.test(blockText(doc, b).trim())) continue;
      if (key === 'pageNumber') {
        // The page number is half-width 宋体 digits: the ascii slot matters here (F-PGNO-02).
        const digits = runs.filter((r) => r.slot !== 'eastAsia');
        if (spec.font) checkFont(lp, digits.map((r) => ({ ...r, font: r.font ?? r.fontAscii })) as RunFormat[], spec.font, report, name, sev.font);
      } else if (spec.font) {
        checkFont(lp, runs.filter((r) => r.slot === 'eastAsia'), spec.font, report, name, sev.font);
      }
      if (spec.sizePt !== undefined) {
        const bad = runs.filter((r) => Math.abs((r.sizePt ?? 10) - spec.sizePt!) > tol);
        if (bad.length) report(bad, `${name}字号应为${sizeName(spec.sizePt)}（当前为${sizeName(bad[0]!.sizePt ?? 10)}）`, sev.size);
      }
      if (spec.minSizePt !== undefined) {
        const max = Math.max(...runs.map((r) => r.sizePt ?? 10));
        if (max < spec.minSizePt - tol) report(runs, `${name}字号 ${max} 磅偏小，一般不小于 ${spec.minSizePt} 磅`, 'info');
      }
      if ((key === 'title' || key === 'issuerMark') && runs.some((r) => r.bold) && runs.every((r) => fontGroupOf(lp, r.font)?.group === 'XBS')) {
        report(runs.filter((r) => r.bold), `${name}使用小标宋时不应再加粗`, 'warning');
      }
    }
  },
};

/** F-PAGE-10 and F-HEAD-07: text is black; only the 发文机关标志 (and the special formats' marks) are red. */
export const textColorRule: Rule = {
  meta: {
    id: 'layout/text-color', level: 'error', kind: 'code', formats: ['docx'],
    description: '公文中文字的颜色均为黑色；发文机关标志（含信函、命令、纪要标志）为红色；不应有突出显示或底纹。',
    message: '文字颜色不符合规定', standard: 'GB/T 9704-2012 5.2.4', examples: { bad: [{ text: '正文文字为蓝色（#0000FF）' }], good: ['正文为自动（黑色），发文机关标志为红色'] },
  },
  create(ctx) {
    const doc = ctx.document;
    if (!docxInfo(doc)) return;
    const lp = layoutProfile(ctx.profile);
    for (const b of doc.blocks) {
      if (b.role === 'blank' || isSeparatorStar(doc, b)) continue;
      const runs = inkRuns(doc, b).filter((r) => !r.hidden);
      if (!runs.length) continue;
      if (b.role === 'issuer-mark') {
        const notRed = runs.filter((r) => !isRed(lp, r.color));
        if (notRed.length) ctx.report({ range: spanOf(notRed), message: '发文机关标志应使用红色', standard: 'GB/T 9704-2012 7.2.4' });
        continue;
      }
      const coloured = runs.filter((r) => !isBlack(lp, r.color));
      if (coloured.length) {
        ctx.report({ range: spanOf(coloured), message: `文字颜色应为黑色（当前为 #${coloured[0]!.color}）` });
      }
      const marked = runs.filter((r) => r.highlight || (r.shading && r.shading !== 'FFFFFF'));
      if (marked.length) ctx.report({ range: spanOf(marked), message: '文字带有突出显示或底纹，印发前应清除', severity: 'warning' });
    }
  },
};

/** F-BODY-07: body paragraphs start two characters in; wrapped lines start at the margin. */
export const bodyIndentRule: Rule = {
  meta: {
    id: 'layout/body-indent', level: 'warning', kind: 'code', formats: ['docx'],
    description: '正文每个自然段左空二字（首行缩进 2 字符），回行顶格；层次标题与正文缩进相同；主送机关顶格；附件说明左空二字。',
    message: '正文段落应首行缩进 2 字符', standard: 'GB/T 9704-2012 7.3.3', examples: { bad: [{ text: '正文段落没有首行缩进' }], good: ['正文段落首行缩进 2 字符，主送机关顶格'] },
  },
  create(ctx) {
    const doc = ctx.document;
    const info = docxInfo(doc);
    if (!info) return;
    const lp = layoutProfile(ctx.profile);
    const want = (lp.elements.body?.firstLineIndentChars as number | undefined) ?? 2;
    const charTwips = (lp.elements.body?.sizePt ?? 16) * 20;
    const tol = lp.checks.indentToleranceTwips;
    // Where the first line starts, in characters from the margin: left indent plus first-line (minus hanging) indent.
    const indentOf = (b: (typeof doc.blocks)[number]) => {
      const f = b.format ?? {};
      const left = f.leftIndentChars ?? (f.indentTwips?.left ?? 0) / charTwips;
      const first = f.firstLineIndentChars ?? ((f.indentTwips?.firstLine ?? 0) - (f.indentTwips?.hanging ?? 0)) / charTwips;
      return left + first;
    };
    for (const b of bodyBlocks(doc, info)) {
      if (b.kind !== 'paragraph') continue;
      const t = blockText(doc, b);
      // 主送机关 starts at the margin (顶格, F-BODY-05); the 附件说明 starts two characters in (F-BODY-12).
      if (b.role === 'addressee' && !/^[\s\u3000]/.test(t) && Math.abs(indentOf(b)) > 0.25) {
        ctx.report({ range: [b.range[0], Math.min(b.range[1], b.range[0] + 10)], message: '主送机关应顶格编排（不缩进）', standard: 'GB/T 9704-2012 7.3.2' });
      }
      if (b.role === 'attachment-note' && /^附件[：:]/.test(t) && Math.abs(indentOf(b) - want) > 0.25) {
        ctx.report({ range: [b.range[0], Math.min(b.range[1], b.range[0] + 10)], message: `附件说明应左空二字（首行缩进 ${want} 字符）`, standard: 'GB/T 9704-2012 7.3.4' });
      }
      if (b.role !== 'body' && b.role !== 'heading' && b.role !== 'closing') continue;
      const f = b.format ?? {};
      if (f.alignment === 'center' || f.alignment === 'right') {
        if (b.role === 'heading') ctx.report({ range: [b.range[0], b.range[1]], message: '层次标题不应居中或右对齐，应与正文一样首行缩进 2 字符', standard: 'GB/T 9704-2012 7.3.3' });
        continue;
      }
      // Spaces typed at the start do the indent's work: F-MISC-03 covers that, not this rule.
      if (/^[\s\u3000]/.test(t) || isPlaceholder(doc, b)) continue;
      // 纪要 attendance lines hang after their label (F-MIN-02), they are not body paragraphs.
      if (/^(出席|请假|列席)[：:]/.test(t)) continue;
      const chars = f.firstLineIndentChars;
      const fl = f.indentTwips?.firstLine;
      const ok = chars !== undefined ? Math.abs(chars - want) < 0.05 : fl !== undefined && Math.abs(fl - want * charTwips) <= tol;
      const hanging = (f.indentTwips?.hanging ?? 0) > 0 || (chars !== undefined && chars < 0);
      const left = f.leftIndentChars ?? (f.indentTwips?.left ?? 0) / charTwips;
      if (!ok || hanging) {
        ctx.report({ range: [b.range[0], Math.min(b.range[1], b.range[0] + 10)], message: `${b.role === 'heading' ? '层次标题' : '正文段落'}应首行缩进 ${want} 字符（左空二字）` });
      } else if (Math.abs(left) > 0.25) {
        ctx.report({ range: [b.range[0], Math.min(b.range[1], b.range[0] + 10)], message: '正文段落不应有左缩进，回行应顶格' });
      }
    }
  },
};
