import type { Rule } from '../../engine/types.js';
import { contentBounds, daysInMonth, documentLines, parseChineseNumber } from '../text-helpers.js';

const CN = '〇零○一二三四五六七八九十';
// A date line (成文日期) in any of the forms people type; GB/T 9704-2012 7.3.5.4 wants `2024年3月5日`.
const DATE_LINE_RE = new RegExp(
  `^([12]\\d{3}|[${CN}]{4}|\\d{2})\\s*年\\s*([\\d${CN}]{1,3})\\s*月\\s*([\\d${CN}]{1,3})\\s*日$|^([12]\\d{3})[.\\-/．](\\d{1,2})[.\\-/．](\\d{1,2})$`,
);
// Zero-padded month or day in a full date anywhere in the text (2024年03月05日).
const PADDED_RE = /(?<!\d)([12]\d{3})年(0?\d{1,2})月(?:(0?\d{1,2})日)?/g;

function toArabic(s: string): number | undefined {
  return /^\d+$/.test(s) ? Number(s) : parseChineseNumber(s);
}

export const dateFormatRule: Rule = {
  meta: {
    id: 'element/date-format',
    level: 'error',
    kind: 'code',
    file: 'packages/core/src/rules/element/date-format.ts',
    locality: 'line',
    description:
      '成文日期用阿拉伯数字将年、月、日标全，年份写全称，月、日不编虚位（如“2024年3月5日”，不写作“二〇二四年三月五日”“2024年03月05日”“2024.3.5”）。',
    message: '成文日期格式不符合规定',
    standard: 'GB/T 9704-2012 7.3.5.4；《党政机关公文处理工作条例》第九条',
    fixable: true,
    hasSuggestions: true,
    examples: {
      bad: [
        { text: '某某市人民政府\n二〇二四年三月五日', fixed: '某某市人民政府\n2024年3月5日' },
        { text: '某某市人民政府\n2024年03月05日', fixed: '某某市人民政府\n2024年3月5日' },
        { text: '某某市人民政府\n2024.3.5', fixed: '某某市人民政府\n2024年3月5日' },
        { text: '某某市人民政府\n24年3月5日' },
        { text: '截至2024年03月底，共完成12项。', fixed: '截至2024年3月底，共完成12项。' },
      ],
      good: ['某某市人民政府\n2024年3月5日', '2024年12月31日', '截至2024年3月底。'],
    },
  },
  create(ctx) {
    const text = ctx.text;
    const dateLines = new Set<number>();
    for (const { start, line } of documentLines(ctx.document)) {
      const [cs, ce] = contentBounds(line);
      const t = line.slice(cs, ce);
      const m = DATE_LINE_RE.exec(t);
      if (!m) continue;
      const s = start + cs;
      const range = [s, s + t.length] as const;
      dateLines.add(s);
      const [y, mo, d] = m[1] ? [m[1], m[2]!, m[3]!] : [m[4]!, m[5]!, m[6]!];
      const year = y.length === 4 ? toArabic(y) : undefined;
      const month = toArabic(mo);
      const day = toArabic(d);
      const valid =
        month !== undefined &&
        day !== undefined &&
        month >= 1 &&
        month <= 12 &&
        day >= 1 &&
        day <= daysInMonth(year ?? 2024, month);
      const canonical = year !== undefined && valid ? `${year}年${month}月${day}日` : undefined;
      if (canonical === t) continue;
      const problems: string[] = [];
      if (!/^\d+$/.test(y + mo + d)) problems.push('应使用阿拉伯数字');
      if (y.length === 2) problems.push('年份应写全称');
      if (/^0/.test(mo) || /^0/.test(d)) problems.push('月、日不编虚位');
      if (m[4]) problems.push('应写作“××××年×月×日”');
      if (!valid) problems.push('日期不存在');
      const message = `成文日期“${t}”：${problems.join('；') || '格式不符合规定'}`;
      if (canonical) ctx.report({ range, message, fix: { range, text: canonical } });
      else if (y.length === 2 && valid) {
        const guess = `20${y}年${month}月${day}日`;
        ctx.report({ range, message, suggestions: [{ message: `改为“${guess}”`, fix: { range, text: guess } }] });
      } else ctx.report({ range, message });
    }
    PADDED_RE.lastIndex = 0;
    for (let m = PADDED_RE.exec(text); m; m = PADDED_RE.exec(text)) {
      if (dateLines.has(m.index)) continue;
      const mo = m[2]!;
      const d = m[3];
      if (!/^0/.test(mo) && !(d && /^0/.test(d))) continue;
      const range = [m.index, m.index + m[0].length] as const;
      const fixed = `${m[1]}年${Number(mo)}月${d ? `${Number(d)}日` : ''}`;
      ctx.report({
        range,
        message: `日期“${m[0]}”中的月、日不编虚位，应写作“${fixed}”`,
        fix: { range, text: fixed },
        severity: 'warning',
      });
    }
  },
};
