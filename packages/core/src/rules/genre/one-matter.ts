import type { Rule } from '../../engine/types.js';
import { headingLevel } from '../../structure/patterns.js';
import { bodyBlocks, genreOf } from './common.js';

// A numbered item that is itself a request: 一、拟申请…, （二）申请…, 2.恳请….
const ITEM_ASK_RE =
  /^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[.．、]|[（(]\d{1,2}[）)])\s*(?:关于)?(?:拟申请|拟请|申请|请求|恳请|拟)(?:[^，。；]{0,6})?(?:批准|同意|增加|追加|设立|购置|拨付|调整|新建|扩建|建设|举办|开展|招聘|增设|核拨|安排|解决|配备|实施|成立|变更|撤销|延长|减免|改造|修缮|采购|租赁|更名)/;
// Two matters joined in the title: 关于追加经费和购置公务用车的请示. The second must start with an action of its own.
const TITLE_TWO_RE =
  /关于.+?(?:和|及|以及|并|、|与)(申请|购置|增加|追加|设立|调整|拨付|新建|扩建|建设|举办|开展|招聘|增设|核拨|安排|解决|配备|实施|成立|变更|撤销|延长|减免|改造|修缮|采购|租赁|更名)[^的]*的请示$/;

// A sentence that asks for something.
const ASK_RE = /拟申请|申请|恳请|请求|拟请|请(?:予)?(?:批准|审批|核准)/;
// A further request added on: 另恳请…, 同时拟申请…, 此外还请求….
const MORE_RE =
  /^(?:[，,\s]*)(?:另外|另|同时|此外|再者|还)[^。；]{0,6}?(?:拟申请|申请|恳请|请求|拟请|请(?:予)?(?:批准|审批|核准))|(?:另|还|同时)(?:拟|需)?(?:申请|恳请|请求)/;

export const oneMatterRule: Rule = {
  meta: {
    id: 'genre/one-matter',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/genre/one-matter.ts',
    description:
      '请示应当一文一事：一份请示只请求批准一个事项。标题用“和”“及”连接两个事项，或正文分条提出几项不同的申请（“一、拟申请……二、拟申请……”），应分别行文。',
    message: '请示应当一文一事',
    standard: '《党政机关公文处理工作条例》第十五条（四）',
    examples: {
      bad: [
        { text: '青川市教育局关于追加维修经费和购置校车的请示\n青川市人民政府：\n现请示如下。\n妥否，请批示。' },
        {
          text: '青川市教育局关于有关事项的请示\n青川市人民政府：\n一、拟申请追加校舍维修经费860万元。\n二、拟申请购置校车12辆。\n妥否，请批示。',
        },
        {
          text: '某某局关于增加办公经费的请示\n市财政局：\n请批准增加办公经费10万元。\n另恳请批准新购公务用车一辆。\n妥否，请批示。',
        },
      ],
      good: [
        '青川市教育局关于追加校舍维修经费的请示\n青川市人民政府：\n一、维修范围\n二、经费测算\n妥否，请批示。',
        '青川市民政局关于成立社会救助工作领导小组及办公室的请示\n青川市人民政府：\n现请示如下。\n妥否，请批示。',
      ],
    },
  },
  create(ctx) {
    if (genreOf(ctx) !== '请示') return;
    const text = ctx.text;
    const title = ctx.structure.titleBlocks;
    if (title.length) {
      const t = (ctx.structure.title ?? '').replace(/[\s\u3000]+/g, '');
      const m = TITLE_TWO_RE.exec(t);
      if (m)
        ctx.report({
          range: [title[0]!.range[0], title[title.length - 1]!.range[1]],
          message: `请示应当一文一事：标题含两个事项（“……${m[1]}……”），宜分别请示`,
        });
    }
    let asks = 0;
    let sentenceAsks = 0;
    for (const b of bodyBlocks(ctx)) {
      const raw = text.slice(b.range[0], b.range[1]);
      const t = raw.trim();
      if (headingLevel(t) && ITEM_ASK_RE.test(t)) {
        if (++asks < 2) continue;
        const s = b.range[0] + raw.indexOf(t[0]!);
        ctx.report({
          range: [s, Math.min(b.range[1], s + Math.min(t.length, 20))],
          message: '请示应当一文一事：正文分条提出了另一项申请，不同事项宜分别请示',
        });
        continue;
      }
      // Sentence by sentence: a request added to an earlier one (另恳请批准…) is a second matter.
      let from = 0;
      for (let i = 0; i <= raw.length; i++) {
        if (i < raw.length && !/[。；！？]/.test(raw[i]!)) continue;
        const sentence = raw.slice(from, i);
        if (ASK_RE.test(sentence)) {
          const more = sentenceAsks > 0 ? MORE_RE.exec(sentence) : null;
          sentenceAsks++;
          if (more) {
            const s = b.range[0] + from + more.index;
            ctx.report({
              range: [s, s + more[0].length],
              message: '请示应当一文一事：正文在前一项请求之外又提出了另一项请求，不同事项宜分别请示',
            });
          }
        }
        from = i + 1;
      }
    }
  },
};
