import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeModelEnv, gongwenAsync as runAsync, tempDir } from './helpers.js';
import { chunkOf, findings, startFakeOpenAi, type FakeServer, type Script } from '../../core/test/llm/fake-openai.js';

// This file's calls give the environment before the folder.
const gongwenAsync = (args: string[], env: Record<string, string>, cwd: string) => runAsync(args, cwd, env);

const TEXT =
  '关于做好行政执法公示工作的通知\n各区人民政府：\n行政机关实施行政管理都应当公开，这是程序正荡原则的要求。请于2024年3月1日前报送材料,联系电话13812345678。\n特此通知。\n';
const typo = {
  category: 'typo',
  wrong: '正荡',
  context: '这是程序正荡原则',
  suggestion: '正当',
  reason: '别字',
  confidence: 0.9,
};

let server: FakeServer | undefined;
let t: ReturnType<typeof tempDir>;
let env: Record<string, string>;

async function serve(script: Script): Promise<FakeServer> {
  server = await startFakeOpenAi(script);
  env = fakeModelEnv(server.url, t.dir, { GONGWEN_LLM_API_KEY: 'sk-local' });
  return server;
}

beforeEach(() => {
  t = tempDir();
  writeFileSync(join(t.dir, 'notice.txt'), TEXT);
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  t.done();
});

describe('gongwen check --llm', () => {
  it('adds AI suggestions and the llm summary; a second run sends no request', async () => {
    const s = await serve(() => ({ content: findings(typo) }));
    const first = await gongwenAsync(['check', '--llm', '--format', 'json', 'notice.txt'], env, t.dir);
    expect(first.stderr).toBe('');
    const out = JSON.parse(first.stdout);
    const ai = out.files[0].diagnostics.filter((d: { source: string }) => d.source === 'llm');
    expect(ai).toHaveLength(1);
    expect(ai[0]).toMatchObject({ ruleId: 'llm/typo', line: 3, column: 22, suggestions: [{ fix: { text: '当' } }] });
    expect(ai[0].fix).toBeUndefined();
    expect(ai[0].message).toContain('fake-qwen');
    expect(out.summary.llm).toMatchObject({
      requests: 1,
      cachedChunks: 0,
      promptTokens: 100,
      completionTokens: 20,
      dropped: 0,
    });
    expect(out.summary.llm.endpoints[s.url].requests).toBe(1);
    expect(out.summary.llm.endpoints[s.url].characters).toBeGreaterThan(TEXT.length);
    expect(s.requests[0]!.headers.authorization).toBe('Bearer sk-local');
    expect(out.summary.llm.endpointSources).toEqual({ [s.url]: { kind: 'env', name: 'GONGWEN_LLM_BASE_URL' } });
    expect(existsSync(join(t.dir, 'cache', 'gongwen', 'llm'))).toBe(true);

    const second = await gongwenAsync(['check', '--llm', '--format', 'json', 'notice.txt'], env, t.dir);
    const out2 = JSON.parse(second.stdout);
    expect(s.requests).toHaveLength(1);
    expect(out2.summary.llm).toMatchObject({ requests: 0, cachedChunks: 1 });
    expect(out2.files[0].diagnostics).toEqual(out.files[0].diagnostics);

    const stylish = await gongwenAsync(['check', '--llm', 'notice.txt'], env, t.dir);
    expect(stylish.stdout).toContain('[AI]');
    expect(stylish.stdout).toMatch(/AI 检查：请求 0 次，缓存命中 1 段.*未发送任何文字/);
  });

  it('says where the endpoint that received text was set: flag, environment, user config or --config', async () => {
    const s = await serve(() => ({ content: findings(typo) }));
    const { GONGWEN_LLM_BASE_URL: _url, ...noUrl } = env;
    const fresh = (n: number) => ({ XDG_CACHE_HOME: join(t.dir, `cache${n}`) });

    const flag = await gongwenAsync(
      ['check', '--llm', '--llm-base-url', s.url, 'notice.txt'],
      { ...noUrl, ...fresh(1) },
      t.dir,
    );
    expect(flag.stdout).toMatch(
      new RegExp(`AI 检查：请求 1 次.*字发送至 ${s.url}（地址来自命令行参数 --llm-base-url）`),
    );

    const envRun = await gongwenAsync(['check', '--llm', 'notice.txt'], { ...env, ...fresh(2) }, t.dir);
    expect(envRun.stdout).toContain(`发送至 ${s.url}（地址来自环境变量 GONGWEN_LLM_BASE_URL）`);

    const userDir = join(t.dir, 'xdg', 'gongwen');
    mkdirSync(userDir, { recursive: true });
    writeFileSync(join(userDir, 'config.yaml'), `llm:\n  baseURL: ${s.url}\n`);
    const user = await gongwenAsync(
      ['check', '--llm', '--format', 'json', 'notice.txt'],
      { ...noUrl, ...fresh(3), XDG_CONFIG_HOME: join(t.dir, 'xdg') },
      t.dir,
    );
    expect(JSON.parse(user.stdout).summary.llm.endpointSources).toEqual({
      [s.url]: { kind: 'user-config', name: join(userDir, 'config.yaml') },
    });
    const userStylish = await gongwenAsync(
      ['check', '--llm', 'notice.txt'],
      { ...noUrl, ...fresh(4), XDG_CONFIG_HOME: join(t.dir, 'xdg') },
      t.dir,
    );
    expect(userStylish.stdout).toContain(`（地址来自用户配置 ${join(userDir, 'config.yaml')}）`);

    writeFileSync(join(t.dir, 'ai.yaml'), `llm:\n  baseURL: ${s.url}\n`);
    const explicit = await gongwenAsync(
      ['check', '--llm', '--config', 'ai.yaml', '--format', 'json', 'notice.txt'],
      { ...noUrl, ...fresh(5) },
      t.dir,
    );
    expect(JSON.parse(explicit.stdout).summary.llm.endpointSources).toEqual({
      [s.url]: { kind: 'config', name: join(t.dir, 'ai.yaml') },
    });
    expect(s.requests).toHaveLength(5);

    // Answered from the cache: no endpoint received anything, so none is named as having been sent to.
    const cached = await gongwenAsync(['check', '--llm', 'notice.txt'], { ...env, ...fresh(5) }, t.dir);
    expect(cached.stdout).toContain('未发送任何文字');
    expect(cached.stdout).not.toContain('地址来自');
    expect(s.requests).toHaveLength(5);
  });

  it('refuses a classified document: no request, a Chinese message, the rule findings still reported', async () => {
    const s = await serve(() => ({ content: findings(typo) }));
    writeFileSync(join(t.dir, 'secret.txt'), `秘密★5年\n${TEXT}`);
    writeFileSync(join(t.dir, 'spaced.txt'), `000042\n绝  密\n特急\n${TEXT}`);
    const r = await gongwenAsync(
      ['check', '--llm', '--format', 'json', 'secret.txt', 'spaced.txt', 'notice.txt'],
      env,
      t.dir,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('本文件标有密级“秘密★5年”：涉密文件不得发送给 AI 模型服务');
    expect(r.stderr).toContain('密级“绝  密”');
    const out = JSON.parse(r.stdout) as {
      files: Array<{ path: string; diagnostics: Array<{ ruleId: string; source: string; line: number }> }>;
    };
    for (const name of ['secret.txt', 'spaced.txt']) {
      const f = out.files.find((x) => x.path.endsWith(name))!;
      expect(
        f.diagnostics.some((d) => d.ruleId === 'punct/half-width'),
        name,
      ).toBe(true);
      expect(
        f.diagnostics.filter((d) => d.source === 'llm'),
        name,
      ).toEqual([]);
      expect(f.diagnostics.find((d) => d.ruleId === 'gongwen/llm-classified')?.line, name).toBe(
        name === 'secret.txt' ? 1 : 2,
      );
    }
    // Only the unclassified file went to the model: every request holds its text and none holds the others'.
    expect(s.requests.length).toBeGreaterThan(0);
    for (const q of s.requests) {
      expect(q.text).toContain('程序正荡');
      expect(q.text).not.toContain('秘密');
      expect(q.text).not.toContain('绝  密');
    }
  });

  it('sends nothing for a classified document alone', async () => {
    const s = await serve(() => ({ content: findings(typo) }));
    writeFileSync(join(t.dir, 'secret.txt'), `机密\n${TEXT}`);
    const r = await gongwenAsync(['check', '--llm', 'secret.txt'], env, t.dir);
    expect(r.stderr).toContain('AI 检查未运行，未发送任何文字');
    expect(r.stdout).toContain('half-width');
    expect(s.requests).toHaveLength(0);
  });

  it('sends nothing without --llm or llm.enabled', async () => {
    const s = await serve(() => ({ content: findings(typo) }));
    const r = await gongwenAsync(['check', '--format', 'json', 'notice.txt'], env, t.dir);
    expect(s.requests).toHaveLength(0);
    expect(JSON.parse(r.stdout).summary.llm).toBeUndefined();
  });

  it('a config found in the checked folder cannot turn the checks on, choose the endpoint or the cache folder', async () => {
    const s = await serve(() => ({ content: findings(typo) }));
    writeFileSync(
      join(t.dir, '.gongwenrc.yaml'),
      'llm:\n  enabled: true\n  baseURL: http://127.0.0.1:9/v1\n  cacheDir: .llm-cache\n',
    );
    const r = await gongwenAsync(['check', '--format', 'json', 'notice.txt'], env, t.dir);
    expect(s.requests).toHaveLength(0);
    expect(JSON.parse(r.stdout).summary.llm).toBeUndefined();
    expect(existsSync(join(t.dir, '.llm-cache'))).toBe(false);
  });

  it('turns on from a config given with --config, with its categories and cache folder', async () => {
    const s = await serve(() => ({ content: findings(typo) }));
    writeFileSync(
      join(t.dir, 'ai.yaml'),
      'llm:\n  enabled: true\n  categories: [错别字, grammar]\n  cacheDir: .llm-cache\n  temperature: 0\n',
    );
    const r = await gongwenAsync(['check', '--config', 'ai.yaml', '--format', 'json', 'notice.txt'], env, t.dir);
    expect(JSON.parse(r.stdout).summary.llm.requests).toBe(1);
    expect(s.requests[0]!.body.temperature).toBe(0);
    expect(s.requests[0]!.body.messages[0]!.content).toContain('- grammar：');
    expect(s.requests[0]!.body.messages[0]!.content).not.toContain('- risk：');
    expect(readdirSync(join(t.dir, '.llm-cache')).length).toBe(1);
  });

  it('--fix applies rule fixes and never AI suggestions', async () => {
    await serve(() => ({ content: findings(typo) }));
    const r = await gongwenAsync(['check', '--fix', '--llm', '--format', 'json', 'notice.txt'], env, t.dir);
    const fixed = readFileSync(join(t.dir, 'notice.txt'), 'utf8');
    expect(fixed).toContain('材料，联系'); // the rule's fix
    expect(fixed).toContain('程序正荡原则'); // the AI suggestion left for a person
    const ai = JSON.parse(r.stdout).files[0].diagnostics.filter((d: { source: string }) => d.source === 'llm');
    expect(ai.map((d: { ruleId: string }) => d.ruleId)).toEqual(['llm/typo']);
  });

  it('--llm-redact keeps personal data from the server and restores it in the report', async () => {
    writeFileSync(
      join(t.dir, 'notice.txt'),
      '关于报送材料的通知\n请于3月1日前报送，联糸电话13812345678，邮箱li.si@example.org。\n',
    );
    const s = await serve((req) => {
      const phone = /\{\{PHONE_\d+\}\}/.exec(chunkOf(req))![0];
      return {
        content: findings({
          category: 'typo',
          wrong: `联糸电话${phone}`,
          suggestion: `联系电话${phone}`,
          confidence: 0.9,
        }),
      };
    });
    const r = await gongwenAsync(['check', '--llm-redact', '--format', 'json', 'notice.txt'], env, t.dir);
    const sent = s.requests.map((x) => x.text).join('');
    expect(sent).not.toContain('13812345678');
    expect(sent).not.toContain('li.si@example.org');
    const ai = JSON.parse(r.stdout).files[0].diagnostics.filter((d: { source: string }) => d.source === 'llm');
    expect(ai[0].message).toContain('联系电话13812345678');
  });

  it('reports a chunk the server did not answer in time, and still prints the rule findings', async () => {
    await serve(() => ({ content: findings(typo), delayMs: 4000 }));
    const r = await gongwenAsync(
      ['check', '--llm', '--format', 'json', 'notice.txt'],
      { ...env, GONGWEN_LLM_TIMEOUT_MS: '200' },
      t.dir,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/AI 检查.*超时/);
    const out = JSON.parse(r.stdout);
    expect(out.summary.llm).toMatchObject({ requests: 4, failedChunks: 1 });
    expect(out.files[0].diagnostics.map((d: { ruleId: string }) => d.ruleId)).toContain('punct/half-width');
  });

  it('explains what to set when no endpoint is configured, and refuses an API key in the config', async () => {
    const r = await gongwenAsync(['check', '--llm', 'notice.txt'], { HOME: t.dir }, t.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('GONGWEN_LLM_BASE_URL');
    writeFileSync(join(t.dir, '.gongwenrc.yaml'), 'llm:\n  apiKey: sk-secret\n');
    const k = await gongwenAsync(['check', 'notice.txt'], { HOME: t.dir }, t.dir);
    expect(k.code).toBe(2);
    expect(k.stderr).toContain('GONGWEN_LLM_API_KEY');
    writeFileSync(join(t.dir, '.gongwenrc.yaml'), 'llm:\n  categories: [spelling]\n');
    const c = await gongwenAsync(['check', 'notice.txt'], { HOME: t.dir }, t.dir);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('spelling');
  });

  it('lists the llm rule ids in gongwen rules', async () => {
    const r = await gongwenAsync(['rules', 'llm'], {}, t.dir);
    expect(r.code).toBe(0);
    for (const id of ['llm/typo', 'llm/grammar', 'llm/wording', 'llm/consistency', 'llm/logic', 'llm/risk'])
      expect(r.stdout).toContain(id);
  });
});
