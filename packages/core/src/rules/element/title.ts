import type { Rule } from '../../engine/types.js';
import { DOC_NUMBER_RE } from '../../structure/patterns.js';

const GENRE = '决议|决定|命令|公报|公告|通告|意见|通知|通报|报告|请示|批复|议案|函|纪要';
const NEEDS_GUANYU = /(通知|请示|报告|批复|函|意见|通报)$/;
/**
 * A title run into its 发文字号 (`…的通知国办发明电〔2019〕3号`, as text copied from a web page often is): it has its
 * 文种; what is wrong is the number's place, which has a line of its own above the title.
 */
const NUMBER_AFTER_GENRE_RE = new RegExp(`(?:${GENRE}|令)(${DOC_NUMBER_RE.source})$`, 'u');
/** Endings that name a kind of text but no 文种 of 条例 第八条, with the 文种 that does the job. */
const NON_GENRE_RE =
  /(申请|汇报|工作汇报|情况汇报|总结|计划|方案|规划|要点|讲话|发言|简报|说明|建议|倡议书|公开信|承诺书|告知书|通知书|请示报告)$/;
const SUBSTITUTE: Record<string, string> = {
  申请: '请示',
  汇报: '报告',
  工作汇报: '报告',
  情况汇报: '报告',
  建议: '意见',
};

// 标题 (GB/T 15834-2011 附录 B, 条例 第九条): no final punctuation; 关于…的 + 文种; no doubled 关于 or 的.
export const titleRule: Rule = {
  meta: {
    id: 'element/title',
    level: 'error',
    kind: 'code',
    file: 'packages/core/src/rules/element/title.ts',
    description:
      '公文标题由发文机关名称、事由和文种组成（“××关于××的通知”），以法定文种结尾，事由与文种之间用“的”；标题末尾不用标点，标题中除法规规章名称加书名号外一般不用标点。',
    message: '标题不符合规定',
    standard: 'GB/T 9704-2012 7.3.1；《党政机关公文处理工作条例》第九条；GB/T 15834-2011 附录B',
    scope: ['title'],
    fixable: true,
    examples: {
      bad: [
        {
          text: '某某市人民政府关于做好防汛工作的通知。\n各区人民政府：',
          fixed: '某某市人民政府关于做好防汛工作的通知\n各区人民政府：',
        },
        {
          text: '某某市人民政府关于关于做好防汛工作的通知\n各区人民政府：',
          fixed: '某某市人民政府关于做好防汛工作的通知\n各区人民政府：',
        },
        { text: '某某市人民政府关于做好防汛工作，确保安全度汛的通知\n各区人民政府：' },
        { text: '某某市人民政府防汛工作安排\n各区人民政府：' },
        { text: '某某市人民政府关于做好防汛工作通知\n各区人民政府：' },
        { text: '某某局关于购置执法车辆的申请\n市财政局：' },
      ],
      good: [
        '某某市人民政府关于做好防汛工作的通知\n各区人民政府：',
        '国务院关于印发《国家突发事件总体应急预案》的通知\n各省、自治区、直辖市人民政府：',
      ],
    },
  },
  create(ctx) {
    const blocks = ctx.structure.titleBlocks.filter((b) => b.kind !== 'front-matter');
    if (!blocks.length) return;
    const text = ctx.text;
    // A title comes first, after the 版头 elements only; a line taken for a title further down is prose.
    const first = blocks[0]!.index;
    const HEAD = new Set([
      'copy-number',
      'secrecy',
      'urgency',
      'issuer-mark',
      'doc-number',
      'signer',
      'blank',
      'front-matter',
    ]);
    if (
      ctx.structure.blocks.some(
        (b) => b.index < first && b.range[1] > b.range[0] && !HEAD.has(b.role ?? '') && b.kind !== 'front-matter',
      )
    )
      return;
    // What stands inside 书名号 is the cited work's own title: a sentence citing 《关于…的通知》 is not a title.
    const whole = blocks
      .map((b) => text.slice(b.range[0], b.range[1]))
      .join('')
      .replace(/[\s\u3000]+/g, '')
      .replace(/《[^《》]*》/g, '〓')
      .replace(/《[^《》]*》/g, '〓');
    // A template's prompt (`[此处输入文件标题]`, `{{TITLE}}`, `通知标题`) is no title yet.
    if (/^(?:[[［【][^\]］】]*[\]］】]|\{\{[^{}]*\}\}|\S{0,4}标题)$/.test(whole)) return;
    // Nor is a news agency's dateline above a document it published (`新华社北京9月27日电`).
    if (/^\p{Script=Han}{1,8}社\p{Script=Han}{0,6}\d{1,2}月\d{1,2}日电$/u.test(whole)) return;
    // Whether an addressee stands right below: then the first line heads a 公文 and must read as its title.
    const lastIndex = blocks[blocks.length - 1]!.index;
    const addressed = ctx.structure
      .byRole('addressee')
      .some((a) =>
        ctx.structure.blocks
          .slice(lastIndex + 1, a.index)
          .every((b) => b.role === 'blank' || b.role === 'doc-number' || b.range[1] === b.range[0]),
      );
    // Only a block that reads like a title (关于…, ending in a 文种, or heading an addressee): a first sentence taken
    // for one is left alone.
    if (!addressed && !/关于/.test(whole) && !new RegExp(`(${GENRE}|令)[。，、；：！？,.;:!?]*$`).test(whole)) return;
    if (/。./.test(whole) || (/[。.]$/.test(whole) && /[，；：,;:]/.test(whole))) return;
    const last = blocks[blocks.length - 1]!;
    const [ls, le] = last.range;
    const end = /[。，、；：！？,.;:!?]+$/.exec(text.slice(ls, le));
    if (end) {
      const range = [le - end[0].length, le] as const;
      ctx.report({ range, message: `标题末尾不应使用标点“${end[0]}”`, fix: { range, text: '' } });
    }
    for (const b of blocks) {
      const [s, e] = b.range;
      const t = text.slice(s, e);
      for (const m of t.matchAll(/关于关于|的的/g)) {
        const at = s + m.index!;
        ctx.report({
          range: [at, at + m[0].length],
          message: `标题中“${m[0]}”重复`,
          fix: { range: [at, at + m[0].length], text: m[0].slice(0, m[0].length / 2) },
        });
      }
      const body = b === last && end ? t.slice(0, -end[0].length) : t;
      for (const m of body.matchAll(/[，。；：！？]/g)) {
        const at = s + m.index!;
        ctx.report({ range: [at, at + 1], message: `标题中一般不用“${m[0]}”等标点`, severity: 'warning' });
      }
    }
    const title = (ctx.structure.title ?? '').replace(/[\s\u3000]+/g, '').replace(/[。，；：！？]+$/, '');
    const span = [blocks[0]!.range[0], last.range[1]] as const;
    const bare = whole.replace(/[。，、；：！？,.;:!?]+$/, '');
    // 条例 第九条（七）: 发文机关名称、事由和文种. A title above an addressee heads a 公文, which needs a 文种.
    // A word or two (证明, 说明) names a kind of paper, not a 公文 title.
    const numbered = addressed ? NUMBER_AFTER_GENRE_RE.exec(bare) : null;
    if (numbered) {
      ctx.report({
        range: span,
        message: `标题后连写了发文字号“${numbered[1]}”：发文字号应单独成行，编排在标题之上`,
        severity: 'warning',
        standard: 'GB/T 9704-2012 7.2.5、7.3.1',
      });
    } else if (addressed && bare.length >= 5 && !new RegExp(`(${GENRE}|令|命令)$`).test(bare)) {
      const other = NON_GENRE_RE.exec(bare);
      ctx.report({
        range: span,
        message: other
          ? `“${other[1]}”不是法定文种，标题应以法定文种结尾${SUBSTITUTE[other[1]!] ? `（宜用“${SUBSTITUTE[other[1]!]}”）` : ''}`
          : '标题缺少文种：标题由发文机关名称、事由和文种组成，应以“通知”“请示”“报告”“函”等法定文种结尾',
        severity: 'warning',
        standard: '《党政机关公文处理工作条例》第八条、第九条（七）；GB/T 9704-2012 7.3.1',
      });
    } else if (/关于/.test(bare) && !new RegExp(`的\\p{Script=Han}{0,4}(?:${GENRE})$`, 'u').test(bare)) {
      // 关于 + 事由 + 的 + 文种 (the 文种 may carry a qualifier: 的若干意见, 的实施意见, 的紧急通知): a 事由 run
      // straight into the 文种 (`关于做好防汛工作通知`).
      const g = new RegExp(`(?:${GENRE})$`).exec(bare);
      if (g && !/^(?:印发|转发|批转)/.test(bare.slice(bare.lastIndexOf('关于') + 2))) {
        ctx.report({
          range: span,
          message: `标题中事由与文种之间应有“的”（“××关于××的${g[0]}”）`,
          severity: 'warning',
          standard: 'GB/T 9704-2012 7.3.1；《党政机关公文处理工作条例》第九条（七）',
        });
      }
    }
    if (
      NEEDS_GUANYU.test(title) &&
      !/关于/.test(title) &&
      !/^(转发|印发|批转)/.test(title) &&
      new RegExp(`(${GENRE})$`).test(title)
    ) {
      ctx.report({
        range: [blocks[0]!.range[0], last.range[1]],
        message: '标题一般由发文机关、事由和文种组成，事由前宜用“关于”（“××关于××的通知”）',
        severity: 'info',
      });
    }
  },
};
