/** Where a diagnostic or block sits in GovDocument.text: [start, end) in UTF-16 code units. */
export type Range = readonly [start: number, end: number];

export type SourceFormat = 'text' | 'markdown' | 'docx' | 'pdf' | 'ofd';

/**
 * GB/T 9704 element roles (GB/T 9704-2012 chapter 7). A block carries at most one role; `body` is the default for prose.
 */
export type ElementRole =
  | 'copy-number' // 份号
  | 'secrecy' // 密级和保密期限
  | 'urgency' // 紧急程度
  | 'issuer-mark' // 发文机关标志
  | 'doc-number' // 发文字号
  | 'signer' // 签发人
  | 'title' // 标题
  | 'addressee' // 主送机关
  | 'heading' // 层次标题 (level in Block.level)
  | 'body' // 正文
  | 'closing' // 结束语 (特此通知。)
  | 'attachment-note' // 附件说明
  | 'signature' // 署名
  | 'date' // 成文日期
  | 'annotation' // 附注
  | 'attachment-label' // 附件 page label
  | 'attachment-title'
  | 'attachment-body'
  | 'main-recipients-end' // 版记中的主送
  | 'cc' // 抄送
  | 'print-line' // 印发机关和印发日期
  | 'page-number'
  | 'header-footer'
  | 'table-cell'
  | 'front-matter'
  | 'blank';

/** Resolved run-level format (docx); text and Markdown leave it empty. */
export interface RunFormat {
  start: number;
  end: number;
  fontEastAsia?: string;
  fontAscii?: string;
  sizePt?: number;
  bold?: boolean;
  color?: string;
  /** docx: the rFonts slot these characters render with (ECMA-376 Part 1, 17.3.2.26 rFonts) and the font of that slot. */
  slot?: 'eastAsia' | 'ascii' | 'hAnsi';
  font?: string;
  fontHAnsi?: string;
  italic?: boolean;
  underline?: boolean;
  highlight?: string;
  shading?: string;
  hidden?: boolean;
  /** Character spacing in twips (w:spacing on the run). */
  charSpacingTwips?: number;
  /** Text produced by automatic numbering (w:numPr), not typed in the document. */
  label?: boolean;
}

/** A paragraph or table border (docx): width in eighths of a point, space in points, colour hex or `auto`. */
export interface BorderInfo {
  val: string;
  sz?: number;
  color?: string;
  space?: number;
}

/** A line drawn with a shape (DrawingML or VML) anchored in a paragraph. */
export interface DrawnLine {
  kind: 'drawingml' | 'vml';
  color?: string;
  /** Length in EMU. */
  lengthEmu?: number;
  /** Stroke weight in EMU. */
  weightEmu?: number;
}

export interface BlockFormat {
  alignment?: 'left' | 'center' | 'right' | 'both' | 'distribute';
  firstLineIndentChars?: number;
  leftIndentChars?: number;
  rightIndentChars?: number;
  lineSpacingPt?: number;
  runs?: RunFormat[];
  /** docx: raw indents in twips (chars variants, when set, are in the *Chars fields above). */
  indentTwips?: { left?: number; right?: number; firstLine?: number; hanging?: number };
  /** docx: w:spacing as written (line in 240ths for `auto`, twips otherwise; before/after in twips). */
  spacing?: { line?: number; lineRule?: 'auto' | 'exact' | 'atLeast'; before?: number; after?: number };
  borders?: { top?: BorderInfo; bottom?: BorderInfo; left?: BorderInfo; right?: BorderInfo; between?: BorderInfo };
  /** The paragraph starts a new page (page break before it, w:pageBreakBefore, or a new-page section). */
  pageBreakBefore?: boolean;
  /** Index into DocxLayoutInfo.sections. */
  sectionIndex?: number;
  /** Text of the automatic numbering label, already part of the block text. */
  numberingLabel?: string;
  lines?: DrawnLine[];
  snapToGrid?: boolean;
  styleId?: string;
  /** Where the paragraph lives in the package. */
  container?: 'body' | 'table' | 'textbox' | 'header' | 'footer';
  /** Footers and headers: the paragraph holds a PAGE field; `fieldPattern` is its text with the field as `#`. */
  pageField?: boolean;
  fieldPattern?: string;
  /**
   * docx: the paragraph sits in a frame or a floating text box placed by its anchor (w:framePr xAlign, wp:positionH
   * align, VML mso-position-horizontal); where it prints is the frame's alignment, not the paragraph's.
   */
  frameAlignment?: 'left' | 'center' | 'right' | 'inside' | 'outside';
  /** Table cells: the table's borders and the cell's row. */
  table?: {
    index: number;
    row: number;
    rows: number;
    borders?: { top?: BorderInfo; bottom?: BorderInfo; insideH?: BorderInfo };
    widthTwips?: number;
  };
  [key: string]: unknown;
}

export interface Block {
  /** 0-based index in GovDocument.blocks. */
  index: number;
  kind:
    | 'paragraph'
    | 'heading'
    | 'list-item'
    | 'table-cell'
    | 'code'
    | 'front-matter'
    | 'header'
    | 'footer'
    | 'textbox';
  /** The range of the block's checkable text in GovDocument.text (without markup such as `# `). */
  range: Range;
  role?: ElementRole;
  /** 1–4 for 层次标题 一、/（一）/1./（1）. */
  level?: number;
  format?: BlockFormat;
  /** Format-specific locator, e.g. docx paragraph index or Markdown line. */
  source?: Record<string, unknown>;
}

export interface SourcePosition {
  /** 1-based line (docx: paragraph). */
  line: number;
  /** 1-based column in UTF-16 code units (docx: character in the paragraph). */
  column: number;
  /** docx body text: the 1-based page, as Word last laid it out (rendered page breaks). */
  page?: number;
  /** The page is counted from typed page and section breaks only (no rendered breaks): the least it can be. */
  pageEstimated?: boolean;
  /** PDF and OFD: the 1-based printed line on `page` (`line` then counts printed lines through the document). */
  pageLine?: number;
}

export interface SourceMap {
  /** Position in the source for an offset of GovDocument.text. */
  position(offset: number): SourcePosition;
  /** The source line (docx: paragraph text) that holds the offset, for excerpts. */
  lineText(line: number): string;
}

export interface TextEncodingInfo {
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';
  bom: boolean;
  /** Line break used for every line, or 'mixed' with the per-line list. */
  eol: '\n' | '\r\n' | '\r';
  /** The original line break of each line when they are not all the same. */
  lineBreaks?: string[];
}

export interface GovDocument {
  format: SourceFormat;
  /** The checked text. For text and Markdown it has the source's length (markup masked), so offsets map 1:1. */
  text: string;
  /** Text formats: the source with line breaks normalised to `\n` (what fixes apply to). Equal to `text` for .txt. */
  source?: string;
  blocks: Block[];
  sourceMap: SourceMap;
  /** Ranges no text rule may report in: code, HTML, URLs, e-mail addresses, link targets, front-matter keys. */
  protectedRanges: Range[];
  /** YAML front matter of a Markdown draft (版头/版记 data). */
  frontMatter?: Record<string, unknown>;
  /** Inline suppression markers found in the source. */
  suppressions?: InlineSuppression[];
  encoding?: TextEncodingInfo;
  /** Any extra data a reader wants to keep for its writer (docx package, etc.). */
  extra?: Record<string, unknown>;
  /** What a reader could not do as usual (a Markdown source too deeply nested, read as plain text); shown as `info` findings. */
  notices?: DocumentNotice[];
}

export interface DocumentNotice {
  /** Stable machine code; the finding's rule id is `gongwen/<code>`. */
  code: string;
  message: string;
}

/** One w:sectPr of a docx, with page geometry in twips. */
export interface DocxSection {
  index: number;
  pageWidth?: number;
  pageHeight?: number;
  orient?: 'portrait' | 'landscape';
  margins: {
    top?: number;
    right?: number;
    bottom?: number;
    left?: number;
    header?: number;
    footer?: number;
    gutter?: number;
  };
  grid: { type?: string; linePitch?: number; charSpace?: number };
  titlePg: boolean;
  /** Section break kind (w:type); absent means nextPage. */
  breakType?: string;
  pageNumberFormat?: string;
  pageNumberStart?: number;
  headers: Array<{ type: string; part: string }>;
  footers: Array<{ type: string; part: string }>;
  /** First and last body block of the section (indexes into GovDocument.blocks). */
  firstBlock: number;
  lastBlock: number;
}

/** What the docx reader keeps for layout rules, in GovDocument.extra.docx. */
export interface DocxLayoutInfo {
  sections: DocxSection[];
  settings: { evenAndOddHeaders: boolean; gutterAtTop: boolean; mirrorMargins: boolean; trackRevisions: boolean };
  /** The Normal style's resolved eastAsia font and size (docDefaults → Normal). */
  normal: { fontEastAsia?: string; fontAscii?: string; sizePt?: number };
  /** Tracked changes (w:ins, w:del, w:moveFrom, w:moveTo) and comments already in the document. */
  revisions: number;
  comments: number;
  /** Number of body blocks; header and footer blocks follow them in GovDocument.blocks. */
  bodyBlocks: number;
}

export interface InlineSuppression {
  /** Text range the suppression covers. */
  range: Range;
  /** Rule ids; empty means every rule. */
  ruleIds: string[];
}
