import { factsIn, type FactKind, type FactMention } from './facts.js';

// The fact guard: every number, amount, percentage, date, code, organ, person and decision of a draft must be found
// in its materials or in what the drafter typed; what is not is wrapped 【待核：…】 and listed with the reason. A draft
// states only what someone can point to.

/** What the materials (and the command line) prove. */
export interface SourceIndex {
  keys: Set<string>;
  /** All source text, normalised for literal look-ups (organs, people). */
  text: string;
  /** Some material states a decision (同意、批准、决定、会议研究). */
  decisions: boolean;
}

export interface UnverifiedFact {
  kind: FactKind;
  text: string;
  /** 1-based line in the text the guard returned. */
  line: number;
  why: string;
}

export interface GuardResult {
  text: string;
  unverified: UnverifiedFact[];
}

/** 市政府 = 市人民政府; spaces are layout. */
function normal(s: string): string {
  return s.replace(/[\s\u3000]+/g, '').replace(/人民政府/g, '政府');
}

export function indexSources(texts: readonly string[]): SourceIndex {
  const keys = new Set<string>();
  let decisions = false;
  for (const t of texts) {
    for (const f of factsIn(t)) {
      for (const k of f.provides) keys.add(k);
      if (f.kind === 'decision') decisions = true;
    }
  }
  return { keys, text: normal(texts.join('\n')), decisions };
}

const TIER_RE = /[省市县区州旗乡镇]/;
// Spans the guard leaves alone: its own marks and the placeholders the draft already carries.
const MARK_RE = /【(?:待核|待补|待定)[：:][^】\n]*】/g;

function organFound(name: string, index: SourceIndex): boolean {
  // 会同市财政局: a tail of the name may be what the materials say, as long as no place was cut off in front of it
  // (省发展改革委 is not proved by 市发展改革委).
  for (let s = 0; s <= name.length - 3; s++) {
    if (s > 0 && TIER_RE.test(name[s - 1]!)) continue;
    if (index.text.includes(normal(name.slice(s)))) return true;
  }
  return false;
}

function why(f: FactMention): string {
  switch (f.kind) {
    case 'amount':
      return `材料和起草要求中没有这一金额（“${f.text}”，已按万元、亿元、千分位和汉字数字换算比对）`;
    case 'percent':
      return `材料和起草要求中没有这一百分比（“${f.text}”）`;
    case 'date':
      return `材料和起草要求中没有这一日期（“${f.text}”，“6月底”与“6月30日”视为相同）`;
    case 'code':
      return `材料中没有这一号码（“${f.text}”）`;
    case 'organ':
      return `材料和起草要求中没有机关“${f.text}”`;
    case 'person':
      return `材料中没有“${f.text}”这一人名`;
    case 'decision':
      return `材料中没有任何决定或批准事项，草稿不得替机关作出“${f.text}”的决定`;
    default:
      return `材料和起草要求中没有这一数字（“${f.text}”）`;
  }
}

function verified(f: FactMention, index: SourceIndex): boolean {
  if (f.kind === 'organ') return organFound(f.text, index);
  if (f.kind === 'person') return index.text.includes(normal(f.text));
  if (f.kind === 'decision') return index.decisions;
  return f.accepts.some((k) => index.keys.has(k));
}

/**
 * Wraps every fact of `text` the sources do not prove in 【待核：…】 and lists it. Existing 【待核】/【待补】 marks are
 * left as they are (a second run changes nothing). Linear in the text.
 */
export function guardFacts(text: string, index: SourceIndex): GuardResult {
  const marks = [...text.matchAll(MARK_RE)].map((m) => [m.index, m.index + m[0].length] as const);
  let mi = 0;
  const wrap: FactMention[] = [];
  let lastEnd = -1;
  for (const f of factsIn(text)) {
    while (mi < marks.length && marks[mi]![1] <= f.range[0]) mi++;
    if (mi < marks.length && marks[mi]![0] < f.range[1]) continue;
    if (f.range[0] < lastEnd) continue;
    if (verified(f, index)) continue;
    wrap.push(f);
    lastEnd = f.range[1];
  }
  let out = '';
  let at = 0;
  let line = 1;
  const unverified: UnverifiedFact[] = [];
  for (const f of wrap) {
    const before = text.slice(at, f.range[0]);
    out += before;
    for (const c of before) if (c === '\n') line++;
    out += `【待核：${f.text}】`;
    unverified.push({ kind: f.kind, text: f.text, line, why: why(f) });
    at = f.range[1];
  }
  out += text.slice(at);
  return { text: out, unverified };
}
