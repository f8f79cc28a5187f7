import type { Block, RunFormat } from '../../document/types.js';
import type { Profile, Rule, Severity } from '../../engine/types.js';
import {
  layoutContext,
  GROUP_NAMES,
  isCaptionLike,
  isUnnumberedHeading,
  mainBodyGroup,
  runInLabelEnd,
  isPlaceholder,
  isSeparatorStar,
  blockText,
  elementKey,
  fontGroupOf,
  inkRuns,
  sizeName,
  spanOf,
} from './common.js';

/** Each element's name in GB/T 9704's words (also used by print/element-font). */
export const ROLE_NAMES: Record<string, string> = {
  copyNumber: '份号',
  secrecy: '密级和保密期限',
  urgency: '紧急程度',
  issuerMark: '发文机关标志',
  docNumber: '发文字号',
  title: '标题',
  addressee: '主送机关',
  body: '正文',
  heading1: '一级标题',
  heading2: '二级标题',
  heading3: '三级标题',
  heading4: '四级标题',
  attachmentNote: '附件说明',
  signature: '署名',
  date: '成文日期',
  annotation: '附注',
  attachmentLabel: '附件标识',
  attachmentTitle: '附件标题',
  recordEntries: '版记',
  pageNumber: '页码',
};

/** How wrong fonts and sizes weigh per element (GB/T 9704-2012 5.2.2, 7.2.2–7.2.4, 7.3.1, 7.3.3, 7.4.2, 7.5). */
function severities(key: string): { font: Severity; size: Severity } {
  switch (key) {
    case 'issuerMark':
      return { font: 'warning', size: 'info' };
    case 'title':
      return { font: 'warning', size: 'error' };
    case 'attachmentTitle':
      return { font: 'info', size: 'info' };
    case 'recordEntries':
    case 'pageNumber':
      return { font: 'warning', size: 'warning' };
    default:
      return { font: 'error', size: 'error' };
  }
}

/**
 * The runs a heading's font applies to: up to and including the first 。 or ： when the heading runs into the body
 * (`（一）公司名称：…` has the 楷体 label and 仿宋 text after the colon).
 */
function headingRuns(text: string, b: Block, runs: RunFormat[]): RunFormat[] {
  const t = text.slice(b.range[0], b.range[1]);
  const stop = t.search(/[。：:！？]/);
  if (stop < 0) return runs;
  const end = b.range[0] + stop + 1;
  return runs.filter((r) => r.start < end);
}

function checkFont(
  lp: Profile,
  runs: RunFormat[],
  want: string,
  report: (runs: RunFormat[], message: string, severity: Severity) => void,
  what: string,
  severity: Severity,
): void {
  const wrong: RunFormat[] = [];
  const subs: RunFormat[] = [];
  let seen = '';
  for (const r of runs) {
    if (!r.font) continue;
    const g = fontGroupOf(lp, r.font);
    if (g?.group === want && !g.substitute) continue;
    if (g?.group === want && g.substitute) subs.push(r);
    else {
      wrong.push(r);
      seen ||= r.font;
    }
  }
  if (wrong.length) report(wrong, `${what}应使用${GROUP_NAMES[want] ?? want}（当前为“${seen}”）`, severity);
  else if (subs.length)
    report(subs, `${what}使用了替代字体“${subs[0]!.font}”，应使用${GROUP_NAMES[want] ?? want}`, 'warning');
}

/** Fonts and sizes of every element (GB/T 9704-2012 7): 标题 2号小标宋, 正文 3号仿宋, heading levels 黑体/楷体/仿宋, 版记 4号仿宋 … */
export const elementFontRule: Rule = {
  meta: {
    id: 'layout/element-font',
    level: 'error',
    kind: 'code',
    file: 'packages/core/src/rules/layout/element-font.ts',
    formats: ['docx'],
    description:
      '各要素的字体字号：正文 3号仿宋，标题 2号小标宋，一级标题黑体、二级楷体、三四级仿宋，版记 4号仿宋，页码 4号宋体等（GB/T 9704-2012 第 7 章）。',
    message: '字体或字号不符合规定',
    standard: 'GB/T 9704-2012 5.2.2',
    hasSuggestions: false,
    examples: { bad: [{ text: '正文用小四号宋体' }], good: ['正文用三号仿宋_GB2312，标题用二号方正小标宋简体'] },
  },
  create(ctx) {
    const lc = layoutContext(ctx);
    if (!lc) return;
    const { doc, lp, kind } = lc;
    const tol = lp.sizeTolerancePt;
    const blocks = doc.blocks.filter((b) => b.role !== 'blank' && b.kind !== 'table-cell');
    const minutes = kind === 'minutes';
    // The 令号 right below a 命令 mark is not body text (layout/special-format checks it).
    const marks = ctx.structure.byRole('issuer-mark');
    const orderNo =
      kind === 'order'
        ? blocks.find((b) => b.index > marks[marks.length - 1]!.index && b.kind !== 'header' && b.kind !== 'footer')
        : undefined;
    const bodyGroup = mainBodyGroup(lp, doc);
    for (const b of blocks) {
      const key = elementKey(b);
      if (!key || b === orderNo || isSeparatorStar(doc, b) || isPlaceholder(doc, b)) continue;
      // A centred paragraph among the body is a caption or a sub-title, not 正文 (the standard sets no face for it);
      // so are a table's title and notes, and a short line in 黑体 or 楷体 that heads a part without a number.
      if (
        key === 'body' &&
        (b.format?.alignment === 'center' ||
          b.kind === 'textbox' ||
          isCaptionLike(doc, b) ||
          isUnnumberedHeading(lp, doc, b, bodyGroup))
      )
        continue;
      const spec = lp.elements[key];
      if (!spec) continue;
      const sev = severities(key);
      const name = ROLE_NAMES[key] ?? key;
      let runs = inkRuns(doc, b).filter((r) => !r.hidden);
      if (b.role === 'heading') runs = headingRuns(doc.text, b, runs);
      // A run-in label set in a heading face (`说明：` in 黑体) leads the paragraph the way a heading does.
      const labelEnd = key === 'body' ? runInLabelEnd(doc, b) : -1;
      if (labelEnd >= 0) {
        const label = runs.filter((r) => r.start < labelEnd && r.slot === 'eastAsia');
        if (
          label.length &&
          label.every((r) => r.end <= labelEnd && ['HEITI', 'KAITI'].includes(fontGroupOf(lp, r.font)?.group ?? ''))
        ) {
          runs = runs.filter((r) => r.start >= labelEnd);
        }
      }
      // 签发人 shares the 文号 line in 上行文; its label and names have their own faces (layout/signer checks them).
      const signerAt = blockText(doc, b).search(/签发人[：:]/);
      if (signerAt >= 0 && b.role !== 'signer') runs = runs.filter((r) => r.end <= b.range[0] + signerAt);
      if (!runs.length) continue;
      const report = (rs: RunFormat[], message: string, severity: Severity) =>
        ctx.report({ range: spanOf(rs), message, severity, standard: spec.clause });
      // 纪要 attendance lines (出席/请假/列席) have their own typefaces (GB/T 9704-2012 10.3).
      if (minutes && /^(出席|请假|列席)[：:]/.test(blockText(doc, b).trim())) continue;
      if (key === 'pageNumber') {
        // 电报 follow rules of their own (the page-number rule leaves them alone too).
        if (kind === 'telegram') continue;
        // The page number is half-width 宋体 digits (GB/T 9704-2012 7.5): the digits' ascii slot is what matters, not the face of
        // the dashes around them.
        runs = runs.filter((r) => /\d/.test(doc.text.slice(r.start, r.end)));
        if (!runs.length) continue;
        if (spec.font)
          checkFont(
            lp,
            runs.map((r) => ({ ...r, font: r.font ?? r.fontAscii })) as RunFormat[],
            spec.font,
            report,
            name,
            sev.font,
          );
      } else if (spec.font) {
        checkFont(
          lp,
          runs.filter((r) => r.slot === 'eastAsia'),
          spec.font,
          report,
          name,
          sev.font,
        );
      }
      if (spec.sizePt !== undefined) {
        const bad = runs.filter((r) => Math.abs((r.sizePt ?? 10) - spec.sizePt!) > tol);
        if (bad.length)
          report(bad, `${name}字号应为${sizeName(spec.sizePt)}（当前为${sizeName(bad[0]!.sizePt ?? 10)}）`, sev.size);
      }
      if (spec.minSizePt !== undefined) {
        const max = Math.max(...runs.map((r) => r.sizePt ?? 10));
        if (max < spec.minSizePt - tol)
          report(runs, `${name}字号 ${max} 磅偏小，一般不小于 ${spec.minSizePt} 磅`, 'info');
      }
      if (
        (key === 'title' || key === 'issuerMark') &&
        runs.some((r) => r.bold) &&
        runs.every((r) => fontGroupOf(lp, r.font)?.group === 'XBS')
      ) {
        report(
          runs.filter((r) => r.bold),
          `${name}使用小标宋时不应再加粗`,
          'warning',
        );
      }
    }
  },
  // --fix-layout: the runs each finding covers get the element's typeface (East Asian slot) and size.
  docxFix: {
    target: 'text',
    apply(editor, diagnostics, profile) {
      const lp = profile;
      const tol = lp.sizeTolerancePt;
      let fixedRuns = 0;
      const kinds = new Set<string>();
      for (const d of diagnostics) {
        const para = editor.paragraphAt(d.range);
        if (!para) continue;
        const key = elementKey(para.block);
        const spec = key ? lp.elements[key] : undefined;
        if (!key || !spec) continue;
        const runs = para.runs(d.range);
        if (!runs) continue;
        const font = spec.font ? lp.fonts.write?.[spec.font] : undefined;
        let changed = false;
        for (const run of runs) {
          const rf = run.format;
          let touched = false;
          const group = fontGroupOf(lp, rf.font);
          if (
            font &&
            key !== 'pageNumber' &&
            rf.slot === 'eastAsia' &&
            (group?.group !== spec.font || group?.substitute)
          ) {
            run.setEastAsiaFont(font);
            touched = true;
          }
          if (spec.sizePt && Math.abs((rf.sizePt ?? 10) - spec.sizePt) > tol) {
            run.setSizePt(spec.sizePt);
            touched = true;
          }
          if (touched) {
            fixedRuns++;
            changed = true;
          }
        }
        if (changed) kinds.add(ROLE_NAMES[key] ?? key);
      }
      return fixedRuns ? `字体字号按规定修正：${fixedRuns} 处文字（${[...kinds].join('、')}）` : undefined;
    },
  },
};
