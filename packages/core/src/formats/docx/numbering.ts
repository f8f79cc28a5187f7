import { type XmlDocument, type XmlElement, wAttr, wChild, wChildren, wNum } from './xml.js';

interface Level {
  start: number;
  numFmt: string;
  lvlText: string;
  pPr?: XmlElement;
  rPr?: XmlElement;
  restart?: number;
}

const CN_DIGITS = '〇一二三四五六七八九';
const CN_LEGAL = '零壹贰叁肆伍陆柒捌玖';
const HEAVENLY_STEMS = '甲乙丙丁戊己庚辛壬癸';
const EARTHLY_BRANCHES = '子丑寅卯辰巳午未申酉戌亥';

/** 1 → 一, 10 → 十, 11 → 十一, 21 → 二十一, 105 → 一百零五 (chineseCounting). */
export function chineseCounting(n: number, digits = CN_DIGITS, ten = '十', hundred = '百'): string {
  if (n <= 0) return String(n);
  if (n < 10) return digits[n]!;
  if (n < 20) return ten + (n % 10 ? digits[n % 10] : '');
  if (n < 100) return digits[Math.floor(n / 10)]! + ten + (n % 10 ? digits[n % 10] : '');
  if (n < 1000) {
    const rest = n % 100;
    const tail =
      rest === 0
        ? ''
        : rest < 10
          ? digits[0]! + digits[rest]
          : rest < 20
            ? digits[1]! + chineseCounting(rest, digits, ten, hundred)
            : chineseCounting(rest, digits, ten, hundred);
    return digits[Math.floor(n / 100)]! + hundred + tail;
  }
  return String(n);
}

function roman(n: number): string {
  const table: Array<[number, string]> = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let out = '';
  for (const [v, s] of table)
    while (n >= v) {
      out += s;
      n -= v;
    }
  return out;
}

function letters(n: number): string {
  const c = String.fromCharCode(65 + ((n - 1) % 26));
  return c.repeat(Math.floor((n - 1) / 26) + 1);
}

export function formatNumber(n: number, fmt: string): string {
  switch (fmt) {
    case 'decimal':
      return String(n);
    case 'decimalZero':
      return n < 10 ? `0${n}` : String(n);
    case 'decimalFullWidth':
    case 'decimalFullWidth2':
      return String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      return n >= 1 && n <= 20 ? String.fromCharCode(0x245f + n) : String(n);
    case 'decimalEnclosedParen':
      return `(${n})`;
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'japaneseCounting':
    case 'ideographDigital':
      return chineseCounting(n);
    case 'chineseLegalSimplified':
      return chineseCounting(n, CN_LEGAL, '拾', '佰');
    case 'ideographTraditional':
      return HEAVENLY_STEMS[(n - 1) % 10]!;
    case 'ideographZodiac':
      return EARTHLY_BRANCHES[(n - 1) % 12]!;
    case 'upperLetter':
      return letters(n);
    case 'lowerLetter':
      return letters(n).toLowerCase();
    case 'upperRoman':
      return roman(n);
    case 'lowerRoman':
      return roman(n).toLowerCase();
    case 'bullet':
    case 'none':
      return '';
    default:
      return String(n);
  }
}

/** numbering.xml: builds the label text of each numbered paragraph as Word shows it (ECMA-376 Part 1, 17.9). */
export class Numbering {
  private readonly abstracts = new Map<string, Map<number, Level>>();
  private readonly nums = new Map<
    string,
    { abstractId: string; overrides: Map<number, { start?: number; level?: Level }> }
  >();
  private readonly counters = new Map<string, number[]>();
  private readonly startedNums = new Set<string>();

  constructor(doc: XmlDocument | undefined) {
    if (!doc) return;
    const root = doc.documentElement!;
    const readLevel = (lvl: XmlElement): Level => {
      const level: Level = {
        start: wNum(wChild(lvl, 'start'), 'val') ?? 1,
        numFmt: wAttr(wChild(lvl, 'numFmt'), 'val') ?? 'decimal',
        lvlText: wAttr(wChild(lvl, 'lvlText'), 'val') ?? '',
      };
      const pPr = wChild(lvl, 'pPr');
      const rPr = wChild(lvl, 'rPr');
      if (pPr) level.pPr = pPr;
      if (rPr) level.rPr = rPr;
      const restart = wNum(wChild(lvl, 'lvlRestart'), 'val');
      if (restart !== undefined) level.restart = restart;
      return level;
    };
    for (const a of wChildren(root, 'abstractNum')) {
      const id = wAttr(a, 'abstractNumId');
      if (id === undefined) continue;
      const levels = new Map<number, Level>();
      for (const lvl of wChildren(a, 'lvl')) levels.set(wNum(lvl, 'ilvl') ?? 0, readLevel(lvl));
      this.abstracts.set(id, levels);
    }
    for (const n of wChildren(root, 'num')) {
      const id = wAttr(n, 'numId');
      const abstractId = wAttr(wChild(n, 'abstractNumId'), 'val');
      if (id === undefined || abstractId === undefined) continue;
      const overrides = new Map<number, { start?: number; level?: Level }>();
      for (const o of wChildren(n, 'lvlOverride')) {
        const ilvl = wNum(o, 'ilvl') ?? 0;
        const entry: { start?: number; level?: Level } = {};
        const so = wNum(wChild(o, 'startOverride'), 'val');
        if (so !== undefined) entry.start = so;
        const lvl = wChild(o, 'lvl');
        if (lvl) entry.level = readLevel(lvl);
        overrides.set(ilvl, entry);
      }
      this.nums.set(id, { abstractId, overrides });
    }
  }

  level(numId: string, ilvl: number): Level | undefined {
    const num = this.nums.get(numId);
    if (!num) return undefined;
    return num.overrides.get(ilvl)?.level ?? this.abstracts.get(num.abstractId)?.get(ilvl);
  }

  /** Advances the list counters for one paragraph and returns its label (undefined when numId 0 or unknown). */
  next(numId: string, ilvl: number): { text: string; level: Level } | undefined {
    if (numId === '0') return undefined;
    const num = this.nums.get(numId);
    if (!num) return undefined;
    const levels = this.abstracts.get(num.abstractId);
    const lvl = this.level(numId, ilvl);
    if (!levels || !lvl) return undefined;
    // Lists that share an abstract definition continue one another unless a num restarts with startOverride.
    let counters = this.counters.get(num.abstractId);
    if (!counters || (!this.startedNums.has(numId) && [...num.overrides.values()].some((o) => o.start !== undefined))) {
      counters = [];
      this.counters.set(num.abstractId, counters);
    }
    this.startedNums.add(numId);
    const startOf = (i: number) => num.overrides.get(i)?.start ?? this.level(numId, i)?.start ?? 1;
    counters[ilvl] = counters[ilvl] === undefined ? startOf(ilvl) : counters[ilvl]! + 1;
    for (let i = ilvl + 1; i < 9; i++) counters[i] = undefined as unknown as number;
    const text = lvl.lvlText.replace(/%([1-9])/g, (_, d: string) => {
      const i = Number(d) - 1;
      const value = counters![i] ?? startOf(i);
      const fmt = i === ilvl ? lvl.numFmt : (this.level(numId, i)?.numFmt ?? 'decimal');
      return formatNumber(value, fmt);
    });
    return { text, level: lvl };
  }
}
