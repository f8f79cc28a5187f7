import type { SupersededEntry } from '../rules/basis.js';
import type { Severity, SeveritySetting } from './types.js';

export interface RuleSetting {
  level?: SeveritySetting;
  options?: Record<string, unknown>;
}

/**
 * The unit that writes the documents (`organization:` in `.gongwenrc.yaml`): its name and short names, and the organs
 * above and below it. The 行文关系 rules read it before guessing a relation from organ names.
 */
export interface OrganizationConfig {
  /** Full name, e.g. 青川市教育局. */
  name?: string;
  /** Organs it reports to (上级机关, 业务主管部门). */
  superiors: string[];
  /** Organs it directs (下级机关, 所属单位). */
  subordinates: string[];
}

/**
 * `.gongwenrc.yaml`, validated (see normalizeConfig in ../config.ts). The AI checks add their `llm` section to this
 * interface from llm/config.ts, so the engine depends on nothing of theirs.
 */
export interface Config {
  profile?: string | Record<string, unknown>;
  rules: Record<string, RuleSetting>;
  terms: string[];
  ignore: string[];
  /** A unit's own superseded documents, added to rules/packs/superseded.yaml (element/superseded-basis). */
  superseded?: SupersededEntry[];
  organization?: OrganizationConfig;
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

// Looked up for every rule on every document: the answer per id is kept with the rules table it came from (a config's
// table is built once and not changed after; a changed config is a new table).
const settingCache = new WeakMap<Record<string, RuleSetting>, Map<string, RuleSetting | undefined>>();

/** The setting for a rule id: exact id first, then the closest `area/*` wildcard, then `*`. */
export function settingFor(config: Config, id: string): RuleSetting | undefined {
  let byId = settingCache.get(config.rules);
  if (!byId) settingCache.set(config.rules, (byId = new Map()));
  if (byId.has(id)) return byId.get(id);
  const found = lookupSetting(config.rules, id);
  byId.set(id, found);
  return found;
}

function lookupSetting(rules: Record<string, RuleSetting>, id: string): RuleSetting | undefined {
  if (rules[id]) return rules[id];
  const parts = id.split('/');
  for (let i = parts.length - 1; i > 0; i--) {
    const s = rules[`${parts.slice(0, i).join('/')}/*`];
    if (s) return s;
  }
  return rules['*'];
}

export function effectiveLevel(config: Config, id: string, fallback: Severity): SeveritySetting {
  return settingFor(config, id)?.level ?? fallback;
}
