// The client is loaded on first use: a check without --llm never pays for it.
import type OpenAI from 'openai';

type OpenAiModule = typeof import('openai');
let openaiModule: OpenAiModule | undefined;
// Required, not imported: the language server's bundle runs in a vm script, where import() has no loader of its own.
const loadOpenAi = async () =>
  (openaiModule ??= (typeof require === 'function' ? require('openai') : nodeRequire('openai')) as OpenAiModule);
import { nodeRequire } from '../lazy.js';
import type { ChatMessage } from './prompt.js';
import type { LlmUsage } from './types.js';

export interface LlmRequest {
  messages: ChatMessage[];
  temperature: number;
  /** Ask for a JSON object (`response_format`); servers that refuse it are asked again without. */
  json: boolean;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface LlmResponse {
  content: string;
  usage: LlmUsage;
  /** Why the model stopped (`length`: the answer was cut at the output limit). */
  finishReason?: string;
}

export type LlmErrorKind =
  | 'timeout'
  | 'rate-limit'
  | 'server'
  | 'connection'
  | 'client'
  | 'auth'
  | 'aborted'
  | 'json-unsupported';

/** A failed request, classified so the runner knows whether to try again. */
export class LlmRequestError extends Error {
  constructor(
    message: string,
    readonly kind: LlmErrorKind,
    readonly status?: number,
    /** From a Retry-After header. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'LlmRequestError';
  }

  get retryable(): boolean {
    return (
      this.kind === 'timeout' || this.kind === 'rate-limit' || this.kind === 'server' || this.kind === 'connection'
    );
  }
}

/** One model behind one endpoint. `complete` sends exactly one HTTP request. */
export interface LlmBackend {
  readonly model: string;
  /** Where requests go (shown in the summary: which endpoint received how much). */
  readonly endpoint: string;
  /** False once the server refused `response_format`. */
  jsonMode: boolean;
  complete(request: LlmRequest): Promise<LlmResponse>;
}

export interface OpenAiBackendOptions {
  baseURL: string;
  model: string;
  /** Local servers (Ollama, vLLM) take any key. */
  apiKey?: string;
  fetch?: typeof fetch;
}

const CLIENT_HEADERS = [
  'x-stainless-os',
  'x-stainless-arch',
  'x-stainless-runtime',
  'x-stainless-runtime-version',
  'x-stainless-lang',
  'x-stainless-package-version',
  'x-stainless-retry-count',
  'x-stainless-timeout',
];

function retryAfter(headers: Headers | undefined): number | undefined {
  const v = headers?.get?.('retry-after');
  if (!v) return undefined;
  const secs = Number(v);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

/** Chat completions through the `openai` client: DeepSeek, Qwen (compatible mode), vLLM, Ollama, OpenAI. */
export class OpenAiBackend implements LlmBackend {
  readonly model: string;
  readonly endpoint: string;
  jsonMode = true;
  private client: OpenAI | undefined;
  private sdk: OpenAiModule | undefined;
  private readonly options: OpenAiBackendOptions;

  constructor(options: OpenAiBackendOptions) {
    this.model = options.model;
    this.endpoint = options.baseURL.replace(/\/+$/, '');
    this.options = options;
  }

  private async ensureClient(): Promise<OpenAI> {
    if (this.client) return this.client;
    this.sdk = await loadOpenAi();
    const options = this.options;
    this.client = new this.sdk.default({
      baseURL: this.endpoint,
      apiKey: options.apiKey || 'none',
      // The runner retries itself: it counts every request and backs off on its own schedule.
      maxRetries: 0,
      // The client would tell every endpoint the OS, CPU and runtime version; a government machine keeps that to itself.
      defaultHeaders: Object.fromEntries([...CLIENT_HEADERS.map((h) => [h, null]), ['user-agent', 'gongwen']]),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    return this.client;
  }

  async complete(request: LlmRequest): Promise<LlmResponse> {
    const json = request.json && this.jsonMode;
    const client = await this.ensureClient();
    try {
      const res = await client.chat.completions.create(
        {
          model: this.model,
          messages: request.messages,
          temperature: request.temperature,
          ...(json ? { response_format: { type: 'json_object' as const } } : {}),
        },
        { timeout: request.timeoutMs, maxRetries: 0, ...(request.signal ? { signal: request.signal } : {}) },
      );
      return {
        content: res.choices?.[0]?.message?.content ?? '',
        ...(res.choices?.[0]?.finish_reason ? { finishReason: res.choices[0].finish_reason } : {}),
        usage: { promptTokens: res.usage?.prompt_tokens ?? 0, completionTokens: res.usage?.completion_tokens ?? 0 },
      };
    } catch (e) {
      throw this.classify(e, json);
    }
  }

  private classify(e: unknown, json: boolean): LlmRequestError {
    const OpenAI = this.sdk!.default;
    if (e instanceof OpenAI.APIUserAbortError) return new LlmRequestError('请求已取消 / request cancelled', 'aborted');
    if (e instanceof OpenAI.APIConnectionTimeoutError)
      return new LlmRequestError('请求超时 / request timed out', 'timeout');
    if (e instanceof OpenAI.APIConnectionError) {
      return new LlmRequestError(`无法连接 ${this.endpoint}：${e.message} / connection failed`, 'connection');
    }
    if (e instanceof OpenAI.APIError) {
      const status = e.status ?? 0;
      const msg = `${this.endpoint} 返回 HTTP ${status}：${(e.message || '').split('\n')[0]}`;
      if (status === 400 && json && /response_format|json/i.test(e.message ?? '')) {
        this.jsonMode = false;
        return new LlmRequestError(msg, 'json-unsupported', status);
      }
      if (status === 429) return new LlmRequestError(msg, 'rate-limit', status, retryAfter(e.headers));
      if (status === 408 || status >= 500) return new LlmRequestError(msg, 'server', status, retryAfter(e.headers));
      if (status === 401 || status === 403)
        return new LlmRequestError(`${msg}（请检查 GONGWEN_LLM_API_KEY） / check the API key`, 'auth', status);
      return new LlmRequestError(msg, 'client', status);
    }
    if (e instanceof Error && e.name === 'AbortError')
      return new LlmRequestError('请求已取消 / request cancelled', 'aborted');
    return new LlmRequestError(e instanceof Error ? e.message : String(e), 'connection');
  }
}
