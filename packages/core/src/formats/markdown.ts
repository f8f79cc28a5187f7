import type { Node as YamlNode } from 'yaml';
import type { Block, DocumentNotice, ElementRole, GovDocument, InlineSuppression, Range } from '../document/types.js';
import { LineSourceMap } from '../document/lines.js';
import { MASK_CHAR } from '../document/mask.js';
import { decodeText } from './encoding.js';
import { checkLineCount, lineBlocks, normalizeLineBreaks, rememberOriginal } from './text.js';
import { findProtectedRanges } from './protect.js';
import { DocumentError } from './errors.js';
import { nodeRequire } from '../lazy.js';

interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
  position?: { start: { offset?: number }; end: { offset?: number } };
  ordered?: boolean;
}

/** Front-matter keys (with the aliases users write) → the element their value is. */
export const FRONT_MATTER_ROLES: Record<string, ElementRole> = {
  份号: 'copy-number',
  密级: 'secrecy',
  紧急程度: 'urgency',
  发文机关标志: 'issuer-mark',
  发文字号: 'doc-number',
  文号: 'doc-number',
  签发人: 'signer',
  标题: 'title',
  主送: 'addressee',
  主送机关: 'addressee',
  附件: 'attachment-note',
  署名: 'signature',
  发文机关署名: 'signature',
  成文日期: 'date',
  日期: 'date',
  附注: 'annotation',
  抄送: 'cc',
  抄送机关: 'cc',
  印发机关: 'print-line',
  印发日期: 'print-line',
  // Aliases the draft writer (gongwen build) also accepts.
  密级和保密期限: 'secrecy',
  紧急: 'urgency',
  缓急: 'urgency',
  版头标志: 'issuer-mark',
  附件说明: 'attachment-note',
  落款: 'signature',
};

// The Markdown and YAML parsers load with the first Markdown document, not with the engine (a text check needs neither).
type Processor = { parse(source: string): unknown };
let processor: Processor | undefined;
function markdownProcessor(): Processor {
  if (!processor) {
    const { unified } = (
      typeof require === 'function' ? require('unified') : nodeRequire('unified')
    ) as typeof import('unified');
    const remarkParse = (
      (typeof require === 'function'
        ? require('remark-parse')
        : nodeRequire('remark-parse')) as typeof import('remark-parse')
    ).default;
    const remarkFrontmatter = (
      (typeof require === 'function'
        ? require('remark-frontmatter')
        : nodeRequire('remark-frontmatter')) as typeof import('remark-frontmatter')
    ).default;
    processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']);
  }
  return processor;
}
let yamlLoaded: typeof import('yaml') | undefined;
const yamlModule = () =>
  (yamlLoaded ??= (typeof require === 'function' ? require('yaml') : nodeRequire('yaml')) as typeof import('yaml'));

const SUPPRESS_RE = /<!--\s*gongwen-(disable-next-line|disable-line|disable|enable)\b([^>]*?)-->/g;

export function readMarkdown(bytes: Uint8Array): GovDocument {
  const decoded = decodeText(bytes);
  checkLineCount(decoded.text);
  const { text: source, eol, lineBreaks } = normalizeLineBreaks(decoded.text);
  const doc = markdownDocument(source);
  doc.encoding = rememberOriginal(
    { encoding: decoded.encoding, bom: decoded.bom, eol, ...(lineBreaks ? { lineBreaks } : {}) },
    bytes,
  );
  return doc;
}

const MAX_NESTING = 64;
const MAX_INLINE_MARKS = 500;
const MAX_SETEXT = 200;
const SETEXT_UNDERLINE = /^ {0,3}(?:=+|-+)[ \t]*$/;

/**
 * Why a source is too complex for the Markdown parser, or undefined. The parser's time grows with the square of the
 * nesting depth and of the emphasis and link marks in one paragraph (20 KB of `*` took half a minute), and the tree
 * walk recurses per level. Each underlined (setext) heading copies the parser's whole event list, so thousands of
 * them take time with the square of the length (6,700 `---` under one-line paragraphs: 16 s). All are measured here
 * in one pass, before parsing.
 */
function tooComplex(source: string): DocumentNotice | undefined {
  const n = source.length;
  let marks = 0;
  let setext = 0;
  let prevText = false;
  // Front matter is YAML, measured by its own reader.
  let i = 0;
  if (/^---[ \t]*\n/.test(source)) {
    const close = /\n---[ \t]*(?:\n|$)/g;
    close.lastIndex = 3;
    const m = close.exec(source);
    if (m) i = m.index + m[0].length;
  }
  for (; i <= n; ) {
    let end = source.indexOf('\n', i);
    if (end < 0) end = n;
    let p = i;
    let indent = 0;
    let depth = 0;
    for (;;) {
      const c = source[p];
      if (c === ' ') {
        indent++;
        p++;
      } else if (c === '\t') {
        indent += 4;
        p++;
      } else if (c === '>') {
        depth++;
        p++;
      } else if ((c === '-' || c === '*' || c === '+') && (source[p + 1] === ' ' || source[p + 1] === '\t')) {
        depth++;
        p++;
      } else {
        let q = p;
        while (q < end && q - p < 9 && source.charCodeAt(q) >= 0x30 && source.charCodeAt(q) <= 0x39) q++;
        if (q > p && (source[q] === '.' || source[q] === ')') && (source[q + 1] === ' ' || source[q + 1] === '\t')) {
          depth++;
          p = q + 1;
        } else break;
      }
    }
    if (depth + indent / 2 > MAX_NESTING) {
      return {
        code: 'markdown-plain',
        message: `Markdown 嵌套超过 ${MAX_NESTING} 层，已按纯文本检查（未识别 Markdown 标记） / Markdown nested deeper than ${MAX_NESTING} levels; checked as plain text`,
      };
    }
    if (p >= end) marks = 0; // a blank line ends the paragraph
    // Counted generously (a thematic break after a paragraph line is an underline to the parser too).
    if (prevText && end - i <= 200 && SETEXT_UNDERLINE.test(source.slice(i, end)) && ++setext > MAX_SETEXT) {
      return {
        code: 'markdown-plain',
        message: `Markdown 中用“===”或“---”标出的标题超过 ${MAX_SETEXT} 个，已按纯文本检查（未识别 Markdown 标记） / over ${MAX_SETEXT} setext headings; checked as plain text`,
      };
    }
    prevText = p < end;
    for (let k = p; k < end; k++) {
      const c = source[k];
      if ((c === '*' || c === '_' || c === '[' || c === '<' || c === '!') && ++marks > MAX_INLINE_MARKS) {
        return {
          code: 'markdown-plain',
          message: `Markdown 段落中的强调、链接等标记超过 ${MAX_INLINE_MARKS} 个，已按纯文本检查（未识别 Markdown 标记） / over ${MAX_INLINE_MARKS} emphasis or link marks in one paragraph; checked as plain text`,
        };
      }
    }
    i = end + 1;
  }
  return undefined;
}

/** Builds the GovDocument of a Markdown source: prose kept in place, every other character masked. */
export function markdownDocument(source: string): GovDocument {
  const notice = tooComplex(source);
  if (notice) {
    // Read as plain text: every character is prose, so offsets and fixes still map 1:1 onto the source.
    return {
      format: 'markdown',
      text: source,
      source,
      blocks: lineBlocks(source),
      sourceMap: new LineSourceMap(source),
      protectedRanges: findProtectedRanges(source),
      notices: [notice],
    };
  }
  const tree = markdownProcessor().parse(source) as MdNode;
  const keep = new Uint8Array(source.length);
  const blocks: Block[] = [];
  const map = new LineSourceMap(source);
  let frontMatter: Record<string, unknown> | undefined;
  const suppressions: InlineSuppression[] = [];
  const htmlRanges: Range[] = [];

  const span = (n: MdNode): Range | undefined => {
    const s = n.position?.start.offset;
    const e = n.position?.end.offset;
    return s === undefined || e === undefined ? undefined : [s, e];
  };
  const markKeep = ([s, e]: Range) => keep.fill(1, s, e);
  // A text node's source may hold backslash escapes (`1\.`) and entities (`&amp;`) that its value does not: keep only
  // the characters that are the value, so rules and the writer see the text the reader of the draft sees.
  const keepText = ([s, e]: Range, value: string) => {
    if (source.slice(s, e) === value) return markKeep([s, e]);
    let i = s;
    let j = 0;
    while (i < e) {
      if (source[i] === value[j]) {
        keep[i++] = 1;
        j++;
        continue;
      }
      if (source[i] === '\\' && source[i + 1] === value[j]) {
        i++;
        continue;
      }
      if (source[i] === '&') {
        const semi = source.indexOf(';', i);
        if (semi > i && semi < e && semi - i <= 32) {
          i = semi + 1;
          j++;
          continue;
        }
      }
      i++;
    }
  };

  const addBlock = (n: MdNode, kind: Block['kind'], role?: ElementRole) => {
    const r = span(n);
    if (!r) return;
    let s = r[0];
    let e = r[1];
    while (s < e && !keep[s]) s++;
    while (e > s && !keep[e - 1]) e--;
    if (s === e) return;
    blocks.push({
      index: blocks.length,
      kind,
      range: [s, e],
      ...(role ? { role } : {}),
      source: { line: map.position(s).line },
    });
  };

  const inline = (n: MdNode): void => {
    switch (n.type) {
      case 'text': {
        const r = span(n);
        if (r) keepText(r, n.value ?? '');
        return;
      }
      case 'inlineCode':
      case 'image':
      case 'imageReference':
      case 'footnoteReference':
        return;
      case 'html': {
        const r = span(n);
        if (r) htmlRanges.push(r);
        return;
      }
      default:
        for (const c of n.children ?? []) inline(c);
    }
  };

  const block = (n: MdNode, parent?: MdNode): void => {
    switch (n.type) {
      case 'yaml':
        frontMatter = readFrontMatter(n, source, keep, blocks, map);
        return;
      case 'code':
      case 'definition':
      case 'thematicBreak':
        return;
      case 'html': {
        const r = span(n);
        if (r) htmlRanges.push(r);
        return;
      }
      case 'paragraph':
        inline(n);
        addBlock(n, parent?.type === 'listItem' ? 'list-item' : 'paragraph');
        return;
      case 'heading':
        inline(n);
        addBlock(n, 'heading');
        return;
      case 'listItem': {
        // An ordered marker ("1.") is a 序号 of the document, so it stays visible and starts the item's block;
        // a bullet is markup.
        const r = span(n);
        const first = n.children?.[0] && span(n.children[0]);
        const marker = parent?.ordered && r && first ? /^\s*(\d+[.)])/.exec(source.slice(r[0], first[0])) : null;
        const markerStart = marker ? r![0] + marker[0].length - marker[1]!.length : -1;
        if (marker) markKeep([markerStart, r![0] + marker[0].length]);
        const before = blocks.length;
        for (const c of n.children ?? []) block(c, n);
        const head = blocks[before];
        if (marker && head && head.range[0] === first![0]) head.range = [markerStart, head.range[1]];
        return;
      }
      case 'tableCell':
        inline(n);
        addBlock(n, 'table-cell', 'table-cell');
        return;
      default:
        for (const c of n.children ?? []) block(c, n);
    }
  };
  block(tree);

  // Suppression comments.
  const commentText = (r: Range) => source.slice(r[0], r[1]);
  const open = new Map<string, number>();
  for (const r of htmlRanges) {
    SUPPRESS_RE.lastIndex = 0;
    for (let m = SUPPRESS_RE.exec(commentText(r)); m; m = SUPPRESS_RE.exec(commentText(r))) {
      const ids = m[2]!.split(/[\s,]+/).filter(Boolean);
      const at = r[0] + m.index;
      if (m[1] === 'disable-next-line') {
        const next = blocks.find((b) => b.range[0] >= r[1]);
        if (next) suppressions.push({ range: lineRangeOf(source, next.range[0], next.range[1]), ruleIds: ids });
      } else if (m[1] === 'disable-line') {
        suppressions.push({ range: lineRangeOf(source, at, at), ruleIds: ids });
      } else if (m[1] === 'disable') {
        for (const id of ids.length ? ids : ['*']) if (!open.has(id)) open.set(id, r[1]);
      } else {
        for (const id of ids.length ? ids : [...open.keys()]) {
          const start = open.get(id);
          if (start !== undefined) {
            suppressions.push({ range: [start, at], ruleIds: id === '*' ? [] : [id] });
            open.delete(id);
          }
        }
      }
    }
  }
  for (const [id, start] of open) suppressions.push({ range: [start, source.length], ruleIds: id === '*' ? [] : [id] });

  // Run by run, not character by character: no per-character objects for a large source.
  let text = '';
  for (let i = 0; i < source.length; ) {
    const k = keep[i];
    let j = i + 1;
    while (j < source.length && keep[j] === k) j++;
    text += k ? source.slice(i, j) : source.slice(i, j).replace(/[^\n]/g, MASK_CHAR);
    i = j;
  }

  return {
    format: 'markdown',
    text,
    source,
    blocks,
    sourceMap: map,
    protectedRanges: findProtectedRanges(text),
    ...(frontMatter ? { frontMatter } : {}),
    suppressions,
  };
}

function lineRangeOf(source: string, start: number, end: number): Range {
  const s = source.lastIndexOf('\n', start - 1) + 1;
  let e = source.indexOf('\n', end);
  if (e < 0) e = source.length;
  return [s, e];
}

const MAX_FRONT_MATTER = 64 * 1024;
const MAX_FRONT_MATTER_DEPTH = 64;

/** Parses YAML front matter; its string values become role-labelled blocks, its keys stay masked. */
function readFrontMatter(
  n: MdNode,
  source: string,
  keep: Uint8Array,
  blocks: Block[],
  map: LineSourceMap,
): Record<string, unknown> {
  const start = n.position!.start.offset!;
  const end = n.position!.end.offset!;
  const open = source.indexOf('\n', start) + 1; // after the opening ---
  const body = source.slice(open, source.lastIndexOf('\n', end - 1) + 1);
  const { parseDocument, isMap, isScalar, isSeq } = yamlModule();
  if (body.length > MAX_FRONT_MATTER) {
    throw new DocumentError(
      'front-matter',
      `文首 YAML 数据过长（超过 ${MAX_FRONT_MATTER / 1024} KB） / front matter over ${MAX_FRONT_MATTER / 1024} KB`,
    );
  }
  // Flow collections nested thousands deep overflow the YAML parser's stack (and took the process down with them).
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '[' || c === '{') {
      if (++depth > MAX_FRONT_MATTER_DEPTH) {
        throw new DocumentError(
          'front-matter',
          `文首 YAML 数据嵌套超过 ${MAX_FRONT_MATTER_DEPTH} 层 / front matter nested deeper than ${MAX_FRONT_MATTER_DEPTH} levels`,
        );
      }
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  let ydoc: ReturnType<typeof parseDocument>;
  let value: unknown;
  try {
    ydoc = parseDocument(body, { uniqueKeys: false });
    if (ydoc.errors.length) {
      const e = ydoc.errors[0]!;
      throw new DocumentError(
        'front-matter',
        `文首 YAML 数据有误：${e.message.split('\n')[0]} / invalid YAML front matter`,
      );
    }
    // toJS refuses alias bombs (“Excessive alias count”): that is the file's fault, not ours.
    value = ydoc.toJS() as unknown;
  } catch (e) {
    if (e instanceof DocumentError) throw e;
    throw new DocumentError(
      'front-matter',
      `文首 YAML 数据有误：${(e as Error)?.message ?? String(e)} / invalid YAML front matter`,
    );
  }
  if (value !== null && (typeof value !== 'object' || Array.isArray(value))) {
    throw new DocumentError('front-matter', '文首 YAML 数据必须是“键: 值”的映射 / front matter must be a mapping');
  }
  const addScalar = (node: YamlNode | null | undefined, role: ElementRole | undefined) => {
    if (!node) return;
    if (isSeq(node)) {
      for (const item of node.items) addScalar(item as YamlNode, role);
      return;
    }
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return;
    let s = open + node.range[0];
    let e = open + node.range[1];
    if (source[s] === '"' || source[s] === "'") {
      s++;
      e--;
    }
    if (source.slice(s, e) !== node.value) return; // escaped or folded: offsets would not map back exactly
    keep.fill(1, s, e);
    blocks.push({
      index: blocks.length,
      kind: 'front-matter',
      range: [s, e],
      ...(role ? { role } : {}),
      source: { line: map.position(s).line, key: true },
    });
  };
  if (isMap(ydoc.contents)) {
    for (const pair of ydoc.contents.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      addScalar(pair.value as YamlNode, FRONT_MATTER_ROLES[key]);
    }
  }
  return (value ?? {}) as Record<string, unknown>;
}
