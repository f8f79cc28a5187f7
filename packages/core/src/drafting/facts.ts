import type { Range } from '../document/types.js';
import { classifyOrgan } from '../rules/genre/organs.js';
import { daysInMonth, parseChineseNumber } from '../rules/text-helpers.js';

// The facts of a text a draft may state only when its materials state them: numbers, amounts, percentages, dates,
// organs, people and decisions. Each mention carries the normalised keys it provides (what a material proves) and the
// keys that accept it (what a draft needs): 120万元, 1,200,000元 and 一百二十万元 all provide `num:1200000`; 2026年6月底
// provides the 30th of June and is accepted by it.

export type FactKind = 'number' | 'amount' | 'percent' | 'date' | 'code' | 'organ' | 'person' | 'decision';

export interface FactMention {
  kind: FactKind;
  /** As written. */
  text: string;
  range: Range;
  /** Keys this mention proves when it is in a material. */
  provides: string[];
  /** Keys any one of which, found in the materials, proves this mention in a draft. */
  accepts: string[];
}

const FULL_WIDTH_RE = /[０-９．％，]/g;
const toHalf = (s: string) =>
  s.replace(FULL_WIDTH_RE, (c) =>
    c === '．' ? '.' : c === '％' ? '%' : c === '，' ? '，' : String(c.charCodeAt(0) - 0xff10),
  );

const CN_DIGITS = '〇零○一二两三四五六七八九';
const CN_NUM = `[${CN_DIGITS}十百千万亿点]`;

/** 一百二十万, 1.2亿, 3千, 两 → a number; undefined when it is none. */
export function parseNumber(raw: string): number | undefined {
  const s = toHalf(raw).replace(/,/g, '').replace(/两/g, '二');
  if (!s) return undefined;
  const big = /^(.*?)(万亿|亿|万|千)?$/.exec(s)!;
  const scale = big[2] === '万亿' ? 1e12 : big[2] === '亿' ? 1e8 : big[2] === '万' ? 1e4 : big[2] === '千' ? 1e3 : 1;
  const head = big[1]!;
  if (/^\d+(\.\d+)?$/.test(head)) return Number(head) * scale;
  // Chinese numerals with 亿 and 万 inside (一亿二千万): each section up to 9999.
  const sections = s.split(/(亿|万)/);
  let total = 0;
  let section = 0;
  for (const part of sections) {
    if (part === '亿') {
      total = (total + section) * 1e8;
      section = 0;
    } else if (part === '万') {
      total += section * 1e4;
      section = 0;
    } else if (part) {
      const dot = part.split('点');
      const int = dot[0] ? parseChineseNumber(dot[0]) : 0;
      if (int === undefined) return undefined;
      let frac = 0;
      if (dot[1]) {
        const f = parseChineseNumber(dot[1]);
        if (f === undefined || !/^[〇零○一二三四五六七八九]+$/.test(dot[1])) return undefined;
        frac = f / 10 ** dot[1].length;
      }
      section = int + frac;
    }
  }
  return total + section;
}

const key = (v: number) => String(Math.round(v * 1e6) / 1e6);

// Units after a Chinese numeral that make it a count (三所学校, 十二个); without one, 一 and 三 are words (统一, 三农).
const CN_UNIT =
  '个月|个百分点|平方公里|平方米|公里|千米|公顷|万元|亿元|元|个|所|家|人|名|项|次|件|天|年|月|日|米|亩|吨|户|台|辆|座|条|批|类|场|期|届|套|间|栋|层|支|本|份|张|篇|部|种|位|例|周|小时|岁|倍|处|级|万|亿';
// Political set phrases with numerals that are no count of anything in the materials.
const SET_PHRASES =
  /^(?:两个维护|两个确立|四个意识|四个自信|四个全面|三个代表|五位一体|两个一百年|三农|十四五|十五五|十三五|一带一路|三重一大|两学一做|三严三实|六稳|六保)/;

const OUTLINE_RE =
  /^(?:个|项|条|点|方面)?(?:方面|措施|任务|要求|原则|意见|问题|环节|阶段|重点|步骤|关系|层面|举措|工作)/;

const DATE_PART = '(?:\\d{4}|[〇零○一二三四五六七八九]{4})';
const MD = '(?:\\d{1,2}|[一二三四五六七八九十]{1,3})';
const TOKEN_RE = new RegExp(
  [
    // 文号 (某政〔2025〕12号) and 附件1: references, not facts.
    `(?<docno>[〔\\[［(（]\\d{4}[〕\\]］)）]\\s*第?\\d+号|附件\\s*\\d+)`,
    // A date: year with month (and day or 底/末/初/旬), year alone (2026年), or month-day without the year.
    `(?<date>(?<y>${DATE_PART})\\s*年(?:度)?(?:\\s*(?<m>${MD})\\s*月(?:份)?(?:\\s*(?<d>${MD})\\s*[日号]|(?<end>底|末|初|上旬|中旬|下旬))?|(?<yend>底|末|初|年底|上半年|下半年))?|(?<m2>${MD})\\s*月(?:份)?(?:\\s*(?<d2>${MD})\\s*[日号]|(?<end2>底|末|初|上旬|中旬|下旬)))`,
    // Telephone and similar codes: compared as written.
    '(?<code>(?<![\\dA-Za-z])\\d{3,}(?:-\\d{3,})+(?![\\dA-Za-z]))',
    `(?<pct2>百分之${CN_NUM}+)`,
    // Arabic numbers: 1,200,000 / 1.2 / 120万 / 5%; digits touching Latin letters (GB/T 9704, 5G) are names.
    '(?<arabic>(?<![\\dA-Za-z/.])\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|(?<![\\dA-Za-z/.])\\d+(?:\\.\\d+)?)(?![\\dA-Za-z])\\s*(?<scale>万亿|亿|万|千)?\\s*(?<unit>%|元|个百分点)?',
    // Chinese numerals before a unit (三所, 一百二十万元); ordinals (第三) are structure, not counts.
    `(?<![第${CN_DIGITS}十百千万亿])(?<cn>[${CN_DIGITS}十](?:[${CN_DIGITS}十百千万亿]|点[〇零○一二三四五六七八九])*)(?=${CN_UNIT})(?<cnunit>万元|亿元|元)?`,
  ].join('|'),
  'gu',
);

function ymdKeys(y: number | undefined, m: number | undefined, d: number | undefined, end?: string) {
  const provides: string[] = [];
  const accepts: string[] = [];
  const pad = (n: number) => String(n).padStart(2, '0');
  if (m !== undefined && (m < 1 || m > 12)) return undefined;
  if (y !== undefined && m !== undefined && d !== undefined) {
    if (d < 1 || d > daysInMonth(y, m)) return undefined;
    provides.push(`d:${y}-${pad(m)}-${pad(d)}`, `md:${pad(m)}-${pad(d)}`, `m:${y}-${pad(m)}`, `mo:${pad(m)}`, `y:${y}`);
    if (d === daysInMonth(y, m)) provides.push(`mend:${y}-${pad(m)}`, `mendm:${pad(m)}`);
    accepts.push(`d:${y}-${pad(m)}-${pad(d)}`, `md:${pad(m)}-${pad(d)}`);
  } else if (y !== undefined && m !== undefined) {
    provides.push(`m:${y}-${pad(m)}`, `mo:${pad(m)}`, `y:${y}`);
    if (end === '底' || end === '末' || end === '下旬') {
      // 6月底 ≈ 6月30日: proves the last day, and is proved by it (or by the month).
      const last = pad(daysInMonth(y, m));
      provides.push(`mend:${y}-${pad(m)}`, `mendm:${pad(m)}`, `d:${y}-${pad(m)}-${last}`, `md:${pad(m)}-${last}`);
      accepts.push(`mend:${y}-${pad(m)}`, `m:${y}-${pad(m)}`, `mendm:${pad(m)}`);
    } else accepts.push(`m:${y}-${pad(m)}`, `mo:${pad(m)}`);
  } else if (y !== undefined) {
    provides.push(`y:${y}`);
    accepts.push(`y:${y}`);
  } else if (m !== undefined && d !== undefined) {
    if (d < 1 || d > 31) return undefined;
    provides.push(`md:${pad(m)}-${pad(d)}`, `mo:${pad(m)}`);
    accepts.push(`md:${pad(m)}-${pad(d)}`);
    if (d >= 28) provides.push(`mendm:${pad(m)}`);
  } else if (m !== undefined) {
    provides.push(`mo:${pad(m)}`);
    if (end === '底' || end === '末' || end === '下旬') {
      provides.push(`mendm:${pad(m)}`);
      accepts.push(`mendm:${pad(m)}`, `mo:${pad(m)}`);
    } else accepts.push(`mo:${pad(m)}`);
  }
  return { provides, accepts };
}

const n = (s: string | undefined) => (s === undefined ? undefined : parseNumber(s));

// A paragraph's own sequence marker (一、 / （一） / 1. / （1）) is structure.
const MARKER_RE =
  /(^|\n)[ \t\u3000#>*-]*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.．、](?!\d))/g;

/** Numbers, amounts, percentages, dates and codes in `text`, in order. Linear: one regex pass. */
export function numericFacts(text: string): FactMention[] {
  const out: FactMention[] = [];
  const markers: Range[] = [...text.matchAll(MARKER_RE)].map((m) => [m.index + m[1]!.length, m.index + m[0].length]);
  let mi = 0;
  for (const m of text.matchAll(TOKEN_RE)) {
    const g = m.groups!;
    const start = m.index;
    const t = m[0];
    const range: Range = [start, start + t.length];
    if (g.docno) continue;
    while (mi < markers.length && markers[mi]![1] <= start) mi++;
    if (mi < markers.length && markers[mi]![0] <= start) continue;
    if (g.date) {
      const y = n(g.y);
      const mo = n(g.m ?? g.m2);
      const d = n(g.d ?? g.d2);
      const k = ymdKeys(y, mo, d, g.end ?? g.end2 ?? g.yend);
      if (k) out.push({ kind: 'date', text: t.trim(), range, ...k });
      continue;
    }
    if (g.code) {
      out.push({ kind: 'code', text: t, range, provides: [`code:${t}`], accepts: [`code:${t}`] });
      continue;
    }
    if (g.pct2) {
      const v = parseNumber(t.slice(3));
      if (v === undefined) continue;
      out.push({ kind: 'percent', text: t, range, provides: [`num:${key(v)}`], accepts: [`num:${key(v)}`] });
      continue;
    }
    if (g.arabic !== undefined) {
      let v = Number(toHalf(g.arabic).replace(/,/g, ''));
      if (!Number.isFinite(v)) continue;
      if (g.scale) v = parseNumber(`${g.arabic.replace(/,/g, '')}${g.scale}`) ?? v;
      const unit = g.unit;
      const trimmed = t.replace(/\s+$/, '');
      const kind: FactKind = unit === '%' ? 'percent' : unit === '元' ? 'amount' : 'number';
      out.push({
        kind,
        text: trimmed,
        range: [start, start + trimmed.length],
        provides: [`num:${key(v)}`],
        accepts: [`num:${key(v)}`],
      });
      continue;
    }
    if (g.cn) {
      const after = text.slice(start, start + 8);
      if (SET_PHRASES.test(after)) continue;
      // 三个方面, 五项措施, 近两年: the draft's own outline or a vague span, not a fact of the materials.
      if (
        OUTLINE_RE.test(text.slice(start + t.length, start + t.length + 6)) ||
        /[近几数约]/.test(text[start - 1] ?? '')
      )
        continue;
      const v = parseNumber(g.cn);
      // 一 of 一项、一次 is the article more often than a count.
      if (v === undefined || v <= 1) continue;
      const kind: FactKind = g.cnunit ? 'amount' : 'number';
      const scaled = g.cnunit === '万元' ? v * 1e4 : g.cnunit === '亿元' ? v * 1e8 : v;
      out.push({ kind, text: t, range, provides: [`num:${key(scaled)}`], accepts: [`num:${key(scaled)}`] });
    }
  }
  return out;
}

// Organ names end in one of these; the name before it is found by classifyOrgan (a place and a tier are required,
// so 格局 and 干部 are no organs).
// The next character says whether the word ends there: 局长, 委员, 部门, 委托, 局面 and 厅级 go on.
const ORGAN_END_RE =
  /(人民代表大会常务委员会|人大常委会|人民政府|政府办公厅|政府办公室|办公厅|办公室|委员会|办事处|局|厅|委|部)(?![长员面势限托署门分级属队件位内外里下上座])/gu;
const NOT_ORGAN_RE =
  /(干部|全部|内部|外部|局部|东部|西部|南部|北部|中部|底部|顶部|总部|基层|格局|布局|大局|全局|开局|当局|结局|大厅|展厅|餐厅|部委|各部|有关部|委员会委员)$/;
const HAN_RUN_BACK = 24;
const LEAD_RE =
  /^(?:会同|联合|协调|督促|指导|组织|根据|按照|经过|报请|提请|商请|请|向|对|由|经|及|与|和|将|为|在|报|同|并|是|由于|通过|要求)/;

/** Organ names in `text` (青川市财政局, 县人民政府, 市委): the longest name classifyOrgan places at a tier. */
export function organFacts(text: string): FactMention[] {
  const out: FactMention[] = [];
  let prevEnd = 0;
  for (const m of text.matchAll(ORGAN_END_RE)) {
    const e = m.index + m[0].length;
    let runStart = m.index;
    const floor = Math.max(prevEnd, e - HAN_RUN_BACK);
    while (runStart > floor && /\p{Script=Han}/u.test(text[runStart - 1]!)) runStart--;
    let found: Range | undefined;
    for (let s = runStart; s <= e - 3; s++) {
      const name = text.slice(s, e);
      if (NOT_ORGAN_RE.test(name)) break;
      const o = classifyOrgan(name);
      if (o.level === undefined || !o.kind || o.kind === 'person' || o.kind === 'collective' || o.kind === 'unit')
        continue;
      found = [s, e];
      break;
    }
    if (!found) continue;
    // 会同市财政局, 和青川市人民政府: the verb or conjunction before a name is not part of it.
    const lead = LEAD_RE.exec(text.slice(found[0], found[1]));
    if (lead && found[1] - found[0] - lead[0].length >= 3) {
      const o = classifyOrgan(text.slice(found[0] + lead[0].length, found[1]));
      if (o.level !== undefined && o.kind) found = [found[0] + lead[0].length, found[1]];
    }
    const name = text.slice(found[0], found[1]);
    out.push({ kind: 'organ', text: name, range: found, provides: [], accepts: [] });
    prevEnd = e;
  }
  return out;
}

// Surnames that start a person's name before or after a title (our own short list of the commonest).
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝';
const TITLES =
  '同志|副市长|市长|副县长|县长|副区长|区长|副省长|省长|副镇长|镇长|副乡长|乡长|副局长|局长|副主任|主任|副书记|书记|副处长|处长|副科长|科长|副部长|部长|副厅长|厅长|秘书长|副主席|主席|总经理|董事长|院长|校长|委员';
const PERSON_RE = new RegExp(
  `(?:(?<label>联系人|主持人|记录人|经办人|负责人|签发人|审核人|出席|列席|请假)[：:]?\\s*|(?<title>${TITLES})(?=[${SURNAMES}]))(?<a>[${SURNAMES}][\\p{Script=Han}]{1,2}?)(?=[，,、。；;：:\\s（(）)]|同志|主持|出席|参加|负责|牵头|担任|带队|$)|(?<b>[${SURNAMES}](?:某某|某|[\\p{Script=Han}]{1,2}?))(?=${TITLES})`,
  'gu',
);

/** People named with a title or a label (张某某副市长, 联系人：李某, 市长王某某主持). */
export function personFacts(text: string): FactMention[] {
  const out: FactMention[] = [];
  for (const m of text.matchAll(PERSON_RE)) {
    const g = m.groups!;
    const name = g.a ?? g.b;
    if (!name) continue;
    const start = m.index + m[0].length - name.length;
    // 周局长, 王主任: a surname with a title is no name to prove; 张三 is.
    if (name.length < 2) continue;
    // 市政府同志, 各位同志: the word before 同志 is no name.
    if (/^(各位|全体|有关|相关|广大)/.test(name)) continue;
    out.push({ kind: 'person', text: name, range: [start, start + name.length], provides: [], accepts: [] });
  }
  return out;
}

// A decision taken: 同意、批准、决定, a meeting's study or adoption. A request for one (请予批准, 报请同意, 拟申请) and the
// noun in a title (《……的决定》) are no decision.
const DECISION_RE =
  /经[^。；\n]{0,30}?(?:会议|常务会|办公会|党组会|常委会)[^。；\n]{0,12}?研究(?:决定|同意)?|(?:会议|常务会议|常委会|党组会议)(?:研究)?(?:决定|议定|同意|审议通过|原则通过|通过了)|(?<![请申报提需须待拟予以望盼呈送候商征未不])(?:同意|批准|决定)(?![性书权作意见为盼])/gu;

/** Decisions stated in `text`; outside 《》 titles. */
export function decisionFacts(text: string): FactMention[] {
  const out: FactMention[] = [];
  let depth = 0;
  let last = 0;
  for (const m of text.matchAll(DECISION_RE)) {
    for (let i = last; i < m.index; i++) {
      const c = text[i];
      if (c === '《') depth++;
      else if (c === '》') depth = Math.max(0, depth - 1);
      else if (c === '\n') depth = 0;
    }
    last = m.index;
    if (depth > 0) continue;
    out.push({
      kind: 'decision',
      text: m[0],
      range: [m.index, m.index + m[0].length],
      provides: ['decision'],
      accepts: ['decision'],
    });
  }
  return out;
}

/** Every fact mention of `text`, in order of position. */
export function factsIn(text: string): FactMention[] {
  return [...numericFacts(text), ...organFacts(text), ...personFacts(text), ...decisionFacts(text)].sort(
    (a, b) => a.range[0] - b.range[0] || b.range[1] - a.range[1],
  );
}

const CSV_UNIT_RE = /[（(]\s*(万元|亿元|元|%|％|万人|人|个|所|户|万)\s*[)）]\s*$/;

/**
 * A CSV table as material text: each number under a header with a unit (金额（万元）) carries that unit, so 50 in
 * that column proves 50万元 and not 50元. Lines stay the file's lines.
 */
export function csvMaterialText(text: string): string {
  const rows = text.split('\n');
  if (rows.length < 2) return text;
  const split = (r: string) => r.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/);
  const units = split(rows[0]!).map((h) => CSV_UNIT_RE.exec(h.replace(/^"|"$/g, ''))?.[1]?.replace('％', '%'));
  if (!units.some(Boolean)) return text;
  return rows
    .map((r, i) =>
      i === 0
        ? r
        : split(r)
            .map((c, j) => (units[j] && /^\s*-?\d[\d,]*(\.\d+)?\s*$/.test(c) ? `${c.trim()}${units[j]}` : c))
            .join(','),
    )
    .join('\n');
}
