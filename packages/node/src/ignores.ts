import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError, type Diagnostic, type GovDocument } from '@gongwen/core';
import { inFolder } from './files.js';
import { writeAtomic } from './write.js';

/** Ignored occurrences ("ignore this occurrence" in the editor), kept outside the documents, in the workspace. */
export const IGNORE_FILE = join('.gongwen', 'ignores.json');

export interface IgnoreEntry {
  rule: string;
  hash: string;
  text?: string;
}

/**
 * Position-independent identity of a finding: the rule, the flagged text and a little context on each side. The
 * context is NFKC-folded so that fixing the width of a nearby mark or digit (the commonest fix) keeps the identity.
 */
export function contextHash(ruleId: string, text: string, range: readonly [number, number]): string {
  const before = text.slice(Math.max(0, range[0] - 8), range[0]).normalize('NFKC');
  const after = text.slice(range[1], range[1] + 8).normalize('NFKC');
  return createHash('sha256')
    .update(`${ruleId}\u0000${before}\u0000${text.slice(range[0], range[1])}\u0000${after}`)
    .digest('hex')
    .slice(0, 16);
}

export const ignoreKey = (ruleId: string, hash: string): string => `${ruleId}\u0000${hash}`;

/** Reads an ignore file into a set of keys; a broken file is a ConfigError naming it. */
export function readIgnoreFile(file: string): Map<string, IgnoreEntry> {
  const out = new Map<string, IgnoreEntry>();
  let data: { ignores?: IgnoreEntry[] };
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as { ignores?: IgnoreEntry[] };
  } catch (e) {
    throw new ConfigError(
      `忽略列表 ${file} 无法读取或不是有效的 JSON：${(e as Error).message.split('\n')[0]} / invalid ignore file`,
    );
  }
  for (const e of data.ignores ?? [])
    if (e && typeof e.rule === 'string' && typeof e.hash === 'string') out.set(ignoreKey(e.rule, e.hash), e);
  return out;
}

/** The nearest `.gongwen/ignores.json` at or above a folder, if any. */
export function findIgnoreFile(dir: string): string | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    const f = join(d, IGNORE_FILE);
    if (existsSync(f)) return f;
    if (dirname(d) === d) return undefined;
  }
}

/** Adds one entry (once) to an ignore file, creating it when absent. */
export function addIgnoreEntry(file: string, entry: IgnoreEntry): void {
  const data = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { version?: number; ignores?: IgnoreEntry[] })
    : {};
  const ignores = data.ignores ?? [];
  if (!ignores.some((e) => e.rule === entry.rule && e.hash === entry.hash))
    ignores.push({ rule: entry.rule, hash: entry.hash, text: entry.text ?? '' });
  writeAtomic(file, `${JSON.stringify({ version: 1, ignores }, null, 2)}\n`);
}

/** The ignored occurrences that apply to one document. */
export class IgnoreList {
  static readonly EMPTY = new IgnoreList(new Map());

  constructor(readonly entries: ReadonlyMap<string, IgnoreEntry>) {}

  get size(): number {
    return this.entries.size;
  }

  /** Whether a finding of `doc` is one a person chose to ignore. */
  ignores(doc: GovDocument, d: Diagnostic): boolean {
    return this.entries.size > 0 && this.entries.has(ignoreKey(d.ruleId, contextHash(d.ruleId, doc.text, d.range)));
  }

  hasHash(ruleId: string, hash: string): boolean {
    return this.entries.has(ignoreKey(ruleId, hash));
  }

  /** The filter the fix loop and the reports take: findings to keep. */
  readonly keep = (doc: GovDocument, d: Diagnostic): boolean => !this.ignores(doc, d);
}

/**
 * Ignore lists by folder: the nearest `.gongwen/ignores.json` at or above each file, so the CLI and the editor give
 * the same answer. `cache: false` re-reads on each request (an editor, where the file changes under it).
 */
export class IgnoreLists {
  private readonly byDir = new Map<string, IgnoreList>();
  /** The folder of the file asked for last and its list (with the cache on; files come folder by folder). */
  private last: { dir: string; list: IgnoreList } | undefined;

  constructor(private readonly options: { cache?: boolean } = {}) {}

  /** The list for a file (its nearest ignore file), else the one in `fallbackRoot` (an unsaved document's workspace). */
  forFile(file: string | undefined, fallbackRoot?: string): IgnoreList {
    const last = this.last;
    if (file && last && inFolder(file, last.dir)) return last.list;
    const dir = file ? dirname(file) : fallbackRoot;
    if (!dir) return IgnoreList.EMPTY;
    const hit = this.byDir.get(dir);
    if (hit) {
      if (file) this.last = { dir, list: hit };
      return hit;
    }
    const found =
      findIgnoreFile(dir) ??
      (fallbackRoot && existsSync(join(fallbackRoot, IGNORE_FILE)) ? join(fallbackRoot, IGNORE_FILE) : undefined);
    const list = found ? new IgnoreList(readIgnoreFile(found)) : IgnoreList.EMPTY;
    if (this.options.cache !== false) this.byDir.set(dir, list);
    return list;
  }

  clear(): void {
    this.byDir.clear();
    this.last = undefined;
  }
}
