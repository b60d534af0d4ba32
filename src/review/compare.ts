/**
 * Which findings a change introduces, touches and resolves: the findings of the tree before the
 * change (base) matched with those after it (head).
 *
 * 1. Same fingerprint: the same problem in the same code, wherever the change moved it (the
 *    fingerprint holds neither line numbers nor, for most rules, the path). Among several base
 *    findings with that fingerprint, the one whose file maps to the head finding's file and whose
 *    line maps nearest wins. The pair is *touched* when the change touched the head span's lines
 *    (TreeChanges.touches) — possible with the same fingerprint when the edit only re-indented or
 *    re-wrapped the code — and otherwise *unchanged* and not reported.
 * 2. Same rule, same key, same file (through renames), other fingerprint: the same problem whose
 *    code the change edited — *touched*. Pairs whose spans overlap (base lines mapped through the
 *    diff) are made first, then the nearest remaining ones.
 * 3. Head findings still unpaired are *new*; base findings still unpaired are *resolved*.
 */
import type { Finding } from '../rules/types.js';
import type { TreeChanges } from './changes.js';

export interface Comparison {
  /** Head findings the base did not have. */
  readonly fresh: readonly Finding[];
  /** Head findings the base had too, whose code the change touched. */
  readonly touched: readonly Finding[];
  /** Base findings the head no longer has (base paths and lines). */
  readonly resolved: readonly Finding[];
  /** Head findings the change left as they were. */
  readonly unchanged: number;
}

export function compareFindingSets(
  base: readonly Finding[],
  head: readonly Finding[],
  changes: TreeChanges,
): Comparison {
  const mapped = new Map<Finding, { path: string; line: number; endLine: number } | undefined>();
  const where = (b: Finding) => {
    if (!mapped.has(b)) {
      const start = changes.mapLine(b.path, b.line);
      const end = changes.mapLine(b.path, b.endLine);
      mapped.set(
        b,
        start && { path: start.path, line: start.line, endLine: Math.max(start.line, end?.line ?? 0) },
      );
    }
    return mapped.get(b);
  };
  const distance = (b: Finding, h: Finding): number => {
    const m = where(b);
    return m && m.path === h.path ? Math.abs(m.line - h.line) : Number.MAX_SAFE_INTEGER;
  };
  const overlaps = (b: Finding, h: Finding): boolean => {
    const m = where(b);
    return m !== undefined && m.path === h.path && m.line <= h.endLine && h.line <= m.endLine;
  };

  const byFingerprint = new Map<string, Finding[]>();
  for (const b of base) {
    const list = byFingerprint.get(b.fingerprint);
    if (list) list.push(b);
    else byFingerprint.set(b.fingerprint, [b]);
  }
  const touched: Finding[] = [];
  let unchanged = 0;
  const unpairedHead: Finding[] = [];
  for (const h of head) {
    const candidates = byFingerprint.get(h.fingerprint);
    const b = candidates && takeNearest(candidates, (c) => distance(c, h));
    if (!b) unpairedHead.push(h);
    else if (changes.touches(h.path, h.line, h.endLine)) touched.push(h);
    else unchanged++;
  }

  const left = [...byFingerprint.values()].flat();
  const sameProblem = (b: Finding, h: Finding): boolean =>
    b.ruleId === h.ruleId && b.key === h.key && where(b)?.path === h.path;
  const paired = new Set<Finding>();
  for (const pass of [overlaps, () => true]) {
    for (const h of unpairedHead) {
      if (paired.has(h)) continue;
      const candidates = left.filter((b) => sameProblem(b, h) && pass(b, h));
      const b = takeNearest(candidates, (c) => distance(c, h));
      if (!b) continue;
      left.splice(left.indexOf(b), 1);
      paired.add(h);
      touched.push(h);
    }
  }
  return {
    fresh: unpairedHead.filter((h) => !paired.has(h)),
    touched,
    resolved: left,
    unchanged,
  };
}

/** Remove and return the element with the smallest score (the first of equals), if any. */
function takeNearest<T>(list: T[], score: (item: T) => number): T | undefined {
  if (list.length === 0) return undefined;
  let best = 0;
  for (let i = 1; i < list.length; i++) if (score(list[i]!) < score(list[best]!)) best = i;
  return list.splice(best, 1)[0];
}
