import { statSync } from 'node:fs';
import { dirname, extname, relative, resolve } from 'node:path';
import {
  DocumentError,
  askModel,
  composeDraft,
  guardFacts,
  indexSources,
  markdownFromText,
  type Diagnostic,
  type DraftModelOptions,
  type FixChange,
  type UnverifiedFact,
  classifiedMark,
  csvMaterialText,
  decodeText,
  planDraft,
  textDocument,
  type DraftPlan,
  type Material,
} from '@gongwen/core';
import { UsageError } from './errors.js';
import type { Gongwen } from './gongwen.js';
import { fixLoop } from './fix.js';
import { assertCheckable, readFileBytes, readInput, type LegacyConverter } from './read.js';

/** The material formats a draft is made from (.doc/.wps through LibreOffice when it is installed). */
export const MATERIAL_EXTENSIONS = [
  '.txt',
  '.text',
  '.md',
  '.markdown',
  '.docx',
  '.doc',
  '.wps',
  '.csv',
  '.pdf',
  '.ofd',
];

/** A material file read as text, lines as in the file (a .docx: one line per paragraph). */
export interface ReadMaterial extends Material {
  path: string;
}

/** A material marked 绝密/机密/秘密: never sent to a model, nor drafted from. */
export class ClassifiedMaterialError extends UsageError {
  constructor(
    readonly file: string,
    readonly mark: string,
  ) {
    super(
      `材料“${file}”标有密级“${mark}”：涉密材料不得用于 AI 起草，也不得发送给模型服务；未发送任何文字 / classified material refused`,
    );
    this.name = 'ClassifiedMaterialError';
  }
}

/**
 * Reads one material with the readers `gongwen check` uses (PDF and OFD text by page and line, .doc/.wps through
 * `convert`); a UsageError for an unknown format, a classified mark or an unreadable file.
 */
export async function readMaterial(file: string, shown: string, convert?: LegacyConverter): Promise<ReadMaterial> {
  const ext = extname(file).toLowerCase();
  if (!MATERIAL_EXTENSIONS.includes(ext))
    throw new UsageError(
      `不支持的材料格式：${shown}（可用：${MATERIAL_EXTENSIONS.join('、')}） / unsupported material format`,
    );
  try {
    assertCheckable(file);
    const doc =
      ext === '.csv'
        ? textDocument(csvMaterialText(decodeText(readFileBytes(file)).text.replace(/\r\n?/g, '\n')))
        : (await readInput(file, convert)).doc;
    const secret = classifiedMark(doc);
    if (secret) throw new ClassifiedMaterialError(shown, secret.mark);
    // Markdown keeps its source (line numbers as the user sees them); a .docx is its paragraphs, one a line.
    const text = doc.source ?? doc.text;
    return { name: shown, path: file, text };
  } catch (e) {
    if (e instanceof DocumentError) throw new UsageError(`无法读取材料 ${shown}：${e.message}`);
    throw e;
  }
}

export interface PlanOptions {
  request: string;
  materials: string[];
  genre?: string;
  from?: string;
  to?: string;
}

/** Reads the materials (relative to the instance's folder) and plans the draft without a model. */
export async function planFromFiles(
  gongwen: Gongwen,
  options: PlanOptions,
): Promise<{ plan: DraftPlan; materials: ReadMaterial[] }> {
  if (!options.request?.trim()) throw new UsageError('请用 --request 写明起草要求 / give the request with --request');
  const materials: ReadMaterial[] = [];
  for (const m of options.materials) {
    const abs = resolve(gongwen.cwd, m);
    if (!statSync(abs, { throwIfNoEntry: false })?.isFile())
      throw new UsageError(`找不到材料：${m} / material not found`);
    materials.push(await readMaterial(abs, m, gongwen.legacyConverter()));
  }
  const organization = gongwen.configFor(resolve(gongwen.cwd, 'draft.md')).config.organization;
  // Without --from, the unit the config names writes (organization.name).
  const from = options.from ?? organization?.name;
  const plan = planDraft({
    request: options.request,
    ...(options.genre ? { genre: options.genre } : {}),
    ...(from ? { from } : {}),
    ...(options.to ? { to: options.to } : {}),
    materials,
    ...(organization ? { organization } : {}),
  });
  return { plan, materials };
}

export interface DraftOptions extends PlanOptions {
  /** Where the draft will be written (its config applies; materials are recorded relative to it). */
  output?: string;
  /** 成文日期 (default: today, as 2026年3月5日). */
  date?: string;
  /** `--llm-redact`: mask personal data in what is sent. */
  redact?: boolean;
  signal?: AbortSignal;
}

export interface DraftResult {
  plan: DraftPlan;
  /** The finished draft (undefined when the plan refused). */
  text?: string;
  /** Facts wrapped 【待核：…】, with the line in `text` and why. */
  unverified: UnverifiedFact[];
  /** 【待补：…】 left in the draft. */
  pending: Array<{ text: string; line: number }>;
  /** Safe fixes the rule engine made. */
  changes: FixChange[];
  /** What the rules still report (the 【待核】 and 【待补】 marks among them). */
  diagnostics: Diagnostic[];
  requests: number;
  cached: boolean;
  /** The endpoint the materials went to and how many characters. */
  endpoint?: { url: string; characters: number };
}

/** 2026年3月5日: a 成文日期 as GB/T 9704 writes it. */
export function todayAsDate(now = new Date()): string {
  return `${now.getFullYear()}年${now.getMonth() + 1}月${now.getDate()}日`;
}

const CONTACT_RE = /联系人[：:][^\n，,。；;]{1,12}[，,]\s*(?:联系)?电话[：:]\s*[\d-]{7,20}/;

function lineOf(text: string, at: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** The 【待核】 items placed again after the fixes (a fix may move text), and every 【待补：…】 left. */
function placeMarks(text: string, unverified: UnverifiedFact[]): Pick<DraftResult, 'unverified' | 'pending'> {
  let from = 0;
  const placed = unverified.map((u) => {
    const at = text.indexOf(`【待核：${u.text}】`, from);
    if (at < 0) return u;
    from = at + 1;
    return { ...u, line: lineOf(text, at) };
  });
  const pending = [...text.matchAll(/【待补：([^】\n]*)】/g)].map((m) => ({
    text: m[1]!,
    line: lineOf(text, m.index),
  }));
  return { unverified: placed, pending };
}

/** The rules' safe fixes on a Markdown draft (no AI checks), and what they still report. */
function fixDraft(gongwen: Gongwen, file: string, source: string, keep?: (d: Diagnostic) => boolean) {
  const { checker } = gongwen.checkerFor(gongwen.configFor(file));
  return fixLoop(
    source,
    (s) => {
      const doc = markdownFromText(s);
      return { doc, diagnostics: checker.check(doc, { keepAllFixes: true }).diagnostics };
    },
    keep ? { keep: (_doc, d) => keep(d) } : {},
  );
}

/** The model's settings for drafting: those of the AI checks (flags, GONGWEN_LLM_*, config), redaction from `redact`. */
function modelOptions(gongwen: Gongwen, file: string, redact: boolean | undefined): DraftModelOptions {
  const loaded = gongwen.configFor(file);
  const o = gongwen.llm.options(loaded.config, loaded.baseDir);
  return {
    backend: o.backend,
    ...(o.cache ? { cache: o.cache } : {}),
    ...(o.temperature !== undefined ? { temperature: o.temperature } : {}),
    ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}),
    ...(o.retryBaseMs !== undefined ? { retryBaseMs: o.retryBaseMs } : {}),
    redact: Boolean(redact || o.redact),
  };
}

/**
 * Plans, asks the model for the draft, guards every fact against the materials and the command line, then applies
 * the rules' safe fixes. A refused plan returns without a request. A cut or empty answer is a DraftError.
 */
export async function draftFromFiles(gongwen: Gongwen, options: DraftOptions): Promise<DraftResult> {
  const { plan, materials } = await planFromFiles(gongwen, options);
  const empty = { unverified: [], pending: [], changes: [], diagnostics: [], requests: 0, cached: false };
  if (plan.refusal) return { plan, ...empty };
  const out = resolve(gongwen.cwd, options.output ?? '草稿.md');
  const model = modelOptions(gongwen, out, options.redact);
  const answer = await askModel(plan, options.request, materials, model, options.signal);
  const sources = indexSources([
    ...materials.map((m) => m.text),
    options.request,
    options.from ?? '',
    options.to ?? '',
    plan.from ?? '',
  ]);
  const contact = materials.map((m) => CONTACT_RE.exec(m.text)?.[0]).find(Boolean);
  const composed = composeDraft({
    plan,
    request: options.request,
    markdown: answer.markdown,
    sources,
    materialNames: materials.map((m) => relative(dirname(out), m.path).replace(/\\/g, '/')),
    date: options.date ?? todayAsDate(),
    ...(contact ? { contact } : {}),
  });
  const fixed = fixDraft(gongwen, out, composed.text);
  return {
    plan,
    text: fixed.output,
    ...placeMarks(fixed.output, composed.unverified),
    changes: fixed.changes,
    diagnostics: fixed.diagnostics,
    requests: answer.requests,
    cached: answer.cached,
    endpoint: { url: model.backend.endpoint, characters: answer.characters },
  };
}

export interface ReviseOptions {
  /** The draft (a Markdown file `gongwen draft` wrote, or any Markdown draft). */
  file: string;
  /** Which part: 二 (the part headed 二、), or the heading's words. */
  section: string;
  instruction: string;
  /** Materials given again (default: those the front matter records, relative to the draft). */
  materials?: string[];
  redact?: boolean;
  signal?: AbortSignal;
}

export interface ReviseResult {
  before: string;
  text: string;
  /** The changed lines as a unified diff. */
  diff: string;
  unverified: UnverifiedFact[];
  pending: Array<{ text: string; line: number }>;
  changes: FixChange[];
  diagnostics: Diagnostic[];
  requests: number;
}

const PART_RE = /^(?:#{1,6}\s*)?([一二三四五六七八九十]{1,3})、/;

/** The lines of one part: from its `二、` heading to the next part's heading or the closing paragraph. */
export function findSection(body: string, section: string): { start: number; end: number } | undefined {
  const want = section.trim().replace(/^第|[、部分]+$/g, '');
  const lines = body.split('\n');
  const offsets: number[] = [];
  let at = 0;
  for (const l of lines) {
    offsets.push(at);
    at += l.length + 1;
  }
  const heads = lines.flatMap((l, i) => {
    const m = PART_RE.exec(l.trim());
    return m ? [{ i, n: m[1]!, text: l.trim() }] : [];
  });
  const k = heads.findIndex((h) => h.n === want || (want.length >= 2 && h.text.includes(want)));
  if (k < 0) return undefined;
  const first = heads[k]!.i;
  let last = k + 1 < heads.length ? heads[k + 1]!.i : lines.length;
  if (k + 1 >= heads.length) {
    // The last part ends before the closing (特此报告。) and anything after a blank line that is no part's text.
    while (last > first + 1 && !lines[last - 1]!.trim()) last--;
    const closing = lines[last - 1]!.trim();
    if (last > first + 1 && closing.length <= 30 && /^(特此|妥否|当否|此复|请|以上|专此|现予)/.test(closing)) last--;
  }
  while (last > first + 1 && !lines[last - 1]!.trim()) last--;
  return { start: offsets[first]!, end: last < lines.length ? offsets[last]! : body.length };
}

/** Lines before and after the one changed region stay; one hunk shows the rest (linear). */
export function regionDiff(path: string, before: string, after: string): string {
  if (before === after) return '';
  const a = before.split('\n');
  const b = after.split('\n');
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  let s = 0;
  while (s < a.length - p && s < b.length - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
  const old = a.slice(p, a.length - s);
  const neu = b.slice(p, b.length - s);
  return `${[
    `--- a/${path}`,
    `+++ b/${path}`,
    `@@ -${p + 1},${old.length} +${p + 1},${neu.length} @@`,
    ...old.map((l) => `-${l}`),
    ...neu.map((l) => `+${l}`),
  ].join('\n')}\n`;
}

function frontMatterOf(text: string): { fields: Record<string, unknown>; end: number } {
  const m = /^---\n[\s\S]*?\n---\n/.exec(text);
  if (!m) return { fields: {}, end: 0 };
  return { fields: markdownFromText(text).frontMatter ?? {}, end: m[0].length };
}

/**
 * Revises one part of a draft with the model: the text before and after it stays byte for byte, the new part is
 * fact-guarded again (materials from the front matter or given again, the request and the instruction as sources)
 * and only its own safe fixes are applied.
 */
export async function reviseFromFile(gongwen: Gongwen, options: ReviseOptions): Promise<ReviseResult> {
  const file = resolve(gongwen.cwd, options.file);
  if (!statSync(file, { throwIfNoEntry: false })?.isFile())
    throw new UsageError(`找不到草稿：${options.file} / draft not found`);
  if (!options.instruction?.trim()) throw new UsageError('请用 --instruction 写明修改要求 / give --instruction');
  const before = (await readMaterial(file, options.file)).text.replace(/\r\n?/g, '\n');
  const fm = frontMatterOf(before);
  const recorded = Array.isArray(fm.fields.材料) ? (fm.fields.材料 as unknown[]).map(String) : [];
  const names = options.materials?.length ? options.materials : recorded;
  if (!names.length)
    throw new UsageError(
      '草稿的文首数据中没有记录材料：请用 --materials 再给出材料（事实核对需要材料） / give the materials again',
    );
  const base = options.materials?.length ? gongwen.cwd : dirname(file);
  const materials: ReadMaterial[] = [];
  for (const m of names) {
    const abs = resolve(base, m);
    if (!statSync(abs, { throwIfNoEntry: false })?.isFile())
      throw new UsageError(`找不到材料：${m} / material not found`);
    materials.push(await readMaterial(abs, m, gongwen.legacyConverter()));
  }
  const body = before.slice(fm.end);
  const where = findSection(body, options.section);
  if (!where)
    throw new UsageError(`草稿中没有第“${options.section}”部分（按“一、”“二、”等标题查找） / no such section`);
  const request = String(fm.fields.起草要求 ?? '');
  const title = String(fm.fields.标题 ?? '');
  const from = fm.fields.发文机关 ? String(fm.fields.发文机关) : undefined;
  const to = fm.fields.主送 ? String(fm.fields.主送) : undefined;
  const genre = /(请示|报告|通知|通报|批复|复函|函|纪要|意见|决定|公告|通告|议案|决议|公报)$/.exec(title)?.[1];
  const plan = planDraft({
    request: request || options.instruction,
    ...(genre ? { genre } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    materials,
  });
  const model = modelOptions(gongwen, file, options.redact);
  const current = body.slice(where.start, where.end);
  const answer = await askModel(plan, request, materials, model, options.signal, {
    instruction: options.instruction,
    section: options.section,
    current: body,
  });
  const sources = indexSources([...materials.map((m) => m.text), request, options.instruction, from ?? '', to ?? '']);
  // The model answers with the part only; a heading it dropped is put back.
  let part = answer.markdown.replace(/^\s*#\s+[^\n]*\n/, '').trim();
  const heading = current.split('\n')[0]!;
  if (!PART_RE.test(part.split('\n')[0]!.trim())) part = `${heading}\n\n${part}`;
  const guarded = guardFacts(`${part}\n`, sources);
  const tail = body.slice(where.end);
  const newPart = guarded.text;
  const start = fm.end + where.start;
  const composed = before.slice(0, start) + newPart + tail;
  const afterLen = tail.length;
  const fixed = fixDraft(
    gongwen,
    file,
    composed,
    (d) => d.range[0] >= start && d.range[1] <= composed.length - afterLen + 0,
  );
  // fixLoop's `keep` limited the fixes to the new part; what the rules report is taken over the whole draft.
  const { checker } = gongwen.checkerFor(gongwen.configFor(file));
  const diagnostics = checker.check(markdownFromText(fixed.output)).diagnostics;
  const firstLine = lineOf(before, start);
  return {
    before,
    text: fixed.output,
    diff: regionDiff(relative(gongwen.cwd, file).replace(/\\/g, '/'), before, fixed.output),
    ...placeMarks(
      fixed.output,
      guarded.unverified.map((u) => ({ ...u, line: u.line + firstLine - 1 })),
    ),
    changes: fixed.changes,
    diagnostics,
    requests: answer.requests,
  };
}
