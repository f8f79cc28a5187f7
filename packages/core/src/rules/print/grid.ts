import type { Rule } from '../../engine/types.js';
import { bodySize, lineChars, pageAnchor, printContext } from './common.js';

/**
 * GB/T 9704-2012 5.2.3: 22 lines a page and 28 characters a line, measured as the distance between body baselines and
 * the characters on full body lines. Judged only from lines in the body size that follow each other on one page, and
 * from at least three full lines; one-line paragraphs give no pitch.
 */
export const printGridRule: Rule = {
  meta: {
    id: 'print/grid',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/print/grid.ts',
    formats: ['pdf', 'ofd'],
    extent: 'document',
    description: 'PDF/OFD 正文每页 22 行、每行 28 个字：按正文行距和满行字数测量，满行太少时不报。',
    message: '行数或每行字数与规定不符',
    standard: 'GB/T 9704-2012 5.2.3',
    examples: { bad: [{ text: '正文行距 24 磅（每页 26 行）' }], good: ['正文行距 28.95 磅，满行 28 字'] },
  },
  create(ctx) {
    const pc = printContext(ctx);
    if (!pc) return;
    const { info, lp, body, doc } = pc;
    const size = bodySize(pc);
    if (size === undefined || info.right === undefined || info.left === undefined) return;
    const g = lp.grid;
    const found: string[] = [];
    const steps: number[] = [];
    for (let i = 1; i < body.length; i++) {
      const a = body[i - 1]!;
      const b = body[i]!;
      // Consecutive lines of one paragraph: the pitch with no paragraph spacing in it.
      if (a.page === b.page && a.block === b.block && a.size === size && b.size === size) steps.push(b.y - a.y);
    }
    if (steps.length >= 3) {
      steps.sort((x, y) => x - y);
      const pitch = steps[steps.length >> 1]!;
      const min = g.linePitchTwipsMin / 20 - 0.5;
      const max = g.linePitchTwipsMax / 20 + 0.5;
      if (pitch < min || pitch > max) {
        const perPage = Math.round((lp.textBlock.heightMm * (72 / 25.4)) / pitch);
        found.push(`正文行距 ${Math.round(pitch * 10) / 10} 磅，每页约 ${perPage} 行（应为 ${g.linesPerPage} 行）`);
      }
    }
    const right = info.right;
    const full = body.filter((l) => l.size === size && Math.abs(l.x1 - right) <= 1 && l.x0 <= info.left! + 1);
    if (full.length >= 3) {
      const counts = full.map((l) => lineChars(doc.text.slice(l.start, l.end))).sort((a, b) => a - b);
      const chars = counts[counts.length >> 1]!;
      if (Math.abs(chars - g.charsPerLine) > 1) found.push(`满行约 ${chars} 个字（应为 ${g.charsPerLine} 个）`);
    }
    if (found.length) ctx.report({ range: pageAnchor(pc, body[0]!.page), message: found.join('；') });
  },
};
