import type { Rule } from '../../engine/types.js';
import { genreOf } from './common.js';
import { classifyOrgan, organList } from './organs.js';

export const addresseePersonRule: Rule = {
  meta: {
    id: 'genre/addressee-person',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/genre/addressee-person.ts',
    description:
      '请示、报告应主送上级机关，除上级机关负责人直接交办的事项外，不得以本机关名义向上级机关负责人（如“张市长”“李局长”）报送公文。',
    message: '请示、报告不应主送领导个人',
    standard: '《党政机关公文处理工作条例》第十五条（五）',
    examples: {
      bad: [{ text: '青川市教育局关于追加校舍维修经费的请示\n张市长：\n现将有关情况请示如下。\n妥否，请批示。' }],
      good: [
        '青川市教育局关于追加校舍维修经费的请示\n青川市人民政府：\n现将有关情况请示如下。\n妥否，请批示。',
        '青川市人民政府办公室关于召开座谈会的通知\n各区区长：\n请准时参加。\n特此通知。',
      ],
    },
  },
  create(ctx) {
    const genre = genreOf(ctx);
    if (genre !== '请示' && genre !== '报告') return;
    for (const b of ctx.structure.byRole('addressee')) {
      for (const o of organList(ctx.text, b.range[0], b.range[1])) {
        if (classifyOrgan(o.name).kind !== 'person') continue;
        ctx.report({
          range: o.range,
          message: `${genre}应主送上级机关，不应主送领导个人（“${o.name}”）；领导直接交办的事项除外`,
        });
      }
    }
  },
};
