import { parseCategories } from './types.js';

/** `llm:` of `.gongwenrc.yaml`: the AI checks' endpoint, model and limits (API keys come from the environment only). */
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
  /**
   * The config file `baseURL` came from, set by whoever loads the files (never read from YAML: the key is unknown
   * there), so that the report can say where the endpoint was chosen.
   */
  baseURLFrom?: string;
}

// The configuration carries the AI checks' section; declared here so that the engine imports nothing from llm/.
declare module '../engine/config.js' {
  interface Config {
    llm?: LlmConfig;
  }
}

/** Validates `llm:` of `.gongwenrc.yaml`; `fail` builds the config error (the engine's ConfigError). */
export function validateLlmConfig(
  raw: Record<string, unknown>,
  where: string,
  fail: (message: string) => Error,
): LlmConfig {
  const known: Record<string, 'boolean' | 'string' | 'number' | 'list'> = {
    enabled: 'boolean',
    baseURL: 'string',
    model: 'string',
    temperature: 'number',
    maxConcurrency: 'number',
    timeoutMs: 'number',
    categories: 'list',
    cacheDir: 'string',
    redact: 'boolean',
  };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    const kind = known[k];
    if (!kind)
      throw fail(`${where}：未知的配置项“llm.${k}”（可用：${Object.keys(known).join('、')}） / unknown key "llm.${k}"`);
    if (v === null || v === undefined) continue;
    const bad = () => fail(`${where}：llm.${k} 的值“${String(v)}”无效 / invalid llm.${k}`);
    if (kind === 'list') {
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw bad();
      const { unknown } = parseCategories(v as string[]);
      if (unknown.length)
        throw fail(
          `${where}：llm.categories 中的“${unknown.join('、')}”不是已知类别（typo、grammar、wording、consistency、logic、risk） / unknown category`,
        );
    } else if (typeof v !== kind) throw bad();
    if (k === 'temperature' && !((v as number) >= 0 && (v as number) <= 2)) throw bad();
    if ((k === 'maxConcurrency' || k === 'timeoutMs') && !(Number.isInteger(v) && (v as number) >= 1)) throw bad();
    out[k] = v;
  }
  return out as LlmConfig;
}
