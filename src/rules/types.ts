/**
 * The rule framework, after ESLint: a rule is one module holding its metadata, its documentation
 * (what / why / failing example / passing example / fix, as ruff's rule docs) and a `check` that
 * reports findings through its context. Rules never print and never read files themselves.
 */

import type { AnalysisModel } from '../analysis/model.js';
import type { CcId, Evidence } from '../cc/model.js';

export type FindingSeverity = 'error' | 'warning' | 'info';

export const SEVERITY_RANK: Readonly<Record<FindingSeverity, number>> = { info: 0, warning: 1, error: 2 };

export interface RuleDocs {
  /** One sentence: what the rule checks. */
  readonly summary: string;
  /** What it does, in a paragraph (Markdown). */
  readonly what: string;
  /** Why a departure matters (Markdown), tied to the spec or to a real edk2 bug. */
  readonly why: string;
  /** A small example that fails (Markdown, usually a code block). */
  readonly failing: string;
  /** The same example written so that it passes. */
  readonly passing: string;
  /** How to fix a finding. */
  readonly fix: string;
}

export interface RuleMeta {
  /** Stable id, `<area>/<name>`: users write it in configs, suppressions and baselines. */
  readonly id: string;
  readonly title: string;
  /** Section of the 2021 CC design (rfc-cc-ovmf-2021-07), e.g. `1.1`, `3.2.A`; `—` for rules beyond it. */
  readonly specSection: string;
  readonly defaultSeverity: FindingSeverity;
  readonly docs: RuleDocs;
  /** JSON Schema of the rule's options (an object schema), if it takes any. */
  readonly optionsSchema?: Readonly<Record<string, unknown>>;
  /** Default option values; the config's options are merged over them. */
  readonly defaultOptions?: Readonly<Record<string, unknown>>;
}

/** A finding as a rule reports it; the framework adds the rule id and severity. */
export interface ReportedFinding {
  /** The CC technology concerned, or null for a finding about CC in general. */
  readonly cc: CcId | null;
  /** Workspace-relative path with `/`. */
  readonly path: string;
  readonly line: number;
  readonly endLine: number;
  readonly message: string;
  /** What made ccguard decide: touchpoints, DSC references, names. Never empty. */
  readonly evidence: readonly [Evidence, ...Evidence[]];
  /** What to do about it: where to move it, what to name it, which hook to extract. */
  readonly fix: string;
  /**
   * A severity for this finding below the rule's default, for advisory cases of a rule (the
   * config's severity for the rule still wins when set).
   */
  readonly severity?: FindingSeverity;
  /**
   * Text that identifies the finding independently of line numbers (a function name, a module
   * path and class): the basis of the fingerprint that baselines and reviews match on.
   */
  readonly key: string;
}

export interface Finding extends ReportedFinding {
  readonly ruleId: string;
  readonly severity: FindingSeverity;
  /** Stable across line moves and, where the code is the same, renames: `ruleId` + `key` + content. */
  readonly fingerprint: string;
}

export interface RuleContext {
  readonly model: AnalysisModel;
  /** The rule's options: defaults merged with the config's. */
  readonly options: Readonly<Record<string, unknown>>;
  report(finding: ReportedFinding): void;
}

export interface Rule {
  readonly meta: RuleMeta;
  check(context: RuleContext): void;
}
