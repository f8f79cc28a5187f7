import type { GovDocument } from '../document/types.js';
import type { Checker } from '../engine/checker.js';
import type { Diagnostic, DocxLayoutEditor, DocxRunEditor, Profile, Rule } from '../engine/types.js';
import { DocumentError } from '../formats/errors.js';
import {
  type ParagraphRecord as AnyParagraphRecord,
  type ParsedDocx as AnyParsedDocx,
  type TextPiece as AnyTextPiece,
  parseDocx,
} from '../formats/docx/read.js';
import {
  CT_NS,
  R_NS,
  REL_NS,
  W_NS,
  type Document,
  type Element,
  type Node,
  cloneElement,
  createW,
  descendants,
  editableDomOf,
  elements,
  isDom,
  screenXml,
  serializeXml,
  setWAttr,
  wAttr,
  wChild,
  wChildren,
} from '../formats/docx/xml.js';
import { writeZip } from '../formats/docx/zip.js';
import { alikeFindings } from '../report/alike.js';
import { SplicedMain, SpliceRefused } from './main-splice.js';

export interface ReviewOptions {
  /** Finds what the copy comments on; its rules declare the --fix-layout corrections and its profile their numbers. */
  checker: Pick<Checker, 'check' | 'registry' | 'profile'>;
  /** Author of comments and tracked changes. */
  author?: string;
  /** ISO date of comments and tracked changes (tests pass a fixed one). */
  date?: string;
  /** Also correct margins, fonts and sizes directly (not as tracked changes). */
  fixLayout?: boolean;
  /**
   * Make the safe text fixes directly instead of as tracked changes (a clean corrected copy); findings still open
   * are comments as usual.
   */
  accept?: boolean;
}

export interface ReviewResult {
  bytes: Uint8Array;
  document: GovDocument;
  diagnostics: Diagnostic[];
  comments: number;
  trackedChanges: number;
  /** Text fixes made directly (accept). */
  acceptedFixes: number;
  /** Direct layout corrections made with fixLayout, one line each (Chinese). */
  layoutFixes: string[];
  /** Diagnostics whose text could only be anchored to the nearest paragraph (headers, footers, numbering labels). */
  approximated: number;
}

// The review reads the main part into xmldom's DOM (it edits it in place): its paragraph records hold xmldom nodes.
// Records of headers and footers hold the light reading tree's; they are only ever read, never edited.
type ParsedDocx = AnyParsedDocx<Element>;
type ParagraphRecord = AnyParagraphRecord<Element>;
type TextPiece = AnyTextPiece<Element>;

const parseForReview = (input: Uint8Array): ParsedDocx => parseDocx(input, { dom: 'main' });

/**
 * xmldom's tree of a part, for editing and writing it: the reader's when it parsed the part with xmldom, else made
 * here (the reader reads most parts into its light tree, which cannot be edited), through editableDomOf: what it does
 * not tokenize itself, xmldom parses, and a part that is not well-formed is refused as parseXml refuses it.
 */
function domPart(parsed: ParsedDocx, part: string): Document | undefined {
  const doc = parsed.xml.get(part);
  if (doc && isDom(doc)) return doc;
  const bytes = parsed.parts.get(part);
  if (!bytes) return undefined;
  const dom = editableDomOf(screenXml(bytes, part), part);
  parsed.xml.set(part, dom);
  return dom;
}

/** The main part's tree, the one the paragraph records point into (parsed with xmldom by parseForReview). */
function mainDom(parsed: ParsedDocx): Document {
  const doc = parsed.xml.get(parsed.mainPart);
  if (!doc || !isDom(doc)) throw new Error('the main part was not parsed for editing');
  return doc;
}

const COMMENTS_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments';
const COMMENTS_CT = 'application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** Schema order of w:rPr children (CT_RPr), so inserted properties land where Word expects them. */
const RPR_ORDER = [
  'rStyle',
  'rFonts',
  'b',
  'bCs',
  'i',
  'iCs',
  'caps',
  'smallCaps',
  'strike',
  'dstrike',
  'outline',
  'shadow',
  'emboss',
  'imprint',
  'noProof',
  'snapToGrid',
  'vanish',
  'webHidden',
  'color',
  'spacing',
  'w',
  'kern',
  'position',
  'sz',
  'szCs',
  'highlight',
  'u',
  'effect',
  'bdr',
  'shd',
  'fitText',
  'vertAlign',
  'rtl',
  'cs',
  'em',
  'lang',
  'eastAsianLayout',
  'specVanish',
  'oMath',
];

function setText(doc: Document, t: Element, text: string): void {
  while (t.firstChild) t.removeChild(t.firstChild);
  t.appendChild(doc.createTextNode(text));
  if (/^\s|\s$/.test(text) || text.includes('  ')) t.setAttributeNS(XML_NS, 'xml:space', 'preserve');
}

function insertAfter(node: Element, ref: Element): void {
  const parent = ref.parentNode!;
  if (ref.nextSibling) parent.insertBefore(node, ref.nextSibling);
  else parent.appendChild(node);
}

/** Puts a property element into w:rPr in schema order (replacing one of the same name). */
function setRunProperty(doc: Document, run: Element, prop: Element): void {
  let rPr = wChild(run, 'rPr');
  if (!rPr) {
    rPr = createW(doc, 'rPr');
    run.insertBefore(rPr, run.firstChild);
  }
  const name = prop.localName!;
  const existing = wChild(rPr, name);
  if (existing) {
    rPr.replaceChild(prop, existing);
    return;
  }
  const rank = RPR_ORDER.indexOf(name);
  const after = elements(rPr).find((c) => c.namespaceURI === W_NS && RPR_ORDER.indexOf(c.localName!) > rank);
  if (after) rPr.insertBefore(prop, after);
  else rPr.appendChild(prop);
}

/** Character-level editing of one paragraph: run splitting that keeps each part's formatting. */
class ParagraphEditor {
  constructor(
    readonly doc: Document,
    readonly rec: ParagraphRecord,
  ) {}

  get pieces(): TextPiece[] {
    return this.rec.pieces;
  }

  /** Makes `pos` (paragraph offset) a run boundary; false when it falls inside something that cannot be split. */
  boundary(pos: number): boolean {
    const pieces = this.pieces;
    const inside = pieces.findIndex((p) => p.start < pos && pos < p.end);
    if (inside >= 0) {
      const p = pieces[inside]!;
      if (!p.t || !p.r) return false;
      const text = p.t.textContent ?? '';
      if (text.length !== p.end - p.start) return false;
      const k = pos - p.start;
      const t2 = cloneElement(p.t, false);
      setText(this.doc, p.t, text.slice(0, k));
      setText(this.doc, t2, text.slice(k));
      insertAfter(t2, p.t);
      pieces.splice(inside + 1, 0, { start: pos, end: p.end, t: t2, r: p.r, node: t2 });
      p.end = pos;
    }
    const j = pieces.findIndex((p) => p.start === pos);
    if (j <= 0) return true;
    const cur = pieces[j]!;
    const prev = pieces[j - 1]!;
    if (!cur.r || !cur.node || cur.r !== prev.r) return true;
    // Same run on both sides: move this child and everything after it into a copy of the run (same w:rPr).
    const run = cur.r;
    const copy = cloneElement(run, false);
    const rPr = wChild(run, 'rPr');
    if (rPr) copy.appendChild(cloneElement(rPr, true));
    for (let n: typeof cur.node | null = cur.node; n; ) {
      const next = n.nextSibling as Element | null;
      copy.appendChild(n);
      n = next;
    }
    insertAfter(copy, run);
    for (let k = j; k < pieces.length && pieces[k]!.r === run; k++) pieces[k]!.r = copy;
    return true;
  }

  /** The runs that hold exactly [s, e), after splitting; undefined when part of it is not in a run. */
  isolate(s: number, e: number): { runs: Element[]; complete: boolean } {
    const okS = this.boundary(s);
    const okE = this.boundary(e);
    const inRange = this.pieces.filter((p) => p.start >= s && p.end <= e && p.end > p.start);
    const runs: Element[] = [];
    for (const p of inRange) if (p.r && !runs.includes(p.r)) runs.push(p.r);
    const complete = okS && okE && inRange.every((p) => p.r) && inRange.length > 0;
    return { runs, complete };
  }
}

interface Anchor {
  rec: ParagraphRecord;
  start: number;
  end: number;
  exact: boolean;
}

/**
 * Writes the reviewed copy of a .docx: each finding as a Word comment on exactly the characters it concerns, each
 * deterministic text fix as a tracked change (w:del + w:ins), and with fixLayout the margins, fonts and sizes corrected.
 * Parts that are not touched keep their bytes; touched XML keeps every element and attribute the tool does not know.
 */
/** One editor per paragraph of the main part, made on first use. */
function editorsOf(
  main: Document,
  ensure: (rec: ParagraphRecord) => void = () => {},
): (rec: ParagraphRecord) => ParagraphEditor {
  const editors = new Map<ParagraphRecord, ParagraphEditor>();
  return (rec) => {
    ensure(rec);
    let e = editors.get(rec);
    if (!e) editors.set(rec, (e = new ParagraphEditor(main, rec)));
    return e;
  };
}

export function reviewDocx(input: Uint8Array, options: ReviewOptions): ReviewResult {
  if (!options.fixLayout) {
    const spliced = reviewSpliced(input, options);
    if (spliced) return spliced;
  }
  return reviewWithDom(input, options);
}

/** @internal reviewDocx with the whole main part in xmldom's DOM (what it falls back to; tests compare the two). */
export function reviewWithDom(input: Uint8Array, options: ReviewOptions): ReviewResult {
  // The package is unzipped and read once: the search for an earlier review and the review itself share it.
  const parsed = parseForReview(input);
  // A copy reviewed before: our earlier comments and tracked changes go (the changes rejected, so the text is the
  // author's again) and are written anew; the user's own comments and changes stay.
  const own = withoutOwnReview(input, parsed, options.author ?? 'gongwen');
  if (own) return reviewDocx(own, options);
  const { checker } = options;
  if (options.fixLayout) {
    // Layout first, then the review of the corrected document: its comments speak only of what is still wrong.
    const main = mainDom(parsed);
    const editor = editorsOf(main);
    const layoutFixes: string[] = [];
    applyLayoutFixes(
      parsed,
      checker.check(parsed.doc).diagnostics,
      checker.registry.all(),
      checker.profile,
      main,
      editor,
      layoutFixes,
    );
    const rest = { ...options, checker, fixLayout: false };
    if (!layoutFixes.length) return reviewDocx(input, rest);
    const parts = new Map(parsed.parts);
    parts.set(parsed.mainPart, serializeXml(main));
    const kept = new Set([...parts.keys()].filter((n) => n !== parsed.mainPart));
    return { ...reviewDocx(writeZip(parts, input, kept), rest), layoutFixes };
  }
  return writeReview(input, parsed, checker.check(parsed.doc).diagnostics, { ...options, registry: checker.registry });
}

/**
 * The review of a package read with the light tree only, its main part edited block by block (SplicedMain); undefined
 * when that does not apply (an earlier review of ours to take out, an unusual main part), for the whole-DOM way.
 */
function reviewSpliced(input: Uint8Array, options: ReviewOptions): ReviewResult | undefined {
  const parsed = parseDocx(input) as unknown as ParsedDocx;
  if (hasOwnReview(parsed, options.author ?? 'gongwen')) return undefined;
  const main = SplicedMain.create(parsed, parsed.parts.get(parsed.mainPart)!);
  if (!main) return undefined;
  const { checker } = options;
  try {
    return writeReview(
      input,
      parsed,
      checker.check(parsed.doc).diagnostics,
      { ...options, registry: checker.registry },
      main,
    );
  } catch (e) {
    if (e instanceof SpliceRefused) return undefined;
    throw e;
  }
}

/** The reviewed copy of a parsed .docx with the given findings of its document (`parsed.doc`). */
export function writeReview(
  input: Uint8Array,
  parsed: ParsedDocx,
  diagnostics: Diagnostic[],
  /** `registry`: where the rules' meta says which findings concern the whole document (one comment at the start). */
  options: Pick<ReviewOptions, 'author' | 'date' | 'accept'> & { registry?: Pick<Checker['registry'], 'get'> },
  /** The main part edited block by block (its records point into the light tree until a block is edited). */
  spliced?: SplicedMain,
): ReviewResult {
  const author = options.author ?? 'gongwen';
  const date = (options.date ?? new Date().toISOString()).replace(/\.\d{3}Z$/, 'Z');
  const main = spliced ? spliced.doc : mainDom(parsed);
  const ensure = (rec: ParagraphRecord) => spliced?.ensure(rec);
  const touched = new Set<string>();
  const records = parsed.paragraphs.filter((r) => r.part === parsed.mainPart);
  const editor = editorsOf(main, ensure);

  const layoutFixes: string[] = [];
  const layoutFixed = new Set<Diagnostic>();

  // Where each finding goes: its own characters when they are in the main part, else the nearest body paragraph.
  const byOffset = [...parsed.paragraphs].sort((a, b) => a.offset - b.offset);
  const recordAt = (offset: number) => {
    let lo = 0;
    let hi = byOffset.length - 1;
    let hit: ParagraphRecord | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (byOffset[mid]!.offset <= offset) {
        hit = byOffset[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return hit;
  };
  const firstText =
    records.find((r) => r.text.trim() !== '' && r.pieces.some((p) => p.r)) ??
    records.find((r) => r.pieces.some((p) => p.r));
  const anchorOf = (d: Diagnostic): Anchor | undefined => {
    const rec = recordAt(d.range[0]);
    if (rec && rec.part === parsed.mainPart) {
      const s = d.range[0] - rec.offset;
      const e = Math.min(d.range[1] - rec.offset, rec.text.length);
      if (e > s) {
        const pieces = rec.pieces.filter((p) => p.end > s && p.start < e);
        if (pieces.length && pieces.every((p) => p.r)) return { rec, start: s, end: e, exact: true };
        const withRun = rec.pieces.filter((p) => p.r);
        if (withRun.length)
          return { rec, start: withRun[0]!.start, end: withRun[withRun.length - 1]!.end, exact: false };
      }
      const withRun = rec.pieces.filter((p) => p.r);
      if (withRun.length)
        return {
          rec,
          start: withRun[0]!.start,
          end: withRun[withRun.length - 1]!.end,
          exact: e === s && rec.text.trim() !== '',
        };
    }
    if (!firstText) return undefined;
    const withRun = firstText.pieces.filter((p) => p.r);
    return { rec: firstText, start: withRun[0]!.start, end: withRun[withRun.length - 1]!.end, exact: false };
  };

  // Tracked changes: non-overlapping fixes inside one main-part paragraph, applied after the comments' anchors exist.
  const fixable = diagnostics
    .filter((d) => d.fix && !layoutFixed.has(d))
    .sort((a, b) => a.fix!.range[0] - b.fix!.range[0] || a.fix!.range[1] - b.fix!.range[1]);
  const accepted: Diagnostic[] = [];
  let lastEnd = -1;
  for (const d of fixable) {
    const [s, e] = d.fix!.range;
    if (s < lastEnd) continue;
    const rec = recordAt(s);
    if (!rec || rec.part !== parsed.mainPart || e > rec.offset + rec.text.length) continue;
    const pieces = rec.pieces.filter((p) => p.end > s - rec.offset && p.start < e - rec.offset);
    if (e > s && !pieces.every((p) => p.t && p.r)) continue;
    accepted.push(d);
    lastEnd = Math.max(e, s + 1);
  }

  if (spliced) {
    // The blocks that will be edited, parsed together (a few more than needed does no harm: only edited ones are
    // written anew).
    const recs: ParagraphRecord[] = [];
    for (const d of diagnostics) {
      const a = anchorOf(d);
      if (a) recs.push(a.rec);
      else if (records[0]) recs.push(records[0]);
      if (options.registry?.get(d.ruleId)?.meta.extent === 'document') {
        const first = records.find((r) => r.text.trim() !== '') ?? records[0];
        if (first) recs.push(first);
      }
    }
    for (const d of accepted) recs.push(recordAt(d.fix!.range[0])!);
    spliced.prefetch(recs);
  }

  // Comments.
  // The comments part is created only when there is something to say, so a clean document comes back unchanged.
  let commentsDoc: Document | undefined;
  let commentId = 0;
  const comments_ = () => {
    if (!commentsDoc) {
      commentsDoc = domPart(parsed, ensureCommentsPart(parsed, touched))!;
      commentId =
        Math.max(-1, ...wChildren(commentsDoc.documentElement, 'comment').map((c) => Number(wAttr(c, 'id') ?? -1))) + 1;
    }
    return commentsDoc;
  };
  let approximated = 0;
  let comments = 0;
  // Findings about the page setup of the whole document (paper, margins, grid) say nothing about the paragraph they
  // point at: one comment at the start of the document holds them all.
  const wide = diagnostics.filter(
    (d) => !layoutFixed.has(d) && options.registry?.get(d.ruleId)?.meta.extent === 'document',
  );
  const wideSet = new Set(wide);
  if (wide.length) {
    const first = records.find((r) => r.text.trim() !== '') ?? records[0];
    if (first) {
      ensure(first);
      const p = first.el;
      const cdoc = comments_();
      const id = String(commentId++);
      const pPr = wChild(p, 'pPr');
      const at = pPr ? pPr.nextSibling : p.firstChild;
      const refRun = createW(main, 'r');
      const ref = createW(main, 'commentReference');
      setWAttr(ref, 'id', id);
      refRun.appendChild(ref);
      for (const node of [createW(main, 'commentRangeStart'), createW(main, 'commentRangeEnd'), refRun]) {
        if (node !== refRun) setWAttr(node, 'id', id);
        p.insertBefore(node, at);
      }
      appendComment(cdoc, id, author, date, [
        `全文问题（页面设置等，共 ${wide.length} 条）：`,
        ...wide.map((d, i) => `${i + 1}. ${commentText(d, '')}`),
      ]);
      comments++;
      touched.add(parsed.mainPart);
    }
  }
  const commentOn = (d: Diagnostic, more: readonly string[] = []): boolean => {
    const a = anchorOf(d);
    if (!a) {
      // No run anywhere (an empty document): a zero-length comment in the first paragraph still carries the finding.
      if (records[0]) ensure(records[0]);
      const p = records[0]?.el;
      if (!p) return false;
      const cdoc = comments_();
      const id = String(commentId++);
      for (const tag of ['commentRangeStart', 'commentRangeEnd']) {
        const m = createW(main, tag);
        setWAttr(m, 'id', id);
        p.appendChild(m);
      }
      const refRun = createW(main, 'r');
      const ref = createW(main, 'commentReference');
      setWAttr(ref, 'id', id);
      refRun.appendChild(ref);
      p.appendChild(refRun);
      appendComment(cdoc, id, author, date, [commentText(d, placeNote(parsed, d)), ...more]);
      approximated++;
      comments++;
      touched.add(parsed.mainPart);
      return true;
    }
    if (!a.exact) approximated++;
    const ed = editor(a.rec);
    const { runs } = ed.isolate(a.start, a.end);
    if (!runs.length) return false;
    const cdoc = comments_();
    const id = String(commentId++);
    const start = createW(main, 'commentRangeStart');
    setWAttr(start, 'id', id);
    const end = createW(main, 'commentRangeEnd');
    setWAttr(end, 'id', id);
    runs[0]!.parentNode!.insertBefore(start, runs[0]!);
    const last = runs[runs.length - 1]!;
    insertAfter(end, last);
    const refRun = createW(main, 'r');
    refRun.appendChild(createW(main, 'commentReference'));
    setWAttr(refRun.firstChild as Element, 'id', id);
    insertAfter(refRun, end);
    appendComment(cdoc, id, author, date, [commentText(d, a.exact ? '' : placeNote(parsed, d)), ...more]);
    comments++;
    touched.add(parsed.mainPart);
    return true;
  };

  // With accept, a finding whose fix is made needs no comment (one whose fix cannot be made gets one below).
  const fixedDirectly = new Set(options.accept ? accepted : []);
  const commented = diagnostics.filter((d) => !layoutFixed.has(d) && !wideSet.has(d) && !fixedDirectly.has(d));
  // The same finding without a fix in many places (every body paragraph set in 楷体) is one thing to mend: one comment
  // at the first place says how many there are and where the others begin, instead of a margin full of the same words.
  const inGroup = alikeFindings(commented);
  for (const d of commented) {
    const group = inGroup.get(d);
    if (!group) commentOn(d);
    else if (group[0] === d) {
      // The first that can carry a comment stands for the group.
      const note = [repeatNote(group, recordAt)];
      for (const g of group) if (commentOn(g, note)) break;
    }
  }

  // Tracked changes (with accept, made the same way and accepted at the end: our w:del go, our w:ins are unwrapped).
  let revId = spliced ? spliced.nextRevisionId() : nextRevisionId(main);
  let trackedChanges = 0;
  const made: Element[] = [];
  const applied = new Set<Diagnostic>();
  for (const d of accepted) {
    const [s, e] = d.fix!.range;
    const rec = recordAt(s)!;
    const ed = editor(rec);
    const ps = s - rec.offset;
    const pe = e - rec.offset;
    let anchorRun: Element | undefined;
    let template: Element | undefined;
    if (pe > ps) {
      const { runs, complete } = ed.isolate(ps, pe);
      if (!complete || !runs.length) continue;
      template = runs[0];
      for (const run of runs) {
        const del = createW(main, 'del');
        setWAttr(del, 'id', String(revId++));
        setWAttr(del, 'author', author);
        setWAttr(del, 'date', date);
        run.parentNode!.insertBefore(del, run);
        del.appendChild(run);
        made.push(del);
        for (const t of wChildren(run, 't')) {
          const dt = createW(main, 'delText');
          setText(main, dt, t.textContent ?? '');
          run.replaceChild(dt, t);
        }
      }
      anchorRun = runs[runs.length - 1]!.parentNode as Element;
    } else {
      ed.boundary(ps);
      const before = rec.pieces.filter((p) => p.end <= ps && p.r).pop();
      const after = rec.pieces.find((p) => p.start >= ps && p.r);
      template = before?.r ?? after?.r;
      if (!template) continue;
      anchorRun = before?.r;
      if (!anchorRun && after?.r) {
        // Insert before the following run: use a marker element placed before it.
        anchorRun = undefined;
      }
    }
    if (d.fix!.text) {
      const ins = createW(main, 'ins');
      setWAttr(ins, 'id', String(revId++));
      setWAttr(ins, 'author', author);
      setWAttr(ins, 'date', date);
      const run = createW(main, 'r');
      const rPr = template ? wChild(template, 'rPr') : undefined;
      if (rPr) run.appendChild(cloneElement(rPr, true));
      const t = createW(main, 't');
      setText(main, t, d.fix!.text);
      run.appendChild(t);
      ins.appendChild(run);
      if (anchorRun) insertAfter(ins, anchorRun);
      else template!.parentNode!.insertBefore(ins, template!);
      made.push(ins);
    }
    trackedChanges++;
    applied.add(d);
    touched.add(parsed.mainPart);
  }
  let acceptedFixes = 0;
  if (options.accept) {
    for (const el of made) {
      const parent = el.parentNode!;
      if (el.localName === 'ins') while (el.firstChild) parent.insertBefore(el.firstChild, el);
      parent.removeChild(el);
    }
    acceptedFixes = trackedChanges;
    trackedChanges = 0;
    for (const d of fixedDirectly) if (!applied.has(d)) commentOn(d);
  }

  const out = new Map<string, Uint8Array>();
  const written = (name: string) => {
    if (!spliced || name !== parsed.mainPart) return serializeXml(domPart(parsed, name)!);
    const bytes = spliced.output();
    if (!bytes) throw new SpliceRefused('a block needs a namespace declaration added');
    return bytes;
  };
  for (const [name, data] of parsed.parts) out.set(name, touched.has(name) ? written(name) : data);
  for (const name of touched) if (!out.has(name)) out.set(name, serializeXml(domPart(parsed, name)!));
  const untouched = new Set([...parsed.parts.keys()].filter((n) => !touched.has(n)));
  return {
    bytes: writeZip(out, input, untouched),
    document: parsed.doc,
    diagnostics,
    comments,
    trackedChanges,
    acceptedFixes,
    layoutFixes,
    approximated,
  };
}

/** How many of the other places a grouped comment names. */
const NAMED_PLACES = 5;

/** The line a grouped comment adds: how many places there are, and how the paragraphs of the others begin. */
function repeatNote(group: readonly Diagnostic[], recordAt: (offset: number) => { text: string } | undefined): string {
  const starts: string[] = [];
  const seen = new Set<unknown>();
  for (const d of group.slice(1)) {
    const rec = recordAt(d.range[0]);
    // A paragraph once, and only its beginning read: many findings in one endless paragraph stay linear.
    if (!rec || seen.has(rec)) continue;
    seen.add(rec);
    const head = [...rec.text.slice(0, 64).trimStart()];
    if (!head.length) continue;
    const start = head.slice(0, 10).join('') + (head.length > 10 ? '……' : '');
    if (starts.includes(`“${start}”`)) continue;
    starts.push(`“${start}”`);
    if (starts.length >= NAMED_PLACES) break;
  }
  const where = starts.length
    ? `，其余各处所在段落如${starts.join('、')}${group.length - 1 > starts.length ? '等' : ''}`
    : '';
  return `同一问题共 ${group.length} 处，只在此处批注${where}。`;
}

/**
 * What a comment says: the message in plain Chinese first, then the clause, the rule id last (for looking it up or
 * turning the rule off); AI findings are marked as such.
 */
function commentText(d: Diagnostic, where: string): string {
  const source = d.source === 'llm' ? '［AI 建议］' : '';
  const clause = d.standard ? `（${d.standard}）` : '';
  return `${source}${where}${d.message}${clause} [${d.ruleId}]`;
}

/** Where a finding that is not in the body text sits, said in the comment (页眉/页脚, page setup). */
function placeNote(parsed: ParsedDocx, d: Diagnostic): string {
  const rec = parsed.paragraphs.find((r) => d.range[0] >= r.offset && d.range[0] <= r.offset + r.text.length);
  if (rec?.block.kind === 'footer') return '（页脚）';
  if (rec?.block.kind === 'header') return '（页眉）';
  return '';
}

function nextRevisionId(doc: Document): number {
  // One pass over the tree for all revision kinds (a walk per kind showed in profiles of large documents).
  let max = 0;
  const walk = (n: Node) => {
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.nodeType !== 1) continue;
      const el = c as Element;
      if (el.namespaceURI === W_NS && REVISION_TAGS.has(el.localName!))
        max = Math.max(max, Number(wAttr(el, 'id') ?? 0) || 0);
      walk(el);
    }
  };
  walk(doc);
  return max + 1000;
}

/** A comment of one paragraph per line of text. */
function appendComment(doc: Document, id: string, author: string, date: string, paragraphs: readonly string[]): void {
  const c = createW(doc, 'comment');
  setWAttr(c, 'id', id);
  setWAttr(c, 'author', author);
  setWAttr(c, 'date', date);
  setWAttr(c, 'initials', 'GW');
  paragraphs.forEach((text, i) => {
    const p = createW(doc, 'p');
    if (i === 0) {
      const refRun = createW(doc, 'r');
      refRun.appendChild(createW(doc, 'annotationRef'));
      p.appendChild(refRun);
    }
    const r = createW(doc, 'r');
    const t = createW(doc, 't');
    setText(doc, t, text);
    r.appendChild(t);
    p.appendChild(r);
    c.appendChild(p);
  });
  doc.documentElement!.appendChild(c);
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Attribute with a local name in any namespace (w14:paraId, w15:paraId, w16cid:durableId …). */
function attrLocal(el: Element, local: string): string | undefined {
  const attrs = el.attributes;
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs[i]!;
    if ((a.localName ?? a.name) === local) return a.value;
  }
  return undefined;
}

function walkElements(root: Node, visit: (el: Element) => void): void {
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    for (let c = n.lastChild; c; c = c.previousSibling) {
      if (c.nodeType !== 1) continue;
      visit(c as Element);
      stack.push(c);
    }
  }
}

/**
 * The package with the comments and tracked changes of an earlier review by `author` taken out: comments removed
 * (with their anchors and their entries in the comment extension parts), insertions dropped, deletions restored. The
 * user's comments and changes are kept. Undefined when the package holds nothing of that author.
 */
function hasOwnReview(parsed: ParsedDocx, author: string): boolean {
  // Looked for in the bytes (UTF-8 keeps a string's bytes wherever it sits): decoding every part cost more.
  const needle = Buffer.from(`author="${author.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!)}"`, 'utf8');
  return [...parsed.parts].some(
    ([name, b]) => name.endsWith('.xml') && Buffer.from(b.buffer, b.byteOffset, b.length).includes(needle),
  );
}

function withoutOwnReview(input: Uint8Array, parsed: ParsedDocx, author: string): Uint8Array | undefined {
  if (!hasOwnReview(parsed, author)) return undefined;
  const main = mainDom(parsed);
  const touched = new Set<string>();
  const open = (part: string) => domPart(parsed, part);
  const relTarget = (suffix: string) =>
    [...parsed.rels.values()].find((r) => r.type.endsWith(`/${suffix}`) && parsed.parts.has(r.target))?.target;

  // Comments of the author, and the paragraph ids the extension parts know them by.
  const ids = new Set<string>();
  const paraIds = new Set<string>();
  const commentsPart = relTarget('comments');
  const cdoc = commentsPart ? open(commentsPart) : undefined;
  if (cdoc?.documentElement) {
    for (const c of wChildren(cdoc.documentElement, 'comment')) {
      if (wAttr(c, 'author') !== author) continue;
      ids.add(wAttr(c, 'id') ?? '');
      walkElements(c, (el) => {
        const pid = el.localName === 'p' ? attrLocal(el, 'paraId') : undefined;
        if (pid) paraIds.add(pid);
      });
      c.parentNode!.removeChild(c);
      touched.add(commentsPart!);
    }
  }
  if (paraIds.size) {
    const durable = new Set<string>();
    const ext = relTarget('commentsExtended');
    const extDoc = ext ? open(ext) : undefined;
    if (extDoc?.documentElement) {
      for (const el of elements(extDoc.documentElement)) {
        if (paraIds.has(attrLocal(el, 'paraId') ?? '')) {
          el.parentNode!.removeChild(el);
          touched.add(ext!);
          continue;
        }
        // A reply of the user to one of our comments stands on its own.
        const parent = [...Array.from({ length: el.attributes.length }, (_, i) => el.attributes[i]!)].find(
          (a) => (a.localName ?? a.name) === 'paraIdParent',
        );
        if (parent && paraIds.has(parent.value)) {
          el.removeAttributeNode(parent);
          touched.add(ext!);
        }
      }
    }
    const idsPart = relTarget('commentsIds');
    const idsDoc = idsPart ? open(idsPart) : undefined;
    if (idsDoc?.documentElement) {
      for (const el of elements(idsDoc.documentElement)) {
        if (!paraIds.has(attrLocal(el, 'paraId') ?? '')) continue;
        const d = attrLocal(el, 'durableId');
        if (d) durable.add(d);
        el.parentNode!.removeChild(el);
        touched.add(idsPart!);
      }
    }
    const cex = relTarget('commentsExtensible');
    const cexDoc = cex ? open(cex) : undefined;
    if (cexDoc?.documentElement && durable.size) {
      for (const el of elements(cexDoc.documentElement)) {
        if (durable.has(attrLocal(el, 'durableId') ?? '')) {
          el.parentNode!.removeChild(el);
          touched.add(cex!);
        }
      }
    }
  }

  // Anchors of those comments and the author's tracked changes in the main part.
  const drop: Element[] = [];
  const unwrap: Element[] = [];
  walkElements(main, (el) => {
    if (el.namespaceURI !== W_NS) return;
    const name = el.localName;
    if (
      (name === 'commentRangeStart' || name === 'commentRangeEnd' || name === 'commentReference') &&
      ids.has(wAttr(el, 'id') ?? '')
    )
      drop.push(el);
    else if ((name === 'ins' || name === 'moveTo') && wAttr(el, 'author') === author) drop.push(el);
    else if ((name === 'del' || name === 'moveFrom') && wAttr(el, 'author') === author) unwrap.push(el);
  });
  for (const el of drop) {
    const parent = el.parentNode as Element | null;
    if (!parent) continue;
    parent.removeChild(el);
    // The run that only carried the comment mark goes with it.
    if (
      el.localName === 'commentReference' &&
      parent.localName === 'r' &&
      elements(parent).every((c) => c.localName === 'rPr')
    )
      parent.parentNode?.removeChild(parent);
  }
  for (const el of unwrap) {
    const parent = el.parentNode;
    if (!parent) continue;
    walkElements(el, (c) => {
      if (c.namespaceURI !== W_NS || (c.localName !== 'delText' && c.localName !== 'delInstrText')) return;
      const t = createW(main, c.localName === 'delText' ? 't' : 'instrText');
      for (let a = 0; a < c.attributes.length; a++) t.setAttributeNode(c.attributes[a]!.cloneNode(true) as never);
      while (c.firstChild) t.appendChild(c.firstChild);
      c.parentNode!.replaceChild(t, c);
    });
    while (el.firstChild) parent.insertBefore(el.firstChild, el);
    parent.removeChild(el);
  }
  if (drop.length || unwrap.length) touched.add(parsed.mainPart);
  if (!touched.size) return undefined;
  const out = new Map(parsed.parts);
  for (const name of touched) out.set(name, serializeXml(domPart(parsed, name)!));
  return writeZip(out, input, new Set([...parsed.parts.keys()].filter((n) => !touched.has(n))));
}

/** The comments part, created (with its relationship and content type) when the document has none. */
function ensureCommentsPart(parsed: ParsedDocx, touched: Set<string>): string {
  for (const rel of parsed.rels.values()) {
    if (rel.type === COMMENTS_TYPE && parsed.parts.has(rel.target)) {
      domPart(parsed, rel.target);
      touched.add(rel.target);
      return rel.target;
    }
  }
  const dir = parsed.mainPart.slice(0, parsed.mainPart.lastIndexOf('/') + 1);
  let name = `${dir}comments.xml`;
  for (let i = 1; parsed.parts.has(name); i++) name = `${dir}comments${i}.xml`;
  const doc = editableDomOf(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:comments xmlns:w="${W_NS}" xmlns:r="${R_NS}"></w:comments>`,
    name,
  );
  parsed.xml.set(name, doc);
  touched.add(name);

  const relsName = `${dir}_rels/${parsed.mainPart.slice(dir.length)}.rels`;
  let rels = domPart(parsed, relsName);
  if (!rels) {
    rels = editableDomOf(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${REL_NS}"></Relationships>`,
      relsName,
    );
    parsed.xml.set(relsName, rels);
  }
  const ids = new Set(elements(rels.documentElement).map((r) => r.getAttribute('Id')));
  let rid = 'rIdGongwenComments';
  for (let i = 1; ids.has(rid); i++) rid = `rIdGongwenComments${i}`;
  const rel = rels.createElementNS(REL_NS, 'Relationship');
  rel.setAttribute('Id', rid);
  rel.setAttribute('Type', COMMENTS_TYPE);
  rel.setAttribute('Target', name.slice(dir.length));
  rels.documentElement!.appendChild(rel);
  touched.add(relsName);

  const ctName = '[Content_Types].xml';
  const ctBytes = parsed.parts.get(ctName);
  if (!ctBytes)
    throw new DocumentError('no-content-types', '缺少 [Content_Types].xml / the package has no [Content_Types].xml');
  const ct = domPart(parsed, ctName)!;
  const override = ct.createElementNS(CT_NS, 'Override');
  override.setAttribute('PartName', `/${name}`);
  override.setAttribute('ContentType', COMMENTS_CT);
  ct.documentElement!.appendChild(override);
  touched.add(ctName);
  return name;
}

const REVISION_TAGS = new Set(['ins', 'del', 'moveFrom', 'moveTo', 'rPrChange', 'pPrChange']);

/**
 * --fix-layout: each rule that declares a docx fix corrects what it found, page setup first. The fixes change the
 * document directly (not as tracked changes); the caller reviews the corrected copy afterwards.
 */
function applyLayoutFixes(
  parsed: ParsedDocx,
  diagnostics: Diagnostic[],
  rules: readonly Rule[],
  profile: Profile,
  main: Document,
  editor: (r: ParagraphRecord) => ParagraphEditor,
  out: string[],
): void {
  const layoutEditor = docxLayoutEditor(parsed, main, editor);
  for (const target of ['page', 'text'] as const) {
    for (const rule of rules) {
      if (rule.docxFix?.target !== target) continue;
      const line = rule.docxFix.apply(
        layoutEditor,
        diagnostics.filter((d) => d.ruleId === rule.meta.id),
        profile,
      );
      if (line) out.push(line);
    }
  }
}

function docxLayoutEditor(
  parsed: ParsedDocx,
  main: Document,
  editor: (r: ParagraphRecord) => ParagraphEditor,
): DocxLayoutEditor {
  const records = parsed.paragraphs.filter((r) => r.part === parsed.mainPart);
  return {
    setPortraitMargins(want) {
      const body = wChild(main.documentElement, 'body');
      const sectPrs = body ? descendants(body, W_NS, 'sectPr') : [];
      let changedSections = 0;
      for (const sp of sectPrs) {
        const pgSz = wChild(sp, 'pgSz');
        const landscape =
          wAttr(pgSz, 'orient') === 'landscape' || Number(wAttr(pgSz, 'w') ?? 0) > Number(wAttr(pgSz, 'h') ?? 1);
        if (landscape) continue;
        let pgMar = wChild(sp, 'pgMar');
        if (!pgMar) {
          pgMar = createW(main, 'pgMar');
          if (pgSz) insertAfter(pgMar, pgSz);
          else sp.appendChild(pgMar);
        }
        let changed = false;
        for (const [k, v] of Object.entries(want)) {
          const cur = Number(wAttr(pgMar, k));
          if (!(Math.abs(cur - v) <= 1)) {
            setWAttr(pgMar, k, String(v));
            changed = true;
          }
        }
        if (wAttr(pgMar, 'gutter') && wAttr(pgMar, 'gutter') !== '0') {
          setWAttr(pgMar, 'gutter', '0');
          changed = true;
        }
        if (changed) changedSections++;
      }
      return changedSections;
    },
    paragraphAt(range) {
      const rec = records.find((r) => range[0] >= r.offset && range[1] <= r.offset + r.text.length);
      if (!rec) return undefined;
      return {
        block: rec.block,
        runs(r) {
          const { runs, complete } = editor(rec).isolate(r[0] - rec.offset, r[1] - rec.offset);
          if (!complete) return undefined;
          const out: DocxRunEditor[] = [];
          for (const run of runs) {
            const piece = rec.pieces.find((p) => p.r === run);
            if (!piece) continue;
            const at = rec.offset + piece.start;
            const format = rec.block.format?.runs?.find((f) => f.start <= at && at < f.end);
            if (!format) continue;
            out.push({
              format,
              setEastAsiaFont(name) {
                const existing = wChild(wChild(run, 'rPr'), 'rFonts');
                const rfEl = existing ? cloneElement(existing, true) : createW(main, 'rFonts');
                setWAttr(rfEl, 'eastAsia', name);
                rfEl.removeAttributeNS(W_NS, 'eastAsiaTheme');
                setRunProperty(main, run, rfEl);
              },
              setSizePt(pt) {
                for (const tag of ['sz', 'szCs']) {
                  const el = createW(main, tag);
                  setWAttr(el, 'val', String(Math.round(pt * 2)));
                  setRunProperty(main, run, el);
                }
              },
            });
          }
          return out;
        },
      };
    },
  };
}
