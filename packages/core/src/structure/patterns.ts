/** Patterns shared by structure recognition and the rules (GB/T 9704-2012 7.2–7.4, 条例 第八、九条). */

const CN = '一二三四五六七八九十百';
export const CN_NUMERALS = CN;

/** 层次序数 at the start of a paragraph, with the wrong forms people type, so rules can see them (GB/T 9704-2012 7.3.3). */
export const HEADING_PATTERNS: Array<{ level: 1 | 2 | 3 | 4; re: RegExp }> = [
  { level: 2, re: new RegExp(`^[（(][${CN}]+[）)]`) },
  { level: 4, re: /^[（(]\d{1,3}[）)]/ },
  { level: 1, re: new RegExp(`^[${CN}]+[、.．，,:：](?![${CN}]*[、]?[等])`) },
  { level: 3, re: /^\d{1,3}(?:[.．](?!\d)|、)/ },
];

export function headingLevel(text: string): 1 | 2 | 3 | 4 | undefined {
  // Every pattern starts with a bracket, a digit or a Chinese numeral: most paragraphs are ruled out before any regex.
  const c = text.charCodeAt(0);
  if (!(c === 0xff08 || c === 0x28 || (c >= 0x30 && c <= 0x39) || (c > 0x7f && CN.includes(text[0]!))))
    return undefined;
  for (const { level, re } of HEADING_PATTERNS) if (re.test(text)) return level;
  return undefined;
}

export const GENRE_ALTERNATION = '决议|决定|命令|公报|公告|通告|意见|通知|通报|报告|请示|批复|议案|复函|函|纪要|令';
/** A title ends in a 文种 (条例 第八条), with the accepted variants (紧急通知, 补充通知, 会议纪要, 复函). */
export const TITLE_GENRE_RE = new RegExp(`(${GENRE_ALTERNATION})$`);
/**
 * A report of another kind than the 文种 报告 (条例 第八条（九）, a report to a superior organ): a feasibility study,
 * survey, assessment, audit or 述职 report named by its kind and not as 关于…的报告. It is a document in its own right
 * (often an attachment or a company's paper), not one that must name a superior organ or may not carry a request.
 */
const OTHER_REPORT_RE =
  /(?:研究|调研|调查|评估|审计|述职|分析|评价|监测|检测|鉴定|论证|勘察|考察|环境影响)报告(?:书)?$/;
export const isOtherReport = (title: string): boolean => OTHER_REPORT_RE.test(title) && !title.includes('关于');

export const DOC_NUMBER_RE =
  /([\p{Script=Han}A-Za-z]{1,20})\s*([〔[【（(﹝［{<])\s*(\d{2,4})\s*([〕\]】）)﹞］}>])\s*(第)?\s*(0*)(\d+)\s*号/u;

/**
 * A line that holds a 发文字号 as people lay it out at the top of a document, including forms the standard does not
 * accept but that still are the number (a label before it `编号：`, the sequence in brackets `2020[0902]号`, a template's
 * blank `〔    〕  号`). Structure recognition only; element/doc-number judges the form.
 */
export const DOC_NUMBER_LINE_RE = new RegExp(
  [
    DOC_NUMBER_RE.source,
    '(?:^|[：:\\s\\p{Script=Han}A-Za-z×Ｘ])\\d{4}\\s*[〔\\[【［﹝]\\s*\\d{1,6}\\s*[〕\\]】］﹞]\\s*号',
    '(?:^|[\\p{Script=Han}A-Za-z×Ｘ])\\s*[〔\\[【［﹝][\\s\\dXx×Ｘ０-９]*[〕\\]】］﹞][\\s\\dXx×Ｘ０-９]*号',
  ].join('|'),
  'u',
);

/** An 附件 label on a line of its own (`附件`, `附件2`, `附件三：`), and the like for annexed outlines and tables. */
export const ATTACHMENT_LABEL_RE = /^(?:附件|附表|附录|大纲)\s*[0-9０-９一二三四五六七八九十]{0,3}\s*[：:]?$/;

export const DATE_LINE_RE =
  /^(?:[12]\d{3}|[一二三四五六七八九〇零○OΟ]{4}|[０-９]{4}|\d{2})\s*年\s*[\d０-９一二三四五六七八九十〇零]{1,3}\s*月\s*[\d０-９一二三四五六七八九十〇零]{1,3}\s*日$|^[12]\d{3}[.\-/]\d{1,2}[.\-/]\d{1,2}$/;

/** Exactly the characters of the regex class \s. */
function isSpace(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) ||
    c === 0x20 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * The 印发机关 and 印发日期 of a 版记 print line (`某某市人民政府办公室  2024年1月8日印发`), or undefined. It finds what
 * /^(\S.*?)[\s\u3000\t]+(\S+年\S+月\S+日)\s*印发?$/u finds, in one pass from the end: that regex backtracks over every
 * 年…月…日 of a long line (cubic) and overflows the regex stack on a line of megabytes.
 */
export function matchPrintLine(t: string): { issuer: string; date: string } | undefined {
  let e = t.length;
  if (t.endsWith('印发')) e -= 2;
  else if (t.endsWith('印')) e -= 1;
  else return undefined;
  while (e > 0 && isSpace(t.charCodeAt(e - 1))) e--;
  // The date is the last token: no white space inside, white space before it.
  let s = e;
  while (s > 0 && !isSpace(t.charCodeAt(s - 1))) s--;
  const date = t.slice(s, e);
  let h = s;
  while (h > 0 && isSpace(t.charCodeAt(h - 1))) h--;
  if (h === s || h === 0 || isSpace(t.charCodeAt(0)) || /[\n\r\u2028\u2029]/.test(t.slice(0, h))) return undefined;
  // \S+年\S+月\S+日: a 年 after the first character, a 月 at least two later, and one character before the final 日.
  if (!date.endsWith('日')) return undefined;
  const nian = date.indexOf('年', 1);
  const yue = date.lastIndexOf('月', date.length - 3);
  if (nian < 0 || yue < nian + 2) return undefined;
  return { issuer: t.slice(0, h), date };
}

export const SECRECY_RE = /^(绝密|机密|秘密|秘\s+密|机\s+密|绝\s+密)(\s*[★☆*].*)?$/;
export const URGENCY_RE = /^(特\s*急|加\s*急|特\s*提|平\s*急|急\s*件|紧\s*急)$/;

export const CLOSING_RE =
  /^(特此(通知|报告|请示|函告|函复|批复|通报|通告|公告|函达|说明)|专此报告|此复|现予公告|妥否，请批示|当否，请批复|以上请示，请予审批|请予函复|盼复|请研究函复|请审议|现提请审议|以上报告，请审阅|请遵照执行|请认真贯彻执行|请认真贯彻落实|请结合实际认真贯彻执行|请结合实际认真贯彻落实)[。.]?$/;
