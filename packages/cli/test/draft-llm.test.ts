import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeModelEnv, gongwen, gongwenAsync, tempDir } from './helpers.js';
import { startFakeOpenAi, type FakeServer, type Script } from '../../core/test/llm/fake-openai.js';

// `gongwen draft` and `gongwen revise` against a real HTTP server on loopback with scripted answers.

const run = gongwenAsync;

const FIRE = `2026年春季森林防火工作要点
防火期为2026年2月1日至5月31日。
各区要在3月15日前完成林区火源排查，并将排查情况报市应急管理局。
市林业局负责组织扑火队伍培训，全市专业扑火队伍不少于30支。
今年市级安排森林防火专项资金260万元。
经市人民政府同意，由市政府办公室印发。
`;

const FIRE_DRAFT = `# 青川市人民政府办公室关于做好2026年春季森林防火工作的通知

为切实做好春季森林防火工作，经市人民政府同意，现将有关事项通知如下：

一、明确防火期

全市防火期为2026年2月1日至5月31日。

二、落实防控措施

各区要在3月15日前完成林区火源排查，并将排查情况报市应急管理局。市林业局负责组织扑火队伍培训，全市专业扑火队伍不少于30支。

三、加强资金保障

市级安排森林防火专项资金260万元。

特此通知。
`;

const REPAIR = `青川市教育局关于校舍维修情况的说明
全市共有12所中小学校舍需要维修，经测算共需资金120万元，缺口80万元。
联系人：李明，联系电话：13812345678。
`;

const REPAIR_DRAFT = `# 青川市教育局关于追加校舍维修资金的请示

为保障师生安全，我局对全市中小学校舍进行了排查。现将有关事项请示如下：

一、基本情况

全市共有12所中小学校舍需要维修，经测算共需资金120万元。

二、请示事项

恳请市人民政府追加校舍维修资金80万元。

特此报告。
`;

const FIRE_ARGS = [
  'draft',
  '--request',
  '部署各区做好春季森林防火工作',
  '--from',
  '青川市人民政府办公室',
  '--to',
  '各区人民政府',
  '--materials',
  '要点.md',
  '--date',
  '2026年1月20日',
];
const REPAIR_ARGS = [
  'draft',
  '--request',
  '写一份报告，申请追加校舍维修资金',
  '--from',
  '青川市教育局',
  '--to',
  '青川市人民政府',
  '--materials',
  '情况.txt',
  '--date',
  '2026年3月5日',
];

let server: FakeServer | undefined;
let t: ReturnType<typeof tempDir>;
let env: Record<string, string>;

async function serve(script: Script): Promise<FakeServer> {
  server = await startFakeOpenAi(script);
  env = fakeModelEnv(server.url, t.dir);
  return server;
}

beforeEach(() => {
  t = tempDir();
  writeFileSync(join(t.dir, '要点.md'), FIRE);
  writeFileSync(join(t.dir, '情况.txt'), REPAIR);
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  t.done();
});

const read = (name: string) => readFileSync(join(t.dir, name), 'utf8');

describe('gongwen draft with a model', () => {
  it('a clean draft: front matter like gongwen new, no 【待核】, exit 0, and gongwen build makes the .docx', async () => {
    const s = await serve(() => ({ content: FIRE_DRAFT }));
    const r = await run([...FIRE_ARGS, '-o', '通知.md'], t.dir, env);
    expect(r.stderr).not.toContain('【待核：');
    expect(r.code).toBe(0);
    expect(s.requests).toHaveLength(1);
    // The plan and the materials went to the model; the system prompt forbids inventing facts.
    const sent = s.requests[0]!.body.messages;
    expect(sent[0]!.content).toContain('不得编造');
    expect(sent[1]!.content).toContain('文种：通知（下行文）');
    expect(sent[1]!.content).toContain('专项资金260万元');
    const out = read('通知.md');
    for (const key of [
      '格式: 通用',
      '发文机关: 青川市人民政府办公室',
      '主送: 各区人民政府',
      '署名:',
      '成文日期:',
      '印章: 是',
    ])
      expect(out).toContain(key);
    expect(out).toContain('标题: 青川市人民政府办公室关于做好2026年春季森林防火工作的通知');
    expect(out).toContain('材料:\n  - 要点.md');
    expect(out.slice(out.indexOf('\n---\n') + 5)).not.toMatch(/^# /m);
    expect(out).toContain('市级安排森林防火专项资金260万元。\n\n特此通知。\n');
    const b = gongwen(['build', '通知.md'], { cwd: t.dir });
    expect(b.stderr).toBe('');
    expect(b.code).toBe(0);
    expect(existsSync(join(t.dir, '通知.docx'))).toBe(true);
  });

  it('an invented amount is wrapped 【待核：…】 and listed with file, line and why; exit 1', async () => {
    await serve(() => ({ content: FIRE_DRAFT.replace('专项资金260万元', '专项资金360万元') }));
    const r = await run([...FIRE_ARGS, '-o', '通知.md'], t.dir, env);
    expect(r.code).toBe(1);
    const out = read('通知.md');
    expect(out).toContain('专项资金【待核：360万元】');
    const line = out.split('\n').findIndex((l) => l.includes('【待核：360万元】')) + 1;
    expect(r.stderr).toContain(`通知.md:${line}  【待核：360万元】 材料和起草要求中没有这一金额`);
    // gongwen build still lays it out, and the rule reports the mark.
    const b = gongwen(['build', '通知.md'], { cwd: t.dir });
    expect(b.stderr).toContain('【待核：360万元】：起草时在材料中找不到这一事实');
  });

  it('plans a 请示 where the request says 报告, and the wrong closing is fixed by the rules (特此报告 → 特此请示)', async () => {
    await serve(() => ({ content: REPAIR_DRAFT }));
    const r = await run([...REPAIR_ARGS, '-o', '请示.md'], t.dir, env);
    expect(r.stderr).toContain('文种：请示（要求为“报告”）');
    const out = read('请示.md');
    expect(out).toContain('\n特此请示。\n');
    expect(out).not.toContain('特此报告');
    expect(r.stderr).toContain('已自动修正');
    // A 请示 needs its 签发人; the contact line comes from the materials.
    expect(out).toContain('签发人:\n  - 【待补：签发人】');
    expect(out).toContain('附注: 联系人：李明，联系电话：13812345678');
    expect(r.code).toBe(1);
  });

  it("adds the 文种's closing when the model left it out", async () => {
    await serve(() => ({ content: FIRE_DRAFT.replace('\n特此通知。\n', '') }));
    const r = await run([...FIRE_ARGS, '-o', '通知.md'], t.dir, env);
    expect(r.code).toBe(0);
    expect(read('通知.md')).toMatch(/专项资金260万元。\n\n特此通知。\n$/);
  });

  it('a decision the materials do not contain is wrapped', async () => {
    await serve(() => ({
      content: REPAIR_DRAFT.replace('恳请市人民政府', '经局党组会议研究，同意申请。恳请市人民政府'),
    }));
    const r = await run([...REPAIR_ARGS, '-o', '请示.md'], t.dir, env);
    expect(read('请示.md')).toContain('【待核：经局党组会议研究】');
    expect(r.stderr).toContain('材料中没有任何决定或批准事项');
  });

  it('takes the fenced draft out of the prose around it', async () => {
    await serve(() => ({
      content: `好的，以下是根据材料起草的通知：\n\n\`\`\`markdown\n${FIRE_DRAFT}\`\`\`\n\n以上草稿仅供参考，如需调整请告诉我。`,
    }));
    const r = await run([...FIRE_ARGS, '-o', '通知.md'], t.dir, env);
    expect(r.code).toBe(0);
    const out = read('通知.md');
    expect(out).not.toMatch(/好的|仅供参考|```/);
    expect(out).toContain('特此通知。\n');
  });

  it('a truncated answer (finish_reason length) is a clear error and nothing is written', async () => {
    await serve(() => ({ content: FIRE_DRAFT.slice(0, 80), finishReason: 'length' }));
    const r = await run([...FIRE_ARGS, '-o', '通知.md'], t.dir, env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('被截断');
    expect(existsSync(join(t.dir, '通知.md'))).toBe(false);
  });

  it('429 then success: retried after the backoff', async () => {
    const s = await serve((_req, i) =>
      i === 0
        ? { status: 429, raw: { error: { message: 'rate limited' } }, headers: { 'retry-after': '0' } }
        : { content: FIRE_DRAFT },
    );
    const r = await run([...FIRE_ARGS, '-o', '通知.md'], t.dir, env);
    expect(r.code).toBe(0);
    expect(s.requests).toHaveLength(2);
    expect(r.stderr).toContain('2 次请求');
  });

  it('--llm-redact: the phone number never reaches the server and is back in the draft', async () => {
    const s = await serve(() => ({
      content: REPAIR_DRAFT.replace('特此报告。', '联系人：李明，联系电话：{{PHONE_1}}。\n\n妥否，请批示。'),
    }));
    await run([...REPAIR_ARGS, '-o', '请示.md', '--llm-redact'], t.dir, env);
    expect(s.requests[0]!.text).not.toContain('13812345678');
    expect(s.requests[0]!.text).toContain('{{PHONE_1}}');
    expect(read('请示.md')).toContain('联系电话：13812345678。');
  });

  it('Ctrl-C while the model writes: cancelled, exit 130, nothing written', async () => {
    await serve(() => ({ content: FIRE_DRAFT, delayMs: 20_000 }));
    let pid = 0;
    const p = run([...FIRE_ARGS, '-o', '通知.md'], t.dir, env, (id) => (pid = id));
    // Signal once the request has reached the server.
    for (let i = 0; i < 200 && !server!.requests.length; i++) await new Promise((r) => setTimeout(r, 50));
    expect(server!.requests).toHaveLength(1);
    process.kill(pid, 'SIGINT');
    const r = await p;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('已取消');
    expect(existsSync(join(t.dir, '通知.md'))).toBe(false);
  });

  it('refuses classified materials before any request', async () => {
    const s = await serve(() => ({ content: FIRE_DRAFT }));
    writeFileSync(join(t.dir, '要点.md'), `秘密★6个月\n\n${FIRE}`);
    const r = await run([...FIRE_ARGS, '-o', '通知.md'], t.dir, env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('秘密★6个月');
    expect(s.requests).toHaveLength(0);
  });
});

describe('gongwen revise', () => {
  it('rewrites one part: the rest byte-identical, the new part fact-guarded, the diff shown', async () => {
    await serve((req) =>
      req.body.messages[1]!.content.includes('只修改')
        ? {
            content:
              '二、落实防控措施\n\n各区要在3月15日前完成林区火源排查，并将排查情况报市应急管理局。市林业局要加强扑火队伍培训，全市专业扑火队伍不少于50支。\n',
          }
        : { content: FIRE_DRAFT },
    );
    expect((await run([...FIRE_ARGS, '-o', '通知.md'], t.dir, env)).code).toBe(0);
    const before = read('通知.md');
    const r = await run(['revise', '通知.md', '--section', '二', '--instruction', '写明加强扑火队伍培训'], t.dir, env);
    const after = read('通知.md');
    expect(server!.requests[1]!.body.messages[1]!.content).toContain('只修改第“二”部分：写明加强扑火队伍培训');
    expect(after).toContain('市林业局要加强扑火队伍培训，全市专业扑火队伍不少于【待核：50】支。');
    const a = before.split('\n');
    const b = after.split('\n');
    const changed = a.flatMap((l, i) => (l === b[i] ? [] : [i]));
    // Only the part's own paragraph changed; every other line is the same bytes.
    expect(changed).toHaveLength(1);
    expect(a[changed[0]!]).toContain('市林业局负责组织扑火队伍培训');
    expect(r.stdout).toContain('--- a/通知.md');
    expect(r.stdout).toContain('-各区要在3月15日前完成林区火源排查，并将排查情况报市应急管理局。市林业局负责');
    expect(r.stdout).toContain('+各区要在3月15日前完成林区火源排查，并将排查情况报市应急管理局。市林业局要加强');
    expect(r.stderr).toContain('【待核：50】');
    expect(r.code).toBe(1);
  });
});
