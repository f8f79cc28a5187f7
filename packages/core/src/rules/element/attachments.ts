import type { Block, Range } from '../../document/types.js';
import type { RuleContext } from '../../engine/types.js';
import { parseChineseNumber } from '../text-helpers.js';

/** Shared by the attachment rules: what the 附件说明 lists and which 附件 pages follow (GB/T 9704-2012 7.3.4, 7.3.7). */

export interface NoteItem {
  num?: number;
  name: string;
  range: Range;
}

export interface AttachmentPage {
  label: Block;
  num?: number;
  title?: { text: string; range: Range };
}

const strip = (t: string) => t.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');

function numberOf(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const ascii = s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  return /^\d+$/.test(ascii) ? Number(ascii) : parseChineseNumber(ascii);
}

/** The items of the 附件说明 in order (its blocks in the text, or a draft's front-matter list). */
export function noteItems(ctx: RuleContext): NoteItem[] {
  const items: NoteItem[] = [];
  for (const b of ctx.structure.byRole('attachment-note')) {
    const raw = ctx.text.slice(b.range[0], b.range[1]);
    const lead = raw.length - raw.trimStart().length;
    let t = strip(raw);
    let at = b.range[0] + lead;
    const head = /^附件[：:]\s*/.exec(t);
    if (head) {
      t = t.slice(head[0].length);
      at += head[0].length;
    }
    const m = /^(?:(\d{1,2})(?:[.．、，,]|\s+)|[（(](\d{1,2})[）)])\s*/.exec(t);
    const num = m ? Number(m[1] ?? m[2]) : undefined;
    const name = m ? t.slice(m[0].length) : t;
    if (!name) continue;
    items.push({ ...(num !== undefined ? { num } : {}), name, range: [at, at + t.length] });
  }
  return items;
}

/** The 附件 pages after the main part: each label (`附件2`) with the title line below it. */
export function attachmentPages(ctx: RuleContext): AttachmentPage[] {
  const pages: AttachmentPage[] = [];
  const blocks = ctx.structure.blocks;
  for (const b of ctx.structure.byRole('attachment-label')) {
    const m = /^附件\s*([0-9０-９]{1,3}|[一二三四五六七八九十]{1,3})?\s*[：:]?$/.exec(
      strip(ctx.text.slice(b.range[0], b.range[1])),
    );
    if (!m) continue;
    const num = numberOf(m[1]);
    const page: AttachmentPage = { label: b, ...(num !== undefined ? { num } : {}) };
    for (let i = b.index + 1; i < blocks.length; i++) {
      const t = blocks[i]!;
      if (t.role === 'blank' || !strip(ctx.text.slice(t.range[0], t.range[1]))) continue;
      // A title is a phrase: a note (`注：…`), a count (`（共计13项）`) or a sentence below the label is not one.
      const tt = strip(ctx.text.slice(t.range[0], t.range[1]));
      if (t.role === 'attachment-title' && !/[：:]|^[（(]|[。；]$/.test(tt)) {
        const raw = ctx.text.slice(t.range[0], t.range[1]);
        const lead = raw.length - raw.trimStart().length;
        page.title = { text: strip(raw), range: [t.range[0] + lead, t.range[0] + lead + strip(raw).length] };
      }
      break;
    }
    pages.push(page);
  }
  return pages;
}

/** A name as compared: without 《》, quotation marks, spaces and final punctuation. */
export function comparable(name: string): string {
  return name.replace(/[《》〈〉“”‘’"'\s\u3000]/g, '').replace(/[。，；、.,;：:]+$/, '');
}
