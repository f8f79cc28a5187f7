import type { Rule } from '../../engine/types.js';
import { bodyBlocks, genreOf } from './common.js';
import { directionOf, partiesOf } from './organs.js';

// 贵局 (honorific, to an organ not above or below the writer) and 你局 (to an organ below it). 贵州 is no address term
// (州 is not in the list), nor are 宝贵、可贵 (checked on the character before, which keeps the regex's literal start).
const TERM_RE =
  /贵(?:局|委|厅|部|办|院|校|市|县|区|省|单位|公司|中心|所|站|会|行|司|处|科|府|方|镇|乡|队|馆|社)|你(?:局|委|厅|部|办|院|校|市|县|区|省|州|盟|旗|单位|公司|中心|所|站|会|行|司|处|科|府|镇|乡|队|馆|社|们)/g;
const NOT_HONORIFIC_BEFORE = new Set([...'宝珍昂高可富名尊权华显金']);

export const addressTermRule: Rule = {
  meta: {
    id: 'genre/address-term',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/genre/address-term.ts',
    description:
      '对受文机关的称谓应与行文关系相符：对不相隶属机关（函）称“贵局”“贵委”，对下级机关称“你局”“你们”，向上级机关行文不用“贵”“你”而直接称机关名称；同一文件中对受文机关的称谓应一致。',
    message: '对受文机关的称谓与行文关系不符',
    standard: '《党政机关公文处理工作条例》第十三条（行文关系）',
    examples: {
      bad: [
        {
          text: '青川市教育局关于追加校舍维修经费的请示\n青川市人民政府：\n恳请贵府追加维修经费860万元。\n妥否，请批示。',
        },
        {
          text: '青川市人民政府关于同意设立滨江湿地公园的批复\n青川市林业局：\n贵局《关于设立滨江湿地公园的请示》收悉。\n此复。',
        },
        {
          text: '青川市交通运输局关于商请提供道路施工计划的函\n青川市住房和城乡建设局：\n请贵局协助提供施工计划。\n请你局于6月15日前函复。\n特此函告。',
        },
      ],
      good: [
        '青川市交通运输局关于商请提供道路施工计划的函\n青川市住房和城乡建设局：\n请贵局协助提供施工计划。\n特此函告。',
        '青川市人民政府关于同意设立滨江湿地公园的批复\n青川市林业局：\n你局《关于设立滨江湿地公园的请示》收悉。\n此复。',
        '贵州省人民政府关于加强耕地保护的通知\n各市（州）人民政府：\n请认真贯彻执行。',
      ],
    },
  },
  create(ctx) {
    const text = ctx.text;
    const hits: Array<{ honor: boolean; range: [number, number]; term: string }> = [];
    for (const b of bodyBlocks(ctx)) {
      const t = text.slice(b.range[0], b.range[1]);
      // Inside 《》 and quotation marks the words are someone else's (a cited title, a quoted sentence).
      let quoted = 0;
      let last = 0;
      TERM_RE.lastIndex = 0;
      for (let m = TERM_RE.exec(t); m; m = TERM_RE.exec(t)) {
        for (let i = last; i < m.index; i++) {
          const c = t[i];
          if (c === '《' || c === '“') quoted++;
          else if ((c === '》' || c === '”') && quoted > 0) quoted--;
        }
        last = m.index;
        if (quoted || (m[0][0] === '贵' && NOT_HONORIFIC_BEFORE.has(t[m.index - 1] ?? ''))) continue;
        const s = b.range[0] + m.index;
        hits.push({ honor: m[0].startsWith('贵'), range: [s, s + m[0].length], term: m[0] });
      }
    }
    if (!hits.length) return;
    const honor = hits.filter((h) => h.honor);
    const plain = hits.filter((h) => !h.honor);
    const parties = partiesOf(ctx);
    let direction = directionOf(ctx, parties);
    if (direction === undefined && genreOf(ctx) === '函') {
      // A 函 that asks for help or views (商请、征求意见) goes to an organ it cannot direct, whoever that is; so does one
      // to an organ of the same or a higher level. Only an organ above may write 你 in a 函 (国务院办公厅 to a 省).
      const r = parties.recipients[0];
      const s = parties.sender;
      if (
        /(商请|征求|恳请|请予|协助|支持|咨询|商洽)/.test(ctx.structure.title ?? '') ||
        (r?.level !== undefined && s?.level !== undefined && s.level >= r.level)
      )
        direction = 'unrelated';
    }
    if (direction === 'up') {
      for (const h of hits)
        ctx.report({
          range: h.range,
          message: `向上级机关行文不用“${h.term}”这类称谓，宜直接称上级机关名称（如“市政府”“市财政局”）`,
        });
      return;
    }
    if (direction === 'down') {
      for (const h of honor)
        ctx.report({
          range: h.range,
          message: `对下级机关不称“${h.term}”，宜称“你${h.term.slice(1)}”或直接称机关名称`,
        });
      return;
    }
    if (direction === 'unrelated' || direction === 'parallel') {
      for (const h of plain)
        ctx.report({
          range: h.range,
          message: `对不相隶属机关（函）不称“${h.term}”，宜称“贵${h.term.slice(1) === '们' ? '单位' : h.term.slice(1)}”`,
        });
      return;
    }
    // Relation unknown: the same recipient still is not addressed both ways in one document.
    if (honor.length && plain.length) {
      const minority = honor.length < plain.length ? honor : plain;
      const other = minority === honor ? plain[0]! : honor[0]!;
      for (const h of minority)
        ctx.report({
          range: h.range,
          message: `同一文件中对受文机关既称“${other.term}”又称“${h.term}”，称谓应一致（平行、不相隶属称“贵”，下级称“你”）`,
        });
    }
  },
};
