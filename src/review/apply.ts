/**
 * Applies a patch series to a tree in memory, as `git apply` would to a checkout — the tree itself
 * is only read. Hunks must match exactly (a hunk may sit at another line than its header says, as
 * git allows; a line may differ only by a CR, so CRLF files and mail transport that ate or added
 * CRs still apply). Every line remembers which base line it came from, so that afterwards the
 * series' net change comes out as `--unified=0` line ranges, renames included.
 */
import { type Diagnostic, DiagnosticCode } from '../diagnostics.js';
import type { FileChange, LineRange } from './changes.js';
import type { PatchMessage } from './mbox.js';
import { type FileDiff, type Hunk, parseUnifiedDiff } from './unified-diff.js';

/** A patch that does not apply; the message names the patch, the file, the hunk and the line. */
export class PatchApplyError extends Error {
  override readonly name = 'PatchApplyError';
}

interface TrackedLine {
  /** `latin1` text without the `\n` (a CR stays). */
  readonly text: string;
  /** The base line it is, 1-based; 0 for a line a patch added. */
  readonly base: number;
}

interface TrackedFile {
  /** The base file these lines descend from; null for a file a patch created. */
  readonly origin: string | null;
  /** Lines in the origin file, for the deletions after the last surviving line. */
  readonly originLines: number;
  lines: TrackedLine[];
  finalNewline: boolean;
}

export interface PatchedTree {
  /** New contents of every file the series changed; null for a deleted file. */
  readonly contents: ReadonlyMap<string, Uint8Array | null>;
  /** The net change of the series against the tree it was applied to. */
  readonly changes: readonly FileChange[];
  /** Changes that could not be applied in memory but need not stop the review (binary files). */
  readonly diagnostics: readonly Diagnostic[];
}

export class PatchSeries {
  /** Files the series has written so far; null for deleted ones. */
  private readonly files = new Map<string, TrackedFile | null>();
  /** Base files deleted or renamed away: the deletions of the net change. */
  private readonly gone = new Set<string>();
  private readonly diagnostics: Diagnostic[] = [];
  private applied = 0;

  /** `read` gives a file of the tree the series applies to (paths relative to where it applies). */
  constructor(private readonly read: (path: string) => Uint8Array | undefined) {}

  /** Apply one message's diff; a message without one (a cover letter) changes nothing. */
  apply(message: PatchMessage): void {
    const parsed = parseUnifiedDiff(message.body);
    const name = patchName(message);
    if (parsed.problems.length > 0) {
      const p = parsed.problems[0]!;
      throw new PatchApplyError(`${name} is malformed: ${p.message} (line ${p.line} of its diff)`);
    }
    for (const f of parsed.files) this.applyFile(f, name);
    if (parsed.files.length > 0) this.applied++;
  }

  /** How many messages held a diff. */
  get appliedCount(): number {
    return this.applied;
  }

  result(): PatchedTree {
    const contents = new Map<string, Uint8Array | null>();
    const changes: FileChange[] = [];
    for (const [path, file] of this.files) {
      if (file === null) {
        contents.set(path, null);
        continue;
      }
      contents.set(path, encode(file));
      changes.push({
        oldPath: file.origin,
        newPath: path,
        copy: file.origin !== null && file.origin !== path && !this.gone.has(file.origin),
        ranges: file.origin === null ? [] : netRanges(file),
      });
    }
    for (const path of this.gone) {
      const stillThere = [...this.files.entries()].some(([p, f]) => f?.origin === path && p !== path);
      if (!stillThere) changes.push({ oldPath: path, newPath: null, copy: false, ranges: [] });
    }
    return { contents, changes, diagnostics: this.diagnostics };
  }

  private current(path: string): TrackedFile | null | undefined {
    if (this.files.has(path)) return this.files.get(path) ?? null;
    const bytes = this.read(path);
    if (bytes === undefined) return undefined;
    const text = Buffer.from(bytes).toString('latin1');
    const parts = text.split('\n');
    const finalNewline = parts[parts.length - 1] === '';
    if (finalNewline) parts.pop();
    return {
      origin: path,
      originLines: parts.length,
      lines: parts.map((t, i) => ({ text: t, base: i + 1 })),
      finalNewline: finalNewline || text === '',
    };
  }

  private applyFile(f: FileDiff, name: string): void {
    const target = f.newPath ?? f.oldPath!;
    let file: TrackedFile;
    if (f.oldPath === null) {
      if (this.current(target)) throw new PatchApplyError(`${name}: ${target} already exists`);
      file = { origin: null, originLines: 0, lines: [], finalNewline: true };
    } else {
      const existing = this.current(f.oldPath);
      if (!existing) throw new PatchApplyError(`${name}: ${f.oldPath} does not exist in the tree`);
      file = { ...existing, lines: [...existing.lines] };
    }
    if (f.oldPath !== null && f.newPath !== null && f.oldPath !== f.newPath && this.current(f.newPath))
      throw new PatchApplyError(`${name}: cannot ${f.copy ? 'copy' : 'rename'} to ${f.newPath}: it exists`);

    if (f.binary && f.newPath !== null) {
      this.diagnostics.push({
        severity: 'warning',
        code: DiagnosticCode.FileNotText,
        file: target,
        message: `binary change not applied (${name}): ccguard does not read binary files`,
      });
    } else {
      applyHunks(
        file,
        f.hunks,
        (hunk, detail) =>
          new PatchApplyError(
            `${name} does not apply:\n  ${f.oldPath ?? target}, hunk ${hunk.header}\n${detail}`,
          ),
      );
    }

    if (f.newPath === null) {
      if (!f.binary && file.lines.length > 0)
        throw new PatchApplyError(`${name}: deleting ${f.oldPath} leaves ${file.lines.length} lines in it`);
      this.remove(f.oldPath!);
      return;
    }
    if (f.oldPath !== null && f.oldPath !== f.newPath && !f.copy) this.remove(f.oldPath);
    this.files.set(f.newPath, file);
  }

  private remove(path: string): void {
    this.files.set(path, null);
    if (this.read(path) !== undefined) this.gone.add(path);
  }
}

/** `0002-foo.patch "[PATCH 2/3] Foo: bar"`, with the message number inside an mbox. */
export function patchName(m: PatchMessage): string {
  const where = m.count > 1 ? `${m.file} (message ${m.index} of ${m.count})` : m.file;
  return `patch ${where} "${m.subject}"`;
}

function applyHunks(
  file: TrackedFile,
  hunks: readonly Hunk[],
  fail: (hunk: Hunk, detail: string) => PatchApplyError,
): void {
  let delta = 0;
  let floor = 0;
  for (const hunk of hunks) {
    const old = hunk.lines.filter((l) => l.kind !== '+').map((l) => l.text);
    const expected = Math.max(0, (hunk.oldLines === 0 ? hunk.oldStart : hunk.oldStart - 1) + delta);
    let at = findBlock(file.lines, old, expected, floor, exact);
    let loose = false;
    if (at < 0) {
      at = findBlock(file.lines, old, expected, floor, sameButCr);
      loose = at >= 0;
    }
    if (at < 0) throw fail(hunk, mismatch(file.lines, old, bestAlignment(file.lines, old, expected, floor)));
    const endsFile = at + old.length === file.lines.length;
    const cr = loose && file.lines.some((l) => l.text.endsWith('\r'));
    const replacement: TrackedLine[] = [];
    let k = at;
    for (const l of hunk.lines) {
      if (l.kind === ' ') replacement.push(file.lines[k++]!);
      else if (l.kind === '-') k++;
      else replacement.push({ text: loose ? withCr(l.text, cr) : l.text, base: 0 });
    }
    file.lines.splice(at, old.length, ...replacement);
    if (endsFile) {
      if (hunk.newNoNewline) file.finalNewline = false;
      else if (hunk.oldNoNewline || replacement.length > 0) file.finalNewline = true;
    }
    delta += replacement.length - old.length;
    floor = at + replacement.length;
  }
}

type LineEq = (fileLine: string, patchLine: string) => boolean;
const exact: LineEq = (a, b) => a === b;
const sameButCr: LineEq = (a, b) => stripCr(a) === stripCr(b);

/** The position nearest `expected` (at or after `floor`) where `block` matches, or -1. */
function findBlock(
  lines: readonly TrackedLine[],
  block: readonly string[],
  expected: number,
  floor: number,
  eq: LineEq,
): number {
  const last = lines.length - block.length;
  const matches = (at: number): boolean => block.every((b, i) => eq(lines[at + i]!.text, b));
  for (let d = 0; expected - d >= floor || expected + d <= last; d++) {
    if (expected + d >= floor && expected + d <= last && matches(expected + d)) return expected + d;
    if (d > 0 && expected - d >= floor && expected - d <= last && matches(expected - d)) return expected - d;
  }
  return -1;
}

/**
 * Where the hunk comes closest to matching: the place where most of its leading lines match (the
 * nearest to where it should be among equals), so the mismatch reported is the line that differs,
 * not an offset.
 */
function bestAlignment(
  lines: readonly TrackedLine[],
  block: readonly string[],
  expected: number,
  floor: number,
): number {
  let best = Math.max(floor, Math.min(expected, lines.length));
  let bestScore = -1;
  for (let at = floor; at <= lines.length; at++) {
    let score = 0;
    while (
      score < block.length &&
      at + score < lines.length &&
      sameButCr(lines[at + score]!.text, block[score]!)
    )
      score++;
    if (score > bestScore || (score === bestScore && Math.abs(at - expected) < Math.abs(best - expected))) {
      best = at;
      bestScore = score;
    }
  }
  return best;
}

/** What the patch expects at `at` and what the file has there, at the first line that differs. */
function mismatch(lines: readonly TrackedLine[], block: readonly string[], at: number): string {
  for (let i = 0; i < block.length; i++) {
    const have = lines[at + i]?.text;
    if (have === undefined || !sameButCr(have, block[i]!)) {
      return (
        `  first mismatch at line ${at + i + 1}:\n` +
        `    patch: ${show(block[i]!)}\n` +
        `    file:  ${have === undefined ? '(end of file)' : show(have)}`
      );
    }
  }
  return `  its lines are out of order with the hunks before it (expected at line ${at + 1})`;
}

function show(latin1: string): string {
  return JSON.stringify(Buffer.from(stripCr(latin1), 'latin1').toString('utf8'));
}

function stripCr(s: string): string {
  return s.endsWith('\r') ? s.slice(0, -1) : s;
}

function withCr(s: string, cr: boolean): string {
  return cr ? `${stripCr(s)}\r` : stripCr(s);
}

function encode(file: TrackedFile): Uint8Array {
  const body = file.lines.map((l) => l.text).join('\n');
  return Buffer.from(file.lines.length > 0 && file.finalNewline ? `${body}\n` : body, 'latin1');
}

/** The series' net change to one file as `--unified=0` ranges, from each line's base number. */
function netRanges(file: TrackedFile): LineRange[] {
  const ranges: LineRange[] = [];
  let prevBase = 0;
  let addedFrom = 0;
  let added = 0;
  const flush = (nextBase: number, headLine: number): void => {
    const deleted = nextBase - prevBase - 1;
    if (deleted > 0 || added > 0) {
      ranges.push({
        oldStart: deleted > 0 ? prevBase + 1 : prevBase,
        oldLines: deleted,
        newStart: added > 0 ? addedFrom : headLine - 1,
        newLines: added,
      });
    }
    added = 0;
  };
  file.lines.forEach((l, i) => {
    if (l.base === 0) {
      if (added === 0) addedFrom = i + 1;
      added++;
      return;
    }
    flush(l.base, i + 1);
    prevBase = l.base;
  });
  flush(file.originLines + 1, file.lines.length + 1);
  return ranges;
}
