import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake server answers to one request. */
export interface Reply {
  status?: number;
  /** The assistant message content of a chat completion (ignored when `raw` is set). */
  content?: string;
  /** A raw body (an error object, or anything malformed). */
  raw?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  usage?: { prompt_tokens: number; completion_tokens: number };
  /** `length` for an answer cut at the output limit (default `stop`). */
  finishReason?: string;
}

export interface SeenRequest {
  path: string;
  headers: IncomingMessage['headers'];
  /** The raw request body as received, for "the server never saw X" assertions. */
  text: string;
  body: {
    model: string;
    temperature?: number;
    response_format?: { type: string };
    messages: Array<{ role: string; content: string }>;
  };
}

export type Script = (request: SeenRequest, index: number) => Reply;

export interface FakeServer {
  /** Base URL including `/v1`, as users configure it. */
  url: string;
  requests: SeenRequest[];
  /** The most requests that were open at one time. */
  readonly peakInFlight: number;
  close(): Promise<void>;
}

/** The user turn a chunk was sent in (the last message), and the text between `<<<` and `>>>`. */
export function chunkOf(request: SeenRequest): string {
  const last = request.body.messages[request.body.messages.length - 1]!.content;
  const m = /<<<\n([\s\S]*)\n>>>/.exec(last);
  return m ? m[1]! : last;
}

export function findings(...list: Array<Record<string, unknown>>): string {
  return JSON.stringify({ findings: list });
}

/**
 * A real HTTP server on 127.0.0.1 speaking the chat-completions protocol with scripted answers. It listens on
 * loopback only: tests never reach any other address.
 */
export async function startFakeOpenAi(script: Script): Promise<FakeServer> {
  const requests: SeenRequest[] = [];
  let inFlight = 0;
  let peak = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    res.on('close', () => inFlight--);
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      if (req.method !== 'POST' || !/^(\/v1)?\/chat\/completions$/.test(path)) {
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: { message: `no route ${path}` } }));
        return;
      }
      const text = Buffer.concat(parts).toString('utf8');
      const seen: SeenRequest = { path, headers: req.headers, text, body: JSON.parse(text) as SeenRequest['body'] };
      const index = requests.length;
      requests.push(seen);
      const reply = script(seen, index);
      const send = () => {
        if (res.destroyed) return;
        const status = reply.status ?? 200;
        const body =
          reply.raw !== undefined
            ? typeof reply.raw === 'string'
              ? reply.raw
              : JSON.stringify(reply.raw)
            : JSON.stringify({
                id: `chatcmpl-${index}`,
                object: 'chat.completion',
                created: 1_700_000_000,
                model: seen.body.model,
                choices: [
                  {
                    index: 0,
                    message: { role: 'assistant', content: reply.content ?? '' },
                    finish_reason: reply.finishReason ?? 'stop',
                  },
                ],
                usage: { ...(reply.usage ?? { prompt_tokens: 100, completion_tokens: 20 }), total_tokens: 0 },
              });
        res.writeHead(status, { 'content-type': 'application/json', ...reply.headers }).end(body);
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    get peakInFlight() {
      return peak;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
