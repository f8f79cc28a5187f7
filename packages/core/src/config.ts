import { type Config, ConfigError, type OrganizationConfig, type RuleSetting, parseLevel } from './engine/config.js';
import { type LlmConfig, validateLlmConfig } from './llm/config.js';
import { resolveProfile } from './engine/profile.js';
import { validateSupersededEntries } from './rules/basis.js';

// The whole configuration: the engine's sections and the AI checks' `llm:`. It sits above both so neither imports
// the other.

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
  const known = new Set(['profile', 'rules', 'terms', 'ignore', 'llm', 'superseded', 'organization']);
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
  if (profile !== undefined) {
    // Layered and checked now, so a wrong key or value is reported against the file that holds it.
    try {
      resolveProfile(profile);
    } catch (e) {
      if (e instanceof ConfigError) throw new ConfigError(`${source}：${e.message}`);
      throw e;
    }
  }
  let llm: LlmConfig | undefined;
  if (raw.llm !== undefined) {
    if (!isObject(raw.llm)) throw new ConfigError(`${source}：llm 必须是映射 / llm must be a mapping`);
    if ('apiKey' in raw.llm || 'api_key' in raw.llm) {
      throw new ConfigError(
        `${source}：API 密钥只能通过环境变量 GONGWEN_LLM_API_KEY 提供，不能写在配置文件中 / API keys come only from the environment`,
      );
    }
    llm = validateLlmConfig(raw.llm, source, (m) => new ConfigError(m));
  }
  const superseded = validateSupersededEntries(raw.superseded, `${source} superseded`, (m) => new ConfigError(m));
  const organization = raw.organization === undefined ? undefined : normalizeOrganization(raw.organization, source);
  return {
    ...(profile !== undefined ? { profile: profile as Config['profile'] } : {}),
    rules,
    terms: stringList(raw.terms, `${source} terms`),
    ignore: stringList(raw.ignore, `${source} ignore`),
    ...(llm ? { llm } : {}),
    ...(superseded.length ? { superseded } : {}),
    ...(organization ? { organization } : {}),
  };
}

function normalizeOrganization(raw: unknown, source: string): OrganizationConfig {
  if (!isObject(raw)) throw new ConfigError(`${source}：organization 必须是映射 / organization must be a mapping`);
  const known = new Set(['name', 'superiors', 'subordinates']);
  for (const k of Object.keys(raw)) {
    if (!known.has(k))
      throw new ConfigError(`${source}：organization 中未知的配置项“${k}” / unknown key organization.${k}`);
  }
  if (raw.name !== undefined && typeof raw.name !== 'string')
    throw new ConfigError(`${source} organization.name 应为字符串 / organization.name must be a string`);
  const clean = (list: string[]) => list.map((s) => s.replace(/[\s\u3000]+/g, '')).filter(Boolean);
  const name = typeof raw.name === 'string' ? raw.name.replace(/[\s\u3000]+/g, '') : '';
  return {
    ...(name ? { name } : {}),
    superiors: clean(stringList(raw.superiors, `${source} organization.superiors`)),
    subordinates: clean(stringList(raw.subordinates, `${source} organization.subordinates`)),
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
    if (c.superseded?.length) out.superseded = [...(out.superseded ?? []), ...c.superseded];
    // The unit is one: a nearer config names it whole rather than adding to a farther one.
    if (c.organization) out.organization = c.organization;
  }
  return out;
}
