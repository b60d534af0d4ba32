/**
 * The lines shown around a finding (like ESLint's and rustc's code frames), as data: the text
 * format draws them with a gutter, and any other format may draw them its own way.
 */

export interface FrameRow {
  /** 1-based line number, or null for the gap left where a long span is cut. */
  readonly lineNo: number | null;
  readonly text: string;
  /** The line belongs to the finding's span. */
  readonly marked: boolean;
}

export interface FrameOptions {
  /** Lines shown before and after the span. */
  readonly context?: number;
  /** A longer span shows its first and last lines around a gap. */
  readonly maxSpanLines?: number;
}

const DEFAULT_CONTEXT = 2;
const DEFAULT_MAX_SPAN_LINES = 6;

/**
 * Rows for lines `line`..`endLine` of `lines`, with context. Empty when the span lies outside the
 * file (a stale line number must not hide the finding itself, only its frame).
 */
export function codeFrame(
  lines: readonly string[],
  line: number,
  endLine: number,
  options: FrameOptions = {},
): FrameRow[] {
  const context = options.context ?? DEFAULT_CONTEXT;
  const maxSpan = Math.max(2, options.maxSpanLines ?? DEFAULT_MAX_SPAN_LINES);
  if (!Number.isInteger(line) || line < 1 || line > lines.length) return [];
  const last = Math.min(Math.max(endLine, line), lines.length);
  const rows: FrameRow[] = [];
  const push = (n: number, marked: boolean) => rows.push({ lineNo: n, text: lines[n - 1] ?? '', marked });

  for (let n = Math.max(1, line - context); n < line; n++) push(n, false);
  if (last - line + 1 <= maxSpan) {
    for (let n = line; n <= last; n++) push(n, true);
  } else {
    const head = Math.ceil(maxSpan / 2);
    const tail = maxSpan - head;
    for (let n = line; n < line + head; n++) push(n, true);
    rows.push({ lineNo: null, text: '', marked: true });
    for (let n = last - tail + 1; n <= last; n++) push(n, true);
  }
  for (let n = last + 1; n <= Math.min(lines.length, last + context); n++) push(n, false);
  return rows;
}
