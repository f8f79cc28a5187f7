import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { parse, parseDocument, isMap, isSeq, YAMLMap, YAMLSeq } from 'yaml';
import { type Config, ConfigError, mergeConfigs, normalizeConfig } from '@gongwen/core';

// Node-side config loading shared by the CLI and the language server (core only validates parsed objects).

export const CONFIG_NAMES = ['.gongwenrc.yaml', '.gongwenrc.yml'];

export interface LoadedConfig {
  config: Config;
  /** The file it came from (undefined: defaults). */
  file?: string;
  /** Folder that `ignore` globs are relative to. */
  baseDir: string;
}

/** Reads and validates one config file; a bad file is a ConfigError naming it. */
export function loadConfigFile(file: string): LoadedConfig {
  let raw: unknown;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`无法读取配置文件 ${file}：${(e as Error).message} / cannot read config`);
  }
  try {
    raw = parse(text);
  } catch (e) {
    throw new ConfigError(`配置文件 ${file} 不是有效的 YAML：${(e as Error).message.split('\n')[0]} / invalid YAML`);
  }
  const config = normalizeConfig(raw, file);
  // A unit's own profile may live in a YAML file beside the config.
  if (typeof config.profile === 'string' && /\.ya?ml$/i.test(config.profile)) {
    const p = isAbsolute(config.profile) ? config.profile : join(dirname(file), config.profile);
    try {
      config.profile = parse(readFileSync(p, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      throw new ConfigError(`无法读取格式规范文件 ${p}：${(e as Error).message.split('\n')[0]} / cannot read profile`);
    }
  }
  return { config, file, baseDir: dirname(file) };
}

/** The nearest config file at or above a folder, if any. */
export function findConfigFile(dir: string): string | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    for (const name of CONFIG_NAMES) {
      const f = join(d, name);
      if (existsSync(f)) return f;
    }
    if (dirname(d) === d) return undefined;
  }
}

/** Finds `.gongwenrc.yaml` upward from a folder; cached per folder until `clear()`. */
export class ConfigResolver {
  private readonly cache = new Map<string, LoadedConfig>();
  constructor(
    private readonly explicit: LoadedConfig | undefined,
    private readonly overrides: Config,
    private readonly cwd: string,
  ) {}

  forFile(path: string): LoadedConfig {
    const base = this.explicit ?? this.discover(dirname(resolve(this.cwd, path)));
    return { ...base, config: mergeConfigs(base.config, this.overrides) };
  }

  clear(): void {
    this.cache.clear();
  }

  private discover(dir: string): LoadedConfig {
    const hit = this.cache.get(dir);
    if (hit) return hit;
    let found: LoadedConfig | undefined;
    for (const name of CONFIG_NAMES) {
      const f = join(dir, name);
      if (existsSync(f)) {
        found = loadConfigFile(f);
        break;
      }
    }
    if (!found) {
      const parent = dirname(dir);
      found = parent === dir ? { config: normalizeConfig(undefined), baseDir: this.cwd } : this.discover(parent);
    }
    this.cache.set(dir, found);
    return found;
  }
}

/** Writes a file atomically: a temporary file beside it (same mode), flushed, then renamed over the target. */
export function writeAtomic(path: string, data: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  let mode: number | undefined;
  try {
    mode = statSync(path).mode;
  } catch {
    mode = undefined;
  }
  try {
    const fd = openSync(tmp, 'w', mode);
    try {
      const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let off = 0;
      while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}


/** Edits a config file in place (comments and order kept), creating it when absent; validates before writing. */
export function editConfigFile(file: string, edit: (doc: ReturnType<typeof parseDocument>) => void): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const doc = parseDocument(text);
  if (doc.errors.length) throw new ConfigError(`配置文件 ${file} 不是有效的 YAML / invalid YAML`);
  if (!isMap(doc.contents)) doc.contents = new YAMLMap() as never;
  edit(doc);
  const out = doc.toString();
  normalizeConfig(parse(out), file);
  writeAtomic(file, out);
}

/** `rules: { <id>: off }` in the config file. */
export function setRuleLevelInFile(file: string, ruleId: string, level: string): void {
  editConfigFile(file, (doc) => {
    if (!isMap(doc.get('rules'))) doc.set('rules', new YAMLMap());
    (doc.get('rules') as YAMLMap).set(ruleId, level);
  });
}

/** Appends a term to `terms:` (once). */
export function addTermToFile(file: string, term: string): void {
  editConfigFile(file, (doc) => {
    if (!isSeq(doc.get('terms'))) doc.set('terms', new YAMLSeq());
    const seq = doc.get('terms') as YAMLSeq;
    if (!seq.items.some((i) => String((i as { value?: unknown }).value ?? i) === term)) seq.add(term);
  });
}

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
  return createHash('sha256').update(`${ruleId}\u0000${before}\u0000${text.slice(range[0], range[1])}\u0000${after}`).digest('hex').slice(0, 16);
}

export const ignoreKey = (ruleId: string, hash: string): string => `${ruleId}\u0000${hash}`;

/** Reads an ignore file into a set of keys; a broken file is a ConfigError naming it. */
export function readIgnoreFile(file: string): Map<string, IgnoreEntry> {
  const out = new Map<string, IgnoreEntry>();
  let data: { ignores?: IgnoreEntry[] };
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as { ignores?: IgnoreEntry[] };
  } catch (e) {
    throw new ConfigError(`忽略列表 ${file} 无法读取或不是有效的 JSON：${(e as Error).message.split('\n')[0]} / invalid ignore file`);
  }
  for (const e of data.ignores ?? []) if (e && typeof e.rule === 'string' && typeof e.hash === 'string') out.set(ignoreKey(e.rule, e.hash), e);
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
