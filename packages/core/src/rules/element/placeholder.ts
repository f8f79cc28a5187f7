import type { Rule } from '../../engine/types.js';

// What a template or a draft leaves for someone to fill in: `××`, `XXX`, `【待补】`, `[此处输入正文]`, `{{标题}}`,
// `□□`. Issued with the document, it shows the text was never finished (条例 第十九条: 内容完整、准确). 某某 is not
// one: documents and our own samples use it on purpose for a name withheld. `×××` inside quotation marks is a text
// describing a form (“×××人民政府”字样), so it is left alone, as is one in a name the text gives as the form of a
// plaque or wording (加挂……××办事处牌子). The marks `gongwen draft` leaves (【待核：120万元】 for a fact
// its materials do not hold, 【待补：签发人】 for what they lack) are reported one by one, each a thing to settle.
const PLACEHOLDER_RE =
  /【(?:待核|待补)[：:][^】\n]{1,80}】|(?<![A-Za-z])(?:[×Ｘｘ]{2,}|[Xx]{2,}(?![A-Za-z]))|(?<=[年月第])[×Ｘ](?=[月日号期])|【[^】\n]{0,12}(?:待|填|补|输入|此处)[^】\n]{0,12}】|[[［](?:此处|请|在此)[^\]］\n]{0,20}[\]］]|\{\{[^{}\n]{0,40}\}\}|□{2,}/g;

/** After `××`: the rest of a name that the text gives as a form (a plaque's, a wording's), not one left to fill. */
const NAME_FORM_RE = /^\p{Script=Han}{0,12}(?:牌子|字样)/u;

const FIRST_RE = /[×ＸｘXx【[［{□]/;

export const placeholderRule: Rule = {
  meta: {
    id: 'element/placeholder',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/element/placeholder.ts',
    description:
      '公文中不应留有待填写的占位内容（“××”“XXX”“【待补】”“[此处输入…]”“{{…}}”“□□”）；印发前应补全。“某某”不在此列。gongwen draft 起草时标出的【待核：…】（材料中找不到的事实）和【待补：…】逐处报告。',
    message: '文中留有待填写的占位内容',
    standard: '《党政机关公文处理工作条例》第十九条',
    locality: 'line',
    examples: {
      bad: [
        { text: '会议定于2026年×月×日在市政府××会议室召开。' },
        { text: '请于XXX前将名单报送市教育局。' },
        { text: '联系人：【待补】，联系电话：【待补】。' },
        { text: '[此处输入正文内容]' },
        { text: '需资金【待核：150万元】，经【待核：市人民政府第30次常务会议研究】同意。' },
      ],
      good: [
        '某某市人民政府办公室',
        '标牌上部为“×××人民政府”字样。',
        '各专员办事处加挂濒危物种进出口管理办公室××办事处牌子。',
        'Size XXL',
        '二○○五年',
      ],
    },
  },
  create(ctx) {
    const text = ctx.text;
    for (const b of ctx.structure.blocks) {
      if (b.role === 'blank' || b.kind === 'code') continue;
      const t = text.slice(b.range[0], b.range[1]);
      // Most paragraphs hold none of the characters a placeholder starts with: one cheap scan skips them.
      if (!FIRST_RE.test(t)) continue;
      PLACEHOLDER_RE.lastIndex = 0;
      let inQuotes: Uint8Array | undefined;
      // One finding per paragraph, naming what is left in it.
      let first: [number, number] | undefined;
      const found: string[] = [];
      for (let m = PLACEHOLDER_RE.exec(t); m; m = PLACEHOLDER_RE.exec(t)) {
        // A quoted `“×××人民政府”` describes a form.
        if (/^[×Ｘｘ]/.test(m[0]) && (inQuotes ??= quoteMap(t))[m.index]) continue;
        // So does a name ending in 牌子 or 字样 (加挂……××办事处牌子: each office its own name).
        if (/^[×Ｘｘ]/.test(m[0]) && NAME_FORM_RE.test(t.slice(m.index + m[0].length, m.index + m[0].length + 14)))
          continue;
        const mark = /^【(待核|待补)[：:]([^】]*)】$/.exec(m[0]);
        if (mark) {
          ctx.report({
            range: [b.range[0] + m.index, b.range[0] + m.index + m[0].length],
            message:
              mark[1] === '待核'
                ? `【待核：${mark[2]}】：起草时在材料中找不到这一事实，须核实后改写或删除`
                : `【待补：${mark[2]}】：材料中没有这项内容，须补充`,
          });
          continue;
        }
        first ??= [b.range[0] + m.index, b.range[0] + m.index + m[0].length];
        if (found.length < 3 && !found.includes(m[0])) found.push(m[0]);
      }
      if (first) {
        ctx.report({
          range: first,
          message: `文中留有待填写的占位内容${found.map((f) => `“${f}”`).join('')}，印发前应补全`,
        });
      }
    }
  },
};

/** For each position of the paragraph, whether it lies inside a closed pair of “…” (one pass). */
function quoteMap(t: string): Uint8Array {
  const map = new Uint8Array(t.length);
  let open = -1;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === '“') open = i;
    else if (t[i] === '”' && open >= 0) {
      map.fill(1, open, i);
      open = -1;
    }
  }
  return map;
}
