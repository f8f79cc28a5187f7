import type { DataRuleSpec } from './data-rules.js';

const SAFE_PROPERTY =
  /^(Script|sc|Script_Extensions|scx)=|^(L|Lu|Ll|Lt|Lm|Lo|Letter|M|Mn|Mc|Me|Mark|N|Nd|Nl|No|Number|P|Pc|Pd|Ps|Pe|Pi|Pf|Po|Punctuation|S|Sm|Sc|Sk|So|Symbol|Ideographic|Unified_Ideograph|Alphabetic|Han)$/;

/**
 * Whether a regular expression (flags `gu`, no `s`, no `m`) can match a line break or depends on where the input
 * starts or ends. Conservative: anything it cannot prove harmless counts as "may". A rule whose expressions can do
 * neither gives the same findings on one line as on the whole text, which is what the per-line cache relies on.
 */
export function mayCrossLines(source: string): boolean {
  let inClass = false;
  let classNegated = false;
  let classHasBreak = false;
  let prevCode: number | undefined; // last literal code point in a class, for ranges
  let rangePending = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    let code: number | undefined;
    if (c === '\\') {
      const n = source[i + 1];
      if (n === undefined) return true;
      i++;
      if (n === 'n' || n === 's') {
        // Inside a negated class a line break is excluded, which is what makes the class safe.
        if (inClass && classNegated) {
          classHasBreak = true;
          continue;
        }
        return true;
      }
      if ('PWDc'.includes(n)) return true;
      if (n === 'p') {
        const close = source.indexOf('}', i);
        if (source[i + 1] !== '{' || close < 0 || !SAFE_PROPERTY.test(source.slice(i + 2, close))) return true;
        i = close;
        prevCode = undefined;
        continue;
      }
      if (n === 'u' || n === 'x') {
        const m =
          n === 'x'
            ? /^[0-9a-fA-F]{2}/.exec(source.slice(i + 1))
            : /^(?:\{([0-9a-fA-F]+)\}|([0-9a-fA-F]{4}))/.exec(source.slice(i + 1));
        if (!m) return true;
        code = parseInt(n === 'x' ? m[0] : (m[1] ?? m[2])!, 16);
        i += m[0].length;
        if (code === 10) return true;
      } else if (/[1-9]/.test(n) || n === 'k') {
        // Back-references repeat an earlier group, which cannot hold a line break when nothing else can.
        prevCode = undefined;
        continue;
      } else {
        code = n.codePointAt(0)!;
        if ('dwSbB'.includes(n)) code = undefined;
      }
    } else if (inClass) {
      if (c === ']') {
        if (classNegated && !classHasBreak) return true;
        inClass = false;
        prevCode = undefined;
        continue;
      }
      if (c === '-' && prevCode !== undefined && source[i + 1] !== ']') {
        rangePending = true;
        continue;
      }
      code = c.codePointAt(0)!;
      if (code > 0xffff) i++;
    } else {
      if (c === '[') {
        inClass = true;
        classNegated = source[i + 1] === '^';
        if (classNegated) i++;
        classHasBreak = false;
        prevCode = undefined;
        continue;
      }
      if (c === '^' || c === '$') return true;
      continue;
    }
    if (inClass) {
      if (rangePending && prevCode !== undefined && code !== undefined && prevCode <= 10 && code >= 10) return true;
      rangePending = false;
      prevCode = code;
    }
  }
  return inClass;
}

/**
 * The expression with its line-boundary idioms taken out, for mayCrossLines. In the whole text a line starts after
 * `\n` or at the start of the text, and ends before `\n` or at its end; on a line checked alone, at `^` and `$`. So
 * these give the same answers in both and can neither add a line break to a match nor depend on where the input
 * begins: a lookbehind `(?<=^|\n)`, a final lookahead ending in `(?:\n|$)`, and `(?:^|[\n…])` opening a lookbehind.
 */
export function withoutLineIdioms(source: string): string {
  return source
    .split('(?<=^|\\n)')
    .join('')
    .replace(/^(.*\(\?=(?:[^()\\]|\\.)*)\(\?:\\n\|\$\)\)$/s, '$1)')
    .replace(/(\(\?<[!=])\(\?:\^\|\[\\n((?:[^\]\\]|\\.)*)\]\)/g, '$1[$2]');
}

/**
 * Whether a data rule's findings on each line equal its findings on the whole text (see mayCrossLines): compiled
 * data rules carry `meta.locality: 'line'` when this holds, and a checker may then run them line by line.
 */
export function isLineLocal(spec: DataRuleSpec): boolean {
  // The document's 成文日期 decides: a line alone has none.
  if (spec.wrongFrom) return false;
  for (const re of [spec.pattern, spec.notBefore, spec.notAfter])
    if (re !== undefined && mayCrossLines(withoutLineIdioms(re))) return false;
  const literals = [...(spec.tokens ?? []).map(String), ...Object.keys(spec.swap ?? {})];
  if (literals.some((t) => t.includes('\n'))) return false;
  if (spec.kind === 'pattern' && spec.pattern === undefined) return false;
  return true;
}
