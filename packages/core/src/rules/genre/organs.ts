import type { Range } from '../../document/types.js';
import type { RuleContext } from '../../engine/types.js';
import type { OrganizationConfig } from '../../engine/config.js';
import { genreOf } from './common.js';

// Who writes to whom (行文关系, 条例 第十三条至第十七条): the sending organ, the organs addressed, and the relation
// between them — from the config's `organization` block where it names them, else guessed from organ names
// (人民政府 / 办公厅 / 局 / 处 and the place before them). Every guess here is a heuristic: the rules built on it warn.

export type OrganKind =
  | 'government' // 人民政府, 街道办事处
  | 'office' // 办公厅（室）: may write on behalf of its government or department
  | 'department' // 局、委、厅、部、办 of a government or party committee
  | 'internal' // 处、科、室、股 inside a department
  | 'party' // 党委 (X委 of a place: 市委、县委)
  | 'congress' // 人大常委会, 政协
  | 'unit' // 学校、医院、公司… (事业单位, 企业)
  | 'collective' // 各区人民政府, 所属各单位: the organs below, as a group
  | 'person'; // 张市长, 李局长

/** 0 national, 1 province, 2 city (地级), 3 county, 4 township. */
export type OrganLevel = 0 | 1 | 2 | 3 | 4;

export interface Organ {
  name: string;
  kind?: OrganKind;
  level?: OrganLevel;
  /** The place it belongs to (青川市, 临江县), when named. */
  place?: string;
}

export type Relation = 'superior' | 'subordinate' | 'peer' | 'unrelated';

const PERSON_RE =
  /(书记|省长|市长|县长|区长|州长|旗长|镇长|乡长|主任|部长|厅长|局长|处长|科长|主席|秘书长|总经理|董事长|领导|同志)$/;
const COLLECTIVE_RE = /^(各|所属|下属|直属|本(局|委|厅|部|办|系统)|[局委厅部办]属|全(市|县|区|省)各)/;
// 内设机构: a 处/科/室/股 named after a department; its 办公室 is allowed to write for the department (条例 第十七条).
const INTERNAL_RE = /(局|委|厅|部|办|委员会)[\p{Script=Han}]{1,10}(处|科|股|(?<!办公)室)$/u;
const UNIT_RE =
  /(大学|学院|学校|中学|小学|幼儿园|医院|公司|集团|银行|研究院|研究所|协会|学会|商会|联合会|基金会|工会|妇联|残联|科协|工商联|红十字会|团委|中心|馆|站|所)$/;
// Units that no government department directs: a 函 to them is to an organ of another line (不相隶属).
const OTHER_LINE_RE =
  /(大学|学院|公司|集团|银行|协会|学会|商会|联合会|工会|妇联|残联|科协|工商联|红十字会|团委|研究院)$/;
const NATIONAL_RE = /^(国务院|中共中央|中央|全国|国家|中华人民共和国|最高人民|[^\s市县区省]{1,4}部$)/;

const LEVEL_OF: Record<string, OrganLevel> = {
  省: 1,
  自治区: 1,
  市: 2,
  州: 2,
  自治州: 2,
  盟: 2,
  地区: 2,
  县: 3,
  自治县: 3,
  旗: 3,
  区: 3,
  镇: 4,
  乡: 4,
  街道: 4,
};

// A place at the start of a name: a proper name and its tier (青川市, 临江县), or the tier alone (市财政局, 县政府). The
// tier words inside organ names are not places: 市场监督管理局, 城市管理局, 市政, 住房和城乡建设局, 乡村振兴局, 区域.
const PLACE_RE =
  /^((?:[^\s\u3000局委厅部办院会处科室府、，：:]{1,7}?)?(自治区|自治州|自治县|省|(?<!城)市(?![场政容])|州|盟|县(?!域)|旗|区(?![域划])|镇|(?<!城)乡(?![村镇])|街道))/u;

function placeOf(name: string): { place: string; level: OrganLevel; rest: string } | undefined {
  let rest = name;
  let last: { place: string; level: OrganLevel; rest: string } | undefined;
  // 青川市临江县人民政府: the last place of the chain is the organ's own.
  for (let i = 0; i < 3; i++) {
    const m = PLACE_RE.exec(rest);
    if (!m) break;
    const after = rest.slice(m[1]!.length);
    // 市委 is the party committee of the 市, not a place called 市委…; stop before the organ's own word.
    if (!after) break;
    last = { place: m[1]!, level: LEVEL_OF[m[2]!]!, rest: after };
    rest = after;
  }
  return last;
}

/** What an organ name says about the organ (the name without spaces and a trailing colon). */
// The same few names (addressees, the sender) are classified by several rules per document and again per document
// of an archive: answers kept, frozen since they are shared, and forgotten wholesale when many.
const classified = new Map<string, Readonly<Organ>>();

export function classifyOrgan(raw: string): Readonly<Organ> {
  let organ = classified.get(raw);
  if (!organ) {
    if (classified.size >= 4096) classified.clear();
    organ = Object.freeze(classify(raw));
    classified.set(raw, organ);
  }
  return organ;
}

function classify(raw: string): Organ {
  const name = raw.replace(/[\s\u3000：:。]+/g, '');
  const organ: Organ = { name };
  if (!name) return organ;
  if (PERSON_RE.test(name) && !/(委员会|办公室|中心)$/.test(name)) return { ...organ, kind: 'person' };
  if (COLLECTIVE_RE.test(name) || /各(部门|单位|直属机构|有关单位|委办局)$/.test(name))
    return { ...organ, kind: 'collective' };
  const national = NATIONAL_RE.test(name);
  const p = national ? undefined : placeOf(name);
  const level: OrganLevel | undefined = national ? 0 : p?.level;
  const withLevel = {
    ...organ,
    ...(level !== undefined ? { level } : {}),
    ...(p && !/^(省|市|县|区|州|镇|乡)$/.test(p.place) ? { place: p.place } : {}),
  };
  const rest = p?.rest ?? name;
  if (
    /^(人民政府|政府|街道办事处|办事处|人民政府办公厅|人民政府办公室|政府办公厅|政府办公室|委办公厅|委办公室)$/.test(
      rest,
    )
  )
    return { ...withLevel, kind: /办公[厅室]$/.test(rest) ? 'office' : 'government' };
  if (name === '国务院') return { ...withLevel, kind: 'government' };
  if (/^国务院办公厅$|^中共中央办公厅$/.test(name)) return { ...withLevel, kind: 'office' };
  if (/^(委|党委|委员会)$/.test(rest)) return { ...withLevel, kind: 'party' };
  if (/(人大常委会|人民代表大会常务委员会|政协|政治协商会议)/.test(name)) return { ...withLevel, kind: 'congress' };
  if (/办公[厅室]$/.test(name)) return { ...withLevel, kind: 'office' };
  // 议事协调机构 (防汛抗旱指挥部, 领导小组) act with the authority of the government that set them up.
  if (/(指挥部|领导小组|工作组)$/.test(name)) return withLevel;
  if (INTERNAL_RE.test(name)) return { ...withLevel, kind: 'internal' };
  if (/(局|厅|委员会|委|部|署|办)$/.test(name) && !/(党委|人民政府)/.test(name))
    return { ...withLevel, kind: 'department' };
  if (/人民银行/.test(name)) return { ...withLevel, kind: 'department' };
  if (UNIT_RE.test(name)) return { ...withLevel, kind: 'unit' };
  return withLevel;
}

/** The trade of a department (教育局 and 教育厅 share 教育): the name without place and tier word. */
function trade(o: Organ): string | undefined {
  const p = placeOf(o.name);
  const rest = p?.rest ?? o.name;
  const m = /^(.+?)(局|厅|委员会|委|部|署|办)$/.exec(rest);
  return m ? m[1] : undefined;
}

function sameName(a: string, b: string): boolean {
  return a === b || (a.length >= 4 && b.length >= 4 && (a.endsWith(b) || b.endsWith(a)));
}

/** How the sender stands to the recipient: the recipient is its superior, subordinate, peer, or not related. */
export function relationBetween(
  sender: Organ | undefined,
  recipient: Organ,
  org?: OrganizationConfig,
): Relation | undefined {
  if (org) {
    if (org.superiors.some((s) => sameName(s, recipient.name))) return 'superior';
    if (org.subordinates.some((s) => sameName(s, recipient.name))) return 'subordinate';
  }
  if (recipient.kind === 'collective') {
    // 市直各部门、县直有关单位、政府各部门: below a government, beside one of its departments.
    if (/^(省|市|县|区)直|政府各|^各(部门|委办局)/.test(recipient.name) && sender?.kind && sender.kind !== 'government')
      return sender.kind === 'office' ? 'subordinate' : 'peer';
    return 'subordinate';
  }
  if (!sender?.kind || !recipient.kind) return undefined;
  // A university, a company, a people's organisation: outside every government line, whatever the levels.
  // The 国务院 and its offices direct organs of every kind (人民银行 is one of its departments).
  if (recipient.kind === 'unit' && OTHER_LINE_RE.test(recipient.name) && sender.level !== 0)
    return sender.kind === 'department' || sender.kind === 'office' ? 'unrelated' : undefined;
  const ls = sender.level;
  const lr = recipient.level;
  const samePlace = !sender.place || !recipient.place || sender.place === recipient.place;
  const s = sender.kind;
  const r = recipient.kind;
  if (ls === undefined || lr === undefined) return undefined;
  if (r === 'government' || r === 'party') {
    if (s === 'government' || s === 'office' || s === 'party')
      return lr < ls ? 'superior' : lr > ls ? 'subordinate' : samePlace ? 'peer' : 'unrelated';
    if (s === 'department' || s === 'internal')
      return lr <= ls ? (lr < ls || samePlace ? 'superior' : undefined) : 'subordinate';
    return undefined;
  }
  if (r === 'department') {
    if (s === 'government' || s === 'office' || s === 'party') return lr >= ls && samePlace ? 'subordinate' : undefined;
    if (s === 'department') {
      const same = trade(sender) !== undefined && trade(sender) === trade(recipient);
      if (lr === ls) return samePlace ? 'unrelated' : undefined;
      if (same) return lr < ls ? 'superior' : 'subordinate';
      return 'unrelated';
    }
    return undefined;
  }
  return undefined;
}

export interface Parties {
  sender?: Organ;
  /** Where the sender was read: the config, the title, the signature or the 版头. */
  senderFrom?: 'config' | 'title' | 'signature' | 'issuer-mark';
  recipients: Array<Organ & { range: Range }>;
}

/** Splits a 主送 or 抄送 line into organ names with their ranges (`各区人民政府，市政府各部门：`). */
export function organList(text: string, start: number, end: number): Array<{ name: string; range: Range }> {
  const out: Array<{ name: string; range: Range }> = [];
  let s = start;
  const t = text.slice(start, end);
  // Separators outside brackets only: 各县（市、区）人民政府 is one organ.
  let depth = 0;
  const flush = (e: number) => {
    let a = s;
    let b = e;
    while (a < b && /[\s\u3000]/.test(text[a]!)) a++;
    while (b > a && /[\s\u3000：:。；;]/.test(text[b - 1]!)) b--;
    if (b > a) out.push({ name: text.slice(a, b), range: [a, b] });
  };
  for (let i = 0; i < t.length; i++) {
    const c = t[i]!;
    if (c === '（' || c === '(') depth++;
    else if (c === '）' || c === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && (c === '、' || c === '，' || c === ',' || c === '；' || c === ';')) {
      flush(start + i);
      s = start + i + 1;
    }
  }
  flush(end);
  return out;
}

/** The sending organ: the config's unit, else the organ named before 关于 in the title, the signature, the 版头. */
export function senderOf(ctx: RuleContext): Pick<Parties, 'sender' | 'senderFrom'> {
  const org = ctx.config?.organization;
  if (org?.name) return { sender: classifyOrgan(org.name), senderFrom: 'config' };
  const title = (ctx.structure.title ?? '').replace(/[\s\u3000]+/g, '');
  // 国务院办公厅转发国家发展改革委关于…: the organ that forwards is the sender.
  const before = /^(.{2,30}?)(?:转发|批转|印发|关于)/.exec(title)?.[1];
  // Joint documents (青川市教育局 青川市财政局关于…) name several organs; the relation is then not one.
  if (before && !/[、，]/.test(before)) return { sender: classifyOrgan(before), senderFrom: 'title' };
  const text = ctx.text;
  const sig = ctx.structure.byRole('signature');
  if (sig.length === 1) {
    const t = text.slice(sig[0]!.range[0], sig[0]!.range[1]).trim();
    if (t.length >= 3) return { sender: classifyOrgan(t), senderFrom: 'signature' };
  }
  const mark = ctx.structure.byRole('issuer-mark');
  if (mark.length === 1) {
    const t = text
      .slice(mark[0]!.range[0], mark[0]!.range[1])
      .replace(/[\s\u3000]+/g, '')
      .replace(/文件$/, '');
    if (t.length >= 3 && !/[、，]/.test(t)) return { sender: classifyOrgan(t), senderFrom: 'issuer-mark' };
  }
  return {};
}

/** Sender and 主送 organs of a document. */
export function partiesOf(ctx: RuleContext): Parties {
  const recipients: Parties['recipients'] = [];
  for (const b of ctx.structure.byRole('addressee')) {
    for (const o of organList(ctx.text, b.range[0], b.range[1]))
      recipients.push({ ...classifyOrgan(o.name), range: o.range });
  }
  return { ...senderOf(ctx), recipients };
}

export type Direction = 'up' | 'down' | 'parallel' | 'unrelated';

/**
 * The direction of the document toward its (first) recipient: the organs' relation where it can be told, else the
 * 文种 (请示, 报告 and 议案 go up; 批复 goes down). `unrelated` is a 平行文 to an organ that is not in the same line
 * (不相隶属), as most 函 are.
 */
export function directionOf(ctx: RuleContext, parties: Parties = partiesOf(ctx)): Direction | undefined {
  const genre = genreOf(ctx);
  if (genre === '请示' || genre === '报告' || genre === '议案') return 'up';
  if (genre === '批复') return 'down';
  const first = parties.recipients[0];
  if (!first) return undefined;
  const rel = relationBetween(parties.sender, first, ctx.config?.organization);
  if (rel === 'superior') return 'up';
  if (rel === 'subordinate') return 'down';
  if (rel === 'peer') return 'parallel';
  if (rel === 'unrelated') return 'unrelated';
  return undefined;
}
