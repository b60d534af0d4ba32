/**
 * The figures every format shows — counts by rule, severity and CC technology — and the one order
 * in which every format lists findings, so that the formats agree with each other.
 */
import { cmp } from '../diagnostics.js';
import type { Finding, FindingSeverity } from '../rules/types.js';
import { SEVERITY_RANK } from '../rules/types.js';
import type { StaleBaselineEntry } from './input.js';

/** Severities from the most to the least severe: the column order of every table. */
export const SEVERITIES: readonly FindingSeverity[] = ['error', 'warning', 'info'];

/** The label of findings about CC in general (`cc: null`), in tables and summaries. */
export const GENERAL_CC = 'general';

export type SeverityCounts = Record<FindingSeverity, number>;

export interface Tally {
  readonly total: number;
  readonly bySeverity: SeverityCounts;
  /** Rule id → counts, keys in byte order. */
  readonly byRule: ReadonlyMap<string, SeverityCounts>;
  /** CC technology (or `general`) → counts, keys in byte order. */
  readonly byCc: ReadonlyMap<string, SeverityCounts>;
}

export function emptyCounts(): SeverityCounts {
  return { error: 0, warning: 0, info: 0 };
}

export function ccLabel(cc: string | null): string {
  return cc ?? GENERAL_CC;
}

export function tally(findings: readonly Finding[]): Tally {
  const bySeverity = emptyCounts();
  const byRule = new Map<string, SeverityCounts>();
  const byCc = new Map<string, SeverityCounts>();
  for (const f of findings) {
    bySeverity[f.severity]++;
    bump(byRule, f.ruleId, f.severity);
    bump(byCc, ccLabel(f.cc), f.severity);
  }
  return { total: findings.length, bySeverity, byRule: sortedMap(byRule), byCc: sortedMap(byCc) };
}

export function countOf(counts: SeverityCounts): number {
  return counts.error + counts.warning + counts.info;
}

export function failsAt(severity: FindingSeverity, failOn: FindingSeverity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[failOn];
}

/** Path, line, rule id, then everything else that tells two findings apart. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.path, b.path) ||
    a.line - b.line ||
    cmp(a.ruleId, b.ruleId) ||
    a.endLine - b.endLine ||
    cmp(a.message, b.message) ||
    cmp(a.fingerprint, b.fingerprint)
  );
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

export function sortStale(entries: readonly StaleBaselineEntry[]): StaleBaselineEntry[] {
  return [...entries].sort(
    (a, b) => cmp(a.path, b.path) || cmp(a.ruleId, b.ruleId) || cmp(a.fingerprint, b.fingerprint),
  );
}

/** `1 error`, `2 warnings`, `3 info`. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}

/** `5 findings (2 errors, 2 warnings, 1 info)`. */
export function findingsPhrase(t: Tally): string {
  const s = t.bySeverity;
  return `${plural(t.total, 'finding')} (${plural(s.error, 'error')}, ${plural(s.warning, 'warning')}, ${s.info} info)`;
}

function bump(map: Map<string, SeverityCounts>, key: string, severity: FindingSeverity): void {
  let counts = map.get(key);
  if (!counts) {
    counts = emptyCounts();
    map.set(key, counts);
  }
  counts[severity]++;
}

function sortedMap<V>(map: Map<string, V>): Map<string, V> {
  return new Map([...map.entries()].sort(([a], [b]) => cmp(a, b)));
}
