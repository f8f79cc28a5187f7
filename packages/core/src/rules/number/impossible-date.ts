import type { Rule } from '../../engine/types.js';
import { daysInMonth, WEEKDAYS } from '../text-helpers.js';

const DATE_RE = /(?<!\d)(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日(?:[（(](星期|周)([一二三四五六日天])[）)])?/g;

// 2月30日, 13月, 4月31日 (dates that do not exist), and a weekday that does not match its date.
export const impossibleDateRule: Rule = {
  meta: {
    id: 'number/impossible-date',
    level: 'error',
    kind: 'code',
    file: 'packages/core/src/rules/number/impossible-date.ts',
    locality: 'line',
    description: '日期必须存在（如不能有“2月30日”“4月31日”“13月”）；日期后括注的星期必须与日期相符。',
    message: '日期不存在',
    standard: 'GB/T 15835-2011 5.1；GB/T 7408',
    hasSuggestions: true,
    examples: {
      bad: [
        { text: '会议定于2025年2月30日召开。' },
        { text: '请于4月31日前报送。' },
        { text: '会议定于2025年5月26日（星期二）召开。' },
      ],
      good: ['会议定于2025年5月26日（星期一）召开。', '2024年2月29日', '请于2月29日前报送。', '12月31日'],
    },
  },
  create(ctx) {
    const text = ctx.text;
    DATE_RE.lastIndex = 0;
    for (let m = DATE_RE.exec(text); m; m = DATE_RE.exec(text)) {
      const year = m[1] ? Number(m[1]) : undefined;
      const month = Number(m[2]);
      const day = Number(m[3]);
      const range = [m.index, m.index + m[0].length] as const;
      const max = month >= 1 && month <= 12 ? daysInMonth(year ?? 2024, month) : 0;
      if (month < 1 || month > 12 || day < 1 || day > max) {
        ctx.report({
          range,
          message:
            month < 1 || month > 12
              ? `日期“${m[0]}”不存在：月份应为1～12`
              : `日期“${m[0]}”不存在：${year ? `${year}年` : ''}${month}月只有${max}天`,
        });
        continue;
      }
      if (!year || !m[5]) continue;
      const actual = WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]!;
      const given = m[5] === '天' ? '日' : m[5];
      if (given === actual) continue;
      const wdStart = m.index + m[0].length - 1 - m[5].length;
      const wdRange = [wdStart, wdStart + m[5].length] as const;
      ctx.report({
        range,
        message: `${year}年${month}月${day}日是${m[4]}${actual}，不是${m[4]}${m[5]}`,
        suggestions: [{ message: `改为“${m[4]}${actual}”`, fix: { range: wdRange, text: actual } }],
      });
    }
  },
};
