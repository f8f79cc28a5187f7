/** Where a diagnostic or block sits in GovDocument.text: [start, end) in UTF-16 code units. */
export type Range = readonly [start: number, end: number];

export type SourceFormat = 'text' | 'markdown' | 'docx';

/**
 * GB/T 9704 element roles (spec §0.6). A block carries at most one role; `body` is the default for prose.
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
}

export interface BlockFormat {
  alignment?: 'left' | 'center' | 'right' | 'both' | 'distribute';
  firstLineIndentChars?: number;
  leftIndentChars?: number;
  rightIndentChars?: number;
  lineSpacingPt?: number;
  runs?: RunFormat[];
  [key: string]: unknown;
}

export interface Block {
  /** 0-based index in GovDocument.blocks. */
  index: number;
  kind: 'paragraph' | 'heading' | 'list-item' | 'table-cell' | 'code' | 'front-matter' | 'header' | 'footer' | 'textbox';
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
}

export interface InlineSuppression {
  /** Text range the suppression covers. */
  range: Range;
  /** Rule ids; empty means every rule. */
  ruleIds: string[];
}
