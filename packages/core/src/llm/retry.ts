import { LlmRequestError, type LlmBackend, type LlmRequest, type LlmResponse } from './backend.js';

export interface RetryOptions {
  /** Further attempts after a timeout, 429 or 5xx (default 3). */
  retries?: number;
  /** First backoff delay; doubles with each attempt (Retry-After wins when the server sends it). */
  retryBaseMs?: number;
  maxRetryDelayMs?: number;
  signal?: AbortSignal;
  /** Called before each HTTP request (the accounting counts retries). */
  onAttempt?: () => void;
}

export function abortError(signal: AbortSignal): Error {
  const r = signal.reason;
  if (r instanceof Error) return r;
  const e = new Error('AI 请求已取消 / LLM request cancelled');
  e.name = 'AbortError';
  return e;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(abortError(signal!));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * One completion, asked again with backoff after a timeout, 429 or 5xx, at once without `response_format` when the
 * server refuses it. Rejects with the LlmRequestError that ended it, or the abort reason when `signal` aborts.
 */
export async function completeWithRetries(
  backend: LlmBackend,
  request: Omit<LlmRequest, 'signal'>,
  options: RetryOptions = {},
): Promise<LlmResponse> {
  const { signal } = options;
  const retries = options.retries ?? 3;
  const retryBaseMs = options.retryBaseMs ?? 1000;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;
  for (let attempt = 0; ; ) {
    if (signal?.aborted) throw abortError(signal);
    options.onAttempt?.();
    try {
      return await backend.complete({ ...request, ...(signal ? { signal } : {}) });
    } catch (e) {
      const err =
        e instanceof LlmRequestError ? e : new LlmRequestError(String((e as Error)?.message ?? e), 'connection');
      if (err.kind === 'aborted' || signal?.aborted) throw signal ? abortError(signal) : err;
      if (err.kind === 'json-unsupported') continue; // asked again at once, without response_format
      if (!err.retryable || attempt >= retries) throw err;
      const backoff = Math.min(
        maxRetryDelayMs,
        err.retryAfterMs ?? retryBaseMs * 2 ** attempt * (0.75 + Math.random() * 0.5),
      );
      attempt++;
      await sleep(backoff, signal);
    }
  }
}
