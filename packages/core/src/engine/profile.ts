import { PROFILE_FILES } from '../generated/bundle.js';
import { ConfigError, type Config } from './config.js';

/** One element's numbers in a layout profile (rules/profiles/*.yaml `elements:`); writers may read further keys. */
export interface ElementSpec {
  font?: string;
  sizePt?: number;
  minSizePt?: number;
  color?: string;
  labelFont?: string;
  nameFont?: string;
  firstLineIndentChars?: number;
  widthMm?: number;
  clause: string;
  /** Every other key is a number (checked by validateProfile), read by the writers. */
  [key: string]: string | number | undefined;
}

/** A special format's numbers (GB/T 9704-2012 §10, `formats:`). */
export interface FormatSpec {
  doubleLineLengthMm?: number;
  clause: string;
  [key: string]: string | number | undefined;
}

/**
 * A layout profile (rules/profiles/*.yaml, or a unit's own layered on one): every number the layout rules and the
 * writers use. Nothing here has a default of its own; validateProfile checks that the numbers are there.
 */
export interface Profile {
  id: string;
  name?: string;
  extends?: string;
  page: { widthMm: number; heightMm: number; toleranceMm: number };
  margins: { topMm: number; leftMm: number; rightMm: number; bottomMm: number; toleranceMm: number };
  textBlock: { widthMm: number; heightMm: number };
  grid: {
    linesPerPage: number;
    charsPerLine: number;
    linePitchTwips: number;
    linePitchTwipsMin: number;
    linePitchTwipsMax: number;
  };
  sizeTolerancePt: number;
  colors: { red: { minR: number; maxG: number; maxB: number }; blackMaxChannel: number; writeRed?: string };
  /** Alias groups, accepted substitutes, and the name the writers put in a document for each group. */
  fonts: { groups: Record<string, string[]>; substitutes: Record<string, string[]>; write: Record<string, string> };
  elements: Record<string, ElementSpec>;
  formats: Record<string, FormatSpec>;
  checks: {
    pageSizeToleranceTwips: number;
    indentToleranceTwips: number;
    pageNumberIndentTwips: [number, number];
    recordThickSz: [number, number];
    recordThinSz: [number, number];
    separatorLengthToleranceMm: number;
  };
  /** Numbers only the writers need (read, and checked, where they are used). */
  writer: Record<string, unknown>;
}

/** A profile that cannot be used: a unit's override in `.gongwenrc.yaml`, or a profile file, names a wrong key or value. */
export class ProfileError extends ConfigError {
  constructor(message: string) {
    super(message);
    this.name = 'ProfileError';
  }
}

const missing = (path: string) => `格式规范缺少“${path}” / profile lacks ${path}`;
const missingNumber = (path: string) => `格式规范缺少数值“${path}” / profile lacks the number ${path}`;

// What must be a number (or a pair of numbers) in every profile, by section.
const NUMBERS: Record<string, string[]> = {
  page: ['widthMm', 'heightMm', 'toleranceMm'],
  margins: ['topMm', 'leftMm', 'rightMm', 'bottomMm', 'toleranceMm'],
  textBlock: ['widthMm', 'heightMm'],
  grid: ['linesPerPage', 'charsPerLine', 'linePitchTwips', 'linePitchTwipsMin', 'linePitchTwipsMax'],
  'colors.red': ['minR', 'maxG', 'maxB'],
  colors: ['blackMaxChannel'],
  checks: ['pageSizeToleranceTwips', 'indentToleranceTwips', 'separatorLengthToleranceMm'],
};
const PAIRS: Record<string, string[]> = { checks: ['pageNumberIndentTwips', 'recordThickSz', 'recordThinSz'] };
const MAPPINGS = ['fonts.groups', 'fonts.substitutes', 'fonts.write', 'elements', 'formats', 'writer'];
// Maps keyed by font group: a unit may add a group of its own, so new keys there are not typos.
const OPEN_MAPS = new Set(['fonts.groups', 'fonts.substitutes', 'fonts.write', 'writer.fontFallbacks']);
// The keys of an element or format that hold words, not numbers.
const TEXT_KEYS = new Set(['font', 'labelFont', 'nameFont', 'color', 'clause', 'dash']);
// Keys of a unit's profile that are not numbers of the base it layers on.
const OWN_KEYS = new Set(['id', 'name', 'extends']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function kindOf(v: unknown): string {
  if (Array.isArray(v)) return 'list';
  if (isObject(v)) return 'mapping';
  return typeof v === 'number'
    ? 'number'
    : typeof v === 'string'
      ? 'string'
      : typeof v === 'boolean'
        ? 'boolean'
        : 'null';
}

const KIND_NAMES: Record<string, string> = {
  list: '列表',
  mapping: '映射',
  number: '数值',
  string: '字符串',
  boolean: '布尔值',
  null: '空值',
};

/**
 * A unit's profile object (`profile:` in `.gongwenrc.yaml`) checked against the profile it layers on: every key must
 * be one the base has, with a value of the same kind, so a misspelt `topMM` or a quoted `'37'` is reported instead of
 * silently doing nothing.
 */
export function validateProfileOverride(
  over: Record<string, unknown>,
  base: Record<string, unknown>,
  where = 'profile',
): void {
  const walk = (o: Record<string, unknown>, b: Record<string, unknown>, path: string, open: boolean): void => {
    for (const [k, v] of Object.entries(o)) {
      const p = path ? `${path}.${k}` : k;
      if (!path && OWN_KEYS.has(k)) {
        if (typeof v !== 'string') throw new ProfileError(`${where}.${p} 应为字符串 / ${where}.${p} must be a string`);
        continue;
      }
      // In a map keyed by group, a new key takes the kind of the entries already there.
      const known = k in b ? b[k] : open ? Object.values(b)[0] : undefined;
      if (known === undefined) {
        throw new ProfileError(`${where}.${p}：格式规范中没有这一项 / unknown profile key ${where}.${p}`);
      }
      const want = kindOf(known);
      const got = kindOf(v);
      if (want !== got) {
        throw new ProfileError(
          `${where}.${p} 应为${KIND_NAMES[want]}，而不是${KIND_NAMES[got]} / ${where}.${p} must be a ${want}, not a ${got}`,
        );
      }
      if (isObject(v) && isObject(known)) walk(v, known, p, OPEN_MAPS.has(p));
      if (Array.isArray(v) && Array.isArray(known) && known.length) {
        const each = kindOf(known[0]);
        const bad = v.findIndex((x) => kindOf(x) !== each);
        if (bad >= 0) {
          throw new ProfileError(
            `${where}.${p}[${bad}] 应为${KIND_NAMES[each]} / ${where}.${p}[${bad}] must be a ${each}`,
          );
        }
        if (known.length === 2 && each === 'number' && v.length !== 2) {
          throw new ProfileError(`${where}.${p} 应为两个数值 [下限, 上限] / ${where}.${p} must be a pair [min, max]`);
        }
      }
    }
  };
  walk(over, base, '', false);
}

/**
 * The profile, checked: every section and number the rules and writers read is present, so nothing downstream needs
 * a default or a cast. Throws a ProfileError (a ConfigError) naming the key.
 */
export function validateProfile(raw: unknown): Profile {
  if (!isObject(raw)) throw new ProfileError('格式规范应为映射 / a profile must be a mapping');
  assertProfile(raw);
  return raw;
}

function assertProfile(raw: Record<string, unknown>): asserts raw is Record<string, unknown> & Profile {
  const at = (path: string): unknown =>
    path.split('.').reduce<unknown>((o, k) => (isObject(o) ? o[k] : undefined), raw);
  const section = (path: string): Record<string, unknown> => {
    const v = at(path);
    if (!isObject(v)) throw new ProfileError(missing(path));
    return v;
  };
  if (typeof raw.id !== 'string') throw new ProfileError(missing('id'));
  for (const [path, keys] of Object.entries(NUMBERS)) {
    const o = section(path);
    for (const k of keys) if (!isNumber(o[k])) throw new ProfileError(missingNumber(`${path}.${k}`));
  }
  for (const [path, keys] of Object.entries(PAIRS)) {
    const o = section(path);
    for (const k of keys) {
      const v = o[k];
      if (!Array.isArray(v) || v.length !== 2 || !v.every(isNumber))
        throw new ProfileError(missingNumber(`${path}.${k}`));
    }
  }
  if (!isNumber(raw.sizeTolerancePt)) throw new ProfileError(missingNumber('sizeTolerancePt'));
  for (const path of MAPPINGS) section(path);
  for (const path of ['elements', 'formats']) {
    for (const [key, spec] of Object.entries(section(path))) {
      if (!isObject(spec) || typeof spec.clause !== 'string') throw new ProfileError(missing(`${path}.${key}.clause`));
      for (const [k, v] of Object.entries(spec)) {
        if (!(TEXT_KEYS.has(k) ? typeof v === 'string' : isNumber(v))) {
          throw new ProfileError(
            `格式规范的“${path}.${key}.${k}”应为${TEXT_KEYS.has(k) ? '字符串' : '数值'} / profile ${path}.${key}.${k} must be a ${TEXT_KEYS.has(k) ? 'string' : 'number'}`,
          );
        }
      }
    }
  }
  for (const [group, name] of Object.entries(section('fonts.write'))) {
    if (typeof name !== 'string') throw new ProfileError(missing(`fonts.write.${group}`));
  }
  for (const path of ['fonts.groups', 'fonts.substitutes']) {
    for (const [group, names] of Object.entries(section(path))) {
      if (!Array.isArray(names) || !names.every((n) => typeof n === 'string'))
        throw new ProfileError(missing(`${path}.${group}`));
    }
  }
  if (!isNumber(at('elements.body.sizePt'))) throw new ProfileError(missingNumber('elements.body.sizePt'));
}

/** Built-in profiles by name (rules/profiles/*.yaml). */
export function builtinProfiles(): string[] {
  return Object.keys(PROFILE_FILES);
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b)
        ? deepMerge(b as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

/**
 * A profile by name, or a unit's own profile object layered on the one it `extends` (default gbt9704), so a unit
 * changes only the numbers it needs.
 */
export function resolveProfile(profile: Config['profile']): Profile {
  return validateProfile(layered(profile));
}

function layered(profile: Config['profile']): Record<string, unknown> {
  const name = typeof profile === 'string' ? profile : 'gbt9704';
  if (typeof profile === 'object') {
    const base = layered(typeof profile.extends === 'string' ? profile.extends : 'gbt9704');
    validateProfileOverride(profile, base);
    return {
      ...deepMerge(base, profile),
      id: typeof profile.id === 'string' ? profile.id : `${String(base.id)}+custom`,
    };
  }
  const data = PROFILE_FILES[name];
  if (!data)
    throw new ConfigError(`未知的格式规范“${name}”，可用：${builtinProfiles().join('、')} / unknown profile "${name}"`);
  const obj = data as Record<string, unknown>;
  if (typeof obj.extends === 'string') return { ...deepMerge(layered(obj.extends), obj), id: name };
  return { ...obj, id: name };
}
