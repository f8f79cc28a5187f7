import type { OrganizationConfig } from '../engine/config.js';
import { DRAFT_TEMPLATES, findDraftTemplate } from '../drafts/index.js';
import { closingsOf } from '../rules/genre/closing.js';
import { CONSENT_RE, DIRECTIVE_GENRES } from '../rules/genre/issuing-organ.js';
import { classifyOrgan, relationBetween, type Organ, type Relation } from '../rules/genre/organs.js';
import { factsIn, type FactKind } from './facts.js';

// The plan of a draft, made without a model: which 文种 the request calls for given who writes to whom, what the
// materials state (each fact with the file and line it comes from), and whether the sender may write it at all.

/** A source material as text (the Node layer reads files into this). */
export interface Material {
  /** As the user named it (shown in the plan and the draft's front matter). */
  name: string;
  text: string;
}

export interface PlanInput {
  /** What the drafter asks for, in their words. */
  request: string;
  /** `--genre`: the 文种 asked for (the plan may choose another and says why). */
  genre?: string;
  /** `--from`: the 发文机关. */
  from?: string;
  /** `--to`: the 主送机关 (several separated by 、 or ，). */
  to?: string;
  materials: readonly Material[];
  /** The config's `organization` (superiors and subordinates by name). */
  organization?: OrganizationConfig;
}

export interface PlannedFact {
  kind: FactKind;
  text: string;
  source: { file: string; line: number };
}

export interface DraftPlan {
  /** The 文种 to write (复函 is a 函 that answers). */
  genre: string;
  /** The 文种 the request or `--genre` named, when it named one. */
  asked?: string;
  /** Why the chosen 文种 differs from the one asked for (with the clause). */
  reason?: string;
  direction: '上行文' | '下行文' | '平行文';
  format: '通用' | '信函' | '命令' | '纪要';
  from?: string;
  to: string[];
  /** How the sender stands to the (first) recipient, when it can be told. */
  relation?: Relation;
  /** 开头 (缘由), 主体 and the 文种's closing. */
  structure: { opening: string; body: string; closing: string[] };
  facts: PlannedFact[];
  /** The materials hold a decision (同意、批准、决定、会议研究); a draft may state one only then. */
  decisions: boolean;
  /** What the materials do not give and the draft leaves as 【待补：…】. */
  missing: string[];
  /** The request is out of the sender's authority: no draft is written. */
  refusal?: { message: string; clause: string };
}

const GENRES = DRAFT_TEMPLATES.map((t) => t.genre);
const GENRE_WORD_RE = /(请示|报告|通知|通报|批复|复函|函|纪要|意见|决定|公告|通告|议案|决议|命令|公报)/g;
const ANSWER_RE = /(答复|回复|批复|复函|函复|回函|答复意见)/;
const MEETING_RE = /(纪要|会议议定|议定事项|会议决定事项|整理[^，。]{0,12}会议|会议[^，。]{0,8}(主要情况|研究事项))/;
const APPROVAL_RE =
  /(申请|请求|恳请|报请|请示|审批|批准|核准|立项|追加|拨付|拨款|划拨|给予[^，。]{0,8}(支持|补助|资金)|安排[^，。]{0,8}(资金|经费|编制)|解决[^，。]{0,10}(资金|经费|编制|用地))/;
const REPORT_RE = /(报告|汇报|反映|总结|进展|完成情况|工作情况|有关情况)/;
const DEPLOY_RE = /(部署|安排|开展|做好|组织|落实|执行|布置|印发|转发|要求各)/;
const CONSULT_RE = /(商请|商洽|协商|协助|配合|联系|征求|询问|咨询|支持)/;

/** 第八条（十一）: the item of the 条例 that says what a 文种 is for (the templates follow its order). */
function clauseOf(genre: string): string {
  const i = GENRES.indexOf(genre === '复函' ? '函' : genre);
  const cn = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五'];
  return i >= 0 ? `条例 第八条（${cn[i]}）` : '条例 第八条';
}

/** 市政府 → 市人民政府: the organ model knows the full names. */
function fullName(name: string): string {
  return name.replace(/^(.{0,8}?(?:省|市|县|区|州|旗))政府/, '$1人民政府');
}

function organ(name: string | undefined): Organ | undefined {
  return name?.trim() ? classifyOrgan(fullName(name.trim())) : undefined;
}

/** The 文种 a request names (the last one it asks to write, not the one it answers). */
function askedGenre(request: string, genre: string | undefined): string | undefined {
  if (genre?.trim()) {
    const g = genre.trim();
    if (g === '复函') return g;
    return findDraftTemplate(g)?.genre ?? g;
  }
  // 答复县教育局关于……的请示: the 请示 is what is answered, not what is written.
  const words = [...request.matchAll(GENRE_WORD_RE)].filter((m) => {
    const before = request.slice(Math.max(0, m.index - 12), m.index);
    return !/(关于[^，。]*的?|的|来|对)$/.test(before) || /(起草|写|拟|撰写|形成|制发|印发)[^，。]*$/.test(before);
  });
  const last = words[words.length - 1]?.[1];
  return last;
}

/** The 文种 a material is (its first non-empty line ends with it), for answers. */
function materialGenre(text: string): string | undefined {
  for (const line of text.split('\n').slice(0, 8)) {
    const t = line.replace(/[#\s\u3000*]/g, '');
    if (!t || t.startsWith('---')) continue;
    const m = /(请示|函)$/.exec(t);
    if (m) return m[1];
  }
  return undefined;
}

function directionOf(genre: string, relation: Relation | undefined): DraftPlan['direction'] {
  const t = findDraftTemplate(genre === '复函' ? '函' : genre);
  if (genre === '请示' || genre === '报告' || genre === '议案') return '上行文';
  if (genre === '函' || genre === '复函') return '平行文';
  if (relation === 'superior') return '上行文';
  if (relation === 'peer' || relation === 'unrelated') return '平行文';
  return t?.direction ?? '下行文';
}

const STRUCTURE: Record<string, { opening: string; body: string }> = {
  请示: {
    opening: '开头写请示的缘由（依据、背景、必要性），以“现将有关事项请示如下：”过渡',
    body: '主体写请示事项：请求批准或解决的具体事项、数额和理由，一文一事',
  },
  报告: {
    opening: '开头概述报告的缘由和总体情况，以“现将有关情况报告如下：”过渡',
    body: '主体写工作情况、做法成效、存在问题和下一步打算；不夹带请示事项',
  },
  通知: {
    opening: '开头写发文的依据和目的，以“现将有关事项通知如下：”过渡',
    body: '主体分条写明要求下级机关执行或周知的事项、时限和责任单位',
  },
  通报: { opening: '开头写通报的缘由', body: '主体写通报的情况、分析和要求' },
  函: {
    opening: '开头写发函的缘由，以“现将有关事项函告如下：”过渡',
    body: '主体写商洽、询问或请求批准的具体事项',
  },
  复函: {
    opening: '开头引述来函标题（和发文字号）并写“收悉”，以“现函复如下：”过渡',
    body: '主体逐项答复来函所询事项',
  },
  批复: {
    opening: '开头引述所答复请示的标题（和发文字号）并写“收悉。经研究，现批复如下：”',
    body: '主体写答复意见（同意、不同意或部分同意及要求）；材料中没有的答复意见不得编写',
  },
  纪要: {
    opening: '开头写会议的时间、地点、主持人、出席人员和议题',
    body: '主体逐项写会议议定事项（“会议认为”“会议决定”“会议要求”）',
  },
  意见: { opening: '开头写制发意见的依据和目的', body: '主体分条写见解和处理办法' },
  决定: { opening: '开头写决定的依据和目的', body: '主体写决定事项' },
};

/** The 待补 items a 文种 needs and the materials may not give. */
function missingFor(genre: string, text: string, decisions: boolean): string[] {
  const out: string[] = [];
  if (genre === '批复' && !decisions) out.push('答复意见');
  if ((genre === '批复' || genre === '复函') && !/(请示|函)》?/.test(text)) out.push('来文标题和发文字号');
  if (genre === '纪要' && !/(主持|出席)/.test(text)) out.push('会议时间、主持人和出席人员');
  if ((genre === '请示' || genre === '函') && !/(联系人|联系电话)/.test(text)) out.push('联系人和联系电话');
  return out;
}

/** What the sender may not write to these recipients (条例 第十六条（二）、第十七条), if anything. */
function authorityProblem(
  sender: Organ | undefined,
  recipients: Organ[],
  genre: string,
  consent: boolean,
): DraftPlan['refusal'] {
  if (!sender?.kind || !recipients.length) return undefined;
  if (sender.kind === 'internal') {
    const inside = recipients.every((r) => /^(本|局机关|委机关|厅机关|机关各)/.test(r.name));
    if (!inside)
      return {
        message: `“${sender.name}”是部门内设机构，除办公厅（室）外不得对外正式行文；请以所在部门的名义起草（由部门发文）`,
        clause: '《党政机关公文处理工作条例》第十七条',
      };
  }
  if (sender.kind === 'department' && DIRECTIVE_GENRES.has(genre) && !consent) {
    const gov = recipients.find((r) =>
      /(乡|镇|街道)/.test(r.name)
        ? false
        : r.kind === 'collective'
          ? /(人民政府|政府)$/.test(r.name)
          : r.kind === 'government' && r.level !== undefined && sender.level !== undefined && r.level > sender.level,
    );
    if (gov)
      return {
        message: `政府部门（“${sender.name}”）不得向下级人民政府（“${gov.name}”）发布指令性公文；可向下级政府的相关部门行文，或报请本级政府同意后行文并在文中注明“经××人民政府同意”（材料和要求中均未见政府同意）`,
        clause: '《党政机关公文处理工作条例》第十六条（二）',
      };
  }
  return undefined;
}

/** Splits `--to` into organ names (各县（市、区）人民政府 stays one). */
export function splitRecipients(to: string | undefined): string[] {
  if (!to) return [];
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of to) {
    if (c === '（' || c === '(') depth++;
    else if (c === '）' || c === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && /[、，,；;]/.test(c)) {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) out.push(cur.trim().replace(/[：:]$/, ''));
  return out;
}

/** Plans a draft (no model): 文种, direction, facts with their sources, refusal. Linear in the materials. */
export function planDraft(input: PlanInput): DraftPlan {
  const request = input.request.trim();
  const to = splitRecipients(input.to);
  const sender = organ(input.from);
  const recipients = to.map((t) => organ(t)!);
  // A 处/科 stands where its department stands (and is refused below if it writes outside).
  const standing =
    sender?.kind === 'internal'
      ? organ(sender.name.replace(/(?<=(?:局|委|厅|部|办|委员会))[\p{Script=Han}]{1,10}(?:处|科|股|室)$/u, ''))
      : sender;
  const relation = standing && recipients[0] ? relationBetween(standing, recipients[0], input.organization) : undefined;
  const asked = askedGenre(request, input.genre);
  const all = input.materials.map((m) => m.text).join('\n');

  const answered = input.materials.map((m) => materialGenre(m.text)).find(Boolean);
  const answering = ANSWER_RE.test(request) || (answered !== undefined && /(答复|回复|回应|批复)/.test(request));
  const approval = APPROVAL_RE.test(request);
  let genre: string;
  let why: string | undefined;
  if (MEETING_RE.test(request) || asked === '纪要') {
    genre = '纪要';
  } else if (answering || asked === '批复' || asked === '复函') {
    // A 批复 goes only down: an organ at the sender's level or above, outside its line, is answered by 复函.
    const notBelow =
      relation === undefined &&
      sender?.level !== undefined &&
      recipients[0]?.level !== undefined &&
      recipients[0].level <= sender.level;
    const toLetter =
      asked === '复函' ||
      notBelow ||
      answered === '函' ||
      /来函|函询|函商/.test(request) ||
      relation === 'peer' ||
      relation === 'unrelated';
    genre = toLetter ? '复函' : '批复';
    if (genre === '批复' && relation === 'superior') why = '答复上级机关的询问用报告（条例 第八条（十））';
    if (why) genre = '报告';
  } else if (relation === 'superior') {
    if (approval) genre = '请示';
    else genre = asked === '请示' ? '请示' : asked === '议案' ? '议案' : '报告';
  } else if (relation === 'peer' || relation === 'unrelated') {
    genre = '函';
  } else if (relation === 'subordinate') {
    genre = asked && ['通知', '通报', '意见', '决定', '通告', '公告', '批复'].includes(asked) ? asked : '通知';
  } else if (asked && GENRES.includes(asked === '复函' ? '函' : asked)) {
    genre = asked === '报告' && approval ? '请示' : asked;
  } else if (approval) genre = '请示';
  else if (CONSULT_RE.test(request)) genre = '函';
  else if (REPORT_RE.test(request)) genre = '报告';
  else if (DEPLOY_RE.test(request)) genre = '通知';
  else genre = '通知';

  if (asked && asked !== genre && !(asked === '函' && genre === '复函')) {
    const relWord =
      relation === 'superior'
        ? `“${to[0]}”是“${input.from}”的上级机关`
        : relation === 'subordinate'
          ? `“${to[0]}”是“${input.from}”的下级机关`
          : relation === 'peer' || relation === 'unrelated'
            ? `“${input.from}”与“${to[0]}”${relation === 'peer' ? '是平级机关' : '不相隶属'}`
            : '';
    if (!why) {
      if (genre === '请示' && asked === '报告')
        why = `要求中有请求批准或拨付资金的事项，应当用请示；报告中不得夹带请示事项（条例 第十五条（四）、${clauseOf('请示')}）`;
      else if (genre === '函')
        why = `${relWord}，不相隶属机关之间商洽工作、询问答复、请求批准和答复审批事项用函（${clauseOf('函')}）`;
      else if (genre === '复函') why = `答复不相隶属机关的来函用复函（${clauseOf('函')}）`;
      else if (genre === '批复') why = `答复下级机关的请示事项用批复（${clauseOf('批复')}）`;
      else if (genre === '报告') why = `${relWord}，只汇报工作、反映情况而不请求批准的，用报告（${clauseOf('报告')}）`;
      else if (genre === '请示') why = `${relWord}，请求上级机关指示、批准用请示（${clauseOf('请示')}）`;
      else if (genre === '通知') why = `${relWord}，要求下级机关执行或周知的事项用通知（${clauseOf('通知')}）`;
      else if (genre === '纪要') why = `记载会议主要情况和议定事项用纪要（${clauseOf('纪要')}）`;
      else why = `按行文关系应当用${genre}（${clauseOf(genre)}）`;
    }
  }

  const facts: PlannedFact[] = [];
  let decisions = false;
  for (const m of input.materials) {
    const lineStarts = [0];
    for (let i = m.text.indexOf('\n'); i >= 0; i = m.text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
    let li = 0;
    const seen = new Set<string>();
    for (const f of factsIn(m.text)) {
      while (li + 1 < lineStarts.length && lineStarts[li + 1]! <= f.range[0]) li++;
      if (f.kind === 'decision') decisions = true;
      const k = `${f.kind}\u0000${f.text}`;
      if (seen.has(k)) continue;
      seen.add(k);
      facts.push({ kind: f.kind, text: f.text, source: { file: m.name, line: li + 1 } });
    }
  }

  const consent = CONSENT_RE.test(request) || CONSENT_RE.test(all);
  const refusal = authorityProblem(sender, recipients, genre, consent);
  const t = findDraftTemplate(genre === '复函' ? '函' : genre);
  const s = STRUCTURE[genre] ?? { opening: '开头写发文缘由', body: '主体写具体事项' };
  return {
    genre,
    ...(asked ? { asked } : {}),
    ...(why ? { reason: why } : {}),
    direction: directionOf(genre, relation),
    format: t?.format ?? '通用',
    ...(input.from ? { from: input.from.trim() } : {}),
    to,
    ...(relation ? { relation } : {}),
    structure: {
      ...s,
      // A 复函 answers: 特此函复 before the 函's other closings.
      closing:
        genre === '复函' ? ['特此函复', ...closingsOf(genre).filter((c) => c !== '特此函复')] : closingsOf(genre),
    },
    facts,
    decisions,
    missing: missingFor(genre, all, decisions),
    ...(refusal ? { refusal } : {}),
  };
}
