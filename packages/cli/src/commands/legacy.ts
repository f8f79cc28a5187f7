import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DocumentError, parseDocx } from '@gongwen/core';
import { legacy } from './check.js';

/** soffice on PATH (or GONGWEN_SOFFICE), so .doc and .wps can be converted; undefined when LibreOffice is absent. */
export function findSoffice(): string | undefined {
  const explicit = process.env.GONGWEN_SOFFICE;
  if (explicit) return existsSync(explicit) ? explicit : undefined;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['soffice', 'libreoffice']) {
      const p = join(dir, name);
      if (dir && existsSync(p)) return p;
    }
  }
  return undefined;
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => { if (stderr.length < 4000) stderr += c.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code) => { clearTimeout(timer); resolvePromise({ code, stderr }); });
  });
}

/**
 * Converts a file with LibreOffice headless into another format in a private temporary directory (own user profile,
 * so parallel runs do not lock each other) and returns the bytes of the result. soffice's exit status says nothing
 * about success, so the caller checks the content.
 */
export async function sofficeConvert(input: string, target: string, outExt: string, timeoutMs = 120_000): Promise<Uint8Array> {
  const soffice = findSoffice();
  if (!soffice) throw new DocumentError('no-libreoffice', '未找到 LibreOffice（soffice） / LibreOffice (soffice) not found');
  const tmp = mkdtempSync(join(tmpdir(), 'gongwen-soffice-'));
  try {
    const out = join(tmp, 'out');
    const args = ['--headless', '--norestore', '--nologo', `-env:UserInstallation=${pathToFileURL(join(tmp, 'profile')).href}`, '--convert-to', target, '--outdir', out, resolve(input)];
    const { stderr } = await run(soffice, args, timeoutMs);
    const produced = existsSync(out) ? readdirSync(out).filter((f) => f.toLowerCase().endsWith(outExt)) : [];
    if (!produced.length) {
      throw new DocumentError('legacy-convert-failed', `LibreOffice 未能转换该文件${stderr.trim() ? `：${stderr.trim().split('\n').pop()}` : ''} / LibreOffice could not convert the file`);
    }
    return new Uint8Array(readFileSync(join(out, produced[0]!)));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** .doc / .wps → .docx through LibreOffice, then read back by our own reader to prove it is a real document. */
export async function convertLegacy(path: string): Promise<Uint8Array> {
  const bytes = await sofficeConvert(path, 'docx', '.docx');
  try {
    const parsed = parseDocx(bytes);
    if (!parsed.doc.text.trim()) throw new Error('empty');
  } catch {
    throw new DocumentError('legacy-convert-failed', `LibreOffice 转换 ${basename(path)} 的结果不是有效的 Word 文档（原文件可能已损坏或不是 ${extname(path)} 格式） / the conversion produced no usable document`);
  }
  return bytes;
}

if (findSoffice()) legacy.convert = convertLegacy;

export function isLegacyPath(path: string): boolean {
  const ext = extname(path).toLowerCase();
  return ext === '.doc' || ext === '.wps';
}

/** The bytes of a .docx to work on: read directly, or converted from .doc/.wps (clear error without LibreOffice). */
export async function readDocxInput(path: string): Promise<Uint8Array> {
  if (isLegacyPath(path)) {
    if (!legacy.convert) {
      throw new DocumentError('legacy-format', `旧版 ${extname(path)} 格式需要先转换：安装 LibreOffice 后重试，或用 Word/WPS 另存为 .docx / legacy ${extname(path)} needs LibreOffice (soffice) to convert`);
    }
    return legacy.convert(path);
  }
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new DocumentError('unreadable', `无法读取文件：${(e as NodeJS.ErrnoException).code ?? (e as Error).message} / cannot read file`);
  }
}
