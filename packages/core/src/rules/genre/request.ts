import type { Rule } from '../../engine/types.js';
import { REQUEST_RE, bodyBlocks, genreOf } from './common.js';

const ASK_RE = /请(?:予|求)?(?:批准|审批|核准)|恳请/;

function* sentenceEnds(t: string): Generator<number> {
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (c === '。' || c === '；' || c === '！' || c === '？') yield i;
  }
}

export const requestRule: Rule = {
  meta: {
    id: 'genre/request',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/genre/request.ts',
    description:
      '请示结尾应有请求批复的用语（如“妥否，请批示”）。主送、抄送见 genre/upward-recipients，一文一事见 genre/one-matter。',
    message: '请示不符合行文规则',
    standard: '《党政机关公文处理工作条例》第十五条',
    examples: {
      bad: [
        { text: '某某局关于增加办公经费的请示\n市财政局：\n现将有关情况说明如下。\n特此说明。' },
        {
          text: '某某局关于增加办公经费的请示\n市财政局：\n请批准增加办公经费10万元。\n另恳请批准新购公务用车一辆。\n妥否，请批示。',
        },
      ],
      good: ['某某局关于增加办公经费的请示\n市财政局：\n现将有关情况说明如下。\n妥否，请批示。'],
    },
  },
  create(ctx) {
    if (genreOf(ctx) !== '请示') return;
    const text = ctx.text;
    const body = bodyBlocks(ctx);
    if (!body.length) return;
    // 一文一事: two sentences asking for approval of different things suggest two requests (a heuristic: info).
    const asks: Array<[number, number]> = [];
    for (const b of body) {
      // Each sentence that asks for approval, sentence by sentence: the one regex over the paragraph,
      // /[^。；！？]*(?:…)[^。；！？]*/g, re-read the sentence from every start (quadratic on a long one).
      const t = text.slice(b.range[0], b.range[1]);
      let from = 0;
      for (const end of [...sentenceEnds(t), t.length]) {
        if (ASK_RE.test(t.slice(from, end))) asks.push([b.range[0] + from, b.range[0] + end]);
        from = end + 1;
      }
    }
    if (asks.length >= 2) {
      const last = asks[asks.length - 1]!;
      ctx.report({
        range: last,
        message: '请示应当一文一事：正文中有多处请求批准的事项，请确认是否为同一事项',
        severity: 'info',
      });
    }
    const tail = text.slice(body[Math.max(0, body.length - 3)]!.range[0], body[body.length - 1]!.range[1]);
    REQUEST_RE.lastIndex = 0;
    if (!REQUEST_RE.test(tail) && !/特此请示|请示如下/.test(tail)) {
      const last = body[body.length - 1]!;
      ctx.report({ range: last.range, message: '请示结尾应有请求批复的用语，如“妥否，请批示。”“当否，请批复。”' });
    }
  },
};
