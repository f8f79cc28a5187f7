import { createHash } from 'node:crypto';
import { type Dirent, readdirSync, type Stats, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type * as Tinyglobby from 'tinyglobby';
import type Picomatch from 'picomatch';
import { UsageError } from './errors.js';
import { nodeRequire } from './lazy.js';

// Loaded on first use: most runs name files and folders, not globs, and have no `ignore` globs.
const tinyglobby = () =>
  (typeof require === 'function' ? require('tinyglobby') : nodeRequire('tinyglobby')) as typeof Tinyglobby;
const picomatch = () =>
  (typeof require === 'function' ? require('picomatch') : nodeRequire('picomatch')) as typeof Picomatch;

/** Extensions a folder walk picks up. A file named explicitly is checked whatever its name. */
export const CHECKED_EXTENSIONS = ['.txt', '.md', '.markdown', '.docx', '.doc', '.wps', '.pdf', '.ofd'];
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

function walk(dir: string, out: string[]): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new UsageError(`无法读取文件夹 ${dir}：${(e as Error).message} / cannot read folder`);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // `dir` is absolute and normalised (resolve() made the first, and a name from a listing holds no separator and is
  // never . or ..): a child's path is the two joined, without join()'s normalising of the whole path again.
  const prefix = sep === '/' && plain(dir) ? (dir === '/' ? dir : dir + sep) : undefined;
  for (const e of entries) {
    const name = e.name;
    if (name.startsWith('.') || SKIPPED_DIRS.has(name)) continue;
    if (e.isDirectory()) walk(prefix !== undefined ? prefix + name : join(dir, name), out);
    else if (e.isFile() && isChecked(name)) {
      // A reviewed copy we wrote ourselves is not an input.
      if (!/\.reviewed\.docx$/i.test(name)) out.push(prefix !== undefined ? prefix + name : join(dir, name));
    }
  }
}

/** Whether a folder walk picks up a file of this name (CHECKED_EXTENSIONS, in any case). */
function isChecked(name: string): boolean {
  const lower = name.toLowerCase();
  for (const x of CHECKED_EXTENSIONS) if (lower.endsWith(x)) return true;
  return false;
}

/** Expands files, folders (recursive) and globs into a sorted, de-duplicated list; a missing path is a usage error. */
export async function expandPaths(paths: string[], cwd: string): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const abs = resolve(cwd, p);
    let st: Stats | undefined;
    try {
      st = statSync(abs);
    } catch {
      st = undefined;
    }
    if (st?.isDirectory()) walk(abs, out);
    else if (st) out.push(abs);
    else if (tinyglobby().isDynamicPattern(p)) {
      const hits = await tinyglobby().glob(p, {
        cwd,
        absolute: true,
        onlyFiles: true,
        dot: false,
        ignore: ['**/node_modules/**'],
      });
      if (hits.length === 0) throw new UsageError(`没有文件匹配“${p}” / no files match "${p}"`);
      out.push(
        ...hits.filter((h) => CHECKED_EXTENSIONS.some((x) => h.toLowerCase().endsWith(x))).map((h) => resolve(h)),
      );
    } else throw new UsageError(`找不到路径：${p} / no such file or folder: ${p}`);
  }
  return [...new Set(out)];
}

/** Whether a config's `ignore` globs (relative to the config's folder) exclude a file. */
export function isIgnored(file: string, patterns: string[], baseDir: string): boolean {
  if (patterns.length === 0) return false;
  const rel = relative(baseDir, file).split(sep).join('/');
  if (rel.startsWith('..')) return false;
  return (
    picomatch().isMatch(rel, patterns, { dot: true }) ||
    picomatch().isMatch(
      rel,
      patterns.map((p) => `${p.replace(/\/$/, '')}/**`),
      { dot: true },
    )
  );
}

/**
 * A POSIX path that resolve() returns as it is: absolute, no `.`, `..` or empty segment, no trailing slash. Two
 * native searches rather than one regular expression, whose look-ahead tried every position of the path: it is asked
 * several times for each file of a run (over 10,432 files, some 20 ms of a rerun from the cache, and half of that
 * with the five searches before). A name that begins with a dot also answers false: such a path is resolved, which
 * gives it back as it is.
 */
function plain(path: string): boolean {
  return (
    path.charCodeAt(0) === 0x2f &&
    !path.includes('/.') &&
    !path.includes('//') &&
    (path.length === 1 || path.charCodeAt(path.length - 1) !== 0x2f)
  );
}

/**
 * `resolve(cwd, path)`, without its cost for a path already absolute and normalised (every path a folder listing
 * gives): an archive run resolved each of 10,432 paths several times, about a tenth of a rerun from the cache.
 */
export function absolute(cwd: string, path: string): string {
  return sep === '/' && plain(path) ? path : resolve(cwd, path);
}

/**
 * Whether `path` names an entry of the folder `dir` itself (dirname(path) === dir), for absolute POSIX paths as a run
 * lists them; false when it cannot tell cheaply (the caller then takes dirname). The config and the ignore list are
 * looked up by folder for every file of a run, and files come folder by folder: this spares a new string a lookup.
 */
export function inFolder(path: string, dir: string): boolean {
  return (
    sep === '/' &&
    path.length > dir.length + 1 &&
    path.charCodeAt(dir.length) === 0x2f &&
    path.startsWith(dir) &&
    path.indexOf('/', dir.length + 1) < 0
  );
}

/** The working folder displayPath was given last, and whether it is plain (it is the same for a whole run). */
let lastCwd = { cwd: '', plain: false };

export function displayPath(file: string, cwd: string): string {
  if (lastCwd.cwd !== cwd) lastCwd = { cwd, plain: plain(cwd) };
  // Under the working folder (as listed files are): the rest of the path is what relative() gives.
  const rel =
    sep === '/' &&
    lastCwd.plain &&
    file.length > cwd.length + 1 &&
    file.charCodeAt(cwd.length) === 0x2f &&
    file.startsWith(cwd) &&
    plain(file)
      ? file.slice(cwd.length + 1)
      : relative(cwd, file);
  if (!rel || rel.startsWith('..')) return file;
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/**
 * Which part (1-based) of `count` a file belongs to (`--shard i/n`): by the SHA-1 of its path relative to the folder the
 * run starts in, so every machine computes the same partition, and adding or removing files moves no other file between
 * shards (a contiguous split of the sorted list would shift every later file). The parts are even only statistically
 * (SHA-1 rather than a quick hash: over gov-texts a quick one left a part 16% over its share).
 */
export function shardOf(relativePath: string, count: number): number {
  const key = relativePath.split(sep).join('/');
  return (createHash('sha1').update(key).digest().readUInt32BE(0) % count) + 1;
}
