import type { GovDocument } from '../../document/types.js';
import { MASK_CHAR } from '../../document/mask.js';
import { recognizeStructure } from '../../structure/recognize.js';
import { headingLevel } from '../../structure/patterns.js';

/** The four layouts of GB/T 9704: 通用 (§7), 信函 (§10.1), 命令 (§10.2), 纪要 (§10.3). */
export type DraftFormat = '通用' | '信函' | '命令' | '纪要';
export const DRAFT_FORMATS: readonly DraftFormat[] = ['通用', '信函', '命令', '纪要'];

/**
 * Every front-matter key the writer reads, with the aliases users type. The first name is the canonical one.
 * Kept in one table so the README, the reader and the error messages agree.
 */
export const DRAFT_KEYS = {
  份号: ['份号', '份数序号'],
  密级: ['密级', '密级和保密期限'],
  保密期限: ['保密期限'],
  紧急程度: ['紧急程度', '紧急', '缓急'],
  发文机关: ['发文机关', '发文单位'],
  发文机关标志: ['发文机关标志', '版头标志', '标志'],
  发文字号: ['发文字号', '文号', '令号', '期号'],
  签发人: ['签发人'],
  标题: ['标题'],
  主送: ['主送', '主送机关'],
  附件: ['附件', '附件说明'],
  署名: ['署名', '发文机关署名', '落款'],
  成文日期: ['成文日期', '日期'],
  印章: ['印章', '盖章', '加盖印章'],
  附注: ['附注'],
  抄送: ['抄送', '抄送机关'],
  印发机关: ['印发机关'],
  印发日期: ['印发日期'],
  格式: ['格式', '版式'],
  版头: ['版头', '红头'],
  文种: ['文种'],
  行文方向: ['行文方向', '方向'],
  出席: ['出席'],
  请假: ['请假'],
  列席: ['列席'],
} as const satisfies Record<string, readonly string[]>;
export type DraftKey = keyof typeof DRAFT_KEYS;

const ALIAS = new Map<string, DraftKey>();
for (const [k, names] of Object.entries(DRAFT_KEYS)) for (const n of names) ALIAS.set(n, k as DraftKey);
// What `gongwen draft` records for `gongwen revise` (the request and the materials): kept in the file, never printed.
const DRAFTING_NOTES = new Set(['起草要求', '材料']);

export type BodyKind = 'body' | 'heading' | 'closing';
export interface BodyParagraph {
  kind: BodyKind;
  /** 1–4 for 一、/（一）/1./（1）. */
  level?: number;
  text: string;
}
export interface AttachmentPage {
  label: string;
  title?: string;
  paragraphs: BodyParagraph[];
}

export interface Draft {
  genre?: string;
  format: DraftFormat;
  /** 上行文 puts the 文号 left and the 签发人 right (§7.2.5). */
  upward: boolean;
  copyNumber?: string;
  /** 密级 with its 保密期限 joined by ★ (§7.2.2). */
  secrecy?: string;
  urgency?: string;
  issuers: string[];
  /** Lines of the 发文机关标志; empty when the 版头 is not printed. */
  issuerMark: string[];
  docNumber?: string;
  signers: string[];
  title?: string;
  addressee?: string;
  attachments: string[];
  signatures: string[];
  date?: string;
  sealed: boolean;
  annotation?: string;
  cc?: string;
  printer?: string;
  printDate?: string;
  /** false: leave the 版头 area blank for paper with a pre-printed red 版头. */
  printHeader: boolean;
  attendance: Array<{ label: '出席' | '请假' | '列席'; names: string }>;
  body: BodyParagraph[];
  attachmentPages: AttachmentPage[];
  /** Problems in the front matter the user should hear about (Chinese, one line each). */
  warnings: string[];
}

const UPWARD_GENRES = new Set(['请示', '报告', '议案']);
const GENRE_RE = /(决议|决定|命令|令|公报|公告|通告|意见|通知|通报|报告|请示|批复|议案|函|纪要)$/;

function str(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return `${v.getUTCFullYear()}年${v.getUTCMonth() + 1}月${v.getUTCDate()}日`;
  return undefined;
}

function list(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(str).filter((s): s is string => !!s);
  const s = str(v);
  return s ? [s] : [];
}

function flag(v: unknown, key: string, warnings: string[], fallback: boolean): boolean {
  if (v === undefined || v === null || v === '') return fallback;
  if (typeof v === 'boolean') return v;
  const s = String(v).trim();
  if (/^(是|有|加盖|盖|打印|印|true|yes|on)$/i.test(s)) return true;
  if (/^(否|无|不加盖|不盖|留空|不打印|false|no|off)$/i.test(s)) return false;
  warnings.push(`“${key}”的值“${s}”无法识别，应为“是”或“否”，按${fallback ? '“是”' : '“否”'}处理`);
  return fallback;
}

const clean = (s: string) =>
  s
    .split(MASK_CHAR)
    .join('')
    .replace(/[ \t]+$/g, '')
    .trim();

/** Reads a parsed Markdown draft: front matter for the 版头 and 版记, body blocks for the 正文 and the 附件 pages. */
export function readDraft(doc: GovDocument): Draft {
  const warnings: string[] = [];
  const fm: Partial<Record<DraftKey, unknown>> = {};
  for (const [key, value] of Object.entries(doc.frontMatter ?? {})) {
    const k = ALIAS.get(key.trim());
    if (!k && DRAFTING_NOTES.has(key.trim())) continue;
    if (!k) {
      warnings.push(`文首数据中的“${key}”不是可识别的字段，已忽略（可用字段见 README）`);
      continue;
    }
    if (fm[k] !== undefined) warnings.push(`“${key}”与“${k}”重复，使用后出现的值`);
    fm[k] = value;
  }

  const structure = recognizeStructure(doc);
  const issuers = list(fm.发文机关);
  let title = str(fm.标题)?.replace(/\s+/g, '');
  const paragraphs: Array<{ text: string; role?: string; level?: number; markdownHeading: boolean }> = [];
  if (doc.blocks.some((b) => b.kind === 'table-cell'))
    warnings.push('草稿中的表格暂不能排入公文，已略去；请在生成的 .docx 中插入表格');
  if (doc.blocks.some((b) => b.kind === 'code')) warnings.push('草稿中的代码块不属于公文内容，已略去');
  for (const b of doc.blocks) {
    if (b.kind === 'front-matter' || b.kind === 'code' || b.kind === 'table-cell') continue;
    const text = clean(doc.text.slice(b.range[0], b.range[1]));
    if (!text) continue;
    paragraphs.push({
      text,
      ...(b.role ? { role: b.role } : {}),
      ...(b.level ? { level: b.level } : {}),
      markdownHeading: b.kind === 'heading',
    });
  }
  // A Markdown heading without a 序数 at the very top is the title when the front matter gives none.
  if (
    !title &&
    paragraphs[0] &&
    (paragraphs[0].markdownHeading || paragraphs[0].role === 'title') &&
    !headingLevel(paragraphs[0].text)
  ) {
    title = paragraphs.shift()!.text;
    while (paragraphs[0]?.role === 'title') title += paragraphs.shift()!.text;
  } else if (paragraphs[0]?.role === 'title' && title) {
    while (paragraphs[0]?.role === 'title') paragraphs.shift();
  }

  let genre = str(fm.文种) ?? (title ? GENRE_RE.exec(title)?.[1] : undefined) ?? structure.genre;
  if (genre === '令') genre = '命令';
  const formatValue = str(fm.格式);
  let format: DraftFormat;
  if (formatValue) {
    const f = formatValue.replace(/格式$/, '');
    const hit = DRAFT_FORMATS.find((x) => x === f || (x === '命令' && f === '令'));
    if (hit) format = hit;
    else {
      warnings.push(`“格式”应为 ${DRAFT_FORMATS.join('、')} 之一，收到“${formatValue}”，按“通用”排版`);
      format = '通用';
    }
  } else format = genre === '命令' ? '命令' : genre === '纪要' ? '纪要' : genre === '函' ? '信函' : '通用';

  const dir = str(fm.行文方向);
  const upward = dir ? /上行/.test(dir) : UPWARD_GENRES.has(genre ?? '');

  // Body, 附件 pages, and elements a drafter may have typed in the body instead of the front matter.
  const body: BodyParagraph[] = [];
  const pages: AttachmentPage[] = [];
  const fromBody: {
    addressee?: string;
    signatures: string[];
    date?: string;
    annotation?: string;
    attachments: string[];
    cc?: string;
    print?: string;
  } = { signatures: [], attachments: [] };
  let page: AttachmentPage | undefined;
  let expectTitle = false;
  for (const p of paragraphs) {
    if (
      /^附件\s*\d*$/.test(p.text) &&
      (p.role === 'attachment-label' || p.markdownHeading || body.length > 0 || page)
    ) {
      page = { label: p.text.replace(/\s+/g, ''), paragraphs: [] };
      pages.push(page);
      expectTitle = true;
      continue;
    }
    if (page) {
      if (expectTitle) {
        page.title = p.text;
        expectTitle = false;
      } else page.paragraphs.push(toBody(p.text, p.level));
      continue;
    }
    switch (p.role) {
      case 'addressee':
        // Only when the front matter names none: an opening sentence such as “现将有关事项通知如下：” also ends in a colon.
        if (body.length === 0 && fm.主送 === undefined && !/如下[：:]$/.test(p.text)) {
          fromBody.addressee = p.text;
          continue;
        }
        break;
      case 'signature':
        fromBody.signatures.push(p.text);
        continue;
      case 'date':
        fromBody.date = p.text;
        continue;
      case 'annotation':
        fromBody.annotation = p.text;
        continue;
      case 'attachment-note':
        fromBody.attachments.push(p.text.replace(/^附件[：:]\s*/, '').replace(/^\d+[.．、]\s*/, ''));
        continue;
      case 'cc':
        fromBody.cc = p.text.replace(/^抄送[：:]\s*/, '');
        continue;
      case 'print-line':
        fromBody.print = p.text;
        continue;
      default:
        break;
    }
    body.push(toBody(p.text, p.level));
  }

  let secrecy = str(fm.密级);
  const period = str(fm.保密期限);
  if (secrecy && period && !secrecy.includes('★')) secrecy = `${secrecy}★${period}`;
  else if (!secrecy && period) warnings.push('给出了“保密期限”却没有“密级”，已忽略保密期限');

  let copyNumber = str(fm.份号);
  if (typeof fm.份号 === 'number') {
    copyNumber = String(fm.份号).padStart(6, '0');
    warnings.push(`“份号”应加引号书写（如 "000123"），否则前导零会丢失；已补足为 ${copyNumber}`);
  }

  const printHeader = flag(fm.版头, '版头', warnings, true);
  let issuerMark = list(fm.发文机关标志);
  if (issuerMark.length === 0 && issuers.length) {
    if (format === '命令') issuerMark = [`${issuers[0]}令`];
    else if (format === '纪要') issuerMark = [`${issuers[0]}纪要`];
    else if (format === '信函') issuerMark = [issuers[0]!];
    else issuerMark = issuers.length === 1 ? [`${issuers[0]}文件`] : issuers;
  }
  if (!printHeader) issuerMark = issuerMark.map(() => '');

  const attendance: Draft['attendance'] = [];
  for (const label of ['出席', '请假', '列席'] as const) {
    const names = list(fm[label]);
    if (names.length) attendance.push({ label, names: names.join('、') });
  }

  const signatures = list(fm.署名);
  const printLine = fromBody.print ? /^(\S.*?)[\s\u3000\t]+(\S+年\S+月\S+日)\s*印发?$/u.exec(fromBody.print) : null;
  const annotation = str(fm.附注) ?? fromBody.annotation;
  const ccList = list(fm.抄送);
  const result: Draft = {
    ...(genre ? { genre } : {}),
    format,
    upward,
    ...(copyNumber ? { copyNumber } : {}),
    ...(secrecy ? { secrecy } : {}),
    ...(str(fm.紧急程度) ? { urgency: str(fm.紧急程度)! } : {}),
    issuers,
    issuerMark,
    ...(str(fm.发文字号) ? { docNumber: str(fm.发文字号)! } : {}),
    signers: list(fm.签发人),
    ...(title ? { title } : {}),
    ...((str(fm.主送) ?? fromBody.addressee) ? { addressee: withColon(str(fm.主送) ?? fromBody.addressee!) } : {}),
    attachments: fm.附件 !== undefined ? list(fm.附件) : fromBody.attachments,
    signatures: signatures.length
      ? signatures
      : fromBody.signatures.length
        ? fromBody.signatures
        : format === '纪要'
          ? []
          : issuers,
    ...((str(fm.成文日期) ?? fromBody.date) ? { date: str(fm.成文日期) ?? fromBody.date! } : {}),
    sealed: flag(fm.印章, '印章', warnings, format !== '纪要'),
    ...(annotation ? { annotation: /^[（(].*[）)]$/.test(annotation) ? annotation : `（${annotation}）` } : {}),
    ...(ccList.length
      ? { cc: withStop(ccList.join('，').replace(/^抄送[：:]\s*/, '')) }
      : fromBody.cc
        ? { cc: fromBody.cc }
        : {}),
    ...((str(fm.印发机关) ?? printLine?.[1]) ? { printer: str(fm.印发机关) ?? printLine![1]! } : {}),
    ...((str(fm.印发日期) ?? printLine?.[2])
      ? { printDate: (str(fm.印发日期) ?? printLine![2]!).replace(/印发$/, '') }
      : {}),
    printHeader,
    attendance,
    body,
    attachmentPages: pages,
    warnings,
  };
  return result;
}

function toBody(text: string, level?: number): BodyParagraph {
  const l = level ?? headingLevel(text);
  if (l) return { kind: 'heading', level: l, text };
  if (
    /^(特此(通知|报告|请示|函告|函复|批复|通报|通告|公告)|此复|现予公告|妥否，请批示|当否，请批复|请予函复|盼复)[。]?$/.test(
      text,
    )
  )
    return { kind: 'closing', text };
  return { kind: 'body', text };
}

function withColon(s: string): string {
  return /[：:]$/.test(s) ? s.replace(/:$/, '：') : `${s}：`;
}

function withStop(s: string): string {
  return /。$/.test(s) ? s : `${s.replace(/[，、；,;.]$/, '')}。`;
}
