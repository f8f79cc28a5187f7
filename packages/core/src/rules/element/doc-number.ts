import type { Rule } from '../../engine/types.js';

// 发文字号 (F-HEAD-09): organ code + 〔four-digit year〕 + number + 号; no 第, no leading zeros.
// Square, curly and angle brackets are never anything else before a year and 号; round brackets only count after a
// code that ends like a 发文代字 (…发, …函, …字, …办 …), because court case numbers and the like also use them.
const CANDIDATE_RE = /([\p{Script=Han}A-Za-z]{1,20}?)([ \u3000]*)([〔\[【（(﹝［{<])([ \u3000]*)(\d{2,4})([ \u3000]*)([〕\]】）)﹞］}>])([ \u3000]*)(第?)([ \u3000]*)(0*)(\d+)([ \u3000]*)号/gu;
const ROUND_CODE_RE = /(发|函|字|办|电|复|令|呈|报|通|综|规)$/u;
const OPEN_CLOSE: Record<string, string> = { '〔': '〕', '[': ']', '【': '】', '（': '）', '(': ')', '﹝': '﹞', '［': '］', '{': '}', '<': '>' };

export const docNumberRule: Rule = {
  meta: {
    id: 'element/doc-number',
    level: 'error',
    kind: 'code',
    description: '发文字号由发文机关代字、年份、发文顺序号组成：年份写全称并用六角括号“〔〕”括入，序号不加“第”、不编虚位（如“国发〔2024〕1号”）。',
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
        { text: '财预〔24〕3号' },
      ],
      good: ['国发〔2024〕1号', '按照《国务院关于加强数字政府建设的指导意见》（国发〔2022〕14号）要求', '（2019）最高法民终123号', '国务院令第732号'],
    },
  },
  create(ctx) {
    const text = ctx.text;
    CANDIDATE_RE.lastIndex = 0;
    for (let m = CANDIDATE_RE.exec(text); m; m = CANDIDATE_RE.exec(text)) {
      const [, code, sp1, open, sp2, year, sp3, close, sp4, di, sp5, zeros, num, sp6] = m as unknown as string[];
      if (/^[（(]$/.test(open!) && !ROUND_CODE_RE.test(code!)) continue;
      if (OPEN_CLOSE[open!] !== close && !(open === '〔' && close === '〕')) {
        // Mismatched pairs (〔…] ) are still a 文号 with wrong brackets.
        if (!/[〔\[【（(﹝［]/.test(open!) || !/[〕\]】）)﹞］]/.test(close!)) continue;
      }
      const start = m.index;
      const end = start + m[0].length;
      const problems: string[] = [];
      if (open !== '〔' || close !== '〕') problems.push(`年份应使用六角括号“〔〕”，不应使用“${open}${close}”`);
      if (year!.length !== 4) problems.push('年份应写全称（四位数字）');
      if (di) problems.push('发文顺序号前不加“第”');
      if (zeros && num) problems.push('发文顺序号不编虚位（不加前导零）');
      const spaced = [sp1, sp2, sp3, sp4, sp5, sp6].some((s) => s);
      if (problems.length === 0 && !spaced) continue;
      const fixedYear = year!.length === 4 ? year! : undefined;
      const replacement = fixedYear ? `${code}〔${fixedYear}〕${num}号` : undefined;
      const message = problems.length ? `发文字号“${m[0]}”：${problems.join('；')}` : `发文字号“${m[0]}”内不应有空格`;
      if (replacement) {
        ctx.report({
          range: [start, end],
          message,
          fix: { range: [start, end], text: replacement },
          ...(problems.length === 0 ? { severity: 'warning' as const } : {}),
        });
      } else {
        // A two-digit year: the century is almost always 20, but only a person can confirm it.
        const guess = `${code}〔20${year!.padStart(2, '0')}〕${num}号`;
        ctx.report({ range: [start, end], message, suggestions: [{ message: `改为“${guess}”`, fix: { range: [start, end], text: guess } }] });
      }
    }
  },
};
