/**
 * Maintainers.txt, read exactly as edk2's BaseTools/Scripts/GetMaintainer.py reads it:
 * - a section is a run of consecutive tag lines `F:`, `X:`, `L:`, `M:`, `R:`, `S:`, `T:`, `W:`
 *   written at column 0; any other line (blank, title, underline, indented text) ends it, and so
 *   does a tag line with an empty value. The preamble's tag descriptions are indented, so they
 *   form no section;
 * - a value is the rest of the line after the colon and any whitespace (trailing blanks kept);
 * - `F:`/`X:` patterns become regular expressions by pattern_to_regex: `.` is literal, `?` is one
 *   character, `*` is any run of characters including `/`; a trailing `/` covers the subtree; a
 *   trailing `*` stops at the next `/`; the match is anchored at the start only, so
 *   `F: OvmfPkg/Fdt` also covers `OvmfPkg/FdtFoo/x.c`. Other regex characters stay live, as in
 *   the script;
 * - `X:` exclusions apply only within their own section.
 * GetMaintainer.py knows sections by position only; ccguard also gives each one a title: the
 * closest line above it that is not an underline (`-----`), or '' when a blank or tag line
 * comes first.
 */
import { cmp, DiagnosticCode } from '../diagnostics.js';
import type { Workspace } from '../workspace/workspace.js';
import type { MaintainersEntry, MaintainersFile, MaintainersSection, MaintainersTag } from './model.js';

/** GetMaintainer.py's EXPRESSIONS: `^T:\s*(?P<value>.*?)\r*$`. */
const TAG_LINE = /^([FXLMRSTW]):\s*(.*?)\r*$/;
const INDENTED_TAG_LINE = /^\s+[FXLMRSTW]:/;
const UNDERLINE = /^\s*[-=]+\s*$/;
/** Any tag-like line, even indented or empty: a section right below one has no title of its own. */
const ANY_TAG_LINE = /^\s*[A-Z]:/;

/** Statuses GetMaintainer.py accepts without a warning. */
const QUIET_STATUSES = new Set(['Supported', 'Maintained']);

export function parseMaintainers(ws: Workspace, path = 'Maintainers.txt'): MaintainersFile | undefined {
  const file = ws.read(path);
  if (!file) return undefined;
  const lines = file.lines;
  const sections: MaintainersSection[] = [];
  let entries: MaintainersEntry[] = [];
  let start = 0;
  const close = (): void => {
    if (entries.length > 0) {
      sections.push({ title: titleAbove(lines, start), entries, origin: { file: path, line: start + 1 } });
    }
    entries = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const m = TAG_LINE.exec(line);
    if (!m) {
      if (sections.length + entries.length > 0 && INDENTED_TAG_LINE.test(line)) {
        report(ws, path, i, 'indented tag line is not a tag for GetMaintainer.py; it ends the section');
      }
      close();
      continue;
    }
    const [, tag, value] = m as unknown as [string, MaintainersTag, string];
    if (value === '') {
      report(ws, path, i, `empty ${tag}: entry ends the section (as in GetMaintainer.py)`);
      close();
      continue;
    }
    if ((tag === 'F' || tag === 'X') && patternRegex(value) === null) {
      report(ws, path, i, `${tag}: pattern ${value} is not a valid regular expression for GetMaintainer.py`);
    }
    if (entries.length === 0) start = i;
    entries.push({ tag, value, origin: { file: path, line: i + 1 } });
  }
  close();
  return { path: file.path, sections };
}

function report(ws: Workspace, file: string, index: number, message: string): void {
  ws.diagnostics.report({
    severity: 'warning',
    code: DiagnosticCode.MalformedLine,
    file,
    line: index + 1,
    message,
  });
}

function titleAbove(lines: readonly string[], start: number): string {
  for (let i = start - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (line.trim() === '' || ANY_TAG_LINE.test(line)) return '';
    if (!UNDERLINE.test(line)) return line.trim();
  }
  return '';
}

// ── patterns ──────────────────────────────────────────────────────────────

/** GetMaintainer.py's pattern_to_regex, character for character. */
export function patternToRegexSource(pattern: string): string {
  let p = pattern.replaceAll('.', '\\.').replaceAll('?', '.').replaceAll('*', '.*');
  if (p.endsWith('/')) p += '.*';
  else if (p.endsWith('.*')) p = `${p.slice(0, -2)}(?!.*?/.*?)`;
  return p;
}

const regexCache = new Map<string, RegExp | null>();

/** The compiled pattern (anchored at the start, like Python's re.match), or null if it does not compile. */
function patternRegex(pattern: string): RegExp | null {
  let re = regexCache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${patternToRegexSource(pattern)})`);
    } catch {
      re = null;
    }
    regexCache.set(pattern, re);
  }
  return re;
}

/** Whether an `F:`/`X:` pattern covers a workspace-relative path, as GetMaintainer.py decides it. */
export function matchesPattern(pattern: string, path: string): boolean {
  return patternRegex(pattern)?.test(path) ?? false;
}

/** GetMaintainer.py's path_in_section: some `F:` matches and no `X:` of the same section does. */
export function sectionCovers(section: MaintainersSection, path: string): boolean {
  let covered = false;
  for (const e of section.entries) {
    if (e.tag === 'F' && matchesPattern(e.value, path)) covered = true;
  }
  if (!covered) return false;
  return !section.entries.some((e) => e.tag === 'X' && matchesPattern(e.value, path));
}

/** Every section that covers the path, in file order. */
export function sectionsForPath(file: MaintainersFile, path: string): MaintainersSection[] {
  return file.sections.filter((s) => sectionCovers(s, path));
}

export interface PathRecipients {
  /** The sections whose M:/R:/L: entries were used (the `<default>` ones if none had an M:). */
  readonly sections: readonly MaintainersSection[];
  readonly maintainers: readonly string[];
  readonly reviewers: readonly string[];
  readonly lists: readonly string[];
  /** True when no covering section names a maintainer and the `<default>` sections were used. */
  readonly usedDefault: boolean;
  /** GetMaintainer.py's output set for this path: M:, R: and L: values, de-duplicated, sorted. */
  readonly addresses: readonly string[];
  /** `S:` statuses of the covering sections other than Supported/Maintained (the script warns). */
  readonly statusWarnings: readonly string[];
}

/**
 * GetMaintainer.py's get_maintainers for one path: M:, R: and L: entries of every covering
 * section; when none of them has an M: entry, those of the sections covering the pseudo-path
 * `<default>` instead (none in edk2, whose catch-all is `F: *`).
 */
export function recipientsForPath(file: MaintainersFile, path: string): PathRecipients {
  let sections = sectionsForPath(file, path);
  let usedDefault = false;
  if (!sections.some((s) => s.entries.some((e) => e.tag === 'M'))) {
    // The script adds the <default> sections' recipients to those already found.
    const fallback = sectionsForPath(file, '<default>').filter((s) => !sections.includes(s));
    sections = [...sections, ...fallback];
    usedDefault = true;
  }
  const values = (tag: MaintainersTag): string[] =>
    sections.flatMap((s) => s.entries.filter((e) => e.tag === tag).map((e) => e.value));
  const maintainers = values('M');
  const reviewers = values('R');
  const lists = values('L');
  const statusWarnings = sectionsForPath(file, path)
    .flatMap((s) => s.entries.filter((e) => e.tag === 'S').map((e) => e.value))
    .filter((s) => !QUIET_STATUSES.has(s));
  const addresses = [...new Set([...maintainers, ...reviewers, ...lists])].sort(cmp);
  return { sections, maintainers, reviewers, lists, usedDefault, addresses, statusWarnings };
}
