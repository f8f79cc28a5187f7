import type { Range } from '../document/types.js';
import type { DocumentStructure } from '../structure/types.js';
import { daysInMonth, parseChineseNumber } from './text-helpers.js';

/** A calendar date (month 1–12). */
export interface Ymd {
  y: number;
  m: number;
  d: number;
}

const FULL_WIDTH_DIGIT_RE = /[０-９]/g;
const DATE_RE =
  /^([12]\d{3}|[〇零○OΟ一二三四五六七八九]{4})\s*年\s*([\d一二三四五六七八九十]{1,3})\s*月\s*([\d一二三四五六七八九十]{1,3})\s*日/;

function num(s: string): number | undefined {
  return /^\d+$/.test(s) ? Number(s) : parseChineseNumber(s.replace(/[OΟ]/g, '〇'));
}

/** `2024年3月5日`, `二〇二四年三月五日`, full-width digits; undefined unless it is a real date. */
export function parseYmd(s: string): Ymd | undefined {
  const m = DATE_RE.exec(s.replace(FULL_WIDTH_DIGIT_RE, (c) => String(c.charCodeAt(0) - 0xff10)));
  if (!m) return undefined;
  const y = num(m[1]!);
  const mo = num(m[2]!);
  const d = num(m[3]!);
  if (y === undefined || mo === undefined || d === undefined || mo < 1 || mo > 12) return undefined;
  if (d < 1 || d > daysInMonth(y, mo)) return undefined;
  return { y, m: mo, d };
}

/** `2012-07-01` as written in the data packs and the config. */
export function parseIsoDate(s: string): Ymd | undefined {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  return { y, m: mo, d };
}

export function compareYmd(a: Ymd, b: Ymd): number {
  return a.y - b.y || a.m - b.m || a.d - b.d;
}

export function formatYmd(v: Ymd): string {
  return `${v.y}年${v.m}月${v.d}日`;
}

/** The date `days` days after (or before, when negative) a date. */
export function addDays(v: Ymd, days: number): Ymd {
  const t = new Date(Date.UTC(v.y, v.m - 1, v.d + days));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(v: Ymd): number {
  return new Date(Date.UTC(v.y, v.m - 1, v.d)).getUTCDay();
}

/**
 * The 成文日期 of the document (GB/T 9704-2012 7.3.5.4) as structure recognition found it, with where it stands;
 * undefined when there is none or it is not a real date.
 */
export function documentDate(text: string, structure: DocumentStructure): { date: Ymd; range: Range } | undefined {
  const b = structure.byRole('date')[0];
  if (!b) return undefined;
  const date = parseYmd(text.slice(b.range[0], b.range[1]).trim());
  return date ? { date, range: b.range } : undefined;
}
