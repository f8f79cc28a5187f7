import { mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import {
  addStats, emptyStats, OpenAiBackend, parseCategories, type Checker, type Config, type Diagnostic, type GovDocument,
  type LlmBackend, type LlmCache, type LlmRunOptions, type LlmStats, type LlmSummary,
} from '@gongwen/core';
import { UsageError, writeFileAtomic } from './io.js';

export interface LlmFlags {
  llm?: boolean;
  llmRedact?: boolean;
  llmModel?: string;
  llmBaseUrl?: string;
}

type Env = Record<string, string | undefined>;

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
    writeFileAtomic(p, value);
  }
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
 * The AI checks of one `gongwen check` run: settings from flags, environment and config (API keys from the
 * environment only), one backend per endpoint and model, one disk cache, and the accounting for the summary.
 */
export class LlmSession {
  readonly stats: LlmStats = emptyStats();
  private readonly backends = new Map<string, LlmBackend>();
  private readonly models = new Set<string>();

  constructor(
    private readonly flags: LlmFlags,
    private readonly env: Env,
  ) {}

  enabled(config: Config): boolean {
    return Boolean(this.flags.llm || this.flags.llmRedact || config.llm?.enabled);
  }

  /** Whether any file of the run used the model (so the summary carries an `llm` object). */
  get used(): boolean {
    return this.models.size > 0;
  }

  private options(config: Config, baseDir: string): LlmRunOptions {
    const env = this.env;
    const c = config.llm ?? {};
    const baseURL = this.flags.llmBaseUrl ?? env.GONGWEN_LLM_BASE_URL ?? c.baseURL ?? env.OPENAI_BASE_URL;
    const model = this.flags.llmModel ?? env.GONGWEN_LLM_MODEL ?? c.model;
    if (!baseURL || !model) {
      throw new UsageError(
        'AI 检查需要模型服务地址和模型名：设置环境变量 GONGWEN_LLM_BASE_URL 和 GONGWEN_LLM_MODEL（或 .gongwenrc.yaml 中 llm.baseURL、llm.model），密钥放在 GONGWEN_LLM_API_KEY / the LLM check needs an endpoint and a model',
      );
    }
    if (!/^https?:\/\/[^\s/]+/i.test(baseURL)) throw new UsageError(`AI 模型服务地址无效：${baseURL}（应以 http:// 或 https:// 开头） / invalid LLM base URL`);
    const key = `${baseURL}\u0000${model}`;
    let backend = this.backends.get(key);
    if (!backend) {
      const apiKey = env.GONGWEN_LLM_API_KEY ?? env.OPENAI_API_KEY;
      backend = new OpenAiBackend({ baseURL, model, ...(apiKey ? { apiKey } : {}) });
      this.backends.set(key, backend);
    }
    const cacheDir = env.GONGWEN_LLM_CACHE_DIR || (c.cacheDir ? resolve(baseDir, c.cacheDir) : defaultCacheDir(env));
    const timeoutMs = Number(env.GONGWEN_LLM_TIMEOUT_MS) || c.timeoutMs;
    return {
      backend,
      cache: new FileLlmCache(cacheDir),
      categories: parseCategories(c.categories).categories,
      ...(c.temperature !== undefined ? { temperature: c.temperature } : {}),
      ...(c.maxConcurrency !== undefined ? { maxConcurrency: c.maxConcurrency } : {}),
      ...(timeoutMs ? { timeoutMs } : {}),
      ...(env.GONGWEN_LLM_RETRY_BASE_MS ? { retryBaseMs: Number(env.GONGWEN_LLM_RETRY_BASE_MS) } : {}),
      redact: Boolean(this.flags.llmRedact || c.redact),
    };
  }

  /**
   * Rule findings, plus AI suggestions when enabled for this file's config. `ruleDiagnostics` (already computed,
   * e.g. after --fix) are returned as they are when the AI checks are off.
   */
  async check(checker: Checker, config: Config, baseDir: string, doc: GovDocument, ruleDiagnostics?: Diagnostic[]): Promise<Diagnostic[]> {
    if (!this.enabled(config)) return ruleDiagnostics ?? checker.check(doc).diagnostics;
    const options = this.options(config, baseDir);
    const result = await checker.checkWithLlm(doc, options);
    this.models.add(options.backend.model);
    addStats(this.stats, result.llm);
    return result.diagnostics;
  }

  summary(): LlmSummary | undefined {
    if (!this.used) return undefined;
    const s = this.stats;
    const endpoints: NonNullable<LlmSummary['endpoints']> = {};
    for (const [url, e] of Object.entries(s.endpoints)) endpoints[shownEndpoint(url)] = e;
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
    };
  }
}
