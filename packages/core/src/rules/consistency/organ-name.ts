import type { Rule } from '../../engine/types.js';

// A local organ written out in full: level (省/市/县/区), a field of four or more characters, its kind
// (某某市发展和改革委员会, 某某市人力资源和社会保障局); a shorter one (市财政局) has no shorter form to be confused with.
const FULL_RE = /[省市县区州]([\p{Script=Han}]{4,12}?)(委员会|办公室|办公厅|(?<![布格大全结开当时棋骗政终残])局)/gu;
const SHORT_SUFFIX: Record<string, string> = { 委员会: '委', 办公室: '办', 办公厅: '办', 局: '局' };
// Its short form: the level, two to six characters of the field, the kind's short form (市发改委, 市人社局).
// 布局, 格局, 承办, 督办 end like an organ but are words.
const SHORT_RE =
  /([省市县区])([\p{Script=Han}]{2,6}?)(委|(?<![承督主举创兴代包查交协合开帮申经买置])办|(?<![布格大全结开当时棋骗政终残])局)(?![员会公\p{Script=Han}]?(?:员会|公室|公厅))/gu;
const BODY_ROLES = new Set(['body', 'heading', 'closing']);
const DEFINED_RE = /[（(](?:以下)?简称[“"]?([\p{Script=Han}]{2,12})[”"]?[）)]/gu;

/** Whether `short` takes its characters from `full` in order, skipping some (人社 from 人力资源和社会保障). */
function abbreviates(short: string, full: string): boolean {
  if (full.includes(short)) return false;
  let i = 0;
  for (const c of full) if (c === short[i]) i++;
  return i === short.length;
}

export const organNameRule: Rule = {
  meta: {
    id: 'consistency/organ-name',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/consistency/organ-name.ts',
    description:
      '同一机关在文中的称谓应前后一致：先写全称、后用简称的，应在全称后注明“（以下简称“××”）”，此后统一使用该简称，不另用其他简称。',
    message: '同一机关的称谓前后不一致',
    standard: '《党政机关公文处理工作条例》第十九条（三）（表述准确）；GB/T 9704-2012 7.3.2（全称或者规范化简称）',
    examples: {
      bad: [
        { text: '由某某市人力资源和社会保障局牵头。\n市人社局负责组织实施。' },
        { text: '某某市发展和改革委员会（以下简称“市发改委”）牵头。\n市发展改革委负责审核。' },
      ],
      good: [
        '某某市人力资源和社会保障局（以下简称“市人社局”）牵头。\n市人社局负责组织实施。',
        '由市财政局、市公安局负责。',
      ],
    },
  },
  create(ctx) {
    const text = ctx.text;
    // Full names by field and kind, in order of first appearance.
    const fulls: Array<{ level: string; field: string; kind: string; at: number }> = [];
    const seen = new Set<string>();
    // Only a full name written in the body is one the reader must be told the short form of: an organ names
    // itself in its title and 署名 in full and in the body by its 规范化简称, and the 主送 is addressed in full.
    const blocks = ctx.structure.blocks;
    let bi = 0;
    const inBody = (at: number) => {
      while (bi < blocks.length && blocks[bi]!.range[1] <= at) bi++;
      const b = blocks[bi];
      return !!b && b.range[0] <= at && BODY_ROLES.has(b.role ?? 'body');
    };
    for (const m of text.matchAll(FULL_RE)) {
      const level = m[0][0]!;
      const key = `${level}${m[1]}${m[2]}`;
      if (seen.has(key)) continue;
      // 县住房城乡建设局 after 县住房和城乡建设局 is a second form of the same organ, not another organ.
      if (fulls.some((f) => f.level === level && f.kind === m[2] && abbreviates(m[1]!, f.field))) continue;
      seen.add(key);
      if (inBody(m.index!)) fulls.push({ level, field: m[1]!, kind: m[2]!, at: m.index! + 1 });
    }
    if (!fulls.length) return;
    const defined = new Set<string>();
    for (const m of text.matchAll(DEFINED_RE)) defined.add(m[1]!);
    const reported = new Set<string>();
    for (const m of text.matchAll(SHORT_RE)) {
      const short = m[0];
      if (defined.has(short) || seen.has(short) || reported.has(short)) continue;
      const [, level, field, kind] = m;
      const full = fulls.find(
        (f) => f.at < m.index! && f.level === level && SHORT_SUFFIX[f.kind] === kind && abbreviates(field!, f.field),
      );
      if (!full) continue;
      reported.add(short);
      const name = `${full.level}${full.field}${full.kind}`;
      const other = [...defined].find(
        (d) => d.endsWith(kind!) && d[0] === level && abbreviates(d.slice(1, -1), full.field),
      );
      ctx.report({
        range: [m.index!, m.index! + short.length],
        message: other
          ? `“${short}”与前文对“${name}”的简称“${other}”不一致，同一机关应使用同一称谓`
          : `“${short}”是前文“${name}”的简称，但前文未注明“（以下简称“${short}”）”，同一机关的称谓应前后一致`,
      });
    }
  },
};
