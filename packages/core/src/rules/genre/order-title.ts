import type { Rule } from '../../engine/types.js';

// 命令（令） (GB/T 9704-2012 10.2): the 发文机关标志 (机关全称 + 命令/令), the 令号 two lines below it, then the body two
// lines below that — the format has no title line. A `关于……的命令（令）` line right below the mark and number is the
// general format's title carried into the 令 format.
const MARK_RE = /^[^\n关]{2,40}(?:命令|令)$/;
const NUMBER_RE = /^[（(]?第\s*[0-9０-９一二三四五六七八九十百千〇零]+\s*号[）)]?$/;
const TITLE_RE = /^.{0,40}关于.{2,80}的(?:命令|令)$/;

export const orderTitleRule: Rule = {
  meta: {
    id: 'genre/order-title',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/genre/order-title.ts',
    description:
      '命令（令）格式不编排标题：发文机关标志（机关全称加“命令”或“令”）下编排令号，令号下直接编排正文，不再加“关于……的命令”式标题。',
    message: '命令（令）格式中不应另编标题',
    standard: 'GB/T 9704-2012 10.2',
    examples: {
      bad: [
        {
          text: '某某市人民政府令\n第15号\n某某市人民政府关于公布某某市城市绿化管理办法的令\n《某某市城市绿化管理办法》已经市政府常务会议审议通过，现予公布，自2026年5月1日起施行。',
        },
      ],
      good: [
        '某某市人民政府令\n第15号\n《某某市城市绿化管理办法》已经市政府常务会议审议通过，现予公布，自2026年5月1日起施行。',
        '国务院关于授予某某同志荣誉称号的命令\n为表彰先进，国务院决定授予某某同志荣誉称号。',
      ],
    },
  },
  create(ctx) {
    const text = ctx.text;
    // The first lines that hold text: their compacted text and the range of the line without its outer spaces.
    const lines: { t: string; range: [number, number] }[] = [];
    for (let s = 0; s < text.length && lines.length < 4; ) {
      let e = text.indexOf('\n', s);
      if (e < 0) e = text.length;
      const raw = text.slice(s, e);
      const t = raw.replace(/[\s\u3000]+/g, '');
      if (t) {
        const start = s + (raw.length - raw.trimStart().length);
        lines.push({ t, range: [start, start + raw.trim().length] });
      }
      s = e + 1;
    }
    if (!lines.length || !MARK_RE.test(lines[0]!.t)) return;
    for (const l of lines.slice(1)) {
      if (NUMBER_RE.test(l.t)) continue;
      if (TITLE_RE.test(l.t))
        ctx.report({
          range: l.range,
          message: '命令（令）格式不编排标题：令号之下直接编排正文（GB/T 9704-2012 10.2）',
        });
      return;
    }
  },
};
