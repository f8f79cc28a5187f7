import type { GovDocument } from '../../document/types.js';
import { draftFrontMatter, type MarkdownDraft } from '../docx/markdown-draft.js';

/** A line that Markdown would read as markup (heading, list, quote, rule) keeps its text with a backslash. */
function escapeLine(t: string): string {
  return /^(#|>|[-*+]\s|[-*_]{3,}\s*$|\d+[.)]\s)/.test(t) ? `\\${t}` : t;
}

/**
 * A printed document (PDF, OFD) as a Markdown draft: 版头 and 版记 elements in front matter as for a .docx, the body's
 * paragraphs as Markdown paragraphs. Page numbers and running headers and footers are left out.
 */
export async function pagedToMarkdown(doc: GovDocument): Promise<MarkdownDraft> {
  const body = (doc.extra?.bodyBlocks as number | undefined) ?? doc.blocks.length;
  const { front, moved } = draftFrontMatter(doc, body);
  const squeeze = (s: string) => s.replace(/[\s\u3000]+/g, '');
  const paras: string[] = [];
  for (const b of doc.blocks.slice(0, body)) {
    const t = doc.text.slice(b.range[0], b.range[1]).trim();
    if (!t || moved.has(squeeze(t))) continue;
    paras.push(escapeLine(t));
  }
  const { stringify } = await import('yaml');
  const yaml = Object.keys(front).length ? `---\n${stringify(front, { lineWidth: 0 })}---\n\n` : '';
  return { markdown: `${yaml}${paras.join('\n\n')}\n`, warnings: [] };
}
