import { type Profile, ProfileError, validateProfile } from '../../engine/profile.js';

export { ProfileError };

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

export function num(o: Record<string, unknown>, key: string, path: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new ProfileError(`格式规范缺少数值“${path}.${key}” / profile lacks ${path}.${key}`);
  return v;
}

function fontFallbacks(v: unknown): Record<string, string[]> {
  if (v === undefined) return {};
  const ok =
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    Object.values(v).every((names) => Array.isArray(names) && names.every((n) => typeof n === 'string'));
  if (!ok)
    throw new ProfileError(
      '格式规范的“writer.fontFallbacks”应为字体名列表的映射 / writer.fontFallbacks must map groups to lists of font names',
    );
  return Object.fromEntries(Object.entries(v));
}

export function layoutOf(raw: Profile): Layout {
  // Profiles from resolveProfile are checked already; one built by hand is checked here, with the writer's error.
  const profile = validateProfile(raw);
  const { page, margins, grid, fonts, colors } = profile;
  const el: Record<string, Record<string, unknown>> = profile.elements;
  const textW = mmToTwips(profile.textBlock.widthMm);
  const charsPerLine = grid.charsPerLine;
  const bodySizePt = num(el.body ?? {}, 'sizePt', 'elements.body');
  return {
    pageW: mmToTwips(page.widthMm),
    pageH: mmToTwips(page.heightMm),
    top: mmToTwips(margins.topMm),
    bottom: mmToTwips(margins.bottomMm),
    left: mmToTwips(margins.leftMm),
    right: mmToTwips(margins.rightMm),
    textW,
    textH: mmToTwips(profile.textBlock.heightMm),
    linePitch: grid.linePitchTwips,
    linesPerPage: grid.linesPerPage,
    charsPerLine,
    // Round down: 28 characters must fit, so the pitch may not exceed 版心 / 28.
    bodyCharSpacing: Math.floor(textW / charsPerLine - bodySizePt * 20),
    bodySizePt,
    fonts: fonts.write,
    fallbacks: fontFallbacks(profile.writer.fontFallbacks),
    red: String(colors.writeRed ?? 'FF0000'),
    el,
    formats: profile.formats,
    writer: profile.writer,
  };
}
