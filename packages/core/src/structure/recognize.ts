import type { Block, ElementRole, GovDocument } from '../document/types.js';
import { MASK_CHAR } from '../document/mask.js';
import type { DocumentStructure, Genre } from './types.js';
import {
  ATTACHMENT_LABEL_RE,
  CLOSING_RE,
  DATE_LINE_RE,
  DOC_NUMBER_LINE_RE,
  GENRE_ALTERNATION,
  SECRECY_RE,
  TITLE_GENRE_RE,
  URGENCY_RE,
  headingLevel,
  isOtherReport,
  matchPrintLine,
} from './patterns.js';

const UP_GENRES = new Set(['报告', '请示', '议案']);
const PUBLIC_GENRES = new Set(['公告', '通告', '公报']);

function genreOf(title: string): Genre | undefined {
  const t = title.replace(/[\s\u3000]+/g, '');
  const m = TITLE_GENRE_RE.exec(t);
  if (!m) return undefined;
  const g = m[1]!;
  if (g === '报告' && isOtherReport(t)) return undefined;
  return (g === '复函' ? '函' : g) as Genre;
}

/**
 * A title by its shape (条例 第八条): 关于…的 + 文种, or a short line ending in a 文种. A line ending like a sentence is a title
 * only when it still ends in the 文种 (`…的通知。`) and an addressee follows, which is what a mistyped title looks like;
 * otherwise it is a sentence.
 */
function looksLikeTitle(t: string, next: string | undefined): boolean {
  const s = t.replace(/[\s\u3000]+/g, '');
  if (s.length < 4 || s.length > 100) return false;
  const bare = s.replace(/[。，；：！？.,;:!?]+$/, '');
  if (bare !== s) {
    if (!/^[。！？；]$/.test(s.slice(bare.length)) && !/[。，；：]$/.test(s)) return false;
    if (!TITLE_GENRE_RE.test(bare) || next === undefined || /[，。；！？]/.test(bare)) return false;
    return new RegExp(`关于.+的(?:紧急|补充|联合)?(?:${GENRE_ALTERNATION})$`).test(bare) || isAddresseeLike(next);
  }
  if (/[，。；！？]/.test(s) && !/关于/.test(s)) return false;
  return (/关于.+的/.test(s) && !/[。；！？]/.test(s)) || (TITLE_GENRE_RE.test(s) && s.length <= 60);
}

/** A short phrase with no sentence marks inside, at most a final full stop: a title lacking 关于 and 文种 may look so. */
function looksLikeBareTitle(t: string): boolean {
  const s = t.replace(/[\s\u3000]+/g, '');
  const bare = s.replace(/[。．.]$/, '');
  return (
    bare.length >= 6 &&
    bare.length <= 40 &&
    !/[，。；：！？、,.;:!?（）()“”]/.test(bare) &&
    !headingLevel(bare) &&
    !DATE_LINE_RE.test(bare) &&
    !/^(各|全体|尊敬)/.test(bare)
  );
}

/** Labels that end in a colon but name a field, not the organs addressed (签发：, 附件3:, 联系人：). */
const FIELD_LABEL_RE =
  /^(附件|附表|附录|大纲|签发|签发人|抄送|主送|联系人|联系电话|电话|地址|编号|日期|时间|备注|说明|注)\s*[0-9０-９一二三四五六七八九十]{0,3}\s*[：:]/;

function isAddresseeLike(t: string): boolean {
  const s = t.trim();
  return (
    /[：:]$/.test(s) &&
    s.length <= 200 &&
    !/[。；！？]/.test(s) &&
    !headingLevel(s) &&
    !FIELD_LABEL_RE.test(s) &&
    !/如下[：:]$/.test(s)
  );
}

/**
 * Labels blocks with their GB/T 9704 element (GB/T 9704-2012 chapter 7). Readers may pre-assign roles (front matter, docx
 * layout cues); those are kept.
 */
export function recognizeStructure(doc: GovDocument): DocumentStructure {
  const text = doc.text;
  const blocks = doc.blocks;
  // Markdown markup inside a block (`1\.`, `**…**`) is masked; patterns see the text without it.
  // Leading spaces place a line (署名 and 成文日期 pushed right with spaces); they are not part of what it says.
  // Asked for the same blocks many times (each element's search reads the lines around it): each block once.
  const said = new Map<Block, string>();
  const tx = (b: Block) => {
    let t = said.get(b);
    if (t === undefined) {
      t = text.slice(b.range[0], b.range[1]);
      if (t.includes(MASK_CHAR)) t = t.split(MASK_CHAR).join('');
      said.set(b, (t = t.trim()));
    }
    return t;
  };
  const content = blocks.filter(
    (b) =>
      b.role !== 'blank' &&
      b.kind !== 'front-matter' &&
      b.kind !== 'code' &&
      b.kind !== 'header' &&
      b.kind !== 'footer' &&
      b.role === undefined,
  );

  // A file that is one 附件 on its own starts with its label (`附件2`, `大纲1`) and the 附件 title; neither is the
  // document's title or addressee. A reader may have marked them from the layout already.
  let i = 0;
  const annexed = blocks.find(
    (b) => b.role !== 'blank' && b.kind !== 'front-matter' && b.kind !== 'header' && b.kind !== 'footer',
  );
  let annexTitle: Block[] = blocks.filter((b) => b.role === 'attachment-title');
  if (annexed && annexed.role === undefined && content[0] === annexed && ATTACHMENT_LABEL_RE.test(tx(annexed).trim())) {
    annexed.role = 'attachment-label';
    i = 1;
    if (!annexTitle.length) {
      // The 附件 title: up to three short lines without sentence marks right below the label.
      for (let k = 1; k < Math.min(content.length - 1, 4); k++) {
        const t = tx(content[k]!).trim();
        if (t.length > 40 || /[。；：:！？]/.test(t) || headingLevel(t)) break;
        annexTitle.push(content[k]!);
      }
      for (const b of annexTitle) b.role = 'attachment-title';
      i += annexTitle.length;
    }
  } else if (annexed?.role === 'attachment-label') annexTitle = blocks.filter((b) => b.role === 'attachment-title');

  // Top of the document: 份号, 密级, 紧急程度, 标志, 文号 — only before the title. (A 文号 line's length is tested
  // before its expression, which is not anchored and slow over a long paragraph.)
  for (; i < content.length && i < 8 && !annexTitle.length; i++) {
    const b = content[i]!;
    const t = tx(b);
    if (/^\d{1,8}$/.test(t) && i < 3) b.role = 'copy-number';
    else if (SECRECY_RE.test(t)) b.role = 'secrecy';
    else if (URGENCY_RE.test(t)) b.role = 'urgency';
    else if (t.length <= 60 && DOC_NUMBER_LINE_RE.test(t) && !/[。；]/.test(t)) b.role = 'doc-number';
    else if (/^签发人[：:]/.test(t)) b.role = 'signer';
    else if (/^.{2,40}(文件|命令|纪要)$/.test(t) && !/关于/.test(t) && i < 4) b.role = 'issuer-mark';
    else break;
  }

  // Title: the first title-like block(s) near the top (a pre-assigned title wins).
  let titleBlocks = blocks.filter((b) => b.role === 'title');
  let titleEnd = i;
  if (annexTitle.length) {
    const last = annexTitle[annexTitle.length - 1]!.index;
    titleEnd = content.findIndex((b) => b.index > last);
    if (titleEnd < 0) titleEnd = content.length;
  } else if (titleBlocks.length === 0) {
    for (let j = i; j < Math.min(content.length, i + 4); j++) {
      const b = content[j]!;
      const t = tx(b);
      if (b.kind === 'heading' && j === i && !headingLevel(t)) {
        titleBlocks = [b];
        titleEnd = j + 1;
        break;
      }
      if (headingLevel(t)) break;
      // A title may wrap over two or three lines: join consecutive short lines.
      let joined = t;
      let k = j;
      const after = (n: number) => (content[n + 1] ? tx(content[n + 1]!) : undefined);
      while (!looksLikeTitle(joined, after(k)) && k + 2 < content.length && k - j < 2 && joined.length < 40) {
        k++;
        joined += tx(content[k]!);
      }
      // A title heads something: a line with nothing after it (a file holding one sentence) is not one.
      if (k + 1 < content.length && looksLikeTitle(joined, after(k)) && !/[。；]/.test(joined.slice(0, -1))) {
        titleBlocks = content.slice(j, k + 1);
        titleEnd = k + 1;
        break;
      }
      // The first line, short and phrase-like, right above an addressee is the title even with neither 关于 nor a
      // 文种 (`某某市防汛工作安排`): what element/title needs to see to say the 文种 is missing.
      if (j === i && j + 1 < content.length && looksLikeBareTitle(t) && isAddresseeLike(tx(content[j + 1]!))) {
        titleBlocks = [b];
        titleEnd = j + 1;
        break;
      }
      if (t.length > 60) break; // prose before any title: this document has none at the top
    }
    for (const b of titleBlocks) b.role = 'title';
  } else {
    titleEnd = content.findIndex((b) => b.index > titleBlocks[titleBlocks.length - 1]!.index);
    if (titleEnd < 0) titleEnd = content.length;
    // Front matter carries the title: every prose block is body.
    if (titleBlocks.every((b) => b.kind === 'front-matter')) titleEnd = 0;
  }
  const title = titleBlocks.map(tx).join('');
  const genre = title ? genreOf(title) : undefined;

  // A 文号 right below the title (令, published and pasted texts: `国发〔2024〕11号`, `（国发〔2024〕11号）`).
  const below = content[titleEnd];
  if (
    below &&
    titleBlocks.length &&
    !below.role &&
    tx(below).length <= 40 &&
    DOC_NUMBER_LINE_RE.test(tx(below)) &&
    !/[。；，]/.test(tx(below))
  ) {
    below.role = 'doc-number';
    titleEnd++;
  }

  // Whatever stands above a title the layout found (form cells of a 版头 table: 发文单位, 签发日期) is not body text;
  // a 文号 among it is still the 文号.
  if (titleBlocks.length && !titleBlocks.every((b) => b.kind === 'front-matter')) {
    const top = titleBlocks[0]!.index;
    for (const b of content) {
      if (b.index >= top || b.role) continue;
      const t = tx(b).trim();
      if (t.length <= 60 && DOC_NUMBER_LINE_RE.test(t) && !/[。；]/.test(t)) b.role = 'doc-number';
      else if (b.kind === 'table-cell') b.role = 'table-cell';
    }
  }

  // 主送机关: the first block after the title ending with a colon, short and without sentence marks. Only below a
  // title or a 版头; a lead-in sentence ending in 如下： (通告, 公告 without 主送) is body text.
  let bodyStart = titleEnd;
  const first = content[titleEnd];
  const headed =
    titleBlocks.length > 0 || annexTitle.length > 0 || i > 0 || blocks.some((b) => b.role === 'issuer-mark');
  if (first && headed && !annexTitle.length && isAddresseeLike(tx(first))) {
    first.role = 'addressee';
    bodyStart = titleEnd + 1;
  }

  // From the end: 版记 (印发, 抄送, 主送), 附件 pages, 附注, 成文日期, 署名.
  let end = content.length;
  for (let j = content.length - 1; j >= bodyStart && j >= content.length - 6; j--) {
    const t = tx(content[j]!);
    if (matchPrintLine(t)) content[j]!.role = 'print-line';
    else if (/^抄送[：:]/.test(t)) content[j]!.role = 'cc';
    else if (/^主送[：:]/.test(t) && j > bodyStart) content[j]!.role = 'main-recipients-end';
    else break;
    end = j;
  }

  // 附件 pages: a label line `附件` / `附件1` after the main part.
  let attachStart = end;
  // Whether a date line came before, carried along instead of looked for again at every label. A Markdown draft keeps
  // its 成文日期 in the front matter, so its body ends with the main text and `附件1` starts the 附件 pages.
  let dateBefore = blocks.some((b) => b.kind === 'front-matter' && b.role === 'date');
  for (let j = bodyStart; j < end; j++) {
    const t = tx(content[j]!);
    // Only a label after the date/signature counts as an 附件 page.
    if (/^附件\s*[0-9０-９一二三四五六七八九十]*[：:]?$/.test(t) && j > bodyStart && dateBefore) {
      attachStart = j;
      break;
    }
    if (DATE_LINE_RE.test(t)) dateBefore = true;
  }
  let label = false;
  for (let j = attachStart; j < end; j++) {
    const b = content[j]!;
    const t = tx(b);
    if (/^附件\s*[0-9０-９一二三四五六七八九十]*[：:]?$/.test(t)) {
      b.role = 'attachment-label';
      label = true;
    } else if (label) {
      b.role = 'attachment-title';
      label = false;
    } else b.role = 'attachment-body';
  }

  // A line wrapped by hand inside the 附件说明 (a long name broken with Enter, GB/T 9704-2012 7.3.4): the line right
  // below an `附件：` line or one of its numbered items, with no blank line between them and a blank line after it.
  // It is not a 署名 (docx/real: `附件：……2023年度拟录用公` / `务员名单（第一批）`, then blank lines, then the organ).
  const blankBetween = (a: Block, b: Block) => /\n[ \t\u3000\u00a0]*\n/.test(text.slice(a.range[1], b.range[0]));
  const wrapsAttachment = (k: number) => {
    const line = content[k]!;
    const next = content[k + 1];
    const s = tx(line);
    if (k < 1 || blankBetween(content[k - 1]!, line) || (next && !blankBetween(line, next))) return false;
    if (s.length > 40 || /[。；！？：:]/.test(s) || /^\d+[.．、]/.test(s) || headingLevel(s) || DATE_LINE_RE.test(s))
      return false;
    for (let a = k - 1; a >= 0 && a >= k - 20; a--) {
      const above = tx(content[a]!);
      if (/^附件[：:]/.test(above)) return true;
      if (!/^\d+[.．、]/.test(above) || blankBetween(content[a]!, content[a + 1]!)) return false;
    }
    return false;
  };

  // 成文日期, 署名, 附注 just before the 附件 pages or the 版记.
  let mainEnd = attachStart;
  for (let j = attachStart - 1; j >= bodyStart && j >= attachStart - 6; j--) {
    const t = tx(content[j]!);
    if (DATE_LINE_RE.test(t)) {
      content[j]!.role = 'date';
      mainEnd = j;
      const note = content[j + 1];
      if (note && j + 1 < attachStart && /^[（(].+[）)]$/.test(tx(note))) note.role = 'annotation';
      // Signatures: up to three short lines without sentence marks above the date (joint documents).
      for (let k = j - 1; k >= bodyStart && k >= j - 3; k--) {
        const s = tx(content[k]!);
        if (
          s.length <= 30 &&
          !/[。，；：、！？]/.test(s) &&
          !headingLevel(s) &&
          !CLOSING_RE.test(s) &&
          !/^附件/.test(s) &&
          !wrapsAttachment(k)
        ) {
          content[k]!.role = 'signature';
          mainEnd = k;
        } else break;
      }
      break;
    }
  }

  // 附件说明: `附件：` and the numbered items that follow it, before the signature.
  for (let j = bodyStart; j < mainEnd; j++) {
    const t = tx(content[j]!);
    if (/^附件[：:]/.test(t)) {
      content[j]!.role = 'attachment-note';
      for (
        let k = j + 1;
        k < mainEnd &&
        ((/^\d+[.．、]/.test(tx(content[k]!)) && tx(content[k]!).length < 120 && !/[。]$/.test(tx(content[k]!))) ||
          wrapsAttachment(k));
        k++
      ) {
        content[k]!.role = 'attachment-note';
      }
      if (j + 1 === mainEnd || content.slice(j + 1, mainEnd).every((b) => b.role === 'attachment-note')) mainEnd = j;
      break;
    }
  }

  // Body: headings, closings, prose.
  for (let j = bodyStart; j < mainEnd; j++) {
    const b = content[j]!;
    if (b.role) continue;
    const t = tx(b);
    const level = headingLevel(t);
    if (level) {
      b.role = 'heading';
      b.level = level;
    } else if (CLOSING_RE.test(t)) b.role = 'closing';
    else b.role = 'body';
  }
  for (const b of content) if (!b.role) b.role = 'body';

  const direction = genre
    ? UP_GENRES.has(genre)
      ? 'up'
      : genre === '函'
        ? 'parallel'
        : PUBLIC_GENRES.has(genre)
          ? 'public'
          : 'down'
    : undefined;
  const byRoleCache = new Map<ElementRole, Block[]>();
  return {
    ...(title ? { title } : {}),
    titleBlocks,
    ...(genre ? { genre } : {}),
    ...(direction ? { direction } : {}),
    blocks,
    byRole(role) {
      let list = byRoleCache.get(role);
      if (!list) byRoleCache.set(role, (list = blocks.filter((b) => b.role === role)));
      return list;
    },
  };
}
