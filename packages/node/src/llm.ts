import { mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import {
  addStats,
  checkWithLlm,
  emptyStats,
  OpenAiBackend,
  parseCategories,
  type Checker,
  type Config,
  type Diagnostic,
  type GovDocument,
  type LintResult,
  type LlmBackend,
  type LlmEndpointSource,
  type LlmCache,
  type LlmRunOptions,
  type LlmStats,
  type LlmSummary,
} from '@gongwen/core';
import { userConfigDir } from './config.js';
import { UsageError } from './errors.js';
import type { Env } from './read.js';
import { writeAtomic } from './write.js';

/**
 * Every environment variable gongwen reads for the AI checks, in one place (the README lists them). Flags and the
 * editor's command come first, then these, then `.gongwenrc.yaml` (`llm:`), then the `OPENAI_*` fallbacks.
 */
export const LLM_ENV = {
  baseURL: 'GONGWEN_LLM_BASE_URL',
  model: 'GONGWEN_LLM_MODEL',
  apiKey: 'GONGWEN_LLM_API_KEY',
  cacheDir: 'GONGWEN_LLM_CACHE_DIR',
  timeoutMs: 'GONGWEN_LLM_TIMEOUT_MS',
  retryBaseMs: 'GONGWEN_LLM_RETRY_BASE_MS',
} as const;

/** Per-run choices that override the environment and the config (CLI flags). */
export interface LlmFlags {
  llm?: boolean;
  llmRedact?: boolean;
  llmModel?: string;
  llmBaseUrl?: string;
}

/** `$XDG_CACHE_HOME/gongwen/llm`, else `~/.cache/gongwen/llm`. */
export function defaultCacheDir(env: Env): string {
  const base = env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'gongwen', 'llm');
}

/** Model answers on disk, one small JSON file per key, written atomically (several runs may share the folder). */
export class FileLlmCache implements LlmCache {
  constructor(readonly dir: string) {}

  private path(key: string): string {
    if (!/^[0-9a-f]{16,}$/.test(key)) throw new Error(`bad cache key ${key}`);
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  get(key: string): string | undefined {
    try {
      return readFileSync(this.path(key), 'utf8');
    } catch {
      return undefined;
    }
  }

  set(key: string, value: string): void {
    const p = this.path(key);
    mkdirSync(join(this.dir, key.slice(0, 2)), { recursive: true });
    writeAtomic(p, value);
  }
}

/** The resolved endpoint and run settings, before a backend is made (tests and `--help`-like listings read it). */
export interface LlmSettings {
  baseURL: string;
  model: string;
  apiKey?: string;
  cacheDir: string;
  timeoutMs?: number;
  retryBaseMs?: number;
  temperature?: number;
  maxConcurrency?: number;
  categories: NonNullable<LlmRunOptions['categories']>;
  redact: boolean;
  /** Where `baseURL` was set (a flag, an environment variable, the user's config or a `--config` file). */
  baseURLSource: LlmEndpointSource;
}

function baseURLSource(config: Config, env: Env, flags: LlmFlags): LlmEndpointSource {
  if (flags.llmBaseUrl) return { kind: 'flag', name: '--llm-base-url' };
  if (env[LLM_ENV.baseURL]) return { kind: 'env', name: LLM_ENV.baseURL };
  const file = config.llm?.baseURL ? config.llm.baseURLFrom : undefined;
  if (file)
    return { kind: resolve(file).startsWith(join(userConfigDir(env), '')) ? 'user-config' : 'config', name: file };
  // A config without a loader's note (a program passing its own): named as the config.
  if (config.llm?.baseURL) return { kind: 'config', name: 'llm.baseURL' };
  return { kind: 'env', name: 'OPENAI_BASE_URL' };
}

/**
 * The AI settings for one document: flags, then environment, then its config (API keys from the environment only).
 * Throws a UsageError naming the variables when no endpoint or model is set.
 */
export function resolveLlmSettings(config: Config, baseDir: string, env: Env, flags: LlmFlags = {}): LlmSettings {
  const c = config.llm ?? {};
  const baseURL = flags.llmBaseUrl ?? env[LLM_ENV.baseURL] ?? c.baseURL ?? env.OPENAI_BASE_URL;
  const model = flags.llmModel ?? env[LLM_ENV.model] ?? c.model;
  if (!baseURL || !model) {
    throw new UsageError(
      'AI 检查需要模型服务地址和模型名：设置环境变量 GONGWEN_LLM_BASE_URL 和 GONGWEN_LLM_MODEL（或 --config 指定的配置文件、用户配置 ~/.config/gongwen/config.yaml 中的 llm.baseURL、' +
        'llm.model；被检查文件夹中的配置不能设置服务地址），密钥放在 GONGWEN_LLM_API_KEY / the LLM check needs an endpoint and a model',
    );
  }
  if (!/^https?:\/\/[^\s/]+/i.test(baseURL)) {
    throw new UsageError(`AI 模型服务地址无效：${baseURL}（应以 http:// 或 https:// 开头） / invalid LLM base URL`);
  }
  const apiKey = env[LLM_ENV.apiKey] ?? env.OPENAI_API_KEY;
  const cacheDir = env[LLM_ENV.cacheDir] || (c.cacheDir ? resolve(baseDir, c.cacheDir) : defaultCacheDir(env));
  const timeoutMs = Number(env[LLM_ENV.timeoutMs]) || c.timeoutMs;
  const retryBaseMs = env[LLM_ENV.retryBaseMs] ? Number(env[LLM_ENV.retryBaseMs]) : undefined;
  return {
    baseURL,
    model,
    ...(apiKey ? { apiKey } : {}),
    cacheDir,
    ...(timeoutMs ? { timeoutMs } : {}),
    ...(retryBaseMs !== undefined ? { retryBaseMs } : {}),
    ...(c.temperature !== undefined ? { temperature: c.temperature } : {}),
    ...(c.maxConcurrency !== undefined ? { maxConcurrency: c.maxConcurrency } : {}),
    categories: parseCategories(c.categories).categories,
    redact: Boolean(flags.llmRedact || c.redact),
    baseURLSource: baseURLSource(config, env, flags),
  };
}

/** The endpoint as shown to the user: no credentials that may sit in the URL. */
function shownEndpoint(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/+$/, '');
  } catch {
    return url;
  }
}

/**
 * The AI checks of one run (a CLI batch, or an editor session): one backend per endpoint and model, one disk cache,
 * and the accounting for the summary.
 */
export class LlmSession {
  readonly stats: LlmStats = emptyStats();
  private readonly backends = new Map<string, LlmBackend>();
  private readonly models = new Set<string>();
  private readonly sources = new Map<string, LlmEndpointSource>();

  constructor(
    private readonly flags: LlmFlags,
    private readonly env: Env,
  ) {}

  /** Whether the AI checks run for a document with this config without being asked for (flags or `llm.enabled`). */
  enabled(config: Config): boolean {
    return Boolean(this.flags.llm || this.flags.llmRedact || config.llm?.enabled);
  }

  /** Whether any document of the run used the model (so the summary carries an `llm` object). */
  get used(): boolean {
    return this.models.size > 0;
  }

  /** Run options for a document's config; throws a UsageError when no endpoint is configured. */
  options(config: Config, baseDir: string): LlmRunOptions {
    const s = resolveLlmSettings(config, baseDir, this.env, this.flags);
    const key = `${s.baseURL}\u0000${s.model}`;
    let backend = this.backends.get(key);
    if (!backend) {
      backend = new OpenAiBackend({ baseURL: s.baseURL, model: s.model, ...(s.apiKey ? { apiKey: s.apiKey } : {}) });
      this.backends.set(key, backend);
    }
    this.sources.set(backend.endpoint, s.baseURLSource);
    return {
      backend,
      cache: new FileLlmCache(s.cacheDir),
      categories: s.categories,
      ...(s.temperature !== undefined ? { temperature: s.temperature } : {}),
      ...(s.maxConcurrency !== undefined ? { maxConcurrency: s.maxConcurrency } : {}),
      ...(s.timeoutMs ? { timeoutMs: s.timeoutMs } : {}),
      ...(s.retryBaseMs !== undefined ? { retryBaseMs: s.retryBaseMs } : {}),
      redact: s.redact,
    };
  }

  /** Rules, then the AI checks, on one document; the model's accounting goes into this session. */
  async run(checker: Checker, options: LlmRunOptions, doc: GovDocument, signal?: AbortSignal): Promise<LintResult> {
    const result = await checkWithLlm(checker, doc, options, signal);
    this.models.add(options.backend.model);
    addStats(this.stats, result.llm);
    return result;
  }

  /**
   * Rule findings, plus AI suggestions when enabled for this config. `ruleDiagnostics` (already computed, e.g. after
   * a fix) are returned as they are when the AI checks are off.
   */
  async check(
    checker: Checker,
    config: Config,
    baseDir: string,
    doc: GovDocument,
    ruleDiagnostics?: Diagnostic[],
  ): Promise<Diagnostic[]> {
    if (!this.enabled(config)) return ruleDiagnostics ?? checker.check(doc).diagnostics;
    return (await this.run(checker, this.options(config, baseDir), doc)).diagnostics;
  }

  summary(): LlmSummary | undefined {
    if (!this.used) return undefined;
    const s = this.stats;
    const endpoints: NonNullable<LlmSummary['endpoints']> = {};
    const endpointSources: Record<string, LlmEndpointSource> = {};
    for (const [url, e] of Object.entries(s.endpoints)) {
      endpoints[shownEndpoint(url)] = e;
      const source = this.sources.get(url);
      if (source) endpointSources[shownEndpoint(url)] = source;
    }
    return {
      requests: s.requests,
      cachedChunks: s.cachedChunks,
      promptTokens: s.promptTokens,
      completionTokens: s.completionTokens,
      dropped: s.dropped,
      endpoints,
      models: [...this.models],
      chunks: s.chunks,
      failedChunks: s.failedChunks,
      malformed: s.malformed,
      merged: s.merged,
      droppedBy: { ...s.droppedBy },
      endpointSources,
    };
  }
}
