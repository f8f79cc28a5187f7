import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gongwen, repoRoot, tempDir } from './helpers.js';

let t: ReturnType<typeof tempDir>;
beforeEach(() => {
  t = tempDir();
});
afterEach(() => t.done());

const SITUATION = '# 校舍维修情况说明\n\n全市共有12所学校需要维修，预计需资金120万元。\n计划于2026年6月底前完成。\n';

describe('gongwen draft --plan', () => {
  it('plans from .md, .csv and .docx materials without a model: 文种, reason, facts with file and line', () => {
    writeFileSync(join(t.dir, '情况说明.md'), SITUATION);
    writeFileSync(join(t.dir, '测算表.csv'), '学校,金额（万元）\n第一中学,50\n第二中学,70\n');
    // A real .docx, made by the tool itself from a Markdown letter.
    writeFileSync(
      join(t.dir, '来文.md'),
      '---\n格式: 信函\n发文机关: 青川市财政局\n标题: 青川市财政局关于校舍维修资金安排的函\n主送: 青川市教育局\n署名: 青川市财政局\n成文日期: "2026年3月2日"\n---\n\n请于2026年4月15日前报送维修资金测算。\n\n特此函告。\n',
    );
    expect(gongwen(['build', '来文.md'], { cwd: t.dir }).code).toBe(0);
    const r = gongwen(
      [
        'draft',
        '--request',
        '写一份报告，申请追加校舍维修资金',
        '--from',
        '青川市教育局',
        '--to',
        '青川市人民政府',
        '--materials',
        '情况说明.md',
        '测算表.csv',
        '来文.docx',
        '--plan',
      ],
      { cwd: t.dir },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.genre).toBe('请示');
    expect(plan.reason).toMatch(/第十五条（四）/);
    const fact = (text: string) => plan.facts.find((f: { text: string }) => f.text === text);
    expect(fact('120万元').source).toEqual({ file: '情况说明.md', line: 3 });
    expect(fact('2026年6月底').source).toEqual({ file: '情况说明.md', line: 4 });
    expect(fact('70万元').source).toEqual({ file: '测算表.csv', line: 3 });
    expect(fact('2026年4月15日').source.file).toBe('来文.docx');
    expect(fact('青川市财政局').kind).toBe('organ');
  });

  it('reads an OFD material through the same reader as gongwen check', () => {
    copyFileSync(join(repoRoot, 'corpora/fixtures/print/good.ofd'), join(t.dir, '来文.ofd'));
    const r = gongwen(['draft', '--request', '报告有关情况', '--materials', '来文.ofd', '--plan'], { cwd: t.dir });
    expect(r.code).toBe(0);
    const facts = JSON.parse(r.stdout).facts as Array<{ kind: string; source: { file: string } }>;
    expect(facts.length).toBeGreaterThan(0);
    expect(facts.every((f) => f.source.file === '来文.ofd')).toBe(true);
  });

  it('refuses out of authority with the clause (exit 1), and refuses classified materials (exit 2)', () => {
    writeFileSync(join(t.dir, 'a.md'), SITUATION);
    const r = gongwen(
      [
        'draft',
        '--request',
        '部署各区人民政府开展大气污染防治专项检查',
        '--from',
        '青川市生态环境局',
        '--to',
        '各区人民政府',
        '--genre',
        '通知',
        '--materials',
        'a.md',
        '--plan',
      ],
      { cwd: t.dir },
    );
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).refusal.clause).toBe('《党政机关公文处理工作条例》第十六条（二）');
    expect(r.stderr).toContain('第十六条（二）');

    writeFileSync(join(t.dir, 'secret.txt'), '机密★1年\n\n关于某项目的情况\n需资金300万元。\n');
    const s = gongwen(['draft', '--request', '报告项目情况', '--materials', 'secret.txt', '--plan'], { cwd: t.dir });
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('机密★1年');
    expect(s.stdout).toBe('');
  });
});
