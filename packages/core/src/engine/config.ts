import type { Severity, SeveritySetting } from './types.js';
import { validateLlmConfig } from '../llm/config.js';

export interface RuleSetting {
  level?: SeveritySetting;
  options?: Record<string, unknown>;
}

export interface LlmConfig {
  enabled?: boolean;
  baseURL?: string;
  model?: string;
  temperature?: number;
  maxConcurrency?: number;
  timeoutMs?: number;
  categories?: string[];
  cacheDir?: string;
  redact?: boolean;
}

/** `.gongwenrc.yaml`, validated. */
export interface Config {
  profile?: string | Record<string, unknown>;
  rules: Record<string, RuleSetting>;
  terms: string[];
  ignore: string[];
  llm?: LlmConfig;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const LEVELS = new Set(['error', 'warning', 'info', 'off']);
const ALIASES: Record<string, SeveritySetting> = { warn: 'warning', 0: 'off', 1: 'warning', 2: 'error', false: 'off' };

export function parseLevel(value: unknown, where: string): SeveritySetting {
  const v = String(value);
  if (LEVELS.has(v)) return v as SeveritySetting;
  if (v in ALIASES) return ALIASES[v]!;
  throw new ConfigError(`${where}：级别“${v}”无效，应为 error、warning、info 或 off / invalid level "${v}"`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringList(v: unknown, where: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' || typeof x === 'number')) {
    throw new ConfigError(`${where} 应为字符串列表 / ${where} must be a list of strings`);
  }
  return v.map(String);
}

/** Validates a parsed config object; `source` names it in errors. Unknown top-level keys are refused. */
export function normalizeConfig(raw: unknown, source = '配置'): Config {
  if (raw === undefined || raw === null) return { rules: {}, terms: [], ignore: [] };
  if (!isObject(raw)) throw new ConfigError(`${source}：配置必须是映射（键: 值） / config must be a mapping`);
  const known = new Set(['profile', 'rules', 'terms', 'ignore', 'llm']);
  for (const k of Object.keys(raw)) {
    if (!known.has(k)) throw new ConfigError(`${source}：未知的配置项“${k}” / unknown key "${k}"`);
  }
  const rules: Record<string, RuleSetting> = {};
  if (raw.rules !== undefined && raw.rules !== null) {
    if (!isObject(raw.rules)) throw new ConfigError(`${source}：rules 必须是映射 / rules must be a mapping`);
    for (const [id, v] of Object.entries(raw.rules)) {
      const where = `${source} rules.${id}`;
      if (isObject(v)) {
        const setting: RuleSetting = {};
        if (v.level !== undefined) setting.level = parseLevel(v.level, where);
        if (v.options !== undefined) {
          if (!isObject(v.options)) throw new ConfigError(`${where}.options 必须是映射 / options must be a mapping`);
          setting.options = v.options;
        }
        rules[id] = setting;
      } else rules[id] = { level: parseLevel(v, where) };
    }
  }
  const profile = raw.profile;
  if (profile !== undefined && typeof profile !== 'string' && !isObject(profile)) {
    throw new ConfigError(`${source}：profile 应为名称或映射 / profile must be a name or a mapping`);
  }
  let llm: LlmConfig | undefined;
  if (raw.llm !== undefined) {
    if (!isObject(raw.llm)) throw new ConfigError(`${source}：llm 必须是映射 / llm must be a mapping`);
    if ('apiKey' in raw.llm || 'api_key' in raw.llm) {
      throw new ConfigError(`${source}：API 密钥只能通过环境变量 GONGWEN_LLM_API_KEY 提供，不能写在配置文件中 / API keys come only from the environment`);
    }
    llm = validateLlmConfig(raw.llm, source, (m) => new ConfigError(m));
  }
  return {
    ...(profile !== undefined ? { profile: profile as Config['profile'] } : {}),
    rules,
    terms: stringList(raw.terms, `${source} terms`),
    ignore: stringList(raw.ignore, `${source} ignore`),
    ...(llm ? { llm } : {}),
  };
}

/** Later configs win (e.g. the file's config, then command-line --rule). */
export function mergeConfigs(...configs: Config[]): Config {
  const out: Config = { rules: {}, terms: [], ignore: [] };
  for (const c of configs) {
    if (c.profile !== undefined) out.profile = c.profile;
    for (const [id, s] of Object.entries(c.rules)) out.rules[id] = { ...out.rules[id], ...s };
    out.terms.push(...c.terms);
    out.ignore.push(...c.ignore);
    if (c.llm) out.llm = { ...out.llm, ...c.llm };
  }
  return out;
}

/** The setting for a rule id: exact id first, then the closest `area/*` wildcard, then `*`. */
export function settingFor(config: Config, id: string): RuleSetting | undefined {
  if (config.rules[id]) return config.rules[id];
  const parts = id.split('/');
  for (let i = parts.length - 1; i > 0; i--) {
    const s = config.rules[`${parts.slice(0, i).join('/')}/*`];
    if (s) return s;
  }
  return config.rules['*'];
}

export function effectiveLevel(config: Config, id: string, fallback: Severity): SeveritySetting {
  return settingFor(config, id)?.level ?? fallback;
}
