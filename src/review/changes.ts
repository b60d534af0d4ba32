/**
 * What a change did to a tree, file by file: renames, and which lines changed — in the numbering
 * of git's `--unified=0` hunks, whatever produced them (`git diff`, or patches applied in memory).
 * The review asks it two questions: where a base file and line are in the head tree, and whether
 * the change touched a span of head lines.
 */
import type { FileDiff } from './unified-diff.js';

/**
 * A block of changed lines: `oldLines` base lines from `oldStart` became `newLines` head lines from
 * `newStart`. A pure insertion (`oldLines` 0) comes after base line `oldStart`; a pure deletion
 * (`newLines` 0) sits after head line `newStart`.
 */
export interface LineRange {
  readonly oldStart: number;
  readonly oldLines: number;
  readonly newStart: number;
  readonly newLines: number;
}

export interface FileChange {
  /** Path in the base tree; null for a file the change creates. */
  readonly oldPath: string | null;
  /** Path in the head tree; null for a file the change deletes. */
  readonly newPath: string | null;
  /** A copy leaves the file at `oldPath` in place. */
  readonly copy: boolean;
  /** The changed lines, in order; for created and deleted files every line counts as changed. */
  readonly ranges: readonly LineRange[];
}

export class TreeChanges {
  private readonly byNew = new Map<string, FileChange>();
  private readonly byOld = new Map<string, FileChange>();
  /** How many files the change created, modified, renamed, copied or deleted. */
  readonly size: number;

  constructor(changes: readonly FileChange[]) {
    this.size = changes.length;
    for (const c of changes) {
      // The first change recorded for a path wins (the workspace root before PACKAGES_PATH roots).
      if (c.newPath !== null && !this.byNew.has(c.newPath)) this.byNew.set(c.newPath, c);
      if (c.oldPath !== null && !c.copy && !this.byOld.has(c.oldPath)) this.byOld.set(c.oldPath, c);
    }
  }

  /** Changes from a parsed `git diff --unified=0`. */
  static fromDiff(files: readonly FileDiff[]): FileChange[] {
    return files.map((f) => ({
      oldPath: f.oldPath,
      newPath: f.newPath,
      copy: f.copy,
      ranges: f.hunks.map((h) => ({
        oldStart: h.oldStart,
        oldLines: h.oldLines,
        newStart: h.newStart,
        newLines: h.newLines,
      })),
    }));
  }

  /** Where a base file is in the head tree: its new name, itself if untouched, undefined if deleted. */
  headPathOf(basePath: string): string | undefined {
    const c = this.byOld.get(basePath);
    if (!c) return basePath;
    return c.newPath ?? undefined;
  }

  /**
   * Whether the change touched head lines `line`..`endLine` of a file: a line in the span was
   * added or rewritten, or lines were deleted between two lines of the span. Every line of a
   * created file counts as touched; a file the change left alone (or only renamed) is untouched.
   */
  touches(headPath: string, line: number, endLine: number): boolean {
    const c = this.byNew.get(headPath);
    if (!c) return false;
    if (c.oldPath === null) return true;
    const last = Math.max(line, endLine);
    return c.ranges.some((r) =>
      r.newLines > 0
        ? r.newStart <= last && r.newStart + r.newLines - 1 >= line
        : r.newStart >= line && r.newStart < last,
    );
  }

  /** A base line's place in the head tree (a changed line maps to the start of its replacement). */
  mapLine(basePath: string, line: number): { path: string; line: number } | undefined {
    const path = this.headPathOf(basePath);
    if (path === undefined) return undefined;
    const c = this.byOld.get(basePath);
    if (!c) return { path, line };
    let delta = 0;
    for (const r of c.ranges) {
      if (r.oldLines === 0) {
        if (line > r.oldStart) delta += r.newLines;
        continue;
      }
      const oldEnd = r.oldStart + r.oldLines - 1;
      if (line > oldEnd) delta += r.newLines - r.oldLines;
      else if (line >= r.oldStart)
        return { path, line: Math.max(1, r.newLines > 0 ? r.newStart : r.newStart + 1) };
    }
    return { path, line: line + delta };
  }
}
