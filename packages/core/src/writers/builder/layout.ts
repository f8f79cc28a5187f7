import type { Profile } from '../../engine/types.js';

/** The numbers the writer takes from the layout profile, converted to twips once. */
export interface Layout {
  pageW: number;
  pageH: number;
  top: number;
  bottom: number;
  left: number;
  right: number;
  /** 版心 width and height. */
  textW: number;
  textH: number;
  linePitch: number;
  linesPerPage: number;
  charsPerLine: number;
  /** Character spacing (twips) that brings a 3号 character to the grid's character pitch (GB/T 9704-2012 5.2.3: 28 characters of 3号 fill the 版心). */
  bodyCharSpacing: number;
  bodySizePt: number;
  fonts: Record<string, string>;
  fallbacks: Record<string, string[]>;
  red: string;
  el: Record<string, Record<string, unknown>>;
  formats: Record<string, Record<string, unknown>>;
  writer: Record<string, unknown>;
}

export const mmToTwips = (mm: number) => Math.round((mm * 1440) / 25.4);

export class ProfileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProfileError';
  }
}

function obj(v: unknown, path: string): Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new ProfileError(`格式规范缺少“${path}” / profile lacks ${path}`);
  return v as Record<string, unknown>;
}

export function num(o: Record<string, unknown>, key: string, path: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ProfileError(`格式规范缺少数值“${path}.${key}” / profile lacks ${path}.${key}`);
  return v;
}

export function layoutOf(profile: Profile): Layout {
  const page = obj(profile.page, 'page');
  const margins = obj(profile.margins, 'margins');
  const tb = obj(profile.textBlock, 'textBlock');
  const grid = obj(profile.grid, 'grid');
  const fonts = obj(profile.fonts, 'fonts');
  const write = obj(fonts.write, 'fonts.write') as Record<string, string>;
  const colors = obj(profile.colors, 'colors');
  const el = obj(profile.elements, 'elements') as Record<string, Record<string, unknown>>;
  const writer = obj(profile.writer, 'writer');
  const textW = mmToTwips(num(tb, 'widthMm', 'textBlock'));
  const charsPerLine = num(grid, 'charsPerLine', 'grid');
  const bodySizePt = num(obj(el.body, 'elements.body'), 'sizePt', 'elements.body');
  return {
    pageW: mmToTwips(num(page, 'widthMm', 'page')),
    pageH: mmToTwips(num(page, 'heightMm', 'page')),
    top: mmToTwips(num(margins, 'topMm', 'margins')),
    bottom: mmToTwips(num(margins, 'bottomMm', 'margins')),
    left: mmToTwips(num(margins, 'leftMm', 'margins')),
    right: mmToTwips(num(margins, 'rightMm', 'margins')),
    textW,
    textH: mmToTwips(num(tb, 'heightMm', 'textBlock')),
    linePitch: num(grid, 'linePitchTwips', 'grid'),
    linesPerPage: num(grid, 'linesPerPage', 'grid'),
    charsPerLine,
    // Round down: 28 characters must fit, so the pitch may not exceed 版心 / 28.
    bodyCharSpacing: Math.floor(textW / charsPerLine - bodySizePt * 20),
    bodySizePt,
    fonts: write,
    fallbacks: (writer.fontFallbacks ?? {}) as Record<string, string[]>,
    red: String(colors.writeRed ?? 'FF0000'),
    el,
    formats: obj(profile.formats, 'formats') as Record<string, Record<string, unknown>>,
    writer,
  };
}
