import { afterEach, describe, expect, it } from 'vitest';
import {
  Checker,
  checkWithLlm,
  OpenAiBackend,
  runLlmChecks,
  textDocument,
  recognizeStructure,
  type LlmCache,
  type LlmRunOptions,
} from '@gongwen/core';
import { chunkOf, findings, startFakeOpenAi, type FakeServer, type Script } from './fake-openai.js';

const TEXT = [
  '关于做好行政执法公示工作的通知',
  '各区人民政府：',
  '行政机关实施行政管理都应当公开，这是程序正荡原则的要求。请于2024年3月1日前报送材料,联系电话13812345678。',
  '特此通知。',
  '',
].join('\n');

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

class MemoryCache implements LlmCache {
  readonly map = new Map<string, string>();
  get(k: string) {
    return this.map.get(k);
  }
  set(k: string, v: string) {
    this.map.set(k, v);
  }
}

async function run(script: Script, extra: Partial<LlmRunOptions> = {}, text = TEXT, signal?: AbortSignal) {
  server ??= await startFakeOpenAi(script);
  const doc = textDocument(text);
  const structure = recognizeStructure(doc);
  const backend = new OpenAiBackend({ baseURL: server.url, model: 'test-model', apiKey: 'sk-test' });
  const result = await runLlmChecks(doc, structure, { backend, retryBaseMs: 5, timeoutMs: 5000, ...extra }, [], signal);
  return { ...result, doc, server };
}

const typo = {
  category: 'typo',
  wrong: '正荡',
  context: '这是程序正荡原则',
  suggestion: '正当',
  reason: '别字',
  confidence: 0.9,
};

describe('runLlmChecks against a chat-completions server', () => {
  it('anchors a valid finding and reports it as a suggestion naming the model', async () => {
    const { diagnostics, stats, doc, server } = await run(() => ({ content: findings(typo) }));
    expect(diagnostics).toHaveLength(1);
    const d = diagnostics[0]!;
    const at = doc.text.indexOf('正荡');
    expect(d.range).toEqual([at + 1, at + 2]); // only the changed character
    expect(d.ruleId).toBe('llm/typo');
    expect(d.source).toBe('llm');
    expect(d.fix).toBeUndefined();
    expect(d.suggestions![0]!.fix).toEqual({ range: [at + 1, at + 2], text: '当' });
    expect(d.message).toContain('test-model');
    expect(d.message).toContain('须人工确认');
    expect(d.message).toContain('“正荡”建议改为“正当”');
    expect(stats).toMatchObject({
      requests: 1,
      cachedChunks: 0,
      dropped: 0,
      promptTokens: 100,
      completionTokens: 20,
      failedChunks: 0,
    });
    const req = server.requests[0]!;
    expect(req.path).toBe('/v1/chat/completions');
    expect(req.headers.authorization).toBe('Bearer sk-test');
    expect(req.headers['user-agent']).toBe('gongwen');
    expect(Object.keys(req.headers).filter((h) => h.startsWith('x-stainless'))).toEqual([]);
    expect(req.body.model).toBe('test-model');
    expect(req.body.temperature).toBe(0.1);
    expect(req.body.response_format).toEqual({ type: 'json_object' });
    const last = req.body.messages.at(-1)!.content;
    expect(last).toContain('公文标题：关于做好行政执法公示工作的通知');
    expect(last).toContain('文种：通知');
    expect(chunkOf(req)).toContain('程序正荡原则');
    // The examples teach leaving correct text alone: one example turn is answered with no findings.
    expect(req.body.messages.some((m) => m.role === 'assistant' && m.content === '{"findings":[]}')).toBe(true);
    expect(stats.endpoints[server.url]).toEqual({
      characters: req.body.messages.reduce((n, m) => n + m.content.length, 0),
      requests: 1,
    });
  });

  it('counts malformed JSON and an empty answer, reports nothing, and does not cache them', async () => {
    const cache = new MemoryCache();
    let n = 0;
    const answers = ['{"findings": [{"category": "typo", "wrong": "正荡"', ''];
    const first = await run(() => ({ content: answers[n++] ?? '' }), { cache });
    expect(first.diagnostics).toEqual([]);
    expect(first.stats).toMatchObject({ requests: 1, malformed: 1 });
    expect(cache.map.size).toBe(0);
    const second = await run(() => ({ content: answers[n++] ?? '' }), { cache });
    expect(second.diagnostics).toEqual([]);
    expect(second.stats).toMatchObject({ requests: 1, malformed: 1, cachedChunks: 0 });
  });

  it('reads JSON inside a code fence and after reasoning text', async () => {
    const content = `<think>看一下</think>以下是结果：\n\`\`\`json\n${findings(typo)}\n\`\`\`\n`;
    const { diagnostics, stats } = await run(() => ({ content }));
    expect(diagnostics.map((d) => d.ruleId)).toEqual(['llm/typo']);
    expect(stats.malformed).toBe(0);
  });

  it('drops and counts a quote that is not in the text, a whole-sentence rewrite and an invented number', async () => {
    const { diagnostics, stats } = await run(() => ({
      content: findings(
        { category: 'typo', wrong: '程序正挡', suggestion: '程序正当', confidence: 0.9 },
        {
          category: 'grammar',
          wrong: '行政机关实施行政管理都应当公开，这是程序正荡原则的要求。',
          suggestion: '依据程序正当原则，行政机关在实施各项行政管理活动时均须依法公开。',
          confidence: 0.9,
        },
        { category: 'consistency', wrong: '2024年3月1日', suggestion: '2024年3月15日', confidence: 0.9 },
        { category: 'typo', wrong: '正荡', suggestion: '正荡', confidence: 0.9 },
        typo,
      ),
    }));
    expect(diagnostics.map((d) => d.ruleId)).toEqual(['llm/typo']);
    expect(stats.dropped).toBe(4);
    expect(stats.droppedBy).toEqual({ 'not-found': 1, rewrite: 1, 'invented-number': 1, unchanged: 1 });
  });

  it('uses the context to place a quote that occurs twice, and drops it when nothing tells them apart', async () => {
    const text = '关于加强管理的通知\n各单位要加强管里，严格执行制度。\n各部门要加强管里，完善工作机制。\n';
    const { diagnostics, stats, doc } = await run(
      () => ({
        content: findings(
          { category: 'typo', wrong: '管里', context: '各部门要加强管里', suggestion: '管理', confidence: 0.9 },
          { category: 'typo', wrong: '管里', suggestion: '管理', confidence: 0.9 },
        ),
      }),
      {},
      text,
    );
    const second = doc.text.lastIndexOf('管里');
    expect(diagnostics.map((d) => d.range)).toEqual([[second + 1, second + 2]]);
    expect(stats.droppedBy).toEqual({ ambiguous: 1 });
  });

  it('retries after 429 and 500 with backoff, then succeeds', async () => {
    const { diagnostics, stats } = await run((_, i) =>
      i === 0
        ? { status: 429, raw: { error: { message: 'rate limited' } }, headers: { 'retry-after': '0' } }
        : i === 1
          ? { status: 503, raw: { error: { message: 'busy' } } }
          : { content: findings(typo) },
    );
    expect(diagnostics).toHaveLength(1);
    expect(stats).toMatchObject({ requests: 3, failedChunks: 0 });
  });

  it('gives up on a chunk whose answer comes after the timeout, after the allowed retries', async () => {
    const started = Date.now();
    const { diagnostics, stats } = await run(() => ({ content: findings(typo), delayMs: 3000 }), {
      timeoutMs: 300,
      retries: 1,
    });
    expect(Date.now() - started).toBeLessThan(2500);
    expect(diagnostics).toEqual([]);
    expect(stats).toMatchObject({ requests: 2, failedChunks: 1 });
    expect(stats.errors[0]).toContain('超时');
  });

  it('does not retry a client error and stops asking after it', async () => {
    const text = `关于加强管理的通知\n${'各单位要加强管理，严格执行制度。'.repeat(50)}\n${'各部门要完善工作机制，确保落实到位。'.repeat(40)}\n`;
    const { stats, server } = await run(
      () => ({ status: 401, raw: { error: { message: 'bad key' } } }),
      { maxConcurrency: 1 },
      text,
    );
    expect(server.requests).toHaveLength(1);
    expect(stats.failedChunks).toBeGreaterThan(1);
    expect(stats.errors[0]).toContain('401');
  });

  it('falls back to plain output when the server refuses response_format', async () => {
    const { diagnostics, stats, server } = await run((req) =>
      req.body.response_format
        ? { status: 400, raw: { error: { message: "response_format 'json_object' is not supported" } } }
        : { content: findings(typo) },
    );
    expect(diagnostics).toHaveLength(1);
    expect(stats.requests).toBe(2);
    expect(server.requests[1]!.body.response_format).toBeUndefined();
  });

  it('answers a second run from the cache with no request', async () => {
    const cache = new MemoryCache();
    const first = await run(() => ({ content: findings(typo) }), { cache });
    const second = await run(() => ({ content: findings(typo) }), { cache });
    expect(first.server.requests).toHaveLength(1);
    expect(second.stats).toMatchObject({ requests: 0, cachedChunks: 1 });
    expect(second.diagnostics).toEqual(first.diagnostics);
    // Another prompt version, model or category set is another key.
    const third = await run(() => ({ content: findings(typo) }), { cache, categories: ['typo'] });
    expect(third.stats.requests).toBe(1);
  });

  it('masks personal data before sending and restores it in the output', async () => {
    const text =
      '关于报送材料的通知\n请于3月1日前报送，联糸电话13812345678，邮箱zhang.san@example.gov.cn，身份证号11010519491231002X，账号6222 0212 3456 7890 123。\n';
    const { diagnostics, stats, server } = await run(
      (req) => {
        const chunk = chunkOf(req);
        const phone = /\{\{PHONE_\d+\}\}/.exec(chunk)![0];
        return {
          content: findings(
            {
              category: 'typo',
              wrong: `联糸电话${phone}`,
              suggestion: `联系电话${phone}`,
              reason: `“联糸”应为“联系”，见${phone}`,
              confidence: 0.9,
            },
            { category: 'consistency', wrong: phone, suggestion: '{{PHONE_2}}', confidence: 0.9 },
          ),
        };
      },
      { redact: true },
      text,
    );
    const sent = server.requests.map((r) => r.text).join('\n');
    for (const secret of ['13812345678', 'zhang.san@example.gov.cn', '11010519491231002X', '6222 0212 3456 7890 123'])
      expect(sent).not.toContain(secret);
    expect(sent).toContain('{{PHONE_1}}');
    expect(sent).toContain('{{EMAIL_1}}');
    expect(sent).toContain('{{ID_1}}');
    expect(sent).toContain('{{CARD_1}}');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.message).toContain('联系电话13812345678');
    expect(diagnostics[0]!.suggestions![0]!.fix.text).toBe('系');
    expect(stats.droppedBy).toEqual({ protected: 1 });
  });

  it('merges a finding a rule already reports, and leaves config levels in charge', async () => {
    server = await startFakeOpenAi(() => ({
      content: findings(typo, { category: 'wording', wrong: '材料,联系', suggestion: '材料，联系', confidence: 0.9 }),
    }));
    const backend = new OpenAiBackend({ baseURL: server.url, model: 'test-model' });
    const doc = textDocument(TEXT);
    const checker = new Checker({ config: { rules: {}, terms: [], ignore: [] } });
    const r = await checkWithLlm(checker, doc, { backend });
    expect(r.diagnostics.filter((d) => d.range[0] === doc.text.indexOf(',')).map((d) => d.ruleId)).toEqual([
      'punct/half-width',
    ]);
    expect(r.diagnostics.filter((d) => d.source === 'llm').map((d) => d.ruleId)).toEqual(['llm/typo']);
    expect(r.llm.merged).toBe(1);

    const off = new Checker({
      config: { rules: { 'llm/typo': { level: 'off' }, 'llm/wording': { level: 'error' } }, terms: [], ignore: [] },
    });
    const r2 = await checkWithLlm(off, doc, { backend });
    expect(r2.diagnostics.filter((d) => d.source === 'llm')).toEqual([]);
    expect(r2.llm.droppedBy).toEqual({ category: 1 });
    const asked = server.requests.at(-1)!.body.messages[0]!.content;
    expect(asked).not.toContain('- typo：');
    expect(asked).toContain('- wording：');
  });

  it('cancels in-flight requests when the signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 200);
    await expect(
      run(() => ({ content: findings(typo), delayMs: 5000 }), {}, TEXT, controller.signal),
    ).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('keeps no more requests in flight than maxConcurrency', async () => {
    server = await startFakeOpenAi(() => ({ content: findings(), delayMs: 50 }));
    const para = '各地区各部门要认真贯彻落实党中央、国务院决策部署，切实加强组织领导，确保各项任务落到实处。';
    const text = `关于做好年度重点工作的通知\n${Array.from({ length: 80 }, () => para).join('\n')}\n`;
    const { stats } = await run(() => ({}), { maxConcurrency: 2 }, text);
    expect(stats.requests).toBeGreaterThan(4);
    expect(server!.peakInFlight).toBe(2);
  });

  it('sends long documents in paragraph chunks of at most 800 characters, each with the title', async () => {
    const para = '各地区各部门要认真贯彻落实党中央、国务院决策部署，切实加强组织领导，确保各项任务落到实处。'; // 46 chars
    const text = `关于做好年度重点工作的通知\n${Array.from({ length: 40 }, () => para).join('\n')}\n${para.repeat(25)}\n`;
    const { stats, server } = await run(() => ({ content: findings() }), { maxConcurrency: 3 }, text);
    expect(stats.requests).toBeGreaterThan(3);
    for (const r of server.requests) {
      expect(chunkOf(r).length).toBeLessThanOrEqual(800);
      expect(r.body.messages.at(-1)!.content).toContain('公文标题：关于做好年度重点工作的通知');
    }
    // Requests arrive in any order: every chunk is a piece of the text, and together they cover all of it.
    const flat = text.replace(/\n/g, '');
    const pieces = server.requests.map((r) => chunkOf(r).replace(/\n/g, ''));
    for (const p of pieces) expect(flat).toContain(p);
    expect(pieces.reduce((n, p) => n + p.length, 0)).toBe(flat.length);
  });
});
