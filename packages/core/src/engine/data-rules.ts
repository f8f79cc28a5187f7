import type { ElementRole, SourceFormat } from '../document/types.js';
import { compareYmd, documentDate, parseIsoDate, type Ymd } from '../rules/doc-date.js';
import { isLineLocal } from './locality.js';
import type { Fix, Rule, RuleContext, RuleExamples, Severity, Suggestion } from './types.js';

/** The closed set of data-rule kinds (rules/<area>/<id>.yaml). */
export type DataRuleKind = 'pattern' | 'substitution' | 'existence';

export interface DataRuleSpec {
  id: string;
  kind: DataRuleKind;
  level: Severity;
  message: string;
  description: string;
  standard?: string;
  scope?: ElementRole[];
  formats?: SourceFormat[];
  /** pattern: a JS regex source (flags `gu` are always added). */
  pattern?: string;
  /** pattern: replacement template ($1, $<name>, $&) making a deterministic fix. */
  fix?: string;
  /** pattern: matched text → replacement (a fix when the match is in the map). */
  fixMap?: Record<string, string>;
  /** pattern: several replacement templates offered as suggestions, never applied by --fix. */
  suggest?: string[];
  /**
   * pattern, for speed: a character class every match starts with (e.g. `[,;:?!.]`). The pattern is then tried only
   * where such a character stands; patterns that open with a lookbehind are otherwise evaluated at every position.
   */
  startsWith?: string;
  /**
   * pattern, for speed: a literal every match contains, and how many units before its first occurrence in the match
   * a match can start at most (the pattern is tried only there).
   */
  anchor?: { text: string; before: number };
  /** substitution: wrong form → right form (fix); the key may hold several right forms separated by `|` (suggestions). */
  swap?: Record<string, string>;
  /** existence: words or phrases that should not appear. */
  tokens?: string[];
  /** substitution/existence: a regex the text right before the hit must not match (e.g. a longer word). */
  notBefore?: string;
  /** substitution/existence: a regex the text right after the hit (up to NOT_AFTER_REACH characters) must not match. */
  notAfter?: string;
  /** substitution/existence: nothing reported inside 《》 on the hit's line (a cited title keeps its words). */
  outsideTitles?: boolean;
  /**
   * substitution: from which date (YYYY-MM-DD) a form is wrong, per form, `default` for the others. A document whose
   * 成文日期 is earlier wrote it rightly and is not reported (an organ renamed in a reform, in a document of before).
   */
  wrongFrom?: Record<string, string>;
  examples: RuleExamples;
  file?: string;
}

export class RuleLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuleLoadError';
  }
}

const LEVELS = new Set(['error', 'warning', 'info']);
const KINDS = new Set(['pattern', 'substitution', 'existence']);
const ID_RE = /^[a-z]+\/[a-z0-9-]+$/;

function expandTemplate(template: string, m: RegExpExecArray): string {
  return template.replace(/\$(\$|&|\d{1,2}|<([^>]+)>)/g, (_all, tok: string, name?: string) => {
    if (tok === '$') return '$';
    if (tok === '&') return m[0];
    if (name !== undefined) return m.groups?.[name] ?? '';
    return m[Number(tok)] ?? '';
  });
}

function render(message: string, vars: Record<string, string>): string {
  return message.replace(/\{\{\s*(\w+)\s*\}\}/g, (_a, k: string) => vars[k] ?? '');
}

/** Validates a parsed YAML rule (the file path must match the id) and returns its spec. */
export function validateDataRuleSpec(raw: unknown, file: string): DataRuleSpec {
  const fail = (msg: string): never => {
    throw new RuleLoadError(`${file}: ${msg}`);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('a rule file must be a mapping');
  const r = raw as Record<string, unknown>;
  const str = (k: string, required = true): string | undefined => {
    const v = r[k];
    if (v === undefined || v === null) return required ? fail(`missing "${k}"`) : undefined;
    if (typeof v !== 'string' || v.trim() === '') return fail(`"${k}" must be a non-empty string`);
    return v;
  };
  const id = str('id')!;
  if (!ID_RE.test(id)) fail(`id "${id}" must look like area/name (lower case, digits, dashes)`);
  if (!file.replace(/\\/g, '/').endsWith(`${id}.yaml`))
    fail(`id "${id}" must match the file path (<area>/<name>.yaml)`);
  const kind = str('kind')! as DataRuleKind;
  if (!KINDS.has(kind)) fail(`kind "${kind}" must be one of ${[...KINDS].join(', ')}`);
  const level = str('level')! as Severity;
  if (!LEVELS.has(level)) fail(`level "${level}" must be error, warning or info`);
  const known = new Set([
    'id',
    'kind',
    'level',
    'message',
    'description',
    'standard',
    'scope',
    'formats',
    'pattern',
    'fix',
    'fixMap',
    'suggest',
    'startsWith',
    'anchor',
    'swap',
    'tokens',
    'notBefore',
    'notAfter',
    'outsideTitles',
    'wrongFrom',
    'examples',
  ]);
  for (const k of Object.keys(r)) if (!known.has(k)) fail(`unknown key "${k}"`);
  const spec: DataRuleSpec = {
    id,
    kind,
    level,
    message: str('message')!,
    description: str('description')!,
    examples: { bad: [], good: [] },
    file,
  };
  const standard = str('standard', false);
  if (standard) spec.standard = standard;
  if (r.scope !== undefined) {
    if (!Array.isArray(r.scope) || !r.scope.every((x) => typeof x === 'string'))
      fail('"scope" must be a list of element roles');
    spec.scope = r.scope as ElementRole[];
  }
  if (r.formats !== undefined) spec.formats = r.formats as SourceFormat[];
  if (kind === 'pattern') {
    spec.pattern = str('pattern')!;
    try {
      new RegExp(spec.pattern, 'gu');
    } catch (e) {
      fail(`bad pattern: ${(e as Error).message}`);
    }
    const fix = str('fix', false);
    if (fix !== undefined) spec.fix = fix;
    if (r.fixMap !== undefined) spec.fixMap = r.fixMap as Record<string, string>;
    if (r.suggest !== undefined) spec.suggest = r.suggest as string[];
    const startsWith = str('startsWith', false);
    if (startsWith !== undefined) {
      try {
        new RegExp(startsWith, 'gu');
      } catch (e) {
        fail(`bad startsWith: ${(e as Error).message}`);
      }
      spec.startsWith = startsWith;
    }
    if (r.anchor !== undefined) {
      const a = r.anchor as { text?: unknown; before?: unknown };
      if (typeof a?.text !== 'string' || a.text === '' || !Number.isInteger(a.before) || (a.before as number) < 0)
        fail('"anchor" must be { text: a non-empty string, before: a whole number ≥ 0 }');
      spec.anchor = { text: a.text as string, before: a.before as number };
    }
    if (spec.startsWith && spec.anchor) fail('"startsWith" and "anchor" cannot be used together');
  } else if (kind === 'substitution') {
    if (typeof r.swap !== 'object' || r.swap === null || Object.keys(r.swap).length === 0)
      fail('"swap" must be a non-empty mapping');
    spec.swap = Object.fromEntries(Object.entries(r.swap as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
  } else {
    if (!Array.isArray(r.tokens) || r.tokens.length === 0) fail('"tokens" must be a non-empty list');
    spec.tokens = (r.tokens as unknown[]).map(String);
  }
  for (const k of ['notBefore', 'notAfter'] as const) {
    const v = str(k, false);
    if (v !== undefined) {
      try {
        new RegExp(v, 'u');
      } catch (e) {
        fail(`bad ${k}: ${(e as Error).message}`);
      }
      spec[k] = v;
    }
  }
  if (r.outsideTitles !== undefined) {
    if (typeof r.outsideTitles !== 'boolean') fail('"outsideTitles" must be true or false');
    if (kind === 'pattern') fail('"outsideTitles" is for substitution and existence rules');
    spec.outsideTitles = r.outsideTitles as boolean;
  }
  if (r.wrongFrom !== undefined) {
    if (kind !== 'substitution') fail('"wrongFrom" is for substitution rules');
    if (typeof r.wrongFrom !== 'object' || r.wrongFrom === null) fail('"wrongFrom" must be a mapping');
    spec.wrongFrom = {};
    for (const [k, v] of Object.entries(r.wrongFrom as Record<string, unknown>)) {
      if (k !== 'default' && !(k in spec.swap!)) fail(`"wrongFrom" names "${k}", which is not in "swap"`);
      if (typeof v !== 'string' || !parseIsoDate(v)) fail(`"wrongFrom.${k}" must be a date written YYYY-MM-DD`);
      spec.wrongFrom[k] = v as string;
    }
  }
  const ex = r.examples as { bad?: unknown; good?: unknown } | undefined;
  if (!ex || !Array.isArray(ex.bad) || ex.bad.length === 0) fail('"examples.bad" must list at least one example');
  if (!Array.isArray(ex!.good) || ex!.good.length === 0) fail('"examples.good" must list at least one example');
  spec.examples.bad = (ex!.bad as unknown[]).map((b) => {
    if (typeof b === 'string') return { text: b };
    const o = b as { text?: unknown; fixed?: unknown };
    if (typeof o?.text !== 'string') fail('each bad example needs "text"');
    return o.fixed === undefined ? { text: o.text as string } : { text: o.text as string, fixed: String(o.fixed) };
  });
  spec.examples.good = (ex!.good as unknown[]).map(String);
  return spec;
}

/** The character a `startsWith` expression stands for when it is a single BMP character (escaped or not). */
function literalChar(source: string): string | undefined {
  const m = /^(?:\\([\\^$.|?*+()[\]{}/-])|([^\\^$.|?*+()[\]{}]))$/u.exec(source);
  const c = m?.[1] ?? m?.[2];
  return c !== undefined && c.length === 1 ? c : undefined;
}

/**
 * The non-empty matches of a pattern rule, left to right, as a global scan finds them. `startsWith` and `anchor`
 * (declared by the rule, checked against the plain scan by the tests) only narrow where the pattern is tried: at a
 * given position a sticky match is the match the scan would find there.
 */
export function patternScanner(spec: Pick<DataRuleSpec, 'pattern' | 'startsWith' | 'anchor'>) {
  const global = new RegExp(spec.pattern!, 'gu');
  const sticky = new RegExp(spec.pattern!, 'uy');
  // A start that is one character (，、的) is found by indexOf, which is quicker than the regex and allocates nothing.
  const literal = spec.startsWith ? literalChar(spec.startsWith) : undefined;
  const starts = spec.startsWith && literal === undefined ? new RegExp(spec.startsWith, 'gu') : undefined;
  const anchor = spec.anchor;
  const at = (text: string, i: number) => {
    sticky.lastIndex = i;
    const m = sticky.exec(text);
    return m && m[0].length > 0 ? m : null;
  };
  return function* (text: string): Generator<RegExpExecArray> {
    if (literal !== undefined) {
      for (let i = text.indexOf(literal); i >= 0; ) {
        const m = at(text, i);
        i = text.indexOf(literal, m ? Math.max(i + 1, m.index + m[0].length) : i + 1);
        if (m) yield m;
      }
    } else if (starts) {
      starts.lastIndex = 0;
      for (let c = starts.exec(text); c; c = starts.exec(text)) {
        const m = at(text, c.index);
        if (m) {
          yield m;
          starts.lastIndex = Math.max(starts.lastIndex, m.index + m[0].length);
        } else if (c[0].length === 0) starts.lastIndex++;
      }
    } else if (anchor) {
      let pos = 0;
      let a = text.indexOf(anchor.text);
      while (a >= 0) {
        let m: RegExpExecArray | null = null;
        for (let i = Math.max(pos, a - anchor.before); i <= a && !m; i++) m = at(text, i);
        if (m) {
          yield m;
          pos = m.index + m[0].length;
          // A match that ended before this anchor leaves the anchor to be tried again after it.
          if (pos <= a) continue;
        }
        a = text.indexOf(anchor.text, Math.max(a + 1, pos));
      }
    } else {
      global.lastIndex = 0;
      for (let m = global.exec(text); m; m = global.exec(text)) {
        if (m[0].length === 0) {
          global.lastIndex++;
          continue;
        }
        yield m;
      }
    }
  };
}

/**
 * The matches a global scan of the alternation `w1|w2|…` (longest word first) finds, left to right. V8's regex is
 * fast when the words start with a few dozen distinct characters at most (measured over gov-texts: 3–19 ms per pass
 * for our lists of 3–45 words); typo/lexicon's 142 words start with 115 distinct characters, many of them common, and
 * the alternation took 47–58 ms, tried alternative by alternative wherever one of them stands. Such a list is scanned
 * here instead (30 ms): one table read per position on the hash of its first two units, then only the words sharing its first
 * unit, in the alternation's order, so the matches are the regex's.
 */
export function literalScanner(words: readonly string[]): (text: string) => Iterable<{ index: number; 0: string }> {
  const list = words.filter((w) => w.length > 0);
  const byFirst = new Map<number, string[]>();
  for (const w of list) {
    const c = w.charCodeAt(0);
    const same = byFirst.get(c);
    if (same) same.push(w);
    else byFirst.set(c, [w]);
  }
  if (byFirst.size <= 64 || list.some((w) => w.length < 2 || isLowSurrogate(w.charCodeAt(0)))) {
    const re = new RegExp(list.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|') || '(?!)', 'gu');
    return function* (text) {
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) yield m;
    };
  }
  const pairs = new Uint32Array(2048); // 2^16 bits over a hash of the first two units
  const hash = (a: number, b: number) => (Math.imul((a << 16) | b, 0x9e3779b1) >>> 16) & 0xffff;
  for (const w of list) {
    const h = hash(w.charCodeAt(0), w.charCodeAt(1));
    pairs[h >>> 5]! |= 1 << (h & 31);
  }
  return function* (text) {
    const last = text.length - 1;
    for (let i = 0; i < last; i++) {
      const c = text.charCodeAt(i);
      const h = hash(c, text.charCodeAt(i + 1));
      if (!((pairs[h >>> 5]! >>> (h & 31)) & 1)) continue;
      const same = byFirst.get(c);
      if (!same) continue;
      for (const w of same) {
        if (text.startsWith(w, i)) {
          yield { index: i, 0: w };
          i += w.length - 1;
          break;
        }
      }
    }
  };
}

/**
 * The latest year the text names (“2016年”, “2016—2020年”'s 2020), or null if it names none: with neither a
 * 成文日期 nor a 发文字号 (a news release, a text copied without its 版记), a text that names only years before a
 * change was written before it — a plan names the years it runs to, a notice the deadlines it sets.
 */
function latestNamedYear(text: string): number | null {
  let latest: number | null = null;
  YEAR_RE.lastIndex = 0;
  for (let m = YEAR_RE.exec(text); m; m = YEAR_RE.exec(text)) {
    const y = Number(m[1]);
    if (latest === null || y > latest) latest = y;
  }
  return latest;
}
const YEAR_RE = /(?<!\d)((?:19|20)\d\d)(?=年)/g;

/** How far after a hit `notAfter` looks: “（以下简称中国保监会）”修改为” fits. */
const NOT_AFTER_REACH = 24;

/** The year in the document's 发文字号 (国办发〔2016〕66号), or null. */
function numberYear(text: string, structure: RuleContext['structure']): number | null {
  const b = structure.byRole('doc-number')[0];
  const m = b ? /[〔［[(（](\d{4})[〕］\])）]/.exec(text.slice(b.range[0], b.range[1])) : null;
  return m ? Number(m[1]) : null;
}

/**
 * Whether `at` stands inside 《…》 on its line: the nearest 《 or 》 before it (within a title's reach) is a 《 and a 》
 * closes it later on the line.
 */
function inTitle(text: string, at: number): boolean {
  for (let i = at - 1; i >= 0 && i >= at - 200; i--) {
    const c = text[i];
    if (c === '\n' || c === '》') return false;
    if (c === '《') {
      for (let j = at; j < text.length && j < at + 200; j++) {
        const d = text[j];
        if (d === '》') return true;
        if (d === '\n' || d === '《') return false;
      }
      return false;
    }
  }
  return false;
}

const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Turns a validated spec into a rule the engine runs like any code rule. */
export function compileDataRule(spec: DataRuleSpec): Rule {
  const fixable = spec.fix !== undefined || spec.fixMap !== undefined || spec.kind === 'substitution';
  const notBefore = spec.notBefore ? new RegExp(`(?:${spec.notBefore})$`, 'u') : undefined;
  const notAfter = spec.notAfter ? new RegExp(`^(?:${spec.notAfter})`, 'u') : undefined;
  const vetoed = (text: string, s: number, e: number) =>
    (notBefore !== undefined && notBefore.test(text.slice(Math.max(0, s - 12), s))) ||
    (notAfter !== undefined && notAfter.test(text.slice(e, e + NOT_AFTER_REACH))) ||
    (spec.outsideTitles === true && inTitle(text, s));
  const wrongFrom = spec.wrongFrom
    ? new Map(Object.entries(spec.wrongFrom).map(([k, v]) => [k, parseIsoDate(v)!] as const))
    : undefined;

  let create: (ctx: RuleContext) => void;
  if (spec.kind === 'pattern') {
    const scan = patternScanner(spec);
    create = (ctx) => {
      const text = ctx.text;
      for (const m of scan(text)) {
        const range = [m.index, m.index + m[0].length] as const;
        let fix: Fix | undefined;
        if (spec.fix !== undefined) fix = { range, text: expandTemplate(spec.fix, m) };
        else if (spec.fixMap && m[0] in spec.fixMap) fix = { range, text: spec.fixMap[m[0]]! };
        const suggestions: Suggestion[] | undefined = spec.suggest?.map((t) => {
          const replacement = expandTemplate(t, m);
          return { message: `改为“${replacement}”`, fix: { range, text: replacement } };
        });
        ctx.report({
          range,
          message: render(spec.message, { match: m[0], fix: fix?.text ?? suggestions?.[0]?.fix.text ?? '' }),
          ...(fix ? { fix } : {}),
          ...(suggestions?.length ? { suggestions } : {}),
        });
      }
    };
  } else {
    const entries =
      spec.kind === 'substitution' ? Object.entries(spec.swap!) : spec.tokens!.map((t) => [t, ''] as [string, string]);
    // Longest first so that a longer wrong form wins over a shorter one it contains.
    entries.sort((a, b) => b[0].length - a[0].length);
    const lookup = new Map(entries);
    const scan = literalScanner(entries.map(([k]) => k));
    create = (ctx) => {
      const text = ctx.text;
      let dated: Ymd | null | undefined;
      let year: number | null | undefined;
      let named: number | null | undefined;
      for (const m of scan(text)) {
        const range = [m.index, m.index + m[0].length] as const;
        if (vetoed(text, range[0], range[1])) continue;
        if (wrongFrom) {
          const from = wrongFrom.get(m[0]) ?? wrongFrom.get('default');
          if (dated === undefined) dated = documentDate(text, ctx.structure)?.date ?? null;
          if (from && dated && compareYmd(dated, from) < 0) continue;
          // Without a 成文日期 found (a 印发 notice whose date stands above the document it issues), the year of the
          // 发文字号 is the year of issue.
          if (year === undefined) year = dated ? null : numberYear(text, ctx.structure);
          if (from && year && year < from.y) continue;
          if (named === undefined) named = dated || year ? null : latestNamedYear(text);
          if (from && named && named < from.y) continue;
        }
        const right = lookup.get(m[0]) ?? '';
        const options = right ? right.split('|') : [];
        if (options.length === 1) {
          ctx.report({
            range,
            message: render(spec.message, { match: m[0], fix: options[0]! }),
            fix: { range, text: options[0]! },
          });
        } else {
          ctx.report({
            range,
            message: render(spec.message, { match: m[0], fix: options.join('”或“') }),
            ...(options.length
              ? { suggestions: options.map((o) => ({ message: `改为“${o}”`, fix: { range, text: o } })) }
              : {}),
          });
        }
      }
    };
  }
  return {
    meta: {
      id: spec.id,
      level: spec.level,
      description: spec.description,
      message: spec.message,
      ...(spec.standard ? { standard: spec.standard } : {}),
      ...(spec.scope ? { scope: spec.scope } : {}),
      ...(spec.formats ? { formats: spec.formats } : {}),
      fixable,
      hasSuggestions: spec.suggest !== undefined || Object.values(spec.swap ?? {}).some((v) => v.includes('|')),
      examples: spec.examples,
      kind: 'data',
      ...(spec.file ? { file: spec.file } : {}),
      ...(isLineLocal(spec) ? { locality: 'line' as const } : {}),
    },
    create,
  };
}
