import { readFileSync, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import {
  Checker, ConfigError, DocumentError, defaultRegistry, type Config, type Diagnostic, type FileResult, type GovDocument, type SourceFormat,
  documentFromSource, encodeSource, formatForPath, formatJson, formatSarif, formatStylish, parseLevel, readDocument,
  summarize, textDocument, markdownFromText, normalizeLineBreaks,
} from '@gongwen/core';
import { ConfigResolver, contextHash, findIgnoreFile, ignoreKey, loadConfigFile, readIgnoreFile, type IgnoreEntry } from '../config.js';
import { displayPath, expandPaths, isIgnored } from '../files.js';
import { UsageError, oneLine, writeFileAtomic } from '../io.js';
import { VERSION } from '../version.js';
import { LlmSession, type LlmFlags } from '../llm.js';

export interface CheckOptions extends LlmFlags {
  format: string;
  fix?: boolean;
  fixDryRun?: boolean;
  stdin?: boolean;
  stdinFilename?: string;
  maxWarnings?: string;
  quiet?: boolean;
  rule?: string[];
  config?: string;
  output?: string;
  color?: boolean;
}

/** Largest input read into memory (a clear error beyond it, never an out-of-memory crash). */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

export function parseRuleOverrides(values: string[] = []): Config {
  const rules: Config['rules'] = {};
  for (const v of values) {
    const m = /^([^=]+)=(.+)$/.exec(v.trim());
    if (!m) throw new UsageError(`--rule 的格式应为 规则=级别（如 punct/half-width=off）：${v} / --rule expects id=level`);
    rules[m[1]!.trim()] = { level: parseLevel(m[2]!.trim(), `--rule ${m[1]}`) };
  }
  return { rules, terms: [], ignore: [] };
}

interface Prepared {
  checker: Checker;
}

/** Checker per distinct config (configs found upward are shared by every file below them). */
class CheckerCache {
  private readonly byConfig = new Map<string, Prepared>();
  get(config: Config, key: string): Checker {
    let p = this.byConfig.get(key);
    if (!p) this.byConfig.set(key, (p = { checker: new Checker({ config }) }));
    return p.checker;
  }
}

export type LegacyConverter = (path: string) => Promise<Uint8Array>;
/** Set by the docx module when LibreOffice conversion of .doc/.wps is available. */
export const legacy: { convert?: LegacyConverter } = {};

async function readInput(file: string): Promise<{ doc: GovDocument; format: SourceFormat; source?: string }> {
  const st = statSync(file);
  if (!st.isFile()) throw new DocumentError('not-a-file', '不是普通文件 / not a regular file');
  if (st.size > MAX_INPUT_BYTES) {
    throw new DocumentError('too-large', `文件过大（${(st.size / 1048576).toFixed(0)} MB，上限 ${MAX_INPUT_BYTES / 1048576} MB） / file too large`);
  }
  const ext = extname(file).toLowerCase();
  if (ext === '.doc' || ext === '.wps') {
    if (!legacy.convert) {
      throw new DocumentError('legacy-format', `旧版 ${ext} 格式需要先转换：安装 LibreOffice 后重试，或用 Word/WPS 另存为 .docx / legacy ${ext} needs LibreOffice (soffice) to convert`);
    }
    const bytes = await legacy.convert(file);
    return { doc: readDocument(bytes, 'docx'), format: 'docx' };
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new DocumentError('unreadable', `无法读取文件：${(e as NodeJS.ErrnoException).code ?? (e as Error).message} / cannot read file`);
  }
  const format = formatForPath(file) ?? 'text';
  const doc = readDocument(bytes, format);
  return { doc, format, ...(doc.source !== undefined ? { source: doc.source } : {}) };
}

/**
 * Occurrences ignored in the editor (`.gongwen/ignores.json`, found upward from each file) are left out here too, so
 * the CLI and the editor give the same answer.
 */
class IgnoreLists {
  private readonly byDir = new Map<string, Map<string, IgnoreEntry> | undefined>();
  keeper(file: string): (doc: GovDocument, d: Diagnostic) => boolean {
    const dir = dirname(file);
    if (!this.byDir.has(dir)) {
      const f = findIgnoreFile(dir);
      this.byDir.set(dir, f ? readIgnoreFile(f) : undefined);
    }
    const list = this.byDir.get(dir);
    if (!list || list.size === 0) return () => true;
    return (doc, d) => !list.has(ignoreKey(d.ruleId, contextHash(d.ruleId, doc.text, d.range)));
  }
}

export async function runCheck(paths: string[], opts: CheckOptions, io: { cwd: string; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; readStdin: () => Promise<string> }): Promise<number> {
  const format = opts.format ?? 'stylish';
  if (!['stylish', 'json', 'sarif'].includes(format)) throw new UsageError(`未知的输出格式：${format}（可用 stylish、json、sarif） / unknown format`);
  if (opts.stdin && opts.fix) throw new UsageError('--fix 不能用于标准输入，请改用 --fix-dry-run / --fix is not available for piped-in text; use --fix-dry-run');
  if (opts.stdin && paths.length) throw new UsageError('使用 --stdin 时不能再给出文件路径 / --stdin takes no paths');
  if (!opts.stdin && paths.length === 0) throw new UsageError('请给出要检查的文件或文件夹（或使用 --stdin） / give files or folders to check, or --stdin');
  let maxWarnings = -1;
  if (opts.maxWarnings !== undefined) {
    maxWarnings = Number(opts.maxWarnings);
    if (!Number.isInteger(maxWarnings) || maxWarnings < -1) throw new UsageError(`--max-warnings 应为整数：${opts.maxWarnings} / --max-warnings takes an integer`);
  }
  const overrides = parseRuleOverrides(opts.rule);
  const explicit = opts.config ? loadConfigFile(resolve(io.cwd, opts.config)) : undefined;
  const resolver = new ConfigResolver(explicit, overrides, io.cwd);
  const checkers = new CheckerCache();
  const results: FileResult[] = [];
  const dryOutputs = new Map<string, string>();
  const llm = new LlmSession(opts, process.env);
  const ignores = new IgnoreLists();

  const checkerFor = (file: string) => {
    const loaded = resolver.forFile(file);
    return { checker: checkers.get(loaded.config, `${loaded.file ?? ''}\u0000${JSON.stringify(overrides)}`), loaded };
  };

  if (opts.stdin) {
    const name = opts.stdinFilename ?? '<stdin>';
    const { checker, loaded } = checkerFor(resolve(io.cwd, opts.stdinFilename ?? 'stdin.txt'));
    const raw = normalizeLineBreaks(await io.readStdin()).text;
    const fmt: SourceFormat = formatForPath(name) === 'markdown' ? 'markdown' : 'text';
    try {
      if (opts.fixDryRun) {
        const keep = ignores.keeper(resolve(io.cwd, opts.stdinFilename ?? 'stdin.txt'));
        const fixed = checker.fix(raw, fmt, keep);
        dryOutputs.set(name, fixed.output);
        const fixedDoc = documentFromSource(fixed.output, fmt);
        results.push({ path: name, format: fmt, error: null, diagnostics: await llm.check(checker, loaded.config, loaded.baseDir, fixedDoc, fixed.diagnostics), document: fixedDoc });
      } else {
        const doc = fmt === 'markdown' ? markdownFromText(raw) : textDocument(raw);
        const keep = ignores.keeper(resolve(io.cwd, opts.stdinFilename ?? 'stdin.txt'));
        const diagnostics = (await llm.check(checker, loaded.config, loaded.baseDir, doc)).filter((d) => keep(doc, d));
        results.push({ path: name, format: fmt, error: null, diagnostics, document: doc });
      }
    } catch (e) {
      if (!(e instanceof DocumentError)) throw e;
      results.push({ path: name, format: fmt, error: { code: e.code, message: e.message }, diagnostics: [] });
    }
  } else {
    const files = await expandPaths(paths, io.cwd);
    for (const file of files) {
      const shown = displayPath(file, io.cwd);
      const { checker, loaded } = checkerFor(file);
      const ignored = isIgnored(file, loaded.config.ignore, loaded.baseDir);
      if (ignored && !paths.some((p) => resolve(io.cwd, p) === file)) continue;
      try {
        const input = await readInput(file);
        const keep = ignores.keeper(file);
        if ((opts.fix || opts.fixDryRun) && input.source !== undefined) {
          const fixed = checker.fix(input.source, input.format, keep);
          if (opts.fixDryRun) dryOutputs.set(shown, fixed.output);
          else if (fixed.output !== input.source) writeFileAtomic(file, encodeSource(fixed.output, input.doc.encoding));
          // AI findings are looked for after the fixes and stay suggestions: --fix never applies them.
          const fixedDoc = documentFromSource(fixed.output, input.format);
          results.push({ path: shown, format: input.format, error: null, diagnostics: await llm.check(checker, loaded.config, loaded.baseDir, fixedDoc, fixed.diagnostics), document: fixedDoc });
        } else {
          const diagnostics = (await llm.check(checker, loaded.config, loaded.baseDir, input.doc)).filter((d) => keep(input.doc, d));
          results.push({ path: shown, format: input.format, error: null, diagnostics, document: input.doc });
        }
      } catch (e) {
        if (!(e instanceof DocumentError)) throw e;
        io.stderr.write(`gongwen: ${shown}: ${oneLine(e)}\n`);
        results.push({ path: shown, format: formatForPath(file) ?? 'unknown', error: { code: e.code, message: e.message }, diagnostics: [] });
      }
    }
  }

  const llmSummary = llm.summary();
  for (const e of llm.stats.errors) io.stderr.write(`gongwen: AI 检查 / LLM check: ${e}\n`);
  const shownResults = opts.quiet ? results.map((r) => ({ ...r, diagnostics: r.diagnostics.filter((d) => d.severity === 'error') })) : results;
  let out: string;
  if (format === 'json') {
    out = formatJson(shownResults, llmSummary ? { llm: llmSummary } : {});
    if (dryOutputs.size) {
      const parsed = JSON.parse(out) as { files: Array<{ path: string; output?: string }> };
      for (const f of parsed.files) if (dryOutputs.has(f.path)) f.output = dryOutputs.get(f.path)!;
      out = JSON.stringify(parsed, null, 2);
    }
  } else if (format === 'sarif') {
    out = formatSarif(shownResults, { registry: defaultRegistry(), toolVersion: VERSION });
  } else {
    out = formatStylish(shownResults, { color: opts.color ?? false, ...(llmSummary ? { llm: llmSummary } : {}) });
    if (opts.fixDryRun && opts.stdin) {
      // The fixed text goes to stdout as it is (for editors and pipes); what is left to fix goes to stderr.
      io.stderr.write(out);
      io.stdout.write([...dryOutputs.values()].join(''));
      out = '';
    }
  }
  if (opts.output) writeFileAtomic(resolve(io.cwd, opts.output), out.endsWith('\n') ? out : `${out}\n`);
  else if (out) io.stdout.write(out.endsWith('\n') ? out : `${out}\n`);

  const s = summarize(results);
  if (s.files > 0 && s.failedFiles === s.files) return 2;
  if (s.errors > 0 || s.failedFiles > 0) return 1;
  if (maxWarnings >= 0 && s.warnings > maxWarnings) return 1;
  return 0;
}
