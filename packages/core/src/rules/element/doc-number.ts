import type { Rule } from '../../engine/types.js';

// 发文字号 (GB/T 9704-2012 7.2.5, 条例 第九条): organ code + 〔four-digit year〕 + number + 号; no 第, no leading zeros.
// The search anchors on the bracketed year and the 号 after it (cheap, no backtracking over running text), then looks
// at what stands before the bracket: an organ code must touch it. Square, curly and angle brackets are never anything
// else there; round brackets only count after a code that ends like a 发文代字 (…发, …函, …字, …办 …), because court
// case numbers and the like also use them. The finding covers the part from the bracket to 号, which is what changes.
const NUMBER_RE =
  /([〔[【（(﹝［{<])([ \u3000]*)(\d{2,4})([ \u3000]*)([〕\]】）)﹞］}>])([ \u3000]*)(第?)([ \u3000]*)(0*)(\d+)([ \u3000]*)号/gu;
const CODE_BEFORE_RE = /[\p{Script=Han}A-Za-z][ \u3000]*$/u;
const ROUND_CODE_RE = /(发|函|字|办|电|复|令|呈|报|通|综|规)[ \u3000]*$/u;
// The year outside and the sequence in brackets (`某发2020[0902]号`): the parts swapped, which only a person can untangle
// (0902 may be a date), so the finding offers the standard form as a suggestion.
const SWAPPED_RE =
  /(?<=[\p{Script=Han}A-Za-z]|^)[ \u3000]*((?:19|20)\d{2})[ \u3000]*([〔[【［﹝])[ \u3000]*(\d{1,6})[ \u3000]*([〕\]】］﹞])[ \u3000]*号/gmu;
// What every SWAPPED_RE match contains: a cheap test first, since a pattern opening with a lookbehind is tried at
// every position of the text.
const SWAPPED_CORE_RE = /(?:19|20)\d{2}[ \u3000]*[〔[【［﹝]/u;
const CLOSERS = new Set(['〕', ']', '】', '）', ')', '﹞', '］', '}', '>']);

export const docNumberRule: Rule = {
  meta: {
    id: 'element/doc-number',
    level: 'error',
    kind: 'code',
    file: 'packages/core/src/rules/element/doc-number.ts',
    locality: 'line',
    description:
      '发文字号由发文机关代字、年份、发文顺序号组成：年份写全称并用六角括号“〔〕”括入，序号不加“第”、不编虚位（如“国发〔2024〕1号”）。',
    message: '发文字号格式不符合规定',
    standard: 'GB/T 9704-2012 7.2.5',
    fixable: true,
    hasSuggestions: true,
    examples: {
      bad: [
        { text: '国办发[2024]5号', fixed: '国办发〔2024〕5号' },
        { text: '京政发〔2024〕第5号', fixed: '京政发〔2024〕5号' },
        { text: '国发〔2024〕005号', fixed: '国发〔2024〕5号' },
        { text: '国办函﹝2023﹞12号', fixed: '国办函〔2023〕12号' },
        { text: '根据国办发(2024)5号文件', fixed: '根据国办发〔2024〕5号文件' },
        { text: '财预〔24〕3号' },
        { text: '某某发2020[0902]号' },
      ],
      good: [
        '国发〔2024〕1号',
        '按照《国务院关于加强数字政府建设的指导意见》（国发〔2022〕14号）要求',
        '（2019）最高法民终123号',
        '国务院令第732号',
        '依据（2024）5号判决',
      ],
    },
  },
  create(ctx) {
    const text = ctx.text;
    SWAPPED_RE.lastIndex = 0;
    for (let m = SWAPPED_CORE_RE.test(text) ? SWAPPED_RE.exec(text) : null; m; m = SWAPPED_RE.exec(text)) {
      const range = [m.index, m.index + m[0].length] as const;
      const want = `〔${m[1]}〕${Number(m[3])}号`;
      ctx.report({
        range,
        message: `发文字号“${m[0].trim()}”：年份应写在六角括号“〔〕”内，发文顺序号在括号后（如“${want}”）`,
        suggestions: [{ message: `改为“${want}”`, fix: { range, text: want } }],
      });
    }
    NUMBER_RE.lastIndex = 0;
    for (let m = NUMBER_RE.exec(text); m; m = NUMBER_RE.exec(text)) {
      const [all, open, sp1, year, sp2, close, sp3, di, sp4, zeros, num, sp5] = m as unknown as string[];
      if (!CLOSERS.has(close!)) continue;
      const before = text.slice(Math.max(0, m.index - 8), m.index);
      if (!CODE_BEFORE_RE.test(before)) continue;
      if ((open === '（' || open === '(') && !ROUND_CODE_RE.test(before)) continue;
      const problems: string[] = [];
      if (open !== '〔' || close !== '〕') problems.push(`年份应使用六角括号“〔〕”，不应使用“${open}${close}”`);
      if (year!.length !== 4) problems.push('年份应写全称（四位数字）');
      if (di) problems.push('发文顺序号前不加“第”');
      if (zeros) problems.push('发文顺序号不编虚位（不加前导零）');
      const spaced = Boolean(sp1 || sp2 || sp3 || sp4 || sp5);
      if (problems.length === 0 && !spaced) continue;
      // A space between the code and the bracket belongs to the finding too.
      const lead = /[ \u3000]*$/.exec(before)![0].length;
      const start = m.index - lead;
      const range = [start, m.index + all!.length] as const;
      const message = problems.length
        ? `发文字号“${text.slice(start, range[1])}”：${problems.join('；')}`
        : `发文字号“${all}”内不应有空格`;
      if (year!.length === 4) {
        ctx.report({
          range,
          message,
          fix: { range, text: `〔${year}〕${num}号` },
          ...(problems.length === 0 ? { severity: 'warning' as const } : {}),
        });
      } else {
        // A two-digit year: the century is almost always 20, but only a person can confirm it.
        const guess = `〔20${year!.padStart(2, '0')}〕${num}号`;
        ctx.report({ range, message, suggestions: [{ message: `改为“${guess}”`, fix: { range, text: guess } }] });
      }
    }
  },
};
