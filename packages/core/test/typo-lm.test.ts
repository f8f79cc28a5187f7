// The typo/lm model and rule: the committed model's size and load time, the rule on set phrases, and the measured
// numbers (scripts/eval-typo-lm.mjs prints the full tables). The measured part needs ../shared/corpora and skips
// without it, except in CI.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Checker, textDocument } from '@gongwen/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const modelModule = join(root, 'packages/core/dist/rules/typo/lm-model.js');
const committed = join(root, 'packages/core/data/typo-lm.bin');
const corpora = join(root, '..', 'shared', 'corpora');
const present = existsSync(corpora);
if (!present && process.env.CI) throw new Error(`corpus missing in CI: ${corpora}`);

const checker = new Checker();
const lmFindings = (text: string) =>
  checker.check(textDocument(text)).diagnostics.filter((d) => d.ruleId === 'typo/lm');

/** Runs `check` with one of typo/lm's thresholds set to `value(thresholds)`, and puts it back after. */
async function withThreshold(
  name: string,
  value: (thresholds: Record<string, number>) => number,
  check: () => void,
): Promise<void> {
  const { LM_THRESHOLDS } = (await import(join(dirname(modelModule), 'lm.js'))) as {
    LM_THRESHOLDS: Record<string, number>;
  };
  const saved = LM_THRESHOLDS[name]!;
  LM_THRESHOLDS[name] = value(LM_THRESHOLDS);
  try {
    check();
  } finally {
    LM_THRESHOLDS[name] = saved;
  }
}

describe('typo/lm model', () => {
  it('is at most 15 MB on disk and the build put it beside the rule', () => {
    expect(statSync(committed).size).toBeLessThanOrEqual(15 * 1024 * 1024);
    expect(readFileSync(join(dirname(modelModule), 'typo-lm.bin')).equals(readFileSync(committed))).toBe(true);
  });

  it('loads in at most 150 ms of CPU (read and views over the bytes, as on first use)', async () => {
    const { LanguageModel, deserializeModel } = await import(modelModule);
    const times: number[] = [];
    for (let r = 0; r < 3; r++) {
      // CPU time, not wall time: on a busy machine the wall clock measures the other processes too.
      const t = process.cpuUsage();
      const lm = new LanguageModel(deserializeModel(readFileSync(committed)));
      const d = process.cpuUsage(t);
      times.push((d.user + d.system) / 1000);
      expect(lm.confusions('伸'.charCodeAt(0))).toBeDefined();
    }
    times.sort((a, b) => a - b);
    expect(times[1]).toBeLessThanOrEqual(150);
  });

  it('rejects a blob of another format instead of misreading it', async () => {
    const { deserializeModel } = await import(modelModule);
    const bytes = new Uint8Array(readFileSync(committed));
    bytes[4] ^= 0xff;
    expect(() => deserializeModel(bytes)).toThrow(/format/);
    expect(() => deserializeModel(new Uint8Array(readFileSync(committed)).subarray(0, 1000))).toThrow(/truncated/);
  });

  it('answers every slot holding a two-character word from its small word-pair filter (no word lost)', async () => {
    const { deserializeModel, LanguageModel, PAIR_WORD } = await import(modelModule);
    const lm = new LanguageModel(deserializeModel(new Uint8Array(readFileSync(committed))));
    const flags: Uint8Array = lm.parts.pairFlags;
    let words = 0;
    let passed = 0;
    for (let s = 0; s < flags.length; s++) {
      if (flags[s]! & PAIR_WORD) {
        words++;
        expect(lm.mayWordPair(s), `slot ${s}`).toBe(true);
      }
      if (lm.mayWordPair(s)) passed++;
    }
    expect(words).toBeGreaterThan(1000);
    // Few other slots pass: the filter spares most reads of the 4 MB table.
    expect(passed / flags.length).toBeLessThan(0.05);
  });
});

/** A four-character completion as the scan gives it: the text's four characters and the word they would make. */
function completion4(text4: string, word4: string, kinds: number, gain = 30) {
  let index = 0;
  while (text4[index] === word4[index]) index++;
  return {
    index,
    from: text4[index]!,
    to: word4[index]!,
    kinds,
    gain,
    word4,
    text4,
    wordGain: false,
    inWord: false,
    unseen: 1,
    proposalUnseen: 0,
    background: 0,
  };
}

describe('typo/lm rule', () => {
  it('corrects a wrong character in a set phrase with a warning and a fix', () => {
    for (const [bad, good] of [
      ['各单位要三令五伸，严格落实。', '三令五申'],
      ['坚持防微杜惭，抓早抓小。', '防微杜渐'],
      ['党员干部要鞠躬尽粹，甘于奉献。', '鞠躬尽瘁'],
      ['这种观念根深底固。', '根深蒂固'],
    ] as const) {
      const [d, ...rest] = lmFindings(bad);
      expect(rest, bad).toEqual([]);
      expect(d?.severity, bad).toBe('warning');
      expect(d?.message, bad).toContain(good);
      const { range, text } = d!.fix!;
      expect(bad.slice(0, range[0]) + text + bad.slice(range[1]), bad).toContain(good);
    }
  });

  it('leaves quoted verse alone where its source is named after it (天生我材 is 李白’s, not 天生我才)', () => {
    const verse = '62、天生我材必有用，千金散尽还复来。――《将进酒》\n69、只愿君心似我心，定不负相思意。——李之仪';
    expect(lmFindings(verse)).toEqual([]);
    // The same lines without a source, or prose with one, are questioned as before.
    expect(lmFindings('天生我材必有用，千金散尽还复来。').map((d) => d.message)).toEqual([
      '疑似错别字（同音、形近）：“天生我材”应为“天生我才”',
    ]);
    expect(lmFindings('各单位要三令五伸，严格落实各项措施。——摘自通知')).toHaveLength(1);
  });
  it('pairs look-alikes beyond a shared second part (末/未: the same parts arranged otherwise)', () => {
    const bad = '本办法末尽事宜，由市政府办公室负责解释。';
    const [d, ...rest] = lmFindings(bad);
    expect(rest).toEqual([]);
    expect(d?.severity).toBe('warning');
    expect(d?.message).toContain('未尽事宜');
    expect(d?.message).toContain('形近');
    expect(lmFindings('本办法未尽事宜，由市政府办公室负责解释。')).toEqual([]);
  });

  it('only suggests a four-character word where the text reads as another word across its edge (不定项选择)', async () => {
    // 定项选择 misses 定向选择 by one same-sound character, but 不定 is a word: the text is 不定项 + 选择题.
    const text = '（三）不定项选择题（每题给四个备选项，其中有一个或多个正确答案）';
    for (const d of lmFindings(text)) expect(d.severity, d.message).toBe('info');
    // Without the character before the window, the edge test does not demote the completion (项 also stands beside a
    // neighbour the documents often give it, which alone makes it a suggestion: see usedPair below).
    const { findTypoCandidates } = await import(join(dirname(modelModule), 'lm-detect.js'));
    const { decide } = await import(join(dirname(modelModule), 'lm.js'));
    const { languageModel } = await import(modelModule);
    const completion = (t: string) =>
      findTypoCandidates(languageModel(), t).find((c: { word4?: string }) => c.word4 === '定向选择');
    expect(completion(text)?.edgeWord).toBe(true);
    expect(decide({ ...completion(text), usedPair: false })).toBe('info');
    const alone = completion('（三）定项选择题');
    expect(alone?.edgeWord).toBe(false);
    expect(decide({ ...alone, usedPair: false })).toBe('warning');
  });

  it('leaves a character alone where the text forms a longer dictionary word across the window (城乡接合部)', async () => {
    // 城乡接合 misses 城乡结合 by one same-sound character, but 接合部 is a word: the text reads 城乡 + 接合部.
    expect(lmFindings('加强城乡接合部环境整治工作。')).toEqual([]);
    expect(lmFindings('城乡接合部的违法建设要依法拆除。')).toEqual([]);
    // Without the word across the edge, the completion is not held back by it.
    const { findTypoCandidates } = await import(join(dirname(modelModule), 'lm-detect.js'));
    const { languageModel } = await import(modelModule);
    const completion = (t: string) =>
      findTypoCandidates(languageModel(), t).find((c: { word4?: string }) => c.word4 === '城乡结合');
    expect(completion('加强城乡接合部环境整治工作。')?.textWord).toBe(true);
    expect(completion('推进城乡接合发展。')?.textWord).toBe(false);
  });

  /** One info finding on `bad` whose first suggestion puts `proposal` in place of `wrong`; none on `good`. */
  const expectOneSuggestion = (bad: string, wrong: string, proposal: string, good: string) => {
    const [d, ...rest] = lmFindings(bad);
    expect(rest).toEqual([]);
    expect(d?.severity).toBe('info');
    expect(bad.slice(...d!.range)).toBe(wrong);
    expect(d?.suggestions?.[0]?.fix.text).toBe(proposal);
    expect(lmFindings(good)).toEqual([]);
  };

  it('suggests the idiom where the wrong character leaves only pairs seen elsewhere (发扬广大 → 发扬光大)', () => {
    // 扬广 and 广大 both occur in the training text: the completed four-character word is a suggestion, not a fix.
    expectOneSuggestion('要把优良传统发扬广大。', '广', '光', '要把优良传统发扬光大。');
  });

  it('suggests a real-word slip only where the proposal makes every neighbour pair seen (有线 → 有限)', () => {
    expectOneSuggestion('股东以其出资额为限对公司承担有线责任。', '线', '限', '股东以其出资额为限对公司承担有限责任。');
  });

  it('suggests a word that fits two more sides on a larger gain in text full of other terms (机算 → 计算)', async () => {
    // 提单, 滞期费: many pairs around the training text never saw, beyond the familiar-text limit; 计算 fits the
    // words on both sides where 机 fits none, on a gain above wordContextWordGain.
    expectOneSuggestion('买方应自提单签发之日起机算滞期费。', '机', '计', '买方应自提单签发之日起计算滞期费。');
    await withThreshold(
      'wordContextBackgroundWord',
      (t) => t.wordContextBackground,
      () => expect(lmFindings('买方应自提单签发之日起机算滞期费。')).toEqual([]),
    );
  });

  it('finds a real-word slip among seen pairs by the words around it (政务共开 → 政务公开)', () => {
    // 务共 and 共开 both occur in the training text; 共 forms no word there, 公 forms 公开 beside 政务.
    expectOneSuggestion('各地坚持依法行政，推进政务共开。', '共', '公', '各地坚持依法行政，推进政务公开。');
  });

  it('proposes nothing inside a four-character word of the dictionary (高脂血症)', async () => {
    const { findTypoCandidates } = await import(join(dirname(modelModule), 'lm-detect.js'));
    const { decide } = await import(join(dirname(modelModule), 'lm.js'));
    const { languageModel } = await import(modelModule);
    const text = '对高脂血症患者';
    const found = findTypoCandidates(languageModel(), text);
    // 脂 → 质 forms 高质 and 质血 is no worse to the model, but the text is the dictionary's 高脂血症.
    const inside = found.filter((c: { index: number }) => c.index >= 1 && c.index <= 4);
    expect(inside.length).toBeGreaterThan(0);
    for (const c of inside) {
      expect(c.textWord).toBe(true);
      expect(decide(c)).toBeUndefined();
      expect(decide({ ...c, textWord: false, gain: 30, background: 0, wordContext: 2 })).toBeDefined();
    }
  });

  it('takes a four-character completion by a rare reading of the proposal as a suggestion only (初显 → 初见)', async () => {
    const { decide } = await import(join(dirname(modelModule), 'lm.js'));
    const { SAME_SOUND, RARE_READING, SIMILAR_SHAPE } = await import(modelModule);
    const completion = {
      index: 2,
      from: '显',
      to: '见',
      gain: 3,
      word4: '初见成效',
      text4: '初显成效',
      wordGain: false,
      inWord: false,
      unseen: 1,
      proposalUnseen: 0,
      background: 0,
    };
    expect(decide({ ...completion, kinds: SAME_SOUND })).toBe('warning');
    expect(decide({ ...completion, kinds: SAME_SOUND | RARE_READING })).toBe('info');
    // A look-alike as well: the shape still makes it certain.
    expect(decide({ ...completion, kinds: SAME_SOUND | RARE_READING | SIMILAR_SHAPE })).toBe('warning');
  });

  it('only suggests a completion that would undo a phrase of two parallel halves (半卖半送 → 半买半送)', async () => {
    const { decide } = await import(join(dirname(modelModule), 'lm.js'));
    const { SAME_SOUND, SIMILAR_SHAPE } = await import(modelModule);
    const completion = completion4('半卖半送', '半买半送', SAME_SOUND | SIMILAR_SHAPE);
    expect(decide(completion)).toBe('info');
    // The same completion where the text repeats nothing is a fix.
    expect(decide({ ...completion, text4: '半卖全送' })).toBe('warning');
  });

  it('only suggests a completion beside a number in Chinese numerals (七百万新 → 七百万斤); idioms keep their fix', async () => {
    const { decide } = await import(join(dirname(modelModule), 'lm.js'));
    const { SAME_SOUND, SIMILAR_SHAPE } = await import(modelModule);
    expect(decide(completion4('七百万新', '七百万斤', SIMILAR_SHAPE))).toBe('info');
    // A number on the right of the character as well (新三十万 → 斤三十万 is only a suggestion).
    expect(decide(completion4('新三十万', '斤三十万', SIMILAR_SHAPE))).toBe('info');
    // Numerals one apart, or side by side without a place (十, 百, 千, 万, 亿), are an idiom's, not a number.
    expect(decide(completion4('千方百记', '千方百计', SAME_SOUND))).toBe('warning');
    expect(decide(completion4('三五城群', '三五成群', SAME_SOUND))).toBe('warning');
  });

  it('only suggests a completion where the character stands beside a neighbour the documents often put it with (排弹的 → 党的基本)', async () => {
    const { findTypoCandidates } = await import(join(dirname(modelModule), 'lm-detect.js'));
    const { decide } = await import(join(dirname(modelModule), 'lm.js'));
    const { languageModel } = await import(modelModule);
    // 弹的 is common in the training documents: 排弹的基本要求 reads as their words, not as a slip for 党的基本.
    const [c] = findTypoCandidates(languageModel(), '这是排弹的基本要求。').filter(
      (x: { word4?: string }) => x.word4 === '党的基本',
    );
    expect(c?.usedPair).toBe(true);
    expect(decide(c)).toBe('info');
    expect(decide({ ...c, usedPair: false })).toBe('warning');
    expect(lmFindings('这是排弹的基本要求。').map((d) => d.severity)).toEqual(['info']);
    // 惭 in 防微杜惭 has no such neighbour: still a warning with its fix.
    const [d] = findTypoCandidates(languageModel(), '要防微杜惭。').filter((x: { word4?: string }) => x.word4);
    expect(d?.usedPair).toBe(false);
    expect(decide(d)).toBe('warning');
  });

  it('suggests a word made by a character of the same sound and shape on a small gain where the words agree (下裂 → 下列)', async () => {
    // 列 sounds like 裂 and shares its top part; 下列 is a word where 下裂 is none, and 下列 + 单位 is a pair of the
    // training documents' words: the window's gain alone is below every other threshold.
    expectOneSuggestion('下裂单位要按照要求报送材料。', '裂', '列', '下列单位要按照要求报送材料。');
    expectOneSuggestion('当事人可以申请调懈。', '懈', '解', '当事人可以申请调解。');
    await withThreshold(
      'soundShapeWords',
      () => Number.POSITIVE_INFINITY,
      () => {
        expect(lmFindings('下裂单位要按照要求报送材料。')).toEqual([]);
        expect(lmFindings('当事人可以申请调懈。')).toEqual([]);
      },
    );
  });

  it('suggests a whole word of the same sound that fits the words on both sides where the text fits none (罚站 → 发展)', async () => {
    for (const [bad, wrong, proposal] of [
      ['各地要把推动高质量罚站作为首要任务。', '罚站', '发展'],
      ['请有关不闷认真落实。', '不闷', '部门'],
    ] as const) {
      const [d, ...rest] = lmFindings(bad);
      expect(rest, bad).toEqual([]);
      expect(d?.severity, bad).toBe('info');
      expect(bad.slice(...d!.range), bad).toBe(wrong);
      expect(d?.suggestions?.[0]?.fix.text, bad).toBe(proposal);
      expect(lmFindings(bad.replace(wrong, proposal)), bad).toEqual([]);
    }
    const { LM_SWAP } = await import(join(dirname(modelModule), 'lm-detect.js'));
    LM_SWAP.enabled = false;
    try {
      expect(lmFindings('各地要把推动高质量罚站作为首要任务。')).toEqual([]);
    } finally {
      LM_SWAP.enabled = true;
    }
  });

  it('questions a function word or numeral only as a suspect with a large gain (大灰 → 大会)', () => {
    expectOneSuggestion('各单位要认真学习大灰精神。', '灰', '会', '各单位要认真学习大会精神。');
  });

  it('takes a smaller gain where the text around reads like the training documents (妾受 → 接受)', () => {
    expectOneSuggestion('人民法院妾受申请后应当及时审查。', '妾', '接', '人民法院接受申请后应当及时审查。');
    expectOneSuggestion('这不是纯醉的技术问题。', '醉', '粹', '这不是纯粹的技术问题。');
    // The same slip among the terms of another field (unseen pairs all around) needs the full gain.
    expect(lmFindings('桡骨远端骨折伴尺骨茎突撕脱，这不是纯醉的技术问题。')).toEqual([]);
  });

  it('leaves a coined name in short quotation marks alone (“芯火”)', () => {
    expect(lmFindings('组织实施芯火计划。')).toHaveLength(1);
    expect(lmFindings('组织实施“芯火”计划。')).toEqual([]);
  });

  it('leaves the correct phrases, book titles, numbers and the configured terms alone', () => {
    for (const ok of ['各单位要三令五申，严格落实。', '坚持防微杜渐，抓早抓小。', '党员干部要鞠躬尽瘁，甘于奉献。'])
      expect(lmFindings(ok), ok).toEqual([]);
    expect(lmFindings('印发《关于三令五伸的通知》。')).toEqual([]);
    const withTerm = new Checker({ config: { rules: {}, terms: ['三令五伸'], ignore: [] } });
    expect(
      withTerm.check(textDocument('各单位要三令五伸，严格落实。')).diagnostics.filter((d) => d.ruleId === 'typo/lm'),
    ).toEqual([]);
  });

  it('stays silent on ordinary official sentences (a precision floor on our own text)', () => {
    for (const ok of [
      '各地区各部门要认真贯彻落实党中央、国务院决策部署。',
      '请各单位于本月底前将工作总结报送办公厅。',
      '进一步加强和改进新时代基层治理工作。',
      '切实做好安全生产和防灾减灾工作，确保人民群众生命财产安全。',
      '本办法自印发之日起施行，由市人民政府办公室负责解释。',
      '坚持以人民为中心的发展思想，推动经济高质量发展。',
      '严格落实各项防控措施，抓早抓小，防微杜渐。',
      '加快构建新发展格局，着力推进城乡融合和区域协调发展。',
      '各有关单位要密切配合，形成工作合力。',
      '经研究，同意你单位关于调整内设机构的请示。',
      '附件：2024年度重点工作任务分工方案',
      '联系人：王晓明，电话：010-12345678。',
    ])
      expect(lmFindings(ok), ok).toEqual([]);
  });

  it('finds on a long text what it finds on each line alone (the scan keeps no state across lines)', () => {
    // Lines of characters drawn at random put many characters beside unseen pairs (more than the scan's first buffer
    // holds), between lines with slips, inside and outside 《》. They are drawn from GB 2312 (row 16 on), as text in
    // simplified characters is: a line of other characters reads as traditional script, which the rule passes over.
    const gbk = new TextDecoder('gbk');
    const noise = (seed: number) =>
      Array.from({ length: 60 }, (_, k) => {
        const n = (seed * 7919 + k * 104729) % (72 * 94);
        return gbk.decode(Uint8Array.of(0xb0 + Math.floor(n / 94), 0xa1 + (n % 94)));
      }).join('');
    const lines: string[] = [];
    for (let n = 0; n < 40; n++)
      lines.push(
        noise(n),
        '各单位要三令五伸，严格落实。',
        '印发《关于三令五伸的通知》。',
        `这种观念根深底固${noise(n + 100).slice(0, 8)}。`,
      );
    const text = lines.join('\n');
    const whole = lmFindings(text).map((d) => [d.range[0], d.message]);
    const byLine: (string | number)[][] = [];
    let at = 0;
    for (const line of lines) {
      for (const d of lmFindings(line)) byLine.push([d.range[0] + at, d.message]);
      at += line.length + 1;
    }
    expect(whole.length).toBeGreaterThanOrEqual(80);
    expect(whole).toEqual(byLine);
  });

  it('passes over lines in traditional characters, which the model does not know (敎育 → 教育 in a 1954 report)', () => {
    // The same characters in a line of simplified text are questioned.
    expect(lmFindings('中小学敎育已有很大发展。').map((d) => d.message)).toEqual([
      '疑似错别字（同音、形近）：“敎”是否应为“教”',
    ]);
    expect(lmFindings('什麽是我们克服困难的道路？')).toHaveLength(1);
    expect(lmFindings('中小學敎育已有很大發展，這是我們的成績。')).toEqual([]);
    expect(lmFindings('什麽是我們克服困難的道路？')).toEqual([]);
    // Line by line: a slip in simplified text beside a traditional line is still found.
    const mixed = lmFindings('中小學敎育已有很大發展，這是我們的成績。\n各单位要三令五伸，严格落实。');
    expect(mixed).toHaveLength(1);
    expect(mixed[0]!.message).toContain('三令五申');
  });

  it('is turned off with options.enabled: false', () => {
    const off = new Checker({
      config: { rules: { 'typo/lm': { options: { enabled: false } } }, terms: [], ignore: [] },
    });
    expect(
      off.check(textDocument('各单位要三令五伸，严格落实。')).diagnostics.filter((d) => d.ruleId === 'typo/lm'),
    ).toEqual([]);
  });
});

describe.runIf(present)('typo/lm measured', () => {
  // Sentence level, any typo/ finding: the ECSpell law test set (not used for tuning).
  it('ECSpell law test: precision ≥ 0.97 and recall ≥ 0.425 (0.161 without typo/lm)', () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    let lmOnly = 0;
    for (const line of readFileSync(join(corpora, 'csc-dev/ecspell/law.test'), 'utf8').split('\n')) {
      if (!line) continue;
      const [n, source] = line.split('\t');
      const typo = checker.check(textDocument(source!)).diagnostics.filter((d) => d.ruleId.startsWith('typo/'));
      const bad = Number(n) > 0;
      if (typo.length && bad) tp++;
      else if (typo.length) fp++;
      else if (bad) fn++;
      if (bad && typo.length && typo.every((d) => d.ruleId === 'typo/lm')) lmOnly++;
    }
    expect(tp / (tp + fp)).toBeGreaterThanOrEqual(0.97);
    expect(tp / (tp + fn)).toBeGreaterThanOrEqual(0.425);
    expect(lmOnly).toBeGreaterThan(25);
  });

  it('retraining reproduces the committed model byte for byte, and held-out documents stay clean', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'typo-lm-test-'));
    try {
      const full = join(tmp, 'full.bin');
      execFileSync(process.execPath, [join(root, 'scripts/train-typo-lm.mjs'), '--out', full], { stdio: 'ignore' });
      expect(readFileSync(full).equals(readFileSync(committed)), 'run scripts/train-typo-lm.mjs and commit').toBe(true);
      // typo/lm warnings per 10,000 characters on the held-out tenth, with a model trained on the rest.
      const held = join(tmp, 'held.bin');
      execFileSync(process.execPath, [join(root, 'scripts/train-typo-lm.mjs'), '--holdout', '10', '--out', held], {
        stdio: 'ignore',
      });
      const out = execFileSync(
        process.execPath,
        [join(root, 'scripts/eval-typo-lm.mjs'), '--model', held, '--only', 'gov'],
        { encoding: 'utf8' },
      );
      const rate = /held-out[^\n]*\n(?:[^\n]*\n)*?typo\/lm warnings: ([0-9.]+)/.exec(out);
      expect(rate, out).not.toBeNull();
      expect(Number(rate![1])).toBeLessThanOrEqual(0.3);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 240_000);
});
