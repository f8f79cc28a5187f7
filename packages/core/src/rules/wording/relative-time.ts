import type { Rule } from '../../engine/types.js';
import { type Ymd, addDays, documentDate, formatYmd, weekday } from '../doc-date.js';

// Relative time words; 近日/日前 name no day at all, the others resolve against the 成文日期. 本周期 and 下周年 are not
// weeks.
// The character before is checked in code (NOT_BEFORE): a lookbehind at the start of the pattern would run at every
// position of the text.
const NOT_BEFORE = /[\d〇零一二三四五六七八九十两几同当每逐]/;
const RELATIVE_RE =
  /(今年|明年|去年|前年|后年|本月|上个?月|下个?月|(?:本|这|上|下)(?:个)?(?:周|星期)(?:[一二三四五六日天])?(?![期年岁边围转刊报])|今天|明天|昨天|前天|后天|今日|明日|昨日|近日|日前)/g;
const YEAR_WORDS = new Set(['今年', '明年', '去年', '前年', '后年']);
const WEEKDAY_CN: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7 };

function shiftMonth(v: Ymd, n: number): { y: number; m: number } {
  const k = v.y * 12 + (v.m - 1) + n;
  return { y: Math.floor(k / 12), m: (k % 12) + 1 };
}

/** What the word means on the given date, as it should be written; undefined for 近日/日前. */
function resolve(word: string, d: Ymd): string | undefined {
  const years: Record<string, number> = { 今年: 0, 明年: 1, 去年: -1, 前年: -2, 后年: 2 };
  if (word in years) return `${d.y + years[word]!}年`;
  const days: Record<string, number> = { 今天: 0, 今日: 0, 明天: 1, 明日: 1, 昨天: -1, 昨日: -1, 前天: -2, 后天: 2 };
  if (word in days) return formatYmd(addDays(d, days[word]!));
  const month = /^(本|上|下)个?月$/.exec(word);
  if (month) {
    const t = shiftMonth(d, month[1] === '本' ? 0 : month[1] === '上' ? -1 : 1);
    return `${t.y}年${t.m}月`;
  }
  const week = /^(本|这|上|下)个?(?:周|星期)([一二三四五六日天])?$/.exec(word);
  if (week) {
    // Weeks run Monday to Sunday, as calendars and 公文 count them.
    const monday = addDays(d, -((weekday(d) + 6) % 7) + (week[1] === '上' ? -7 : week[1] === '下' ? 7 : 0));
    if (week[2]) return formatYmd(addDays(monday, WEEKDAY_CN[week[2]]! - 1));
    return `${formatYmd(monday)}至${formatYmd(addDays(monday, 6))}`;
  }
  return undefined;
}

export const relativeTimeRule: Rule = {
  meta: {
    id: 'wording/relative-time',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/wording/relative-time.ts',
    description:
      '公文是日后查阅的依据，“本月底前”“下周一”“明天”“自明年1月起”等相对时间应写明具体日期：有成文日期时按成文日期算出应写的日期（警告）；叙述背景的“今年以来”“去年”不提示；没有成文日期的，以及“近日”“日前”这类无法推算的，只作提示。',
    message: '相对时间词应写明具体日期',
    standard: '《党政机关公文处理工作条例》第十九条（表述准确）',
    hasSuggestions: true,
    examples: {
      bad: [
        { text: '请于下周五前报送。\n某某市人民政府办公室\n2024年3月5日' },
        { text: '本月底前完成自查。\n某某市人民政府办公室\n2024年3月5日' },
        { text: '请于下周五前报送。' },
        { text: '自明年1月起施行。\n某某市人民政府办公室\n2024年3月5日' },
      ],
      good: [
        '请于2024年3月15日前报送。\n某某市人民政府办公室\n2024年3月5日',
        '请于3月31日前完成。',
        '新华社北京1月24日电 近日，中共中央办公厅印发了《关于××的通知》。',
      ],
    },
  },
  create(ctx) {
    const text = ctx.text;
    const dated = documentDate(text, ctx.structure);
    const re = new RegExp(RELATIVE_RE.source, 'g');
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const word = m[1]!;
      const start = m.index;
      if (start > 0 && NOT_BEFORE.test(text[start - 1]!)) continue;
      // 每月5日前报送上月情况: a recurring time, counted from each month, not from the 成文日期.
      const before = text.slice(Math.max(0, start - 16), start);
      if (/每(?:个)?(?:年|季度|月|周|星期|旬)[^。；！？\n]*$/.test(before)) continue;
      // Right after a news dispatch's dateline (新华社北京1月24日电 近日，…): the dateline dates it.
      if (/\d{1,2}月\d{1,2}日电[\s\u3000]*$/.test(before)) continue;
      const range = [start, start + word.length] as const;
      // A date in brackets right after the word (今年（2024年）) says it already.
      if (/^[（(][\d〇零一二三四五六七八九十]{1,4}[年月日]/.test(text.slice(range[1], range[1] + 8))) continue;
      const abs = dated ? resolve(word, dated.date) : undefined;
      // 今年以来 and the like are how published documents narrate (about one in ten of them) and read plainly beside
      // the 成文日期; a year word is a finding only where it fixes a point in time (自明年1月起, 今年3月底前).
      if (YEAR_WORDS.has(word) && !/^[\d一二三四五六七八九十]{1,2}月/.test(text.slice(range[1], range[1] + 4)))
        continue;
      if (abs === undefined) {
        ctx.report({
          range,
          severity: 'info',
          message: dated
            ? `“${word}”所指时间不明确，公文日后查阅时难以确定，建议写明具体日期`
            : `“${word}”是相对时间，公文日后查阅时难以确定，建议写明具体日期`,
        });
        continue;
      }
      ctx.report({
        range,
        message: `“${word}”是相对时间，按成文日期${formatYmd(dated!.date)}应写作“${abs}”`,
        suggestions: [{ message: `改为“${abs}”`, fix: { range, text: abs } }],
      });
    }
  },
};
