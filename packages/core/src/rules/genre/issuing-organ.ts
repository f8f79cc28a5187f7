import type { Rule } from '../../engine/types.js';
import { genreOf } from './common.js';
import { partiesOf } from './organs.js';

// 经市政府同意 / 经县人民政府批准 / 受省政府委托: the government's consent the 条例 asks a department to state.
export const CONSENT_RE =
  /经(?:[\p{Script=Han}]{0,8})?(?:人民)?政府(?:同意|批准|授权)|受(?:[\p{Script=Han}]{0,8})?政府委托|根据(?:[\p{Script=Han}]{0,8})?政府授权/u;
export const DIRECTIVE_GENRES = new Set(['通知', '决定', '通报', '意见']);

export const issuingOrganRule: Rule = {
  meta: {
    id: 'genre/issuing-organ',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/genre/issuing-organ.ts',
    description:
      '部门内设机构除办公厅（室）外不得对外正式行文；除办公厅（室）经授权外，政府部门不得向下级人民政府发布指令性公文，需经政府审批的事项经政府同意后由部门行文的，文中须注明“经××政府同意”。',
    message: '发文机关无权以此种方式行文',
    standard: '《党政机关公文处理工作条例》第十六条（二）、第十七条',
    examples: {
      bad: [
        {
          text: '青川市教育局基础教育科关于做好秋季开学工作的通知\n各区教育局：\n请认真做好秋季开学准备工作。\n特此通知。',
        },
        {
          text: '青川市生态环境局关于开展大气污染防治专项检查的通知\n各区人民政府：\n请于6月底前完成自查。\n特此通知。',
        },
      ],
      good: [
        '青川市教育局办公室关于做好秋季开学工作的通知\n各区教育局：\n请认真做好秋季开学准备工作。\n特此通知。',
        '青川市生态环境局关于开展大气污染防治专项检查的通知\n各区人民政府：\n经市人民政府同意，现就有关事项通知如下。\n特此通知。',
        '青川市生态环境局关于开展大气污染防治专项检查的通知\n各区生态环境局：\n请于6月底前完成自查。\n特此通知。',
      ],
    },
  },
  create(ctx) {
    const genre = genreOf(ctx);
    if (!genre) return;
    const parties = partiesOf(ctx);
    const sender = parties.sender;
    if (!sender) return;
    const text = ctx.text;
    const where = ctx.structure.titleBlocks[0]?.range ?? ctx.structure.byRole('signature')[0]?.range;
    if (sender.kind === 'internal' && where && parties.recipients.length) {
      // Writing inside its own department (局机关各科室, 本局各处室) is not 对外.
      const inside = parties.recipients.every((r) => /^(本|局机关|委机关|厅机关|机关各)/.test(r.name));
      if (!inside)
        ctx.report({
          range: where,
          message: `“${sender.name}”是部门内设机构，除办公厅（室）外不得对外正式行文（条例 第十七条）；宜以部门名义行文`,
          standard: '《党政机关公文处理工作条例》第十七条',
        });
      return;
    }
    if (sender.kind !== 'department' || !DIRECTIVE_GENRES.has(genre)) return;
    // A government below the department's own: 各区人民政府 from a 市 department, 临江县人民政府 from a 市 department.
    // Not the 乡镇: they have no departments a county bureau could write to instead (条例 第十六条（三）), so county
    // bureaus address them directly in everyday practice.
    const governments = parties.recipients.filter((r) => {
      if (/(乡|镇|街道)/.test(r.name)) return false;
      if (r.kind === 'collective') return /(人民政府|政府)$/.test(r.name);
      return r.kind === 'government' && r.level !== undefined && sender.level !== undefined && r.level > sender.level;
    });
    if (!governments.length) return;
    for (const b of ctx.structure.blocks) {
      if (b.role !== 'body' && b.role !== 'heading' && b.role !== 'closing') continue;
      if (CONSENT_RE.test(text.slice(b.range[0], b.range[1]))) return;
    }
    const g = governments[0]!;
    ctx.report({
      range: g.range,
      message: `政府部门（“${sender.name}”）不得向下级人民政府（“${g.name}”）发布指令性公文；需经政府审批的事项经政府同意后行文的，文中须注明“经××人民政府同意”`,
      standard: '《党政机关公文处理工作条例》第十六条（二）',
    });
  },
};
