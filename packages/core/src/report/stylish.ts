import { alikeFindings } from './alike.js';
import { SummaryCounter, displayWidth, excerptSpan, locate, pagedPlace, summarize } from './locate.js';
import type { FileResult, LlmSummary, ReportFile } from './types.js';

const LEVEL_ZH = { error: '错误', warning: '警告', info: '提示' } as const;
const COLORS = {
  error: '\x1b[31m',
  warning: '\x1b[33m',
  info: '\x1b[36m',
  dim: '\x1b[2m',
  bold: '\x1b[1m',
  reset: '\x1b[0m',
};

const CONTEXT_COLUMNS = 40;
const INDENT = 11;

/** A window of a long line around [start, end), with ellipses; returns the shown text and its start offset. */
function window(line: string, start: number, end: number, radius = CONTEXT_COLUMNS): [string, number] {
  if (displayWidth(line) <= radius * 3) return [line, 0];
  let from = start;
  while (from > 0 && displayWidth(line.slice(from - 1, start)) <= radius) from--;
  // A span wider than the window itself (a whole paragraph, for its font or indent) is quoted by its beginning.
  if (displayWidth(line.slice(start, Math.min(end, start + radius * 2 + 1))) > radius * 2) {
    let cut = start;
    while (cut < end && displayWidth(line.slice(start, cut + 1)) <= radius * 2) cut++;
    end = cut;
  }
  let to = end;
  while (to < line.length && displayWidth(line.slice(end, to + 1)) <= radius) to++;
  const head = from > 0 ? '…' : '';
  return [head + line.slice(from, to) + (to < line.length ? '…' : ''), from - head.length];
}

/**
 * Splits text into lines of at most `width` terminal columns (CJK characters take two), breaking between any two
 * Chinese characters but not inside a run of Latin letters or digits (a rule id, a clause number) unless it is longer
 * than a line. Returns the [start, end) offsets of each line.
 */
export function wrapColumns(text: string, width: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const w = Math.max(8, width);
  let start = 0;
  while (start < text.length) {
    let end = start;
    let cols = 0;
    while (end < text.length) {
      const cp = text.codePointAt(end)!;
      const len = cp > 0xffff ? 2 : 1;
      const cw = displayWidth(text.slice(end, end + len));
      if (cols + cw > w) break;
      cols += cw;
      end += len;
    }
    if (end < text.length) {
      // Do not split a Latin word or number: go back to its start when the line has room before it.
      let back = end;
      while (back > start && /[\w./-]/.test(text[back - 1]!) && /[\w./-]/.test(text[back]!)) back--;
      if (back > start) end = back;
      if (end === start) end = start + 1;
    }
    out.push([start, end]);
    start = end;
    while (text[start] === ' ') start++;
  }
  return out.length ? out : [[0, 0]];
}

export const AREA_ZH: Record<string, string> = {
  layout: '版式',
  print: '版面',
  element: '要素',
  punct: '标点',
  number: '数字',
  wording: '用语',
  typo: '错别字',
  genre: '文种',
  llm: 'AI',
};

/** One line after a file's findings: counts by level and area, and the rules found most often. */
function fileSummary(diagnostics: FileResult['diagnostics']): string {
  const levels = { error: 0, warning: 0, info: 0 };
  const areas = new Map<string, number>();
  const rules = new Map<string, number>();
  for (const d of diagnostics) {
    levels[d.severity]++;
    const area = d.ruleId.split('/')[0]!;
    areas.set(area, (areas.get(area) ?? 0) + 1);
    rules.set(d.ruleId, (rules.get(d.ruleId) ?? 0) + 1);
  }
  const byCount = <K>(m: Map<K, number>) =>
    [...m].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])));
  const lv = (['error', 'warning', 'info'] as const)
    .filter((k) => levels[k])
    .map((k) => `${LEVEL_ZH[k]} ${levels[k]}`)
    .join('，');
  const ar = byCount(areas)
    .map(([a, n]) => `${AREA_ZH[a] ?? a} ${n}`)
    .join('，');
  const top = byCount(rules)
    .slice(0, 3)
    .map(([r, n]) => `${r}（${n}）`)
    .join('、');
  return `小结：${diagnostics.length} 个问题（${lv}）；按类别：${ar}；最多的是 ${top}`;
}

/** Where a clerk finds the finding: page and paragraph in a Word file, line and column elsewhere. */
function placeLabel(
  r: FileResult,
  line: number,
  column: number,
  page: number | undefined,
  estimated: boolean | undefined,
  pageLine?: number,
): string {
  if (r.format === 'pdf' || r.format === 'ofd') return pagedPlace(page, pageLine, line);
  if (r.format !== 'docx') return `${line}:${column}`;
  const kind = r.document?.blocks[line - 1]?.kind;
  if (kind === 'header' || kind === 'footer') return `${kind === 'header' ? '页眉' : '页脚'} 第${line}段`;
  const where = kind === 'table-cell' ? '表格 ' : kind === 'textbox' ? '文本框 ' : '';
  return `${page !== undefined ? `${estimated ? '约' : ''}第${page}页 ` : ''}${where}第${line}段`;
}

export interface StylishOptions {
  color?: boolean;
  llm?: LlmSummary;
  /** Terminal width in columns: long messages wrap under themselves and quotes fit. No wrapping when absent. */
  width?: number;
  /** Say how the fixable findings can be fixed (check); off where the command already says what it did (review). */
  fixHint?: boolean;
  /** Findings left out because a baseline had them. */
  baselined?: number;
}

/** How many places of the others are named under the first of findings alike. */
const PLACES_LISTED = 6;

/** At most this many unreadable files are listed by name at the end (all of them are counted). */
const FAILED_LISTED = 1000;

/**
 * The human report written file by file: `file()` gives each file's part as soon as it is checked, `end()` the
 * summary. Only the counts the summary needs are kept.
 */
export class StylishReport {
  private readonly counter = new SummaryCounter();
  private textFixable = 0;
  private readonly wordFixable = { count: 0, first: '' };
  private readonly failed: Array<[string, string]> = [];
  private failedOver = 0;
  private readonly c: (k: keyof typeof COLORS, s: string) => string;

  constructor(private readonly options: StylishOptions = {}) {
    this.c = (k, s) => (options.color ? COLORS[k] + s + COLORS.reset : s);
  }

  file(r: FileResult): string {
    this.counter.add(r);
    const n = r.diagnostics.filter((d) => d.fix).length;
    if (n && r.format === 'docx') {
      if (!this.wordFixable.count++) this.wordFixable.first = r.path;
    } else if (r.format !== 'pdf' && r.format !== 'ofd') this.textFixable += n;
    if (r.error) {
      if (this.failed.length < FAILED_LISTED) this.failed.push([r.path, r.error.code]);
      else this.failedOver++;
    }
    const { c, options } = this;
    const lines: string[] = [];
    if (!r.error && r.diagnostics.length === 0) return '';
    lines.push(c('bold', r.path));
    if (r.error) lines.push(`  ${c('error', '无法检查')}  ${r.error.message}  ${c('dim', r.error.code)}`);
    const docx = r.format === 'docx' || r.format === 'pdf' || r.format === 'ofd';
    const repeats = alikeFindings(r.diagnostics);
    for (const d of r.diagnostics) {
      const group = repeats.get(d);
      if (group && group[0] !== d) continue;
      const l = locate(r.document, d);
      const ai = d.source === 'llm' ? '[AI] ' : '';
      const place = placeLabel(r, l.line, l.column, l.page, l.pageEstimated, l.pageLine);
      const head = `  ${place.padEnd(docx ? 0 : 8)} ${c(d.severity, LEVEL_ZH[d.severity].padEnd(2))}  `;
      const headWidth = displayWidth(`  ${place.padEnd(docx ? 0 : 8)} ${LEVEL_ZH[d.severity].padEnd(2)}  `);
      // The message, its clause and the rule id as one text, wrapped under itself when the terminal is narrow.
      const msg = `${ai}${d.message}`;
      const std = d.standard ? `（${d.standard}）` : '';
      const plain = `${msg}${std}  ${d.ruleId}`;
      const paint = (from: number, to: number) => {
        const a = plain.slice(from, Math.min(to, msg.length));
        const b = plain.slice(Math.max(from, msg.length), Math.min(to, msg.length + std.length));
        const rest = plain.slice(Math.max(from, msg.length + std.length), to);
        const aiShown = ai && from === 0 ? c('dim', ai) + a.slice(ai.length) : a;
        return aiShown + (b ? c('dim', b) : '') + (rest.trim() ? rest.replace(d.ruleId, c('dim', d.ruleId)) : rest);
      };
      const room = options.width ? options.width - headWidth : 0;
      if (!options.width || room < 16 || displayWidth(plain) <= room) lines.push(head + paint(0, plain.length));
      else {
        const indent = room >= 24 ? headWidth : 4;
        const parts = wrapColumns(plain, indent === headWidth ? room : options.width - indent);
        parts.forEach(([from, to], i) => lines.push((i === 0 ? head : ' '.repeat(indent)) + paint(from, to)));
      }
      if (r.document) {
        const src = r.document.sourceMap.lineText(l.line).replace(/\uFFFC/g, ' ');
        if (src.trim()) {
          const endCol = l.endLine === l.line ? l.endColumn : src.length + 1;
          const spanWidth = displayWidth(src.slice(l.column - 1, endCol - 1));
          // Quotes are short in Word files (a paragraph is long and the page tells where it is) and fit the terminal.
          let radius = docx ? 16 : CONTEXT_COLUMNS;
          if (options.width)
            radius = Math.max(
              8,
              Math.min(radius, Math.floor((options.width - INDENT - Math.min(spanWidth, 40)) / 2) - 1),
            );
          const [shown, from] = window(src, l.column - 1, endCol - 1, radius);
          const pad = displayWidth(shown.slice(0, l.column - 1 - from));
          // No wider than the text shown after the caret's start (a long span is quoted by its beginning).
          const text = shown.endsWith('…') ? shown.slice(0, -1) : shown;
          const width = Math.max(1, Math.min(spanWidth, displayWidth(text) - pad));
          const maxCaret = options.width ? Math.max(1, options.width - INDENT - pad) : 80;
          lines.push(c('dim', `${' '.repeat(INDENT)}${shown}`));
          lines.push(
            `${' '.repeat(INDENT)}${' '.repeat(pad)}${c(d.severity, '^'.repeat(Math.min(width, 80, maxCaret)))}`,
          );
        }
      }
      if (group) {
        // The others alike, by place only: one thing to mend, not a screen of the same words.
        const places = group.slice(1, 1 + PLACES_LISTED).map((o) => {
          const ol = locate(r.document, o);
          // In a Word file the paragraph says where: the page estimate before it is left out of the list.
          const label = placeLabel(r, ol.line, ol.column, ol.page, ol.pageEstimated, ol.pageLine);
          return r.format === 'docx' ? label.replace(/^约?第\d+页 /, '') : label;
        });
        const more = group.length - 1 > places.length ? '等' : '';
        lines.push(c('dim', `${' '.repeat(INDENT)}同一问题另有 ${group.length - 1} 处：${places.join('、')}${more}`));
      }
    }
    if (r.diagnostics.length > 1) {
      const sum = fileSummary(r.diagnostics);
      const parts =
        options.width && options.width - 2 >= 16
          ? wrapColumns(sum, options.width - 2)
          : [[0, sum.length] as [number, number]];
      for (const [from, to] of parts) lines.push(`  ${c('dim', sum.slice(from, to))}`);
    }
    lines.push('');
    return `${lines.join('\n')}\n`;
  }

  /** The summary; `extra.llm`: the AI checks' accounting, known only once every file is checked. */
  end(extra: { llm?: LlmSummary } = {}): string {
    const { c } = this;
    const options = extra.llm ? { ...this.options, llm: extra.llm } : this.options;
    const s = this.counter.summary();
    const lines: string[] = [];
    const total = s.errors + s.warnings + s.infos;
    if (total === 0 && s.failedFiles === 0) lines.push(`✔ 检查了 ${s.files} 个文件，未发现问题`);
    else {
      const parts = [`${s.errors} 个错误`, `${s.warnings} 个警告`, `${s.infos} 个提示`];
      const mark = s.errors || s.failedFiles ? c('error', '✖') : c('warning', '⚠');
      const line = `检查了 ${s.files} 个文件，发现 ${total} 个问题（${parts.join('，')}）${s.failedFiles ? `，${s.failedFiles} 个文件无法检查` : ''}`;
      // Summary lines wrap to the terminal like the findings above them, continuation lines indented by two.
      const pushWrapped = (text: string, first: string) => {
        const spans =
          options.width && options.width - 2 >= 16
            ? wrapColumns(text, options.width - 2)
            : [[0, text.length] as [number, number]];
        spans.forEach(([from, to], i) => lines.push(`${i === 0 ? first : '  '}${text.slice(from, to)}`));
      };
      pushWrapped(line, `${mark} `);
      if (s.failedByCode) {
        // Which files could not be checked, by reason: an archive run lists them together, not only among the findings.
        const reasons = Object.entries(s.failedByCode)
          .map(([code, n]) => `${code} ${n}`)
          .join('，');
        pushWrapped(`无法检查的文件（按原因：${reasons}）：`, '  ');
        for (const [path, code] of this.failed) lines.push(`    ${path}  ${c('dim', code)}`);
        if (this.failedOver) lines.push(`    ……另有 ${this.failedOver} 个`);
      }
      if (options.fixHint !== false) {
        // --fix rewrites text and Markdown files only; a Word file is corrected through a review copy. Never promise a
        // fix the command will not make.
        const text = this.textFixable;
        const word = this.wordFixable;
        const inWord = s.fixable! - text;
        if (text) pushWrapped(`其中 ${text} 个可用 --fix 自动修正`, '  ');
        if (inWord) {
          const file = word.count === 1 ? (/\s/.test(word.first) ? `"${word.first}"` : word.first) : '文件.docx';
          pushWrapped(
            `Word 文件中 ${inWord} 个可自动修正：gongwen review ${file}（写成修订）或 gongwen review --accept ${file}（直接修正的副本）`,
            '  ',
          );
        }
      }
    }
    if (options.baselined) lines.push(`另有 ${options.baselined} 个问题已在基线中，未列出`);
    if (options.llm) {
      const l = options.llm;
      const from = (url: string): string => {
        const src = l.endpointSources?.[url];
        if (!src) return '';
        const where = { flag: '命令行参数 ', env: '环境变量 ', 'user-config': '用户配置 ', config: '配置文件 ' }[
          src.kind
        ];
        return `（地址来自${where}${src.name}）`;
      };
      const sent = Object.entries(l.endpoints ?? {})
        .filter(([, e]) => e.requests > 0)
        .map(([url, e]) => `${e.characters} 字发送至 ${url}${from(url)}`);
      const failed = l.failedChunks ? `，${l.failedChunks} 段未能检查` : '';
      lines.push(
        `AI 检查：请求 ${l.requests} 次，缓存命中 ${l.cachedChunks} 段，输入 ${l.promptTokens} / 输出 ${l.completionTokens} tokens，丢弃 ${l.dropped} 条无法定位或不可靠的建议${failed}${sent.length ? `；${sent.join('，')}` : '；未发送任何文字'}`,
      );
    }
    return `${lines.join('\n')}\n`;
  }
}

/** Human output: per file, each finding with its line and an underline under the span (CJK width aware). */
export function formatStylish(results: readonly FileResult[], options: StylishOptions = {}): string {
  const report = new StylishReport(options);
  let out = '';
  for (const r of results) out += report.file(r);
  return out + report.end();
}

/**
 * Human output of findings read back from JSON output (`gongwen merge`): no document to quote from, so each finding's
 * excerpt is shown with the span underlined.
 */
export function formatStylishFiles(
  files: readonly ReportFile[],
  options: Pick<StylishOptions, 'color' | 'llm'> & { baselined?: number } = {},
): string {
  const c = (k: keyof typeof COLORS, s: string) => (options.color ? COLORS[k] + s + COLORS.reset : s);
  const lines: string[] = [];
  for (const f of files) {
    if (!f.error && f.diagnostics.length === 0) continue;
    lines.push(c('bold', f.path));
    if (f.error) lines.push(`  ${c('error', '无法检查')}  ${f.error.message}  ${c('dim', f.error.code)}`);
    for (const d of f.diagnostics) {
      const paged = f.format === 'pdf' || f.format === 'ofd';
      const place =
        f.format === 'docx'
          ? `${d.page !== undefined ? `${d.pageEstimated ? '约' : ''}第${d.page}页 ` : ''}第${d.line}段`
          : paged
            ? pagedPlace(d.page, d.pageLine, d.line)
            : `${d.line}:${d.column}`;
      const std = d.standard ? c('dim', `（${d.standard}）`) : '';
      const ai = d.source === 'llm' ? c('dim', '[AI] ') : '';
      lines.push(
        `  ${place.padEnd(f.format === 'docx' || paged ? 0 : 8)} ${c(d.severity, LEVEL_ZH[d.severity].padEnd(2))}  ${ai}${d.message}${std}  ${c('dim', d.ruleId)}`,
      );
      if (d.excerpt.trim()) {
        const shown = d.excerpt.replace(/\uFFFC/g, ' ');
        const [s, e] = excerptSpan(d);
        lines.push(c('dim', `${' '.repeat(INDENT)}${shown}`));
        lines.push(
          `${' '.repeat(INDENT + displayWidth(shown.slice(0, s)))}${c(d.severity, '^'.repeat(Math.min(80, Math.max(1, displayWidth(shown.slice(s, e))))))}`,
        );
      }
    }
    lines.push('');
  }
  const s = summarize(files);
  const total = s.errors + s.warnings + s.infos;
  const base = options.baselined ? `；另有 ${options.baselined} 个问题已在基线中，未列出` : '';
  if (total === 0 && s.failedFiles === 0) lines.push(`✔ 检查了 ${s.files} 个文件，未发现问题${base}`);
  else {
    const mark = s.errors || s.failedFiles ? c('error', '✖') : c('warning', '⚠');
    lines.push(
      `${mark} 检查了 ${s.files} 个文件，发现 ${total} 个问题（${s.errors} 个错误，${s.warnings} 个警告，${s.infos} 个提示）${s.failedFiles ? `，${s.failedFiles} 个文件无法检查` : ''}${base}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
