import type { Block } from '../../document/types.js';
import type { Rule, RuleContext } from '../../engine/types.js';

// Request phrases that only a 请示 may carry (条例 §15(4)).
const REQUEST_RE = /(妥否|当否|可否|是否可行|是否妥当)[，,]?\s*请(予)?(批示|批复|审批|指示)|请(予|尽快)?(批准|审批|批复|核准|审定|批示)|望(批准|批复)|盼复|请示如下/g;
const CLOSING_RE = /^(特此|专此)(通知|报告|请示|函告|函复|批复|通报|通告|公告)[。.]?$/;
const CLOSING_GENRE: Record<string, string[]> = {
  通知: ['通知'], 报告: ['报告'], 请示: ['请示'], 函告: ['函'], 函复: ['函'], 批复: ['批复'], 通报: ['通报'], 通告: ['通告'], 公告: ['公告'],
};

/** The 文种 from the title, also when the title wrongly ends with a mark (the title rule reports that). */
function genreOf(ctx: RuleContext): string | undefined {
  const t = (ctx.structure.title ?? '').replace(/[\s\u3000]+/g, '').replace(/[。，；：！？,.;:!?]+$/, '');
  // A mixed 文种 (请示报告) has no one genre: genre/mixed-type reports it and the other genre rules stay quiet.
  if (/(请示报告|报告请示|申请报告|请示函|函请示|意见报告|通知通报)$/.test(t)) return undefined;
  if (ctx.structure.genre) return ctx.structure.genre;
  const m = /(决议|决定|命令|公报|公告|通告|意见|通知|通报|报告|请示|批复|议案|复函|函|纪要)$/.exec(t);
  return m ? (m[1] === '复函' ? '函' : m[1]) : undefined;
}

function bodyBlocks(ctx: RuleContext): Block[] {
  return ctx.structure.blocks.filter((b) => b.role === 'body' || b.role === 'closing' || b.role === 'heading');
}

export const reportRequestRule: Rule = {
  meta: {
    id: 'genre/report-request',
    level: 'error',
    kind: 'code',
    description: '报告等非请示性公文不得夹带请示事项：报告中不应出现“妥否，请批示”“请批准”等请求批复的用语。',
    message: '报告中不得夹带请示事项',
    standard: '《党政机关公文处理工作条例》第十五条',
    examples: {
      bad: [{ text: '某某局关于2024年工作情况的报告\n市政府：\n现将有关情况报告如下。\n妥否，请批示。' }],
      good: ['某某局关于2024年工作情况的报告\n市政府：\n现将有关情况报告如下。\n特此报告。', '某某局关于增加办公经费的请示\n市财政局：\n妥否，请批示。'],
    },
  },
  create(ctx) {
    if (genreOf(ctx) !== '报告') return;
    const text = ctx.text;
    for (const b of bodyBlocks(ctx)) {
      const t = text.slice(b.range[0], b.range[1]);
      REQUEST_RE.lastIndex = 0;
      for (let m = REQUEST_RE.exec(t); m; m = REQUEST_RE.exec(t)) {
        const s = b.range[0] + m.index;
        ctx.report({ range: [s, s + m[0].length], message: `报告中不得夹带请示事项（“${m[0]}”）；需要上级批复的事项应另行请示` });
      }
    }
  },
};

export const closingRule: Rule = {
  meta: {
    id: 'genre/closing',
    level: 'warning',
    kind: 'code',
    description: '结束语应与文种相符：通知用“特此通知”，报告用“特此报告”，请示用“妥否，请批示”等，函用“特此函告”“请函复”。',
    message: '结束语与文种不符',
    standard: '《党政机关公文处理工作条例》第八条（公文写作惯例）',
    fixable: true,
    examples: {
      bad: [{ text: '某某市人民政府关于做好防汛工作的通知\n各区人民政府：\n请认真做好防汛工作。\n特此报告。', fixed: '某某市人民政府关于做好防汛工作的通知\n各区人民政府：\n请认真做好防汛工作。\n特此通知。' }],
      good: ['某某市人民政府关于做好防汛工作的通知\n各区人民政府：\n请认真做好防汛工作。\n特此通知。', '某某市人民政府办公厅关于商请支持的函\n某某大学：\n特此函告。'],
    },
  },
  create(ctx) {
    const genre = genreOf(ctx);
    if (!genre || genre === '意见' || genre === '决定') return;
    const text = ctx.text;
    for (const b of bodyBlocks(ctx)) {
      const t = text.slice(b.range[0], b.range[1]);
      const m = CLOSING_RE.exec(t);
      if (!m) continue;
      const fits = CLOSING_GENRE[m[2]!] ?? [];
      if (fits.includes(genre)) continue;
      // A 通知 forwarding a report may quote its closing; only a closing in the last lines counts.
      if (b.range[1] < text.length - 200) continue;
      const want = genre === '函' ? undefined : CLOSING_GENRE[genre] ? `${m[1]}${genre}` : undefined;
      const s = b.range[0] + m[1]!.length;
      const range = [s, s + m[2]!.length] as const;
      ctx.report({
        range: [b.range[0], b.range[0] + m[1]!.length + m[2]!.length],
        message: `文种是“${genre}”，结束语“${m[1]}${m[2]}”与文种不符${want ? `，宜用“${want}”` : ''}`,
        ...(want ? { fix: { range, text: genre } } : {}),
      });
    }
  },
};

export const requestRule: Rule = {
  meta: {
    id: 'genre/request',
    level: 'warning',
    kind: 'code',
    description: '请示应当一文一事，一般只写一个主送机关，不得抄送下级机关；结尾应有请求批复的用语（如“妥否，请批示”）。',
    message: '请示不符合行文规则',
    standard: '《党政机关公文处理工作条例》第十五条',
    examples: {
      bad: [
        { text: '某某局关于增加办公经费的请示\n市财政局、市发展改革委：\n现请示如下。\n妥否，请批示。' },
        { text: '某某局关于增加办公经费的请示\n市财政局：\n现将有关情况说明如下。\n特此说明。' },
        { text: '某某局关于增加办公经费的请示\n市财政局：\n请批准增加办公经费10万元。\n另恳请批准新购公务用车一辆。\n妥否，请批示。' },
      ],
      good: ['某某局关于增加办公经费的请示\n市财政局：\n现将有关情况说明如下。\n妥否，请批示。'],
    },
  },
  create(ctx) {
    if (genreOf(ctx) !== '请示') return;
    const text = ctx.text;
    for (const b of ctx.structure.byRole('addressee')) {
      const t = text.slice(b.range[0], b.range[1]);
      if (/[、，,]/.test(t)) ctx.report({ range: b.range, message: '请示一般只写一个主送机关，需要同时送其他机关的，应当用抄送形式' });
    }
    const body = bodyBlocks(ctx);
    if (!body.length) return;
    // 一文一事: two sentences asking for approval of different things suggest two requests (a heuristic: info).
    const asks: Array<[number, number]> = [];
    for (const b of body) {
      const t = text.slice(b.range[0], b.range[1]);
      for (const m of t.matchAll(/[^。；！？]*(?:请(?:予|求)?(?:批准|审批|核准)|恳请)[^。；！？]*/g)) asks.push([b.range[0] + m.index!, b.range[0] + m.index! + m[0].length]);
    }
    if (asks.length >= 2) {
      const last = asks[asks.length - 1]!;
      ctx.report({ range: last, message: '请示应当一文一事：正文中有多处请求批准的事项，请确认是否为同一事项', severity: 'info' });
    }
    const tail = text.slice(body[Math.max(0, body.length - 3)]!.range[0], body[body.length - 1]!.range[1]);
    REQUEST_RE.lastIndex = 0;
    if (!REQUEST_RE.test(tail) && !/特此请示|请示如下/.test(tail)) {
      const last = body[body.length - 1]!;
      ctx.report({ range: last.range, message: '请示结尾应有请求批复的用语，如“妥否，请批示。”“当否，请批复。”' });
    }
  },
};
