import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import type * as Yaml from 'yaml';
import { type Config, ConfigError, mergeConfigs, normalizeConfig } from '@gongwen/core';
import { absolute, inFolder } from './files.js';
import { nodeRequire } from './lazy.js';
import { writeAtomic } from './write.js';

/** The YAML library, loaded when a config file is first read or edited. */
function yaml(): typeof Yaml {
  return (typeof require === 'function' ? require('yaml') : nodeRequire('yaml')) as typeof Yaml;
}

// Config files on disk (core only validates parsed objects).

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
    raw = yaml().parse(text);
  } catch (e) {
    throw new ConfigError(`配置文件 ${file} 不是有效的 YAML：${(e as Error).message.split('\n')[0]} / invalid YAML`);
  }
  const config = normalizeConfig(raw, file);
  // A unit's own profile may live in a YAML file beside the config.
  if (typeof config.profile === 'string' && /\.ya?ml$/i.test(config.profile)) {
    const p = isAbsolute(config.profile) ? config.profile : join(dirname(file), config.profile);
    try {
      config.profile = yaml().parse(readFileSync(p, 'utf8')) as Record<string, unknown>;
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

export interface ConfigResolverOptions {
  /** `--config`: this file for every document instead of discovery. */
  explicit?: LoadedConfig;
  /** Merged over whatever is found (`--rule`, editor settings). */
  overrides?: Config;
  /** Folder `ignore` globs are relative to when no config file is found. */
  cwd: string;
  /** Where the user's own config folder is looked up (XDG_CONFIG_HOME); the process environment when absent. */
  env?: Record<string, string | undefined>;
  /**
   * Keep what was found per folder for the resolver's life (a batch run). An editor, which sees files change, turns
   * this off and reads the nearest config on each request.
   */
  cache?: boolean;
}

/** `$XDG_CONFIG_HOME/gongwen`, else `~/.config/gongwen`: the user's own settings, trusted like the environment. */
export function userConfigDir(env: Record<string, string | undefined> = process.env): string {
  const base =
    env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(base, 'gongwen');
}

/**
 * The AI settings a config found beside the documents may not make: turning the checks on, choosing where the text
 * is sent, or where answers are stored. A folder one is asked to check is not trusted to send its documents (with
 * the user's API key) anywhere; those settings come from flags, the environment, the user's own config or an
 * explicit `--config`, as an editor trusts a workspace only when told to.
 */
export const UNTRUSTED_LLM_KEYS = ['enabled', 'baseURL', 'cacheDir'] as const;

function withoutEndpoint(config: Config): Config {
  if (!config.llm) return config;
  const llm = { ...config.llm };
  for (const k of UNTRUSTED_LLM_KEYS) delete llm[k];
  return { ...config, llm };
}

/** Finds `.gongwenrc.yaml` upward from a file's folder (or uses `--config`) and merges the overrides over it. */
export class ConfigResolver {
  private readonly cache = new Map<string, LoadedConfig>();
  private readonly overrides: Config;

  constructor(private readonly options: ConfigResolverOptions) {
    this.overrides = options.overrides ?? { rules: {}, terms: [], ignore: [] };
  }

  /** The folder asked for last and what was found for it (with the cache on). */
  private last: { dir: string; found: LoadedConfig } | undefined;

  forFile(path: string): LoadedConfig {
    const base = this.options.explicit ?? this.forFolderOf(absolute(this.options.cwd, path));
    // One object per config file found (a batch run): the checker, the cache key and the workers' copies of a config
    // are then made once per config, not once per file.
    const hit = this.resolved.get(base);
    if (hit) return hit;
    const loaded = this.resolve(base);
    if (this.options.cache !== false) this.resolved.set(base, loaded);
    return loaded;
  }

  private readonly resolved = new WeakMap<LoadedConfig, LoadedConfig>();

  private resolve(base: LoadedConfig): LoadedConfig {
    let config = base.config;
    if (!this.options.explicit) {
      const trusted = base.file !== undefined && resolve(base.file).startsWith(userConfigDir(this.options.env) + sep);
      if (!trusted) config = withoutEndpoint(config);
      else if (config.llm?.baseURL) config = { ...config, llm: { ...config.llm, baseURLFrom: base.file! } };
      // The user's own AI settings apply under whatever a folder's config says about rules.
      const user = this.userLlm();
      if (user) config = { ...config, llm: { ...user, ...config.llm } };
    } else if (config.llm?.baseURL && base.file) {
      config = { ...config, llm: { ...config.llm, baseURLFrom: base.file } };
    }
    return { ...base, config: mergeConfigs(config, this.overrides) };
  }

  private userLlmCache: Config['llm'] | null | undefined;
  /** `llm:` of `config.yaml` in the user's config folder, if there is one. */
  private userLlm(): Config['llm'] | undefined {
    if (this.userLlmCache === undefined) {
      const f = join(userConfigDir(this.options.env), 'config.yaml');
      const llm = existsSync(f) ? loadConfigFile(f).config.llm : undefined;
      this.userLlmCache = llm ? { ...llm, ...(llm.baseURL ? { baseURLFrom: f } : {}) } : null;
    }
    return this.userLlmCache ?? undefined;
  }

  /** What applies where there is no file to start from (an editor's unsaved buffer): the defaults and the overrides. */
  defaults(): LoadedConfig {
    return { config: mergeConfigs(normalizeConfig(undefined), this.overrides), baseDir: this.options.cwd };
  }

  clear(): void {
    this.cache.clear();
    this.last = undefined;
  }

  private forFolderOf(file: string): LoadedConfig {
    const last = this.last;
    if (last && inFolder(file, last.dir)) return last.found;
    const dir = dirname(file);
    const found = this.discover(dir);
    if (this.options.cache !== false) this.last = { dir, found };
    return found;
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
      found =
        parent === dir ? { config: normalizeConfig(undefined), baseDir: this.options.cwd } : this.discover(parent);
    }
    if (this.options.cache !== false) this.cache.set(dir, found);
    return found;
  }
}

/** Edits a config file in place (comments and order kept), creating it when absent; validates before writing. */
export function editConfigFile(file: string, edit: (doc: Yaml.Document) => void): void {
  const { parse, parseDocument, isMap, YAMLMap } = yaml();
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
  const { isMap, YAMLMap } = yaml();
  editConfigFile(file, (doc) => {
    if (!isMap(doc.get('rules'))) doc.set('rules', new YAMLMap());
    (doc.get('rules') as Yaml.YAMLMap).set(ruleId, level);
  });
}

/** Appends a term to `terms:` (once). */
export function addTermToFile(file: string, term: string): void {
  const { isSeq, YAMLSeq } = yaml();
  editConfigFile(file, (doc) => {
    if (!isSeq(doc.get('terms'))) doc.set('terms', new YAMLSeq());
    const seq = doc.get('terms') as Yaml.YAMLSeq;
    if (!seq.items.some((i) => String((i as { value?: unknown }).value ?? i) === term)) seq.add(term);
  });
}
