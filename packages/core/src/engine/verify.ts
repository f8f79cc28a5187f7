import type { Block, GovDocument, Range } from '../document/types.js';
import { firstEndingAfter } from '../document/ranges.js';
import type { DocumentStructure } from '../structure/types.js';
import { shortQuotes } from './quote.js';
import type { Config } from './config.js';
import type { RuleRegistry } from './registry.js';
import type { Diagnostic, Fix, Profile, Rule, Suggestion } from './types.js';

/**
 * Fix verification: a fix is offered as a fix (applied by `--fix`, fix-all and tracked changes) only when applying it
 * to its paragraph and checking that paragraph again shows no new warning or error and when it changes nothing outside
 * the text its finding covers. Otherwise it is demoted to a suggestion and the finding is kept.
 *
 * Only the paragraphs that hold fixes are checked again, each on its own (as the language server checks a line), once
 * before and once with all its fixes applied; a paragraph is checked fix by fix only when that batch fails. The cost
 * is a small multiple of checking the paragraphs that have fixes.
 */

export interface VerifyOptions {
  registry: RuleRegistry;
  config: Config;
  profile: Profile;
  /**
   * Verdicts by paragraph and fixes, for callers that check the same text again and again (the language server).
   * The caller owns and trims it; a verdict depends only on the paragraph, its blocks and the checker.
   */
  cache?: Map<string, readonly boolean[]>;
}

/** Why a fix was not kept as a fix (said in the suggestion). */
type Reason = 'outside' | 'structure' | 'protected' | 'new-finding' | 'too-long';

const REASON_ZH: Record<Reason, string> = {
  outside: '修改超出问题所在文字',
  structure: '修改会增删段落',
  protected: '修改会触及受保护的内容',
  'new-finding': '修改后会出现新的问题',
  'too-long': '段落过长，未能复核修改',
};

/**
 * The longest paragraph whose fixes are checked again (about 25 pages run together). Checking again is uncapped (see
 * verifyDocumentFixes), so a paragraph of hundreds of thousands of characters with a finding every few made hundreds
 * of thousands of findings for each check: 4 MB of 二零二零年 on one line took 9.7 s and 370 MB, and memory grew with
 * the line up to the input limit. Its fixes stay suggestions, as any fix not verified does.
 */
export const MAX_VERIFIED_PARAGRAPH = 50_000;

/** The suggestion a fix becomes when it is not safe to apply unattended. */
export function demoteFix(d: Diagnostic, note?: string): Diagnostic {
  if (!d.fix) return d;
  const { fix, ...rest } = d;
  const shown = fix.text === '' ? '删除' : shortQuotes(`改为“${fix.text}”`);
  const suggestion: Suggestion = { message: note ? `${shown}（未自动修正：${note}）` : shown, fix };
  const others = (d.suggestions ?? []).filter(
    (s) => !(s.fix.range[0] === fix.range[0] && s.fix.range[1] === fix.range[1] && s.fix.text === fix.text),
  );
  return { ...rest, suggestions: [suggestion, ...others] };
}

/** The part of a fix that really changes text (common prefix and suffix with what it replaces removed). */
export function changedSpan(text: string, fix: Fix): { range: Range; removed: string; inserted: string } {
  const [s, e] = fix.range;
  const old = text.slice(s, e);
  const neu = fix.text;
  let p = 0;
  while (p < old.length && p < neu.length && old[p] === neu[p]) p++;
  let q = 0;
  while (q < old.length - p && q < neu.length - p && old[old.length - 1 - q] === neu[neu.length - 1 - q]) q++;
  return { range: [s + p, e - q], removed: old.slice(p, old.length - q), inserted: neu.slice(p, neu.length - q) };
}

function overlapsAny(sorted: readonly Range[], s: number, e: number): boolean {
  const r = firstEndingAfter(sorted, s);
  // An insertion at a point touches a span only when strictly inside it.
  return r !== undefined && (e > s ? r[0] < e : r[0] < s);
}

/** The static checks: the fix stays within its finding, inside its paragraph, and off protected text. */
function staticProblem(doc: GovDocument, d: Diagnostic): Reason | undefined {
  const text = doc.text;
  const fix = d.fix!;
  const [fs, fe] = fix.range;
  if (!(fs >= 0 && fe >= fs && fe <= text.length)) return 'outside';
  const {
    range: [cs, ce],
    removed,
    inserted,
  } = changedSpan(text, fix);
  if (removed.includes('\n') || inserted.includes('\n') || inserted.includes('\r')) return 'structure';
  if (cs === ce && removed === '' && inserted === '') return undefined; // changes nothing
  if (cs < d.range[0] || ce > d.range[1]) return 'outside';
  if (overlapsAny(doc.protectedRanges, cs, ce)) return 'protected';
  return undefined;
}

interface Edit {
  /** Offsets in the paragraph before the edit. */
  s: number;
  e: number;
  text: string;
}

/** Maps an offset of the edited paragraph back to the original (an offset inside an inserted text maps to its edit). */
function mapBack(edits: readonly Edit[], p: number, isEnd: boolean): number {
  let delta = 0;
  for (const ed of edits) {
    const ns = ed.s + delta;
    const ne = ns + ed.text.length;
    if (isEnd ? p <= ns : p < ns) return p - delta;
    if (isEnd ? p <= ne : p < ne) return isEnd ? ed.e : ed.s;
    delta += ed.text.length - (ed.e - ed.s);
  }
  return p - delta;
}

/** Maps an offset of the original paragraph forward through the edits (block and span bounds). */
function mapForward(edits: readonly Edit[], p: number, isEnd: boolean): number {
  let delta = 0;
  for (const ed of edits) {
    // An insertion at the end of a block belongs to it; anything else starting there does not.
    if (p < ed.s || (p === ed.s && (!isEnd || ed.e > ed.s))) break;
    if (p < ed.e) return ed.s + delta + (isEnd ? ed.text.length : 0);
    delta += ed.text.length - (ed.e - ed.s);
  }
  return p + delta;
}

function applyEdits(line: string, edits: readonly Edit[]): string {
  let out = '';
  let last = 0;
  for (const ed of edits) {
    out += line.slice(last, ed.s) + ed.text;
    last = ed.e;
  }
  return out + line.slice(last);
}

/** Whether two edits may be applied together (not overlapping, not two insertions at one point). */
function clash(a: Edit, b: Edit): boolean {
  if (a.s === a.e && b.s === b.e) return a.s === b.s;
  return (a.s < b.e && b.s < a.e) || (a.s === a.e && a.s > b.s && a.s < b.e) || (b.s === b.e && b.s > a.s && b.s < a.e);
}

interface Paragraph {
  blocks: Block[];
  protectedRanges: Range[];
}

function unitStructure(blocks: Block[], whole: DocumentStructure): DocumentStructure {
  return {
    titleBlocks: blocks.filter((b) => b.role === 'title'),
    ...(whole.genre ? { genre: whole.genre } : {}),
    ...(whole.direction ? { direction: whole.direction } : {}),
    byRole: (role) => blocks.filter((b) => b.role === role),
    blocks,
  };
}

/** A paragraph checked on its own: its text, blocks and protected spans (offsets relative to the paragraph). */
interface Unit {
  text: string;
  blocks: Block[];
  protectedRanges: Range[];
}

/** The unit after edits (sorted, not clashing), its blocks and protected spans moved with them. */
function editUnit(u: Unit, edits: readonly Edit[]): Unit {
  if (!edits.length) return u;
  return {
    text: applyEdits(u.text, edits),
    blocks: u.blocks.map((b) => ({
      ...b,
      range: [mapForward(edits, b.range[0], false), mapForward(edits, b.range[1], true)] as Range,
    })),
    protectedRanges: u.protectedRanges.map(
      (r): Range => [mapForward(edits, r[0], false), mapForward(edits, r[1], true)],
    ),
  };
}

function unitDocument(doc: GovDocument, u: Unit): GovDocument {
  return {
    format: doc.format,
    text: u.text,
    source: u.text,
    blocks: u.blocks.map((b, index) => ({
      index,
      kind: b.kind,
      range: b.range,
      ...(b.role ? { role: b.role } : {}),
      ...(b.level ? { level: b.level } : {}),
    })),
    sourceMap: { position: () => ({ line: 1, column: 1 }), lineText: () => '' },
    protectedRanges: u.protectedRanges,
  };
}

/** Rules a paragraph is checked with: every text rule the document's format runs (layout rules read the package). */
function verificationRules(registry: RuleRegistry, format: GovDocument['format']): Rule[] {
  return registry.all().filter((r) => {
    const f = r.meta.formats;
    if (r.meta.kind === 'llm') return false;
    return !f || (f.includes(format) && (f.includes('text') || f.includes('markdown')));
  });
}

const blocking = (d: Diagnostic) => d.severity !== 'info';

/**
 * Returns the diagnostics with every fix that is not safe demoted to a suggestion (see the top of this file). A new
 * finding at info level (advice) does not block a fix; a new warning or error does.
 */
export function verifyFixes(
  doc: GovDocument,
  structure: DocumentStructure,
  diagnostics: Diagnostic[],
  options: VerifyOptions,
  runRules: (doc: GovDocument, structure: DocumentStructure, rules: readonly Rule[]) => Diagnostic[],
): Diagnostic[] {
  const withFix: number[] = [];
  for (let i = 0; i < diagnostics.length; i++) if (diagnostics[i]!.fix) withFix.push(i);
  if (!withFix.length) return diagnostics;
  const out = diagnostics.slice();
  const text = doc.text;

  // Static checks first; the rest is grouped by paragraph.
  const byLine = new Map<number, number[]>();
  const lineOf = lineIndexer(text);
  for (const i of withFix) {
    const d = out[i]!;
    const why = staticProblem(doc, d);
    if (why) {
      out[i] = demoteFix(d, REASON_ZH[why]);
      continue;
    }
    const li = lineOf(d.fix!.range[0]);
    const list = byLine.get(li);
    if (list) list.push(i);
    else byLine.set(li, [i]);
  }
  for (const [li, idxs] of byLine) {
    const [start, end] = lineOf.bounds(li);
    if (end - start <= MAX_VERIFIED_PARAGRAPH) continue;
    for (const i of idxs) out[i] = demoteFix(out[i]!, REASON_ZH['too-long']);
    byLine.delete(li);
  }
  if (!byLine.size) return out;

  const rules = verificationRules(options.registry, doc.format);
  const blocksOf = blockSweeper(
    doc.blocks.filter((b) => b.range[1] > b.range[0]).sort((a, b) => a.range[0] - b.range[0]),
  );
  const scope = `${structure.genre ?? ''}\u0001${structure.direction ?? ''}`;
  for (const [li, idxs] of [...byLine].sort((a, b) => a[0] - b[0])) {
    const [start, end] = lineOf.bounds(li);
    const para: Paragraph = {
      blocks: blocksOf(start, end),
      protectedRanges: clipRanges(doc.protectedRanges, start, end),
    };
    const line = text.slice(start, end);
    const edits: Edit[] = idxs.map((i) => {
      const f = out[i]!.fix!;
      return { s: f.range[0] - start, e: f.range[1] - start, text: f.text };
    });
    let key: string | undefined;
    // Long paragraphs are not kept: the cache holds a few thousand entries and must stay small.
    if (options.cache && line.length <= 2000) {
      const sig = para.blocks
        .map((b) => `${b.range[0]},${b.range[1]},${b.kind},${b.role ?? ''},${b.level ?? ''}`)
        .join(';');
      const prot = para.protectedRanges.map((r) => `${r[0]},${r[1]}`).join(';');
      key = `${scope}\u0001${line}\u0001${sig}\u0001${prot}\u0001${edits.map((e) => `${e.s},${e.e},${e.text}`).join('\u0002')}`;
    }
    let verdicts = key !== undefined ? options.cache!.get(key) : undefined;
    if (!verdicts) {
      verdicts = verifyParagraph(doc, structure, para, line, edits, rules, runRules);
      if (key !== undefined) options.cache!.set(key, verdicts);
    }
    idxs.forEach((i, k) => {
      if (!verdicts![k]) out[i] = demoteFix(out[i]!, REASON_ZH['new-finding']);
    });
  }
  return out;
}

/** Sorted edits that do not clash, taken greedily in order. */
function compatible(edits: readonly Edit[]): Edit[] {
  const out: Edit[] = [];
  for (const ed of [...edits].sort((a, b) => a.s - b.s || a.e - b.e)) if (!out.some((o) => clash(o, ed))) out.push(ed);
  return out;
}

/** Rounds of follow-up fixes a fix may need before its paragraph settles (６，１４１ → 6，141 → 6,141). */
const FOLLOW_UP_ROUNDS = 3;

function verifyParagraph(
  doc: GovDocument,
  structure: DocumentStructure,
  para: Paragraph,
  line: string,
  edits: Edit[],
  rules: readonly Rule[],
  runRules: (doc: GovDocument, structure: DocumentStructure, rules: readonly Rule[]) => Diagnostic[],
): boolean[] {
  // Checks of this paragraph are bounded to a few times its length: on hostile input (thousands of fixes on one long
  // line, a batch that fails) the fix-by-fix checks would be quadratic. Fixes not verified within it stay suggestions.
  const size = line.length + 64;
  let budget = 2 * size + Math.min(14 * size, 100_000);
  const check = (u: Unit) => {
    budget -= u.text.length + 64;
    const unit = unitDocument(doc, u);
    return runRules(unit, unitStructure(unit.blocks, structure), rules).filter(blocking);
  };
  const initial: Unit = { text: line, blocks: para.blocks, protectedRanges: para.protectedRanges };
  const baseline = new Map<string, number>();
  for (const d of check(initial)) {
    const k = `${d.ruleId}\u0000${d.range[0]}\u0000${d.range[1]}`;
    baseline.set(k, (baseline.get(k) ?? 0) + 1);
  }
  /**
   * True when the edits (sorted, not clashing) leave no warning or error the paragraph did not have. A new finding
   * that has a fix of its own (a full-width comma between digits becomes a thousands separator once the digits are
   * half-width) is followed up, as the next pass of --fix would: the fix is safe when the paragraph then settles.
   */
  const settles = (applied: readonly Edit[]) => {
    if (budget < size) return false;
    const layers: Edit[][] = [[...applied]];
    let u = editUnit(initial, applied);
    for (let round = 0; ; round++) {
      const left = new Map(baseline);
      const fresh: Diagnostic[] = [];
      for (const d of check(u)) {
        let s = d.range[0];
        let e = d.range[1];
        for (let k = layers.length - 1; k >= 0; k--) {
          s = mapBack(layers[k]!, s, false);
          e = mapBack(layers[k]!, e, true);
        }
        const key = `${d.ruleId}\u0000${s}\u0000${e}`;
        const n = left.get(key) ?? 0;
        if (n === 0) fresh.push(d);
        else left.set(key, n - 1);
      }
      if (!fresh.length) return true;
      if (round === FOLLOW_UP_ROUNDS || budget < size || fresh.some((d) => !d.fix)) return false;
      const next = compatible(fresh.map((d) => ({ s: d.fix!.range[0], e: d.fix!.range[1], text: d.fix!.text })));
      layers.push(next);
      u = editUnit(u, next);
    }
  };
  const order = edits.map((_, k) => k).sort((a, b) => edits[a]!.s - edits[b]!.s || edits[a]!.e - edits[b]!.e);
  const sortedEdits = (ks: readonly number[]) => ks.map((k) => edits[k]!).sort((a, b) => a.s - b.s || a.e - b.e);
  const verdicts = edits.map(() => false);
  // The batch: every fix that does not clash with one before it (the others wait for a later pass anyway).
  const batch: number[] = [];
  const rest: number[] = [];
  for (const k of order) (batch.some((b) => clash(edits[b]!, edits[k]!)) ? rest : batch).push(k);
  if (settles(sortedEdits(batch))) {
    for (const k of batch) verdicts[k] = true;
  } else if (batch.length > 1) {
    // Fix by fix, keeping each one that still settles together with those kept before it.
    const kept: number[] = [];
    for (const k of batch) {
      if (settles(sortedEdits([...kept, k]))) {
        kept.push(k);
        verdicts[k] = true;
      }
    }
  }
  for (const k of rest) verdicts[k] = settles([edits[k]!]);
  return verdicts;
}

/**
 * Blocks overlapping each paragraph, in one sweep over paragraphs in order (a block may span several lines: a table
 * cell, a docx paragraph with line breaks; blocks may overlap).
 */
function blockSweeper(sorted: readonly Block[]): (start: number, end: number) => Block[] {
  let next = 0;
  let active: Block[] = [];
  return (start, end) => {
    while (next < sorted.length && sorted[next]!.range[0] < Math.max(end, start + 1)) active.push(sorted[next++]!);
    active = active.filter((b) => b.range[1] > start);
    return active
      .filter((b) => b.range[0] < Math.max(end, start + 1))
      .map((b) => ({ ...b, range: [Math.max(b.range[0], start) - start, Math.min(b.range[1], end) - start] as Range }));
  };
}

function clipRanges(sorted: readonly Range[], start: number, end: number): Range[] {
  const out: Range[] = [];
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]![1] <= start) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < sorted.length && sorted[k]![0] < end; k++) {
    const r = sorted[k]!;
    out.push([Math.max(r[0], start) - start, Math.min(r[1], end) - start]);
  }
  return out;
}

/** Line index of an offset and the bounds of a line (lines are paragraphs), built once per document. */
function lineIndexer(text: string): ((offset: number) => number) & { bounds(line: number): [number, number] } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const find = (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  return Object.assign(find, {
    bounds: (line: number): [number, number] => [
      starts[line]!,
      line + 1 < starts.length ? starts[line + 1]! - 1 : text.length,
    ],
  });
}
