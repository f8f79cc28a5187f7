import { DATA_PACK_FILES } from '../generated/bundle.js';
import { type Ymd, parseIsoDate } from './doc-date.js';

/**
 * A superseded or repealed document: how it is cited, from when it no longer applies and what replaced it. The
 * built-in list is the data pack rules/packs/superseded.yaml; a unit adds its own under `superseded:` in its config.
 */
export interface SupersededEntry {
  /** Titles as written inside 《》. */
  titles?: string[];
  /** Standard numbers (`GB/T 9704-1999`). */
  codes?: string[];
  /** First day it no longer applies (YYYY-MM-DD). */
  until: string;
  successor: string;
  /** Where the replacement is stated. */
  basis?: string;
  issued?: string;
}

export interface CompiledEntry {
  entry: SupersededEntry;
  until: Ymd;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const KEYS = new Set(['titles', 'codes', 'until', 'successor', 'basis', 'issued']);

/** Validates a list of entries; `fail` builds the error (ConfigError in a config, a load error for the pack). */
export function validateSupersededEntries(raw: unknown, where: string, fail: (m: string) => Error): SupersededEntry[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw fail(`${where} 应为列表 / ${where} must be a list`);
  return raw.map((e, i) => {
    const at = `${where}[${i}]`;
    if (!isObject(e)) throw fail(`${at} 应为映射 / must be a mapping`);
    for (const k of Object.keys(e)) if (!KEYS.has(k)) throw fail(`${at}：未知的键“${k}” / unknown key "${k}"`);
    const list = (k: 'titles' | 'codes'): string[] | undefined => {
      const v = e[k];
      if (v === undefined || v === null) return undefined;
      const items = typeof v === 'string' ? [v] : v;
      if (!Array.isArray(items) || !items.every((x) => typeof x === 'string' && x.trim()))
        throw fail(`${at}.${k} 应为字符串列表 / must be a list of strings`);
      // A title may be written with its 书名号; the check matches what stands inside them.
      return items.map((x: string) => x.trim().replace(/^《(.*)》$/, '$1'));
    };
    const titles = list('titles');
    const codes = list('codes');
    if (!titles?.length && !codes?.length) throw fail(`${at} 需要 titles 或 codes / needs titles or codes`);
    for (const c of codes ?? [])
      if (!CODE_RE.test(c)) throw fail(`${at}.codes：“${c}”不是标准编号（如 GB/T 9704-1999） / not a standard number`);
    const until = String(e.until ?? '');
    if (!parseIsoDate(until)) throw fail(`${at}.until 应为日期 YYYY-MM-DD / must be a date YYYY-MM-DD`);
    if (typeof e.successor !== 'string' || !e.successor.trim())
      throw fail(`${at}.successor 应写明替代文件 / must name the successor`);
    const out: SupersededEntry = { until, successor: e.successor.trim() };
    if (titles?.length) out.titles = titles;
    if (codes?.length) out.codes = codes;
    if (typeof e.basis === 'string') out.basis = e.basis;
    if (e.issued !== undefined) out.issued = String(e.issued);
    return out;
  });
}

/** `GB/T 9704-1999`: letters, an optional /T or /Z, the number, the year. */
const CODE_RE = /^([A-Z]{1,4}\d{0,3})(?:\s*\/\s*([A-Z]))?\s*([\d.]+)\s*[-—–－]\s*(\d{4})$/;

/**
 * A regex source that finds a standard number as people type it: with or without the space, a full-width slash, any
 * dash, and not as part of a longer number (`GB/T 9704-19990`).
 */
export function codePattern(code: string): string {
  const m = CODE_RE.exec(code.trim())!;
  const esc = (s: string) => s.replace(/[.]/g, '\\.');
  return `(?<![A-Za-z])${m[1]}${m[2] ? `\\s*[/／]\\s*${m[2]}` : ''}\\s*${esc(m[3]!)}\\s*[-—–－]\\s*${m[4]}(?!\\d)`;
}

let builtIn: SupersededEntry[] | undefined;

/** The built-in pack (rules/packs/superseded.yaml), validated once. */
export function builtInSuperseded(): SupersededEntry[] {
  if (!builtIn) {
    const pack = DATA_PACK_FILES.superseded as { entries?: unknown } | undefined;
    builtIn = validateSupersededEntries(pack?.entries, 'rules/packs/superseded.yaml entries', (m) => new Error(m));
  }
  return builtIn;
}
