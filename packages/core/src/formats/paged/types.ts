/**
 * A printed document as its pages show it (PDF, OFD): text runs and drawn rules with positions in points, measured
 * from the top-left corner of the page. Readers of fixed-layout formats produce it; one builder turns it into a
 * GovDocument, so both formats read alike.
 */
export interface PagedRun {
  text: string;
  /** Left end of the run's baseline, in points from the page's left and top edges. */
  x: number;
  y: number;
  /** Advance width in points. */
  width: number;
  /** Font size (em height) in points. */
  size: number;
  /** The embedded font's name, subset prefix (`ABCDEF+`) removed. */
  font?: string;
  /** Fill colour, `#rrggbb`. */
  color?: string;
}

/** A straight line or thin filled rectangle drawn on the page (a 分隔线, a 版记 rule). */
export interface PagedRule {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** Line width (stroke) or rectangle height (fill), in points. */
  thickness: number;
  color?: string;
}

export interface PagedPage {
  /** Page size in points (after rotation). */
  width: number;
  height: number;
  runs: PagedRun[];
  rules: PagedRule[];
  /** Raster images drawn on the page (a scanned page has images and no text). */
  images: number;
}

export interface PagedSource {
  format: 'pdf' | 'ofd';
  pages: PagedPage[];
}

/** One printed line as rebuilt from runs, kept for the geometry rules. */
export interface PagedLine {
  /** 0-based page. */
  page: number;
  /** 1-based line on the page, counting every printed line (headers and page numbers too). */
  pageLine: number;
  /** Baseline, left and right ends, in points. */
  y: number;
  x0: number;
  x1: number;
  /** Largest font size on the line. */
  size: number;
  /** [start, end) of the line's text in GovDocument.text. */
  start: number;
  end: number;
  /** The block the line belongs to. */
  block: number;
}

/** What fixed-layout readers keep for geometry rules, in GovDocument.extra.paged. */
export interface PagedLayoutInfo {
  format: 'pdf' | 'ofd';
  pages: Array<{ width: number; height: number; rules: PagedRule[]; images: number; hasText: boolean }>;
  lines: PagedLine[];
  /** Left and right edges of the body text (the most common line starts and ends), in points. */
  left?: number;
  right?: number;
  /** The usual distance between body baselines, in points. */
  pitch?: number;
}
