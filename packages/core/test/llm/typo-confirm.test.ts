// The second stage of typo/lm against a real HTTP server on loopback: only the rule's low-confidence findings are
// sent, as short lines, and the answers decide them.
import { afterEach, describe, expect, it } from 'vitest';
import {
  Checker,
  checkWithLlm,
  confirmTypoFindings,
  emptyStats,
  OpenAiBackend,
  parseConfirmations,
  textDocument,
} from '@gongwen/core';
import { startFakeOpenAi, type FakeServer, type Script } from './fake-openai.js';

// Line 1: a warning (a completed idiom); lines 2 and 3: suggestions (info) the rule is unsure of.
const TEXT = ['各单位要三令五伸，严格落实。', '要把优良传统发扬广大。', '我们要把这些经验发扬广大。', ''].join('\n');

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const checker = new Checker();
const lm = (ds: readonly { ruleId: string }[]) => ds.filter((d) => d.ruleId === 'typo/lm');

async function confirm(script: Script) {
  server = await startFakeOpenAi(script);
  const backend = new OpenAiBackend({ baseURL: server.url, model: 'test-model', apiKey: 'sk-test' });
  const diagnostics = checker.check(textDocument(TEXT)).diagnostics;
  const stats = emptyStats();
  const out = await confirmTypoFindings(TEXT, diagnostics, { backend, timeoutMs: 5000 }, stats);
  return { before: diagnostics, out, stats, server };
}

describe('typo/lm confirmation by a model', () => {
  it('the text gives one warning and two suggestions to ask about', () => {
    const found = lm(checker.check(textDocument(TEXT)).diagnostics);
    expect(found.map((d) => d.severity)).toEqual(['warning', 'info', 'info']);
  });

  it('sends only the suggestions, a few characters around each, and applies yes and no', async () => {
    const { before, out, stats, server } = await confirm(() => ({
      content: JSON.stringify({
        answers: [
          { id: 1, yes: true },
          { id: 2, yes: false },
        ],
      }),
    }));
    expect(server.requests).toHaveLength(1);
    const user = server.requests[0]!.body.messages.at(-1)!.content;
    expect(user.split('\n')).toEqual(['1. 要把优良传统发扬【广→光】大。', '2. 要把这些经验发扬【广→光】大。']);
    expect(user).not.toContain('三令五伸');
    const [warning, confirmed, ...rest] = lm(out);
    expect(rest).toEqual([]);
    expect(warning).toEqual(lm(before)[0]);
    expect(confirmed!.severity).toBe('warning');
    expect(confirmed!.message).toContain('test-model');
    // An AI answer is still a suggestion: --fix never applies it.
    expect(confirmed!.fix).toBeUndefined();
    expect(confirmed!.suggestions?.[0]?.fix.text).toBe('光');
    expect(out.length).toBe(before.length - 1);
    expect(stats.requests).toBe(1);
    expect(stats.promptTokens).toBe(100);
  });

  it('keeps the findings as they were when the answer is malformed or the server fails', async () => {
    const malformed = await confirm(() => ({ content: 'I think both are fine.' }));
    expect(malformed.out).toEqual(malformed.before);
    expect(malformed.stats.malformed).toBe(1);
    await server!.close();
    const failed = await confirm(() => ({ status: 400, raw: { error: { message: 'bad request' } } }));
    expect(failed.out).toEqual(failed.before);
    expect(failed.stats.errors.length).toBe(1);
  });

  it('reads answers with text around the JSON and ignores ill-formed entries', () => {
    expect(parseConfirmations('好的：{"answers":[{"id":1,"yes":true},{"id":"x","yes":1}]}')).toEqual(
      new Map([[1, true]]),
    );
    expect(parseConfirmations('{"answers":3}')).toBeUndefined();
    expect(parseConfirmations('no json')).toBeUndefined();
  });

  it('runs before the proofreading request in checkWithLlm when typos are asked for', async () => {
    server = await startFakeOpenAi((req) =>
      req.body.messages[0]!.content.includes('疑似错别字')
        ? {
            content: JSON.stringify({
              answers: [
                { id: 1, yes: false },
                { id: 2, yes: false },
              ],
            }),
          }
        : { content: JSON.stringify({ findings: [] }) },
    );
    const backend = new OpenAiBackend({ baseURL: server.url, model: 'test-model', apiKey: 'sk-test' });
    const result = await checkWithLlm(checker, textDocument(TEXT), { backend, timeoutMs: 5000, categories: ['typo'] });
    expect(server.requests).toHaveLength(2);
    expect(lm(result.diagnostics).map((d) => d.severity)).toEqual(['warning']);
    expect(result.llm.requests).toBe(2);
    // Without the typo category nothing is confirmed.
    const other = await checkWithLlm(checker, textDocument(TEXT), {
      backend,
      timeoutMs: 5000,
      categories: ['grammar'],
    });
    expect(server.requests).toHaveLength(3);
    expect(lm(other.diagnostics)).toHaveLength(3);
  });
});
