/**
 * What every report format is a function of: one analysis run, already reduced to findings. The
 * formatters never read files or the environment, so the same input gives the same bytes.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { Finding, FindingSeverity, RuleMeta } from '../rules/types.js';

export interface ToolInfo {
  readonly name: 'ccguard';
  readonly version: string;
  readonly informationUri?: string;
}

/** A finding a config suppression matched: reported as suppressed, never as a failure. */
export interface SuppressedFinding {
  readonly finding: Finding;
  /** The suppression's mandatory reason. */
  readonly reason: string;
}

/** A baseline entry that no finding of this run matched any more: the baseline can drop it. */
export interface StaleBaselineEntry {
  readonly ruleId: string;
  readonly path: string;
  readonly fingerprint: string;
  readonly message: string;
}

export interface ReportInput {
  readonly tool: ToolInfo;
  /** Shown in headers; never an absolute path in machine formats. */
  readonly rootLabel: string;
  /** Every rule known (the SARIF driver lists all of them, not only those with findings). */
  readonly rules: readonly RuleMeta[];
  /** Findings to report (neither suppressed nor baselined), sorted by path, line, rule id. */
  readonly findings: readonly Finding[];
  readonly suppressed?: readonly SuppressedFinding[];
  /** How many findings the baseline hid. */
  readonly baselined?: number;
  readonly staleBaseline?: readonly StaleBaselineEntry[];
  readonly diagnostics: readonly Diagnostic[];
  /** Source lines for code frames, from the Workspace; undefined when the file cannot be read. */
  readonly readLines: (path: string) => readonly string[] | undefined;
  /** The lowest severity that fails the run (`--fail-on`); `warning` when absent. */
  readonly failOn?: FindingSeverity;
  /** Present for `ccguard review`: the findings are those a change introduces or touches. */
  readonly review?: ReviewInfo;
}

/** What `ccguard review` adds to a report. */
export interface ReviewInfo {
  /** The change in words, e.g. `2ddacfb6b8d2..work tree` or `2 patches (series.mbox)`. */
  readonly change: string;
  /** Fingerprints of the findings the tree had before the change too; the other findings are new. */
  readonly touched: ReadonlySet<string>;
  /** Findings of the tree before the change that it removes; their paths and lines are the old ones. */
  readonly resolved: readonly Finding[];
  /** Findings the change left as they were (not reported). */
  readonly unchanged: number;
}

/** A reported finding's state in a review. */
export function reviewState(review: ReviewInfo, f: Finding): 'new' | 'touched' {
  return review.touched.has(f.fingerprint) ? 'touched' : 'new';
}

/** The `--fail-on` default: warnings and errors fail a run, info findings only inform. */
export const DEFAULT_FAIL_ON: FindingSeverity = 'warning';
