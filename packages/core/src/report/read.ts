import { fingerprintsOf } from './locate.js';
import type { FileResult, LlmSummary, ReportFile } from './types.js';

/** What a `check --format json` or `--format jsonl` output holds, read back. */
export interface ReadReport {
  files: ReportFile[];
  /** The run that wrote it was interrupted (its summary says so). */
  interrupted: boolean;
  llm?: LlmSummary;
  /** The output ended with its summary (a jsonl output cut short has none). */
  complete: boolean;
}

export class ReportFormatError extends Error {}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function asFile(v: Obj, where: string): ReportFile {
  if (typeof v.path !== 'string' || !Array.isArray(v.diagnostics))
    throw new ReportFormatError(`${where}：不是 gongwen 的文件结果 / not a gongwen file result`);
  return {
    path: v.path,
    format: (v.format as ReportFile['format']) ?? 'unknown',
    error: (v.error as ReportFile['error']) ?? null,
    diagnostics: v.diagnostics as ReportFile['diagnostics'],
    // A copy of an earlier file of the run keeps saying so in the merged report.
    ...(typeof v.sameAs === 'string' ? { sameAs: v.sameAs } : {}),
  };
}

function summaryOf(v: Obj): Obj | undefined {
  if (isObj(v.summary)) return v.summary;
  if (v.type === 'summary') return v;
  return undefined;
}

/**
 * Reads an output of `gongwen check --format json` (version 1) or `--format jsonl` (one file result per line, then a
 * summary line). Anything else is a ReportFormatError saying where.
 */
export function readReport(text: string, name = '<input>'): ReadReport {
  const trimmed = text.trim();
  if (!trimmed) throw new ReportFormatError(`${name}：文件为空 / empty`);
  // A JSON output is one object with `files`; a jsonl output fails to parse as a whole at its second line (cheaply),
  // or is a single line without `files`.
  let whole: unknown;
  try {
    whole = JSON.parse(trimmed);
  } catch {
    whole = undefined;
  }
  if (isObj(whole) && !('files' in whole) && !trimmed.includes('\n')) whole = undefined;
  if (whole !== undefined) {
    if (!isObj(whole) || whole.version !== 1 || !Array.isArray(whole.files))
      throw new ReportFormatError(
        `${name}：不是 gongwen check --format json 的输出 / not an output of gongwen check --format json`,
      );
    const summary = isObj(whole.summary) ? whole.summary : undefined;
    return {
      files: whole.files.map((f, i) => asFile(isObj(f) ? f : {}, `${name} files[${i}]`)),
      interrupted: whole.interrupted === true || summary?.interrupted === true,
      ...(isObj(summary?.llm) ? { llm: summary.llm as unknown as LlmSummary } : {}),
      complete: summary !== undefined,
    };
  }
  const files: ReportFile[] = [];
  let summary: Obj | undefined;
  let interrupted = false;
  const lines = trimmed.split('\n');
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      throw new ReportFormatError(`${name}:${i + 1}：不是有效的 JSON 行 / not a JSON line: ${(e as Error).message}`);
    }
    if (!isObj(v)) throw new ReportFormatError(`${name}:${i + 1}：不是 JSON 对象 / not a JSON object`);
    if (v.interrupted === true) interrupted = true;
    const s = summaryOf(v);
    if (s) {
      summary = s;
      if (s.interrupted === true) interrupted = true;
    } else if (typeof v.path === 'string') files.push(asFile(v, `${name}:${i + 1}`));
    else
      throw new ReportFormatError(`${name}:${i + 1}：不是 gongwen check 的输出行 / not a line of gongwen check output`);
  });
  return {
    files,
    interrupted,
    ...(isObj(summary?.llm) ? { llm: summary.llm as unknown as LlmSummary } : {}),
    complete: summary !== undefined,
  };
}

/** The findings of a previous run, by file path and fingerprint. */
export class Baseline {
  private readonly keys = new Set<string>();
  /** Findings in the baseline. */
  size = 0;

  constructor(files: readonly ReportFile[], name = '<baseline>') {
    for (const f of files)
      for (const d of f.diagnostics) {
        if (typeof d.fingerprint !== 'string')
          throw new ReportFormatError(
            `${name}：问题没有 fingerprint 字段（由旧版 gongwen 生成），请用当前版本重新生成基线 / findings without fingerprints; regenerate the baseline`,
          );
        this.keys.add(`${f.path}\u0000${d.fingerprint}`);
        this.size++;
      }
  }

  has(path: string, fingerprint: string): boolean {
    return this.keys.has(`${path}\u0000${fingerprint}`);
  }
}

/**
 * A result with only the findings `keep` accepts, their fingerprints taken from the whole list first (so a left-out
 * finding does not renumber the repeats after it).
 */
export function selectDiagnostics(
  r: FileResult,
  keep: (d: FileResult['diagnostics'][number], fingerprint: string) => boolean,
): { result: FileResult; dropped: number } {
  const prints = fingerprintsOf(r);
  const diagnostics: FileResult['diagnostics'] = [];
  const kept: string[] = [];
  r.diagnostics.forEach((d, i) => {
    if (keep(d, prints[i]!)) {
      diagnostics.push(d);
      kept.push(prints[i]!);
    }
  });
  return { result: { ...r, diagnostics, fingerprints: kept }, dropped: r.diagnostics.length - diagnostics.length };
}

/**
 * Orders paths as a folder walk lists them: segment by segment, each compared by UTF-16 code units (`a/b.txt` before
 * `a-x.txt`, as the folder `a` sorts before the file `a-x.txt`).
 */
export function comparePaths(a: string, b: string): number {
  const x = a.split(/[\\/]/);
  const y = b.split(/[\\/]/);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] === y[i]) continue;
    // A file and a folder's contents at the same level: the walk sorts entries by name alone.
    return x[i]! < y[i]! ? -1 : 1;
  }
  return x.length - y.length;
}

/**
 * The outputs of several runs (shards) as one: files in path order. The same file in two outputs means overlapping
 * shards or one output given twice, and is refused (ReportFormatError) rather than guessed at.
 */
export function mergeReports(inputs: ReadonlyArray<{ name: string; report: ReadReport }>): ReadReport {
  const seen = new Map<string, string>();
  const files: ReportFile[] = [];
  let interrupted = false;
  let complete = true;
  let llm: LlmSummary | undefined;
  for (const { name, report } of inputs) {
    for (const f of report.files) {
      const other = seen.get(f.path);
      if (other !== undefined)
        throw new ReportFormatError(
          `${f.path} 同时出现在 ${other} 和 ${name} 中：分片重叠或同一输出给了两次 / the same file is in two inputs`,
        );
      seen.set(f.path, name);
      files.push(f);
    }
    interrupted ||= report.interrupted;
    complete &&= report.complete;
    if (report.llm) llm = addLlm(llm, report.llm);
  }
  files.sort((a, b) => comparePaths(a.path, b.path));
  return { files, interrupted, complete, ...(llm ? { llm } : {}) };
}

/** The AI-check accounting of two runs added up (counters summed, lists and maps joined). */
function addLlm(a: LlmSummary | undefined, b: LlmSummary): LlmSummary {
  if (!a) return structuredClone(b);
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    if (typeof v === 'number') out[k] = (typeof cur === 'number' ? cur : 0) + v;
    else if (Array.isArray(v)) out[k] = [...new Set([...(Array.isArray(cur) ? cur : []), ...v])];
    else if (isObj(v)) {
      const m: Obj = { ...(isObj(cur) ? cur : {}) };
      for (const [kk, vv] of Object.entries(v)) {
        const c = m[kk];
        if (typeof vv === 'number') m[kk] = (typeof c === 'number' ? c : 0) + vv;
        else if (isObj(vv) && isObj(c)) {
          const sum: Obj = { ...c };
          for (const [k3, v3] of Object.entries(vv))
            sum[k3] = typeof v3 === 'number' && typeof c[k3] === 'number' ? (c[k3] as number) + v3 : v3;
          m[kk] = sum;
        } else m[kk] = vv;
      }
      out[k] = m;
    } else if (cur === undefined) out[k] = v;
  }
  return out as unknown as LlmSummary;
}
