import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  ImportedXmlComponent,
  LineRuleType,
  Packer,
  Paragraph,
  Tab,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  DocumentGridType,
  WidthType,
} from 'docx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { GovDocument } from '../../document/types.js';
import type { Profile } from '../../engine/types.js';
import { readDraft, type BodyParagraph, type Draft } from './draft.js';
import { layoutOf, mmToTwips, num, type Layout } from './layout.js';
import { breakTitle, countLines, textWidth } from './measure.js';

type Group = 'FANGSONG' | 'HEITI' | 'KAITI' | 'XBS' | 'SONG';

interface RunSpec {
  text: string;
  group: Group;
  sizePt: number;
  red?: boolean;
  /** Character spacing in twips (the 28-characters-per-line pitch for 3号 text). */
  spacing?: number;
  tab?: boolean;
}

interface ParaSpec {
  runs: RunSpec[];
  align?: 'left' | 'center' | 'right' | 'both';
  /** Indents in characters of the element's size. */
  firstChars?: number;
  leftChars?: number;
  rightChars?: number;
  hangingChars?: number;
  /** The size one indent character has (pt). */
  charPt?: number;
  /** Exact line height (twips); the body line pitch unless given. */
  line?: number;
  before?: number;
  pageBreakBefore?: boolean;
  keepNext?: boolean;
  border?: { side: 'top' | 'bottom'; style: string; sizeEighths: number; color: string; spacePt: number };
  tabs?: Array<{ type: 'left' | 'right'; pos: number }>;
  /** Lines this paragraph takes, for the page estimate. */
  lines?: number;
  /** Runs written as XML ahead of the text (the 信函 text box). */
  rawRuns?: string;
}

export interface BuildResult {
  bytes: Uint8Array;
  /** Estimated page count (the 版记 on an even page). */
  pages: number;
  /** Estimated height (twips) taken on the page where the main flow ends, before the 版记. */
  lastPageUsed: number;
  warnings: string[];
}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Builds a GB/T 9704 .docx from a parsed Markdown draft, with every number taken from the profile. */
export async function buildDocx(doc: GovDocument, profile: Profile): Promise<BuildResult> {
  return buildDraft(readDraft(doc), profile);
}

export async function buildDraft(draft: Draft, profile: Profile): Promise<BuildResult> {
  const w = new Writer(draft, layoutOf(profile));
  return w.build();
}

class Writer {
  /** The main flow, with line counts, so the writer knows on which page the 版记 lands. */
  private readonly flow: ParaSpec[] = [];
  private readonly warnings: string[];
  private readonly L: Layout;
  private readonly d: Draft;

  constructor(draft: Draft, layout: Layout) {
    this.d = draft;
    this.L = layout;
    this.warnings = [...draft.warnings];
  }

  // ---- helpers -------------------------------------------------------------------------------------------------

  private size(element: string): number {
    return num(this.L.el[element] ?? {}, 'sizePt', `elements.${element}`);
  }
  private group(element: string, key = 'font'): Group {
    return String(this.L.el[element]?.[key] ?? 'FANGSONG') as Group;
  }
  private w(key: string): number {
    return num(this.L.writer, key, 'writer');
  }
  /** A run of an element in its own font and size; 3号 text gets the grid's character spacing. */
  private run(text: string, element: string, extra: Partial<RunSpec> = {}): RunSpec {
    const sizePt = this.size(element);
    return {
      text,
      group: this.group(element),
      sizePt,
      ...(sizePt === this.L.bodySizePt ? { spacing: this.L.bodyCharSpacing } : {}),
      ...extra,
    };
  }
  private push(p: ParaSpec): void {
    this.flow.push(p);
  }
  private blank(n = 1): void {
    for (let i = 0; i < n; i++) this.push({ runs: [], lines: 1 });
  }
  private bodyLines(text: string, first = 0, left = 0): number {
    return countLines(text, this.L.charsPerLine, first, left);
  }

  // ---- 版头 ------------------------------------------------------------------------------------------------------

  private topItems(): number {
    const d = this.d;
    let n = 0;
    const item = (text: string, element: string) => {
      this.push({ runs: text ? [this.run(text, element)] : [], align: 'left', lines: 1 });
      n++;
    };
    if (d.copyNumber || d.secrecy) item(d.copyNumber ?? '', 'copyNumber'); // §7.2.2: 密级 on line 2 even without 份号
    if (d.secrecy) item(d.secrecy, 'secrecy');
    if (d.urgency) item(d.urgency, 'urgency');
    return n;
  }

  /** 发文机关标志: centred red 小标宋, its glyph top `topMm` below the 版心 top. */
  private mark(lines: string[], topMm: number, usedTwips: number, sizePt: number): void {
    const longest = Math.max(...lines.map((l) => textWidth(l)), 1);
    const fit = Math.floor((this.L.textW / 20 / longest) * 2) / 2;
    const size = Math.max(Math.min(sizePt, fit), num(this.L.el.issuerMark ?? {}, 'minSizePt', 'elements.issuerMark'));
    if (size > fit)
      this.warnings.push(`发文机关标志“${lines[0]}”过长，按 ${size} 磅排版仍超出版心宽度（GB/T 9704-2012 7.2.4）`);
    const line = Math.round(size * 20 * this.w('markLineFactor'));
    const before = Math.max(0, mmToTwips(topMm) - usedTwips - (line - size * 20) / 2);
    lines.forEach((text, i) => {
      this.push({
        runs: text ? [{ text, group: this.group('issuerMark'), sizePt: size, red: true }] : [],
        align: 'center',
        line,
        ...(i === 0 ? { before: Math.round(before) } : {}),
      });
    });
  }

  /** 发文字号 (and 签发人 for 上行文) followed by the red separator 4 mm below it (§7.2.5–7.2.7). */
  private docNumberAndSeparator(separator: boolean): void {
    const d = this.d;
    const L = this.L;
    const num1 = d.docNumber ?? '';
    if (d.upward && d.signers.length) {
      // 上行文: 文号 one character from the left, 签发人 ending one character from the right, on one line (§7.2.6).
      const rows: string[][] = [];
      for (let i = 0; i < d.signers.length; i += 2) rows.push(d.signers.slice(i, i + 2));
      const oneChar = this.size('signer') * 20;
      const pitch = oneChar + this.L.bodyCharSpacing;
      const rightEdge = L.textW - num(L.el.signer ?? {}, 'rightIndentChars', 'elements.signer') * oneChar;
      const label = '签发人：';
      const first = label + rows[0]!.join('　');
      // Names on the following rows start under the first name of the row above (§7.2.6).
      const namesAt = Math.round(rightEdge - (textWidth(first) - textWidth(label)) * pitch);
      rows.forEach((names, i) => {
        const last = i === rows.length - 1;
        const runs: RunSpec[] = [];
        if (last && num1) runs.push(this.run(num1, 'docNumber'));
        if (runs.length || i > 0) runs.push(this.run('', 'signer', { tab: true }));
        if (i === 0) runs.push({ ...this.run(label, 'signer'), group: this.group('signer', 'labelFont') });
        runs.push({ ...this.run(names.join('　'), 'signer'), group: this.group('signer', 'nameFont') });
        this.push({
          runs,
          align: i === 0 && !(last && num1) ? 'right' : 'left',
          ...(i === 0 && !(last && num1)
            ? { rightChars: num(L.el.signer ?? {}, 'rightIndentChars', 'elements.signer') }
            : {}),
          leftChars: last && num1 ? num(L.el.docNumber ?? {}, 'upwardLeftIndentChars', 'elements.docNumber') : 0,
          tabs: [i === 0 ? { type: 'right', pos: rightEdge } : { type: 'left', pos: namesAt }],
          lines: 1,
        });
      });
    } else if (num1) {
      this.push({ runs: [this.run(num1, 'docNumber')], align: 'center', lines: 1 });
    } else {
      this.blank();
    }
    // The rule sits on an empty paragraph whose height puts it 4 mm below the 文号 glyphs, so the 文号 line keeps
    // the standard's indents while the rule spans the whole 版心.
    const gap =
      mmToTwips(num(L.el.separator ?? {}, 'belowDocNumberMm', 'elements.separator')) -
      (L.linePitch - this.size('docNumber') * 20) / 2;
    const h = Math.max(20, Math.round(gap));
    this.push({
      runs: [],
      line: h,
      ...(separator
        ? {
            border: {
              side: 'bottom',
              style: BorderStyle.SINGLE,
              sizeEighths: Math.round(this.w('separatorThicknessPt') * 8),
              color: L.red,
              spacePt: 0,
            },
          }
        : {}),
    });
  }

  /**
   * A blank line whose height brings the flow back onto whole body lines after the 版头 (whose mark, rules and
   * spacing are not multiples of the line pitch), within half a line, so that every later line sits on the 22-line
   * grid and the page count is known exactly.
   */
  private snappedBlank(): void {
    const pitch = this.L.linePitch;
    const r = this.estimate().used % pitch;
    let delta = r === 0 ? 0 : pitch - r;
    if (delta > pitch / 2) delta -= pitch;
    this.push({ runs: [], line: Math.round(pitch + delta), lines: 1 });
  }

  private title(blankBefore: number): void {
    const d = this.d;
    // Without a title (命令, many 纪要) the body takes the title's place, the same lines below the 版头.
    if (blankBefore > 0) {
      this.blank(blankBefore - 1);
      this.snappedBlank();
    }
    if (!d.title) return;
    const lines = breakTitle(d.title, this.w('titleMaxCharsPerLine'), [...d.issuers, ...d.signatures]);
    for (const t of lines) this.push({ runs: [this.run(t, 'title')], align: 'center', lines: 1 });
  }

  private addressee(): void {
    if (!this.d.addressee) return;
    if (this.d.title) this.blank(num(this.L.el.addressee ?? {}, 'blankLinesAfterTitle', 'elements.addressee'));
    this.push({
      runs: [this.run(this.d.addressee, 'addressee')],
      align: 'both',
      lines: this.bodyLines(this.d.addressee),
    });
  }

  // ---- 主体 ------------------------------------------------------------------------------------------------------

  private bodyParagraph(p: BodyParagraph, extra: Partial<ParaSpec> = {}): void {
    const indent = num(this.L.el.body ?? {}, 'firstLineIndentChars', 'elements.body');
    let runs: RunSpec[];
    if (p.kind === 'heading' && p.level) {
      const element = `heading${p.level}`;
      // A heading that runs into its paragraph covers the text up to and including the first 。 (GB/T 9704-2012 7.3.3).
      const stop = p.text.indexOf('。');
      const head = stop >= 0 && stop < p.text.length - 1 ? p.text.slice(0, stop + 1) : p.text;
      runs = [this.run(head, element)];
      if (head.length < p.text.length) runs.push(this.run(p.text.slice(head.length), 'body'));
    } else runs = [this.run(p.text, 'body')];
    this.push({ runs, align: 'both', firstChars: indent, lines: this.bodyLines(p.text, indent), ...extra });
  }

  private attachmentNote(): void {
    const items = this.d.attachments;
    if (!items.length) return;
    this.blank(num(this.L.el.attachmentNote ?? {}, 'blankLinesAfterBody', 'elements.attachmentNote'));
    const indent = num(this.L.el.attachmentNote ?? {}, 'firstLineIndentChars', 'elements.attachmentNote');
    const label = '附件：';
    if (items.length === 1) {
      const text = label + items[0]!;
      // Wrapped lines align with the first character of the name.
      this.push({
        runs: [this.run(text, 'attachmentNote')],
        align: 'left',
        leftChars: indent + 3,
        hangingChars: 3,
        lines: this.bodyLines(text, indent, indent + 3),
      });
      return;
    }
    items.forEach((name, i) => {
      const numText = `${i + 1}.`;
      const numW = textWidth(numText);
      const text = (i === 0 ? label : '') + numText + name;
      const left = indent + 3 + numW;
      this.push({
        runs: [this.run(text, 'attachmentNote')],
        align: 'left',
        leftChars: left,
        hangingChars: i === 0 ? 3 + numW : numW,
        lines: this.bodyLines(text, indent, left),
      });
    });
  }

  private attendance(): void {
    if (!this.d.attendance.length) return;
    this.blank();
    for (const a of this.d.attendance) {
      const text = `${a.label}：${a.names}`;
      this.push({
        runs: [this.run(`${a.label}：`, 'body', { group: 'HEITI' }), this.run(a.names, 'body')],
        align: 'both',
        leftChars: 2 + 3,
        hangingChars: 3,
        lines: this.bodyLines(text, 2, 5),
      });
    }
  }

  /** 署名, 成文日期 and 附注 (§7.3.5, §7.3.6). */
  private signatureBlock(): void {
    const d = this.d;
    const L = this.L;
    const sigs = d.signatures;
    const date = d.date;
    if (!sigs.length && !date) return;
    const S = Math.max(0, ...sigs.map(textWidth));
    const D = date ? textWidth(date) : 0;
    let sigRight: number;
    let dateRight: number;
    if (d.format === '命令') {
      this.blank(this.w('orderBlankLines'));
      sigRight = num(L.el.date ?? {}, 'sealedRightIndentChars', 'elements.date');
      for (const s of sigs)
        this.push({ runs: [this.run(s, 'signature')], align: 'right', rightChars: sigRight, lines: 1 });
      if (date) {
        this.blank();
        this.push({ runs: [this.run(date, 'date')], align: 'right', rightChars: sigRight, lines: 1 });
      }
    } else {
      if (d.sealed || !sigs.length) {
        dateRight = num(L.el.date ?? {}, 'sealedRightIndentChars', 'elements.date');
        // 署名 centred over the date (§7.3.5.1).
        sigRight = Math.max(0, dateRight + (D - S) / 2);
        this.blank(sigs.length ? this.w('sealedBlankLines') : 1);
      } else {
        const gap = num(L.el.signature ?? {}, 'unsealedRightIndentChars', 'elements.signature');
        // §7.3.5.2: the date starts two characters right of the 署名's start.
        if (D <= S) {
          sigRight = gap;
          dateRight = S - D;
        } else {
          dateRight = gap;
          sigRight = D - S + 2 * gap;
        }
        this.blank(1);
      }
      for (const s of sigs)
        this.push({
          runs: [this.run(s, 'signature')],
          align: 'right',
          rightChars: sigRight + ((S - textWidth(s)) / 2) * (d.sealed ? 1 : 0),
          lines: 1,
        });
      if (date) this.push({ runs: [this.run(date, 'date')], align: 'right', rightChars: dateRight, lines: 1 });
    }
    if (d.annotation) {
      const indent = num(L.el.annotation ?? {}, 'firstLineIndentChars', 'elements.annotation');
      this.push({
        runs: [this.run(d.annotation, 'annotation')],
        align: 'both',
        firstChars: indent,
        lines: this.bodyLines(d.annotation, indent),
      });
    }
  }

  private attachmentPages(): void {
    for (const page of this.d.attachmentPages) {
      this.push({ runs: [this.run(page.label, 'attachmentLabel')], align: 'left', pageBreakBefore: true, lines: 1 });
      if (page.title) {
        this.blank();
        for (const t of breakTitle(page.title, this.w('titleMaxCharsPerLine')))
          this.push({ runs: [this.run(t, 'attachmentTitle')], align: 'center', lines: 1 });
        this.blank();
      }
      for (const p of page.paragraphs) this.bodyParagraph(p);
    }
  }

  // ---- 版记 ------------------------------------------------------------------------------------------------------

  private recordRows(): Array<{ runs: RunSpec[]; tabs?: ParaSpec['tabs']; hangingChars?: number; lines: number }> {
    const d = this.d;
    const L = this.L;
    const rec = L.el.recordEntries ?? {};
    const size = num(rec, 'sizePt', 'elements.recordEntries');
    const sideChars = num(rec, 'leftIndentChars', 'elements.recordEntries');
    const cap = Math.floor((L.textW / 20 - 2 * sideChars * size) / size);
    const rows: Array<{ runs: RunSpec[]; tabs?: ParaSpec['tabs']; hangingChars?: number; lines: number }> = [];
    const r = (text: string): RunSpec => ({ text, group: this.group('recordEntries'), sizePt: size });
    if (d.cc) rows.push({ runs: [r(`抄送：${d.cc}`)], hangingChars: 3, lines: countLines(`抄送：${d.cc}`, cap, 0, 3) });
    if (d.format !== '信函' && (d.printer || d.printDate)) {
      const right = d.printDate ? `${d.printDate}印发` : '';
      rows.push({
        runs: [r(d.printer ?? ''), r(''), r(right)].map((x, i) => (i === 1 ? { ...x, tab: true } : x)),
        tabs: [{ type: 'right', pos: L.textW - num(rec, 'rightIndentChars', 'elements.recordEntries') * size * 20 }],
        lines: 1,
      });
    }
    return rows;
  }

  /** Thickness (eighths of a point) of the 版记 rules: thick above the first and below the last entry, thin between. */
  private recordRules(): { thick: number; thin: number } {
    const lines = this.L.el.recordLines ?? {};
    const eighths = (mm: number) => Math.round((mm / 25.4) * 72 * 8);
    return {
      thick: eighths(num(lines, 'thickMm', 'elements.recordLines')),
      thin: eighths(num(lines, 'thinMm', 'elements.recordLines')),
    };
  }

  /** Height of the 版记 in twips: its lines plus the rules, which add their width to the paragraphs. */
  private recordHeight(rows: ReturnType<Writer['recordRows']>): number {
    const { thick, thin } = this.recordRules();
    const ruled = this.d.format !== '信函';
    const lines = rows.reduce((a, r) => a + r.lines, 0) * this.L.linePitch;
    return lines + (ruled ? (2 * thick + (rows.length - 1) * thin) * 2.5 : 0);
  }

  /**
   * The 版记 as a one-column table as wide as the 版心: thick rules above the first and below the last entry, thin
   * ones between, entries 1 character in on both sides (§7.4).
   */
  private recordTable(rows: ReturnType<Writer['recordRows']>): Table {
    const L = this.L;
    const rec = L.el.recordEntries ?? {};
    const size = num(rec, 'sizePt', 'elements.recordEntries');
    const { thick, thin } = this.recordRules();
    const ruled = this.d.format !== '信函';
    const none = { style: BorderStyle.NONE, size: 0, color: 'auto' };
    const rule = (sz: number) => (ruled ? { style: BorderStyle.SINGLE, size: sz, color: '000000' } : none);
    const width = mmToTwips(num(L.el.recordLines ?? {}, 'widthMm', 'elements.recordLines'));
    return new Table({
      width: { size: width, type: WidthType.DXA },
      columnWidths: [width],
      layout: TableLayoutType.FIXED,
      margins: { left: 0, right: 0, top: 0, bottom: 0 },
      borders: {
        top: rule(thick),
        bottom: rule(thick),
        insideHorizontal: rule(thin),
        left: none,
        right: none,
        insideVertical: none,
      },
      rows: rows.map(
        (row) =>
          new TableRow({
            cantSplit: true,
            children: [
              new TableCell({
                width: { size: width, type: WidthType.DXA },
                margins: { left: 0, right: 0, top: 0, bottom: 0 },
                children: [
                  this.paragraph({
                    runs: row.runs,
                    align: 'left',
                    leftChars: num(rec, 'leftIndentChars', 'elements.recordEntries') + (row.hangingChars ?? 0),
                    rightChars: num(rec, 'rightIndentChars', 'elements.recordEntries'),
                    ...(row.hangingChars ? { hangingChars: row.hangingChars } : {}),
                    charPt: size,
                    ...(row.tabs ? { tabs: row.tabs } : {}),
                  }),
                ],
              }),
            ],
          }),
      ),
    });
  }

  // ---- pagination estimate ---------------------------------------------------------------------------------------

  /** Page and height used on it after the flow so far; lines are exact, so this follows the real layout closely. */
  private estimate(): { page: number; used: number } {
    let page = 1;
    let used = 0;
    for (const p of this.flow) {
      if (p.pageBreakBefore) {
        page++;
        used = 0;
      }
      used += (p.before ?? 0) + (p.border ? p.border.sizeEighths * 2.5 + p.border.spacePt * 20 : 0);
      const lh = p.line ?? this.L.linePitch;
      for (let i = 0; i < (p.lines ?? 1); i++) {
        if (used + lh > this.L.textH) {
          page++;
          used = 0;
        }
        used += lh;
      }
    }
    return { page, used };
  }

  // ---- docx ------------------------------------------------------------------------------------------------------

  private font(g: Group) {
    const name = this.L.fonts[g] ?? g;
    return { ascii: name, eastAsia: name, hAnsi: name, cs: name };
  }

  private textRun(r: RunSpec): TextRun {
    return new TextRun({
      ...(r.tab ? { children: [new Tab()] } : { text: r.text }),
      font: this.font(r.group),
      size: Math.round(r.sizePt * 2),
      sizeComplexScript: Math.round(r.sizePt * 2),
      ...(r.red ? { color: this.L.red } : {}),
      ...(r.spacing ? { characterSpacing: r.spacing } : {}),
    });
  }

  private paragraph(p: ParaSpec, extra: Record<string, unknown> = {}): Paragraph {
    const charPt = p.charPt ?? p.runs[0]?.sizePt ?? this.L.bodySizePt;
    const tw = (chars: number | undefined) => Math.round((chars ?? 0) * charPt * 20);
    const indent: Record<string, number> = {};
    if (p.leftChars) indent.left = tw(p.leftChars);
    if (p.rightChars) indent.right = tw(p.rightChars);
    if (p.hangingChars) indent.hanging = tw(p.hangingChars);
    if (p.firstChars) {
      indent.firstLine = tw(p.firstChars);
      indent.firstLineChars = Math.round(p.firstChars * 100);
    }
    const align = {
      left: AlignmentType.LEFT,
      center: AlignmentType.CENTER,
      right: AlignmentType.RIGHT,
      both: AlignmentType.JUSTIFIED,
    }[p.align ?? 'both'];
    const runs = p.runs.length ? p.runs.map((r) => this.textRun(r)) : [];
    const para = new Paragraph({
      alignment: align,
      widowControl: false,
      ...(Object.keys(indent).length ? { indent } : {}),
      spacing: { line: p.line ?? this.L.linePitch, lineRule: LineRuleType.EXACT, before: p.before ?? 0, after: 0 },
      ...(p.pageBreakBefore ? { pageBreakBefore: true } : {}),
      ...(p.keepNext ? { keepNext: true } : {}),
      ...(p.tabs
        ? {
            tabStops: p.tabs.map((t) => ({
              type: t.type === 'right' ? TabStopType.RIGHT : TabStopType.LEFT,
              position: t.pos,
            })),
          }
        : {}),
      ...(p.border
        ? {
            border: {
              [p.border.side]: {
                style: p.border.style,
                size: p.border.sizeEighths,
                color: p.border.color,
                space: p.border.spacePt,
              },
            },
          }
        : {}),
      children: runs.length
        ? runs
        : [
            new TextRun({
              text: '',
              size: Math.round(Math.min(this.L.bodySizePt, (p.line ?? this.L.linePitch) / 20) * 2),
            }),
          ],
      ...extra,
    });
    if (p.rawRuns) {
      const imported = ImportedXmlComponent.fromXmlString(p.rawRuns);
      const wrapper = (imported as unknown as { root: Array<{ root: unknown[] }> }).root[0]!;
      (para as unknown as { root: unknown[] }).root.splice(1, 0, ...wrapper.root.filter((c) => typeof c === 'object'));
    }
    return para;
  }

  /** Height of the page-number line and where its middle (the dash) lies above the page's lower edge. */
  private pageNumberGeometry(): { line: number; dashFromBottom: number } {
    const el = this.L.el.pageNumber ?? {};
    const size = num(el, 'sizePt', 'elements.pageNumber');
    return {
      line: Math.round(size * 20 * this.w('footerLineFactor')),
      dashFromBottom: this.L.bottom - mmToTwips(num(el, 'belowTextBlockMm', 'elements.pageNumber')),
    };
  }

  /** "— 1 —" with a PAGE field that carries a result, so no client shows a bare field code. */
  private pageNumberFooter(side: 'left' | 'right', footerDistance: number): Footer {
    const el = this.L.el.pageNumber ?? {};
    const size = num(el, 'sizePt', 'elements.pageNumber');
    const dash = String(el.dash ?? '—');
    const name = escapeXml(this.L.fonts[String(el.font ?? 'SONG')] ?? '宋体');
    const rPr = `<w:rPr><w:rFonts w:ascii="${name}" w:eastAsia="${name}" w:hAnsi="${name}" w:cs="${name}" w:hint="eastAsia"/><w:sz w:val="${size * 2}"/><w:szCs w:val="${size * 2}"/></w:rPr>`;
    const rPrDigits = rPr.replace(' w:hint="eastAsia"', '');
    const xml =
      `<w:r>${rPr}<w:t xml:space="preserve">${dash} </w:t></w:r>` +
      `<w:r>${rPrDigits}<w:fldChar w:fldCharType="begin"/></w:r>` +
      `<w:r>${rPrDigits}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
      `<w:r>${rPrDigits}<w:fldChar w:fldCharType="separate"/></w:r>` +
      `<w:r>${rPrDigits}<w:t>1</w:t></w:r>` +
      `<w:r>${rPrDigits}<w:fldChar w:fldCharType="end"/></w:r>` +
      `<w:r>${rPr}<w:t xml:space="preserve"> ${dash}</w:t></w:r>`;
    const imported = ImportedXmlComponent.fromXmlString(
      `<w:root xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${xml}</w:root>`,
    );
    const indentTw = Math.round(num(el, 'indentChars', 'elements.pageNumber') * size * 20);
    const { line, dashFromBottom } = this.pageNumberGeometry();
    const para = new Paragraph({
      alignment: side === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
      indent: side === 'right' ? { right: indentTw } : { left: indentTw },
      spacing: {
        line,
        lineRule: LineRuleType.EXACT,
        before: 0,
        after: Math.max(0, Math.round(dashFromBottom - line / 2 - footerDistance)),
      },
      children: [],
    });
    // The imported component wraps the runs in <w:root>; move the runs themselves into the paragraph.
    const wrapper = (imported as unknown as { root: Array<{ root: unknown[] }> }).root[0]!;
    (para as unknown as { root: unknown[] }).root.push(
      ...wrapper.root.filter((c) => typeof c === 'object' && (c as { rootKey?: string }).rootKey === 'w:r'),
    );
    return new Footer({ children: [para] });
  }

  async build(): Promise<BuildResult> {
    const d = this.d;
    const L = this.L;
    let firstFooter: Footer | undefined;
    const geo = this.pageNumberGeometry();
    let footerDistance = Math.round(geo.dashFromBottom - geo.line / 2);

    if (d.format === '信函') {
      const f = L.formats.letter ?? {};
      const size = this.w('letterMarkSizePt');
      const line = Math.round(size * 20 * this.w('markLineFactor'));
      const lineLen = mmToTwips(num(f, 'doubleLineLengthMm', 'formats.letter'));
      const overhang = Math.round((lineLen - L.textW) / 2);
      const lineSz = Math.round(this.w('letterLineThicknessPt') * 8);
      const markTop = mmToTwips(num(f, 'markTopFromPageMm', 'formats.letter'));
      const boxTop = Math.round(markTop - (line - size * 20) / 2);
      const gap = Math.max(0, Math.round((mmToTwips(4) - (line - size * 20) / 2) / 20));
      // The upper double line, 4 mm below the mark, in page coordinates.
      const lineY = boxTop + line + gap * 20 + lineSz * 2.5;
      const lower = mmToTwips(num(f, 'lowerLineFromPageBottomMm', 'formats.letter'));
      firstFooter = new Footer({
        children: [
          new Paragraph({
            indent: { left: -overhang, right: -overhang },
            spacing: { line: 20, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
            ...(d.printHeader
              ? { border: { top: { style: BorderStyle.THICK_THIN_MEDIUM_GAP, size: lineSz, color: L.red, space: 0 } } }
              : {}),
            children: [new TextRun({ text: '', size: 2 })],
          }),
        ],
      });
      footerDistance = lower - 20;
      // 份号, 密级, 紧急程度 and 文号 start 7/8 of a 3号 character below the double line (§10.1).
      const first = this.flow.length;
      this.topItems();
      if (d.docNumber) this.push({ runs: [this.run(d.docNumber, 'docNumber')], align: 'right', lines: 1 });
      const sevenEighths = Math.round((L.bodySizePt * 20 * 7) / 8);
      const before = Math.max(0, Math.round(lineY + sevenEighths - L.top - (L.linePitch - L.bodySizePt * 20) / 2));
      this.title(this.flow.length > first ? 2 : 0);
      const head = this.flow[first];
      if (head) {
        head.before = before;
        // The mark sits above the 版心 (30 mm from the page top), so it goes in a page-anchored text box.
        const markText = d.printHeader ? (d.issuerMark[0] ?? '') : '';
        head.rawRuns = letterMarkXml(
          markText,
          this.L.fonts[this.group('issuerMark')] ?? '',
          size,
          line,
          L.red,
          d.printHeader ? { sz: lineSz, space: gap } : undefined,
          {
            left: Math.round((L.pageW - lineLen) / 2),
            top: boxTop,
            width: lineLen,
            height: Math.round(line + gap * 20 + lineSz * 2.5 + 20),
          },
        );
      }
    } else {
      const used = this.topItems() * L.linePitch;
      if (d.format === '命令') {
        const f = L.formats.order ?? {};
        this.mark(
          d.issuerMark.length ? d.issuerMark : [''],
          num(f, 'markTopBelowTextBlockMm', 'formats.order'),
          used,
          this.w('issuerMarkSizePt'),
        );
        this.blank(2);
        this.push({ runs: d.docNumber ? [this.run(d.docNumber, 'docNumber')] : [], align: 'center', lines: 1 });
        this.title(2); // 令号下空二行编排正文 (§10.2)
      } else {
        const topMm =
          d.format === '纪要'
            ? num(L.formats.minutes ?? {}, 'markTopBelowTextBlockMm', 'formats.minutes')
            : num(L.el.issuerMark ?? {}, 'topBelowTextBlockMm', 'elements.issuerMark');
        this.mark(d.issuerMark.length ? d.issuerMark : [''], topMm, used, this.w('issuerMarkSizePt'));
        this.blank(num(L.el.docNumber ?? {}, 'blankLinesAfterMark', 'elements.docNumber'));
        this.docNumberAndSeparator(d.printHeader);
        this.title(num(L.el.title ?? {}, 'blankLinesAfterSeparator', 'elements.title'));
      }
    }
    this.addressee();
    if (!d.addressee && d.title) this.blank(1);
    for (const p of d.body) this.bodyParagraph(p);
    this.attachmentNote();
    if (d.format === '纪要') this.attendance();
    this.signatureBlock();
    this.attachmentPages();

    // 版记 at the foot of the last even page (GB/T 9704-2012 7.4.1; even page by practice).
    const rows = this.recordRows();
    let pages: number;
    const flowEnd = this.estimate();
    const children: Array<Paragraph | Table> = this.flow.map((p) => this.paragraph(p));
    if (rows.length) {
      // The 版记 ends on the lower edge of the 版心 of an even page (GB/T 9704-2012 7.4.1; even page by practice): every line is exact, so the
      // space above it is known and filled with one spacer paragraph.
      const height = this.recordHeight(rows);
      const { page, used } = this.estimate();
      const fits = used + height <= L.textH;
      const even = d.format === '信函' || page % 2 === 0;
      const breaks = !even ? 1 : !fits ? 2 : 0;
      pages = page + breaks;
      for (let i = 0; i < breaks - 1; i++) children.push(this.paragraph({ runs: [], pageBreakBefore: true, line: 20 }));
      const top = breaks ? 0 : used;
      // Room for the paragraph that must follow a table, plus a twip-rounding margin (clients convert units).
      const trailing = 20;
      const spacer = Math.floor(L.textH - top - height - trailing - 20);
      children.push(
        this.paragraph({ runs: [], line: Math.max(20, spacer), ...(breaks ? { pageBreakBefore: true } : {}) }),
      );
      children.push(this.recordTable(rows));
      children.push(this.paragraph({ runs: [], line: trailing }));
    } else {
      pages = this.estimate().page;
    }

    const fonts = Object.keys(L.fonts) as Group[];
    const footer = {
      default: this.pageNumberFooter('right', footerDistance),
      even: this.pageNumberFooter('left', footerDistance),
      ...(firstFooter ? { first: firstFooter } : {}),
    };
    const document = new Document({
      creator: 'gongwen',
      title: d.title ?? '',
      evenAndOddHeaderAndFooters: true,
      styles: {
        default: {
          document: {
            run: { font: this.font('FANGSONG'), size: L.bodySizePt * 2 },
            paragraph: { spacing: { line: L.linePitch, lineRule: LineRuleType.EXACT } },
          },
        },
        paragraphStyles: [
          { id: 'Normal', name: 'Normal', run: { font: this.font('FANGSONG'), size: L.bodySizePt * 2 } },
        ],
      },
      sections: [
        {
          properties: {
            page: {
              size: { width: L.pageW, height: L.pageH },
              margin: {
                top: L.top,
                bottom: L.bottom,
                left: L.left,
                right: L.right,
                header: mmToTwips(this.w('headerDistanceMm')),
                footer: footerDistance,
                gutter: 0,
              },
            },
            grid: { type: DocumentGridType.LINES, linePitch: L.linePitch },
            ...(d.format === '信函' ? { titlePage: true } : {}),
          },
          footers: footer,
          children,
        },
      ],
    });
    const packed = await Packer.pack(document, 'uint8array', false, [
      { path: 'word/fontTable.xml', data: this.fontTable(fonts) },
    ]);
    const bytes = unsnap(packed);
    return { bytes, pages, lastPageUsed: Math.round(flowEnd.used), warnings: this.warnings };
  }

  private fontTable(groups: Group[]): string {
    const panose: Record<string, string> = {
      FANGSONG: '02010609030101010101',
      HEITI: '02010609060101010101',
      KAITI: '02010609030101010101',
      SONG: '02010600030101010101',
      XBS: '02000000000000000000',
    };
    const entries = groups.map((g) => {
      const name = this.L.fonts[g]!;
      const alt = this.L.fallbacks[g]?.[0];
      return `<w:font w:name="${escapeXml(name)}">${alt ? `<w:altName w:val="${escapeXml(alt)}"/>` : ''}<w:panose1 w:val="${panose[g] ?? '02010600030101010101'}"/><w:charset w:val="86"/><w:family w:val="${g === 'HEITI' ? 'modern' : 'roman'}"/><w:pitch w:val="variable"/></w:font>`;
    });
    return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${entries.join('')}</w:fonts>`;
  }
}

/**
 * Every paragraph carries an exact line height that already follows the 22-line grid; snapping to the grid as well
 * makes some clients round lines with larger type or rules (标志, 标题, 版记) up to two grid lines. The docx package has
 * no paragraph-level snapToGrid, so it is added to the XML here.
 */
function unsnap(bytes: Uint8Array): Uint8Array {
  const files = unzipSync(bytes);
  const xml = strFromU8(files['word/document.xml']!);
  const out = xml.replace(/<w:pPr>(?:(?!<\/w:pPr>).)*?<\/w:pPr>/g, (ppr) =>
    ppr.includes('<w:snapToGrid') ? ppr : ppr.replace('<w:spacing ', '<w:snapToGrid w:val="0"/><w:spacing '),
  );
  files['word/document.xml'] = strToU8(out);
  return zipSync(files);
}

/** The 信函 mark and its upper red double line (thick above, thin below) in a text box anchored to the page. */
function letterMarkXml(
  text: string,
  font: string,
  sizePt: number,
  line: number,
  red: string,
  rule: { sz: number; space: number } | undefined,
  box: { left: number; top: number; width: number; height: number },
): string {
  const pt = (tw: number) => `${(tw / 20).toFixed(2)}pt`;
  const f = escapeXml(font);
  const run = text
    ? `<w:r><w:rPr><w:rFonts w:ascii="${f}" w:eastAsia="${f}" w:hAnsi="${f}" w:cs="${f}"/><w:color w:val="${red}"/><w:sz w:val="${sizePt * 2}"/><w:szCs w:val="${sizePt * 2}"/></w:rPr><w:t>${escapeXml(text)}</w:t></w:r>`
    : '';
  const border = rule
    ? `<w:pBdr><w:bottom w:val="thickThinMediumGap" w:sz="${rule.sz}" w:space="${rule.space}" w:color="${red}"/></w:pBdr>`
    : '';
  const para = `<w:p><w:pPr>${border}<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="${line}" w:lineRule="exact"/><w:jc w:val="center"/></w:pPr>${run}</w:p>`;
  const style = `position:absolute;margin-left:${pt(box.left)};margin-top:${pt(box.top)};width:${pt(box.width)};height:${pt(box.height)};z-index:1;mso-position-horizontal-relative:page;mso-position-vertical-relative:page`;
  return (
    `<w:root xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:w10="urn:schemas-microsoft-com:office:word">` +
    `<w:r><w:pict><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe" xmlns:o="urn:schemas-microsoft-com:office:office"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>` +
    `<v:shape id="gongwen-letter-mark" type="#_x0000_t202" style="${style}" filled="f" stroked="f"><v:textbox inset="0,0,0,0"><w:txbxContent>${para}</w:txbxContent></v:textbox><w10:wrap anchorx="page" anchory="page"/></v:shape></w:pict></w:r></w:root>`
  );
}
