import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve, isAbsolute } from 'node:path';
import { parse } from 'yaml';
import { type Config, ConfigError, mergeConfigs, normalizeConfig } from '@gongwen/core';

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

/** Finds `.gongwenrc.yaml` upward from a folder; cached per folder. */
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
