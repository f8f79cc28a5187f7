import type { GovDocument } from '../../document/types.js';
import { DocumentError, printable } from '../errors.js';
import { NO_TEXT_LAYER, pagedDocument } from './build.js';
import type { PagedPage, PagedRule, PagedRun } from './types.js';

/** Limits that keep a hostile PDF from taking unbounded time or memory. */
export interface PdfLimits {
  maxPages: number;
  /** Objects the cross-reference table may declare (its /Size). */
  maxObjects: number;
  /** Drawing operators on one page and in the whole document. */
  maxOperatorsPerPage: number;
  maxOperators: number;
}

export const DEFAULT_PDF_LIMITS: PdfLimits = {
  maxPages: 2000,
  maxObjects: 2_000_000,
  maxOperatorsPerPage: 1_000_000,
  maxOperators: 20_000_000,
};

type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjsPromise: Promise<Pdfjs> | undefined;

/**
 * pdf.js, loaded with the first PDF only. Its Node build polyfills DOMMatrix, ImageData and Path2D for rendering from an
 * optional canvas package and warns on the console when that is absent; reading text and drawing operators needs none
 * of them, so an empty DOMMatrix (which the display layer constructs at load) stands in and the warnings are kept off
 * the user's terminal.
 */
function loadPdfjs(): Promise<Pdfjs> {
  pdfjsPromise ??= (async () => {
    const g = globalThis as { DOMMatrix?: unknown };
    if (!g.DOMMatrix) g.DOMMatrix = class DOMMatrix {};
    const warn = console.warn;
    console.warn = () => {};
    try {
      return await import('pdfjs-dist/legacy/build/pdf.mjs');
    } catch (e) {
      // An install without the optional PDF library (an editor extension that ships the server alone) says so once
      // per file instead of failing as a bug; the next PDF tries again.
      pdfjsPromise = undefined;
      throw new DocumentError(
        'unsupported-format',
        `读取 PDF 需要 pdfjs-dist 库，但未能加载（${printable(String((e as Error)?.message ?? e), 120)}） / reading PDF needs the pdfjs-dist package`,
      );
    } finally {
      console.warn = warn;
    }
  })();
  return pdfjsPromise;
}

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
const mul = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];
const apply = (m: Matrix, x: number, y: number): [number, number] => [
  m[0] * x + m[2] * y + m[4],
  m[1] * x + m[3] * y + m[5],
];

/** The trailer's declared object count, read from the file's last 64 KB (where the trailer or xref stream sits). */
function declaredObjects(bytes: Uint8Array): number {
  const tail = new TextDecoder('latin1').decode(bytes.subarray(Math.max(0, bytes.length - 65536)));
  let max = 0;
  for (const m of tail.matchAll(/\/Size\s+(\d{1,12})/g)) max = Math.max(max, Number(m[1]));
  return max;
}

function pdfError(e: unknown): DocumentError {
  if (e instanceof DocumentError) return e;
  const name = (e as { name?: string })?.name;
  const msg = printable(String((e as Error)?.message ?? e), 160);
  if (name === 'PasswordException')
    return new DocumentError(
      'encrypted',
      'PDF 文件已加密（需要打开密码），无法读取；请提供未加密的文件 / the PDF is encrypted with an open password',
    );
  if (name === 'InvalidPDFException')
    return new DocumentError('corrupt-pdf', `PDF 文件已损坏或不完整（${msg}） / corrupt or truncated PDF`);
  return new DocumentError('corrupt-pdf', `无法读取 PDF 文件（${msg}） / the PDF cannot be read`);
}

/**
 * Reads a PDF through pdf.js: text runs with their positions (pdf.js's text content, which handles the text state),
 * and from the page's operator list the fill colours and fonts the runs are shown in and the rules drawn (thin filled
 * rectangles and stroked straight lines).
 */
export async function readPdf(bytes: Uint8Array, limits: PdfLimits = DEFAULT_PDF_LIMITS): Promise<GovDocument> {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  if (!head.includes('%PDF-')) {
    throw new DocumentError('not-a-pdf', '不是 PDF 文件（缺少 %PDF- 文件头） / not a PDF file (no %PDF- header)');
  }
  const objects = declaredObjects(bytes);
  if (objects > limits.maxObjects) {
    throw new DocumentError(
      'too-many-objects',
      `PDF 对象过多（${objects} 个，上限 ${limits.maxObjects}） / too many objects in the PDF`,
    );
  }
  const pdfjs = await loadPdfjs();
  const task = pdfjs.getDocument({
    // pdf.js takes ownership of the buffer it is given and refuses a Node Buffer: hand it a plain copy.
    data: new Uint8Array(bytes),
    verbosity: pdfjs.VerbosityLevel.ERRORS,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
  });
  let doc: Awaited<typeof task.promise> | undefined;
  try {
    doc = await task.promise.catch((e) => {
      throw pdfError(e);
    });
    if (doc.numPages > limits.maxPages) {
      throw new DocumentError(
        'too-many-pages',
        `PDF 页数过多（${doc.numPages} 页，上限 ${limits.maxPages} 页） / too many pages (${doc.numPages})`,
      );
    }
    const OPS = pdfjs.OPS;
    const pages: PagedPage[] = [];
    let operators = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n).catch((e) => {
        throw pdfError(e);
      });
      const viewport = page.getViewport({ scale: 1 });
      const vt = viewport.transform as Matrix;
      const ops = await page.getOperatorList().catch((e) => {
        throw pdfError(e);
      });
      operators += ops.fnArray.length;
      if (ops.fnArray.length > limits.maxOperatorsPerPage || operators > limits.maxOperators) {
        throw new DocumentError(
          'too-many-objects',
          `PDF 第 ${n} 页的绘制指令过多（上限每页 ${limits.maxOperatorsPerPage} 条、全文 ${limits.maxOperators} 条） / too many drawing operators`,
        );
      }
      // Colour and font of each shown string, in the order pdf.js also emits its text items.
      const shown: Array<{ font: string; color: string; chars: number }> = [];
      const rules: PagedRule[] = [];
      let images = 0;
      let fill = '#000000';
      let stroke = '#000000';
      let lineWidth = 1;
      let ctm: Matrix = IDENTITY;
      let font = '';
      const stack: Array<{ fill: string; stroke: string; lineWidth: number; ctm: Matrix }> = [];
      const { fnArray, argsArray } = ops;
      for (let i = 0; i < fnArray.length; i++) {
        const fn = fnArray[i];
        const args = argsArray[i] as unknown[];
        switch (fn) {
          case OPS.save:
            stack.push({ fill, stroke, lineWidth, ctm });
            break;
          case OPS.restore: {
            const s = stack.pop();
            if (s) ({ fill, stroke, lineWidth, ctm } = s);
            break;
          }
          case OPS.paintFormXObjectBegin:
            stack.push({ fill, stroke, lineWidth, ctm });
            if (Array.isArray(args?.[0]) && (args[0] as number[]).length === 6) ctm = mul(ctm, args[0] as Matrix);
            break;
          case OPS.paintFormXObjectEnd: {
            const s = stack.pop();
            if (s) ({ fill, stroke, lineWidth, ctm } = s);
            break;
          }
          case OPS.transform:
            ctm = mul(ctm, args as unknown as Matrix);
            break;
          case OPS.setFillRGBColor:
            fill = String(args[0]);
            break;
          case OPS.setStrokeRGBColor:
            stroke = String(args[0]);
            break;
          case OPS.setLineWidth:
            lineWidth = Number(args[0]) || 0;
            break;
          case OPS.setFont:
            font = String(args[0]);
            break;
          case OPS.showText:
          case OPS.showSpacedText:
          case OPS.nextLineShowText:
          case OPS.nextLineSetSpacingShowText: {
            const glyphs = args[args.length - 1] as Array<{ unicode?: string } | number | null>;
            let chars = 0;
            if (Array.isArray(glyphs)) {
              for (const g of glyphs) if (g && typeof g === 'object' && g.unicode && g.unicode.trim()) chars++;
            }
            shown.push({ font, color: fill, chars });
            break;
          }
          case OPS.paintImageXObject:
          case OPS.paintInlineImageXObject:
          case OPS.paintImageXObjectRepeat:
          case OPS.paintInlineImageXObjectGroup:
            images++;
            break;
          case OPS.constructPath: {
            const paint = args[0];
            const box = args[2] as ArrayLike<number> | undefined;
            if (typeof paint !== 'number' || !box || box.length < 4) break;
            const stroked =
              paint === OPS.stroke ||
              paint === OPS.closeStroke ||
              paint === OPS.fillStroke ||
              paint === OPS.eoFillStroke ||
              paint === OPS.closeFillStroke ||
              paint === OPS.closeEOFillStroke;
            const filled = paint === OPS.fill || paint === OPS.eoFill || paint === OPS.rawFillPath;
            if (!stroked && !filled) break;
            const m = mul(vt, ctm);
            const [ax, ay] = apply(m, box[0]!, box[1]!);
            const [bx, by] = apply(m, box[2]!, box[3]!);
            const x1 = Math.min(ax, bx);
            const x2 = Math.max(ax, bx);
            const y1 = Math.min(ay, by);
            const y2 = Math.max(ay, by);
            const scale = Math.hypot(m[0], m[1]);
            const thickness = stroked && !filled ? lineWidth * scale : y2 - y1;
            // A rule: long and thin, horizontal (the 分隔线, the 版记 lines).
            if (x2 - x1 >= 20 && y2 - y1 <= 4 && thickness <= 6) {
              rules.push({
                x1: r2(x1),
                y1: r2(y1),
                x2: r2(x2),
                y2: r2(y2),
                thickness: r2(Math.max(thickness, stroked ? lineWidth * scale : 0)),
                color: stroked && !filled ? stroke : fill,
              });
            }
            break;
          }
        }
      }
      const content = await page.getTextContent({ disableNormalization: false }).catch((e) => {
        throw pdfError(e);
      });
      const styles = new Map<string, string | undefined>();
      const fontName = (loaded: string) => {
        if (!styles.has(loaded)) {
          let name: string | undefined;
          try {
            name = (page.commonObjs.get(loaded) as { name?: string } | undefined)?.name;
          } catch {
            name = undefined;
          }
          styles.set(loaded, name);
        }
        return styles.get(loaded);
      };
      // Colours follow the shown strings char by char; when pdf.js's text differs in length from the glyphs shown
      // (normalisation, missing Unicode), the match is off and no colour is given rather than a wrong one.
      const totalShown = shown.reduce((s, x) => s + x.chars, 0);
      let totalItems = 0;
      const items = content.items as Array<{ str?: string; transform?: number[]; width?: number; fontName?: string }>;
      for (const it of items) if (it.str) totalItems += countChars(it.str);
      const colours = Math.abs(totalShown - totalItems) <= Math.max(2, totalItems * 0.01);
      let seg = 0;
      let used = 0;
      const runs: PagedRun[] = [];
      for (const it of items) {
        if (!it.str || !it.transform) continue;
        const t = it.transform as Matrix;
        const chars = countChars(it.str);
        while (seg < shown.length && used >= shown[seg]!.chars) {
          used = 0;
          seg++;
        }
        const s = shown[seg];
        let remaining = chars;
        while (remaining > 0 && seg < shown.length) {
          const take = Math.min(remaining, shown[seg]!.chars - used);
          used += take;
          remaining -= take;
          if (remaining > 0) {
            seg++;
            used = 0;
          }
        }
        if (!it.str.trim()) continue;
        // Vertical text is not a 公文 layout; its runs still count as text, placed where they start.
        const [x, y] = apply(vt, t[4], t[5]);
        const size = Math.hypot(t[2], t[3]) || Math.hypot(t[0], t[1]);
        const sx = Math.hypot(vt[0], vt[1]);
        runs.push({
          text: it.str,
          x: r2(x),
          y: r2(y),
          width: r2((it.width ?? 0) * sx),
          size: r2(size * Math.hypot(vt[2], vt[3])),
          font: it.fontName ? fontName(it.fontName) : undefined,
          ...(colours && s ? { color: s.color } : {}),
        });
      }
      pages.push({ width: viewport.width, height: viewport.height, runs, rules, images });
      page.cleanup();
    }
    // pdf.js's own failures were turned into DocumentErrors where they occurred; anything else is a bug of ours.
    return pagedDocument({ format: 'pdf', pages });
  } finally {
    await task.destroy().catch(() => {});
  }
}

const r2 = (n: number) => Math.round(n * 100) / 100;
const countChars = (s: string) => {
  let n = 0;
  for (const c of s) if (c.trim()) n++;
  return n;
};

export { NO_TEXT_LAYER };
