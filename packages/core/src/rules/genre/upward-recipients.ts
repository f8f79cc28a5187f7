import type { Rule } from '../../engine/types.js';
import { genreOf } from './common.js';
import { classifyOrgan, organList, relationBetween, senderOf } from './organs.js';

// 抄送 to the organs below: 各区（县）…, 所属各单位, 局属各学校, 本局各科室.
const BELOW_RE =
  /^(各(县|区|市|乡|镇|街道|科室|处室|所属|下属|直属|学校|单位|分局|支队|大队)|所属|下属|直属|本(局|委|厅|部|办)各|[局委厅部办]属)/;

export const upwardRecipientsRule: Rule = {
  meta: {
    id: 'genre/upward-recipients',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/genre/upward-recipients.ts',
    description:
      '向上级机关行文（请示、报告）原则上主送一个上级机关，需要时抄送相关上级机关和同级机关，不抄送下级机关。',
    message: '上行文的主送、抄送不符合行文规则',
    standard: '《党政机关公文处理工作条例》第十五条（一）',
    examples: {
      bad: [
        {
          text: '青川市教育局关于增加办公经费的请示\n青川市财政局、青川市发展和改革委员会：\n现请示如下。\n妥否，请批示。',
        },
        {
          text: '临江县水利局关于水库度汛准备情况的报告\n临江县人民政府：\n现将有关情况报告如下。\n特此报告。\n临江县水利局\n2026年4月18日\n抄送：各乡镇人民政府。',
        },
      ],
      good: [
        '青川市教育局关于增加办公经费的请示\n青川市财政局：\n现请示如下。\n妥否，请批示。',
        '临江县人民政府关于耕地保护工作情况的报告\n中共青川市委、青川市人民政府：\n现将有关情况报告如下。\n特此报告。',
      ],
    },
  },
  create(ctx) {
    const genre = genreOf(ctx);
    if (genre !== '请示' && genre !== '报告') return;
    const text = ctx.text;
    for (const b of ctx.structure.byRole('addressee')) {
      // Leaders addressed in person are genre/addressee-person's finding.
      const organs = organList(text, b.range[0], b.range[1])
        .map((o) => ({ ...o, organ: classifyOrgan(o.name) }))
        .filter((o) => o.organ.kind !== 'person');
      if (organs.length < 2) continue;
      // The party committee and the government of one place (市委、市政府) are one superior under double leadership.
      const kinds = organs.map((o) => o.organ.kind);
      if (organs.length === 2 && kinds.includes('party') && kinds.includes('government')) continue;
      ctx.report({
        range: organs[1]!.range,
        message: `${genre}原则上主送一个上级机关（此处主送${organs.length}个机关）；需要其他机关知悉的，宜用抄送`,
      });
    }
    const { sender } = senderOf(ctx);
    for (const b of ctx.structure.byRole('cc')) {
      const start = b.range[0] + (/^\s*抄送[：:]/.exec(text.slice(b.range[0], b.range[1]))?.[0].length ?? 0);
      for (const o of organList(text, start, b.range[1])) {
        const organ = classifyOrgan(o.name);
        const below =
          BELOW_RE.test(organ.name) || relationBetween(sender, organ, ctx.config?.organization) === 'subordinate';
        if (!below) continue;
        ctx.report({
          range: o.range,
          message: `向上级机关行文不抄送下级机关（“${o.name}”）`,
        });
      }
    }
  },
};
