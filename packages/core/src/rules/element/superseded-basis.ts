import type { Rule } from '../../engine/types.js';
import { type SupersededEntry, builtInSuperseded, codePattern } from '../basis.js';
import { compareYmd, documentDate, formatYmd, parseIsoDate } from '../doc-date.js';

interface Matcher {
  re: RegExp;
  byTitle: Map<string, SupersededEntry>;
  codes: Array<{ re: RegExp; entry: SupersededEntry }>;
}

function compile(entries: SupersededEntry[]): Matcher {
  const byTitle = new Map<string, SupersededEntry>();
  const codes: Matcher['codes'] = [];
  const alternatives: string[] = [];
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const entry of entries) {
    for (const t of entry.titles ?? []) byTitle.set(t, entry);
    for (const c of entry.codes ?? []) {
      const src = codePattern(c);
      codes.push({ re: new RegExp(`^(?:${src})`), entry });
      alternatives.push(src);
    }
  }
  // Longest titles first, so 《中华人民共和国合同法》 is not read as 合同法 (both sit between the marks anyway).
  const titles = [...byTitle.keys()].sort((a, b) => b.length - a.length).map(esc);
  if (titles.length) alternatives.unshift(`《(${titles.join('|')})》`);
  return { re: new RegExp(alternatives.join('|') || '(?!)', 'g'), byTitle, codes };
}

let builtInMatcher: Matcher | undefined;
const configMatchers = new WeakMap<readonly SupersededEntry[], Matcher>();

// A sentence that says the document was replaced (quoting the 条例's own 第四十二条) cites it rightly.
const HISTORY_RE = /废止|停止执行|同时失效|代替|替代|取代|修订前|原《/;

export const supersededBasisRule: Rule = {
  meta: {
    id: 'element/superseded-basis',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/element/superseded-basis.ts',
    description:
      '引用已废止或被替代的文件、标准作为依据（如2012年7月1日起停止执行的《国家行政机关公文处理办法》、GB/T 9704-1999）：按成文日期判断，成文日期在替代之前的不提示；清单见 rules/packs/superseded.yaml，单位可在 .gongwenrc.yaml 的 superseded 中补充。',
    message: '所引文件已废止或被替代',
    standard: '《党政机关公文处理工作条例》第十九条（一）',
    hasSuggestions: true,
    examples: {
      bad: [
        { text: '依据《国家行政机关公文处理办法》，现通知如下。\n某某市人民政府\n2024年3月5日' },
        { text: '版式执行GB/T 9704-1999的规定。' },
        { text: '根据《中华人民共和国合同法》有关规定。\n某某市司法局\n2022年6月1日' },
      ],
      good: [
        '依据《党政机关公文处理工作条例》，现通知如下。',
        '依据《国家行政机关公文处理办法》，现通知如下。\n某某市人民政府\n2010年3月5日',
        '《国家行政机关公文处理办法》自2012年7月1日起停止执行。',
        '版式执行GB/T 9704-2012的规定。',
      ],
    },
  },
  create(ctx) {
    const own = (ctx.config?.superseded ?? []) as SupersededEntry[];
    let matcher: Matcher;
    if (!own.length) matcher = builtInMatcher ??= compile(builtInSuperseded());
    else {
      const hit = configMatchers.get(own);
      matcher = hit ?? compile([...builtInSuperseded(), ...own]);
      if (!hit) configMatchers.set(own, matcher);
    }
    const text = ctx.text;
    const dated = documentDate(text, ctx.structure);
    const re = new RegExp(matcher.re.source, 'g');
    // `GB/T 9704-1999《国家行政机关公文格式》` is one citation: the title right after its number is not reported again.
    let last: { end: number; entry: SupersededEntry } | undefined;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const entry = m[1] !== undefined ? matcher.byTitle.get(m[1]) : matcher.codes.find((c) => c.re.test(m![0]))?.entry;
      if (!entry) continue;
      const follows = last?.entry === entry && /^[ \u3000]*$/.test(text.slice(last.end, m.index));
      last = { end: m.index + m[0].length, entry };
      if (follows) continue;
      const until = parseIsoDate(entry.until)!;
      if (dated && compareYmd(dated.date, until) < 0) continue;
      // The sentence around the citation, within a bounded window (linear however many citations there are).
      let s = m.index;
      while (s > 0 && m.index - s < 80 && !/[。；！？\n]/.test(text[s - 1]!)) s--;
      let e = m.index + m[0].length;
      while (e < text.length && e - m.index < 120 && !/[。；！？\n]/.test(text[e]!)) e++;
      if (HISTORY_RE.test(text.slice(s, m.index)) || HISTORY_RE.test(text.slice(m.index + m[0].length, e))) continue;
      const range = [m.index, m.index + m[0].length] as const;
      const when = dated ? `成文日期${formatYmd(dated.date)}时` : '';
      const message = `所引“${m[0]}”自${formatYmd(until)}起已停止执行或被替代${entry.basis ? `（${entry.basis}）` : ''}，${when}应引用现行的${entry.successor}`;
      const successorCode = /^[A-Z]{1,4}\d{0,3}(?:\/[A-Z])?\s*[\d.]+-\d{4}/.exec(entry.successor)?.[0];
      const replacement = m[1] !== undefined ? /《[^》]+》/.exec(entry.successor)?.[0] : successorCode;
      ctx.report({
        range,
        message,
        suggestions: replacement
          ? [{ message: `改为“${replacement}”（请核对引用的内容）`, fix: { range, text: replacement } }]
          : undefined,
      });
    }
  },
};
