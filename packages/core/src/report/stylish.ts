import { displayWidth, locate, summarize } from './locate.js';
import type { FileResult, LlmSummary } from './types.js';

const LEVEL_ZH = { error: '错误', warning: '警告', info: '提示' } as const;
const COLORS = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' };

const CONTEXT_COLUMNS = 40;

/** A window of a long line around [start, end), with ellipses; returns the shown text and its start offset. */
function window(line: string, start: number, end: number): [string, number] {
  if (displayWidth(line) <= CONTEXT_COLUMNS * 3) return [line, 0];
  let from = start;
  while (from > 0 && displayWidth(line.slice(from - 1, start)) <= CONTEXT_COLUMNS) from--;
  let to = end;
  while (to < line.length && displayWidth(line.slice(end, to + 1)) <= CONTEXT_COLUMNS) to++;
  const head = from > 0 ? '…' : '';
  return [head + line.slice(from, to) + (to < line.length ? '…' : ''), from - head.length];
}

export interface StylishOptions {
  color?: boolean;
  llm?: LlmSummary;
}

/** Human output: per file, each finding with its line and an underline under the span (CJK width aware). */
export function formatStylish(results: readonly FileResult[], options: StylishOptions = {}): string {
  const c = (k: keyof typeof COLORS, s: string) => (options.color ? COLORS[k] + s + COLORS.reset : s);
  const lines: string[] = [];
  for (const r of results) {
    if (!r.error && r.diagnostics.length === 0) continue;
    lines.push(c('bold', r.path));
    if (r.error) lines.push(`  ${c('error', '无法检查')}  ${r.error.message}  ${c('dim', r.error.code)}`);
    for (const d of r.diagnostics) {
      const l = locate(r.document, d);
      const std = d.standard ? c('dim', `（${d.standard}）`) : '';
      const ai = d.source === 'llm' ? c('dim', '[AI] ') : '';
      lines.push(`  ${`${l.line}:${l.column}`.padEnd(8)} ${c(d.severity, LEVEL_ZH[d.severity].padEnd(2))}  ${ai}${d.message}${std}  ${c('dim', d.ruleId)}`);
      if (r.document) {
        const src = r.document.sourceMap.lineText(l.line).replace(/\uFFFC/g, ' ');
        if (src.trim()) {
          const endCol = l.endLine === l.line ? l.endColumn : src.length + 1;
          const [shown, from] = window(src, l.column - 1, endCol - 1);
          const pad = displayWidth(shown.slice(0, l.column - 1 - from));
          const width = Math.max(1, displayWidth(src.slice(l.column - 1, endCol - 1)));
          lines.push(c('dim', `           ${shown}`));
          lines.push(`           ${' '.repeat(pad)}${c(d.severity, '^'.repeat(Math.min(width, 80)))}`);
        }
      }
    }
    lines.push('');
  }
  const s = summarize(results);
  const total = s.errors + s.warnings + s.infos;
  if (total === 0 && s.failedFiles === 0) lines.push(`✔ 检查了 ${s.files} 个文件，未发现问题`);
  else {
    const parts = [`${s.errors} 个错误`, `${s.warnings} 个警告`, `${s.infos} 个提示`];
    const mark = s.errors || s.failedFiles ? c('error', '✖') : c('warning', '⚠');
    lines.push(`${mark} 检查了 ${s.files} 个文件，发现 ${total} 个问题（${parts.join('，')}）${s.failedFiles ? `，${s.failedFiles} 个文件无法检查` : ''}`);
    if (s.fixable) lines.push(`  其中 ${s.fixable} 个可用 --fix 自动修正`);
  }
  if (options.llm) {
    const l = options.llm;
    const sent = Object.entries(l.endpoints ?? {}).filter(([, e]) => e.requests > 0).map(([url, e]) => `${e.characters} 字发送至 ${url}`);
    const failed = l.failedChunks ? `，${l.failedChunks} 段未能检查` : '';
    lines.push(`AI 检查：请求 ${l.requests} 次，缓存命中 ${l.cachedChunks} 段，输入 ${l.promptTokens} / 输出 ${l.completionTokens} tokens，丢弃 ${l.dropped} 条无法定位或不可靠的建议${failed}${sent.length ? `；${sent.join('，')}` : '；未发送任何文字'}`);
  }
  return lines.join('\n') + '\n';
}
