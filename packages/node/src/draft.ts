import { statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import {
  DocumentError,
  classifiedMark,
  csvMaterialText,
  decodeText,
  planDraft,
  readDocument,
  textDocument,
  type DraftPlan,
  type Material,
} from '@gongwen/core';
import { UsageError } from './errors.js';
import type { Gongwen } from './gongwen.js';
import { assertCheckable, readFileBytes } from './read.js';

/** The material formats a draft is made from (.pdf and .ofd once they can be read). */
export const MATERIAL_EXTENSIONS = ['.txt', '.text', '.md', '.markdown', '.docx', '.csv'];

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

/** Reads one material; a UsageError for an unknown format, a classified mark or an unreadable file. */
export function readMaterial(file: string, shown: string): ReadMaterial {
  const ext = extname(file).toLowerCase();
  if (!MATERIAL_EXTENSIONS.includes(ext))
    throw new UsageError(
      `不支持的材料格式：${shown}（可用：${MATERIAL_EXTENSIONS.join('、')}） / unsupported material format`,
    );
  try {
    assertCheckable(file);
    const bytes = readFileBytes(file);
    const doc =
      ext === '.csv'
        ? textDocument(csvMaterialText(decodeText(bytes).text.replace(/\r\n?/g, '\n')))
        : readDocument(bytes, ext === '.docx' ? 'docx' : ext === '.md' || ext === '.markdown' ? 'markdown' : 'text');
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
export function planFromFiles(gongwen: Gongwen, options: PlanOptions): { plan: DraftPlan; materials: ReadMaterial[] } {
  if (!options.request?.trim()) throw new UsageError('请用 --request 写明起草要求 / give the request with --request');
  const materials = options.materials.map((m) => {
    const abs = resolve(gongwen.cwd, m);
    if (!statSync(abs, { throwIfNoEntry: false })?.isFile())
      throw new UsageError(`找不到材料：${m} / material not found`);
    return readMaterial(abs, m);
  });
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
