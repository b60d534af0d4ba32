/**
 * A parser of unified diffs as git writes them — `git format-patch` mails, `git diff` output
 * (`--unified=0` too) and plain `diff -u` output — into one record per file with its hunks.
 *
 * The text is a `latin1` string: one character per byte, so that the bytes of a file survive the
 * trip through a patch unchanged whatever their encoding; paths are decoded as UTF-8 at the end.
 * Git's extended headers (new/deleted file, rename, copy, mode) are understood; binary changes are
 * recognised and flagged, not decoded.
 */

export type HunkLineKind = ' ' | '-' | '+';

export interface HunkLine {
  readonly kind: HunkLineKind;
  /** The line without its marker and without its `\n` (a `\r` stays: CRLF files keep it). */
  readonly text: string;
}

export interface Hunk {
  /** The `@@ … @@` line as written, for messages. */
  readonly header: string;
  readonly oldStart: number;
  readonly oldLines: number;
  readonly newStart: number;
  readonly newLines: number;
  readonly lines: readonly HunkLine[];
  /** `\ No newline at end of file` after the last old-side (or new-side) line. */
  readonly oldNoNewline: boolean;
  readonly newNoNewline: boolean;
}

export interface FileDiff {
  /** The path before, without its `a/` prefix; null when the diff creates the file. */
  readonly oldPath: string | null;
  /** The path after, without its `b/` prefix; null when the diff deletes the file. */
  readonly newPath: string | null;
  /** A copy keeps the source file; a rename does not. */
  readonly copy: boolean;
  /** A binary change (`Binary files … differ`, `GIT binary patch`): no hunks to apply. */
  readonly binary: boolean;
  readonly hunks: readonly Hunk[];
}

/** A line the parser could not make sense of, with its 1-based line number in the text. */
export interface DiffProblem {
  readonly line: number;
  readonly message: string;
}

export interface ParsedDiff {
  readonly files: readonly FileDiff[];
  readonly problems: readonly DiffProblem[];
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
const DEV_NULL = '/dev/null';

interface Draft {
  oldPath: string | null | undefined;
  newPath: string | null | undefined;
  headerOld?: string;
  headerNew?: string;
  /** The `---`/`+++` pair was seen: another one starts the next file of a plain diff. */
  sawNames: boolean;
  created: boolean;
  deleted: boolean;
  copy: boolean;
  binary: boolean;
  hunks: Hunk[];
}

/** Parse every file section of a unified diff; text outside file sections (mail prose) is skipped. */
export function parseUnifiedDiff(text: string): ParsedDiff {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const files: FileDiff[] = [];
  const problems: DiffProblem[] = [];
  let draft: Draft | undefined;
  const finish = (): void => {
    if (draft) {
      const f = finishDraft(draft);
      if (f) files.push(f);
    }
    draft = undefined;
  };

  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.startsWith('diff --git ')) {
      finish();
      draft = newDraft();
      const names = gitHeaderNames(line.slice('diff --git '.length));
      if (names) {
        draft.headerOld = stripPrefix(names[0]);
        draft.headerNew = stripPrefix(names[1]);
      }
      i++;
      continue;
    }
    if (line.startsWith('--- ') && lines[i + 1]?.startsWith('+++ ')) {
      // A `diff --git` section has one ---/+++ pair; a second pair starts a plain diff's next file.
      if (!draft || draft.sawNames || draft.hunks.length > 0) {
        finish();
        draft = newDraft();
      }
      draft.sawNames = true;
      draft.oldPath = headerPath(line.slice(4));
      draft.newPath = headerPath(lines[i + 1]!.slice(4));
      i += 2;
      continue;
    }
    if (draft && line.startsWith('@@ ')) {
      const read = readHunk(lines, i);
      if ('problem' in read) {
        problems.push({ line: i + 1, message: read.problem });
        i++;
      } else {
        draft.hunks.push(read.hunk);
        i = read.next;
      }
      continue;
    }
    if (draft && draft.hunks.length === 0) extendedHeader(draft, line);
    i++;
  }
  finish();
  return { files, problems };
}

function newDraft(): Draft {
  return {
    oldPath: undefined,
    newPath: undefined,
    sawNames: false,
    created: false,
    deleted: false,
    copy: false,
    binary: false,
    hunks: [],
  };
}

function extendedHeader(d: Draft, line: string): void {
  if (line.startsWith('new file mode ')) d.created = true;
  else if (line.startsWith('deleted file mode ')) d.deleted = true;
  else if (line.startsWith('rename from ')) d.oldPath = unquotePath(line.slice('rename from '.length));
  else if (line.startsWith('rename to ')) d.newPath = unquotePath(line.slice('rename to '.length));
  else if (line.startsWith('copy from ')) {
    d.oldPath = unquotePath(line.slice('copy from '.length));
    d.copy = true;
  } else if (line.startsWith('copy to ')) d.newPath = unquotePath(line.slice('copy to '.length));
  else if (line === 'GIT binary patch' || (line.startsWith('Binary files ') && line.endsWith(' differ')))
    d.binary = true;
}

function finishDraft(d: Draft): FileDiff | undefined {
  let oldPath = d.oldPath === undefined ? (d.created ? null : d.headerOld) : d.oldPath;
  let newPath = d.newPath === undefined ? (d.deleted ? null : d.headerNew) : d.newPath;
  if (d.created) oldPath = null;
  if (d.deleted) newPath = null;
  if (oldPath === undefined || newPath === undefined || (oldPath === null && newPath === null))
    return undefined;
  return {
    oldPath: oldPath === null ? null : utf8Path(oldPath),
    newPath: newPath === null ? null : utf8Path(newPath),
    copy: d.copy,
    binary: d.binary,
    hunks: d.hunks,
  };
}

/** Read one hunk from its `@@` line: its lines by the counts of the header. */
function readHunk(lines: readonly string[], at: number): { hunk: Hunk; next: number } | { problem: string } {
  const header = lines[at]!;
  const m = HUNK_HEADER.exec(header);
  if (!m) return { problem: `malformed hunk header ${JSON.stringify(header)}` };
  const oldStart = Number(m[1]);
  const oldLines = m[2] === undefined ? 1 : Number(m[2]);
  const newStart = Number(m[3]);
  const newLines = m[4] === undefined ? 1 : Number(m[4]);
  const out: HunkLine[] = [];
  let oldLeft = oldLines;
  let newLeft = newLines;
  let oldNoNewline = false;
  let newNoNewline = false;
  let i = at + 1;
  let last: HunkLineKind | undefined;
  while (i < lines.length && (oldLeft > 0 || newLeft > 0 || lines[i]!.startsWith('\\'))) {
    const line = lines[i]!;
    const c = line[0];
    if (c === '\\') {
      // `\ No newline at end of file` belongs to the line before it.
      if (last === '-' || last === ' ') oldNoNewline = true;
      if (last === '+' || last === ' ') newNoNewline = true;
      i++;
      if (oldLeft === 0 && newLeft === 0) break;
      continue;
    }
    // An empty line is an empty context line whose leading space a mailer dropped.
    const kind: HunkLineKind | undefined =
      line === '' ? ' ' : c === ' ' || c === '-' || c === '+' ? c : undefined;
    if (kind === undefined) break;
    if ((kind !== '+' && oldLeft === 0) || (kind !== '-' && newLeft === 0)) break;
    out.push({ kind, text: line.slice(1) });
    if (kind !== '+') oldLeft--;
    if (kind !== '-') newLeft--;
    last = kind;
    i++;
  }
  if (oldLeft > 0 || newLeft > 0)
    return { problem: `hunk ${header} ends early (${oldLeft} old and ${newLeft} new lines missing)` };
  return {
    hunk: { header, oldStart, oldLines, newStart, newLines, lines: out, oldNoNewline, newNoNewline },
    next: i,
  };
}

/** The two names of a `diff --git a/X b/Y` line, prefixes kept; undefined when ambiguous. */
function gitHeaderNames(rest: string): [string, string] | undefined {
  if (rest.startsWith('"')) {
    const first = readQuoted(rest);
    if (!first) return undefined;
    const second = rest.slice(first.end).trimStart();
    return [first.value, second.startsWith('"') ? (readQuoted(second)?.value ?? second) : second];
  }
  const quoted = rest.indexOf(' "');
  if (quoted > 0) {
    const second = readQuoted(rest.slice(quoted + 1));
    return second ? [rest.slice(0, quoted), second.value] : undefined;
  }
  // Unquoted names with spaces are ambiguous; git's own rule: both sides name the same path.
  if ((rest.length - 1) % 2 === 0) {
    const half = (rest.length - 1) / 2;
    const a = rest.slice(0, half);
    const b = rest.slice(half + 1);
    if (rest[half] === ' ' && stripPrefix(a) === stripPrefix(b)) return [a, b];
  }
  const parts = rest.split(' ');
  return parts.length === 2 ? [parts[0]!, parts[1]!] : undefined;
}

/** The path of a `---`/`+++` line: null for /dev/null, prefix stripped, timestamp dropped. */
function headerPath(raw: string): string | null {
  let p: string;
  if (raw.startsWith('"')) p = readQuoted(raw)?.value ?? raw;
  else {
    const tab = raw.indexOf('\t');
    p = (tab < 0 ? raw : raw.slice(0, tab)).replace(/\r$/, '');
  }
  if (p === DEV_NULL) return null;
  return stripPrefix(p);
}

function stripPrefix(p: string): string {
  // `-p1`: drop the first component, whatever it is (a/, b/, or a mnemonic prefix like i/ w/).
  const slash = p.indexOf('/');
  return slash < 0 ? p : p.slice(slash + 1);
}

/** A path after `rename from` and the like: quoted or not, never prefixed. */
function unquotePath(raw: string): string {
  const value = raw.replace(/\r$/, '');
  return value.startsWith('"') ? (readQuoted(value)?.value ?? value) : value;
}

const ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '"': '"',
  '\\': '\\',
};

/** A C-style quoted string as git writes odd paths (octal escapes are bytes). */
function readQuoted(s: string): { value: string; end: number } | undefined {
  let out = '';
  for (let i = 1; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"') return { value: out, end: i + 1 };
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = s[i + 1];
    if (next === undefined) return undefined;
    if (/[0-7]/.test(next)) {
      const oct = /^[0-7]{1,3}/.exec(s.slice(i + 1))![0];
      out += String.fromCharCode(Number.parseInt(oct, 8) & 0xff);
      i += oct.length;
    } else {
      out += ESCAPES[next] ?? next;
      i++;
    }
  }
  return undefined;
}

/** A path's bytes (one per character) read as UTF-8. */
function utf8Path(latin1: string): string {
  return Buffer.from(latin1, 'latin1').toString('utf8');
}
