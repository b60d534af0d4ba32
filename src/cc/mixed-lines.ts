/**
 * How ccguard counts mixed code, in the map (spots, functions, files, modules) and in the
 * inline-cc-logic finding alike: the lines of inline spots that hold code. Blank lines and lines
 * that hold only a comment (masked to spaces in the scanned text) do not count; a brace, a label
 * or a preprocessor line inside the span does, as part of the construct.
 */
export interface LineSpan {
  readonly line: number;
  readonly endLine: number;
}

/** The code lines of the spans, each counted once. `codeLines` is the comment-masked text. */
export function mixedLineSet(
  spans: Iterable<LineSpan>,
  codeLines: readonly string[] | undefined,
): Set<number> {
  const out = new Set<number>();
  for (const s of spans) {
    for (let l = s.line; l <= s.endLine; l++) if (holdsCode(codeLines?.[l - 1])) out.add(l);
  }
  return out;
}

function holdsCode(line: string | undefined): boolean {
  return line !== undefined && line.trim() !== '';
}
