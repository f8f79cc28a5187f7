// Where characters a typo rule would question are the text's own: names, the items of a list, a phrase built of
// parallel parts. A character model and a dictionary know words, not the names and coined phrases of one document,
// and what they propose there is wrong far more often than right (over the gov-texts documents each typo model did not
// read: 吴清海 → 吴青海, 应教尽教 → 应收尽教, 同岗同薪同待遇 → 同心, 钨、钼、锡 → 污; in a table of docx/real,
// 陈淑琴 → 陈述琴).

import { HAN_RE as HAN } from '../text-helpers.js';
import type { LanguageModel } from './lm-model.js';

const SPACE = /[\s\u3000]/;

/** A post or form of address right before a name (书记毛生武, 副秘书长陆俊华). */
const TITLE_BEFORE =
  /(?:书记|部长|局长|厅长|处长|科长|主任|秘书长|市长|省长|县长|区长|镇长|乡长|主席|委员|同志|院长|校长|代表|经理|董事长|司令员|政委)$/;

/**
 * Common Chinese surnames (the hundred or so most frequent, which most people bear): a run of two or three Han
 * characters beginning with one, standing on its own between marks or spaces (a table's cell, a list of members, a
 * signature), is read as a person's name.
 */
const SURNAMES = new Set(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤宫柳欧常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申耿关兰焦俞左柴甘祝包宁尚符舒阮纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柯房鲍',
);

/** Characters that close a name written on its own (a list's marks, brackets, line ends). */
const NAME_EDGE = /[\s\u3000、，,；;：:。（）()“”《》·]/;

const at = (text: string, k: number) => (k >= 0 && k < text.length ? text[k]! : '');

/**
 * Whether the characters at [i, i + n) (n = 1 or 2) stand where the text writes its own: a parallel phrase that repeats
 * a character two apart (乐教适教善教, 选才用才, 应教尽教, 保通保畅) or a pair of characters a few places on
 * (中国之问、世界之问); a name in a list of members (a short run of Han characters between spaces: 綦成元　　国家能源局副局长),
 * after a post (书记毛生武) or standing alone with a common surname (陈淑琴 in a table's cell); a one-character item of a
 * list (钨、钼、锡); the code of a 发文字号 (建城〔2016〕144号).
 */
export function ownText(text: string, i: number, n: 1 | 2, lm?: LanguageModel | null): boolean {
  const last = i + n - 1;
  // Parallel parts: a character repeated two apart, on either side of the span or inside it.
  if (at(text, i) === at(text, i + 2) || at(text, i) === at(text, i - 2)) return true;
  if (n === 2 ? at(text, i + 1) !== '' && at(text, i + 1) === at(text, i - 1) : parallelSingle(text, i)) return true;
  if (repeatedNear(text, i, last, lm)) return true;
  if (/^[〔［[]\d{4}/.test(text.slice(last + 1, last + 6))) return true;
  if (n === 2) {
    const before = text.slice(Math.max(0, i - 6), i);
    if (TITLE_BEFORE.test(before) || TITLE_BEFORE.test(before.slice(0, -1))) return true;
  } else {
    // A single character: one of the three after a post, the first of them a common surname (主席团 is no name).
    for (let k = i; k >= 0 && k > i - 3 && HAN.test(at(text, k)); k--)
      if (SURNAMES.has(at(text, k)) && TITLE_BEFORE.test(text.slice(Math.max(0, k - 6), k))) return true;
  }
  // The run of Han characters around the span, up to a few on each side.
  let s = i;
  while (s > 0 && i - s < 4 && HAN.test(at(text, s - 1))) s--;
  let e = last + 1;
  while (e < text.length && e - s < 5 && HAN.test(at(text, e))) e++;
  const open = s === 0 || !HAN.test(at(text, s - 1));
  const closed = e >= text.length || !HAN.test(at(text, e));
  // Two to four characters between spaces (or a line's start and spaces): a name in a list of members.
  if (e - s <= 4 && (s === 0 || SPACE.test(at(text, s - 1))) && SPACE.test(at(text, e))) return true;
  // Two or three characters on their own, the first a common surname: a person's name.
  if (
    open &&
    closed &&
    e - s >= 2 &&
    e - s <= 3 &&
    SURNAMES.has(at(text, s)) &&
    (s === 0 || NAME_EDGE.test(at(text, s - 1))) &&
    (e >= text.length || NAME_EDGE.test(at(text, e)))
  )
    return true;
  // A one-character item of a list marked with 、, beside another such item (钨、钼、锡、铝、铜).
  if (n === 1 && HAN.test(at(text, i))) {
    const mark = (k: number) => at(text, k) === '、';
    if ((mark(i - 1) && mark(i + 1)) || (mark(i - 1) && mark(i - 3)) || (mark(i + 1) && mark(i + 3))) return true;
  }
  return false;
}

/** 保【通】保畅: the character stands between a character repeated, the phrase's own frame. */
function parallelSingle(text: string, i: number): boolean {
  const l = at(text, i - 1);
  return l !== '' && HAN.test(l) && l === at(text, i + 1);
}

/** How far on either side a pair holding the span is looked for again (中国之问、世界之问、人民之问). */
const NEAR = 8;

/**
 * Whether a pair of Han characters that holds the span (the character before it and its first, or its last and the
 * one after it) stands again within {@link NEAR} characters on the same line: parts written alike on purpose. With the
 * model, only a pair its training text had: a slip made twice (身么……身么 for 什么) makes a pair never seen.
 */
function repeatedNear(text: string, i: number, last: number, lm: LanguageModel | null | undefined): boolean {
  const from = Math.max(0, i - 1 - NEAR);
  const to = Math.min(text.length, last + 2 + NEAR);
  const line = text.slice(from, to);
  // Each pair with where it starts.
  const pairs: [string, number][] = [];
  if (HAN.test(at(text, i - 1))) pairs.push([text.slice(i - 1, i + 1), i - 1]);
  if (HAN.test(at(text, last + 1))) pairs.push([text.slice(last, last + 2), last]);
  for (const [p, start] of pairs) {
    if (lm && !lm.seenPair(p.charCodeAt(0), p.charCodeAt(1))) continue;
    const own = start - from;
    for (let k = line.indexOf(p); k >= 0; k = line.indexOf(p, k + 1)) {
      if (k === own) continue;
      // Not across a line break.
      if (!line.slice(Math.min(k, own), Math.max(k, own)).includes('\n')) return true;
    }
  }
  return false;
}
