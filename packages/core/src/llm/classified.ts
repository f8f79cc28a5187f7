import type { GovDocument, Range } from '../document/types.js';

// A 密级 at the head of a document (GB/T 9704-2012 7.2.2): 绝密/机密/秘密, spaced or not, with ★ and a 保密期限
// or not, alone on its line, after a 份号, or labelled (密级：机密). Front matter of a Markdown draft counts too.
const MARK_RE =
  /^(?:\d{1,8}[\s\u3000]*)?(?:密级[\s\u3000]*[：:][\s\u3000]*)?(绝[\s\u3000]*密|机[\s\u3000]*密|秘[\s\u3000]*密)(?:[\s\u3000]*[★☆*＊][\s\u3000]*(?:[\d０-９一二三四五六七八九十]+[\s\u3000]*(?:年|个月|月)|长期)?)?(?:[\s\u3000]+.*)?$/;
// Lines at the head of a document within which a 密级 is looked for: 份号, 密级, 紧急程度, 版头 and some slack.
const HEAD_LINES = 12;

export interface ClassifiedMark {
  /** The mark as written (机密★1年). */
  mark: string;
  range: Range;
}

/**
 * The 密级 of a document, if it carries one. Such a document is never sent to a model endpoint: the AI checks refuse
 * it (the rule checks, which stay on the machine, still run).
 */
export function classifiedMark(doc: Pick<GovDocument, 'text' | 'blocks'>): ClassifiedMark | undefined {
  let seen = 0;
  for (const b of doc.blocks) {
    if (seen >= HEAD_LINES) break;
    const t = doc.text.slice(b.range[0], b.range[1]);
    if (!t.trim()) continue;
    let offset = b.range[0];
    for (const line of t.split('\n')) {
      if (seen >= HEAD_LINES) break;
      const s = line.trim();
      if (s) {
        seen++;
        // Front matter: `密级: 机密★1年`.
        const m = MARK_RE.exec(s.replace(/^密级[\s\u3000]*:[\s\u3000]*/, '密级：').replace(/^['"]|['"]$/g, ''));
        if (m && s.length <= 40) {
          const at = offset + line.indexOf(s);
          return {
            mark: s.replace(/^密级[\s\u3000]*[：:][\s\u3000]*/, '').replace(/^\d{1,8}[\s\u3000]*/, ''),
            range: [at, at + s.length],
          };
        }
      }
      offset += line.length + 1;
    }
  }
  return undefined;
}

/** The Chinese message shown when the AI checks refuse a classified document. */
export function classifiedRefusal(mark: string): string {
  return `本文件标有密级“${mark}”：涉密文件不得发送给 AI 模型服务，AI 检查未运行，未发送任何文字；其他检查照常进行 / classified document: not sent to the LLM endpoint`;
}
